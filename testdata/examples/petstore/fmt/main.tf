# A small pet store you can call: GET /pets and POST /pets answer from
# MOCK integrations (POST needs an API key from the usage plan), and
# GET /pets/{petId} is a Lambda proxy. Changing a response redeploys the
# stage (the deployment's triggers hash what it serves).

variable "stage" {
  type    = string
  default = "v1"
}

resource "aws_api_gateway_rest_api" "petstore" {
  name        = "petstore"
  description = "Pets, served from MOCK integrations and a Lambda function"
}

# --- /pets -------------------------------------------------------------

resource "aws_api_gateway_resource" "pets" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  parent_id   = aws_api_gateway_rest_api.petstore.root_resource_id
  path_part   = "pets"
}

resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.petstore.id
  resource_id   = aws_api_gateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "list" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.list.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

resource "aws_api_gateway_method_response" "list" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.list.http_method
  status_code = "200"
}

resource "aws_api_gateway_integration_response" "list" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.list.http_method
  status_code = aws_api_gateway_method_response.list.status_code

  response_templates = {
    "application/json" = jsonencode([
      { id = 1, type = "dog", price = 249.99 },
      { id = 2, type = "cat", price = 124.99 },
    ])
  }

  depends_on = [aws_api_gateway_integration.list]
}

resource "aws_api_gateway_method" "add" {
  rest_api_id      = aws_api_gateway_rest_api.petstore.id
  resource_id      = aws_api_gateway_resource.pets.id
  http_method      = "POST"
  authorization    = "NONE"
  api_key_required = true
}

resource "aws_api_gateway_integration" "add" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.add.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 201 })
  }
}

resource "aws_api_gateway_method_response" "added" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.add.http_method
  status_code = "201"
}

resource "aws_api_gateway_integration_response" "added" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  resource_id = aws_api_gateway_resource.pets.id
  http_method = aws_api_gateway_method.add.http_method
  status_code = aws_api_gateway_method_response.added.status_code

  response_templates = {
    "application/json" = jsonencode({ message = "pet added" })
  }

  depends_on = [aws_api_gateway_integration.add]
}

# --- /pets/{petId}: a Lambda proxy --------------------------------------

resource "aws_api_gateway_resource" "pet" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id
  parent_id   = aws_api_gateway_resource.pets.id
  path_part   = "{petId}"
}

resource "aws_api_gateway_method" "get_pet" {
  rest_api_id   = aws_api_gateway_rest_api.petstore.id
  resource_id   = aws_api_gateway_resource.pet.id
  http_method   = "GET"
  authorization = "NONE"

  request_parameters = {
    "method.request.path.petId" = true
  }
}

resource "aws_api_gateway_integration" "get_pet" {
  rest_api_id             = aws_api_gateway_rest_api.petstore.id
  resource_id             = aws_api_gateway_resource.pet.id
  http_method             = aws_api_gateway_method.get_pet.http_method
  integration_http_method = "POST"
  type                    = "AWS_PROXY"
  uri                     = aws_lambda_function.get_pet.invoke_arn
}

resource "aws_iam_role" "lambda" {
  name = "petstore-lambda"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_lambda_function" "get_pet" {
  function_name    = "petstore-get-pet"
  filename         = "pets.zip"
  source_code_hash = filebase64sha256("pets.zip")
  handler          = "lambda.lambda_handler"
  runtime          = "python3.12"
  role             = aws_iam_role.lambda.arn
}

resource "aws_lambda_permission" "apigateway" {
  statement_id  = "AllowPetstoreInvoke"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.get_pet.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.petstore.execution_arn}/*/GET/pets/*"
}

# --- Deployment, stage, metering ----------------------------------------

resource "aws_api_gateway_deployment" "petstore" {
  rest_api_id = aws_api_gateway_rest_api.petstore.id

  triggers = {
    redeployment = sha1(jsonencode([
      aws_api_gateway_integration.list.id,
      aws_api_gateway_integration_response.list.response_templates,
      aws_api_gateway_integration.add.id,
      aws_api_gateway_integration_response.added.response_templates,
      aws_api_gateway_integration.get_pet.id,
      aws_api_gateway_method.add.api_key_required,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "petstore" {
  rest_api_id   = aws_api_gateway_rest_api.petstore.id
  deployment_id = aws_api_gateway_deployment.petstore.id
  stage_name    = var.stage
}

resource "aws_api_gateway_api_key" "partner" {
  name = "petstore-partner"
}

resource "aws_api_gateway_usage_plan" "partners" {
  name = "petstore-partners"

  api_stages {
    api_id = aws_api_gateway_rest_api.petstore.id
    stage  = aws_api_gateway_stage.petstore.stage_name
  }

  throttle_settings {
    burst_limit = 10
    rate_limit  = 20
  }
}

resource "aws_api_gateway_usage_plan_key" "partner" {
  key_id        = aws_api_gateway_api_key.partner.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.partners.id
}

output "invoke_url" {
  value = aws_api_gateway_stage.petstore.invoke_url
}

output "api_key" {
  value     = aws_api_gateway_api_key.partner.value
  sensitive = true
}
