//! A custom domain name and the mapping of one of its paths to a deployed
//! stage, on the emulator: created, read back with the test's own SDK
//! client, the mapping moved to another path in place, both imported by
//! their Terraform import IDs with nothing to change, and destroyed.
//! (LocalStack has no UpdateDomainName, and drops a domain name's tags:
//! the domain's update operations are a unit test in
//! `apigateway/domain_name.rs`, and the configuration sets no tags.)

use crate::common;

use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
resource "aws_api_gateway_rest_api" "mapped" {
  name = "${var.prefix}mapped"
}

resource "aws_api_gateway_method" "root" {
  rest_api_id   = aws_api_gateway_rest_api.mapped.id
  resource_id   = aws_api_gateway_rest_api.mapped.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "root" {
  rest_api_id = aws_api_gateway_rest_api.mapped.id
  resource_id = aws_api_gateway_rest_api.mapped.root_resource_id
  http_method = aws_api_gateway_method.root.http_method
  type        = "MOCK"
}

resource "aws_api_gateway_deployment" "mapped" {
  rest_api_id = aws_api_gateway_rest_api.mapped.id
  depends_on  = [aws_api_gateway_integration.root]
}

resource "aws_api_gateway_stage" "v1" {
  rest_api_id   = aws_api_gateway_rest_api.mapped.id
  deployment_id = aws_api_gateway_deployment.mapped.id
  stage_name    = "v1"
}

resource "aws_api_gateway_domain_name" "api" {
  domain_name              = "${var.prefix}api.example.com"
  regional_certificate_arn = "arn:aws:acm:us-east-1:000000000000:certificate/5e1c4a3f-0c7d-4b0e-9a35-000000000001"

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "aws_api_gateway_base_path_mapping" "orders" {
  api_id      = aws_api_gateway_rest_api.mapped.id
  stage_name  = aws_api_gateway_stage.v1.stage_name
  domain_name = aws_api_gateway_domain_name.api.domain_name
  base_path   = "orders"
}
"#;

#[test]
fn custom_domain_with_a_base_path_mapping() {
    let Some(aws) = Aws::start("custom domain") else {
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
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("7 added, 0 changed, 0 destroyed"), "{out}");

    let domain = aws
        .block_on(
            aws.apigw
                .get_domain_name()
                .domain_name("api.example.com")
                .send(),
        )
        .unwrap();
    assert_eq!(
        domain.regional_certificate_arn(),
        Some("arn:aws:acm:us-east-1:000000000000:certificate/5e1c4a3f-0c7d-4b0e-9a35-000000000001")
    );
    assert_eq!(
        attr(dir, "aws_api_gateway_domain_name", "api", "arn"),
        "arn:aws:apigateway:us-east-1::/domainnames/api.example.com"
    );
    let api = aws.api("mapped").id().unwrap().to_string();
    let mapping = aws
        .block_on(
            aws.apigw
                .get_base_path_mapping()
                .domain_name("api.example.com")
                .base_path("orders")
                .send(),
        )
        .unwrap();
    assert_eq!(mapping.rest_api_id(), Some(api.as_str()));
    assert_eq!(mapping.stage(), Some("v1"));
    assert_eq!(
        attr(dir, "aws_api_gateway_base_path_mapping", "orders", "id"),
        "api.example.com/orders"
    );
    assert_no_changes(&aws, dir, &[]);

    // The mapping moves to another path in place.
    edit(dir, "base_path   = \"orders\"", "base_path   = \"v2\"");
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    let moved = aws.block_on(
        aws.apigw
            .get_base_path_mapping()
            .domain_name("api.example.com")
            .base_path("v2")
            .send(),
    );
    assert!(moved.is_ok(), "{moved:?}");
    assert_eq!(
        attr(dir, "aws_api_gateway_base_path_mapping", "orders", "id"),
        "api.example.com/v2"
    );
    assert_no_changes(&aws, dir, &[]);

    for (address, id) in [
        ("aws_api_gateway_domain_name.api", "api.example.com"),
        (
            "aws_api_gateway_base_path_mapping.orders",
            "api.example.com/v2",
        ),
    ] {
        aws.ok(dir, &["state", "rm", address]);
        aws.ok(dir, &["import", address, id]);
    }
    assert_no_changes(&aws, dir, &[]);

    aws.ok(dir, &["destroy", "-auto-approve"]);
    let gone = aws.block_on(
        aws.apigw
            .get_domain_name()
            .domain_name("api.example.com")
            .send(),
    );
    assert!(gone.is_err(), "{gone:?}");
}
