# A loop that passes through module calls: each module gives back what it
# is given, so neither call's input can be known first. (A loop that only
# seems to pass through a call, into it and out through an output that does
# not depend on the input, is no loop: see testdata/plan/module-call-loop.)
module "ping" {
  source = "./modules/echo"
  value  = module.pong.echoed
}

module "pong" {
  source = "./modules/echo"
  value  = terraform_data.relay.output
}

resource "terraform_data" "relay" {
  input = module.ping.echoed
}
