variable "region" {}
variable "region" {
  default = "eu-west-1"
}

resource "aws_api_gateway_rest_api" "api" {
  name = "a"
  name = "b"
}
