//! examples/staged-apis end to end against LocalStack: an API module per
//! stage (for_each) with a nested route module (for_each and count), a
//! module depends_on and a moved block. It validates, applies (every API,
//! route and stage checked with the test's own SDK clients, and over HTTP),
//! plans no changes, grows by a route in one module instance, imports an
//! object at a module address, is read by
//! Terraform 1.11 with the AWS provider (when both are installed) which
//! plans no changes either, and destroys to nothing.

use crate::common;

use std::path::Path;

use common::{
    assert_no_changes, aws_provider_block, copy_example, copy_tree, edit, http_get, state,
    terraform, terraform_with_aws, text, write_mirror_cli_config, Aws, AWS_MIRROR, TERRAFORM,
};

/// `{"message": ...}` from GET /PATH of `api`'s `stage`.
fn message(aws: &Aws, api: &str, stage: &str, path: &str) -> String {
    let answer = http_get(&format!(
        "{}/restapis/{api}/{stage}/_user_request_/{path}",
        aws.emu.endpoint()
    ));
    assert_eq!(answer.status, 200, "GET /{path}: {}", answer.body);
    let body: serde_json::Value = serde_json::from_str(&answer.body)
        .unwrap_or_else(|e| panic!("GET /{path}: {e}: {}", answer.body));
    body["message"].as_str().unwrap_or_default().to_string()
}

/// The addresses `state list` prints.
fn listed(aws: &Aws, dir: &Path) -> Vec<String> {
    aws.ok(dir, &["state", "list"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn staged_apis_from_nested_modules() {
    let Some(aws) = Aws::start("staged_apis_from_nested_modules") else {
        return;
    };
    let (_tmp, dir) = copy_example("staged-apis");
    aws.ok(&dir, &["validate"]);
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    // The release marker; per API the API, deployment and stage; five
    // objects per route: dev has pets, orders and health, prod pets and
    // health.
    assert!(
        out.contains("Apply complete! Resources: 32 added, 0 changed, 0 destroyed."),
        "{out}"
    );

    for (stage, paths, greeting) in [
        ("dev", &["pets", "orders"][..], "hello"),
        ("prod", &["pets"][..], "welcome"),
    ] {
        let api = aws.api(&format!("staged-{stage}"));
        let id = api.id().unwrap().to_string();
        for path in paths {
            let res = aws.resource(&id, &format!("/{path}"));
            let res_id = res.id().unwrap();
            assert!(aws.method(&id, res_id, "GET").is_some(), "{stage} /{path}");
            assert_eq!(
                message(&aws, &id, stage, path),
                format!("{greeting} from {path}")
            );
        }
        assert_eq!(message(&aws, &id, stage, "health"), "ok");
        let stages = aws
            .block_on(aws.apigw.get_stages().rest_api_id(&id).send())
            .unwrap();
        let names: Vec<&str> = stages
            .item()
            .iter()
            .filter_map(|s| s.stage_name())
            .collect();
        assert_eq!(names, [stage]);
    }

    // Terraform's addresses, and the module keys of tfstate v4.
    let list = listed(&aws, &dir);
    for addr in [
        "terraform_data.release",
        "module.api[\"dev\"].aws_api_gateway_rest_api.this",
        "module.api[\"dev\"].module.route[\"orders\"].aws_api_gateway_integration.mock",
        "module.api[\"prod\"].module.health[0].aws_api_gateway_method.get",
    ] {
        assert!(list.iter().any(|l| l == addr), "{addr} in {list:#?}");
    }
    let s = state(&dir);
    let modules: Vec<&str> = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["module"].as_str())
        .collect();
    assert!(modules.contains(&"module.api[\"prod\"].module.route[\"pets\"]"));
    assert_no_changes(&aws, &dir, &[]);

    // One more route in one module instance: created there, its API
    // redeployed (create before destroy), nothing else touched.
    edit(
        &dir,
        "paths    = [\"pets\"]",
        "paths    = [\"pets\", \"users\"]",
    );
    let plan = aws.ok(&dir, &["plan", "-no-color"]);
    assert!(
        plan.contains(
            "# module.api[\"prod\"].module.route[\"users\"].aws_api_gateway_resource.this will be created"
        ),
        "{plan}"
    );
    assert!(
        plan.contains("# module.api[\"prod\"].aws_api_gateway_deployment.this must be replaced"),
        "{plan}"
    );
    // Refreshed, as every object is; planned, not.
    let actions = plan
        .split_once("will perform the following actions")
        .map_or(plan.as_str(), |(_, actions)| actions);
    assert!(!actions.contains("module.api[\"dev\"]"), "{plan}");
    aws.ok(&dir, &["apply", "-auto-approve"]);
    let prod = aws.api("staged-prod").id().unwrap().to_string();
    assert_eq!(message(&aws, &prod, "prod", "users"), "welcome from users");
    assert_no_changes(&aws, &dir, &[]);

    // Import into a module instance: the stage forgotten, then imported at
    // its module address, is what the configuration says again.
    let stage = "module.api[\"prod\"].aws_api_gateway_stage.this";
    aws.ok(&dir, &["state", "rm", stage]);
    let out = aws.ok(&dir, &["import", stage, &format!("{prod}/prod")]);
    assert!(out.contains("Import successful!"), "{out}");
    assert!(listed(&aws, &dir).iter().any(|l| l == stage));
    assert_no_changes(&aws, &dir, &[]);

    terraform_plans_no_changes(&aws, &dir);

    let out = aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(
        out.contains("Destroy complete! Resources: 37 destroyed."),
        "{out}"
    );
    for stage in ["dev", "prod"] {
        assert!(aws.apis_named(&format!("staged-{stage}")).is_empty());
    }
}

/// Terraform with the AWS provider, on a copy of the configuration and of
/// gantry's state, after `terraform init`: no changes.
fn terraform_plans_no_changes(aws: &Aws, dir: &Path) {
    if !terraform_with_aws() {
        eprintln!("SKIPPED (part): {TERRAFORM} or {AWS_MIRROR} is absent; Terraform did not read gantry's state of the modules");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let tf = tmp.path().join("tf");
    std::fs::create_dir(&tf).unwrap();
    copy_tree(dir, &tf);
    // gantry labels an API with the `gantry:intent` tag while its create
    // is in flight and removes it after (UntagResource, as AWS needs;
    // tests/aws/aws_crash.rs checks the call); LocalStack keeps a tag given at
    // creation through an untag, so Terraform would see it here, never on
    // AWS.
    let ignore = "  skip_requesting_account_id  = true\n  ignore_tags {\n    keys = [\"gantry:intent\"]\n  }\n";
    std::fs::write(
        tf.join("provider.tf"),
        aws_provider_block(&aws.emu.endpoint(), &["apigateway", "sts"], ignore),
    )
    .unwrap();
    let cli_config = tmp.path().join("cli.tfrc");
    write_mirror_cli_config(&cli_config);
    let run = |args: &[&str]| terraform(&tf, &cli_config, args);
    let init = run(&["init", "-input=false", "-no-color"]);
    assert!(init.status.success(), "{}", text(&init));
    let plan = run(&[
        "plan",
        "-detailed-exitcode",
        "-input=false",
        "-no-color",
        "-lock=false",
    ]);
    assert_eq!(
        plan.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&plan.stdout)
    );
}

/// A root module with a default and an aliased AWS configuration, passed
/// to modules through `providers` maps, inherited by others, and required
/// by one through `configuration_aliases`. Each object lands in the region
/// of the configuration Terraform resolves for it, state names that
/// configuration as Terraform does (and, when Terraform and the provider
/// mirror are here, exactly as Terraform's own state of the same
/// configuration does), and Terraform reads gantry's state with no
/// changes.
#[test]
fn provider_configurations_resolve_as_terraform() {
    let Some(aws) = Aws::start("provider_configurations_resolve_as_terraform") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("gantry");
    write_provider_tree(&dir, &aws.emu.endpoint(), "g");
    let out = aws.ok(&dir, &["validate"]);
    assert!(out.contains("Success!"), "{out}");
    let out = aws.ok(&dir, &["apply", "-auto-approve"]);
    assert!(out.contains("Resources: 9 added"), "{out}");

    let west = aws_sdk_apigateway::Client::from_conf(
        aws.apigw
            .config()
            .to_builder()
            .region(aws_config::Region::new("us-west-2"))
            .build(),
    );
    let names = |client: &aws_sdk_apigateway::Client| {
        let apis = aws
            .block_on(client.get_rest_apis().limit(500).send())
            .unwrap();
        let mut names: Vec<String> = apis
            .items()
            .iter()
            .filter_map(|a| a.name())
            .filter(|n| n.starts_with("g-"))
            .map(str::to_string)
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(&aws.apigw), ["g-a", "g-n-inner", "g-n-x", "g-o-x"]);
    assert_eq!(
        names(&west),
        ["g-b", "g-legacy", "g-m-inner", "g-m-x", "g-o-y"]
    );

    let expected = [
        "aws_api_gateway_rest_api.a provider[\"registry.terraform.io/hashicorp/aws\"]",
        "aws_api_gateway_rest_api.b provider[\"registry.terraform.io/hashicorp/aws\"].west",
        "module.legacy.aws_api_gateway_rest_api.x module.legacy.provider[\"registry.terraform.io/hashicorp/aws\"]",
        "module.m.aws_api_gateway_rest_api.x provider[\"registry.terraform.io/hashicorp/aws\"].west",
        "module.m.module.inner.aws_api_gateway_rest_api.x provider[\"registry.terraform.io/hashicorp/aws\"].west",
        "module.n.aws_api_gateway_rest_api.x provider[\"registry.terraform.io/hashicorp/aws\"]",
        "module.n.module.inner.aws_api_gateway_rest_api.x provider[\"registry.terraform.io/hashicorp/aws\"]",
        "module.o.aws_api_gateway_rest_api.x provider[\"registry.terraform.io/hashicorp/aws\"]",
        "module.o.aws_api_gateway_rest_api.y provider[\"registry.terraform.io/hashicorp/aws\"].west",
    ];
    assert_eq!(state_providers(&dir), expected);
    assert_no_changes(&aws, &dir, &[]);
    aws.ok(&dir, &["plan", "-out=plan.bin"]);
    let keys = config_keys(&aws.ok(&dir, &["show", "-json", "plan.bin"]));
    assert_eq!(
        keys,
        [
            "aws_api_gateway_rest_api.a aws",
            "aws_api_gateway_rest_api.b aws.west",
            "legacy/aws_api_gateway_rest_api.x module.legacy:aws",
            "m/aws_api_gateway_rest_api.x aws.west",
            "m/inner/aws_api_gateway_rest_api.x aws.west",
            "n/aws_api_gateway_rest_api.x aws",
            "n/inner/aws_api_gateway_rest_api.x aws",
            "o/aws_api_gateway_rest_api.x aws",
            "o/aws_api_gateway_rest_api.y aws.west",
        ]
    );

    if terraform_with_aws() {
        // Terraform's own state of the same configuration names the same
        // configurations; then Terraform reads gantry's with no changes.
        let tf = tmp.path().join("terraform");
        write_provider_tree(&tf, &aws.emu.endpoint(), "t");
        let cli_config = tmp.path().join("cli.tfrc");
        write_mirror_cli_config(&cli_config);
        let run = |dir: &Path, args: &[&str]| {
            let o = terraform(dir, &cli_config, args);
            (o.status.code(), text(&o))
        };
        let (code, out) = run(&tf, &["init", "-input=false", "-no-color"]);
        assert_eq!(code, Some(0), "{out}");
        let (code, out) = run(
            &tf,
            &["apply", "-auto-approve", "-input=false", "-no-color"],
        );
        assert_eq!(code, Some(0), "{out}");
        assert_eq!(state_providers(&tf), expected);
        let (code, out) = run(&tf, &["plan", "-out=plan.bin", "-input=false", "-no-color"]);
        assert_eq!(code, Some(0), "{out}");
        let (code, out) = run(&tf, &["show", "-json", "plan.bin"]);
        assert_eq!(code, Some(0), "{out}");
        assert_eq!(config_keys(&out), keys, "Terraform's provider_config_key");
        // The same directory (providers installed) with gantry's
        // configuration and state: Terraform plans no changes. Terraform's
        // own objects stay; the emulator goes with the test.
        write_provider_tree(&tf, &aws.emu.endpoint(), "g");
        std::fs::copy(dir.join("terraform.tfstate"), tf.join("terraform.tfstate")).unwrap();
        let (code, out) = run(
            &tf,
            &["plan", "-detailed-exitcode", "-input=false", "-no-color"],
        );
        assert_eq!(code, Some(0), "{out}");
    } else {
        eprintln!("SKIPPED (part): {TERRAFORM} or {AWS_MIRROR} is absent; Terraform's resolution was not compared");
    }

    let out = aws.ok(&dir, &["destroy", "-auto-approve"]);
    assert!(out.contains("Resources: 9 destroyed"), "{out}");
    assert!(names(&aws.apigw).is_empty() && names(&west).is_empty());
}

/// "CALLS/ADDRESS KEY": the `provider_config_key` of every resource in a
/// plan JSON's configuration, sorted.
fn config_keys(plan_json: &str) -> Vec<String> {
    fn walk(m: &serde_json::Value, at: &str, out: &mut Vec<String>) {
        for r in m["resources"].as_array().into_iter().flatten() {
            out.push(format!(
                "{at}{} {}",
                r["address"].as_str().unwrap(),
                r["provider_config_key"].as_str().unwrap()
            ));
        }
        for (name, call) in m["module_calls"].as_object().into_iter().flatten() {
            walk(&call["module"], &format!("{at}{name}/"), out);
        }
    }
    let plan: serde_json::Value =
        serde_json::from_str(plan_json.trim()).unwrap_or_else(|e| panic!("{e}: {plan_json}"));
    let mut out = Vec::new();
    walk(&plan["configuration"]["root_module"], "", &mut out);
    out.sort();
    out
}

/// "ADDRESS PROVIDER" for every resource in `dir`'s state, sorted.
fn state_providers(dir: &Path) -> Vec<String> {
    let s = state(dir);
    let mut out: Vec<String> = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let module = r["module"]
                .as_str()
                .map_or(String::new(), |m| format!("{m}."));
            format!(
                "{module}{}.{} {}",
                r["type"].as_str().unwrap(),
                r["name"].as_str().unwrap(),
                r["provider"].as_str().unwrap()
            )
        })
        .collect();
    out.sort();
    out
}

/// The configuration of [`provider_configurations_resolve_as_terraform`]
/// in `dir`, its API names starting with `prefix`.
fn write_provider_tree(dir: &Path, endpoint: &str, prefix: &str) {
    // gantry leaves the `gantry:intent` tag on LocalStack (see
    // terraform_plans_no_changes); Terraform is told to ignore it.
    let ignore = "  skip_requesting_account_id  = true\n  ignore_tags {\n    keys = [\"gantry:intent\"]\n  }\n";
    let default = aws_provider_block(endpoint, &["apigateway", "sts"], ignore);
    let west = aws_provider_block(
        endpoint,
        &["apigateway", "sts"],
        &format!("  alias                       = \"west\"\n{ignore}"),
    )
    .replace("us-east-1", "us-west-2");
    let files = [
        (
            "main.tf",
            format!(
                r#"terraform {{
  required_providers {{
    aws = {{ source = "hashicorp/aws" }}
  }}
}}
{default}{west}
resource "aws_api_gateway_rest_api" "a" {{
  name = "{prefix}-a"
}}

resource "aws_api_gateway_rest_api" "b" {{
  provider = aws.west
  name     = "{prefix}-b"
}}

module "m" {{
  source    = "./api"
  name      = "{prefix}-m"
  providers = {{ aws = aws.west }}
}}

module "n" {{
  source = "./api"
  name   = "{prefix}-n"
}}

module "o" {{
  source    = "./pair"
  name      = "{prefix}-o"
  providers = {{ aws.other = aws.west }}
}}

module "legacy" {{
  source = "./legacy"
  name   = "{prefix}-legacy"
  region = "us-west-2"
}}
"#
            ),
        ),
        (
            "legacy/main.tf",
            format!(
                r#"variable "name" {{
  type = string
}}

variable "region" {{
  type = string
}}
{}
resource "aws_api_gateway_rest_api" "x" {{
  name = var.name
}}
"#,
                default.replace("\"us-east-1\"", "var.region")
            ),
        ),
        (
            "api/main.tf",
            r#"terraform {
  required_providers {
    aws = { source = "hashicorp/aws" }
  }
}

variable "name" { type = string }

resource "aws_api_gateway_rest_api" "x" {
  name = "${var.name}-x"
}

module "inner" {
  source = "../inner"
  name   = "${var.name}-inner"
}
"#
            .to_string(),
        ),
        (
            "inner/main.tf",
            r#"variable "name" { type = string }

resource "aws_api_gateway_rest_api" "x" {
  name = var.name
}
"#
            .to_string(),
        ),
        (
            "pair/main.tf",
            r#"terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.other]
    }
  }
}

variable "name" { type = string }

resource "aws_api_gateway_rest_api" "x" {
  name = "${var.name}-x"
}

resource "aws_api_gateway_rest_api" "y" {
  provider = aws.other
  name     = "${var.name}-y"
}
"#
            .to_string(),
        ),
    ];
    for (path, body) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, body).unwrap();
    }
}
