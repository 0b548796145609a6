# A REST API with one route per path and a health route, deployed to one
# stage.

variable "name" {
  type = string
}

variable "stage" {
  type = string
}

variable "paths" {
  type = list(string)
}

variable "greeting" {
  type = string
}

variable "release" {
  type        = string
  description = "Redeploys when it changes."
}

resource "aws_api_gateway_rest_api" "this" {
  name = var.name
}

module "route" {
  source   = "../route"
  for_each = toset(var.paths)

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = each.key
  message     = "${var.greeting} from ${each.key}"
}

module "health" {
  source = "../route"
  count  = 1

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = "health"
  message     = "ok"
}

resource "aws_api_gateway_deployment" "this" {
  rest_api_id = aws_api_gateway_rest_api.this.id

  triggers = {
    redeployment = sha1(jsonencode([
      var.release,
      [for r in module.route : r.served],
      module.health[*].served,
    ]))
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [module.route, module.health]
}

resource "aws_api_gateway_stage" "this" {
  rest_api_id   = aws_api_gateway_rest_api.this.id
  deployment_id = aws_api_gateway_deployment.this.id
  stage_name    = var.stage
}

output "invoke_url" {
  value = aws_api_gateway_stage.this.invoke_url
}

output "rest_api_id" {
  value = aws_api_gateway_rest_api.this.id
}

output "paths" {
  value = concat(sort(keys(module.route)), ["health"])
}
