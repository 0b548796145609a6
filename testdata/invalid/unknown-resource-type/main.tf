resource "aws_api_gateway_integratoin" "i" {
  type = "MOCK"
}
