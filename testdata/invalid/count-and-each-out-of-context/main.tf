resource "aws_api_gateway_rest_api" "api" {
  name        = "api-${count.index}"
  description = each.value
}
