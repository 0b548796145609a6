resource "aws_api_gateway_vpc_link" "l" {
  name        = "l"
  target_arn  = ["arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/x/y"]
}
