resource "terraform_data" "a" {}

resource "terraform_data" "b" {
  count = 2
}

moved {
  from = terraform_data.old
  to   = terraform_data.a
}

moved {
  from = terraform_data.old
  to   = terraform_data.b[0]
}

moved {
  from = terraform_data.x
  to   = terraform_data.x
}

moved {
  from = terraform_data.z
  to   = terraform_data.b[1]
}

moved {
  from = terraform_data.k["a b"]
  to   = terraform_data.b[1]
}

