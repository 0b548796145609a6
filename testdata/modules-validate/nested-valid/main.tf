variable "stages" {
  type    = set(string)
  default = ["dev", "prod"]
}

resource "terraform_data" "shared" {
  input = "shared"
}

module "api" {
  source   = "./modules/api"
  for_each = var.stages

  stage_name = each.key
  routes     = ["pets", "owners"]
  depends_on = [terraform_data.shared]
}

output "urls" {
  value = { for k, m in module.api : k => m.invoke_url }
}

output "first_route" {
  value = module.api["dev"].route_paths[0]
}
