//! Forcing a replacement as Terraform does: `taint`/`untaint` mark the
//! object in state (where Terraform reads the mark too), `-replace=ADDR`
//! asks one plan for it; saved plans keep the request.

mod offline;

use std::path::Path;
use std::process::Command;

use offline::{gantry, text};

const TWO: &str = r#"
resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = "b"
}
"#;

#[track_caller]
fn ok(dir: &Path, args: &[&str]) -> String {
    let out = gantry(dir, args);
    assert!(out.status.success(), "{args:?}: {}", text(&out));
    text(&out)
}

#[track_caller]
fn fails(dir: &Path, args: &[&str]) -> String {
    let out = gantry(dir, args);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
    text(&out)
}

fn id(dir: &Path, name: &str) -> String {
    let state: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap())
            .unwrap();
    state["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .map(|r| {
            r["instances"][0]["attributes"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .unwrap()
}

fn project() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("main.tf"), TWO).unwrap();
    ok(tmp.path(), &["apply", "-auto-approve"]);
    tmp
}

#[test]
fn taint_and_untaint_mark_the_object_for_the_next_plan() {
    let tmp = project();
    let dir = tmp.path();
    assert_eq!(
        ok(dir, &["taint", "terraform_data.a"]),
        "Resource instance terraform_data.a has been marked as tainted.\n"
    );
    let state = std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap();
    assert!(state.contains("\"status\": \"tainted\""), "{state}");
    let plan = ok(dir, &["plan"]);
    assert!(
        plan.contains("# terraform_data.a is tainted, so must be replaced"),
        "{plan}"
    );
    assert!(
        plan.contains("-/+ resource \"terraform_data\" \"a\""),
        "{plan}"
    );
    assert!(
        plan.contains("1 to add, 0 to change, 1 to destroy"),
        "{plan}"
    );

    assert_eq!(
        ok(dir, &["untaint", "terraform_data.a"]),
        "Resource instance terraform_data.a has been successfully untainted.\n"
    );
    assert!(ok(dir, &["plan"]).contains("No changes."));
    let err = fails(dir, &["untaint", "terraform_data.a"]);
    assert!(err.contains("Resource instance is not tainted"), "{err}");
    let err = fails(dir, &["taint", "terraform_data.nope"]);
    assert!(err.contains("No such resource instance"), "{err}");
    let warned = ok(dir, &["taint", "-allow-missing", "terraform_data.nope"]);
    assert!(
        warned.contains("Warning: No such resource instance"),
        "{warned}"
    );

    // Applying the taint replaces the object.
    ok(dir, &["taint", "terraform_data.a"]);
    let before = id(dir, "a");
    ok(dir, &["apply", "-auto-approve"]);
    assert_ne!(id(dir, "a"), before);
    assert!(ok(dir, &["plan"]).contains("No changes."));
}

#[test]
fn replace_asks_one_plan_to_replace_an_instance() {
    let tmp = project();
    let dir = tmp.path();
    let plan = ok(dir, &["plan", "-replace=terraform_data.b"]);
    assert!(
        plan.contains("# terraform_data.b will be replaced, as requested"),
        "{plan}"
    );
    assert!(
        plan.contains("1 to add, 0 to change, 1 to destroy"),
        "{plan}"
    );
    let err = fails(dir, &["plan", "-replace=module.x"]);
    assert!(
        err.contains("A resource instance address is required here."),
        "{err}"
    );

    // A saved plan keeps the request, and says why in its JSON.
    ok(dir, &["plan", "-replace=terraform_data.b", "-out=p.plan"]);
    let json: serde_json::Value =
        serde_json::from_str(&ok(dir, &["show", "-json", "p.plan"])).unwrap();
    let change = json["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["address"] == "terraform_data.b")
        .cloned()
        .unwrap();
    assert_eq!(change["action_reason"], "replace_by_request");
    let before = id(dir, "b");
    ok(dir, &["apply", "p.plan"]);
    assert_ne!(id(dir, "b"), before);
    assert!(ok(dir, &["plan"]).contains("No changes."));
}

/// The mark is Terraform's: Terraform plans the replacement of what
/// gantry tainted, and gantry of what Terraform tainted.
#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn terraform_reads_gantrys_taint_and_gantry_terraforms() {
    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.exists() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; taints were not checked against Terraform");
        return;
    }
    let tmp = project();
    let dir = tmp.path();
    let tf = |args: &[&str]| {
        let o = Command::new(terraform)
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .expect("run terraform");
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        text(&o)
    };
    ok(dir, &["taint", "terraform_data.a"]);
    let plan = tf(&["plan", "-no-color"]);
    assert!(
        plan.contains("# terraform_data.a is tainted, so must be replaced"),
        "{plan}"
    );
    tf(&["untaint", "-no-color", "terraform_data.a"]);
    tf(&["taint", "-no-color", "terraform_data.b"]);
    let plan = ok(dir, &["plan"]);
    assert!(
        plan.contains("# terraform_data.b is tainted, so must be replaced"),
        "{plan}"
    );
    assert!(!plan.contains("terraform_data.a is tainted"), "{plan}");
}
