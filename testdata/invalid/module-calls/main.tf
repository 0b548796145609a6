module "api" {
  source = "./modules/api"

  stage_name = "dev"
  stgae      = "typo"
}

module "missing" {
  source = "./modules/nowhere"
}

module "registry" {
  source  = "terraform-aws-modules/apigateway-v2/aws"
  version = "5.0.0"
}

output "url" {
  value = module.api.invoke_url
}

output "nope" {
  value = module.api.nope
}

output "other" {
  value = module.apo.invoke_url
}

module "counted" {
  source     = "./modules/api"
  count      = 2
  stage_name = "dev"
  name       = ["not", "a", "string"]
}

output "counted" {
  value = module.counted.invoke_url
}
