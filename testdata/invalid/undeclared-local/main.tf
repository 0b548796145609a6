locals {
  api_name = "orders"
}

resource "aws_api_gateway_rest_api" "api" {
  name = local.apiname
}
