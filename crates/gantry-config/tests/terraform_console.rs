//! Differential test: every expression of `testdata/console/expressions.txt`
//! is evaluated by gantry and compared with Terraform's answer, wrapped in
//! `jsonencode(...)` so each answer is one comparable line. Terraform's
//! answers are kept in `testdata/console/terraform.jsonl`; when
//! `/usr/local/bin/terraform` exists the test also asks `terraform console`
//! and fails if the kept answers are stale (`UPDATE_GOLDEN=1` rewrites them).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use gantry_config::eval::Evaluator;
use gantry_config::load_sources;
use gantry_config::value::Value;

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/console")
}

fn expressions() -> Vec<String> {
    std::fs::read_to_string(testdata().join("expressions.txt"))
        .expect("read expressions.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Undoes HCL string escaping as `terraform console` prints strings.
fn unquote(line: &str) -> Option<String> {
    let inner = line.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'u' => {
                    let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            '$' | '%' if chars.peek() == Some(&c) => {
                chars.next();
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Some(out)
}

/// gantry's answer, or its first error.
fn gantry_eval(dir: &Path, expr: &str) -> Result<String, String> {
    let src = format!("locals {{\n  x = jsonencode({expr})\n}}\n");
    // The fixture's own .tf files (variables) too, as the console reads them.
    let mut files = vec![("main.tf".to_string(), src)];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "tf") {
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            files.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
    let (mut module, mut diags) = load_sources(dir, files);
    let variables = gantry_config::vars::resolve(&mut module, &Default::default(), &mut diags);
    let v = Evaluator::new(&module, variables)
        .with_impure_functions()
        .local("x", &mut diags);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        return Err(format!("{}: {}", d.summary, d.detail));
    }
    match v {
        Value::String(s) => Ok(s),
        other => Err(format!("jsonencode gave {other:?}")),
    }
}

fn terraform_answer(terraform: &Path, dir: &Path, expr: &str) -> String {
    // One console per expression: fed several lines on a pipe, the console
    // prints only the last answer.
    let mut child = Command::new(terraform)
        .arg("console")
        .current_dir(dir)
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        // No version check against HashiCorp: tests talk to nothing but loopback.
        .env("CHECKPOINT_DISABLE", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start terraform console");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("jsonencode({expr})\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    stdout.lines().find_map(unquote).unwrap_or_else(|| {
        panic!(
            "terraform console gave no answer for {expr}:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

#[test]
fn functions_and_operators_match_terraform_console() {
    let exprs = expressions();
    assert!(exprs.len() >= 350, "only {} expressions", exprs.len());
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&testdata().join("files"), dir.path());
    let golden_path = testdata().join("terraform.jsonl");
    let kept: std::collections::HashMap<String, String> = std::fs::read_to_string(&golden_path)
        .unwrap_or_default()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("terraform.jsonl line");
            (
                v["expr"].as_str().unwrap().to_string(),
                v["terraform"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let terraform = Path::new("/usr/local/bin/terraform");
    let mut problems = Vec::new();
    let answers: Vec<String> = if terraform.is_file() {
        let live: Vec<String> = exprs
            .iter()
            .map(|e| terraform_answer(terraform, dir.path(), e))
            .collect();
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            let lines: Vec<String> = exprs
                .iter()
                .zip(&live)
                .map(|(e, a)| serde_json::json!({ "expr": e, "terraform": a }).to_string())
                .collect();
            std::fs::write(&golden_path, lines.join("\n") + "\n").unwrap();
        } else {
            for (e, a) in exprs.iter().zip(&live) {
                if kept.get(e) != Some(a) {
                    problems.push(format!("{e}\n  kept answer is stale or missing (UPDATE_GOLDEN=1 rewrites it): terraform says {a}"));
                }
            }
        }
        live
    } else {
        eprintln!("terraform not installed: comparing with the answers kept in terraform.jsonl");
        exprs
            .iter()
            .map(|e| {
                kept.get(e).cloned().unwrap_or_else(|| {
                    panic!(
                        "no kept answer for {e}: run with terraform installed and UPDATE_GOLDEN=1"
                    )
                })
            })
            .collect()
    };
    for (e, theirs) in exprs.iter().zip(&answers) {
        match gantry_eval(dir.path(), e) {
            Ok(ours) if &ours == theirs => {}
            Ok(ours) => problems.push(format!("{e}\n  gantry:    {ours}\n  terraform: {theirs}")),
            Err(err) => problems.push(format!(
                "{e}\n  gantry failed: {err}\n  terraform: {theirs}"
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "{} mismatch(es) of {}:\n{}",
        problems.len(),
        exprs.len(),
        problems.join("\n")
    );
}

/// gantry knows every built-in function Terraform lists (`terraform
/// metadata functions`, recorded in terraform_functions.txt and checked
/// live when Terraform is installed), and the differential above calls
/// each of them at least once.
#[test]
fn every_terraform_function_exists_and_is_compared() {
    let recorded: Vec<String> = std::fs::read_to_string(testdata().join("terraform_functions.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let terraform = Path::new("/usr/local/bin/terraform");
    if terraform.is_file() {
        let out = Command::new(terraform)
            .args(["metadata", "functions", "-json"])
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .output()
            .unwrap();
        let v: serde_json::Value =
            serde_json::from_slice(&out.stdout).expect("function metadata JSON");
        let mut live: Vec<String> = v["function_signatures"]
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| !k.starts_with("core::"))
            .cloned()
            .collect();
        live.sort();
        assert_eq!(live, recorded, "terraform_functions.txt is stale");
    }
    let exprs = expressions().join("\n");
    for name in &recorded {
        let known =
            name == "try" || name == "can" || gantry_config::functions::signature(name).is_some();
        assert!(known, "gantry has no function {name}");
        // The console has no plan, so Terraform answers "Call to unknown
        // function" for plantimestamp; time_fns' unit test covers it.
        if name == "plantimestamp" {
            continue;
        }
        assert!(
            exprs.contains(&format!("{name}(")),
            "expressions.txt never calls {name}"
        );
    }
}
