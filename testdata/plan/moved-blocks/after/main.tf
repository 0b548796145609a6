# A rename with no other change, a rename with an update, an instance
# moved out of a counted resource, and a move whose source is gone.
resource "terraform_data" "b" {
  input = "x"
}

moved {
  from = terraform_data.a
  to   = terraform_data.b
}

resource "terraform_data" "k2" {
  input = "z"
}

moved {
  from = terraform_data.k
  to   = terraform_data.k2
}

resource "terraform_data" "list" {
  count = 1
  input = count.index
}

resource "terraform_data" "single" {
  input = 1
}

moved {
  from = terraform_data.list[1]
  to   = terraform_data.single
}

resource "terraform_data" "fresh" {
  input = "new"
}

moved {
  from = terraform_data.never_existed
  to   = terraform_data.fresh
}

# A resource that gains count: the object becomes its first instance.
resource "terraform_data" "many" {
  count = 2
  input = "s"
}

moved {
  from = terraform_data.solo
  to   = terraform_data.many[0]
}
