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

/// Terraform's type system: `type(...)` of every function family's result
/// and of typed variables, and values printed with their kinds
/// (`tolist([...])`, `tomap({...})`), for the expressions of
/// `testdata/console/types/expressions.txt` on that directory's variables.
/// Terraform's answers are kept in `terraform.jsonl` beside them; with
/// Terraform installed the test also asks it (`UPDATE_GOLDEN=1` rewrites).
#[test]
fn types_and_collection_kinds_as_terraform_console() {
    compare_case("types", 80);
}

/// Terraform's numbers: 512-bit literals, 64-bit lengths and indexes,
/// 53-bit float64 functions, each printed as the shortest decimal at its
/// precision (`1/3` has 155 digits, `length(a) / length(b)` 20), on the
/// expressions of `testdata/console/numbers/expressions.txt` and that
/// directory's variables and tfvars.
#[test]
fn numbers_as_terraform_console() {
    compare_case("numbers", 150);
}

/// Every expression of `testdata/console/<name>/expressions.txt`, in a copy
/// of that directory's configuration, answered by gantry's console as
/// Terraform's answered it (kept in `terraform.jsonl` beside them; with
/// Terraform installed the test also asks it, `UPDATE_GOLDEN=1` rewrites).
fn compare_case(name: &str, at_least: usize) {
    let case = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/console")
        .join(name);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for entry in std::fs::read_dir(&case).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        if file.ends_with(".tf") || file.ends_with(".tfvars") {
            std::fs::copy(&path, dir.join(&file)).unwrap();
        }
    }
    let exprs: Vec<String> = std::fs::read_to_string(case.join("expressions.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let answers_path = case.join("terraform.jsonl");
    let terraform = Path::new("/usr/local/bin/terraform");
    let updating = std::env::var_os("UPDATE_GOLDEN").is_some();
    if updating && terraform.is_file() {
        let mut out = String::new();
        for e in &exprs {
            let (_, theirs) = console(terraform, dir, e);
            out.push_str(&serde_json::json!({ "expr": e, "terraform": theirs }).to_string());
            out.push('\n');
        }
        std::fs::write(&answers_path, out).unwrap();
    }
    let recorded: std::collections::BTreeMap<String, String> =
        std::fs::read_to_string(&answers_path)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (
                    v["expr"].as_str().unwrap().to_string(),
                    v["terraform"].as_str().unwrap().to_string(),
                )
            })
            .collect();
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_gantry"));
    let mut problems = Vec::new();
    for e in &exprs {
        let Some(expected) = recorded.get(e) else {
            problems.push(format!(
                "{e}: no recorded answer (UPDATE_GOLDEN=1 with Terraform)"
            ));
            continue;
        };
        let (code, answer) = console(&ours, dir, e);
        if code != Some(0) || answer != *expected {
            problems.push(format!(
                "{e}\n  gantry ({code:?}):\n{answer}\n  terraform:\n{expected}"
            ));
        }
        if terraform.is_file() && !updating {
            let (_, theirs) = console(terraform, dir, e);
            if theirs != *expected {
                problems.push(format!(
                    "{e}\n  recorded answer is stale; terraform says:\n{theirs}"
                ));
            }
        }
    }
    assert!(exprs.len() >= at_least, "{} expressions", exprs.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// As Terraform's, the console needs no configuration.
#[test]
fn console_works_in_a_directory_without_configuration() {
    let tmp = tempfile::tempdir().unwrap();
    let ours = PathBuf::from(env!("CARGO_BIN_EXE_gantry"));
    let (code, answer) = console(&ours, tmp.path(), "upper(\"x\")");
    assert_eq!((code, answer.as_str()), (Some(0), "\"X\""));
}
