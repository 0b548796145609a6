variable "path" {
  type = string
}

resource "terraform_data" "path" {
  input = var.path
}

moved {
  from = terraform_data.r
  to   = terraform_data.path
}

output "path" {
  value = terraform_data.path.output
}
