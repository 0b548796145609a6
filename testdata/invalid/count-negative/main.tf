resource "aws_api_gateway_rest_api" "api" {
  count = -1
  name  = "api"
}
