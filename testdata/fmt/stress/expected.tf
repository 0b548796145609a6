variable "a" {
  type    = string
  default = "x"
}
variable "b" {
  type = map(any)
}
locals {
  x = [for s in var.list : upper(s) if s != ""]
  y = { for k, v in var.m : k => v... }
  z = var.a == "x" ? -1 : 2 - 3
  w = "${var.a}-${var.b}"
  q = var.a
  list = [
    "a",
    "b", # comment
    "c"
  ]
  obj = {
    a     = 1 # one
    bbb   = 2 // two
    "c/d" = 3
  }
  t      = <<-EOT
    hello ${var.a}
      indented
    EOT
  neg    = -5
  idx    = var.list[0]
  splat  = aws_x.y[*].id
  fn     = format("%s-%s", "a", "b")
  nested = { a = { b = 1 } }
  empty  = {}
  tmpl   = "%{if var.a == "x"}yes%{else}no%{endif}"
  cond = (
    var.a == "x"
    ? 1
    : 2
  )
}

resource "aws_x" "y" {
  count = 2
  # leading comment
  name = "n-${count.index}"

  lifecycle {
    ignore_changes = [tags]
  }
  tags = {
    Name = "x"
    "é"  = "y"
  }
}
/* block
 comment */
output "o" { value = local.x }
