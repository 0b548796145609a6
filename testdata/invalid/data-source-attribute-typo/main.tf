data "aws_region" "current" {}
data "aws_caller_identity" "me" {}

resource "aws_lambda_permission" "p" {
  action        = "lambda:InvokeFunction"
  function_name = "f"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:${data.aws_region.current.nme}:${data.aws_caller_identity.me.account_id}:abc/*"
}

data "aws_regions" "all" {}
