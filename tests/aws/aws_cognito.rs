//! A Cognito user pool and the `COGNITO_USER_POOLS` authorizer that
//! checks its tokens: applied, read back with the test's own SDK clients,
//! changed in place, imported with nothing to change, destroyed. (The
//! emulator serves Cognito through moto: see emulator/plugin.)

use crate::common;

use common::{assert_no_changes, attr, edit, Aws};

const CONFIG: &str = r#"
resource "aws_cognito_user_pool" "users" {
  name                     = "${var.prefix}api-users"
  auto_verified_attributes = ["email"]

  password_policy {
    minimum_length  = 10
    require_symbols = false
  }

  account_recovery_setting {
    recovery_mechanism {
      name     = "verified_email"
      priority = 1
    }
  }

  tags = {
    app = "api"
  }
}

resource "aws_api_gateway_rest_api" "users" {
  name = "${var.prefix}users-api"
}

resource "aws_api_gateway_authorizer" "users" {
  name          = "users"
  rest_api_id   = aws_api_gateway_rest_api.users.id
  type          = "COGNITO_USER_POOLS"
  provider_arns = [aws_cognito_user_pool.users.arn]
}
"#;

#[test]
fn user_pool_and_its_authorizer() {
    let Some(aws) = Aws::start("cognito") else {
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

    let id = attr(dir, "aws_cognito_user_pool", "users", "id")
        .as_str()
        .unwrap()
        .to_string();
    let pool = |aws: &Aws| {
        aws.block_on(aws.cognito.describe_user_pool().user_pool_id(&id).send())
            .unwrap()
            .user_pool()
            .unwrap()
            .clone()
    };
    let p = pool(&aws);
    assert_eq!(p.name(), Some("api-users"));
    let min_length = |p: &aws_sdk_cognitoidentityprovider::types::UserPoolType| {
        p.policies()
            .and_then(|x| x.password_policy())
            .and_then(|x| x.minimum_length())
    };
    assert_eq!(min_length(&p), Some(10));
    assert_eq!(
        p.account_recovery_setting().unwrap().recovery_mechanisms()[0]
            .name()
            .as_str(),
        "verified_email"
    );
    let arn = attr(dir, "aws_cognito_user_pool", "users", "arn");
    assert_eq!(arn.as_str(), p.arn());
    assert_eq!(
        attr(dir, "aws_api_gateway_authorizer", "users", "provider_arns"),
        serde_json::json!([arn])
    );
    assert_eq!(
        attr(dir, "aws_cognito_user_pool", "users", "endpoint"),
        format!("cognito-idp.us-east-1.amazonaws.com/{id}").as_str()
    );
    assert_no_changes(&aws, dir, &[]);

    edit(dir, "minimum_length  = 10", "minimum_length  = 12");
    edit(dir, "app = \"api\"", "app = \"users\"");
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 1 changed, 0 destroyed"), "{out}");
    let p = pool(&aws);
    assert_eq!(min_length(&p), Some(12));
    assert_eq!(
        p.user_pool_tags()
            .and_then(|t| t.get("app"))
            .map(String::as_str),
        Some("users")
    );
    assert_no_changes(&aws, dir, &[]);

    aws.ok(dir, &["state", "rm", "aws_cognito_user_pool.users"]);
    aws.ok(dir, &["import", "aws_cognito_user_pool.users", &id]);
    assert_no_changes(&aws, dir, &[]);

    aws.ok(dir, &["destroy", "-auto-approve"]);
    let gone = aws.block_on(aws.cognito.describe_user_pool().user_pool_id(&id).send());
    assert!(gone.is_err(), "{gone:?}");
}
