resource "aws_iam_role" "role" {
  name = "r"

  assume_role_policy = <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
}
POLICY
}
