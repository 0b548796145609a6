//! The seed's `base64sha256(file("lambda.zip"))` with a real (binary)
//! zip: read as Terraform 0.11 did (the hash of the file's bytes, what
//! `filebase64sha256` gives), with a warning whose fix is exactly that
//! call. Text files take the ordinary path, without a warning.

use gantry_config::eval::Evaluator;
use gantry_config::load_sources;
use gantry_config::value::Value;

fn eval(dir: &std::path::Path, expr: &str) -> (Value, gantry_diagnostics::Diagnostics) {
    let src = format!("locals {{\n  x = {expr}\n}}\n");
    let (module, mut diags) = load_sources(dir, vec![("main.tf".into(), src)]);
    let v = Evaluator::new(&module, Default::default()).local("x", &mut diags);
    (v, diags)
}

#[test]
fn binary_file_hashes_as_terraform_0_11_with_the_modern_fix() {
    let dir = tempfile::tempdir().unwrap();
    // Not UTF-8: a deflated zip's bytes.
    let bytes: Vec<u8> = vec![0x50, 0x4b, 0x03, 0x04, 0xc8, 0xff, 0x00, 0x9d, 0x80];
    std::fs::write(dir.path().join("lambda.zip"), &bytes).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "héllo\n").unwrap();

    let (modern, diags) = eval(dir.path(), r#"filebase64sha256("lambda.zip")"#);
    assert!(diags.is_empty(), "{diags:?}");
    for (legacy, fixed) in [
        (
            r#"base64sha256(file("lambda.zip"))"#,
            r#"filebase64sha256("lambda.zip")"#,
        ),
        (
            r#""${base64sha256(file("lambda.zip"))}""#,
            r#"filebase64sha256("lambda.zip")"#,
        ),
        (r#"md5(file("lambda.zip"))"#, r#"filemd5("lambda.zip")"#),
        (
            r#"sha256(file("lambda.zip"))"#,
            r#"filesha256("lambda.zip")"#,
        ),
        (
            r#"base64encode(file("lambda.zip"))"#,
            r#"filebase64("lambda.zip")"#,
        ),
    ] {
        let (v, diags) = eval(dir.path(), legacy);
        let (want, _) = eval(dir.path(), fixed);
        assert_eq!(v, want, "{legacy}");
        // (The template form also gets its interpolation-only hint.)
        let warnings: Vec<_> = diags
            .iter()
            .filter(|d| d.severity != gantry_diagnostics::Severity::Hint)
            .collect();
        assert_eq!(warnings.len(), 1, "{legacy}: {diags:?}");
        let w = warnings[0];
        assert!(!w.is_error(), "{legacy}: {w:?}");
        assert_eq!(w.code, "gantry::legacy::binary-file");
        let fix = w.fix.as_ref().expect("a fix");
        assert_eq!(fix.edits.len(), 1);
        assert_eq!(fix.edits[0].replacement, fixed, "{legacy}");
    }
    assert_eq!(
        eval(dir.path(), r#"base64sha256(file("lambda.zip"))"#).0,
        modern
    );

    // A text file: the ordinary evaluation, no warning.
    let (v, diags) = eval(dir.path(), r#"base64sha256(file("notes.txt"))"#);
    assert!(diags.is_empty(), "{diags:?}");
    assert_eq!(v, eval(dir.path(), r#"filebase64sha256("notes.txt")"#).0);
    // file() alone of a binary file is still Terraform's error.
    let (_, diags) = eval(dir.path(), r#"file("lambda.zip")"#);
    assert!(diags.has_errors());
}
