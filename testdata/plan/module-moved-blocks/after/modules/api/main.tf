variable "name" {
  type = string
}

resource "terraform_data" "this" {
  input = var.name
}

moved {
  from = terraform_data.old
  to   = terraform_data.this
}

module "routes" {
  source = "../route"
  count  = 2
  path   = "${var.name}/${count.index}"
}

moved {
  from = module.route
  to   = module.routes
}

output "routes" {
  value = module.routes[*].path
}
