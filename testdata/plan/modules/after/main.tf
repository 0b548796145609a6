# The staging instance goes (its whole module instance is not in the
# configuration any more), prod loses a route (count index out of range),
# dev's module instance is renamed with a moved block, the root resource
# moves into a new module, and the routes' team changes (updates in place).
variable "stages" {
  type = map(number)
  default = {
    development = 1
    prod        = 1
  }
}

module "core" {
  source = "./modules/core"
}

moved {
  from = terraform_data.root
  to   = module.core.terraform_data.root
}

moved {
  from = module.api["dev"]
  to   = module.api["development"]
}

module "api" {
  source   = "./modules/api"
  for_each = var.stages
  name     = each.key == "development" ? "dev" : each.key
  size     = each.value
  parent   = module.core.output
  tags     = { team = "edge" }

  depends_on = [module.core]
}

resource "terraform_data" "after" {
  input = module.api["development"].routes
}

output "names" {
  value = { for k, m in module.api : k => m.name }
}

output "routes" {
  value = module.api["prod"].routes
}
