# One REST API per stage, from one module instantiated with for_each; each
# API's routes come from a nested module, once per path (for_each) plus a
# health route (count). Every API waits for the release marker
# (depends_on on the module call), and the stage once called "development"
# is "dev" now: the moved block carries its objects over instead of
# destroying and re-creating them.

variable "stages" {
  type = map(object({
    paths    = list(string)
    greeting = optional(string, "hello")
  }))
  default = {
    dev = {
      paths = ["pets", "orders"]
    }
    prod = {
      paths    = ["pets"]
      greeting = "welcome"
    }
  }
}

resource "terraform_data" "release" {
  input = "2026-12"
}

module "api" {
  source   = "./modules/api"
  for_each = var.stages

  name     = "staged-${each.key}"
  stage    = each.key
  paths    = each.value.paths
  greeting = each.value.greeting
  release  = terraform_data.release.output

  depends_on = [terraform_data.release]
}

moved {
  from = module.api["development"]
  to   = module.api["dev"]
}

output "invoke_urls" {
  value = { for stage, api in module.api : stage => api.invoke_url }
}

output "routes" {
  value = { for stage, api in module.api : stage => api.paths }
}
