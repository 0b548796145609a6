//! gantry's behaviour against LocalStack beyond the happy path: import of
//! an object made outside gantry (CLI and `import` block), drift, a
//! failure in the middle of an apply, and a large API refreshed with a
//! few GetResources pages.

use crate::common;

use std::path::Path;

use common::{assert_no_changes, attr, copy_example, edit, state, text, Aws};

/// Makes an integration like the mock example's outside gantry.
fn put_mock_integration(aws: &Aws, api: &str, res: &str, method: &str) {
    aws.block_on(
        aws.apigw
            .put_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(method)
            .r#type(aws_sdk_apigateway::types::IntegrationType::Mock)
            .request_parameters("integration.request.header.X-Authorization", "'static'")
            .request_templates("application/xml", "{\n   \"body\" : $input.json('$')\n}\n")
            .cache_namespace("foobar")
            .cache_key_parameters("method.request.path.param")
            .timeout_in_millis(29000)
            .send(),
    )
    .unwrap();
    // LocalStack ignores cacheNamespace on PutIntegration (it uses the
    // resource id); the update sets it, as it would be on AWS.
    aws.block_on(
        aws.apigw
            .update_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(method)
            .patch_operations(
                aws_sdk_apigateway::types::PatchOperation::builder()
                    .op(aws_sdk_apigateway::types::Op::Replace)
                    .path("/cacheNamespace")
                    .value("foobar")
                    .build(),
            )
            .send(),
    )
    .unwrap();
}

fn ids(dir: &Path) -> (String, String) {
    let api = attr(dir, "aws_api_gateway_rest_api", "MyDemoAPI", "id");
    let res = attr(dir, "aws_api_gateway_resource", "MyDemoResource", "id");
    (
        api.as_str().unwrap().to_string(),
        res.as_str().unwrap().to_string(),
    )
}

#[test]
fn import_of_an_integration_made_outside_gantry() {
    let Some(aws) = Aws::start("import_of_an_integration_made_outside_gantry") else {
        return;
    };
    let (_tmp, dir) = copy_example("mock-integration");
    // Everything but the integration, which is made outside gantry.
    aws.ok(
        &dir,
        &[
            "apply",
            "-auto-approve",
            "-target=aws_api_gateway_method.MyDemoMethod",
        ],
    );
    let (api, res) = ids(&dir);
    put_mock_integration(&aws, &api, &res, "GET");
    let import_id = format!("{api}/{res}/GET");

    // Not in state: the plan would create it (and the API would refuse a
    // second one).
    let plan = aws.ok(&dir, &["plan"]);
    assert!(
        plan.contains("aws_api_gateway_integration.MyDemoIntegration will be created"),
        "{plan}"
    );

    // Bad IDs are clear errors.
    let bad = aws.gantry(
        &dir,
        &[
            "import",
            "aws_api_gateway_integration.MyDemoIntegration",
            "just-one-part",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("expected REST-API-ID/RESOURCE-ID/HTTP-METHOD"),
        "{}",
        text(&bad)
    );
    let missing = aws.gantry(
        &dir,
        &["import", "aws_api_gateway_integration.Nope", &import_id],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing).contains("Configuration for import target does not exist"));

    let out = aws.ok(
        &dir,
        &[
            "import",
            "aws_api_gateway_integration.MyDemoIntegration",
            &import_id,
        ],
    );
    assert!(out.contains("Import successful!"), "{out}");
    assert_eq!(
        attr(
            &dir,
            "aws_api_gateway_integration",
            "MyDemoIntegration",
            "id"
        ),
        format!("agi-{api}-{res}-GET").as_str()
    );
    assert_no_changes(&aws, &dir, &[]);

    // The same through an import block: forget it, declare the import.
    aws.ok(
        &dir,
        &[
            "state",
            "rm",
            "aws_api_gateway_integration.MyDemoIntegration",
        ],
    );
    let main = std::fs::read_to_string(dir.join("main.tf")).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        format!("{main}\nimport {{\n  to = aws_api_gateway_integration.MyDemoIntegration\n  id = \"{import_id}\"\n}}\n"),
    )
    .unwrap();
    let plan = aws.ok(&dir, &["plan"]);
    assert!(
        plan.contains("# aws_api_gateway_integration.MyDemoIntegration will be imported"),
        "{plan}"
    );
    assert!(
        plan.contains("Plan: 1 to import, 0 to add, 0 to change, 0 to destroy."),
        "{plan}"
    );
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Apply complete! Resources: 1 imported, 0 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    assert_no_changes(&aws, &dir, &[]);
}

#[test]
fn drift_deleted_outside_gantry_is_planned_for_creation() {
    let Some(aws) = Aws::start("drift_deleted_outside_gantry_is_planned_for_creation") else {
        return;
    };
    let (_tmp, dir) = copy_example("mock-integration");
    aws.ok(&dir, &["apply", "-auto-approve"]);
    let (api, res) = ids(&dir);
    aws.block_on(
        aws.apigw
            .delete_integration()
            .rest_api_id(&api)
            .resource_id(&res)
            .http_method("GET")
            .send(),
    )
    .unwrap();

    let plan = aws.gantry(&dir, &["plan", "-detailed-exitcode"]);
    let out = text(&plan);
    assert_eq!(plan.status.code(), Some(2), "{out}");
    // As Terraform 1.11's (checked with the AWS provider on the emulator):
    // nothing the plan changes reads the integration, so its deletion is
    // not shown as drift; the plan creates it again.
    assert!(
        !out.contains("Note: Objects have changed outside of gantry"),
        "{out}"
    );
    assert!(
        out.contains("# aws_api_gateway_integration.MyDemoIntegration will be created"),
        "{out}"
    );
    assert!(
        out.contains("Plan: 1 to add, 0 to change, 0 to destroy."),
        "{out}"
    );

    // A change outside gantry is drift too, and planned back.
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Resources: 1 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    assert!(aws.integration(&api, &res, "GET").is_some());
    aws.block_on(
        aws.apigw
            .update_integration()
            .rest_api_id(&api)
            .resource_id(&res)
            .http_method("GET")
            .patch_operations(
                aws_sdk_apigateway::types::PatchOperation::builder()
                    .op(aws_sdk_apigateway::types::Op::Replace)
                    .path("/timeoutInMillis")
                    .value("1000")
                    .build(),
            )
            .send(),
    )
    .unwrap();
    let out = aws.ok(&dir, &["plan"]);
    assert!(
        out.contains("timeout_milliseconds    = 1000 -> 29000"),
        "{out}"
    );
    // The refresh-only plan is where all drift shows.
    let out = aws.ok(&dir, &["plan", "-refresh-only"]);
    assert!(
        out.contains("# aws_api_gateway_integration.MyDemoIntegration has changed"),
        "{out}"
    );
    assert!(
        out.contains("timeout_milliseconds    = 29000 -> 1000"),
        "{out}"
    );
    // -refresh=false plans against the recorded state only.
    assert_no_changes(&aws, &dir, &["-refresh=false"]);
}

const FAILING: &str = r#"
resource "aws_api_gateway_rest_api" "api" {
  name = "failing"
}

resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "orders"
}

resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "get" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_resource.orders.id
  http_method             = aws_api_gateway_method.get.http_method
  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "not a url"
}

resource "aws_api_gateway_method" "root" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
"#;

#[test]
fn a_failure_mid_apply_keeps_every_success_and_the_fix_converges() {
    let Some(aws) = Aws::start("a_failure_mid_apply_keeps_every_success_and_the_fix_converges")
    else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), FAILING).unwrap();

    let o = aws.gantry(dir, &["apply", "-auto-approve"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    // The API's own words, as a diagnostic naming the resource.
    assert!(
        out.contains("BadRequestException: Invalid HTTP endpoint specified for URI"),
        "{out}"
    );
    assert!(out.contains("aws_api_gateway_integration.get"), "{out}");
    assert!(!out.contains("Apply complete!"), "{out}");
    let s = common::state(dir);
    let mut in_state: Vec<String> = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}.{}",
                r["type"].as_str().unwrap(),
                r["name"].as_str().unwrap()
            )
        })
        .collect();
    in_state.sort();
    assert_eq!(
        in_state,
        [
            "aws_api_gateway_method.get",
            "aws_api_gateway_method.root",
            "aws_api_gateway_resource.orders",
            "aws_api_gateway_rest_api.api"
        ],
        "every success is recorded"
    );

    edit(dir, "\"not a url\"", "\"https://example.com/orders\"");
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Apply complete! Resources: 1 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    let api = attr(dir, "aws_api_gateway_rest_api", "api", "id");
    let res = attr(dir, "aws_api_gateway_resource", "orders", "id");
    let i = aws
        .integration(api.as_str().unwrap(), res.as_str().unwrap(), "GET")
        .unwrap();
    assert_eq!(i.uri(), Some("https://example.com/orders"));
    assert_no_changes(&aws, dir, &[]);
}

/// A REST API with `n` routes, each a resource, a method and an
/// integration.
fn many_routes(n: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"r{i}\"")).collect();
    format!(
        r#"
locals {{
  routes = toset([{}])
}}

resource "aws_api_gateway_rest_api" "big" {{
  name = "big"
}}

resource "aws_api_gateway_resource" "route" {{
  for_each    = local.routes
  rest_api_id = aws_api_gateway_rest_api.big.id
  parent_id   = aws_api_gateway_rest_api.big.root_resource_id
  path_part   = each.key
}}

resource "aws_api_gateway_method" "route" {{
  for_each      = local.routes
  rest_api_id   = aws_api_gateway_rest_api.big.id
  resource_id   = aws_api_gateway_resource.route[each.key].id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "aws_api_gateway_integration" "route" {{
  for_each    = local.routes
  rest_api_id = aws_api_gateway_rest_api.big.id
  resource_id = aws_api_gateway_resource.route[each.key].id
  http_method = aws_api_gateway_method.route[each.key].http_method
  type        = "MOCK"

  request_templates = {{
    "application/json" = "{{\"statusCode\": 200}}"
  }}
}}
"#,
        keys.join(", ")
    )
}

/// `Service.Operation N` pairs from `-verbose`'s line.
fn calls(out: &str) -> Vec<(String, u64)> {
    let line = out
        .lines()
        .find(|l| l.starts_with("gantry: ") && l.contains("AWS API call"))
        .unwrap_or_else(|| panic!("no call count in:\n{out}"));
    let list = line.split_once(": ").unwrap().1;
    let list = list.split_once(": ").map(|(_, l)| l).unwrap_or("");
    let list = list.split(';').next().unwrap_or("");
    list.split(", ")
        .filter(|s| !s.is_empty())
        .map(|s| {
            let (op, n) = s.rsplit_once(' ').unwrap();
            (op.to_string(), n.parse().unwrap())
        })
        .collect()
}

#[test]
fn two_hundred_routes_refresh_with_a_few_get_resources_pages() {
    let Some(aws) = Aws::start("two_hundred_routes_refresh_with_a_few_get_resources_pages") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), many_routes(200)).unwrap();

    let out = aws.ok(dir, &["apply", "-auto-approve", "-verbose"]);
    assert!(
        out.contains("Apply complete! Resources: 601 added, 0 changed, 0 destroyed."),
        "{}",
        common::tail(&out, 20)
    );

    let o = aws.gantry(dir, &["plan", "-detailed-exitcode", "-verbose"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{}", common::tail(&out, 40));
    let calls = calls(&out);
    eprintln!("refresh of 601 objects: {calls:?}");
    let count = |op: &str| calls.iter().find(|(o, _)| o == op).map_or(0, |(_, n)| *n);
    let pages = count("API Gateway.GetResources");
    assert!(
        (1..=5).contains(&pages),
        "GetResources pages: {pages} ({calls:?})"
    );
    for per_object in [
        "API Gateway.GetMethod",
        "API Gateway.GetIntegration",
        "API Gateway.GetResource",
    ] {
        assert_eq!(count(per_object), 0, "no per-object reads: {calls:?}");
    }
    let total: u64 = calls.iter().map(|(_, n)| n).sum();
    assert!(
        total <= 8,
        "601 objects refreshed with {total} calls: {calls:?}"
    );
}

/// A REST API with `n` routes, each with a method, an integration and
/// their 200 responses, plus a deployment, a stage with method settings,
/// and `k` each of authorizers, request validators, models and gateway
/// responses.
fn every_kind(n: usize, k: usize) -> String {
    let keys: Vec<String> = (0..n).map(|i| format!("\"r{i}\"")).collect();
    let few: Vec<String> = (0..k).map(|i| format!("\"k{i}\"")).collect();
    let responses = [
        "UNAUTHORIZED",
        "ACCESS_DENIED",
        "THROTTLED",
        "DEFAULT_4XX",
        "DEFAULT_5XX",
        "MISSING_AUTHENTICATION_TOKEN",
        "RESOURCE_NOT_FOUND",
        "QUOTA_EXCEEDED",
    ];
    let kinds: Vec<String> = responses[..k.min(responses.len())]
        .iter()
        .map(|r| format!("\"{r}\""))
        .collect();
    format!(
        r#"
locals {{
  routes = toset([{routes}])
  few    = toset([{few}])
  kinds  = toset([{kinds}])
}}

resource "aws_api_gateway_rest_api" "all" {{
  name = "all-kinds"
}}

resource "aws_api_gateway_resource" "r" {{
  for_each    = local.routes
  rest_api_id = aws_api_gateway_rest_api.all.id
  parent_id   = aws_api_gateway_rest_api.all.root_resource_id
  path_part   = each.key
}}

resource "aws_api_gateway_method" "m" {{
  for_each      = local.routes
  rest_api_id   = aws_api_gateway_rest_api.all.id
  resource_id   = aws_api_gateway_resource.r[each.key].id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "aws_api_gateway_integration" "i" {{
  for_each    = local.routes
  rest_api_id = aws_api_gateway_rest_api.all.id
  resource_id = aws_api_gateway_resource.r[each.key].id
  http_method = aws_api_gateway_method.m[each.key].http_method
  type        = "MOCK"
}}

resource "aws_api_gateway_method_response" "ok" {{
  for_each    = local.routes
  rest_api_id = aws_api_gateway_rest_api.all.id
  resource_id = aws_api_gateway_resource.r[each.key].id
  http_method = aws_api_gateway_method.m[each.key].http_method
  status_code = "200"
}}

resource "aws_api_gateway_integration_response" "ok" {{
  for_each    = local.routes
  rest_api_id = aws_api_gateway_rest_api.all.id
  resource_id = aws_api_gateway_resource.r[each.key].id
  http_method = aws_api_gateway_method.m[each.key].http_method
  status_code = aws_api_gateway_method_response.ok[each.key].status_code
  depends_on  = [aws_api_gateway_integration.i]
}}

resource "aws_api_gateway_deployment" "d" {{
  rest_api_id = aws_api_gateway_rest_api.all.id
  depends_on  = [aws_api_gateway_integration_response.ok]
}}

resource "aws_api_gateway_stage" "s" {{
  rest_api_id   = aws_api_gateway_rest_api.all.id
  deployment_id = aws_api_gateway_deployment.d.id
  stage_name    = "live"
}}

resource "aws_api_gateway_method_settings" "all" {{
  rest_api_id = aws_api_gateway_rest_api.all.id
  stage_name  = aws_api_gateway_stage.s.stage_name
  method_path = "*/*"
  settings {{
    metrics_enabled = true
  }}
}}

resource "aws_api_gateway_authorizer" "a" {{
  for_each       = local.few
  name           = "auth-${{each.key}}"
  rest_api_id    = aws_api_gateway_rest_api.all.id
  authorizer_uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:auth/invocations"
}}

resource "aws_api_gateway_request_validator" "v" {{
  for_each    = local.few
  name        = "validator-${{each.key}}"
  rest_api_id = aws_api_gateway_rest_api.all.id
}}

resource "aws_api_gateway_model" "m" {{
  for_each     = local.few
  name         = "Model${{each.key}}"
  rest_api_id  = aws_api_gateway_rest_api.all.id
  content_type = "application/json"
  schema       = jsonencode({{ type = "object" }})
}}

resource "aws_api_gateway_gateway_response" "g" {{
  for_each      = local.kinds
  rest_api_id   = aws_api_gateway_rest_api.all.id
  response_type = each.key
  status_code   = "418"
  # What the API reports when none is given (the emulator fills it in).
  response_templates = {{
    "application/json" = "{{\"message\":$context.error.messageString}}"
  }}
}}
"#,
        routes = keys.join(", "),
        few = few.join(", "),
        kinds = kinds.join(", ")
    )
}

#[test]
fn an_api_of_every_kind_refreshes_with_one_listing_per_kind() {
    let Some(aws) = Aws::start("an_api_of_every_kind_refreshes") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // 100 routes × 5 objects, plus 4 + 3 × 10 + 8: 542 objects.
    std::fs::write(dir.join("main.tf"), every_kind(100, 10)).unwrap();
    let out = aws.ok(dir, &["apply", "-auto-approve"]);
    assert!(
        out.contains("Apply complete! Resources: 542 added"),
        "{}",
        common::tail(&out, 20)
    );
    let o = aws.gantry(dir, &["plan", "-detailed-exitcode", "-verbose"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{}", common::tail(&out, 40));
    let calls = calls(&out);
    eprintln!("refresh of 542 objects: {calls:?}");
    let total: u64 = calls.iter().map(|(_, n)| n).sum();
    assert!(
        total <= 15,
        "542 objects refreshed with {total} calls: {calls:?}"
    );
    aws.ok(dir, &["destroy", "-auto-approve"]);
}

/// `-refresh-only` on real drift: the plan shows what changed outside
/// gantry and nothing to undo it (exit 2 with -detailed-exitcode); the
/// apply records it in the state without touching the API, after which
/// the ordinary plan creates the deleted integration again.
#[test]
fn refresh_only_records_drift_without_undoing_it() {
    let Some(aws) = Aws::start("refresh_only_records_drift_without_undoing_it") else {
        return;
    };
    let (_tmp, dir) = copy_example("mock-integration");
    aws.ok(&dir, &["apply", "-auto-approve"]);
    let (api, res) = ids(&dir);
    aws.block_on(
        aws.apigw
            .delete_integration()
            .rest_api_id(&api)
            .resource_id(&res)
            .http_method("GET")
            .send(),
    )
    .unwrap();

    let plan = aws.gantry(&dir, &["plan", "-refresh-only", "-detailed-exitcode"]);
    let out = text(&plan);
    assert_eq!(plan.status.code(), Some(2), "{out}");
    assert!(
        out.contains("# aws_api_gateway_integration.MyDemoIntegration has been deleted"),
        "{out}"
    );
    assert!(
        out.contains("This is a refresh-only plan, so gantry will not take any actions to undo"),
        "{out}"
    );
    assert!(!out.contains("will be created"), "{out}");
    // The machine-readable UI reports the drift as Terraform's does.
    let json = aws.ok(&dir, &["plan", "-json"]);
    let drift: Vec<serde_json::Value> = json
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|m| m["type"] == "resource_drift")
        .collect();
    assert_eq!(drift.len(), 1, "{json}");
    assert_eq!(
        drift[0]["@message"],
        "aws_api_gateway_integration.MyDemoIntegration: Drift detected (delete)"
    );
    assert_eq!(drift[0]["change"]["action"], "delete");
    assert_eq!(
        drift[0]["change"]["resource"]["resource_type"],
        "aws_api_gateway_integration"
    );
    assert!(
        state(&dir)
            .to_string()
            .contains("aws_api_gateway_integration"),
        "a plan writes nothing"
    );

    // The ordinary plan recreates the integration; the deletion is not
    // shown as drift, as nothing the plan changes reads the integration.
    let normal = aws.ok(&dir, &["plan"]);
    assert!(normal.contains("will be created"), "{normal}");
    assert!(!normal.contains("Objects have changed"), "{normal}");

    // Saved, the refresh-only plan carries the drift (plan JSON's
    // resource_drift, applyable) and applying the file records it.
    let saved = aws.ok(&dir, &["plan", "-refresh-only", "-out=drift.tfplan"]);
    assert!(saved.contains("Saved the plan to: drift.tfplan"), "{saved}");
    let shown: serde_json::Value =
        serde_json::from_str(&aws.ok(&dir, &["show", "-json", "drift.tfplan"])).unwrap();
    assert_eq!(shown["applyable"], true, "{shown}");
    assert_eq!(
        shown["resource_drift"][0]["address"],
        "aws_api_gateway_integration.MyDemoIntegration"
    );
    assert_eq!(shown["resource_drift"][0]["change"]["actions"][0], "delete");
    assert!(shown.get("resource_changes").is_none(), "{shown}");
    let out = aws.ok(&dir, &["apply", "drift.tfplan"]);
    assert!(
        out.contains("Apply complete! Resources: 0 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    assert!(
        aws.integration(&api, &res, "GET").is_none(),
        "nothing was recreated"
    );
    // Nothing left to record: no prompt, nothing written.
    let out = aws.ok(&dir, &["apply", "-refresh-only", "-auto-approve"]);
    assert!(out.contains("still matches the configuration"), "{out}");
    let recorded = state(&dir);
    assert!(
        !recorded["resources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["type"] == "aws_api_gateway_integration"),
        "the state forgot the deleted integration: {recorded}"
    );
    let plan = aws.ok(&dir, &["plan", "-refresh-only"]);
    assert!(
        plan.contains("No changes. Your infrastructure still matches the configuration."),
        "{plan}"
    );
    let plan = aws.ok(&dir, &["plan"]);
    assert!(
        plan.contains("# aws_api_gateway_integration.MyDemoIntegration will be created"),
        "{plan}"
    );
}
