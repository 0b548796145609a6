locals {
  a = "${local.b}-x"
  b = "${local.a}-y"
}

output "a" {
  value = local.a
}
