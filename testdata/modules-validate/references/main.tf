module "api" {
  source     = "./modules/api"
  stage_name = "dev"
  retries    = "three"
}

module "other" {
  source     = "./modules/api"
  stage_name = "prod"
}

output "url" {
  value = module.api.invoke_url
}

output "wrong" {
  value = module.apo.invoke_url
}
