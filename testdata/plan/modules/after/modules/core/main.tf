resource "terraform_data" "root" {
  input = "root"
}

output "output" {
  value = terraform_data.root.output
}
