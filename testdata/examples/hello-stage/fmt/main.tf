# A REST API you can call: GET /hello answers from a MOCK integration
# through a method response and an integration response, deployed to the
# stage "test". Changing the greeting re-deploys (the deployment's
# triggers hash what it serves) without a moment with no deployment
# (create_before_destroy).

variable "greeting" {
  type    = string
  default = "hello"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "hello-stage"
}

resource "aws_api_gateway_resource" "hello" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "hello"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.hello.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "mock" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.get.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.get.http_method
  status_code = "200"

  response_parameters = {
    "method.response.header.X-Greeting" = true
  }
}

resource "aws_api_gateway_integration_response" "ok" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.hello.id
  http_method = aws_api_gateway_method.get.http_method
  status_code = aws_api_gateway_method_response.ok.status_code

  response_templates = {
    "application/json" = jsonencode({ message = var.greeting })
  }

  response_parameters = {
    "method.response.header.X-Greeting" = "'${var.greeting}'"
  }

  depends_on = [aws_api_gateway_integration.mock]
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.api.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_resource.hello.id,
      aws_api_gateway_method.get.id,
      aws_api_gateway_integration.mock.id,
      aws_api_gateway_integration_response.ok.response_templates,
      aws_api_gateway_integration_response.ok.response_parameters,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "test" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = "test"

  variables = {
    greeting = var.greeting
  }
}

output "invoke_url" {
  value = "${aws_api_gateway_stage.test.invoke_url}/hello"
}
