resource "aws_lambda_function" "f" {
  function_name    = "f"
  role             = "arn:aws:iam::123456789012:role/r"
  filename         = "lambda.zip"
  source_code_hash = base64sha265("x")
}
