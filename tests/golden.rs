//! Golden tests: each case is a folder under `testdata/`, its inputs beside
//! the expected outputs. `UPDATE_GOLDEN=1 cargo test` rewrites the expected
//! files; review the diff before committing.
//!
//! - `testdata/examples/<name>/`: for each directory under `examples/`,
//!   `validate.txt` (human), `validate.json` and `fmt/<file>.tf`.
//! - `testdata/invalid/<case>/`: `*.tf` inputs (and optional `args`, one
//!   extra argument per line), with `validate.txt` and `validate.json`.
//! - `testdata/fmt/<case>/`: `input.tf` and `expected.tf`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some()
}

/// Compares `actual` with the file, or rewrites the file when updating.
fn check(expected_path: &Path, actual: &str, failures: &mut Vec<String>) {
    if updating() {
        if let Some(parent) = expected_path.parent() {
            std::fs::create_dir_all(parent).expect("create golden dir");
        }
        std::fs::write(expected_path, actual).expect("write golden");
        return;
    }
    match std::fs::read_to_string(expected_path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{} differs:\n{}",
            expected_path.display(),
            similar::TextDiff::from_lines(&expected, actual)
                .unified_diff()
                .header("expected", "actual")
        )),
        Err(_) => failures.push(format!(
            "{} is missing (run with UPDATE_GOLDEN=1)",
            expected_path.display()
        )),
    }
}

struct Run {
    stdout: String,
    code: i32,
}

fn gantry(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TF_VAR_name")
        .output()
        .expect("run gantry");
    let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    stdout.push_str(&String::from_utf8_lossy(&out.stderr));
    Run {
        stdout,
        code: out.status.code().unwrap_or(-1),
    }
}

fn case_dirs(under: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join(under))
        .unwrap_or_else(|e| panic!("{under}: {e}"))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn finish(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} golden mismatch(es):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn examples_validate_and_format() {
    let mut failures = Vec::new();
    for ex in case_dirs("examples") {
        let name = ex.file_name().unwrap().to_string_lossy().to_string();
        let golden = root().join("testdata/examples").join(&name);
        let human = gantry(&ex, &["validate", "-no-color", "."]);
        assert_eq!(
            human.code, 0,
            "examples/{name} must validate:\n{}",
            human.stdout
        );
        check(&golden.join("validate.txt"), &human.stdout, &mut failures);
        let json = gantry(&ex, &["validate", "-json", "."]);
        assert_eq!(json.code, 0);
        let v: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        let codes: Vec<&str> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["code"].as_str())
            .collect();
        let expected: &[&str] = match name.as_str() {
            // The seed's first example: exactly the 0.11 map-as-block warning.
            "mock-integration" => &["gantry::syntax::legacy-map-block"],
            // The seed's second: base64sha256(file("lambda.zip")) of a real
            // (binary) zip, read as 0.11 did, with the filebase64sha256 fix.
            "lambda-integration" => &["gantry::legacy::binary-file"],
            _ => &[],
        };
        assert_eq!(codes, expected, "examples/{name}");
        check(&golden.join("validate.json"), &json.stdout, &mut failures);
        for tf in std::fs::read_dir(&ex)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
        {
            if tf.extension().is_some_and(|e| e == "tf") {
                let file = tf.file_name().unwrap().to_string_lossy().to_string();
                let src = std::fs::read_to_string(&tf).unwrap();
                let formatted = gantry_stdin_fmt(&src);
                check(&golden.join("fmt").join(&file), &formatted, &mut failures);
            }
        }
    }
    finish(failures);
}

/// Runs `cmd` with `input` on standard input.
fn piped(cmd: &mut Command, input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = cmd
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn gantry_stdin_fmt(src: &str) -> String {
    let out = piped(
        Command::new(env!("CARGO_BIN_EXE_gantry")).args(["fmt", "-"]),
        src,
    );
    assert!(
        out.status.success(),
        "fmt failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn invalid_corpus() {
    let mut failures = Vec::new();
    let cases = case_dirs("testdata/invalid");
    assert!(
        cases.len() >= 25,
        "the invalid corpus has only {} cases",
        cases.len()
    );
    for case in cases {
        let extra: Vec<String> = std::fs::read_to_string(case.join("args"))
            .map(|s| {
                s.lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut args: Vec<&str> = vec!["validate", "-no-color"];
        args.extend(extra.iter().map(String::as_str));
        args.push(".");
        let human = gantry(&case, &args);
        check(&case.join("validate.txt"), &human.stdout, &mut failures);
        args[1] = "-json";
        let json = gantry(&case, &args);
        check(&case.join("validate.json"), &json.stdout, &mut failures);
        // Every case must report something; diagnostics about the
        // configuration carry a range (command-line problems have none).
        let v: serde_json::Value =
            serde_json::from_str(&json.stdout).expect("validate -json output is JSON");
        let diags = v["diagnostics"].as_array().cloned().unwrap_or_default();
        assert!(!diags.is_empty(), "{}: no diagnostics", case.display());
        for d in diags.iter().filter(|d| {
            !d["code"].as_str().is_some_and(|c| {
                c.starts_with("gantry::cli")
                    || c == "gantry::vars::undeclared" && d.get("range").is_none()
            })
        }) {
            assert!(
                d["range"]["start"]["line"].as_u64().is_some_and(|l| l >= 1),
                "{}: diagnostic without a line: {d}",
                case.display()
            );
        }
        let expect_valid = v["error_count"] == 0;
        assert_eq!(
            json.code,
            if expect_valid { 0 } else { 1 },
            "{}: exit code",
            case.display()
        );
    }
    finish(failures);
}

/// The expected files here come from `terraform fmt` itself, so they are
/// never rewritten by UPDATE_GOLDEN; where the binary is installed the test
/// also re-checks them against it.
#[test]
fn fmt_cases_match_terraform() {
    let terraform = terraform_binary();
    if terraform.is_none() {
        eprintln!("terraform not installed: comparing with the recorded terraform fmt output only");
    }
    let cases = case_dirs("testdata/fmt");
    assert!(!cases.is_empty());
    for case in cases {
        let input = std::fs::read_to_string(case.join("input.tf")).expect("input.tf");
        let expected = std::fs::read_to_string(case.join("expected.tf")).expect("expected.tf");
        let out = gantry_stdin_fmt(&input);
        assert_eq!(
            out,
            expected,
            "{}: gantry fmt differs from terraform fmt",
            case.display()
        );
        // Terraform itself is not idempotent on a file that ends in spaces
        // after the last newline (the second pass drops them); elsewhere a
        // second pass must change nothing.
        if !out.ends_with(" \n") {
            assert_eq!(
                gantry_stdin_fmt(&out),
                out,
                "{}: fmt is not idempotent",
                case.display()
            );
        }
        if let Some(tf) = &terraform {
            assert_eq!(
                terraform_fmt(tf, &input),
                expected,
                "{}: recorded output is stale",
                case.display()
            );
        }
    }
}

/// `gantry fmt` of every example (including the 0.11 form in the first)
/// is accepted by hcl-edit and is already canonical for `terraform fmt`.
#[test]
fn formatted_examples_are_terraform_canonical() {
    let terraform = terraform_binary();
    for ex in case_dirs("examples") {
        for tf in std::fs::read_dir(&ex)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
        {
            if tf.extension().is_none_or(|e| e != "tf") {
                continue;
            }
            let out = gantry_stdin_fmt(&std::fs::read_to_string(&tf).unwrap());
            hcl_edit::parser::parse_body(&out)
                .unwrap_or_else(|e| panic!("{}: hcl-edit rejects fmt output: {e}", tf.display()));
            if let Some(t) = &terraform {
                assert_eq!(
                    terraform_fmt(t, &out),
                    out,
                    "{}: terraform fmt would change gantry's output",
                    tf.display()
                );
            }
        }
    }
}

fn terraform_binary() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/local/bin/terraform");
    p.is_file().then_some(p)
}

fn terraform_fmt(terraform: &Path, src: &str) -> String {
    let out = piped(
        Command::new(terraform)
            .args(["fmt", "-"])
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            // No version check against HashiCorp: tests talk to nothing but loopback.
            .env("CHECKPOINT_DISABLE", "1"),
        src,
    );
    String::from_utf8(out.stdout).unwrap()
}
