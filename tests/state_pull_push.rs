//! `state pull` and `state push` as Terraform has them: pull prints the
//! state as stored; push replaces it with a file's, as it is, refusing a
//! state of another lineage or an older serial unless `-force`; and
//! `state replace-provider`.

mod offline;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use offline::{gantry, text};

const ONE: &str = "resource \"terraform_data\" \"a\" {\n  input = \"a\"\n}\n";

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("JSON")
}

fn on_disk(dir: &Path) -> serde_json::Value {
    json(&std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap())
}

#[test]
fn pull_prints_the_state_and_push_checks_lineage_and_serial() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), ONE).unwrap();

    // No state yet: nothing, successfully.
    let out = gantry(dir, &["state", "pull"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(text(&out), "");

    let out = gantry(dir, &["apply", "-auto-approve"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = gantry(dir, &["state", "pull"]);
    assert!(out.status.success(), "{}", text(&out));
    let pulled = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(pulled, on_disk(dir));

    let write = |name: &str, change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = pulled.clone();
        change(&mut v);
        std::fs::write(dir.join(name), v.to_string()).unwrap();
    };
    let serial = pulled["serial"].as_u64().unwrap();
    write("other.json", &|v| v["lineage"] = "other".into());
    write("older.json", &|v| v["serial"] = (serial - 1).into());
    write("newer.json", &|v| v["serial"] = (serial + 5).into());

    let out = gantry(dir, &["state", "push", "other.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("cannot import state with lineage \"other\" over unrelated state"),
        "{}",
        text(&out)
    );
    let out = gantry(dir, &["state", "push", "older.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains(&format!(
            "cannot import state with serial {} over newer state with serial {serial}",
            serial - 1
        )),
        "{}",
        text(&out)
    );
    assert_eq!(on_disk(dir), pulled, "nothing was written");

    // A newer state is taken as it is, serial included.
    let out = gantry(dir, &["state", "push", "newer.json"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(on_disk(dir)["serial"], serial + 5);
    assert!(dir.join("terraform.tfstate.backup").exists());

    // From standard input, and -force over another lineage.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .args(["state", "push", "-force", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let other = std::fs::read(dir.join("other.json")).unwrap();
    child.stdin.take().unwrap().write_all(&other).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(on_disk(dir)["lineage"], "other");
    let plan = gantry(dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));

    let out = gantry(dir, &["state", "push", "missing.json"]);
    assert_eq!(out.status.code(), Some(1));
}

/// Terraform takes what gantry pulls, and gantry what Terraform pulls.
#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn terraform_and_gantry_push_each_others_pulls() {
    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.exists() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; pull and push were not checked against Terraform");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), ONE).unwrap();
    let out = gantry(dir, &["apply", "-auto-approve"]);
    assert!(out.status.success(), "{}", text(&out));
    let tf = |args: &[&str]| {
        Command::new(terraform)
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .expect("run terraform")
    };
    let ours = gantry(dir, &["state", "pull"]);
    std::fs::write(dir.join("ours.json"), &ours.stdout).unwrap();
    let theirs = tf(&["state", "pull"]);
    assert!(theirs.status.success(), "{}", text(&theirs));
    // The same state, but for the version of the program that wrote it.
    let without_version = |out: &[u8]| {
        let mut v = json(&String::from_utf8_lossy(out));
        v["terraform_version"] = serde_json::Value::Null;
        v
    };
    assert_eq!(
        without_version(&theirs.stdout),
        without_version(&ours.stdout)
    );
    std::fs::write(dir.join("theirs.json"), &theirs.stdout).unwrap();
    let pushed = tf(&["state", "push", "ours.json"]);
    assert!(pushed.status.success(), "{}", text(&pushed));
    let pushed = gantry(dir, &["state", "push", "theirs.json"]);
    assert!(pushed.status.success(), "{}", text(&pushed));
    let plan = tf(&["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
}

#[test]
fn replace_provider_changes_matching_resources_after_asking() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        format!("{ONE}resource \"terraform_data\" \"b\" {{}}\n"),
    )
    .unwrap();
    let out = gantry(dir, &["apply", "-auto-approve"]);
    assert!(out.status.success(), "{}", text(&out));
    let providers = |dir: &Path| -> Vec<String> {
        on_disk(dir)["resources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["provider"].as_str().unwrap().to_string())
            .collect()
    };
    let before = on_disk(dir);

    // Answered no: nothing changes.
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .args([
            "state",
            "replace-provider",
            "terraform.io/builtin/terraform",
            "example.com/acme/terraform",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "no").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    assert!(text(&out).contains("Operation cancelled"), "{}", text(&out));
    assert_eq!(on_disk(dir), before);

    let out = gantry(
        dir,
        &[
            "state",
            "replace-provider",
            "-auto-approve",
            "terraform.io/builtin/terraform",
            "example.com/acme/terraform",
        ],
    );
    let t = text(&out);
    assert!(out.status.success(), "{t}");
    assert!(t.contains("  ~ Updating provider:\n    - terraform.io/builtin/terraform\n    + example.com/acme/terraform\n\nChanging 2 resources:\n\n  terraform_data.a\n  terraform_data.b\n"), "{t}");
    assert!(
        t.contains("Successfully replaced provider for 2 resources."),
        "{t}"
    );
    assert_eq!(
        providers(dir),
        ["provider[\"example.com/acme/terraform\"]"; 2]
    );
    assert_eq!(
        on_disk(dir)["serial"].as_u64(),
        before["serial"].as_u64().map(|s| s + 1)
    );

    // Short source addresses are the registry's; none match here.
    let out = gantry(
        dir,
        &[
            "state",
            "replace-provider",
            "-auto-approve",
            "hashicorp/aws",
            "acme/aws",
        ],
    );
    assert!(out.status.success());
    assert!(text(&out).contains("No matching resources found."));
    let out = gantry(
        dir,
        &[
            "state",
            "replace-provider",
            "-auto-approve",
            "a/b/c/d",
            "acme/aws",
        ],
    );
    assert!(!out.status.success());
    assert!(text(&out).contains("Invalid \"from\" provider address"));
}
