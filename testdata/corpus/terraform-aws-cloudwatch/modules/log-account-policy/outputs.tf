output "log_account_policy_name" {
  description = "Name of Cloudwatch log account policy"
  value       = var.log_account_policy_name
}
