# An API module per stage (for_each) holding a route module per path
# (count), a module that waits for a root resource (depends_on), and
# references to module outputs, whole instances and splats.
variable "stages" {
  type = map(number)
  default = {
    dev     = 1
    prod    = 2
    staging = 1
  }
}

resource "terraform_data" "root" {
  input = "root"
}

module "api" {
  source   = "./modules/api"
  for_each = var.stages
  name     = each.key
  size     = each.value
  parent   = terraform_data.root.output

  depends_on = [terraform_data.root]
}

resource "terraform_data" "after" {
  input = module.api["dev"].routes
}

output "names" {
  value = { for k, m in module.api : k => m.name }
}

output "routes" {
  value = module.api["prod"].routes
}
