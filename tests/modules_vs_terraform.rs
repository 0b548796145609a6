//! Module configurations validated by gantry and by Terraform 1.11 give the
//! same diagnostics: `testdata/modules-validate/<case>/` holds a root module
//! with its called modules and `terraform.json`, Terraform's diagnostics for
//! it (summary, detail, file, line), recorded with `UPDATE_GOLDEN=1` where
//! Terraform is installed and re-checked against it whenever it is.
//! Diagnostics are compared as sets: Terraform repeats a called module's
//! problem once per call, gantry reports it once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

type Found = BTreeSet<(String, String, String, u64)>;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/modules-validate");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn diagnostics(validate_json: &[u8]) -> Found {
    let v: Value = serde_json::from_slice(validate_json).expect("validate -json is JSON");
    v["diagnostics"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|d| {
            (
                d["summary"].as_str().unwrap_or_default().to_string(),
                d["detail"].as_str().unwrap_or_default().to_string(),
                d["range"]["filename"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                d["range"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

fn gantry(case: &Path) -> Found {
    let out = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["validate", "-json", "."])
        .current_dir(case)
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .output()
        .expect("run gantry");
    diagnostics(&out.stdout)
}

/// Terraform's diagnostics for a copy of the case (init writes
/// `.terraform/` there, not into testdata).
fn terraform(tf: &Path, case: &Path) -> Found {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(case, tmp.path());
    let run = |args: &[&str]| {
        Command::new(tf)
            .args(args)
            .current_dir(tmp.path())
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("CHECKPOINT_DISABLE", "1")
            .output()
            .expect("run terraform")
    };
    let init = run(&["init", "-no-color", "-input=false"]);
    assert!(
        init.status.success(),
        "terraform init: {}",
        String::from_utf8_lossy(&init.stderr)
    );
    diagnostics(&run(&["validate", "-json"]).stdout)
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if src.is_dir() {
            std::fs::create_dir_all(&dst).unwrap();
            copy_dir(&src, &dst);
        } else if src.extension().is_some_and(|x| x == "tf") {
            std::fs::copy(&src, &dst).unwrap();
        }
    }
}

fn recorded(case: &Path) -> Found {
    let text = std::fs::read_to_string(case.join("terraform.json"))
        .unwrap_or_else(|e| panic!("{}: {e}", case.display()));
    let v: Value = serde_json::from_str(&text).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d[0].as_str().unwrap().to_string(),
                d[1].as_str().unwrap().to_string(),
                d[2].as_str().unwrap().to_string(),
                d[3].as_u64().unwrap(),
            )
        })
        .collect()
}

fn record(case: &Path, found: &Found) {
    let list: Vec<Value> = found
        .iter()
        .map(|(s, d, f, l)| json!([s, d, f, l]))
        .collect();
    let text = serde_json::to_string_pretty(&Value::Array(list)).unwrap();
    std::fs::write(case.join("terraform.json"), text + "\n").unwrap();
}

#[test]
fn module_diagnostics_match_terraform() {
    let tf = Path::new("/usr/local/bin/terraform");
    let tf = tf.is_file().then_some(tf);
    if tf.is_none() {
        eprintln!("terraform not installed: comparing with its recorded diagnostics only");
    }
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 4, "only {} cases", all.len());
    for case in all {
        if let Some(tf) = tf {
            let theirs = terraform(tf, &case);
            if std::env::var_os("UPDATE_GOLDEN").is_some() {
                record(&case, &theirs);
            } else if theirs != recorded(&case) {
                failures.push(format!(
                    "{}: terraform.json is stale; Terraform now says {theirs:#?}",
                    case.display()
                ));
            }
        }
        let ours = gantry(&case);
        let theirs = recorded(&case);
        if ours != theirs {
            failures.push(format!(
                "{}:\n gantry:    {ours:#?}\n terraform: {theirs:#?}",
                case.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
