//! The state's safety through the real binary, offline with
//! `terraform_data`: backends are never silently ignored, saved plans work
//! on a new project, readers beside an apply lose nothing when it crashes,
//! and the lock excludes Terraform 1.11 both ways (when it is installed).

mod offline;

use offline::{gantry, text};

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn project(main_tf: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("project");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("main.tf"), main_tf).unwrap();
    (tmp, dir)
}

const TWO: &str = r#"
resource "terraform_data" "a" {
  input = "a"
}

resource "terraform_data" "b" {
  input = terraform_data.a.id
}
"#;

#[test]
fn a_remote_backend_is_an_error_never_a_local_state() {
    // An S3 backend that init has not set up, and a backend gantry does
    // not have: both stop every command, nothing local is written.
    for (backend, expected) in [
        (
            "s3",
            "Backend initialization required, please run \"gantry init\"",
        ),
        ("gcs", "Backend \"gcs\" is not supported"),
    ] {
        let (_tmp, dir) = project(&format!(
        "terraform {{\n  backend \"{backend}\" {{\n    bucket = \"team-state\"\n    key    = \"api.tfstate\"\n  }}\n}}\n{TWO}"
    ));
        for args in [
            &["plan"][..],
            &["apply", "-auto-approve"],
            &["destroy", "-auto-approve"],
            &["refresh"],
            &["state", "list"],
            &["output"],
            &["show"],
        ] {
            let out = gantry(&dir, args);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out));
            let t = text(&out);
            assert!(t.contains(expected), "{args:?}: {t}");
            assert!(
                t.contains("main.tf:2"),
                "the error points at the block: {t}"
            );
            assert!(!t.contains("Plan:"), "{args:?} planned: {t}");
        }
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(left, ["main.tf"], "nothing written");
    }

    let (_tmp, dir) = project(&format!(
        "terraform {{\n  cloud {{\n    organization = \"acme\"\n  }}\n}}\n{TWO}"
    ));
    let out = gantry(&dir, &["plan"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("HCP Terraform is not supported"));
}

#[test]
fn backend_local_path_is_honoured() {
    let (_tmp, dir) = project(&format!(
        "terraform {{\n  backend \"local\" {{\n    path = \"state/api.tfstate\"\n  }}\n}}\n{TWO}"
    ));
    std::fs::create_dir(dir.join("state")).unwrap();
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(dir.join("state/api.tfstate").exists());
    assert!(!dir.join("terraform.tfstate").exists());
    let list = gantry(&dir, &["state", "list"]);
    assert_eq!(
        String::from_utf8_lossy(&list.stdout),
        "terraform_data.a\nterraform_data.b\n"
    );
    let replan = gantry(&dir, &["plan", "-detailed-exitcode"]);
    assert_eq!(replan.status.code(), Some(0), "{}", text(&replan));

    let (_tmp, dir) = project(&format!(
        "variable \"p\" {{\n  default = \"x\"\n}}\nterraform {{\n  backend \"local\" {{\n    path = var.p\n  }}\n}}\n{TWO}"
    ));
    let out = gantry(&dir, &["plan"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Variables not allowed"),
        "{}",
        text(&out)
    );
}

#[test]
fn saved_plans_on_a_new_project_and_after_another_apply() {
    let (_tmp, dir) = project(TWO);
    let first = gantry(&dir, &["plan", "-out=first.plan"]);
    assert!(first.status.success(), "{}", text(&first));
    let second = gantry(&dir, &["plan", "-out=second.plan"]);
    assert!(second.status.success(), "{}", text(&second));
    assert!(
        !dir.join("terraform.tfstate").exists(),
        "planning leaves no state file behind"
    );

    let apply = gantry(&dir, &["apply", "first.plan"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(text(&apply).contains("Apply complete! Resources: 2 added"));

    // Made against the same empty state, but another apply came first.
    let stale = gantry(&dir, &["apply", "second.plan"]);
    assert_eq!(stale.status.code(), Some(1), "{}", text(&stale));
    assert!(text(&stale).contains("Saved plan is stale"));

    // On an existing project.
    std::fs::write(
        dir.join("main.tf"),
        TWO.replace("input = \"a\"", "input = \"a2\""),
    )
    .unwrap();
    let edit = gantry(&dir, &["plan", "-out=edit.plan"]);
    assert!(edit.status.success(), "{}", text(&edit));
    let apply = gantry(&dir, &["apply", "edit.plan"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(text(&apply).contains("1 changed"), "{}", text(&apply));
}

/// `n` chained `terraform_data`: the apply runs one at a time, each
/// completion journalled before the next starts.
fn chain(n: usize) -> String {
    let mut s = String::from("resource \"terraform_data\" \"r0\" {\n  input = 0\n}\n");
    for i in 1..n {
        s.push_str(&format!(
            "resource \"terraform_data\" \"r{i}\" {{\n  input = terraform_data.r{}.id\n}}\n",
            i - 1
        ));
    }
    s
}

fn listed(dir: &Path) -> Vec<String> {
    let out = gantry(dir, &["state", "list"]);
    assert!(out.status.success(), "{}", text(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn readers_beside_an_apply_that_crashes_lose_nothing() {
    const N: usize = 1500;
    let (_tmp, dir) = project(&chain(N));
    let mut apply = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .args(["apply", "-auto-approve"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = BufReader::new(apply.stdout.take().unwrap());
    let mut completed = Vec::new();
    let mut reads = 0;
    for line in stdout.lines() {
        let line = line.unwrap();
        if let Some((addr, _)) = line.split_once(": Creation complete") {
            completed.push(addr.to_string());
        }
        // Read while the apply runs: every reader must see at least what
        // was reported complete before it started, and change nothing.
        if completed.len() >= 50 * (reads + 1) && reads < 4 {
            let seen = listed(&dir);
            assert!(
                seen.len() >= completed.len(),
                "{} < {}",
                seen.len(),
                completed.len()
            );
            for args in [
                &["output"][..],
                &["show"],
                &["plan", "-lock=false", "-refresh=false"],
            ] {
                let out = gantry(&dir, args);
                assert!(
                    out.status.success() || out.status.code() == Some(2),
                    "{args:?}: {}",
                    text(&out)
                );
            }
            reads += 1;
        }
        if reads == 4 && completed.len() >= 300 {
            break;
        }
    }
    assert_eq!(reads, 4, "the apply finished before the readers ran");
    apply.kill().unwrap();
    apply.wait().unwrap();

    let after = listed(&dir);
    for addr in &completed {
        assert!(
            after.contains(addr),
            "{addr} was reported complete and is gone"
        );
    }
    let again = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(again.status.success(), "{}", text(&again));
    let added = N - after.len();
    assert!(
        text(&again).contains(&format!(
            "Apply complete! Resources: {added} added, 0 changed"
        )),
        "{}",
        text(&again)
    );
    assert_eq!(listed(&dir).len(), N);
}

fn terraform() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/local/bin/terraform");
    if p.exists() {
        Some(p)
    } else {
        eprintln!("SKIP: Terraform is not installed at /usr/local/bin/terraform");
        None
    }
}

/// Waits until `path` exists (the lock info file of a run that holds the
/// lock and waits at its prompt).
fn wait_for(path: &Path, child: &mut Child) {
    let start = Instant::now();
    while !path.exists() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("the lock holder exited early: {status}");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no lock after 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // The info file is written right after the lock is taken.
    std::thread::sleep(Duration::from_millis(200));
}

/// `gantry apply` waiting for "yes", which it asks with the lock held.
fn gantry_holding_the_lock(dir: &Path) -> Child {
    let mut holder = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .arg("apply")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for(&dir.join(".terraform.tfstate.lock.info"), &mut holder);
    holder
}

fn answer_no(mut child: Child) {
    child.stdin.take().unwrap().write_all(b"no\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn terraform_and_gantry_exclude_each_other() {
    let Some(tf) = terraform() else { return };
    let (_tmp, dir) = project(TWO);
    let info = dir.join(".terraform.tfstate.lock.info");
    let tf_cmd = |args: &[&str]| {
        let mut c = Command::new(&tf);
        c.current_dir(&dir)
            .args(args)
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    };

    // Terraform holds the lock while it waits for "yes".
    let mut holder = tf_cmd(&["apply", "-no-color"]).spawn().unwrap();
    wait_for(&info, &mut holder);
    let blocked = gantry(&dir, &["plan"]);
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked));
    assert!(
        text(&blocked).contains("Error acquiring the state lock")
            && text(&blocked).contains("OperationTypeApply"),
        "{}",
        text(&blocked)
    );
    answer_no(holder);
    assert!(!info.exists());

    // gantry holds it while it waits for "yes".
    let holder = gantry_holding_the_lock(&dir);
    let blocked = tf_cmd(&["plan", "-no-color"]).output().unwrap();
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked));
    assert!(
        text(&blocked).contains("Error acquiring the state lock")
            && text(&blocked).contains("gantry"),
        "{}",
        text(&blocked)
    );
    answer_no(holder);

    // And after a state write, which puts a new file at the path.
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    std::fs::write(
        dir.join("main.tf"),
        TWO.replace("input = \"a\"", "input = \"a2\""),
    )
    .unwrap();
    let holder = gantry_holding_the_lock(&dir);
    let blocked = tf_cmd(&["apply", "-no-color", "-auto-approve"])
        .output()
        .unwrap();
    assert_eq!(blocked.status.code(), Some(1), "{}", text(&blocked));
    answer_no(holder);
    let replan = tf_cmd(&["plan", "-no-color", "-detailed-exitcode"])
        .output()
        .unwrap();
    assert_eq!(replan.status.code(), Some(2), "{}", text(&replan));
}

/// Starts `gantry apply -auto-approve` on `dir` and reads its stdout until
/// `n` creations are reported; returns the child, the completed addresses
/// and the rest of the output.
fn apply_until(dir: &Path, n: usize) -> (Child, Vec<String>, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .args(["apply", "-auto-approve"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut completed = Vec::new();
    let mut line = String::new();
    while completed.len() < n {
        line.clear();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "the apply ended early"
        );
        if let Some((addr, _)) = line.split_once(": Creation complete") {
            completed.push(addr.to_string());
        }
    }
    (child, completed, stdout)
}

fn interrupt(child: &Child) {
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn rest(
    child: Child,
    mut stdout: BufReader<std::process::ChildStdout>,
    completed: &mut Vec<String>,
) -> (Option<i32>, String, String) {
    let mut out = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut out).unwrap();
    for line in out.lines() {
        if let Some((addr, _)) = line.split_once(": Creation complete") {
            completed.push(addr.to_string());
        }
    }
    let done = child.wait_with_output().unwrap();
    (
        done.status.code(),
        out,
        String::from_utf8_lossy(&done.stderr).into_owned(),
    )
}

#[test]
fn an_interrupt_stops_gracefully() {
    const N: usize = 1500;
    let (_tmp, dir) = project(&chain(N));

    // The first interrupt: nothing new starts, the state is saved, the lock
    // released, exit 1.
    let (child, mut completed, stdout) = apply_until(&dir, 100);
    interrupt(&child);
    let (code, out, err) = rest(child, stdout, &mut completed);
    assert_eq!(code, Some(1), "{out}{err}");
    assert!(
        err.contains("Interrupt received.\nPlease wait for gantry to exit or data loss may occur."),
        "{err}"
    );
    assert!(err.contains("Operation interrupted"), "{err}");
    assert!(completed.len() < N, "the apply ran to the end");
    assert!(!out.contains("Apply complete!"), "{out}");
    assert!(
        !dir.join("terraform.tfstate.journal").exists(),
        "the journal is folded on a graceful stop"
    );
    assert!(
        !dir.join(".terraform.tfstate.lock.info").exists(),
        "the lock is released"
    );
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap())
            .unwrap();
    assert_eq!(
        saved["resources"].as_array().unwrap().len(),
        completed.len(),
        "exactly what completed is saved"
    );

    // (Two interrupts need an operation that lasts: tests/aws/aws_crash.rs.)
    let again = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(again.status.success(), "{}", text(&again));
    assert_eq!(listed(&dir).len(), N);
}

#[test]
fn a_saved_plan_applies_only_the_values_that_were_reviewed() {
    let (_tmp, dir) = project(
        r#"
resource "terraform_data" "policy" {
  input = file("policy.txt")
}

resource "terraform_data" "secret" {
  input = sensitive(file("secret.txt"))
}

resource "terraform_data" "after" {
  input = terraform_data.policy.id
}
"#,
    );
    std::fs::write(dir.join("policy.txt"), "allow").unwrap();
    std::fs::write(dir.join("secret.txt"), "hunter2").unwrap();
    let plan = gantry(&dir, &["plan", "-out=reviewed.plan"]);
    assert!(plan.status.success(), "{}", text(&plan));

    // The file changed after review: the new content is not applied.
    std::fs::write(dir.join("policy.txt"), "allow everything").unwrap();
    let apply = gantry(&dir, &["apply", "reviewed.plan"]);
    assert_eq!(apply.status.code(), Some(1), "{}", text(&apply));
    let t = text(&apply);
    assert!(t.contains("Saved plan is stale"), "{t}");
    assert!(
        t.contains("terraform_data.policy again for apply, .input has a different value")
            && t.contains(r#"was "allow", but now "allow everything""#),
        "{t}"
    );
    assert!(!dir.join("terraform.tfstate").exists(), "nothing applied");

    // A sensitive value that changed is named, never shown.
    std::fs::write(dir.join("policy.txt"), "allow").unwrap();
    std::fs::write(dir.join("secret.txt"), "correct horse").unwrap();
    let apply = gantry(&dir, &["apply", "reviewed.plan"]);
    assert_eq!(apply.status.code(), Some(1), "{}", text(&apply));
    let t = text(&apply);
    assert!(
        t.contains("terraform_data.secret again for apply, .input"),
        "{t}"
    );
    assert!(
        t.contains("was (sensitive value), but now (sensitive value)"),
        "{t}"
    );
    assert!(
        !t.contains("hunter2") && !t.contains("correct horse"),
        "{t}"
    );

    // As reviewed: applies; the id unknown at review time may be anything.
    std::fs::write(dir.join("secret.txt"), "hunter2").unwrap();
    let apply = gantry(&dir, &["apply", "reviewed.plan"]);
    assert!(apply.status.success(), "{}", text(&apply));
    assert!(text(&apply).contains("Resources: 3 added"));
}

/// `-lock-timeout` keeps trying while another run holds the lock: a plan
/// started while an apply waits for its answer completes once the apply
/// gives up; without a timeout it fails at once, naming the holder.
#[test]
fn lock_timeout_waits_for_the_holder() {
    let (_tmp, dir) = project(TWO);
    let holder = gantry_holding_the_lock(&dir);
    let out = gantry(&dir, &["plan", "-lock-timeout=0s"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("Error acquiring the state lock"),
        "{}",
        text(&out)
    );

    let answer = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(1500));
        answer_no(holder);
    });
    let started = Instant::now();
    let out = gantry(&dir, &["plan", "-lock-timeout=60s", "-input=false"]);
    answer.join().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("2 to add"), "{}", text(&out));
    assert!(
        started.elapsed() >= Duration::from_millis(1000),
        "it waited"
    );
}

/// `TF_CLI_ARGS` and `TF_CLI_ARGS_<command>` as a pipeline sets them.
#[test]
fn tf_cli_args_add_arguments_to_commands() {
    let (_tmp, dir) = project("variable \"name\" {}\n\noutput \"name\" {\n  value = var.name\n}\n");
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_gantry"));
        c.arg(format!("-chdir={}", dir.display()))
            .args(args)
            .env("NO_COLOR", "1");
        for (k, v) in env {
            c.env(k, v);
        }
        c.output().unwrap()
    };
    let out = run(
        &["plan"],
        &[("TF_CLI_ARGS_plan", "-input=false -var 'name=from env'")],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("+ name = \"from env\""),
        "{}",
        text(&out)
    );
    // Typed arguments come after, and win.
    let out = run(
        &["plan", "-var=name=typed"],
        &[("TF_CLI_ARGS", "-var=name=general")],
    );
    assert!(text(&out).contains("+ name = \"typed\""), "{}", text(&out));
    // Another command's variable does not apply.
    let out = run(&["plan"], &[("TF_CLI_ARGS_apply", "-var=name=x")]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let out = run(&["plan"], &[("TF_CLI_ARGS", "-var='unclosed")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("Error parsing extra CLI args from TF_CLI_ARGS"),
        "{}",
        text(&out)
    );
}
