# Terraform's built-in terraform_data resource: plan, apply and destroy
# with no cloud at all. A small API description is kept in state, the
# way a real configuration would feed an aws_api_gateway_integration.

variable "stage" {
  type    = string
  default = "dev"
}

locals {
  routes = {
    orders = "GET"
    health = "GET"
  }
}

resource "terraform_data" "api" {
  input = {
    name  = "orders-api"
    stage = var.stage
  }
}

resource "terraform_data" "route" {
  for_each = local.routes

  input = {
    api    = terraform_data.api.id
    method = each.value
    path   = "/${each.key}"
  }
}

resource "terraform_data" "template" {
  input = <<-EOT
    {
      "body" : $input.json('$'),
      "stage" : "${var.stage}"
    }
  EOT

  triggers_replace = [terraform_data.api.id]
}

output "api_id" {
  value = terraform_data.api.id
}

output "routes" {
  value = { for k, r in terraform_data.route : k => r.output.path }
}
