variable "stage" {
  type    = string
  default = "Prod"

  validation {
    condition     = lower(var.stage) == var.stage
    error_message = "Stage names must be lower case."
  }
}
