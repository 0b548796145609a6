//! Inputs and environments that once made gantry panic (exit 101): each
//! must now end with a diagnostic or quietly, never with a panic.

mod offline;

use offline::gantry;

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn no_panic(o: &Output) {
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_ne!(o.status.code(), Some(101), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_diagnostic_past_column_65535_renders() {
    let dir = tempfile::tempdir().unwrap();
    let long = "a".repeat(70_000);
    std::fs::write(
        dir.path().join("main.tf"),
        format!("resource \"terraform_data\" \"x\" {{\n  input = \"{long}\" + bogus\n}}\n"),
    )
    .unwrap();
    for args in [&["validate"][..], &["plan"]] {
        let out = gantry(dir.path(), args);
        no_panic(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        // validate reports on stdout, as Terraform's does; plan on stderr.
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(shown.contains("…aaaa"), "the line is cut: {shown}");
        assert!(shown.len() < 20_000, "{} bytes", shown.len());
    }
    // A syntax error far along a line, as fmt reports it.
    std::fs::write(
        dir.path().join("main.tf"),
        format!("locals {{\n  x = \"{long}\" ]\n}}\n"),
    )
    .unwrap();
    let out = gantry(dir.path(), &["fmt", "-check"]);
    no_panic(&out);
    assert_ne!(out.status.code(), Some(0));
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/terraform-data");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(example.join("main.tf"), tmp.path().join("main.tf")).unwrap();
    for args in [&["plan"][..], &["validate"], &["graph"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
            .arg(format!("-chdir={}", tmp.path().display()))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before gantry prints a byte.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        no_panic(&out);
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
