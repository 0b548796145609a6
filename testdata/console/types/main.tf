variable "l" {
  type    = list(string)
  default = []
}
variable "m" {
  type    = map(number)
  default = { a = 1 }
}
variable "o" {
  type = object({
    name  = string
    ports = list(number)
    tags  = optional(map(string), {})
    rules = optional(list(object({ cidr = string, port = optional(number, 443) })), [])
  })
  default = {
    name  = "api"
    ports = [80, 443]
    rules = [{ cidr = "10.0.0.0/8" }]
  }
}
variable "s" {
  type    = set(string)
  default = ["b", "a"]
}
variable "la" {
  type    = list(any)
  default = [1, "a"]
}
variable "lb" {
  type    = list(any)
  default = [{ x = 1 }, { y = 2 }]
}
variable "ld" {
  type    = list(any)
  default = [{ x = 1 }, { x = "s" }]
}
variable "ma" {
  type    = map(any)
  default = { p = true, q = "s" }
}
