variable "timeout" {
  type = number
}

variable "name" {
  type = string
}
