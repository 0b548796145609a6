provider "aws" {
  region = "eu-west-1"
}

resource "aws_api_gateway_rest_api" "api" {
  name       = "api"
  provider   = aws.west
  depends_on = [aws_iam_role.missing, aws_api_gateway_rest_api.other]

  lifecycle {
    create_before_destroy = "yes"
    ignore_changes        = [tag, description]
    prevent_destroy       = true
  }
}

resource "aws_api_gateway_rest_api" "other" {
  name = "other"

  lifecycle {
    ignore_changes = all
  }
}
