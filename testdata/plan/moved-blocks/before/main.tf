resource "terraform_data" "a" {
  input = "x"
}

resource "terraform_data" "k" {
  input = "y"
}

resource "terraform_data" "list" {
  count = 2
  input = count.index
}

resource "terraform_data" "solo" {
  input = "s"
}
