output "role_arn" {
  description = "Role ARN of the API Gateway logging role"
  value       = local.role_arn
}
