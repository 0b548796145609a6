variable "value" {
  type = string
}

output "echoed" {
  value = var.value
}
