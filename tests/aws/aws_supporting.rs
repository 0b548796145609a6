//! The AWS types an API Gateway configuration wires in besides the API:
//! a Lambda alias (what an integration invokes for a stable version) with
//! the permission for API Gateway to invoke it, the
//! lookup of a function by name, and a CloudWatch log group (where a
//! stage's access logs go). Each applies, reads back as the
//! test's own SDK client sees it, changes in place, imports by Terraform's
//! import ID with nothing to change, and is destroyed.

use crate::common;

use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
resource "aws_iam_role" "fn" {
  name = "${var.prefix}supporting-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Action    = "sts:AssumeRole"
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_lambda_function" "fn" {
  function_name    = "${var.prefix}supporting"
  filename         = "pets.zip"
  source_code_hash = filebase64sha256("pets.zip")
  handler          = "lambda.lambda_handler"
  runtime          = "python3.12"
  role             = aws_iam_role.fn.arn
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  description      = "what the API invokes"
  function_name    = aws_lambda_function.fn.function_name
  function_version = "$LATEST"
}

resource "aws_lambda_permission" "invoke_live" {
  statement_id  = "AllowApiGatewayInvokeLive"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  qualifier     = aws_lambda_alias.live.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "arn:aws:execute-api:us-east-1:000000000000:abcdef1234/*/GET/pets"
}

resource "aws_cloudwatch_log_group" "access" {
  name              = "/aws/apigateway/${var.prefix}supporting"
  retention_in_days = 7

  tags = {
    team = "api"
  }
}

data "aws_lambda_function" "fn" {
  function_name = aws_lambda_function.fn.function_name
  depends_on    = [aws_lambda_function.fn]
}
"#;

fn setup(dir: &std::path::Path) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    std::fs::write(
        dir.join("vars.tf"),
        "variable \"prefix\" {\n  default = \"\"\n}\n",
    )
    .unwrap();
    std::fs::copy(
        root.join("examples/petstore/pets.zip"),
        dir.join("pets.zip"),
    )
    .unwrap();
}

#[test]
fn lambda_alias_log_group_and_function_lookup() {
    let Some(aws) = Aws::start("supporting types") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    setup(dir);
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("5 added, 0 changed, 0 destroyed"), "{out}");

    let alias = aws
        .block_on(
            aws.lambda
                .get_alias()
                .function_name("supporting")
                .name("live")
                .send(),
        )
        .unwrap();
    assert_eq!(alias.function_version(), Some("$LATEST"));
    assert_eq!(alias.description(), Some("what the API invokes"));
    let arn = alias.alias_arn().unwrap().to_string();
    assert_eq!(attr(dir, "aws_lambda_alias", "live", "id"), arn.as_str());
    assert_eq!(
        attr(dir, "aws_lambda_alias", "live", "invoke_arn"),
        format!("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
            .as_str()
    );
    // The lookup, read once the function existed.
    assert_eq!(
        attr(dir, "aws_lambda_function", "fn", "handler"),
        "lambda.lambda_handler"
    );
    let s = common::state(dir);
    let looked_up = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["mode"] == "data" && r["type"] == "aws_lambda_function")
        .expect("the data source is in state");
    assert_eq!(
        looked_up["instances"][0]["attributes"]["runtime"],
        "python3.12"
    );
    // The permission is in the alias's resource policy.
    let policy = aws
        .block_on(
            aws.lambda
                .get_policy()
                .function_name("supporting")
                .qualifier("live")
                .send(),
        )
        .unwrap();
    assert!(
        policy
            .policy()
            .unwrap()
            .contains("AllowApiGatewayInvokeLive"),
        "{policy:?}"
    );
    let group = log_group(&aws);
    assert_eq!(group.retention_in_days(), Some(7));
    assert_eq!(
        attr(dir, "aws_cloudwatch_log_group", "access", "arn"),
        group.arn().unwrap().trim_end_matches(":*")
    );
    assert_eq!(log_tags(&aws)["team"], "api");
    assert_no_changes(&aws, dir, &[]);

    edit(
        dir,
        "description      = \"what the API invokes\"",
        "description      = \"the stable version\"",
    );
    edit(dir, "retention_in_days = 7", "retention_in_days = 14");
    edit(dir, "team = \"api\"", "team = \"platform\"");
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 2 changed, 0 destroyed"), "{out}");
    assert_eq!(log_group(&aws).retention_in_days(), Some(14));
    assert_eq!(log_tags(&aws)["team"], "platform");
    let alias = aws
        .block_on(
            aws.lambda
                .get_alias()
                .function_name("supporting")
                .name("live")
                .send(),
        )
        .unwrap();
    assert_eq!(alias.description(), Some("the stable version"));
    assert_no_changes(&aws, dir, &[]);

    aws.ok(dir, &["state", "rm", "aws_lambda_alias.live"]);
    aws.ok(dir, &["import", "aws_lambda_alias.live", "supporting/live"]);
    aws.ok(dir, &["state", "rm", "aws_cloudwatch_log_group.access"]);
    aws.ok(
        dir,
        &[
            "import",
            "aws_cloudwatch_log_group.access",
            "/aws/apigateway/supporting",
        ],
    );
    assert_no_changes(&aws, dir, &[]);

    // A retention CloudWatch Logs does not offer is a validation error.
    edit(dir, "retention_in_days = 14", "retention_in_days = 8");
    let o = aws.gantry(dir, &["validate"]);
    let t = common::text(&o);
    assert_eq!(o.status.code(), Some(1), "{t}");
    assert!(t.contains("expected retention_in_days to be one of"), "{t}");
    edit(dir, "retention_in_days = 8", "retention_in_days = 14");

    aws.ok(dir, &["destroy", "-auto-approve"]);
    let gone = aws.block_on(
        aws.lambda
            .get_alias()
            .function_name("supporting")
            .name("live")
            .send(),
    );
    assert!(gone.is_err(), "{gone:?}");
    let left = aws
        .block_on(
            aws.logs
                .describe_log_groups()
                .log_group_name_prefix("/aws/apigateway/supporting")
                .send(),
        )
        .unwrap();
    assert!(left.log_groups().is_empty(), "{left:?}");
}

fn log_group(aws: &Aws) -> aws_sdk_cloudwatchlogs::types::LogGroup {
    let out = aws
        .block_on(
            aws.logs
                .describe_log_groups()
                .log_group_name_prefix("/aws/apigateway/supporting")
                .send(),
        )
        .unwrap();
    out.log_groups()[0].clone()
}

fn log_tags(aws: &Aws) -> std::collections::HashMap<String, String> {
    let arn = log_group(aws)
        .arn()
        .unwrap()
        .trim_end_matches(":*")
        .to_string();
    aws.block_on(aws.logs.list_tags_for_resource().resource_arn(arn).send())
        .unwrap()
        .tags()
        .cloned()
        .unwrap_or_default()
}
