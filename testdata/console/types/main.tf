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
