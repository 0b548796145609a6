//! Provider resolution across module boundaries, as Terraform 1.11 with
//! the AWS provider resolves the same tree (its state's `provider` of each
//! resource, recorded from a run; tests/aws/aws_modules.rs compares it live).

use std::path::Path;

use gantry_addrs::{LocalProviderConfig, ModulePath};
use gantry_config::providers::{check, local_config, resolve};
use gantry_config::Module;

const AWS: &str = "registry.terraform.io/hashicorp/aws";

fn write(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Module) {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), files);
    let (mut module, diags) = gantry_config::load_dir(tmp.path());
    assert!(!diags.has_errors(), "{diags:?}");
    let mut diags = gantry_diagnostics::Diagnostics::new();
    gantry_config::load_children(
        &mut module,
        &gantry_config::json_syntax::NoSchema,
        &mut diags,
    );
    assert!(!diags.has_errors(), "{diags:?}");
    (tmp, module)
}

fn path(names: &[&str]) -> ModulePath {
    ModulePath {
        names: names.iter().map(|n| n.to_string()).collect(),
    }
}

const TREE: &[(&str, &str)] = &[
    (
        "main.tf",
        r#"
provider "aws" {}
provider "aws" {
  alias = "west"
}
resource "aws_api_gateway_rest_api" "a" { name = "a" }
resource "aws_api_gateway_rest_api" "b" {
  provider = aws.west
  name     = "b"
}
module "m" {
  source    = "./m"
  providers = { aws = aws.west }
}
module "n" { source = "./m" }
module "o" {
  source    = "./o"
  providers = { aws.east = aws }
}
"#,
    ),
    (
        "m/main.tf",
        r#"
resource "aws_api_gateway_rest_api" "x" { name = "x" }
module "inner" { source = "../inner" }
"#,
    ),
    (
        "inner/main.tf",
        r#"resource "aws_api_gateway_rest_api" "i" { name = "i" }"#,
    ),
    (
        "o/main.tf",
        r#"
terraform {
  required_providers {
    aws = {
      source                = "hashicorp/aws"
      configuration_aliases = [aws.east]
    }
  }
}
resource "aws_api_gateway_rest_api" "x" { name = "ox" }
resource "aws_api_gateway_rest_api" "y" {
  provider = aws.east
  name     = "oy"
}
"#,
    ),
];

#[test]
fn resources_resolve_to_the_configurations_terraform_records() {
    let (_tmp, root) = load(TREE);
    let mut got = Vec::new();
    for module in std::iter::once(&root).chain(root.descendants()) {
        for r in &module.resources {
            let resolved = resolve(&root, &module.path, &local_config(r), AWS);
            assert!(resolved.present, "{}", r.address());
            let at = if module.path.is_root() {
                String::new()
            } else {
                format!("{}.", module.path)
            };
            got.push(format!("{at}{} {}", r.address(), resolved.config));
        }
    }
    got.sort();
    let p = "provider[\"registry.terraform.io/hashicorp/aws\"]";
    assert_eq!(
        got,
        [
            format!("aws_api_gateway_rest_api.a {p}"),
            format!("aws_api_gateway_rest_api.b {p}.west"),
            format!("module.m.aws_api_gateway_rest_api.x {p}.west"),
            format!("module.m.module.inner.aws_api_gateway_rest_api.i {p}.west"),
            format!("module.n.aws_api_gateway_rest_api.x {p}"),
            format!("module.n.module.inner.aws_api_gateway_rest_api.i {p}"),
            // A providers map naming only an alias leaves the default
            // inherited.
            format!("module.o.aws_api_gateway_rest_api.x {p}"),
            format!("module.o.aws_api_gateway_rest_api.y {p}"),
        ]
    );
    // Terraform warns about module.m alone: it is passed `aws` without
    // declaring it in required_providers.
    let diags = check(&root, &|name| (name == "aws").then_some(AWS));
    let found: Vec<(&str, String)> = diags.iter().map(|d| (d.code, d.detail.clone())).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "gantry::config::provider-undeclared");
    assert!(found[0].1.contains("in module.m,"), "{found:?}");
}

#[test]
fn an_alias_nobody_passes_stays_in_its_module_and_is_reported_at_the_call() {
    let (_tmp, root) = load(&[
        (
            "main.tf",
            r#"module "c" { source = "./c" }
provider "aws" {
  alias = "west"
}
module "d" {
  source    = "./c"
  providers = { aws.east = aws.nowhere }
}
"#,
        ),
        (
            "c/main.tf",
            r#"
resource "aws_api_gateway_rest_api" "y" {
  provider = aws.east
  name     = "y"
}
"#,
        ),
    ]);
    let east = LocalProviderConfig::new("aws", Some("east"));
    let r = resolve(&root, &path(&["c"]), &east, AWS);
    // As Terraform names it in "Provider configuration not present".
    assert_eq!(
        r.config.to_string(),
        "module.c.provider[\"registry.terraform.io/hashicorp/aws\"].east"
    );
    assert!(!r.present && r.passed_at.is_none());
    let r = resolve(&root, &path(&["d"]), &east, AWS);
    assert_eq!(
        r.config.to_string(),
        "provider[\"registry.terraform.io/hashicorp/aws\"].nowhere"
    );
    assert!(!r.present && r.passed_at.is_some());

    let diags = check(&root, &|name| (name == "aws").then_some(AWS));
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [
            "gantry::config::provider",
            "gantry::config::provider-undeclared",
            "gantry::config::provider-missing"
        ],
        "{diags:?}"
    );
}
