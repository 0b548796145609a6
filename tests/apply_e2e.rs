//! Offline end to end on `examples/terraform-data`: apply, re-plan to "No
//! changes", edit, apply again, saved plans, state commands, the lock, and
//! destroy — through the real binary. Where Terraform 1.11 is installed,
//! it must read gantry's state and plan no changes.

mod offline;

use offline::{gantry, text};

use std::path::{Path, PathBuf};
use std::process::Command;

fn copy_example() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("terraform-data");
    std::fs::create_dir(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/terraform-data/main.tf");
    std::fs::copy(src, dir.join("main.tf")).unwrap();
    (tmp, dir)
}

fn state(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap()).unwrap()
}

#[test]
fn apply_replan_edit_apply_destroy() {
    let (_tmp, dir) = copy_example();

    let plan = gantry(&dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(plan.status.code(), Some(2), "{}", text(&plan));
    assert!(text(&plan).contains("Plan: 4 to add, 0 to change, 0 to destroy."));

    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    let out = text(&apply);
    assert!(apply.status.success(), "{out}");
    assert!(out.contains("terraform_data.api: Creating..."), "{out}");
    assert!(
        out.contains("terraform_data.api: Creation complete after 0s [id="),
        "{out}"
    );
    assert!(
        out.contains("Apply complete! Resources: 4 added, 0 changed, 0 destroyed."),
        "{out}"
    );
    // The api must be complete before the routes that refer to it start.
    let api_done = out.find("terraform_data.api: Creation complete").unwrap();
    let route_start = out
        .find("terraform_data.route[\"orders\"]: Creating...")
        .unwrap();
    assert!(api_done < route_start, "{out}");
    assert!(
        !dir.join("terraform.tfstate.journal").exists(),
        "journal folded"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("terraform.tfstate"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let s = state(&dir);
    assert_eq!(s["version"], 4);
    let api_id = s["resources"][0]["instances"][0]["attributes"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let route = &s["resources"][1];
    assert_eq!(route["each"], "map");
    assert_eq!(route["instances"][0]["index_key"], "health");
    assert_eq!(
        route["instances"][0]["attributes"]["output"]["value"]["api"],
        api_id.as_str(),
        "values known after apply flow into dependents"
    );
    assert_eq!(
        route["instances"][0]["dependencies"][0],
        "terraform_data.api"
    );

    let replan = gantry(&dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(replan.status.code(), Some(0), "{}", text(&replan));
    assert!(text(&replan).contains("No changes. Your infrastructure matches the configuration."));

    let output = gantry(&dir, &["output", "-raw", "api_id"]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), api_id);
    let json = gantry(&dir, &["output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(outputs["routes"]["value"]["orders"], "/orders");

    let list = gantry(&dir, &["state", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "terraform_data.api\nterraform_data.route[\"health\"]\nterraform_data.route[\"orders\"]\nterraform_data.template\n"
    );
    let show = gantry(&dir, &["state", "show", "terraform_data.route[\"orders\"]"]);
    assert!(
        text(&show).contains("\"path\"   = \"/orders\""),
        "{}",
        text(&show)
    );

    // Edit: an update in place (the stage) with a heredoc line diff, saved
    // to a plan file; the plan file applies once, then is stale.
    let main = std::fs::read_to_string(dir.join("main.tf")).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        main.replace("default = \"dev\"", "default = \"prod\""),
    )
    .unwrap();
    let plan = gantry(&dir, &["plan", "-out=edit.plan"]);
    let out = text(&plan);
    assert!(
        out.contains("Plan: 0 to add, 2 to change, 0 to destroy."),
        "{out}"
    );
    assert!(out.contains("-   \"stage\" : \"dev\""), "{out}");
    assert!(out.contains("+   \"stage\" : \"prod\""), "{out}");
    let show = gantry(&dir, &["show", "-json", "edit.plan"]);
    let doc: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let actions: Vec<_> = doc["resource_changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"]["actions"][0].as_str().unwrap().to_string())
        .collect();
    assert_eq!(actions, ["update", "no-op", "no-op", "update"]);
    let apply = gantry(&dir, &["apply", "edit.plan"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(text(&apply).contains("Resources: 0 added, 2 changed, 0 destroyed."));
    let again = gantry(&dir, &["apply", "edit.plan"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        text(&again).contains("Saved plan is stale"),
        "{}",
        text(&again)
    );
    assert!(dir.join("terraform.tfstate.backup").exists());

    // A held lock stops a second run and names the holder.
    let state_path = dir.join("terraform.tfstate");
    let held = gantry_state::acquire(&state_path, "OperationTypeApply", "alice@ci").unwrap();
    let locked = gantry(&dir, &["plan"]);
    assert_eq!(locked.status.code(), Some(1));
    assert!(
        text(&locked).contains("alice@ci")
            && text(&locked).contains("Error acquiring the state lock"),
        "{}",
        text(&locked)
    );
    let unlock = gantry(&dir, &["force-unlock", "-force", &held.info.id]);
    assert_eq!(unlock.status.code(), Some(1), "{}", text(&unlock));
    assert!(text(&unlock).contains("cannot be unlocked by another process"));
    drop(held);

    // What a killed run leaves (its info file, no process) is no lock.
    let lock_path = dir.join(".terraform.tfstate.lock.info");
    std::fs::write(&lock_path, r#"{"ID":"abc-123","Operation":"OperationTypeApply","Info":"","Who":"alice@ci","Version":"gantry","Created":"now","Path":"terraform.tfstate","Pid":1}"#).unwrap();
    let after_crash = gantry(&dir, &["plan"]);
    assert!(after_crash.status.success(), "{}", text(&after_crash));
    std::fs::write(&lock_path, r#"{"ID":"abc-123","Operation":"OperationTypeApply","Info":"","Who":"alice@ci","Version":"gantry","Created":"now","Path":"terraform.tfstate","Pid":1}"#).unwrap();
    let unlock = gantry(&dir, &["force-unlock", "-force", "abc-123"]);
    assert!(unlock.status.success(), "{}", text(&unlock));
    assert!(!lock_path.exists());

    let destroy = gantry(&dir, &["destroy", "-auto-approve"]);
    let out = text(&destroy);
    assert!(destroy.status.success(), "{out}");
    assert!(
        out.contains("Destroy complete! Resources: 4 destroyed."),
        "{out}"
    );
    // Dependents go first.
    let route_gone = out
        .find("terraform_data.route[\"orders\"]: Destruction complete")
        .unwrap();
    let api_start = out.find("terraform_data.api: Destroying...").unwrap();
    assert!(route_gone < api_start, "{out}");
    assert_eq!(state(&dir)["resources"].as_array().unwrap().len(), 0);
}

#[test]
fn a_declined_apply_changes_nothing() {
    let (_tmp, dir) = copy_example();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .arg("apply")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"no\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Only 'yes' will be accepted") && stdout.contains("Apply cancelled."),
        "{stdout}"
    );
    assert!(!dir.join("terraform.tfstate").exists());
}

#[test]
fn graph_prints_dot_and_explains_missing_graphviz() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mock-integration");
    let dot = gantry(&dir, &["graph"]);
    let out = String::from_utf8_lossy(&dot.stdout);
    assert!(out.starts_with("digraph G {"), "{out}");
    assert!(out.contains("\"aws_api_gateway_integration.MyDemoIntegration\" -> \"aws_api_gateway_method.MyDemoMethod\";"), "{out}");
    let plan = gantry(&dir, &["graph", "-type=plan"]);
    assert!(String::from_utf8_lossy(&plan.stdout).contains("[label=\"http_method\"]"));
    let svg = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args([&format!("-chdir={}", dir.display()), "graph", "-format=svg"])
        .env("PATH", "/nonexistent")
        .output()
        .unwrap();
    assert_eq!(svg.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&svg.stderr).contains("apt-get install graphviz"));
}

#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn terraform_reads_gantrys_state_and_plans_no_changes() {
    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.exists() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; gantry's state was not checked against Terraform");
        return;
    }
    let (_tmp, dir) = copy_example();
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let tf = |args: &[&str]| {
        Command::new(terraform)
            .args(args)
            .current_dir(&dir)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("TF_IN_AUTOMATION", "1")
            .output()
            .unwrap()
    };
    let init = tf(&["init", "-input=false", "-no-color"]);
    assert!(init.status.success(), "{}", text(&init));
    let show = tf(&["show", "-no-color"]);
    assert!(show.status.success(), "{}", text(&show));
    assert!(text(&show).contains("resource \"terraform_data\" \"route\""));
    let plan = tf(&[
        "plan",
        "-detailed-exitcode",
        "-no-color",
        "-input=false",
        "-lock=false",
    ]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
    assert!(text(&plan).contains("No changes."));
}

#[test]
fn state_mv_and_rm_edit_the_state_and_the_next_plan_follows() {
    let (_tmp, dir) = copy_example();
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let serial = state(&dir)["serial"].as_u64().unwrap();
    let list =
        |dir: &Path| String::from_utf8_lossy(&gantry(dir, &["state", "list"]).stdout).to_string();

    // Rename a resource: the object keeps its id under the new address,
    // and the configuration (which still says `template`) now plans a
    // create for the old name and a destroy for the new one.
    let template_id = state(&dir)["resources"][2]["instances"][0]["attributes"]["id"].clone();
    let mv = gantry(
        &dir,
        &[
            "state",
            "mv",
            "terraform_data.template",
            "terraform_data.body",
        ],
    );
    assert!(mv.status.success(), "{}", text(&mv));
    assert!(
        text(&mv).contains("Successfully moved 1 object(s)."),
        "{}",
        text(&mv)
    );
    assert_eq!(
        list(&dir),
        "terraform_data.api\nterraform_data.body\nterraform_data.route[\"health\"]\nterraform_data.route[\"orders\"]\n"
    );
    let s = state(&dir);
    assert_eq!(s["resources"][1]["name"], "body");
    assert_eq!(
        s["resources"][1]["instances"][0]["attributes"]["id"],
        template_id
    );
    assert!(
        s["serial"].as_u64().unwrap() > serial,
        "the serial moves on"
    );
    let plan = gantry(&dir, &["plan", "-no-color"]);
    let out = text(&plan);
    assert!(
        out.contains("# terraform_data.body will be destroyed"),
        "{out}"
    );
    assert!(
        out.contains("# terraform_data.template will be created"),
        "{out}"
    );

    // Move it back, then move one instance to another key.
    let back = gantry(
        &dir,
        &[
            "state",
            "mv",
            "terraform_data.body",
            "terraform_data.template",
        ],
    );
    assert!(back.status.success(), "{}", text(&back));
    let key = gantry(
        &dir,
        &[
            "state",
            "mv",
            "terraform_data.route[\"health\"]",
            "terraform_data.route[\"status\"]",
        ],
    );
    assert!(key.status.success(), "{}", text(&key));
    assert!(list(&dir).contains("terraform_data.route[\"status\"]\n"));
    let plan = text(&gantry(&dir, &["plan", "-no-color"]));
    assert!(
        plan.contains("# terraform_data.route[\"health\"] will be created"),
        "{plan}"
    );
    assert!(
        plan.contains("# terraform_data.route[\"status\"] will be destroyed"),
        "{plan}"
    );
    assert!(
        plan.contains("Plan: 1 to add, 0 to change, 1 to destroy."),
        "{plan}"
    );

    // Refusals change nothing.
    let before = std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap();
    let taken = gantry(
        &dir,
        &[
            "state",
            "mv",
            "terraform_data.template",
            "terraform_data.api",
        ],
    );
    assert_eq!(taken.status.code(), Some(1));
    assert!(
        text(&taken).contains("already an object at that address"),
        "{}",
        text(&taken)
    );
    let missing = gantry(
        &dir,
        &["state", "mv", "terraform_data.nope", "terraform_data.other"],
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing).contains("no such object"),
        "{}",
        text(&missing)
    );
    let rm_missing = gantry(&dir, &["state", "rm", "terraform_data.nope"]);
    assert_eq!(rm_missing.status.code(), Some(1));
    assert_eq!(
        before,
        std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap()
    );

    // rm forgets objects without destroying them: the plan creates them
    // again, and a whole resource goes with all its instances.
    let rm = gantry(
        &dir,
        &["state", "rm", "terraform_data.route", "terraform_data.api"],
    );
    assert!(rm.status.success(), "{}", text(&rm));
    assert!(
        text(&rm).contains("Removed terraform_data.api\n"),
        "{}",
        text(&rm)
    );
    assert!(
        text(&rm).contains("Successfully removed 3 resource instance(s)."),
        "{}",
        text(&rm)
    );
    assert_eq!(list(&dir), "terraform_data.template\n");
    let plan = text(&gantry(&dir, &["plan", "-no-color"]));
    assert!(
        plan.contains("# terraform_data.api will be created"),
        "{plan}"
    );
    assert!(
        plan.contains("# terraform_data.template must be replaced"),
        "{plan}"
    );
    assert!(dir.join("terraform.tfstate.backup").exists());
}

/// `moved` blocks: a rename and a key change plan as moves (no destroy, no
/// create), apply records them in state, the next plan has no changes, and
/// Terraform (when installed) reads the moved state and agrees.
#[test]
fn moved_blocks_rename_without_replacing() {
    let (_tmp, dir) = copy_example();
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let ids = |dir: &Path| -> Vec<String> {
        state(dir)["resources"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r["instances"].as_array().unwrap().clone())
            .map(|i| i["attributes"]["id"].as_str().unwrap().to_string())
            .collect()
    };
    let mut before = ids(&dir);
    before.sort();

    let config = std::fs::read_to_string(dir.join("main.tf")).unwrap();
    let edited = config
        .replace("resource \"terraform_data\" \"template\"", "resource \"terraform_data\" \"body\"")
        .replace("orders = \"GET\"", "orders_v2 = \"GET\"")
        .replace("path   = \"/${each.key}\"", "path   = \"/${trimsuffix(each.key, \"_v2\")}\"")
        + "\nmoved {\n  from = terraform_data.template\n  to   = terraform_data.body\n}\n\nmoved {\n  from = terraform_data.route[\"orders\"]\n  to   = terraform_data.route[\"orders_v2\"]\n}\n";
    std::fs::write(dir.join("main.tf"), edited).unwrap();

    let plan = gantry(&dir, &["plan", "-no-color", "-detailed-exitcode"]);
    let out = text(&plan);
    assert_eq!(plan.status.code(), Some(2), "{out}");
    assert!(
        out.contains("# terraform_data.template has moved to terraform_data.body"),
        "{out}"
    );
    assert!(
        out.contains(
            "# terraform_data.route[\"orders\"] has moved to terraform_data.route[\"orders_v2\"]"
        ),
        "{out}"
    );
    assert!(
        out.contains("Plan: 0 to add, 0 to change, 0 to destroy."),
        "{out}"
    );

    let apply = gantry(&dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let list = String::from_utf8_lossy(&gantry(&dir, &["state", "list"]).stdout).to_string();
    assert_eq!(
        list,
        "terraform_data.api\nterraform_data.body\nterraform_data.route[\"health\"]\nterraform_data.route[\"orders_v2\"]\n"
    );
    let mut after = ids(&dir);
    after.sort();
    assert_eq!(before, after, "the same objects, at new addresses");
    let again = gantry(&dir, &["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));

    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.exists() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; the moved state was not checked against Terraform");
        return;
    }
    let tf = |args: &[&str]| {
        Command::new(terraform)
            .args(args)
            .current_dir(&dir)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("TF_IN_AUTOMATION", "1")
            .output()
            .unwrap()
    };
    let init = tf(&["init", "-input=false", "-no-color"]);
    assert!(init.status.success(), "{}", text(&init));
    let plan = tf(&[
        "plan",
        "-detailed-exitcode",
        "-no-color",
        "-input=false",
        "-lock=false",
    ]);
    assert_eq!(plan.status.code(), Some(0), "{}", text(&plan));
}

/// `removed` blocks: `destroy = false` drops the object from state without
/// a destroy; the default destroys; a removed resource still declared is
/// an error.
#[test]
fn removed_blocks_forget_or_destroy() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"terraform_data\" \"kept\" {\n  input = \"x\"\n}\n\nresource \"terraform_data\" \"gone\" {\n  count = 2\n  input = \"y\"\n}\n\nresource \"terraform_data\" \"stays\" {\n  input = \"z\"\n}\n",
    )
    .unwrap();
    let apply = gantry(dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));

    let removed = "removed {\n  from = terraform_data.kept\n  lifecycle {\n    destroy = false\n  }\n}\n\nremoved {\n  from = terraform_data.gone\n}\n";
    std::fs::write(
        dir.join("main.tf"),
        format!("{removed}\nresource \"terraform_data\" \"kept\" {{\n  input = \"x\"\n}}\n"),
    )
    .unwrap();
    let still = gantry(dir, &["validate", "-no-color"]);
    assert_eq!(still.status.code(), Some(1));
    assert!(
        text(&still).contains("Removed resource still exists"),
        "{}",
        text(&still)
    );

    std::fs::write(
        dir.join("main.tf"),
        format!("{removed}\nresource \"terraform_data\" \"stays\" {{\n  input = \"z\"\n}}\n"),
    )
    .unwrap();
    let plan = gantry(dir, &["plan", "-no-color"]);
    let out = text(&plan);
    assert!(
        out.contains(
            "# terraform_data.kept will no longer be managed by gantry, but will not be destroyed"
        ),
        "{out}"
    );
    assert!(
        out.contains("Plan: 0 to add, 0 to change, 2 to destroy."),
        "{out}"
    );
    assert!(
        out.contains("Some objects will no longer be managed by gantry"),
        "{out}"
    );
    let apply = gantry(dir, &["apply", "-auto-approve", "-no-color"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(
        text(&apply).contains("0 added, 0 changed, 2 destroyed"),
        "{}",
        text(&apply)
    );
    let list = String::from_utf8_lossy(&gantry(dir, &["state", "list"]).stdout).to_string();
    assert_eq!(list, "terraform_data.stays\n");
    let again = gantry(dir, &["plan", "-detailed-exitcode", "-no-color"]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again));
}

/// As Terraform: a null output is not kept in state (so `output NAME`
/// does not find it), and `output -json NAME` prints one line.
#[test]
fn null_outputs_are_not_stored_and_output_json_is_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(
        dir.join("main.tf"),
        "output \"n\" {\n  value = null\n}\n\noutput \"s\" {\n  value = { a = [1, \"x\"] }\n}\n",
    )
    .unwrap();
    let apply = gantry(dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let outputs = state(dir)["outputs"].clone();
    assert!(outputs.get("n").is_none(), "{outputs}");
    let one = gantry(dir, &["output", "-json", "s"]);
    assert_eq!(String::from_utf8_lossy(&one.stdout), "{\"a\":[1,\"x\"]}\n");
    let missing = gantry(dir, &["output", "n"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        text(&missing).contains("Output \"n\" not found"),
        "{}",
        text(&missing)
    );
}
