resource "aws_api_gateway_vpc_link" "l" {
  name        = "l"
  target_arns = ["arn:a", "arn:b"]
}
