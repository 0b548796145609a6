resource "aws_api_gateway_rest_api" "undeclared_for_each" {
  name = "api"

  dynamic "endpoint_configuration" {
    for_each = aws_vpc.missing.ids
    content {
      types = ["EDGE"]
    }
  }
}

resource "aws_api_gateway_rest_api" "two_configurations" {
  name = "api"

  # At most one endpoint_configuration: this generates two.
  dynamic "endpoint_configuration" {
    for_each = ["EDGE", "REGIONAL"]
    content {
      types = [endpoint_configuration.value]
    }
  }
}

resource "aws_api_gateway_rest_api" "bad_content" {
  name = "api"

  dynamic "endpoint_configuration" {
    for_each = ["EDGE"]
    iterator = ep
    content {
      typess = [ep.value]
    }
  }
}

resource "aws_api_gateway_rest_api" "string_for_each" {
  name = "api"

  dynamic "endpoint_configuration" {
    for_each = "EDGE"
    content {
      types = ["EDGE"]
    }
  }
}

resource "aws_api_gateway_rest_api" "no_content" {
  name = "api"

  dynamic "endpoint_configuration" {
    for_each = ["EDGE"]
  }
}
