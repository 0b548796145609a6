variable "stage_name" {
  type = string
}

variable "name" {
  type = string
}

output "invoke_url" {
  value = "https://example.com/${var.name}/${var.stage_name}"
}
