# One resource forgotten (its object stays), one destroyed.
removed {
  from = terraform_data.a
  lifecycle {
    destroy = false
  }
}

removed {
  from = terraform_data.c
}

resource "terraform_data" "d" {
  input = "x"
}
