# Nulls of declared and unified types, which the console prints with
# their types (`tostring(null)`, `tolist(null) /* of string */`).
variable "s" {
  type    = string
  default = null
}
variable "l" {
  type    = list(string)
  default = null
}
variable "o" {
  type    = object({ a = string })
  default = null
}
variable "m" {
  type    = map(number)
  default = { a = null, b = 1 }
}
variable "ms" {
  type    = map(string)
  default = null
}
variable "ss" {
  type    = set(number)
  default = null
}
variable "ll" {
  type    = list(list(string))
  default = null
}
variable "b" {
  type    = bool
  default = null
}
variable "t" {
  type    = tuple([string, number])
  default = null
}
variable "lo" {
  type    = list(object({ a = string }))
  default = [{ a = null }]
}
