# Numbers as Terraform holds them: arbitrary-precision binary floats whose
# precision depends on where they come from (literals and strings 512 bits,
# integers from lengths and indexes 64, float64 functions 53).
variable "big" {
  type    = number
  default = 123456789012345678901234567890
}

variable "ratio" {
  type = number
}

variable "weights" {
  type    = map(number)
  default = { a = 0.1, b = 0.2 }
}

variable "yaml" {
  type    = string
  default = "rate: 0.1\ncount: 12345678901234567890\n"
}

locals {
  third   = 1 / 3
  indexes = [for i, v in ["a", "b", "c"] : i / length(["x", "y", "z"])]
}
