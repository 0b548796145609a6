module "api" {
  source = "./modules/api"

  stage_name = "dev"
  stgae      = "typo"
}
