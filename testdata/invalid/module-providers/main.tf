# Provider configurations across module boundaries: a module that needs
# an aliased configuration its caller does not pass, a providers map naming
# a configuration the root does not declare, and a child that does not
# declare the provider it is passed (a warning, as Terraform's), and a
# module with its own provider block called with for_each.

provider "aws" {
  region = "us-east-1"
}

provider "aws" {
  alias  = "west"
  region = "us-west-2"
}

module "needs_other" {
  source = "./modules/pair"
}

module "undefined" {
  source    = "./modules/pair"
  providers = { aws.other = aws.east }
}

module "passed" {
  source    = "./modules/pair"
  providers = { aws.other = aws.west }
}

module "undeclared" {
  source    = "./modules/plain"
  providers = { aws = aws.west }
}

# A module with its own provider block cannot be repeated.
module "legacy" {
  source   = "./modules/legacy"
  for_each = toset(["us-east-1", "eu-west-1"])
  region   = each.key
}
