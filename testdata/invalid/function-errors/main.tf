locals {
  policy  = file("missing-policy.json")
  encoded = base64encode("a", "b")
  decoded = jsondecode("{not json")
}

output "o" {
  value = [local.policy, local.encoded, local.decoded]
}
