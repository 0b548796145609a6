variable "timeout" {
  type    = number
  default = "thirty"
}

variable "methods" {
  type    = list(string)
  default = "GET"
}
