# Types the AWS provider has and gantry does not support yet: said so,
# instead of "the provider does not support" them.
resource "aws_s3_bucket" "assets" {
  bucket = "orders-assets"
}

data "aws_dynamodb_table" "orders" {
  name = "orders"
}
