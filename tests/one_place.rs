//! Decisions made in exactly one place: a test per rule that would
//! otherwise be copied, finding any copy in the sources.

use std::path::{Path, PathBuf};

/// Every `.rs` file under the workspace's `src/` and `crates/*/src/`.
fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("src"), &mut out);
    for krate in std::fs::read_dir(root.join("crates")).unwrap().flatten() {
        walk(&krate.path().join("src"), &mut out);
    }
    out.sort();
    out
}

/// Lines of the sources, but `allowed`, that contain `needle`.
fn occurrences(needle: &str, allowed: &str) -> Vec<String> {
    let mut found = Vec::new();
    for path in sources() {
        if path.ends_with(allowed) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains(needle) {
                found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    found
}

/// Whether a file is in JSON syntax is `gantry_diagnostics::is_json_syntax`.
#[test]
fn json_syntax_is_decided_in_one_place() {
    let copies = occurrences(
        "ends_with(\".json\")",
        "crates/gantry-diagnostics/src/source.rs",
    );
    assert!(copies.is_empty(), "{}", copies.join("\n"));
    assert!(
        !sources().is_empty()
            && gantry_diagnostics::is_json_syntax("main.tf.json")
            && !gantry_diagnostics::is_json_syntax("main.tf")
    );
}
