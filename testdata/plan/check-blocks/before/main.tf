resource "terraform_data" "d" {
  input = "x"
}
