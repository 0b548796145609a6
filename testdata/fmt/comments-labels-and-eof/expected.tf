variable "a" {
  type = string
}

resource "aws_api_gateway_rest_api" "tab\there" /* kept */ {
  name /* note */ = var.a
  description     = "$${literal} %%{x}"
}

locals {
  x = var.a
  y = var.a == "" ? "none" : var.a
}
   
