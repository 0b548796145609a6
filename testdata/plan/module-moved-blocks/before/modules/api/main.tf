variable "name" {
  type = string
}

resource "terraform_data" "old" {
  input = var.name
}

module "route" {
  source = "../route"
  count  = 2
  path   = "${var.name}/${count.index}"
}

output "routes" {
  value = module.route[*].path
}
