# A resource that a create_before_destroy resource depends on is replaced
# create-before-destroy too (Terraform's forced CBD): otherwise its destroy
# and the dependent's replacement would wait for each other.
resource "terraform_data" "document" {
  triggers_replace = "v1"
}

resource "terraform_data" "deployment" {
  triggers_replace = terraform_data.document.id

  lifecycle {
    create_before_destroy = true
  }
}

resource "terraform_data" "unrelated" {
  triggers_replace = "v1"
}
