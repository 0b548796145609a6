locals {
  a  = !var.x
  b  = !!var.y
  c  = provider::aws::arn_parse("x")
  c2 = core::jsonencode({ a = 1 })
  h  = var.a == !var.b
  i  = (!var.c)
  j  = !contains(["a"], "b") && !(1 > 2)
  d  = <<EOT
%{if true}a%{endif}%{if false}b%{endif}
%{~for x in [1]~}${x}%{endfor~}
EOT
  e  = "%{if var.a}x%{endif}%{if var.b}y%{endif}"
}
