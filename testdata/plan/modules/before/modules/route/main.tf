variable "path" {
  type = string
}

variable "team" {
  type = string
}

resource "terraform_data" "r" {
  input = {
    path = var.path
    team = var.team
  }
}

output "path" {
  value = terraform_data.r.output.path
}
