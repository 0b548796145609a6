# A known error after non-ASCII text: Neovim must place it at byte columns
# from the server's UTF-16 ones.
resource "aws_api_gateway_rest_api" "api" {
  name        = "commandes"
  description = "API des commandes — été ${var.saison}"
}

resource "aws_api_gateway_integration" "mock" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_rest_api.api.root_resource_id
  http_method = "GET"
  type        = "MOCKED"
}
