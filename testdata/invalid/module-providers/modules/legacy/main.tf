variable "region" {
  type = string
}

provider "aws" {
  region = var.region
}

resource "aws_api_gateway_rest_api" "x" {
  name = "x"
}
