resource "terraform_data" "api" {
  input = "v1"
}
