//! Plans of `terraform_data` configurations using moved, removed and check
//! blocks, optional() defaults, the JSON syntax, numbers and modules,
//! compared with Terraform 1.11's: for each
//! case in `testdata/plan/` below, gantry applies `before/`, then gantry and
//! Terraform both plan `after/` against that one state. The plan texts must
//! be equal once ids, the tool's name and the refresh lines are set aside;
//! then each applies `after/` in its own directory and the outputs must be
//! equal, values and recorded types. Skips (saying so) when Terraform is not installed.

mod offline;

use offline::{copy_tree, gantry, text};

use std::path::Path;
use std::process::{Command, Output};

const CASES: &[&str] = &[
    "moved-blocks",
    "removed-blocks",
    "check-blocks",
    "optional-defaults",
    "json-syntax",
    "numbers",
    "modules",
    "module-moved-blocks",
    "module-call-loop",
    "forced-create-before-destroy",
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
/// the ones there (`main.tf` or `main.tf.json`, and the called modules
/// under `modules/`).
fn copy(case: &str, side: &str, to: &Path) {
    for old in ["main.tf", "main.tf.json"] {
        let _ = std::fs::remove_file(to.join(old));
    }
    let _ = std::fs::remove_dir_all(to.join("modules"));
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/plan")
        .join(case)
        .join(side);
    copy_tree(&src, to);
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
            // A plan of moves alone starts at the actions.
            started = line.contains("used the selected providers")
                || line.contains("will perform the following actions")
                || line.starts_with("No changes.");
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
        // gantry's own line under a replacement that another one causes,
        // naming the reference (Terraform says nothing there).
        if line.starts_with("  # (because ") && line.ends_with(", which must be replaced)") {
            continue;
        }
        let mut l = line.replace("Terraform", "gantry");
        if let Some(i) = l.find("id     = \"") {
            l.truncate(i + "id     = ".len());
            l.push_str("ID");
        }
        lines.push(without_uuids(&l));
    }
    lines.join("\n").trim().to_string()
}

/// `terraform_data` ids (random UUIDs) as `UUID`.
fn without_uuids(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(q) = rest.find('"') {
        out.push_str(&rest[..=q]);
        rest = &rest[q + 1..];
        let candidate = rest.get(..36).unwrap_or("");
        let is_uuid = candidate.len() == 36
            && candidate.char_indices().all(|(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    c == '-'
                } else {
                    c.is_ascii_hexdigit()
                }
            });
        if is_uuid {
            out.push_str("UUID");
            rest = &rest[36..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
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
        // What the changes read, as plan JSON lists it (resources read
        // through outputs, locals and other resources' arguments too).
        let relevant = |json: &[u8]| {
            let doc: serde_json::Value = serde_json::from_slice(json).unwrap_or_default();
            let mut all: Vec<String> = doc["relevant_attributes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| r.to_string())
                .collect();
            all.sort();
            all
        };
        let o = gantry(dir, &["plan", "-out=g.plan"]);
        assert!(o.status.success(), "{case}: {}", text(&o));
        let ours = relevant(&gantry(dir, &["show", "-json", "g.plan"]).stdout);
        let o = terraform(dir, &["plan", "-input=false", "-lock=false", "-out=t.plan"]);
        assert!(o.status.success(), "{case}: {}", text(&o));
        let theirs = relevant(&terraform(dir, &["show", "-json", "t.plan"]).stdout);
        if ours != theirs {
            problems.push(format!(
                "{case}: relevant_attributes differ\n  gantry:    {ours:?}\n  terraform: {theirs:?}"
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
        // A module call the new configuration adds is installed first.
        let o = terraform(tf.path(), &["init", "-input=false"]);
        assert!(o.status.success(), "{case}: {}", text(&o));
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
        if SAME_DEPENDENCIES.contains(case) {
            let (ours, theirs) = (dependencies(mine.path()), dependencies(tf.path()));
            if ours != theirs {
                problems.push(format!(
                    "{case}: recorded dependencies differ\n  gantry:    {ours:?}\n  terraform: {theirs:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// Cases whose state records the same `dependencies` as Terraform's: gantry
/// records direct ones where Terraform records every ancestor, so only
/// cases without chains compare. (A reference through a module output
/// depends on what that output reads, not on the whole module.)
const SAME_DEPENDENCIES: &[&str] = &["module-call-loop"];

/// Each object (module, type, name, key) with its recorded dependencies,
/// sorted.
type Recorded = std::collections::BTreeMap<[String; 4], Vec<String>>;

fn dependencies(dir: &Path) -> Recorded {
    let text = std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap();
    let state: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut out = std::collections::BTreeMap::new();
    for r in state["resources"].as_array().into_iter().flatten() {
        for i in r["instances"].as_array().into_iter().flatten() {
            let mut deps: Vec<String> = i["dependencies"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|d| d.as_str().map(str::to_string))
                .collect();
            deps.sort();
            let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
            let place = [
                text(&r["module"]),
                text(&r["type"]),
                text(&r["name"]),
                i["index_key"].to_string(),
            ];
            out.insert(place, deps);
        }
    }
    out
}

/// What a plan or state JSON says about modules, compared with
/// Terraform's: each changed instance's addresses, actions and reason; the
/// module tree of planned values and prior state (addresses only); the
/// configuration's module calls with their sources.
fn module_view(doc: &serde_json::Value) -> serde_json::Value {
    use serde_json::json;
    fn tree(m: &serde_json::Value) -> serde_json::Value {
        let resources: Vec<&serde_json::Value> = m["resources"]
            .as_array()
            .map(|rs| rs.iter().map(|r| &r["address"]).collect())
            .unwrap_or_default();
        let children: Vec<serde_json::Value> = m["child_modules"]
            .as_array()
            .map(|cs| cs.iter().map(tree).collect())
            .unwrap_or_default();
        json!({"address": m["address"], "resources": resources, "child_modules": children})
    }
    fn calls(m: &serde_json::Value) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        if let Some(cs) = m["module_calls"].as_object() {
            for (name, c) in cs {
                out.insert(
                    name.clone(),
                    json!({
                        "source": c["source"],
                        "expressions": c["expressions"].as_object().map(|e| e.keys().cloned().collect::<Vec<_>>()),
                        "count": c.get("count_expression").is_some(),
                        "for_each": c.get("for_each_expression").is_some(),
                        "calls": calls(&c["module"]),
                    }),
                );
            }
        }
        serde_json::Value::Object(out)
    }
    let changes: Vec<serde_json::Value> = doc["resource_changes"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| {
                    json!({
                        "address": c["address"],
                        "module_address": c["module_address"],
                        "previous_address": c["previous_address"],
                        "index": c["index"],
                        "actions": c["change"]["actions"],
                        "action_reason": c["action_reason"],
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    json!({
        "resource_changes": changes,
        "planned_values": tree(&doc["planned_values"]["root_module"]),
        "prior_state": tree(&doc["prior_state"]["values"]["root_module"]),
        "module_calls": calls(&doc["configuration"]["root_module"]),
    })
}

/// The module case beyond the plan text: `state list` of gantry's state,
/// the module parts of the plan JSON, `graph`, a plan targeting one module
/// instance, `state mv` of a module instance, and Terraform planning no
/// changes on the state gantry's apply leaves.
#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn module_addresses_in_state_plan_json_and_graph_equal_terraforms() {
    if !Path::new("/usr/local/bin/terraform").is_file() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; module addresses were not compared with Terraform's");
        return;
    }
    let case = "modules";
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy(case, "before", dir);
    let apply = gantry(dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let init = terraform(dir, &["init", "-input=false", "-no-color"]);
    assert!(init.status.success(), "{}", text(&init));
    let stdout = |o: Output| String::from_utf8_lossy(&o.stdout).to_string();
    let ours = stdout(gantry(dir, &["state", "list"]));
    let theirs = stdout(terraform(dir, &["state", "list"]));
    assert_eq!(ours, theirs, "state list");
    assert!(ours.contains("module.api[\"prod\"].module.route[1].terraform_data.r\n"));

    copy(case, "after", dir);
    let init = terraform(dir, &["init", "-input=false", "-no-color"]);
    assert!(init.status.success(), "{}", text(&init));
    let ours = gantry(dir, &["plan", "-no-color", "-out=gantry.plan"]);
    assert!(ours.status.success(), "{}", text(&ours));
    let theirs = terraform(dir, &["plan", "-no-color", "-lock=false", "-out=tf.plan"]);
    assert!(theirs.status.success(), "{}", text(&theirs));
    let json = |o: Output| -> serde_json::Value {
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&o)))
    };
    let ours = module_view(&json(gantry(dir, &["show", "-json", "gantry.plan"])));
    let theirs = module_view(&json(terraform(dir, &["show", "-json", "tf.plan"])));
    assert_eq!(
        ours,
        theirs,
        "plan JSON\n--- gantry\n{}\n--- terraform\n{}",
        serde_json::to_string_pretty(&ours).unwrap(),
        serde_json::to_string_pretty(&theirs).unwrap()
    );
    let ours = stdout(gantry(dir, &["graph"]));
    let theirs = stdout(terraform(dir, &["graph"]));
    assert_eq!(ours, theirs, "graph");

    // One module instance targeted: refused, as the moves it leaves out
    // must be planned; with them, its objects and what they need.
    let target = "-target=module.api[\"prod\"]";
    let ours = gantry(dir, &["plan", "-no-color", target]);
    let theirs = terraform(dir, &["plan", "-no-color", "-lock=false", target]);
    assert_eq!(ours.status.code(), Some(1), "{}", text(&ours));
    assert_eq!(theirs.status.code(), Some(1), "{}", text(&theirs));
    // The suggested options, unquoted (as a shell would pass them).
    let suggested = |out: &str| -> Vec<String> {
        out.lines()
            .map(|l| l.trim_start_matches(['│', ' ']))
            .filter_map(|l| l.strip_prefix("-target="))
            .map(|q| format!("-target={}", serde_json::from_str::<String>(q).unwrap()))
            .collect()
    };
    let wanted = suggested(&text(&theirs));
    assert_eq!(wanted.len(), 6, "{}", text(&theirs));
    assert_eq!(suggested(&text(&ours)), wanted, "{}", text(&ours));
    let mut args = vec!["plan", "-no-color", target];
    args.extend(wanted.iter().map(String::as_str));
    let ours = gantry(dir, &args);
    args.insert(2, "-lock=false");
    let theirs = terraform(dir, &args);
    let (a, b) = (plan_text(&stdout(ours)), plan_text(&stdout(theirs)));
    assert!(b.contains("Plan: "), "{b}");
    assert_eq!(a, b, "targeted plan");

    // Applied, the state is one Terraform plans no changes for.
    let apply = gantry(dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let plan = terraform(
        dir,
        &["plan", "-detailed-exitcode", "-no-color", "-lock=false"],
    );
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));

    // `state mv` of a whole module instance, as Terraform moves it.
    let other = tempfile::tempdir().unwrap();
    let state = "terraform.tfstate";
    std::fs::copy(dir.join(state), other.path().join(state)).unwrap();
    let from = "module.api[\"prod\"]";
    let to = "module.api[\"live\"]";
    let ours = gantry(dir, &["state", "mv", from, to]);
    assert!(ours.status.success(), "{}", text(&ours));
    let theirs = terraform(other.path(), &["state", "mv", "-lock=false", from, to]);
    assert!(theirs.status.success(), "{}", text(&theirs));
    let list = |d: &Path| stdout(terraform(d, &["state", "list"]));
    assert_eq!(list(dir), list(other.path()), "after state mv");
}

/// The parts of the plan JSON that checkov and terraform-compliance read
/// beside the resource changes, for a new project with sensitive and
/// unknown outputs: `output_changes`, `planned_values.outputs` (types, and
/// no value or type when unknown), `configuration.provider_config` (the
/// implicit built-in provider too) and `relevant_attributes`, key by key
/// equal to Terraform 1.11's.
#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn plan_json_outputs_providers_and_relevant_attributes_equal_terraforms() {
    if !Path::new("/usr/local/bin/terraform").exists() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; the plan JSON was not compared with Terraform's");
        return;
    }
    const CONFIG: &str = r#"
variable "name" {
  type    = string
  default = "api"
}

variable "secret" {
  type      = string
  default   = "s3cr3t"
  sensitive = true
}

resource "terraform_data" "a" {
  input = var.name
}

locals {
  a_id = terraform_data.a.id
}

resource "terraform_data" "b" {
  input            = { name = terraform_data.a.output, secret = var.secret }
  triggers_replace = [local.a_id]
}

output "a" {
  value = terraform_data.a.output
}

output "name" {
  value = var.name
}

output "secret" {
  value     = var.secret
  sensitive = true
}
"#;
    let ours = tempfile::tempdir().unwrap();
    let theirs = tempfile::tempdir().unwrap();
    for d in [ours.path(), theirs.path()] {
        std::fs::write(d.join("main.tf"), CONFIG).unwrap();
    }
    let out = gantry(ours.path(), &["plan", "-out=p.plan"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = gantry(ours.path(), &["show", "-json", "p.plan"]);
    assert!(out.status.success(), "{}", text(&out));
    let g: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let out = terraform(theirs.path(), &["plan", "-out=p.plan"]);
    assert!(out.status.success(), "{}", text(&out));
    let out = terraform(theirs.path(), &["show", "-json", "p.plan"]);
    let t: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "/output_changes",
        "/planned_values/outputs",
        "/configuration/provider_config",
        "/relevant_attributes",
        // A new project's prior state: the outputs planning already knows.
        "/prior_state/values",
        // Values with their sensitivity, unknown ones shaped by their type
        // (b's output is an object: `{}`).
        "/planned_values/root_module",
    ] {
        assert_eq!(g.pointer(key), t.pointer(key), "{key}");
    }
    for i in 0..2 {
        for part in [
            "after",
            "after_unknown",
            "after_sensitive",
            "before_sensitive",
        ] {
            let key = format!("/resource_changes/{i}/change/{part}");
            assert_eq!(g.pointer(&key), t.pointer(&key), "{key}");
        }
    }
}
