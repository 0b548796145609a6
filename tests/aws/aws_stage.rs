//! A REST API that answers HTTP calls: `examples/hello-stage` (method and
//! integration responses, a deployment with a redeployment trigger, a
//! stage) applied to the emulator, called over HTTP, changed and
//! redeployed, re-planned with no changes, imported back by Terraform's
//! import IDs, and destroyed.

use crate::common;

use common::{assert_no_changes, attr, copy_example, edit, http_get, text, Aws};

fn call(aws: &Aws, api: &str) -> common::HttpAnswer {
    http_get(&format!(
        "{}/restapis/{api}/test/_user_request_/hello",
        aws.emu.endpoint()
    ))
}

#[test]
fn a_deployed_stage_answers_and_a_changed_response_is_redeployed() {
    let Some(aws) = Aws::start("a_deployed_stage_answers") else {
        return;
    };
    let (_tmp, dir) = copy_example("hello-stage");
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("8 added, 0 changed, 0 destroyed"), "{out}");
    let api = aws.api("hello-stage").id().unwrap().to_string();

    // The test's own SDK client sees what gantry made.
    let stage = aws
        .block_on(
            aws.apigw
                .get_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .send(),
        )
        .unwrap();
    let deployment = attr(&dir, "aws_api_gateway_deployment", "this", "id");
    assert_eq!(Some(deployment.as_str().unwrap()), stage.deployment_id());
    assert_eq!(
        stage
            .variables()
            .and_then(|v| v.get("greeting"))
            .map(String::as_str),
        Some("hello")
    );
    assert_eq!(
        attr(&dir, "aws_api_gateway_stage", "test", "invoke_url"),
        format!("https://{api}.execute-api.us-east-1.amazonaws.com/test")
    );

    let answer = call(&aws, &api);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("x-greeting"), Some("hello"));
    assert_eq!(answer.body, r#"{"message":"hello"}"#);
    assert_no_changes(&aws, &dir, &[]);

    // A new greeting: the integration response changes in place, the
    // trigger replaces the deployment (the new one first) and the stage
    // moves to it.
    edit(&dir, r#"default = "hello""#, r#"default = "bonjour""#);
    let plan = aws.ok(&dir, &["plan"]);
    assert!(
        plan.contains("aws_api_gateway_deployment.this must be replaced")
            && plan.contains("+/- create replacement and then destroy"),
        "{plan}"
    );
    assert!(
        plan.contains("aws_api_gateway_integration_response.ok will be updated in-place"),
        "{plan}"
    );
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("1 added, 2 changed, 1 destroyed"), "{out}");
    let answer = call(&aws, &api);
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(answer.header("x-greeting"), Some("bonjour"));
    assert_eq!(answer.body, r#"{"message":"bonjour"}"#);
    let deployments = aws
        .block_on(aws.apigw.get_deployments().rest_api_id(&api).send())
        .unwrap();
    assert_eq!(deployments.items().len(), 1, "the old deployment is gone");
    assert_no_changes(&aws, &dir, &[]);

    // Forgotten, then imported by Terraform's import IDs: nothing to change.
    let res = attr(&dir, "aws_api_gateway_resource", "hello", "id");
    let res = res.as_str().unwrap();
    let imports = [
        ("aws_api_gateway_stage.test", format!("{api}/test")),
        (
            "aws_api_gateway_method_response.ok",
            format!("{api}/{res}/GET/200"),
        ),
        (
            "aws_api_gateway_integration_response.ok",
            format!("{api}/{res}/GET/200"),
        ),
    ];
    for (addr, id) in &imports {
        aws.ok(&dir, &["state", "rm", addr]);
        aws.ok(&dir, &["import", addr, id]);
    }
    assert_no_changes(&aws, &dir, &[]);
    // A deployment's triggers exist only in configuration ("cannot be
    // imported", as the provider documents): imported, it is planned for
    // replacement by them, as Terraform plans it.
    let deployment = attr(&dir, "aws_api_gateway_deployment", "this", "id");
    let deployment = deployment.as_str().unwrap().to_string();
    aws.ok(&dir, &["state", "rm", "aws_api_gateway_deployment.this"]);
    aws.ok(
        &dir,
        &[
            "import",
            "aws_api_gateway_deployment.this",
            &format!("{api}/{deployment}"),
        ],
    );
    assert_eq!(
        attr(&dir, "aws_api_gateway_deployment", "this", "id"),
        deployment.as_str()
    );
    let plan = text(&aws.gantry(&dir, &["plan"]));
    assert!(
        plan.contains("aws_api_gateway_deployment.this must be replaced")
            && plan.contains("+ triggers")
            && plan.contains("Plan: 1 to add, 1 to change, 1 to destroy."),
        "{plan}"
    );

    aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("hello-stage").is_empty());
}

const METERED: &str = r#"
resource "aws_api_gateway_api_key" "client" {
  name = "client"
}

resource "aws_api_gateway_usage_plan" "basic" {
  name = "basic"

  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.test.stage_name

    throttle {
      path       = "/hello/GET"
      rate_limit = 5
    }
  }

  quota_settings {
    limit  = 1000
    period = "DAY"
  }

  throttle_settings {
    burst_limit = 5
    rate_limit  = 10
  }
}

resource "aws_api_gateway_usage_plan_key" "client" {
  key_id        = aws_api_gateway_api_key.client.id
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.basic.id
}

resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.test.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled = true
    logging_level   = "INFO"
  }
}
"#;

#[test]
fn usage_plans_keys_and_method_settings_on_a_stage() {
    let Some(aws) = Aws::start("usage_plans_keys_and_method_settings") else {
        return;
    };
    let (_tmp, dir) = copy_example("hello-stage");
    std::fs::write(dir.join("metered.tf"), METERED).unwrap();
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("12 added, 0 changed, 0 destroyed"), "{out}");
    let api = aws.api("hello-stage").id().unwrap().to_string();
    let plan_id = attr(&dir, "aws_api_gateway_usage_plan", "basic", "id");
    let plan_id = plan_id.as_str().unwrap().to_string();
    let key_id = attr(&dir, "aws_api_gateway_api_key", "client", "id");
    let key_id = key_id.as_str().unwrap().to_string();

    let plan = aws
        .block_on(aws.apigw.get_usage_plan().usage_plan_id(&plan_id).send())
        .unwrap();
    assert_eq!(plan.quota().map(|q| q.limit()), Some(1000));
    assert_eq!(plan.throttle().map(|t| t.burst_limit()), Some(5));
    assert_eq!(plan.api_stages().len(), 1);
    let method_throttle =
        |plan: &aws_sdk_apigateway::operation::get_usage_plan::GetUsagePlanOutput| {
            plan.api_stages()[0]
                .throttle()
                .and_then(|t| t.get("/hello/GET"))
                .map(|t| (t.rate_limit(), t.burst_limit()))
        };
    assert_eq!(method_throttle(&plan), Some((5.0, 0)));
    let keys = aws
        .block_on(
            aws.apigw
                .get_usage_plan_keys()
                .usage_plan_id(&plan_id)
                .send(),
        )
        .unwrap();
    assert_eq!(
        keys.items()
            .iter()
            .filter_map(|k| k.id())
            .collect::<Vec<_>>(),
        [key_id.as_str()]
    );
    let stage = aws
        .block_on(
            aws.apigw
                .get_stage()
                .rest_api_id(&api)
                .stage_name("test")
                .send(),
        )
        .unwrap();
    let all = stage.method_settings().and_then(|m| m.get("*/*")).unwrap();
    assert!(all.metrics_enabled());
    assert_eq!(all.logging_level(), Some("INFO"));
    // The key's value is sensitive: never printed.
    assert!(!out.contains(
        attr(&dir, "aws_api_gateway_api_key", "client", "value")
            .as_str()
            .unwrap()
    ));
    assert_no_changes(&aws, &dir, &[]);

    std::fs::write(
        dir.join("metered.tf"),
        METERED
            .replace("limit  = 1000", "limit  = 500")
            .replace(
                r#"logging_level   = "INFO""#,
                r#"logging_level   = "ERROR""#,
            )
            .replace(
                r#"name = "client""#,
                "name    = \"client\"\n  enabled = false",
            ),
    )
    .unwrap();
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("0 added, 3 changed, 0 destroyed"), "{out}");
    let plan = aws
        .block_on(aws.apigw.get_usage_plan().usage_plan_id(&plan_id).send())
        .unwrap();
    assert_eq!(plan.quota().map(|q| q.limit()), Some(500));
    // (LocalStack cannot change a stage's throttles: removing a stage that
    // has them fails there, so the update's operations are a unit test.)
    assert_eq!(method_throttle(&plan), Some((5.0, 0)));
    assert_no_changes(&aws, &dir, &[]);

    let imports = [
        ("aws_api_gateway_api_key.client", key_id.clone()),
        ("aws_api_gateway_usage_plan.basic", plan_id.clone()),
        (
            "aws_api_gateway_usage_plan_key.client",
            format!("{plan_id}/{key_id}"),
        ),
        (
            "aws_api_gateway_method_settings.all",
            format!("{api}/test/*/*"),
        ),
    ];
    for (addr, id) in &imports {
        aws.ok(&dir, &["state", "rm", addr]);
        let o = aws.gantry(&dir, &["import", addr, id]);
        assert!(o.status.success(), "import {addr} {id}: {}", text(&o));
    }
    assert_no_changes(&aws, &dir, &[]);

    aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("hello-stage").is_empty());
    let plans = aws.block_on(aws.apigw.get_usage_plans().send()).unwrap();
    assert!(plans.items().is_empty(), "{:?}", plans.items());
}

/// `examples/petstore`: MOCK routes, a Lambda proxy, a stage and a usage
/// plan; GET /pets answers the template, POST /pets wants the plan's key.
#[test]
fn the_petstore_answers_and_wants_its_api_key() {
    let Some(aws) = Aws::start("the_petstore_answers") else {
        return;
    };
    let (_tmp, dir) = copy_example("petstore");
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("21 added, 0 changed, 0 destroyed"), "{out}");
    let api = aws.api("petstore").id().unwrap().to_string();
    let key = aws.ok(&dir, &["output", "-raw", "api_key"]);
    let base = format!("{}/restapis/{api}/v1/_user_request_", aws.emu.endpoint());

    let pets = common::http("GET", &format!("{base}/pets"), &[]);
    assert_eq!(pets.status, 200, "{}", pets.body);
    let listed: serde_json::Value = serde_json::from_str(&pets.body).unwrap();
    assert_eq!(listed[0]["type"], "dog");
    let anonymous = common::http("POST", &format!("{base}/pets"), &[]);
    assert_eq!(anonymous.status, 403, "{}", anonymous.body);
    let partner = common::http(
        "POST",
        &format!("{base}/pets"),
        &[("x-api-key", key.trim())],
    );
    assert_eq!(partner.status, 201, "{}", partner.body);
    assert_eq!(partner.body, r#"{"message":"pet added"}"#);
    assert_no_changes(&aws, &dir, &[]);
    aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(aws.apis_named("petstore").is_empty());
}
