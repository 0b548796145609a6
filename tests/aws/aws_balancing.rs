//! What a VPC link reaches: a network load balancer in a VPC, a target
//! group of IP targets behind it, a TCP listener forwarding to it, and
//! the VPC link itself.
//! Each applies, reads back as the test's own SDK client sees it, changes
//! in place, imports by its Terraform import ID with nothing to change,
//! and is destroyed.

use crate::common;

use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
resource "aws_vpc" "lb" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_subnet" "lb" {
  vpc_id            = aws_vpc.lb.id
  cidr_block        = "10.50.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_lb" "api" {
  name               = "${var.prefix}api-nlb"
  internal           = true
  load_balancer_type = "network"
  subnets            = [aws_subnet.lb.id]
}

resource "aws_lb_target_group" "api" {
  name                 = "${var.prefix}api-targets"
  port                 = 8080
  protocol             = "TCP"
  target_type          = "ip"
  vpc_id               = aws_vpc.lb.id
  deregistration_delay = 120

  health_check {
    protocol = "TCP"
    interval = 30
  }
}

resource "aws_lb_listener" "api" {
  load_balancer_arn = aws_lb.api.arn
  port              = 80
  protocol          = "TCP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}

resource "aws_api_gateway_vpc_link" "api" {
  name        = "${var.prefix}api-link"
  target_arns = [aws_lb.api.arn]
}
"#;

#[test]
fn load_balancer_target_group_and_listener() {
    let Some(aws) = Aws::start("balancing") else {
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
    let elb = &aws.elbv2;
    let plan = aws.ok(dir, &["plan"]);
    assert!(
        plan.lines()
            .any(|l| l.contains("+ dns_record_client_routing_policy ")
                && l.ends_with("= \"any_availability_zone\"")),
        "a network load balancer's type default is planned:\n{plan}"
    );
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("6 added, 0 changed, 0 destroyed"), "{out}");

    let id = |t: &str| attr(dir, t, "api", "id").as_str().unwrap().to_string();
    let (lb, tg, listener) = (
        id("aws_lb"),
        id("aws_lb_target_group"),
        id("aws_lb_listener"),
    );
    let group = |aws: &Aws| {
        aws.block_on(elb.describe_target_groups().target_group_arns(&tg).send())
            .unwrap()
            .target_groups()[0]
            .clone()
    };
    let g = group(&aws);
    assert_eq!(g.port(), Some(8080));
    assert_eq!(g.health_check_interval_seconds(), Some(30));
    let delay = |aws: &Aws| {
        aws.block_on(
            elb.describe_target_group_attributes()
                .target_group_arn(&tg)
                .send(),
        )
        .unwrap()
        .attributes()
        .iter()
        .find(|a| a.key() == Some("deregistration_delay.timeout_seconds"))
        .and_then(|a| a.value())
        .map(str::to_string)
    };
    assert_eq!(delay(&aws).as_deref(), Some("120"));
    let l = aws
        .block_on(elb.describe_listeners().listener_arns(&listener).send())
        .unwrap()
        .listeners()[0]
        .clone();
    assert_eq!(l.load_balancer_arn(), Some(lb.as_str()));
    assert_eq!(l.port(), Some(80));
    assert_eq!(l.default_actions()[0].target_group_arn(), Some(tg.as_str()));
    let action = &attr(dir, "aws_lb_listener", "api", "default_action")[0];
    assert_eq!(action["target_group_arn"], tg.as_str());
    assert_eq!(action["forward"], serde_json::json!([]));
    assert_eq!(
        attr(dir, "aws_lb_target_group", "api", "arn_suffix")
            .as_str()
            .unwrap(),
        tg.split_once(":targetgroup/")
            .map(|(_, s)| format!("targetgroup/{s}"))
            .unwrap()
    );
    assert_no_changes(&aws, dir, &[]);

    edit(
        dir,
        "deregistration_delay = 120",
        "deregistration_delay = 60",
    );
    edit(dir, "interval = 30", "interval = 10");
    edit(dir, "port              = 80", "port              = 8443");
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 2 changed, 0 destroyed"), "{out}");
    assert_eq!(delay(&aws).as_deref(), Some("60"));
    assert_eq!(group(&aws).health_check_interval_seconds(), Some(10));
    let l = aws
        .block_on(elb.describe_listeners().listener_arns(&listener).send())
        .unwrap()
        .listeners()[0]
        .clone();
    assert_eq!(l.port(), Some(8443));
    assert_no_changes(&aws, dir, &[]);

    for (address, id) in [
        ("aws_lb.api", &lb),
        ("aws_lb_target_group.api", &tg),
        ("aws_lb_listener.api", &listener),
    ] {
        aws.ok(dir, &["state", "rm", address]);
        aws.ok(dir, &["import", address, id]);
    }
    assert_no_changes(&aws, dir, &[]);

    aws.ok(dir, &["destroy", "-auto-approve"]);
    let gone = aws.block_on(elb.describe_target_groups().target_group_arns(&tg).send());
    assert!(
        gone.as_ref().map_or(true, |o| o.target_groups().is_empty()),
        "{gone:?}"
    );
    let gone = aws.block_on(elb.describe_load_balancers().load_balancer_arns(&lb).send());
    assert!(
        gone.as_ref()
            .map_or(true, |o| o.load_balancers().is_empty()),
        "{gone:?}"
    );
}
