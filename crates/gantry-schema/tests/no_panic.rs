//! Truncated input must produce diagnostics, never a panic: every prefix of
//! every example file goes through loading and validation.

use std::path::{Path, PathBuf};

use gantry_config::load_sources;
use gantry_schema::{validate_module, ValidateOptions};

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root)
        .expect("examples/")
        .filter_map(Result::ok)
    {
        for f in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
        {
            if f.path().extension().is_some_and(|e| e == "tf") {
                files.push(f.path());
            }
        }
    }
    files.sort();
    assert!(files.len() >= 3, "expected the three seed examples");
    files
}

#[test]
fn every_prefix_of_every_example_gives_diagnostics_not_panics() {
    let mut checked = 0;
    for path in examples() {
        let text = std::fs::read_to_string(&path).expect("read example");
        let dir = path.parent().expect("example dir").to_path_buf();
        let full_len = text.len();
        for end in (0..full_len).filter(|&i| text.is_char_boundary(i)) {
            let prefix = &text[..end];
            let (mut module, mut diags) =
                load_sources(&dir, vec![("main.tf".into(), prefix.to_string())]);
            diags.extend(validate_module(&mut module, &ValidateOptions::default()));
            // A prefix that HCL cannot parse must say so with a located
            // syntax error.
            let rewritten = gantry_syntax::rewrite_legacy(prefix).0.text;
            if hcl_edit::parser::parse_body(&rewritten).is_err() {
                let syntax = diags.iter().find(|d| d.code == "gantry::syntax");
                assert!(
                    syntax.is_some_and(|d| d.span.is_some()),
                    "{}: prefix of {end} bytes: no syntax diagnostic",
                    path.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} prefixes checked");
}
