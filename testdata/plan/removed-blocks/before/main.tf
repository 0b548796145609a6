resource "terraform_data" "a" {
  input = "x"
}

resource "terraform_data" "c" {
  count = 2
  input = "x"
}

resource "terraform_data" "d" {
  input = "x"
}
