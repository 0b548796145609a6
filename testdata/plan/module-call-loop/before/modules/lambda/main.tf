variable "name" {
  type = string
}

variable "api_arn" {
  type = string
}

resource "terraform_data" "function" {
  input = "fn-${var.name}"
}

resource "terraform_data" "permission" {
  input = "${var.api_arn} may call ${terraform_data.function.output}"
}

output "invoke_arn" {
  value = "invoke:${terraform_data.function.output}"
}

output "permission" {
  value = terraform_data.permission.output
}
