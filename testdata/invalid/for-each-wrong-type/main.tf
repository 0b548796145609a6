resource "aws_api_gateway_rest_api" "api" {
  for_each = 3
  name     = "api-${each.key}"
}
