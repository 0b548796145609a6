# Rules written as an attribute (the provider's "attributes as blocks"):
# every field of an item is required, and blocks of the same type cannot
# sit beside the attribute.
resource "aws_security_group" "partial" {
  name = "partial"
  ingress = [{
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }]
}

resource "aws_security_group" "both" {
  name   = "both"
  egress = []

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "complete" {
  name = "complete"
  ingress = [{
    cidr_blocks      = []
    description      = "from the partial group"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = [aws_security_group.partial.id]
    self             = false
  }]
}
