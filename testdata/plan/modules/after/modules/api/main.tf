variable "name" {
  type = string
}

variable "size" {
  type = number
}

variable "parent" {
  type = string
}

variable "tags" {
  type = object({
    team  = optional(string, "platform")
    owner = optional(string)
  })
  default = {}
}

resource "terraform_data" "this" {
  input = "${var.parent}/${var.name}"
}

module "route" {
  source = "../route"
  count  = var.size
  path   = "${terraform_data.this.output}/${count.index}"
  team   = var.tags.team
}

output "name" {
  value = var.name
}

output "routes" {
  value = module.route[*].path
}
