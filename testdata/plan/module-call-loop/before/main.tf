# References that lead into a module call and back out through an output
# that does not depend on them: Terraform orders each input and output on
# its own, so neither is a cycle.
variable "stage" {
  default = "v1"
}

# The API gives each function module its ARN for the Lambda permission;
# each function gives the API its invoke ARN for the integration.
resource "terraform_data" "api" {
  input = "arn:api/${var.stage}"
}

module "lambda" {
  source   = "./modules/lambda"
  for_each = toset(["pets", "users"])
  name     = each.key
  api_arn  = terraform_data.api.output
}

resource "terraform_data" "integration" {
  for_each = module.lambda
  input    = "${terraform_data.api.output} -> ${each.value.invoke_arn}"
}

# Two calls that each take what the other gives back.
module "first" {
  source = "./modules/pair"
  name   = "first"
  peer   = module.second.own
}

module "second" {
  source = "./modules/pair"
  name   = "second"
  peer   = module.first.own
}

output "permissions" {
  value = { for k, m in module.lambda : k => m.permission }
}

output "pairs" {
  value = [module.first.uses_peer, module.second.uses_peer]
}
