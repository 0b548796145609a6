module "api" {
  source     = "./modules/api"
  count      = 2
  name       = "orders"
  stage_name = "stage${count.index}"
}

output "all" {
  value = module.api.invoke_url
}
