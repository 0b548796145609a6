variable "routes" {
  default = ["orders", "health"]
}

resource "terraform_data" "api" {
  input = "orders-api"
}

resource "terraform_data" "route" {
  for_each = toset(var.routes)
  input    = "${terraform_data.api.output}/${each.key}"
}

resource "terraform_data" "stage" {
  count = 2
  input = "stage-${count.index}"

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [triggers_replace]
  }
}
