variable "stage_name" {
  type = string
}

variable "routes" {
  type = list(string)
}

variable "settings" {
  type = object({
    throttle = optional(number, 100)
  })
  default = {}
}

resource "terraform_data" "api" {
  input = "${var.stage_name}:${var.settings.throttle}"
}

module "route" {
  source = "./modules/route"
  count  = length(var.routes)

  path   = var.routes[count.index]
  parent = terraform_data.api.output
}

output "invoke_url" {
  value = "https://${terraform_data.api.output}/${var.stage_name}"
}

output "route_paths" {
  value = module.route[*].path
}
