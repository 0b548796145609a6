# moved blocks inside called modules: each applies in every instance of
# its module, the caller's first (the route module's own move finds its
# instances at the address the api module moved them to).
module "api" {
  source   = "./modules/api"
  for_each = toset(["dev", "prod"])
  name     = each.key
}

output "routes" {
  value = { for k, m in module.api : k => m.routes }
}
