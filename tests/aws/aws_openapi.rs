//! A REST API defined by its OpenAPI `body` (`put_rest_api_mode`,
//! deployed through a redeployment trigger on the body's hash), on the
//! emulator: the routes the document declares exist and answer over HTTP,
//! the configured name wins over the document's title, a changed document
//! updates the API in place and redeploys it, and an imported API gets
//! the provider's reconciling update before it plans nothing.

use crate::common;

use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
resource "aws_api_gateway_rest_api" "openapi" {
  name              = "${var.prefix}openapi"
  description       = "defined by its OpenAPI document"
  put_rest_api_mode = "overwrite"

  body = jsonencode({
    openapi = "3.0.1"
    info = {
      title   = "the document's own title"
      version = "1.0"
    }
    paths = {
      "/pets" = {
        get = {
          responses = {
            "200" = { description = "the pets" }
          }
          "x-amazon-apigateway-integration" = {
            type = "MOCK"
            requestTemplates = {
              "application/json" = "{\"statusCode\": 200}"
            }
            responses = {
              default = {
                statusCode = "200"
                responseTemplates = {
                  "application/json" = "[{\"id\": 1}]"
                }
              }
            }
          }
        }
      }
    }
  })
}

resource "aws_api_gateway_deployment" "openapi" {
  rest_api_id = aws_api_gateway_rest_api.openapi.id

  triggers = {
    redeployment = sha1(aws_api_gateway_rest_api.openapi.body)
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "openapi" {
  rest_api_id   = aws_api_gateway_rest_api.openapi.id
  deployment_id = aws_api_gateway_deployment.openapi.id
  stage_name    = "v1"
}
"#;

#[test]
fn an_api_defined_by_its_openapi_body() {
    let Some(aws) = Aws::start("openapi") else {
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
    assert!(out.contains("3 added, 0 changed, 0 destroyed"), "{out}");

    // The configured name and description, not the document's title.
    let api = aws.api("openapi");
    assert_eq!(api.description(), Some("defined by its OpenAPI document"));
    let id = api.id().unwrap().to_string();
    let pets = aws.resource(&id, "/pets");
    assert!(pets.resource_methods().unwrap().contains_key("GET"));
    let base = format!("{}/restapis/{id}/v1/_user_request_", aws.emu.endpoint());
    let answer = common::http("GET", &format!("{base}/pets"), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, r#"[{"id": 1}]"#);
    assert_no_changes(&aws, dir, &[]);

    // A new route in the document: the API changes in place, and the
    // trigger replaces the deployment so that the stage serves it.
    edit(
        dir,
        r#"      "/pets" = {"#,
        r#"      "/owners" = {
        get = {
          responses = {
            "200" = { description = "the owners" }
          }
          "x-amazon-apigateway-integration" = {
            type = "MOCK"
            requestTemplates = {
              "application/json" = "{\"statusCode\": 200}"
            }
            responses = {
              default = {
                statusCode = "200"
                responseTemplates = {
                  "application/json" = "[\"ann\"]"
                }
              }
            }
          }
        }
      }
      "/pets" = {"#,
    );
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("1 added, 2 changed, 1 destroyed"), "{out}");
    aws.resource(&id, "/owners");
    let answer = common::http("GET", &format!("{base}/owners"), &[]);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.body, r#"["ann"]"#);
    assert_no_changes(&aws, dir, &[]);

    // Imported, the API has no body on record: the next apply puts the
    // document (the provider's reconciling update), then nothing changes.
    aws.ok(dir, &["state", "rm", "aws_api_gateway_rest_api.openapi"]);
    aws.ok(dir, &["import", "aws_api_gateway_rest_api.openapi", &id]);
    assert_eq!(
        attr(dir, "aws_api_gateway_rest_api", "openapi", "id"),
        id.as_str()
    );
    aws.ok(dir, &["apply", "-auto-approve"]);
    assert_no_changes(&aws, dir, &[]);
    aws.resource(&id, "/owners");

    aws.ok(dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("openapi").is_empty());
}
