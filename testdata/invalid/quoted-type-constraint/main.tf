variable "names" {
  type    = "list"
  default = ["a"]
}

variable "region" {
  type = "string"
}
