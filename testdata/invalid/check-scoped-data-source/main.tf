# A data source inside a check block is scoped to it: its own check may
# read it, nothing else may (Terraform: "Reference to scoped resource").
check "region" {
  data "aws_region" "current" {}

  assert {
    condition     = data.aws_region.current.name == "eu-west-1"
    error_message = "Deploy to eu-west-1, not ${data.aws_region.current.name}."
  }
}

resource "terraform_data" "uses_it" {
  input = data.aws_region.current.name
}

output "region" {
  value = data.aws_region.current.name
}
