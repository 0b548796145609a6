//! Workspaces as Terraform keeps them with the local backend: the
//! selection in `.terraform/environment` (or `TF_DATA_DIR`), overridden by
//! `TF_WORKSPACE`; each workspace's state in
//! `terraform.tfstate.d/NAME/terraform.tfstate` (or the backend's
//! `workspace_dir`); `terraform.workspace` naming the selected one.

use std::path::Path;
use std::process::{Command, Output};

fn gantry(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gantry"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TF_WORKSPACE")
        .env_remove("TF_DATA_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run gantry")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[track_caller]
fn ok(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let o = gantry(dir, args, env);
    assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
    stdout(&o)
}

#[track_caller]
fn fails(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let o = gantry(dir, args, env);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stdout(&o));
    stderr(&o)
}

const CONFIG: &str = r#"
resource "terraform_data" "w" {
  input = terraform.workspace
}

output "w" {
  value = terraform_data.w.output
}
"#;

fn output_w(dir: &Path, env: &[(&str, &str)]) -> String {
    ok(dir, &["output", "-raw", "w"], env)
}

#[test]
fn each_workspace_has_its_own_state_where_terraform_keeps_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();

    assert_eq!(ok(dir, &["workspace", "show"], &[]), "default\n");
    assert_eq!(ok(dir, &["workspace", "list"], &[]), "* default\n\n");
    ok(dir, &["apply", "-auto-approve"], &[]);
    assert_eq!(output_w(dir, &[]), "default");
    assert!(dir.join("terraform.tfstate").exists());

    let created = ok(dir, &["workspace", "new", "dev"], &[]);
    assert!(
        created.starts_with("Created and switched to workspace \"dev\"!"),
        "{created}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(".terraform/environment")).unwrap(),
        "dev"
    );
    assert_eq!(ok(dir, &["workspace", "list"], &[]), "  default\n* dev\n\n");
    // A new workspace plans everything anew, and applies into its own file.
    let plan = ok(dir, &["plan", "-no-color"], &[]);
    assert!(plan.contains("1 to add"), "{plan}");
    ok(dir, &["apply", "-auto-approve"], &[]);
    assert_eq!(output_w(dir, &[]), "dev");
    assert!(dir
        .join("terraform.tfstate.d/dev/terraform.tfstate")
        .exists());
    assert_eq!(output_w(dir, &[("TF_WORKSPACE", "default")]), "default");

    assert_eq!(
        ok(dir, &["workspace", "select", "default"], &[]),
        "Switched to workspace \"default\".\n"
    );
    assert_eq!(output_w(dir, &[]), "default");
    let err = fails(dir, &["workspace", "new", "dev"], &[]);
    assert!(err.contains("Workspace \"dev\" already exists"), "{err}");
    let err = fails(dir, &["workspace", "select", "qa"], &[]);
    assert!(err.contains("Workspace \"qa\" doesn't exist."), "{err}");
    ok(dir, &["workspace", "select", "-or-create", "qa"], &[]);
    assert_eq!(
        ok(dir, &["workspace", "list"], &[]),
        "  default\n  dev\n* qa\n\n"
    );
    let err = fails(dir, &["workspace", "new", "a/b"], &[]);
    assert!(
        err.contains("The workspace name \"a/b\" is not allowed"),
        "{err}"
    );

    // Deleting: not the selected one, not default, not one that still
    // tracks objects unless forced.
    let err = fails(dir, &["workspace", "delete", "qa"], &[]);
    assert!(err.contains("is your active workspace"), "{err}");
    ok(dir, &["workspace", "select", "default"], &[]);
    let err = fails(dir, &["workspace", "delete", "dev"], &[]);
    assert!(err.contains("Workspace is not empty"), "{err}");
    assert!(err.contains("  - terraform_data.w"), "{err}");
    assert!(dir
        .join("terraform.tfstate.d/dev/terraform.tfstate")
        .exists());
    let deleted = ok(dir, &["workspace", "delete", "-force", "dev"], &[]);
    assert!(
        deleted.starts_with("Deleted workspace \"dev\"!\nWARNING: \"dev\" was non-empty."),
        "{deleted}"
    );
    assert!(!dir.join("terraform.tfstate.d/dev").exists());
    // -lock-timeout, as Terraform's workspace delete takes it.
    assert_eq!(
        ok(dir, &["workspace", "delete", "-lock-timeout=2s", "qa"], &[]),
        "Deleted workspace \"qa\"!\n"
    );
    assert_eq!(ok(dir, &["workspace", "list"], &[]), "* default\n\n");
}

#[test]
fn tf_workspace_overrides_the_selection_and_tf_data_dir_moves_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();

    // A workspace TF_WORKSPACE names is used even before it was created.
    let env = [("TF_WORKSPACE", "ci")];
    assert_eq!(ok(dir, &["workspace", "show"], &env), "ci\n");
    ok(dir, &["apply", "-auto-approve"], &env);
    assert!(dir
        .join("terraform.tfstate.d/ci/terraform.tfstate")
        .exists());
    assert_eq!(output_w(dir, &env), "ci");
    assert!(!dir.join("terraform.tfstate").exists());
    let listed = ok(dir, &["workspace", "list"], &env);
    assert!(
        listed.starts_with("  default\n* ci\n\n")
            && listed.contains("overridden using the TF_WORKSPACE"),
        "{listed}"
    );
    let err = fails(dir, &["workspace", "select", "default"], &env);
    assert!(
        err.contains("currently overridden using the TF_WORKSPACE"),
        "{err}"
    );
    let err = fails(dir, &["plan"], &[("TF_WORKSPACE", "a/b")]);
    assert!(
        err.contains("Invalid workspace name set using TF_WORKSPACE"),
        "{err}"
    );

    // The selection lives in TF_DATA_DIR when it is set.
    let data = [("TF_DATA_DIR", "elsewhere")];
    ok(dir, &["workspace", "new", "dev"], &data);
    assert_eq!(
        std::fs::read_to_string(dir.join("elsewhere/environment")).unwrap(),
        "dev"
    );
    assert_eq!(ok(dir, &["workspace", "show"], &data), "dev\n");
    assert_eq!(ok(dir, &["workspace", "show"], &[]), "default\n");
}

#[test]
fn the_local_backends_workspace_dir_holds_the_workspaces() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let config = format!(
        "terraform {{\n  backend \"local\" {{\n    path          = \"state/main.tfstate\"\n    workspace_dir = \"states\"\n  }}\n}}\n{CONFIG}"
    );
    std::fs::write(dir.join("main.tf"), config).unwrap();
    std::fs::create_dir(dir.join("state")).unwrap();
    ok(dir, &["apply", "-auto-approve"], &[]);
    assert!(dir.join("state/main.tfstate").exists());
    ok(dir, &["workspace", "new", "dev"], &[]);
    ok(dir, &["apply", "-auto-approve"], &[]);
    assert!(dir.join("states/dev/terraform.tfstate").exists());
    assert_eq!(output_w(dir, &[]), "dev");
}

/// Terraform sees gantry's workspaces, selection and states, and gantry
/// Terraform's: `terraform plan` in the workspace gantry selected finds
/// nothing to change.
#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn terraform_shares_gantrys_workspaces() {
    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.exists() {
        eprintln!("SKIPPED: /usr/local/bin/terraform is not installed; workspaces were not checked against Terraform");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("main.tf"), CONFIG).unwrap();
    let tf = |args: &[&str]| {
        let o = Command::new(terraform)
            .args(args)
            .current_dir(dir)
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("TF_IN_AUTOMATION", "1")
            .env_remove("TF_WORKSPACE")
            .env_remove("TF_DATA_DIR")
            .output()
            .expect("run terraform");
        (o.status.code(), stdout(&o), stderr(&o))
    };
    ok(dir, &["workspace", "new", "dev"], &[]);
    ok(dir, &["apply", "-auto-approve"], &[]);
    let (_, shown, _) = tf(&["workspace", "show"]);
    assert_eq!(shown, "dev\n");
    let (code, out, err) = tf(&["plan", "-detailed-exitcode", "-no-color", "-input=false"]);
    assert_eq!(
        code,
        Some(0),
        "Terraform plans changes in gantry's workspace: {out}{err}"
    );

    let (code, _, err) = tf(&["workspace", "new", "-no-color", "tf"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(ok(dir, &["workspace", "show"], &[]), "tf\n");
    assert_eq!(
        ok(dir, &["workspace", "list"], &[]),
        "  default\n  dev\n* tf\n\n"
    );
}
