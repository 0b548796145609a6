//! The oracle: the same REST API configuration planned and applied by
//! Terraform 1.11 with the real AWS provider 5.100 and by gantry, on the
//! same emulator. Resource by resource, the plan's actions on an empty
//! state must be equal, and so must every attribute in both states once
//! what the server generates (ids, dates, key values, hashes of ids) is
//! put aside. Runs when `/usr/local/bin/terraform` and the provider mirror
//! in `/opt/tf-plugins` are present, and skips with a message otherwise.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use common::{text, Aws};
use serde_json::Value as Json;

use common::{AWS_MIRROR as MIRROR, TERRAFORM};

/// Differences known and not fixed yet, with the reason; the test fails if
/// one of them disappears (so that the entry goes too).
const KNOWN_GAPS: &[(&str, &str)] = &[];

/// Attributes whose values the server makes up, different on every apply.
const GENERATED: &[&str] = &[
    "created_date",
    "creation_date",
    "last_modified_date",
    "create_date",
    "unique_id",
    "policy_id",
    "last_updated_date",
    "last_modified",
    "regional_domain_name",
    "cloudfront_domain_name",
    "expiration_date",
    "value",
    "triggers",
    // ELBv2's ARN suffixes end in a generated id.
    "arn_suffix",
    // A VPC endpoint's network interfaces, their addresses and DNS names.
    "dns_entry",
    "network_interface_ids",
    "subnet_configuration",
];

/// The configuration: examples/hello-stage, the metering of the stage
/// test, the authorizer/validator/model/response/policy family on a
/// second API, the IAM role, policies and attachments of the IAM test,
/// the data sources of the data test, the Lambda alias, function lookup
/// and log group of the supporting-types test, the custom domain with its
/// base path mapping, the VPC, subnet and security groups of the network
/// test, the load balancer, target group, listener and VPC link of the
/// balancing test, the user pool and authorizer of the Cognito test, the
/// REST API defined by an OpenAPI body of the OpenAPI test, and the
/// document put into an API of the REST API put test
/// (names that must be unique carry `var.prefix`, different per tool).
fn configuration(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("examples/hello-stage/main.tf"),
        dir.join("main.tf"),
    )
    .unwrap();
    let stage_test = std::fs::read_to_string(root.join("tests/aws/aws_stage.rs")).unwrap();
    // Without the per-method throttle: LocalStack cannot remove an API
    // stage that has one (500), and the provider retries that for minutes
    // on destroy. (With it, both states held the same throttle blocks when
    // this was last compared.)
    let metered = between(&stage_test, "const METERED: &str = r#\"", "\"#;").replace(
        "\n    throttle {\n      path       = \"/hello/GET\"\n      rate_limit = 5\n    }\n",
        "",
    );
    assert!(!metered.contains("throttle {"), "the throttle block moved");
    std::fs::write(dir.join("metered.tf"), metered).unwrap();
    let supporting_test =
        std::fs::read_to_string(root.join("tests/aws/aws_supporting.rs")).unwrap();
    std::fs::write(
        dir.join("supporting.tf"),
        between(&supporting_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    std::fs::copy(
        root.join("examples/petstore/pets.zip"),
        dir.join("pets.zip"),
    )
    .unwrap();
    let domain_test = std::fs::read_to_string(root.join("tests/aws/aws_domain.rs")).unwrap();
    std::fs::write(
        dir.join("domain.tf"),
        between(&domain_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let network_test = std::fs::read_to_string(root.join("tests/aws/aws_network.rs")).unwrap();
    std::fs::write(
        dir.join("network.tf"),
        between(&network_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let balancing_test = std::fs::read_to_string(root.join("tests/aws/aws_balancing.rs")).unwrap();
    std::fs::write(
        dir.join("balancing.tf"),
        between(&balancing_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let cognito_test = std::fs::read_to_string(root.join("tests/aws/aws_cognito.rs")).unwrap();
    std::fs::write(
        dir.join("cognito.tf"),
        between(&cognito_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let openapi_test = std::fs::read_to_string(root.join("tests/aws/aws_openapi.rs")).unwrap();
    std::fs::write(
        dir.join("openapi.tf"),
        between(&openapi_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let put_test = std::fs::read_to_string(root.join("tests/aws/aws_rest_api_put.rs")).unwrap();
    std::fs::write(
        dir.join("put.tf"),
        between(&put_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let data_test = std::fs::read_to_string(root.join("tests/aws/aws_data.rs")).unwrap();
    std::fs::write(
        dir.join("data.tf"),
        between(&data_test, "const CONFIG: &str = r#\"", "\"#;"),
    )
    .unwrap();
    let family_test = std::fs::read_to_string(root.join("tests/aws/aws_family.rs")).unwrap();
    let family = between(&family_test, "const CONFIG: &str = r#\"", "\"#;")
        .replace(
            "aws_api_gateway_rest_api.api",
            "aws_api_gateway_rest_api.family",
        )
        .replace(
            "resource \"aws_api_gateway_rest_api\" \"api\"",
            "resource \"aws_api_gateway_rest_api\" \"family\"",
        );
    std::fs::write(dir.join("family.tf"), family).unwrap();
    // IAM names are unique per account: each tool's get its own prefix.
    let iam_test = std::fs::read_to_string(root.join("tests/aws/aws_iam.rs")).unwrap();
    let iam = between(&iam_test, "const CONFIG: &str = r#\"", "\"#;")
        .replace("\"api-exec\"", "\"${var.prefix}api-exec\"")
        .replace("\"write-logs\"", "\"${var.prefix}write-logs\"")
        .replace("\"api-read\"", "\"${var.prefix}api-read\"");
    std::fs::write(
        dir.join("iam.tf"),
        format!("variable \"prefix\" {{\n  type = string\n}}\n{iam}"),
    )
    .unwrap();
}

fn between<'a>(s: &'a str, from: &str, to: &str) -> &'a str {
    let start = s.find(from).expect("marker") + from.len();
    let end = start + s[start..].find(to).expect("end marker");
    &s[start..end]
}

fn terraform(dir: &Path, cli_config: &Path, args: &[&str]) -> std::process::Output {
    common::terraform_command(dir, cli_config, args)
        // Terraform's IAM names (see `configuration`).
        .env("TF_VAR_prefix", "tfprefix-")
        .output()
        .expect("terraform runs")
}

fn ok(o: std::process::Output, what: &str) -> String {
    let t = text(&o);
    assert!(o.status.success(), "{what} failed:\n{t}");
    t
}

/// Address → JSON actions of a `show -json` plan.
fn actions(plan: &Json) -> BTreeMap<String, Json> {
    plan["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["address"].as_str().unwrap().to_string(),
                c["change"]["actions"].clone(),
            )
        })
        .collect()
}

/// Address → attributes of every instance of a tfstate v4 file (data
/// sources as `data.TYPE.NAME`),
/// with generated attributes removed and every server-made id (the `id`
/// attribute of some instance, wherever it appears in a string) replaced
/// by `<ADDRESS>`, so that two applies compare equal.
fn attributes(state_file: &Path, prefix: &str) -> BTreeMap<String, Json> {
    let state: Json = serde_json::from_str(&std::fs::read_to_string(state_file).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    let mut ids: Vec<(String, String)> = Vec::new();
    for r in state["resources"].as_array().unwrap() {
        let managed = r["mode"] == "managed";
        let address = format!(
            "{}{}.{}",
            if managed { "" } else { "data." },
            r["type"].as_str().unwrap(),
            r["name"].as_str().unwrap()
        );
        let attrs = r["instances"][0]["attributes"].clone();
        if let Some(id) = attrs["id"].as_str().filter(|_| managed) {
            ids.push((id.to_string(), format!("<{address}>")));
        }
        for generated_id in [
            "root_resource_id",
            "documentation_part_id",
            "default_network_acl_id",
            "default_route_table_id",
            "default_security_group_id",
        ] {
            if let Some(v) = attrs[generated_id].as_str() {
                ids.push((v.to_string(), format!("<{address}.{generated_id}>")));
            }
        }
        out.insert(address, attrs);
    }
    // Longest first: an id inside another (agm-API-RES-GET) is replaced
    // after the compound one.
    // The tool's own name prefix, after the ids that contain it.
    ids.sort_by_key(|(id, _)| std::cmp::Reverse(id.len()));
    ids.push((prefix.to_string(), "<prefix>".to_string()));
    for attrs in out.values_mut() {
        if let Json::Object(m) = attrs {
            for g in GENERATED {
                m.remove(*g);
            }
            // A name generated from `name_prefix` ends in 26 characters of
            // each tool's own making.
            let prefix = m
                .get("name_prefix")
                .and_then(Json::as_str)
                .unwrap_or("")
                .to_string();
            if let Some(Json::String(name)) = m.get_mut("name") {
                let generated = name.len() == prefix.len() + 26 && name.starts_with(&prefix);
                if !prefix.is_empty() && generated {
                    *name = format!("{prefix}<generated>");
                }
            }
        }
        replace_ids(attrs, &ids);
    }
    out
}

fn replace_ids(v: &mut Json, ids: &[(String, String)]) {
    match v {
        Json::String(s) => {
            for (id, name) in ids {
                if (id.len() >= 6 || name == "<prefix>") && s.contains(id.as_str()) {
                    *s = s.replace(id.as_str(), name);
                }
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|x| replace_ids(x, ids)),
        Json::Object(m) => m.values_mut().for_each(|x| replace_ids(x, ids)),
        _ => {}
    }
}

#[cfg_attr(
    gantry_no_terraform_aws,
    ignore = "Terraform or the AWS provider mirror (/opt/tf-plugins) is absent"
)]
#[test]
fn terraform_and_the_aws_provider_plan_and_store_what_gantry_does() {
    if !common::terraform_with_aws() {
        eprintln!("SKIPPED: {TERRAFORM} or the provider mirror {MIRROR} is absent; the oracle comparison did not run");
        return;
    }
    let Some(aws) = Aws::start("oracle") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (tf_dir, g_dir) = (tmp.path().join("terraform"), tmp.path().join("gantry"));
    for d in [&tf_dir, &g_dir] {
        std::fs::create_dir(d).unwrap();
        configuration(d);
    }
    let endpoint = aws.emu.endpoint();
    std::fs::write(
        tf_dir.join("provider.tf"),
        common::aws_provider_block(
            &endpoint,
            &[
                "apigateway",
                "cognitoidp",
                "ec2",
                "elbv2",
                "iam",
                "lambda",
                "logs",
                "sts",
            ],
            "",
        ),
    )
    .unwrap();
    let cli_config = tmp.path().join("cli.tfrc");
    common::write_mirror_cli_config(&cli_config);

    // Plans on an empty state.
    ok(
        terraform(&tf_dir, &cli_config, &["init", "-input=false"]),
        "terraform init",
    );
    ok(
        terraform(
            &tf_dir,
            &cli_config,
            &["plan", "-input=false", "-out=p.plan"],
        ),
        "terraform plan",
    );
    let tf_plan: Json = serde_json::from_str(&ok(
        terraform(&tf_dir, &cli_config, &["show", "-json", "p.plan"]),
        "terraform show",
    ))
    .unwrap();
    aws.ok(&g_dir, &["plan", "-var=prefix=gprefix-", "-out=p.plan"]);
    let g_plan: Json = serde_json::from_str(
        &String::from_utf8(aws.gantry(&g_dir, &["show", "-json", "p.plan"]).stdout).unwrap(),
    )
    .unwrap();
    assert_eq!(actions(&tf_plan), actions(&g_plan), "plan actions");

    // Applied: the same attributes.
    ok(
        terraform(
            &tf_dir,
            &cli_config,
            &["apply", "-input=false", "-auto-approve"],
        ),
        "terraform apply",
    );
    aws.ok(&g_dir, &["apply", "-auto-approve", "-var=prefix=gprefix-"]);
    let (tf_state, g_state) = (
        attributes(&tf_dir.join("terraform.tfstate"), "tfprefix-"),
        attributes(&g_dir.join("terraform.tfstate"), "gprefix-"),
    );
    assert_eq!(
        tf_state.keys().collect::<BTreeSet<_>>(),
        g_state.keys().collect::<BTreeSet<_>>()
    );
    let mut differences = Vec::new();
    for (address, tf) in &tf_state {
        let g = &g_state[address];
        let names: BTreeSet<&String> = tf
            .as_object()
            .unwrap()
            .keys()
            .chain(g.as_object().unwrap().keys())
            .collect();
        for name in names {
            let (a, b) = (&tf[name.as_str()], &g[name.as_str()]);
            let path = format!("{address}.{name}");
            let known = KNOWN_GAPS.iter().any(|(p, _)| *p == path);
            if (a != b) != known {
                differences.push(if known {
                    format!("{path}: now equal; remove it from KNOWN_GAPS")
                } else {
                    format!("{path}: terraform {a}, gantry {b}")
                });
            }
        }
    }
    assert!(
        differences.is_empty(),
        "{} attribute(s) differ:\n{}",
        differences.len(),
        differences.join("\n")
    );

    // Each tool sees no changes in what it made.
    let o = terraform(
        &tf_dir,
        &cli_config,
        &["plan", "-input=false", "-detailed-exitcode"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    common::assert_no_changes(&aws, &g_dir, &["-var=prefix=gprefix-"]);
    ok(
        terraform(
            &tf_dir,
            &cli_config,
            &["destroy", "-input=false", "-auto-approve"],
        ),
        "terraform destroy",
    );
    aws.ok(
        &g_dir,
        &["destroy", "-auto-approve", "-var=prefix=gprefix-"],
    );
}
