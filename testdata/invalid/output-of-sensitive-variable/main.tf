variable "api_key" {
  type      = string
  default   = "k-123"
  sensitive = true
}

output "key" {
  value = "key=${var.api_key}"
}

output "key_marked" {
  value     = var.api_key
  sensitive = true
}
