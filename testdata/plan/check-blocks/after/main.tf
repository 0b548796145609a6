# A failing assertion (a warning), a passing one, and one not known
# until apply.
resource "terraform_data" "d" {
  input = "x"
}

resource "terraform_data" "e" {
  input = "new"
}

check "ok" {
  assert {
    condition     = terraform_data.d.input == "y"
    error_message = "d is not y"
  }
}

check "later" {
  assert {
    condition     = terraform_data.d.output == "x"
    error_message = "never"
  }
}

check "unknown" {
  assert {
    condition     = terraform_data.e.output == "new"
    error_message = "e changed"
  }
}
