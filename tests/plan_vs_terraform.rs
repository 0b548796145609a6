//! Plans of `terraform_data` configurations using moved, removed and check
//! blocks, optional() defaults, the JSON syntax and numbers, compared with Terraform 1.11's: for each
//! case in `testdata/plan/` below, gantry applies `before/`, then gantry and
//! Terraform both plan `after/` against that one state. The plan texts must
//! be equal once ids, the tool's name and the refresh lines are set aside;
//! then each applies `after/` in its own directory and the outputs must be
//! equal, values and recorded types. Skips (saying so) when Terraform is not installed.

mod offline;

use offline::{gantry, text};

use std::path::Path;
use std::process::{Command, Output};

const CASES: &[&str] = &[
    "moved-blocks",
    "removed-blocks",
    "check-blocks",
    "optional-defaults",
    "json-syntax",
    "numbers",
];

fn terraform(dir: &Path, args: &[&str]) -> Output {
    Command::new("/usr/local/bin/terraform")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .env("TF_IN_AUTOMATION", "1")
        .output()
        .unwrap()
}

/// Puts the configuration files of `case`'s `side` in `to`, in place of
/// the ones there (`main.tf` or `main.tf.json`).
fn copy(case: &str, side: &str, to: &Path) {
    for old in ["main.tf", "main.tf.json"] {
        let _ = std::fs::remove_file(to.join(old));
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/plan")
        .join(case)
        .join(side);
    for entry in std::fs::read_dir(src).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
}

/// The plan proper: from the first line of the plan to its summary and the
/// output changes, with the tool's name unified, ids blanked, and the
/// lines only one tool prints (refreshing, the -out note) left out.
fn plan_text(out: &str) -> String {
    let mut lines = Vec::new();
    let mut started = false;
    for line in out.lines() {
        if line.contains("Refreshing state...") {
            continue;
        }
        if !started {
            started =
                line.contains("used the selected providers") || line.starts_with("No changes.");
            if !started {
                continue;
            }
        }
        if line.starts_with("Note: You didn't use the -out option")
            || line.starts_with("─")
            || line.starts_with("Warning:")
        {
            break;
        }
        let mut l = line.replace("Terraform", "gantry");
        if let Some(i) = l.find("id     = \"") {
            l.truncate(i + "id     = ".len());
            l.push_str("ID");
        }
        lines.push(l);
    }
    lines.join("\n").trim().to_string()
}

#[test]
fn plans_and_outputs_equal_terraforms() {
    if !Path::new("/usr/local/bin/terraform").is_file() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; plans were not compared with Terraform's");
        return;
    }
    let mut problems = Vec::new();
    for case in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        copy(case, "before", dir);
        let apply = gantry(dir, &["apply", "-auto-approve", "-no-color"]);
        assert!(apply.status.success(), "{case}: {}", text(&apply));
        copy(case, "after", dir);
        let ours = gantry(dir, &["plan", "-no-color"]);
        assert!(ours.status.success(), "{case}: {}", text(&ours));
        let init = terraform(dir, &["init", "-input=false", "-no-color"]);
        assert!(init.status.success(), "{case}: {}", text(&init));
        let theirs = terraform(dir, &["plan", "-no-color", "-input=false", "-lock=false"]);
        assert!(theirs.status.success(), "{case}: {}", text(&theirs));
        let (a, b) = (
            plan_text(&String::from_utf8_lossy(&ours.stdout)),
            plan_text(&String::from_utf8_lossy(&theirs.stdout)),
        );
        assert!(
            b.contains("Plan: ") || b.contains("No changes."),
            "{case}: no plan found in\n{b}"
        );
        if a != b {
            problems.push(format!(
                "{case}: plans differ\n--- gantry\n{a}\n--- terraform\n{b}"
            ));
        }

        // Each tool applies the new configuration in its own directory.
        let mine = tempfile::tempdir().unwrap();
        let tf = tempfile::tempdir().unwrap();
        for d in [mine.path(), tf.path()] {
            copy(case, "before", d);
        }
        let g = gantry(mine.path(), &["apply", "-auto-approve"]);
        assert!(g.status.success(), "{case}: {}", text(&g));
        for args in [
            &["init", "-input=false"][..],
            &["apply", "-auto-approve", "-input=false"][..],
        ] {
            let o = terraform(tf.path(), args);
            assert!(o.status.success(), "{case}: {}", text(&o));
        }
        copy(case, "after", mine.path());
        copy(case, "after", tf.path());
        let g = gantry(mine.path(), &["apply", "-auto-approve"]);
        assert!(g.status.success(), "{case}: {}", text(&g));
        let o = terraform(tf.path(), &["apply", "-auto-approve", "-input=false"]);
        assert!(o.status.success(), "{case}: {}", text(&o));
        let ours: serde_json::Value =
            serde_json::from_slice(&gantry(mine.path(), &["output", "-json"]).stdout).unwrap();
        let theirs: serde_json::Value =
            serde_json::from_slice(&terraform(tf.path(), &["output", "-json"]).stdout).unwrap();
        if ours != theirs {
            problems.push(format!(
                "{case}: outputs differ\n  gantry:    {ours}\n  terraform: {theirs}"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
