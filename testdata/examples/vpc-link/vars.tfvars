name      = "internal"
subnet_id = "subnet-0abc"
