# Variables the console expressions read: optional() defaults at any depth.
variable "service" {
  type = object({
    name    = string
    port    = optional(number, 443)
    tags    = optional(map(string), {})
    enabled = optional(bool)
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
    name = "orders"
    routes = [
      { path = "/a" },
      { path = "/b", method = "POST" },
    ]
  }
}

variable "stages" {
  type = map(object({
    throttle = optional(number, 100)
    cache    = optional(bool, false)
  }))
  default = {
    dev  = {}
    prod = { throttle = 1000, cache = null }
  }
}

variable "limit" {
  type    = number
  default = null
}

locals {
  # Templates kept as strings ($${ and %%{ are literal), for templatestring.
  greeting = "Hello, $${name}!"
  listing  = "%%{ for i in items ~}$${i};%%{ endfor ~}"
}
