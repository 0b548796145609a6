terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.other]
    }
  }
}

resource "aws_api_gateway_rest_api" "x" {
  provider = aws.other
  name     = "x"
}
