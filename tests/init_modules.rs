//! `gantry init` installs modules as `terraform init` does: local paths
//! recorded, git sources cloned at their `ref` (with `//subdir`), nested
//! local calls inside a fetched module resolved there, and
//! `.terraform/modules/modules.json` written in Terraform's format, so that
//! `validate` (gantry's and Terraform's) finds every module. The git
//! repository is a bare one the test creates; nothing leaves the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gantry(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TF_DATA_DIR")
        .output()
        .expect("run gantry")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.email=t@example.com",
            "-c",
            "user.name=t",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A bare repository holding a module (with a nested local module) at tag
/// v1.0.0, and a later commit that changes it.
fn module_repository(base: &Path) -> PathBuf {
    let work = base.join("work");
    write(
        &work.join("main.tf"),
        "variable \"name\" {\n  type = string\n}\n\nmodule \"route\" {\n  source = \"./modules/route\"\n}\n\noutput \"version\" {\n  value = \"v1\"\n}\n",
    );
    write(
        &work.join("modules/route/main.tf"),
        "output \"path\" {\n  value = \"/pets\"\n}\n",
    );
    git(&work, &["init", "-q"]);
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "v1"]);
    git(&work, &["tag", "v1.0.0"]);
    write(
        &work.join("main.tf"),
        "output \"version\" {\n  value = \"v2\"\n}\n",
    );
    git(&work, &["commit", "-qam", "v2"]);
    let bare = base.join("repo.git");
    git(base, &["clone", "-q", "--bare", "work", "repo.git"]);
    bare
}

#[test]
fn init_installs_local_and_git_modules_as_terraform_does() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let repo = module_repository(tmp.path());
    let url = format!("file://{}", repo.display());
    let root = tmp.path().join("root");
    let main = format!(
        "module \"api\" {{\n  source = \"git::{url}?ref=v1.0.0\"\n  name   = \"orders\"\n}}\n\nmodule \"route\" {{\n  source = \"git::{url}//modules/route?ref=v1.0.0\"\n}}\n\nmodule \"local\" {{\n  source = \"./modules/local\"\n}}\n\noutput \"version\" {{\n  value = module.api.version\n}}\n"
    );
    write(&root.join("main.tf"), &main);
    write(
        &root.join("modules/local/main.tf"),
        "output \"x\" {\n  value = 1\n}\n",
    );

    // Before init, a git source is not installed: validate says so at it.
    let out = gantry(&root, &["validate", "-no-color", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Module not installed"),
        "{}",
        text(&out)
    );

    let out = gantry(&root, &["init", "-input=false"]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = String::from_utf8_lossy(&out.stdout).to_string();
    for line in [
        format!("Downloading git::{url}?ref=v1.0.0 for api..."),
        "- api in .terraform/modules/api".to_string(),
        "- api.route in .terraform/modules/api/modules/route".to_string(),
        "- route in .terraform/modules/route/modules/route".to_string(),
        "- local in modules/local".to_string(),
    ] {
        assert!(
            printed.lines().any(|l| l == line),
            "missing {line:?} in:\n{printed}"
        );
    }
    // Terraform's manifest, byte for byte as Terraform 1.11 writes it.
    let manifest = std::fs::read_to_string(root.join(".terraform/modules/modules.json")).unwrap();
    let expected = format!(
        r#"{{"Modules":[{{"Key":"","Source":"","Dir":"."}},{{"Key":"api","Source":"git::{url}?ref=v1.0.0","Dir":".terraform/modules/api"}},{{"Key":"api.route","Source":"./modules/route","Dir":".terraform/modules/api/modules/route"}},{{"Key":"local","Source":"./modules/local","Dir":"modules/local"}},{{"Key":"route","Source":"git::{url}//modules/route?ref=v1.0.0","Dir":".terraform/modules/route/modules/route"}}]}}"#
    );
    assert_eq!(manifest, expected);
    // The ref, not the newest commit.
    let installed = std::fs::read_to_string(root.join(".terraform/modules/api/main.tf")).unwrap();
    assert!(installed.contains("\"v1\""), "{installed}");

    let out = gantry(&root, &["validate", "-no-color", "."]);
    assert!(out.status.success(), "{}", text(&out));

    // An input the fetched module lacks is an error at the call site.
    write(
        &root.join("main.tf"),
        &main.replace(
            "name   = \"orders\"",
            "name   = \"orders\"\n  nmae   = \"x\"",
        ),
    );
    let out = gantry(&root, &["validate", "-no-color", "."]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("An argument named \"nmae\" is not expected here."),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("main.tf:4:3"), "{}", text(&out));
    write(&root.join("main.tf"), &main);

    // Installed from the same source: kept; -upgrade fetches again.
    let out = gantry(&root, &["init"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(!text(&out).contains("Downloading"), "{}", text(&out));
    let out = gantry(&root, &["init", "-upgrade"]);
    assert!(text(&out).contains("Downloading"), "{}", text(&out));

    // Terraform reads what gantry installed.
    if let Some(tf) = terraform() {
        let out = Command::new(tf)
            .args(["validate", "-no-color"])
            .current_dir(&root)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .unwrap();
        assert!(out.status.success(), "terraform validate: {}", text(&out));
    } else {
        eprintln!("terraform not installed: not checking that it reads gantry's modules");
    }
}

#[test]
fn init_reports_sources_it_cannot_install() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        &root.join("main.tf"),
        "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n\nmodule \"gone\" {\n  source = \"git::file:///nonexistent/repo.git\"\n}\n\nmodule \"bad\" {\n  source = \"not a source\"\n}\n",
    );
    let out = gantry(root, &["init", "-no-color"]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("Registry modules are not installed yet"), "{t}");
    assert!(
        t.contains("Module \"vpc\" comes from the module registry"),
        "{t}"
    );
    assert!(t.contains("Could not download module \"gone\""), "{t}");
    assert!(t.contains("Invalid module source address"), "{t}");
    // Nothing half-written: no manifest after errors.
    assert!(!root.join(".terraform/modules/modules.json").exists());
}

fn terraform() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/local/bin/terraform");
    p.is_file().then_some(p)
}
