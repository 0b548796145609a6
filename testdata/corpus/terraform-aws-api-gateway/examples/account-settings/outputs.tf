output "role_arn" {
  description = "ARN of the created role"
  value       = module.account_settings.role_arn
}

