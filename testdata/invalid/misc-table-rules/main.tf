resource "aws_api_gateway_rest_api" "api" {
  name           = "api"
  api_key_source = "QUERY"

  endpoint_configuration {
    types = ["REGIONAL", "EDGE"]
  }
}

resource "aws_api_gateway_method" "m" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "OAUTH"
}

resource "aws_lb" "nlb" {
  name               = "a-load-balancer-name-that-is-far-too-long"
  load_balancer_type = "classic"
}

resource "aws_iam_role" "r" {
  assume_role_policy   = "{}"
  max_session_duration = 60
}

resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = aws_iam_role.r.arn
  filename      = "f.zip"
  memory_size   = 64
  timeout       = 1.5
}
