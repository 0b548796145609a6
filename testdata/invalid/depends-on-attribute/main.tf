resource "terraform_data" "a" {
  count = 2
}

resource "terraform_data" "b" {
  depends_on = [terraform_data.a[0], terraform_data.a.id, terraform_data.a[1].output]
}
