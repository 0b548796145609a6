variable "parts" {
  type    = list(string)
  default = ["a", "b"]
}

resource "aws_api_gateway_rest_api" "api" {
  name = "api-${var.parts}"
}
