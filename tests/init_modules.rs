//! `gantry init` installs modules as `terraform init` does: local paths
//! recorded, git sources cloned at their `ref` (with `//subdir`), nested
//! local calls inside a fetched module resolved there, and
//! `.terraform/modules/modules.json` written in Terraform's format, so that
//! `validate` (gantry's and Terraform's) finds every module. The git
//! repository is a bare one the test creates; nothing leaves the machine.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn gantry(dir: &Path, args: &[&str]) -> Output {
    gantry_with(dir, args, None)
}

/// gantry with a Terraform CLI configuration (`TF_CLI_CONFIG_FILE`); never
/// the user's own, so no test asks a registry beyond loopback.
fn gantry_with(dir: &Path, args: &[&str], cli_config: Option<&Path>) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TF_DATA_DIR")
        .env(
            "TF_CLI_CONFIG_FILE",
            cli_config.unwrap_or(Path::new("/dev/null")),
        )
        .output()
        .expect("run gantry")
}

type Asked = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// A module registry on loopback: the versions of acme/api/aws, and a
/// download answer pointing at `get` (as registries answer, with 204 and
/// `X-Terraform-Get`). Returns its port and the paths it was asked.
fn registry_server(get: String) -> (u16, Asked) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let asked = Asked::default();
    let log = asked.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            // The headers end with an empty line.
            let mut header = String::new();
            while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
                header.clear();
            }
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            log.lock().unwrap().push(path.clone());
            let answer = if path == "/v1/modules/acme/api/aws/versions" {
                let body = r#"{"modules":[{"versions":[{"version":"1.0.0"},{"version":"1.2.0"},{"version":"2.0.0"}]}]}"#;
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len())
            } else if path == "/v1/modules/acme/api/aws/1.2.0/download" {
                format!("HTTP/1.1 204 No Content\r\nX-Terraform-Get: {get}\r\nConnection: close\r\n\r\n")
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_string()
            };
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (port, asked)
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
fn init_installs_registry_modules_through_the_registry_protocol() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED: git is not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let repo = module_repository(tmp.path());
    let (port, asked) = registry_server(format!("git::file://{}?ref=v1.0.0", repo.display()));
    // Terraform's way to point a registry host at a server: a host block
    // of the CLI configuration (here plain HTTP on loopback).
    let cli = tmp.path().join("cli.tfrc");
    write(
        &cli,
        &format!("host \"registry.example.com\" {{\n  services = {{\n    \"modules.v1\" = \"http://127.0.0.1:{port}/v1/modules/\"\n  }}\n}}\n"),
    );
    let root = tmp.path().join("root");
    let main = "module \"api\" {\n  source  = \"registry.example.com/acme/api/aws\"\n  version = \"~> 1.0\"\n  name    = \"orders\"\n}\n";
    write(&root.join("main.tf"), main);
    let out = gantry_with(&root, &["init"], Some(&cli));
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Downloading registry.example.com/acme/api/aws 1.2.0 for api..."),
        "{}",
        text(&out)
    );
    assert_eq!(
        *asked.lock().unwrap(),
        [
            "/v1/modules/acme/api/aws/versions",
            "/v1/modules/acme/api/aws/1.2.0/download"
        ]
    );
    // Byte for byte what Terraform 1.11 wrote for the same registry answers.
    let manifest = std::fs::read_to_string(root.join(".terraform/modules/modules.json")).unwrap();
    assert_eq!(
        manifest,
        r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"api","Source":"registry.example.com/acme/api/aws","Version":"1.2.0","Dir":".terraform/modules/api"},{"Key":"api.route","Source":"./modules/route","Dir":".terraform/modules/api/modules/route"}]}"#
    );
    let out = gantry(&root, &["validate", "-no-color", "."]);
    assert!(out.status.success(), "{}", text(&out));
    // Installed at a version the constraint still allows: not asked again.
    let out = gantry_with(&root, &["init"], Some(&cli));
    assert!(
        out.status.success() && !text(&out).contains("Downloading"),
        "{}",
        text(&out)
    );
    assert_eq!(asked.lock().unwrap().len(), 2);
    // A constraint nothing meets.
    write(&root.join("main.tf"), &main.replace("~> 1.0", ">= 3.0"));
    let out = gantry_with(&root, &["init", "-no-color"], Some(&cli));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("Unresolvable module version constraint"),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("2.0.0"), "{}", text(&out));
}

#[test]
fn init_reports_sources_it_cannot_install() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(
        &root.join("main.tf"),
        "module \"vpc\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n  version = \"5.0.0\"\n}\n\nmodule \"gone\" {\n  source = \"git::file:///nonexistent/repo.git\"\n}\n\nmodule \"bad\" {\n  source = \"not a source\"\n}\n",
    );
    // The public registry, unreachable: here a closed loopback port stands
    // for it, so the test never leaves the machine.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = listener.local_addr().unwrap().port();
    drop(listener);
    let cli = root.join("cli.tfrc");
    write(
        &cli,
        &format!("host \"registry.terraform.io\" {{\n  services = {{\n    \"modules.v1\" = \"http://127.0.0.1:{closed}/v1/modules/\"\n  }}\n}}\n"),
    );
    let out = gantry_with(root, &["init", "-no-color"], Some(&cli));
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(t.contains("Error accessing remote module registry"), "{t}");
    assert!(
        t.contains("Failed to retrieve available versions for module \"vpc\""),
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
