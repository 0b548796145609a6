//! Input variable precedence, lowest first: default, TF_VAR_, terraform.tfvars,
//! *.auto.tfvars (lexical order), then -var / -var-file in command-line order.

use std::path::Path;

use gantry_config::load_dir;
use gantry_config::value::Value;
use gantry_config::vars::{resolve, resolve_for_validation, CliInput, Inputs};
use gantry_diagnostics::Diagnostics;

const CONFIG: &str = r#"
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" { default = "default" }
variable "d" { default = "default" }
variable "e" { default = "default" }
variable "f" { default = "default" }
variable "n" {
  type    = number
  default = 1
}
variable "m" {
  type    = map(string)
  default = {}
}
variable "secret" {
  default   = "s3cr3t"
  sensitive = true
}
variable "required" {}
"#;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn resolve_in(
    dir: &Path,
    inputs: &Inputs,
) -> (std::collections::BTreeMap<String, Value>, Diagnostics) {
    let (mut module, mut diags) = load_dir(dir);
    let values = resolve(&mut module, inputs, &mut diags);
    (values, diags)
}

#[test]
fn precedence_follows_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "main.tf", CONFIG);
    write(
        d,
        "terraform.tfvars",
        "b = \"tfvars\"\nc = \"tfvars\"\nd = \"tfvars\"\ne = \"tfvars\"\nf = \"tfvars\"\n",
    );
    write(
        d,
        "a.auto.tfvars",
        "c = \"a.auto\"\nd = \"a.auto\"\ne = \"a.auto\"\nf = \"a.auto\"\n",
    );
    write(
        d,
        "b.auto.tfvars",
        "d = \"b.auto\"\ne = \"b.auto\"\nf = \"b.auto\"\n",
    );
    write(d, "extra.tfvars", "e = \"var-file\"\nf = \"var-file\"\n");
    let inputs = Inputs {
        env: Inputs::env_from(vec![
            ("TF_VAR_a".to_string(), "env".to_string()),
            ("TF_VAR_b".to_string(), "env".to_string()),
            ("TF_VAR_n".to_string(), "42".to_string()),
            ("TF_VAR_m".to_string(), "{ k = \"v\" }".to_string()),
            ("HOME".to_string(), "/root".to_string()),
        ]),
        cli: vec![
            CliInput::Var("f".into(), "cli-first".into()),
            CliInput::File(d.join("extra.tfvars")),
            CliInput::Var("required".into(), "given".into()),
        ],
        require_all: true,
    };
    let (v, diags) = resolve_in(d, &inputs);
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(v["a"], Value::string("env"));
    assert_eq!(v["b"], Value::string("tfvars"));
    assert_eq!(v["c"], Value::string("a.auto"));
    assert_eq!(
        v["d"],
        Value::string("b.auto"),
        "auto files apply in lexical order"
    );
    assert_eq!(v["e"], Value::string("var-file"));
    assert_eq!(
        v["f"],
        Value::string("var-file"),
        "a later -var-file beats an earlier -var"
    );
    assert_eq!(
        v["n"],
        Value::int(42),
        "env strings convert to the declared type"
    );
    assert_eq!(
        v["m"],
        Value::Map(
            [("k".to_string(), Value::string("v"))]
                .into_iter()
                .collect()
        ),
        "non-primitive env values parse as HCL"
    );
    assert_eq!(v["secret"], Value::sensitive(Value::string("s3cr3t")));
    assert_eq!(v["required"], Value::string("given"));

    // validate: only its own command line's values; the rest are unknown
    // (still type-checked), sensitive ones stay marked.
    let validate = Inputs {
        require_all: false,
        ..inputs
    };
    let (mut module, mut diags) = load_dir(d);
    let (_, v) = resolve_for_validation(&mut module, &validate, &mut diags);
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(v["a"], Value::Unknown, "TF_VAR_ is not used by validate");
    assert_eq!(
        v["b"],
        Value::Unknown,
        "tfvars files are not used by validate"
    );
    assert_eq!(v["n"], Value::Unknown, "defaults are not used by validate");
    assert_eq!(
        v["e"],
        Value::string("var-file"),
        "validate's -var-file is used"
    );
    assert_eq!(
        v["required"],
        Value::string("given"),
        "validate's -var is used"
    );
    assert_eq!(v["secret"], Value::sensitive(Value::Unknown));
}

#[test]
fn cli_var_beats_files_when_later_and_missing_values_are_errors_for_plan() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "main.tf", CONFIG);
    write(d, "terraform.tfvars", "a = \"tfvars\"\n");
    let inputs = Inputs {
        env: vec![],
        cli: vec![
            CliInput::Var("a".into(), "cli".into()),
            CliInput::Var("n".into(), "x".into()),
        ],
        require_all: true,
    };
    let (v, diags) = resolve_in(d, &inputs);
    assert_eq!(v["a"], Value::string("cli"));
    let summaries: Vec<&str> = diags.iter().map(|d| d.summary.as_str()).collect();
    assert!(
        summaries.contains(&"Invalid value for input variable"),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"No value for required variable"),
        "{summaries:?}"
    );
}

/// Terraform's JSON variables files: `terraform.tfvars.json` after
/// `terraform.tfvars`, `*.auto.tfvars.json` in lexical order with the HCL
/// ones, `-var-file=x.json`; strings are literal, not templates; a wrong
/// value is reported inside the JSON.
#[test]
fn json_variables_files_follow_terraform() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "main.tf", CONFIG);
    write(d, "terraform.tfvars", "a = \"tfvars\"\nb = \"tfvars\"\n");
    write(
        d,
        "terraform.tfvars.json",
        r#"{"b": "tfvars.json", "c": "tfvars.json", "m": {"k": "v \"q\""}}"#,
    );
    write(d, "a.auto.tfvars", "c = \"a.auto\"\nd = \"a.auto\"\n");
    write(
        d,
        "b.auto.tfvars.json",
        r#"{"d": "${not.a.template} %{x}"}"#,
    );
    write(d, "extra.json", r#"{"n": 7, "required": "given"}"#);
    let inputs = Inputs {
        env: Vec::new(),
        cli: vec![CliInput::File(d.join("extra.json"))],
        require_all: true,
    };
    let (v, diags) = resolve_in(d, &inputs);
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(v["a"], Value::string("tfvars"));
    assert_eq!(v["b"], Value::string("tfvars.json"));
    assert_eq!(v["c"], Value::string("a.auto"));
    assert_eq!(v["d"], Value::string("${not.a.template} %{x}"));
    assert_eq!(v["n"], Value::int(7));
    assert_eq!(
        v["m"],
        Value::Map(
            [("k".to_string(), Value::string("v \"q\""))]
                .into_iter()
                .collect()
        )
    );

    write(
        d,
        "extra.json",
        "{\n  \"n\": [1],\n  \"required\": \"x\"\n}",
    );
    let (_, diags) = resolve_in(d, &inputs);
    let error = diags.iter().find(|d| d.code == "gantry::vars::type");
    let span = error
        .and_then(|e| e.span)
        .expect("a type error with a span");
    let text = std::fs::read_to_string(d.join("extra.json")).unwrap();
    assert_eq!(&text[span.start..span.end], "[1]");

    write(d, "extra.json", "{\"n\": 1,}");
    let (_, diags) = resolve_in(d, &inputs);
    assert!(
        diags.iter().any(|d| d.code == "gantry::syntax"),
        "{diags:?}"
    );
}
