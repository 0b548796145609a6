# Results of a conditional must have a common type, whatever the
# condition: Terraform rejects these three, and accepts the last two
# (a tuple meets a list, objects of different attributes meet as a map).
variable "flag" {
  type    = bool
  default = true
}

resource "terraform_data" "tuple_or_object" {
  input = var.flag ? [1] : { a = 1 }
}

resource "terraform_data" "string_or_list" {
  input = var.flag ? "x" : ["y"]
}

resource "terraform_data" "objects" {
  input = var.flag ? { a = 1, b = [1] } : { c = 2 }
}

resource "terraform_data" "fine" {
  input = var.flag ? [] : tolist(["a"])
}

output "also_fine" {
  value = var.flag ? { a = { x = 1 } } : { b = { y = 2 } }
}
