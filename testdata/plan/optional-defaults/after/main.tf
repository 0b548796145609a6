# optional() defaults at several depths, flowing into a resource and
# outputs; a conditional whose untaken branch would fail.
variable "service" {
  type = object({
    name = string
    port = optional(number, 443)
    limits = optional(object({
      burst = optional(number, 10)
      rate  = optional(number, 5)
    }), {})
    routes = optional(list(object({
      path   = string
      method = optional(string, "GET")
    })), [])
  })
  default = {
    name   = "orders"
    routes = [{ path = "/a" }, { path = "/b", method = "POST" }]
  }
}

variable "limit" {
  type    = number
  default = null
}

resource "terraform_data" "api" {
  input = {
    name   = var.service.name
    port   = var.service.port
    burst  = var.service.limits.burst
    routes = [for r in var.service.routes : "${r.method} ${r.path}"]
    capped = var.limit == null ? true : var.limit >= 6
  }
}

output "service" {
  value = var.service
}

output "routes" {
  value = terraform_data.api.input.routes
}
