//! Differential test: every expression here is evaluated by gantry and by
//! `terraform console` (when `/usr/local/bin/terraform` exists), wrapped in
//! `jsonencode(...)` so each answer is one comparable line. Without the
//! binary the test says so and checks only that gantry evaluates them all.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use gantry_config::eval::Evaluator;
use gantry_config::load_sources;
use gantry_config::value::Value;

const EXPRESSIONS: &[&str] = &[
    r#"file("hello.txt")"#,
    r#"filebase64("hello.txt")"#,
    r#"filebase64sha256("hello.txt")"#,
    r#"base64sha256(file("hello.txt"))"#,
    r#"sha256("hello")"#,
    r#"sha1("hello")"#,
    r#"md5("hello")"#,
    r#"base64encode("héllo wörld")"#,
    r#"base64decode("aMOpbGxv")"#,
    r#"jsonencode({b = "<&>", a = 1.5, c = [1, 2e20, true, null], d = "é\n"})"#,
    r#"jsondecode("{\"a\":[1,2.5,\"x\"],\"b\":{\"c\":null}}")"#,
    r#"format("%s|%d|%v|%q|%5.2f|%t|%%|%v", "a", 42, 3.0, "q\"", 3.14159, true, {a = 1})"#,
    r#"format("%-5s|%05d|%x|%X|%o|%b|%e", "ab", 42, 255, 255, 8, 5, 1234.5678)"#,
    r#"format("%.2s|%+d|%8.3f", "abcdef", 5, -3.14159)"#,
    r#"nonsensitive(sensitive("x"))"#,
    r#"format("%d|%x|%o|%d", -9223372036854775808, -9223372036854775808, -9223372036854775808, 1e20)"#,
    r#"join(", ", ["a", "b"], ["c"])"#,
    r#"split(",", "a,b,,c")"#,
    r#"split(",", "")"#,
    r#"lower("ÀBC")"#,
    r#"upper("straße")"#,
    r#"replace("a-b-c", "-", "+")"#,
    r#"replace("a-b-c", "/-(b)-/", "+$1+")"#,
    r#"trimspace("  \n hi \t ")"#,
    r#"length("héllo")"#,
    r#"length([1, 2, 3])"#,
    r#"length({a = 1})"#,
    r#"lookup({a = 1}, "b", "x")"#,
    r#"lookup({a = "1"}, "a")"#,
    r#"merge({a = 1, b = 2}, {b = "x"})"#,
    r#"concat([1], ["a"], [])"#,
    r#"contains(["a", "b"], "b")"#,
    r#"contains([1, 2], 3)"#,
    r#"keys({b = 1, a = 2})"#,
    r#"values({b = 1, a = 2})"#,
    r#"tostring(1.5)"#,
    r#"tostring(0.1 + 0.2)"#,
    r#"tostring(true)"#,
    r#"tonumber("42")"#,
    r#"tolist(["a", 1])"#,
    r#"tomap({a = 1, b = "x"})"#,
    r#"coalesce("", "b", "c")"#,
    r#"coalesce(null, 2)"#,
    r#"[for s in ["get", "post"] : upper(s)]"#,
    r#"{for k, v in {a = 1, b = 2} : v => k}"#,
    r#""${1 + 2}-${true}-${"x"}""#,
    r#"1 / 4 + 10 % 3"#,
    r#"1 == 1.0 && "a" != "b""#,
    r#"toset(["b", "a", "b"])"#,
    r#"toset([3, 1, 2])"#,
    r#"tolist(toset(["b", "a"]))"#,
    r#"length(toset(["a", "a"]))"#,
    r#"[for s in toset(["b", "a"]) : upper(s)]"#,
    r#"element(["a", "b", "c"], 4)"#,
    r#"flatten([["a", ["b"]], [], ["c"]])"#,
    r#"distinct(["a", "b", "a"])"#,
    r#"compact(["a", "", "b"])"#,
    r#"zipmap(["a", "b"], [1, 2])"#,
    r#"filemd5("hello.txt")"#,
    r#"filesha256("hello.txt")"#,
    r#"trimprefix("/orders", "/")"#,
    r#"trimsuffix("a.json", ".json")"#,
    r#"templatefile("request.vtl", { field = "id", names = ["a", "b"] })"#,
    r#"templatefile("branches.tmpl", { on = true })"#,
    r#"templatefile("branches.tmpl", { on = false })"#,
    r#""a ${~ "b" ~}  c %{ if true ~}  d  %{~ endif } e""#,
    r#"try(jsondecode("{bad"), "fallback")"#,
    r#"try({ a = 1 }.b, "no b")"#,
    r#"can(tonumber("x"))"#,
    r#"can(tonumber("1"))"#,
];

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

fn gantry_eval(dir: &Path, expr: &str) -> Value {
    let src = format!("locals {{\n  x = jsonencode({expr})\n}}\n");
    let (module, mut diags) = load_sources(dir, vec![("main.tf".into(), src)]);
    let v = Evaluator::new(&module, Default::default()).local("x", &mut diags);
    assert!(!diags.has_errors(), "{expr}: {diags:?}");
    v
}

#[test]
fn functions_and_operators_match_terraform_console() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("hello.txt"), "hello\n").unwrap();
    std::fs::write(
        dir.path().join("request.vtl"),
        "{\n  \"${field}\": $input.json('$.${field}'),\n%{ for n in names ~}\n  \"${n}\": true,\n%{ endfor ~}\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("branches.tmpl"),
        "start\n  %{~ if on ~}\n  yes  \n  %{~ else ~}\n  no\n%{ endif ~}\nend\n",
    )
    .unwrap();
    let ours: Vec<String> = EXPRESSIONS
        .iter()
        .map(|e| match gantry_eval(dir.path(), e) {
            Value::String(s) => s,
            other => panic!("{e}: jsonencode gave {other:?}"),
        })
        .collect();
    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.is_file() {
        eprintln!("terraform not installed: skipping the comparison with terraform console");
        return;
    }
    // One console per expression: fed several lines on a pipe, the console
    // prints only the last answer.
    let mut theirs = Vec::new();
    for e in EXPRESSIONS {
        let mut child = Command::new(terraform)
            .arg("console")
            .current_dir(dir.path())
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
            .write_all(format!("jsonencode({e})\n").as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let answer = stdout.lines().find_map(unquote);
        theirs.push(answer.unwrap_or_else(|| {
            panic!(
                "terraform console gave no answer for {e}:\n{stdout}\n{}",
                String::from_utf8_lossy(&out.stderr)
            )
        }));
    }
    let mismatches: Vec<String> = EXPRESSIONS
        .iter()
        .zip(ours.iter().zip(&theirs))
        .filter(|(_, (a, b))| a != b)
        .map(|(e, (a, b))| format!("{e}\n  gantry:    {a}\n  terraform: {b}"))
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} mismatch(es):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
