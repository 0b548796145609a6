variable "path" {
  type = string
}

variable "parent" {
  type = string
}

resource "terraform_data" "route" {
  input = "${var.parent}/${var.path}"
}

output "path" {
  value = "/${var.path}"
}
