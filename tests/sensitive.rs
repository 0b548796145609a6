//! Sensitive values as Terraform 1.11 handles them: `sensitive_attributes`
//! paths written as Terraform writes them and kept through refresh,
//! `(sensitive value)` wherever a person reads output, and a state that
//! Terraform and gantry both read without planning a change.

mod offline;

use offline::{gantry, text};

use std::path::{Path, PathBuf};
use std::process::Command;

const CONFIG: &str = r#"
variable "secret" {
  type      = string
  sensitive = true
  default   = "hunter2"
}

resource "terraform_data" "login" {
  input = { user = "bob", pass = var.secret }
}

resource "terraform_data" "token" {
  input = var.secret
}

resource "terraform_data" "list" {
  input = ["a", var.secret]
}
"#;

fn project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    (tmp, dir)
}

fn marks(dir: &Path) -> Vec<(String, serde_json::Value)> {
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap())
            .unwrap();
    state["resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["instances"][0]["sensitive_attributes"].clone(),
            )
        })
        .collect()
}

fn expected_marks() -> Vec<(String, serde_json::Value)> {
    use serde_json::json;
    vec![
        (
            "list".into(),
            json!([[{"type": "get_attr", "value": "input"}, {"type": "index", "value": {"value": 1, "type": "number"}}]]),
        ),
        (
            "login".into(),
            json!([[{"type": "get_attr", "value": "input"}, {"type": "get_attr", "value": "pass"}]]),
        ),
        (
            "token".into(),
            json!([[{"type": "get_attr", "value": "input"}]]),
        ),
    ]
}

#[test]
fn marks_are_written_kept_and_never_shown() {
    let (_tmp, dir) = project();
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(!text(&apply).contains("hunter2"), "{}", text(&apply));
    assert_eq!(marks(&dir), expected_marks(), "Terraform 1.11's paths");

    // A refresh reads the objects again; the marks stay.
    let refresh = gantry(&dir, &["refresh"]);
    assert!(refresh.status.success(), "{}", text(&refresh));
    assert_eq!(marks(&dir), expected_marks());

    for args in [&["show"][..], &["state", "show", "terraform_data.login"]] {
        let out = gantry(&dir, args);
        let t = text(&out);
        assert!(out.status.success(), "{t}");
        assert!(t.contains("= (sensitive value)"), "{args:?}: {t}");
    }
    let show = text(&gantry(&dir, &["state", "show", "terraform_data.token"]));
    assert!(show.contains("input  = (sensitive value)"), "{show}");

    // Update and destroy plans show the prior value masked, as Terraform.
    std::fs::write(dir.join("main.tf"), CONFIG.replace("hunter2", "hunter3")).unwrap();
    let plan = text(&gantry(&dir, &["plan"]));
    assert!(plan.contains("~ input  = (sensitive value)"), "{plan}");
    assert!(plan.contains("~ pass = (sensitive value)"), "{plan}");
    assert!(!plan.contains("hunter3"), "{plan}");
    let destroy = text(&gantry(&dir, &["plan", "-destroy"]));
    assert!(
        destroy.contains("- input  = (sensitive value) -> null"),
        "{destroy}"
    );

    // An error about a sensitive value names it without showing it.
    std::fs::write(
        dir.join("main.tf"),
        format!(
            "{CONFIG}\nresource \"terraform_data\" \"n\" {{\n  input = tonumber(var.secret)\n}}\n"
        ),
    )
    .unwrap();
    let bad = gantry(&dir, &["plan"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        text(&bad).contains("cannot convert this sensitive string to number"),
        "{}",
        text(&bad)
    );
    assert!(!text(&bad).contains("hunter2"), "{}", text(&bad));
}

#[test]
fn terraform_and_gantry_read_each_others_sensitive_state_without_changes() {
    let tf = Path::new("/usr/local/bin/terraform");
    if !tf.exists() {
        eprintln!("SKIP: Terraform is not installed at /usr/local/bin/terraform");
        return;
    }
    let terraform = |dir: &Path, args: &[&str]| {
        Command::new(tf)
            .current_dir(dir)
            .args(args)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .unwrap()
    };
    // gantry writes, Terraform reads.
    let (_tmp, dir) = project();
    assert!(gantry(&dir, &["apply", "-auto-approve"]).status.success());
    let plan = terraform(&dir, &["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));

    // Terraform writes, gantry reads (and refreshes) and Terraform reads again.
    let (_tmp2, dir) = project();
    let apply = terraform(&dir, &["apply", "-no-color", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let plan = gantry(&dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
    assert!(gantry(&dir, &["refresh"]).status.success());
    assert_eq!(marks(&dir), expected_marks());
    let plan = terraform(&dir, &["plan", "-no-color", "-detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
}
