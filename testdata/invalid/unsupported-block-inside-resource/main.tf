resource "aws_api_gateway_rest_api" "api" {
  name = "api"

  endpoint_configuraton {
    types = ["REGIONAL"]
  }

  request_templates {
    x = "y"
  }
}
