terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  backend "s3" {
    bucket = "my-state"
    key    = "orders/terraform.tfstate"
    region = "eu-west-1"
  }
}

provider "aws" {
  region = var.region

  endpoints {
    apigateway = "http://127.0.0.1:4566"
  }
}

data "aws_region" "current" {}
data "aws_caller_identity" "me" {}
data "aws_partition" "p" {}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "routes" {
  description = "Path part → HTTP method"
  type        = map(string)
  default = {
    orders    = "GET"
    customers = "POST"
  }
}

variable "stage_timeout_ms" {
  type    = number
  default = 10000

  validation {
    condition     = var.stage_timeout_ms >= 50 && var.stage_timeout_ms <= 29000
    error_message = "API Gateway integrations time out between 50 and 29000 ms."
  }
}

locals {
  name         = "orders-api"
  common_tags  = { Project = local.name, Stage = terraform.workspace }
  account      = data.aws_caller_identity.me.account_id
  source_arn   = "arn:${data.aws_partition.p.partition}:execute-api:${data.aws_region.current.name}:${local.account}:${aws_api_gateway_rest_api.api.id}/*/*"
  upper_routes = [for k, v in var.routes : upper(k)]
}

resource "aws_api_gateway_rest_api" "api" {
  name        = local.name
  description = format("%s managed by gantry", local.name)
  tags        = local.common_tags

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  lifecycle {
    prevent_destroy = false
    ignore_changes  = [tags]
  }
}

resource "aws_api_gateway_resource" "route" {
  for_each    = var.routes
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = each.key
}

resource "aws_api_gateway_method" "route" {
  for_each      = var.routes
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.route[each.key].id
  http_method   = each.value
  authorization = "NONE"

  request_parameters = {
    "method.request.header.X-Trace" = false
  }
}

resource "aws_api_gateway_integration" "route" {
  for_each                = var.routes
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.route[each.key].id
  http_method             = aws_api_gateway_method.route[each.key].http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.handler.invoke_arn
  timeout_milliseconds    = var.stage_timeout_ms
  depends_on              = [aws_lambda_permission.apigw]
}

resource "aws_api_gateway_integration" "mock" {
  count                = 2
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_rest_api.api.root_resource_id
  http_method          = count.index == 0 ? "OPTIONS" : "HEAD"
  type                 = "MOCK"
  passthrough_behavior = "WHEN_NO_TEMPLATES"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_lambda_function" "handler" {
  function_name    = "${local.name}-handler"
  role             = aws_iam_role.lambda.arn
  filename         = "lambda.zip"
  source_code_hash = filebase64sha256("lambda.zip")
  handler          = "lambda.lambda_handler"
  runtime          = "python3.12"
  timeout          = 10

  environment {
    variables = {
      ROUTES = join(",", keys(var.routes))
    }
  }
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "AllowExecutionFromAPIGateway"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.handler.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.api.execution_arn}/*/*"
}

resource "aws_iam_role" "lambda" {
  name = "${local.name}-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "terraform_data" "deploy_trigger" {
  triggers_replace = [for k, i in aws_api_gateway_integration.route : i.id]
  input            = local.upper_routes
}

output "invoke_base" {
  value = "https://${aws_api_gateway_rest_api.api.id}.execute-api.${var.region}.amazonaws.com"
}

output "routes" {
  value = { for k, r in aws_api_gateway_resource.route : k => r.path }
}
