terraform {
  required_version = ">= 1.12.0"
}

resource "terraform_data" "x" {
  input = 1
}
