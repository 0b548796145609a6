# The same numbers written differently (1/10 is the literal 0.1 at 512
# bits: no change) and two that change.
locals {
  names = ["a", "b", "c", "d"]
}

resource "terraform_data" "numbers" {
  input = {
    third    = 1 / 3
    big      = 123456789012345678901234567890 + 1
    ratio    = 1 / 10
    fraction = length(local.names) / 7
  }
}

output "numbers" {
  value = terraform_data.numbers.output
}

# Not in the resource's input: Terraform's own apply fails there ("produced
# an invalid new value") as the 53-bit 2^100 reads back from state as the
# 512-bit 1267650600228229400000000000000.
output "power" {
  value = pow(2, 100)
}

output "shares" {
  value = [for i, n in local.names : i / length(local.names)]
}

output "sum" {
  value = 0.1 + 0.2
}
