//! The network an API Gateway setup wires in (a VPC link's load balancer,
//! a private API's endpoint): a VPC, a subnet in one of the region's
//! availability zones (read through the data source), security groups and
//! the `execute-api` interface endpoint a private REST API is called
//! through. Each applies, reads
//! back as the test's own SDK client sees it, changes in place, imports by
//! its Terraform import ID with nothing to change, and is destroyed.

use crate::common;

use aws_sdk_ec2::types::VpcAttributeName;
use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true

  tags = {
    Name = "${var.prefix}api-vpc"
  }
}

resource "aws_subnet" "a" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.1.0/24"
  availability_zone       = data.aws_availability_zones.available.names[0]
  map_public_ip_on_launch = true

  tags = {
    Name = "${var.prefix}api-a"
  }
}

resource "aws_security_group" "link" {
  name        = "${var.prefix}link-sg"
  description = "Allow HTTPS in"
  vpc_id      = aws_vpc.main.id

  ingress {
    description = "TLS from VPC"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.main.cidr_block, "10.30.0.0/16"]
  }
  ingress {
    from_port = 80
    to_port   = 80
    protocol  = "6"
    self      = true
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "${var.prefix}link"
  }
}

resource "aws_security_group" "bare" {
  name_prefix = "${var.prefix}bare-"
  vpc_id      = aws_vpc.main.id
}

resource "aws_vpc_endpoint" "api" {
  vpc_id              = aws_vpc.main.id
  service_name        = "com.amazonaws.us-east-1.execute-api"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  subnet_ids          = [aws_subnet.a.id]
  security_group_ids  = [aws_security_group.link.id]

  tags = {
    Name = "${var.prefix}api-endpoint"
  }
}
"#;

#[test]
fn vpc_subnet_and_security_groups() {
    let Some(aws) = Aws::start("network") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    std::fs::write(
        dir.join("vars.tf"),
        "variable \"prefix\" {\n  default = \"\"\n}\n",
    )
    .unwrap();
    let ec2 = &aws.ec2;
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("5 added, 0 changed, 0 destroyed"), "{out}");

    let vpc_id = attr(dir, "aws_vpc", "main", "id")
        .as_str()
        .unwrap()
        .to_string();
    let subnet_id = attr(dir, "aws_subnet", "a", "id")
        .as_str()
        .unwrap()
        .to_string();
    let vpc = aws
        .block_on(ec2.describe_vpcs().vpc_ids(&vpc_id).send())
        .unwrap();
    assert_eq!(vpc.vpcs()[0].cidr_block(), Some("10.20.0.0/16"));
    let hostnames = |aws: &Aws| {
        aws.block_on(
            ec2.describe_vpc_attribute()
                .vpc_id(&vpc_id)
                .attribute(VpcAttributeName::EnableDnsHostnames)
                .send(),
        )
        .unwrap()
        .enable_dns_hostnames()
        .and_then(|b| b.value())
    };
    assert_eq!(hostnames(&aws), Some(true));
    let subnet = |aws: &Aws| {
        aws.block_on(ec2.describe_subnets().subnet_ids(&subnet_id).send())
            .unwrap()
            .subnets()[0]
            .clone()
    };
    let s = subnet(&aws);
    assert_eq!(s.vpc_id(), Some(vpc_id.as_str()));
    assert_eq!(s.map_public_ip_on_launch(), Some(true));
    let zones = aws
        .block_on(ec2.describe_availability_zones().send())
        .unwrap();
    let mut names: Vec<&str> = zones
        .availability_zones()
        .iter()
        .filter_map(|z| z.zone_name())
        .collect();
    names.sort();
    assert_eq!(s.availability_zone(), names.first().copied());
    assert_eq!(
        attr(dir, "aws_vpc", "main", "default_security_group_id"),
        aws.block_on(
            ec2.describe_security_groups()
                .filters(
                    aws_sdk_ec2::types::Filter::builder()
                        .name("vpc-id")
                        .values(&vpc_id)
                        .build()
                )
                .send()
        )
        .unwrap()
        .security_groups()
        .iter()
        .find(|g| g.group_name() == Some("default"))
        .and_then(|g| g.group_id())
        .unwrap()
    );
    let group = |aws: &Aws, name: &str| {
        let id = attr(dir, "aws_security_group", name, "id");
        aws.block_on(
            ec2.describe_security_groups()
                .group_ids(id.as_str().unwrap())
                .send(),
        )
        .unwrap()
        .security_groups()[0]
            .clone()
    };
    let link = group(&aws, "link");
    let https = |g: &aws_sdk_ec2::types::SecurityGroup| {
        let mut cidrs: Vec<String> = g
            .ip_permissions()
            .iter()
            .filter(|p| p.from_port() == Some(443))
            .flat_map(|p| p.ip_ranges())
            .map(|r| {
                assert_eq!(r.description(), Some("TLS from VPC"));
                r.cidr_ip().unwrap().to_string()
            })
            .collect();
        cidrs.sort();
        cidrs
    };
    assert_eq!(https(&link), ["10.20.0.0/16", "10.30.0.0/16"]);
    let http = link
        .ip_permissions()
        .iter()
        .find(|p| p.from_port() == Some(80))
        .unwrap();
    assert_eq!(http.ip_protocol(), Some("tcp"));
    assert_eq!(http.user_id_group_pairs()[0].group_id(), link.group_id());
    let egress: Vec<_> = link
        .ip_permissions_egress()
        .iter()
        .flat_map(|p| p.ip_ranges())
        .filter_map(|r| r.cidr_ip())
        .collect();
    assert_eq!(egress, ["0.0.0.0/0"]);
    // The allow-all egress EC2 gives a new group is revoked.
    let bare = group(&aws, "bare");
    assert!(bare.ip_permissions_egress().is_empty(), "{bare:?}");
    assert!(bare.group_name().unwrap().starts_with("bare-"));
    assert_eq!(
        attr(dir, "aws_security_group", "bare", "name_prefix"),
        "bare-"
    );
    assert_eq!(
        attr(dir, "aws_security_group", "link", "ingress")[1]["protocol"],
        "tcp"
    );
    let endpoint_id = attr(dir, "aws_vpc_endpoint", "api", "id")
        .as_str()
        .unwrap()
        .to_string();
    let endpoint = |aws: &Aws| {
        aws.block_on(
            ec2.describe_vpc_endpoints()
                .vpc_endpoint_ids(&endpoint_id)
                .send(),
        )
        .unwrap()
        .vpc_endpoints()[0]
            .clone()
    };
    let e = endpoint(&aws);
    assert_eq!(e.subnet_ids(), [subnet_id.as_str()]);
    assert_eq!(e.private_dns_enabled(), Some(true));
    let groups = |e: &aws_sdk_ec2::types::VpcEndpoint| {
        let mut g: Vec<String> = e
            .groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect();
        g.sort();
        g
    };
    assert_eq!(groups(&e), [link.group_id().unwrap()]);
    assert_no_changes(&aws, dir, &[]);

    // (LocalStack ignores ModifyVpcEndpoint's security group and subnet
    // changes; its policy and private DNS changes it keeps.)
    edit(
        dir,
        "private_dns_enabled = true",
        "private_dns_enabled = false\n  policy = jsonencode({ Statement = [{ Effect = \"Allow\", Principal = \"*\", Action = \"execute-api:Invoke\", Resource = \"*\" }] })",
    );
    edit(dir, "\"10.30.0.0/16\"", "\"10.40.0.0/16\"");
    edit(
        dir,
        "enable_dns_hostnames = true",
        "enable_dns_hostnames = false",
    );
    edit(
        dir,
        "map_public_ip_on_launch = true",
        "map_public_ip_on_launch = false",
    );
    edit(
        dir,
        "Name = \"${var.prefix}api-a\"",
        "Name = \"${var.prefix}api-private\"",
    );
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 4 changed, 0 destroyed"), "{out}");
    let e = endpoint(&aws);
    assert_eq!(e.private_dns_enabled(), Some(false));
    let policy: serde_json::Value = serde_json::from_str(e.policy_document().unwrap()).unwrap();
    assert_eq!(policy["Statement"][0]["Action"], "execute-api:Invoke");
    assert_eq!(hostnames(&aws), Some(false));
    assert_eq!(
        https(&group(&aws, "link")),
        ["10.20.0.0/16", "10.40.0.0/16"]
    );
    let s = subnet(&aws);
    assert_eq!(s.map_public_ip_on_launch(), Some(false));
    assert!(s
        .tags()
        .iter()
        .any(|t| t.key() == Some("Name") && t.value() == Some("api-private")));
    assert_no_changes(&aws, dir, &[]);

    let groups = ["link", "bare"].map(|n| {
        let id = attr(dir, "aws_security_group", n, "id");
        (
            format!("aws_security_group.{n}"),
            id.as_str().unwrap().to_string(),
        )
    });
    let imports = [
        ("aws_vpc.main".to_string(), vpc_id.clone()),
        ("aws_subnet.a".to_string(), subnet_id.clone()),
        ("aws_vpc_endpoint.api".to_string(), endpoint_id.clone()),
    ]
    .into_iter()
    .chain(groups);
    for (address, id) in imports {
        aws.ok(dir, &["state", "rm", &address]);
        aws.ok(dir, &["import", &address, &id]);
    }
    assert_no_changes(&aws, dir, &[]);

    // Rules in attribute syntax (the provider's "attributes as blocks"):
    // `egress = []` removes every egress rule, which leaving the blocks
    // out would not; a complete item adds a rule.
    edit(
        dir,
        "  egress {\n    from_port   = 0\n    to_port     = 0\n    protocol    = \"-1\"\n    cidr_blocks = [\"0.0.0.0/0\"]\n  }\n",
        "  egress = []\n",
    );
    edit(
        dir,
        "  name_prefix = \"${var.prefix}bare-\"\n",
        r#"  name_prefix = "${var.prefix}bare-"
  ingress = [{
    cidr_blocks      = ["10.20.0.0/16"]
    description      = "alternate port"
    from_port        = 8080
    to_port          = 8080
    protocol         = "tcp"
    ipv6_cidr_blocks = []
    prefix_list_ids  = []
    security_groups  = []
    self             = false
  }]
"#,
    );
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 2 changed, 0 destroyed"), "{out}");
    assert!(group(&aws, "link").ip_permissions_egress().is_empty());
    let bare = group(&aws, "bare");
    assert_eq!(bare.ip_permissions().len(), 1, "{bare:?}");
    assert_eq!(bare.ip_permissions()[0].from_port(), Some(8080));
    assert_no_changes(&aws, dir, &[]);
    // Left out again, the rules are not managed: nothing changes.
    edit(dir, "  egress = []\n", "");
    assert_no_changes(&aws, dir, &[]);

    aws.ok(dir, &["destroy", "-auto-approve"]);
    let gone = aws.block_on(ec2.describe_vpcs().vpc_ids(&vpc_id).send());
    assert!(
        gone.as_ref().map_or(true, |o| o.vpcs().is_empty()),
        "{gone:?}"
    );
}
