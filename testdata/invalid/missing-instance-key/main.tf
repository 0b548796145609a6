resource "aws_api_gateway_rest_api" "api" {
  count = 2
  name  = "api-${count.index}"
}

resource "aws_api_gateway_resource" "r" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api[0].root_resource_id
  path_part   = "x"
}
