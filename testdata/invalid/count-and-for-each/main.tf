resource "aws_api_gateway_rest_api" "api" {
  count    = 2
  for_each = { a = "x" }
  name     = "api"
}
