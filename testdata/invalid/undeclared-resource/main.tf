resource "aws_api_gateway_resource" "r" {
  rest_api_id = aws_api_gateway_rest_api.missing.id
  parent_id   = aws_api_gateway_rest_api.missing.root_resource_id
  path_part   = "x"
}
