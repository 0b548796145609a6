variable "name" {
  type = string
}

variable "peer" {
  type = string
}

resource "terraform_data" "own" {
  input = "own-${var.name}"
}

resource "terraform_data" "uses_peer" {
  input = "${var.name} uses ${var.peer}"
}

output "own" {
  value = terraform_data.own.output
}

output "uses_peer" {
  value = terraform_data.uses_peer.output
}
