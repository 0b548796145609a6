//! `gantry console` against `terraform console` on the same configuration
//! and state (gantry's, after `gantry apply` of examples/terraform-data):
//! piped, one expression per run, the answers must be equal. Without
//! Terraform the answers are compared with the ones recorded here.

mod offline;

use offline::{gantry, text};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Expression, and Terraform 1.11's answer.
const CASES: &[(&str, &str)] = &[
    ("terraform_data.api.input", "{\n  \"name\" = \"orders-api\"\n  \"stage\" = \"dev\"\n}"),
    ("keys(terraform_data.route)", "[\n  \"health\",\n  \"orders\",\n]"),
    ("local.routes", "{\n  \"health\" = \"GET\"\n  \"orders\" = \"GET\"\n}"),
    ("var.stage", "\"dev\""),
    ("\"a\\nb\"", "<<EOT\na\nb\nEOT"),
    (
        "{x = sensitive(1), y = [1, \"a\"], z = \"p\\nq\"}",
        "{\n  \"x\" = (sensitive value)\n  \"y\" = [\n    1,\n    \"a\",\n  ]\n  \"z\" = <<-EOT\n  p\n  q\n  EOT\n}",
    ),
    ("toset([\"b\", \"a\"])", "toset([\n  \"a\",\n  \"b\",\n])"),
    ("terraform_data.route[\"orders\"].input.path", "\"/orders\""),
    ("[for k, v in local.routes : \"${v} /${k}\"]", "[\n  \"GET /health\",\n  \"GET /orders\",\n]"),
    ("null", "null"),
    ("[]", "[]"),
];

fn console(program: &Path, dir: &Path, expr: &str) -> (Option<i32>, String) {
    let mut child = Command::new(program)
        .arg("console")
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{expr}\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).trim_end().to_string(),
    )
}

#[test]
fn console_answers_as_terraform_console() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("terraform-data");
    std::fs::create_dir(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/terraform-data/main.tf");
    std::fs::copy(src, dir.join("main.tf")).unwrap();
    let apply = gantry(&dir, &["apply", "-auto-approve"]);
    assert!(apply.status.success(), "{}", text(&apply));
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_gantry"));
    let terraform = Path::new("/usr/local/bin/terraform");
    let mut problems = Vec::new();
    for (expr, recorded) in CASES {
        let (code, answer) = console(&ours, &dir, expr);
        if code != Some(0) || answer != *recorded {
            problems.push(format!(
                "{expr}\n  gantry ({code:?}):\n{answer}\n  expected:\n{recorded}"
            ));
        }
        if terraform.is_file() {
            let (_, theirs) = console(terraform, &dir, expr);
            if theirs != *recorded {
                problems.push(format!(
                    "{expr}\n  recorded answer is stale; terraform says:\n{theirs}"
                ));
            }
        }
    }
    // Terraform's piped mode: an error stops it, with status 1.
    let (code, _) = console(&ours, &dir, "nope");
    assert_eq!(code, Some(1));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
