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
    let (code, out, _) = console_with_errors(program, dir, expr);
    (code, out)
}

/// The exit status, standard output and standard error of one expression.
fn console_with_errors(program: &Path, dir: &Path, expr: &str) -> (Option<i32>, String, String) {
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
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

/// Terraform's error for a failed expression: its summary and detail,
/// whitespace collapsed, from the box it draws on standard error.
fn terraform_error(stderr: &str) -> (String, String) {
    let stderr = without_colours(stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .map(|l| l.trim_start_matches(['│', '╷', '╵']).trim())
        .collect();
    let summary = lines
        .iter()
        .find_map(|l| l.strip_prefix("Error: "))
        .unwrap_or_default()
        .to_string();
    let detail = lines
        .iter()
        .skip_while(|l| !l.contains("(source code not available)"))
        .skip(1)
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    (summary, collapse(&detail))
}

/// Text without its ANSI colour sequences (Terraform colours errors even
/// on a pipe).
fn without_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// gantry's rendering of the same error, as text to search: box drawing
/// and line wrapping removed.
fn gantry_error(stderr: &str) -> String {
    let plain: String = stderr
        .chars()
        .map(|c| {
            if matches!(c, '│' | '╭' | '╰' | '─' | '·' | '×' | '┬' | '╷' | '╵') {
                ' '
            } else {
                c
            }
        })
        .collect();
    collapse(&plain)
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

/// Nulls keep their types (a `type = string` variable left null, the null
/// branch of a conditional, null elements of typed collections) and print
/// as Terraform prints them: `tostring(null)`, `tolist(null) /* of string
/// */`, `null /* object */`.
#[test]
fn typed_nulls_as_terraform_console() {
    compare_case("nulls", 45);
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
            let (code, theirs, errors) = console_with_errors(terraform, dir, e);
            let mut answer = serde_json::json!({ "expr": e, "terraform": theirs });
            if code != Some(0) {
                let (summary, detail) = terraform_error(&errors);
                answer["error"] = serde_json::json!([summary, detail]);
            }
            out.push_str(&answer.to_string());
            out.push('\n');
        }
        std::fs::write(&answers_path, out).unwrap();
    }
    let recorded: std::collections::BTreeMap<String, serde_json::Value> =
        std::fs::read_to_string(&answers_path)
            .unwrap()
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                (v["expr"].as_str().unwrap().to_string(), v)
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
        let (code, answer, errors) = console_with_errors(&ours, dir, e);
        let stdout = expected["terraform"].as_str().unwrap_or_default();
        match expected["error"].as_array().map(Vec::as_slice) {
            // An expression Terraform rejects: gantry stops with status 1,
            // Terraform's summary and detail in its report.
            Some([summary, detail]) => {
                let shown = gantry_error(&errors);
                let (summary, detail) = (summary.as_str().unwrap(), detail.as_str().unwrap());
                if code != Some(1) || !shown.contains(summary) || !shown.contains(detail) {
                    problems.push(format!(
                        "{e}\n  gantry ({code:?}):\n{answer}{errors}\n  terraform: Error: {summary}\n{detail}"
                    ));
                }
            }
            _ if code != Some(0) || answer != stdout => problems.push(format!(
                "{e}\n  gantry ({code:?}):\n{answer}{errors}\n  terraform:\n{stdout}"
            )),
            _ => {}
        }
        if terraform.is_file() && !updating {
            let (_, theirs) = console(terraform, dir, e);
            if theirs != stdout {
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
