//! `aws_api_gateway_rest_api_put` on the emulator: an OpenAPI document put
//! into an API made by its own resource, deployed and answering over
//! HTTP; leaving `fail_on_warnings` out afterwards changes nothing; a new
//! document replaces the put (every argument forces a new one) and the
//! redeployment serves the new route; destroying the put leaves the API
//! as it is, and the API itself goes with its own resource.

use crate::common;

use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
resource "aws_api_gateway_rest_api" "put" {
  name = "${var.prefix}put-target"
}

resource "aws_api_gateway_rest_api_put" "put" {
  rest_api_id      = aws_api_gateway_rest_api.put.id
  fail_on_warnings = false

  body = jsonencode({
    openapi = "3.0.1"
    info    = { title = "put", version = "1" }
    paths = {
      "/pets" = {
        get = {
          responses = { "200" = { description = "the pets" } }
          "x-amazon-apigateway-integration" = {
            type             = "MOCK"
            requestTemplates = { "application/json" = "{\"statusCode\": 200}" }
            responses = {
              default = {
                statusCode        = "200"
                responseTemplates = { "application/json" = "[\"rex\"]" }
              }
            }
          }
        }
      }
    }
  })
}

resource "aws_api_gateway_deployment" "put" {
  rest_api_id = aws_api_gateway_rest_api.put.id

  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api_put.put.body)
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "put" {
  rest_api_id   = aws_api_gateway_rest_api.put.id
  deployment_id = aws_api_gateway_deployment.put.id
  stage_name    = "v1"
}
"#;

#[test]
fn an_openapi_document_put_into_an_api() {
    let Some(aws) = Aws::start("rest_api_put") else {
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
    let plan = aws.ok(dir, &["plan", "-no-color"]);
    assert!(
        plan.contains("      + fail_on_warnings = false\n      + rest_api_id      = (known after apply)\n    }"),
        "{plan}"
    );
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("4 added, 0 changed, 0 destroyed"), "{out}");
    let id = aws.api("put-target").id().unwrap().to_string();
    let base = format!("{}/restapis/{id}/v1/_user_request_", aws.emu.endpoint());
    let answer = common::http("GET", &format!("{base}/pets"), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, r#"["rex"]"#);
    assert_no_changes(&aws, dir, &[]);

    // Optional and computed: left out, the recorded value stays.
    edit(dir, "  fail_on_warnings = false\n", "");
    assert_no_changes(&aws, dir, &[]);

    // A new document is a new put; the trigger redeploys it.
    edit(dir, r#""/pets" = {"#, r#""/cats" = {"#);
    let plan = aws.ok(dir, &["plan", "-no-color"]);
    assert!(
        plan.contains("# aws_api_gateway_rest_api_put.put must be replaced"),
        "{plan}"
    );
    assert!(
        plan.contains("~ body             = jsonencode( # forces replacement"),
        "{plan}"
    );
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("2 added, 1 changed, 2 destroyed"), "{out}");
    // The provider's default, recorded though the configuration says nothing.
    assert_eq!(
        attr(
            dir,
            "aws_api_gateway_rest_api_put",
            "put",
            "fail_on_warnings"
        ),
        false
    );
    let answer = common::http("GET", &format!("{base}/cats"), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_no_changes(&aws, dir, &[]);

    // Destroying the put alone leaves the API and its routes.
    let out = aws.ok(
        dir,
        &[
            "destroy",
            "-auto-approve",
            "-target=aws_api_gateway_rest_api_put.put",
        ],
    );
    assert!(out.contains("destroyed"), "{out}");
    aws.resource(&id, "/cats");

    aws.ok(dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("put-target").is_empty());
}
