resource "terraform_data" "x" {
  input = format("%d", -9223372036854775808)
}
