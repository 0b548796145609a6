//! `plan -json` and `apply -json`: Terraform's machine-readable UI, line
//! by line as Terraform 1.11 writes it for the same configuration (when
//! Terraform is installed), timestamps and generated IDs aside.

mod offline;

use std::path::Path;
use std::process::Command;

use offline::text;

const CONFIG: &str = r#"resource "terraform_data" "a" {
  input = "x"
}

resource "terraform_data" "b" {
  count = 1
  input = terraform_data.a.output
}

output "o" {
  value = terraform_data.a.output
}

output "s" {
  value     = "k"
  sensitive = true
}
"#;

fn run(tool: &str, dir: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(tool);
    cmd.args(args)
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .env("CHECKPOINT_DISABLE", "1")
        .env("NO_COLOR", "1");
    cmd.output().expect("runs")
}

/// The messages of one run, without what differs between runs and tools
/// (timestamps, generated IDs, the version message).
fn messages(out: &std::process::Output) -> Vec<serde_json::Value> {
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut ids: Vec<String> = Vec::new();
    stdout
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {l}"))
        })
        .filter(|m| m["type"] != "version")
        .map(|mut m| {
            let o = m.as_object_mut().unwrap();
            o.remove("@timestamp");
            if let Some(id) = o
                .get("hook")
                .and_then(|h| h.get("id_value"))
                .and_then(|v| v.as_str())
            {
                if !ids.contains(&id.to_string()) {
                    ids.push(id.to_string());
                }
            }
            let mut text = serde_json::to_string(&m).unwrap();
            for (i, id) in ids.iter().enumerate() {
                text = text.replace(id, &format!("ID{i}"));
            }
            serde_json::from_str(&text).unwrap()
        })
        .collect()
}

/// The same steps in `dir` with `tool`: a saved plan and its apply, a
/// change applied with -auto-approve, and -json without approval.
fn steps(tool: &str, dir: &Path) -> Vec<Vec<serde_json::Value>> {
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    let mut all = Vec::new();
    let o = run(tool, dir, &["plan", "-json", "-out=tfplan"]);
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    let o = run(tool, dir, &["apply", "-json", "tfplan"]);
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    std::fs::write(dir.join("main.tf"), CONFIG.replace("\"x\"", "\"y\"")).unwrap();
    let o = run(tool, dir, &["apply", "-json", "-auto-approve"]);
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    let o = run(tool, dir, &["apply", "-json"]);
    assert!(!o.status.success());
    all.push(messages(&o));
    // Nothing to do: the summary and the outputs all the same.
    let o = run(tool, dir, &["plan", "-json"]);
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    // A new output: a refresh-only plan saves it, and its apply records it.
    let with_p = format!(
        "{}\noutput \"p\" {{\n  value = \"new\"\n}}\n",
        CONFIG.replace("\"x\"", "\"y\"")
    );
    std::fs::write(dir.join("main.tf"), with_p).unwrap();
    let o = run(tool, dir, &["plan", "-refresh-only", "-json", "-out=rplan"]);
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    let o = run(tool, dir, &["apply", "-json", "rplan"]);
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    let o = run(
        tool,
        dir,
        &["apply", "-refresh-only", "-json", "-auto-approve"],
    );
    assert!(o.status.success(), "{tool}: {}", text(&o));
    all.push(messages(&o));
    all
}

#[test]
fn plan_and_apply_json_speak_terraforms_ui() {
    let g = tempfile::tempdir().unwrap();
    let ours = steps(env!("CARGO_BIN_EXE_gantry"), g.path());
    // What every line carries, and the run's shape.
    let kinds: Vec<Vec<&str>> = ours
        .iter()
        .map(|run| run.iter().map(|m| m["type"].as_str().unwrap()).collect())
        .collect();
    assert_eq!(
        kinds[0],
        [
            "planned_change",
            "planned_change",
            "change_summary",
            "outputs"
        ]
    );
    assert_eq!(
        kinds[1],
        [
            "planned_change",
            "planned_change",
            "apply_start",
            "apply_complete",
            "apply_start",
            "apply_complete",
            "change_summary",
            "outputs"
        ]
    );
    assert_eq!(kinds[3], ["diagnostic"]);
    let complete = &ours[1][3];
    assert_eq!(complete["hook"]["resource"]["addr"], "terraform_data.a");
    assert_eq!(complete["hook"]["id_key"], "id");
    assert_eq!(ours[1][7]["outputs"]["o"]["value"], "x");
    assert!(
        ours[1][7]["outputs"]["s"].get("value").is_none(),
        "a sensitive value stays out"
    );
    assert_eq!(ours[2].last().unwrap()["outputs"]["o"]["value"], "y");
    assert_eq!(
        kinds[4],
        [
            "refresh_start",
            "refresh_complete",
            "refresh_start",
            "refresh_complete",
            "change_summary",
            "outputs"
        ]
    );
    assert_eq!(
        ours[4][4]["@message"],
        "Plan: 0 to add, 0 to change, 0 to destroy."
    );
    // The refresh-only plan saves the new output, its apply records it.
    assert_eq!(ours[5].last().unwrap()["outputs"]["p"]["action"], "create");
    assert_eq!(ours[6].last().unwrap()["outputs"]["p"]["value"], "new");
    let state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(g.path().join("terraform.tfstate")).unwrap())
            .unwrap();
    assert_eq!(state["outputs"]["p"]["value"], "new", "{state}");
    // -refresh-only cannot go with -destroy, in JSON too.
    let o = run(
        env!("CARGO_BIN_EXE_gantry"),
        g.path(),
        &["plan", "-refresh-only", "-destroy", "-json"],
    );
    assert!(!o.status.success());
    let refused = messages(&o);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(
        refused[0]["diagnostic"]["summary"],
        "Incompatible plan options"
    );

    if !Path::new("/usr/local/bin/terraform").exists() {
        eprintln!(
            "SKIPPED the comparison with Terraform: /usr/local/bin/terraform is not installed"
        );
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let theirs = steps("/usr/local/bin/terraform", t.path());
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        // Terraform names itself where gantry names gantry.
        let mut a = serde_json::to_string_pretty(a).unwrap();
        let b = serde_json::to_string_pretty(b).unwrap();
        a = a.replace("gantry cannot ask", "Terraform cannot ask");
        assert_eq!(a, b, "step {i} differs from Terraform's");
    }
}
