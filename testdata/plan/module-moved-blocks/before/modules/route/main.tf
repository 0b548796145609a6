variable "path" {
  type = string
}

resource "terraform_data" "r" {
  input = var.path
}

output "path" {
  value = terraform_data.r.output
}
