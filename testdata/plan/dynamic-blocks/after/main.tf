# Dynamic blocks: over a list of objects with a named iterator, over a map,
# over a conditional empty list, nested in another dynamic block, and over
# a collection known only after apply.
variable "private" {
  type    = bool
  default = true
}

locals {
  ingress = [
    { port = 443, cidr = "10.0.0.0/16", description = "https" },
    { port = 80, cidr = "10.0.0.0/16", description = "http" },
  ]
  egress = {
    all = { from = 0, to = 0, protocol = "-1" }
  }
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_security_group" "web" {
  name   = "web"
  vpc_id = aws_vpc.main.id

  dynamic "ingress" {
    for_each = local.ingress
    iterator = rule
    content {
      description = "${rule.value.description} (${rule.key})"
      from_port   = rule.value.port
      to_port     = rule.value.port
      protocol    = "tcp"
      cidr_blocks = [rule.value.cidr]
    }
  }

  dynamic "egress" {
    for_each = local.egress
    content {
      description = egress.key
      from_port   = egress.value.from
      to_port     = egress.value.to
      protocol    = egress.value.protocol
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_api_gateway_rest_api" "private" {
  name = "private"

  dynamic "endpoint_configuration" {
    for_each = var.private ? ["PRIVATE"] : []
    content {
      types = [endpoint_configuration.value]
    }
  }
}

resource "aws_api_gateway_rest_api" "public" {
  name = "public"

  dynamic "endpoint_configuration" {
    for_each = var.private ? [] : ["REGIONAL"]
    content {
      types = [endpoint_configuration.value]
    }
  }
}

resource "aws_api_gateway_rest_api" "later" {
  name = "later"

  dynamic "endpoint_configuration" {
    for_each = aws_vpc.other.id == "" ? [] : ["PRIVATE"]
    content {
      types = ["PRIVATE"]
    }
  }
}

resource "aws_api_gateway_usage_plan" "plan" {
  name = "plan"

  dynamic "api_stages" {
    for_each = { one = "dev", two = "prod" }
    content {
      api_id = aws_api_gateway_rest_api.private.id
      stage  = api_stages.value

      dynamic "throttle" {
        for_each = api_stages.key == "one" ? [10, 20] : []
        content {
          path        = "/p${throttle.value}/GET"
          burst_limit = throttle.value
        }
      }
    }
  }
}
