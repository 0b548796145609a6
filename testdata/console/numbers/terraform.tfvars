ratio = 0.1
