variable "stage_name" {
  type = string
}

variable "retries" {
  type    = number
  default = 3
}

resource "terraform_data" "api" {
  input = "${var.stage_name}-${var.retries}"
}

output "invoke_url" {
  value = "https://${terraform_data.api.output}/${local.undeclared}"
}
