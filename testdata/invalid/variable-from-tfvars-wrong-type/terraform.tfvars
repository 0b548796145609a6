timeout = "slow"
name    = "api"
extra   = 1
