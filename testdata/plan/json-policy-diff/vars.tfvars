myregion  = "us-east-1"
accountId = "123456789012"
