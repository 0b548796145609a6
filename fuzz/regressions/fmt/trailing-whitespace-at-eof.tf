locals {
  x = 1
}
  	