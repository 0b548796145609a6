variable "stage_name" {
  type = string
}

variable "name" {
  type = string
}

resource "terraform_data" "api" {
  input = "${var.name}-${var.stage_name}"
}

output "invoke_url" {
  value = "https://${terraform_data.api.output}/${var.stage_name}"
}

output "broken" {
  value = local.undeclared
}
