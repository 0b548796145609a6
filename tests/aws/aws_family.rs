//! The rest of a REST API's configuration on the emulator: an authorizer,
//! a request validator, a model, a gateway response, a resource policy,
//! a client certificate and documentation (a part and a version), wired
//! into a method. Each applies, reads back as the test's own SDK
//! client sees it, changes in place, imports by Terraform's import ID with
//! nothing to change, and is destroyed.

use crate::common;

use common::{assert_no_changes, attr, edit, text, Aws};

const CONFIG: &str = r#"
resource "aws_api_gateway_rest_api" "api" {
  name = "family"
}

resource "aws_api_gateway_authorizer" "token" {
  name           = "token-auth"
  rest_api_id    = aws_api_gateway_rest_api.api.id
  authorizer_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations"
}

resource "aws_api_gateway_request_validator" "body" {
  name                  = "body-only"
  rest_api_id           = aws_api_gateway_rest_api.api.id
  validate_request_body = true
}

resource "aws_api_gateway_model" "order" {
  rest_api_id  = aws_api_gateway_rest_api.api.id
  name         = "Order"
  description  = "an order"
  content_type = "application/json"
  schema = jsonencode({
    type       = "object"
    required   = ["id"]
    properties = { id = { type = "string" } }
  })
}

resource "aws_api_gateway_gateway_response" "unauthorized" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  response_type = "UNAUTHORIZED"
  status_code   = "401"

  response_templates = {
    "application/json" = "{\"message\":$context.error.messageString}"
  }

  response_parameters = {
    "gatewayresponse.header.WWW-Authenticate" = "'Bearer'"
  }
}

resource "aws_api_gateway_rest_api_policy" "policy" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "${aws_api_gateway_rest_api.api.execution_arn}/*"
    }]
  })
}

resource "aws_api_gateway_account" "this" {
  cloudwatch_role_arn = "arn:aws:iam::000000000000:role/api-gateway-logs"
}

resource "aws_api_gateway_client_certificate" "backend" {
  description = "presented to the backend"
}

resource "aws_api_gateway_documentation_part" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  properties  = jsonencode({ description = "The family API" })

  location {
    type = "API"
  }
}

resource "aws_api_gateway_documentation_version" "v1" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  version     = "1.0"
  description = "first"
  depends_on  = [aws_api_gateway_documentation_part.api]
}

resource "aws_api_gateway_method" "post" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_rest_api.api.root_resource_id
  http_method          = "POST"
  authorization        = "CUSTOM"
  authorizer_id        = aws_api_gateway_authorizer.token.id
  request_validator_id = aws_api_gateway_request_validator.body.id
  request_models = {
    "application/json" = aws_api_gateway_model.order.name
  }
}
"#;

#[test]
fn authorizers_validators_models_gateway_responses_and_policies() {
    let Some(aws) = Aws::start("authorizers_validators_models") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("family");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("11 added, 0 changed, 0 destroyed"), "{out}");
    let api = aws.api("family").id().unwrap().to_string();

    let id = |t: &str, n: &str| attr(&dir, t, n, "id").as_str().unwrap().to_string();
    let auth = aws
        .block_on(
            aws.apigw
                .get_authorizer()
                .rest_api_id(&api)
                .authorizer_id(id("aws_api_gateway_authorizer", "token"))
                .send(),
        )
        .unwrap();
    assert_eq!(auth.name(), Some("token-auth"));
    assert_eq!(
        auth.identity_source(),
        Some("method.request.header.Authorization")
    );
    let validator = aws
        .block_on(
            aws.apigw
                .get_request_validator()
                .rest_api_id(&api)
                .request_validator_id(id("aws_api_gateway_request_validator", "body"))
                .send(),
        )
        .unwrap();
    assert!(validator.validate_request_body() && !validator.validate_request_parameters());
    let model = aws
        .block_on(
            aws.apigw
                .get_model()
                .rest_api_id(&api)
                .model_name("Order")
                .send(),
        )
        .unwrap();
    assert_eq!(model.description(), Some("an order"));
    let gw = aws
        .block_on(
            aws.apigw
                .get_gateway_response()
                .rest_api_id(&api)
                .response_type("UNAUTHORIZED".into())
                .send(),
        )
        .unwrap();
    assert_eq!(gw.status_code(), Some("401"));
    let held = aws
        .block_on(aws.apigw.get_rest_api().rest_api_id(&api).send())
        .unwrap();
    assert!(
        held.policy()
            .unwrap_or_default()
            .contains("execute-api:Invoke"),
        "{:?}",
        held.policy()
    );
    let root = attr(&dir, "aws_api_gateway_rest_api", "api", "root_resource_id");
    let account = aws.block_on(aws.apigw.get_account().send()).unwrap();
    assert_eq!(
        account.cloudwatch_role_arn(),
        Some("arn:aws:iam::000000000000:role/api-gateway-logs")
    );
    let method = aws
        .method(&api, root.as_str().unwrap(), "POST")
        .expect("the method exists");
    assert_eq!(
        method.authorizer_id(),
        Some(id("aws_api_gateway_authorizer", "token").as_str())
    );
    assert_no_changes(&aws, &dir, &[]);

    // Changes in place, then nothing more to change.
    edit(
        &dir,
        "validate_request_body = true",
        "validate_request_body = false",
    );
    edit(
        &dir,
        r#"description  = "an order""#,
        r#"description  = "one order""#,
    );
    edit(&dir, r#"status_code   = "401""#, r#"status_code   = "403""#);
    edit(
        &dir,
        r#"description = "first""#,
        r#"description = "the first""#,
    );
    edit(
        &dir,
        r#"name           = "token-auth""#,
        "name           = \"token-auth\"\n  authorizer_result_ttl_in_seconds = 60",
    );
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 5 changed, 0 destroyed"), "{out}");
    let auth = aws
        .block_on(
            aws.apigw
                .get_authorizer()
                .rest_api_id(&api)
                .authorizer_id(id("aws_api_gateway_authorizer", "token"))
                .send(),
        )
        .unwrap();
    assert_eq!(auth.authorizer_result_ttl_in_seconds(), Some(60));
    assert_no_changes(&aws, &dir, &[]);

    // Forgotten and imported by Terraform's import IDs: nothing to change.
    let imports = [
        (
            "aws_api_gateway_authorizer.token",
            format!("{api}/{}", id("aws_api_gateway_authorizer", "token")),
        ),
        (
            "aws_api_gateway_request_validator.body",
            format!("{api}/{}", id("aws_api_gateway_request_validator", "body")),
        ),
        ("aws_api_gateway_model.order", format!("{api}/Order")),
        (
            "aws_api_gateway_gateway_response.unauthorized",
            format!("{api}/UNAUTHORIZED"),
        ),
        ("aws_api_gateway_rest_api_policy.policy", api.clone()),
        (
            "aws_api_gateway_client_certificate.backend",
            id("aws_api_gateway_client_certificate", "backend"),
        ),
        (
            "aws_api_gateway_documentation_part.api",
            id("aws_api_gateway_documentation_part", "api"),
        ),
        (
            "aws_api_gateway_documentation_version.v1",
            format!("{api}/1.0"),
        ),
        (
            "aws_api_gateway_account.this",
            "api-gateway-account".to_string(),
        ),
    ];
    for (addr, import_id) in &imports {
        aws.ok(&dir, &["state", "rm", addr]);
        let o = aws.gantry(&dir, &["import", addr, import_id]);
        assert!(
            o.status.success(),
            "import {addr} {import_id}: {}",
            text(&o)
        );
    }
    assert_no_changes(&aws, &dir, &[]);

    aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("family").is_empty());
}
