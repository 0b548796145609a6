locals {
  a = 1
  t = <<-EOT
    hello ${var.a} = x {
      indented
    EOT
  b = 2
  c = {
    k = 1
  }
  d      = 3
  policy = <<POLICY
{
  "a": "b"
}
POLICY
  ee     = 4
}
