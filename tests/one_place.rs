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

/// Addresses are parsed and displayed by `gantry-addrs` alone: no other
/// code splits a dotted name, or writes `var.`, `local.`, `module.`,
/// `data.` or `output.` (or two placeholders joined by a dot) into a
/// string. A line that must do so for something that is not an address
/// (a version number, a hostname) says why in a `// not an address:`
/// comment on it or just above it. Test modules are not searched: they
/// write addresses as a user types them.
#[test]
fn addresses_are_parsed_and_formatted_only_by_the_address_crate() {
    let mut found = Vec::new();
    for path in sources() {
        if path.components().any(|c| c.as_os_str() == "gantry-addrs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut previous = "";
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("#[cfg(test)]") {
                break;
            }
            let exempt = line.contains("// not an address:")
                || previous.trim_start().starts_with("// not an address:");
            previous = line;
            if exempt {
                continue;
            }
            if let Some(why) = address_handling(line) {
                found.push(format!(
                    "{}:{}: {why}: {}",
                    path.display(),
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// Why `line` looks like it parses or formats an address, if it does.
fn address_handling(line: &str) -> Option<&'static str> {
    let (code, literals) = split_literals(line);
    let splits = [
        "split('.')",
        "split(\".\")",
        "split_once('.')",
        "rsplit_once('.')",
        "split_terminator('.')",
    ];
    if splits.iter().any(|s| code.contains(s))
        || code.contains(", '.')") && (code.contains("splitn(") || code.contains("rsplitn("))
    {
        return Some("splits a dotted name");
    }
    for lit in &literals {
        let bytes = lit.as_bytes();
        for prefix in ["var.", "local.", "module.", "data.", "output."] {
            for (at, _) in lit.match_indices(prefix) {
                let before = at.checked_sub(1).map(|b| bytes[b]);
                let starts_word =
                    !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.');
                // `var.{name}` formats an address; `data.aws_x.n` or
                // `module.` in a literal that is nothing else is one (or
                // its start), where prose gives
                // examples (`such as local.template`).
                let next = bytes.get(at + prefix.len()).copied();
                let names = next == Some(b'{')
                    || next.is_none_or(|b| b.is_ascii_alphabetic() || b == b'_')
                        && !lit.contains(' ');
                if starts_word && names {
                    return Some("writes an address prefix");
                }
            }
        }
        if lit.contains("}.{") {
            return Some("joins names with a dot");
        }
    }
    None
}

/// The code of a line outside string literals (and before a `//`
/// comment), and the literals' contents.
fn split_literals(line: &str) -> (String, Vec<String>) {
    let mut code = String::new();
    let mut literals = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                let mut lit = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => lit.push(c),
                    }
                }
                literals.push(lit);
            }
            '\'' => {
                // A char literal ('.', '\''), or a lifetime.
                code.push(c);
                let rest: String = chars.clone().take(3).collect();
                if rest.starts_with('\\') && rest.chars().nth(2) == Some('\'') {
                    code.extend(chars.by_ref().take(3));
                } else if rest.chars().nth(1) == Some('\'') {
                    code.extend(chars.by_ref().take(2));
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => code.push(c),
        }
    }
    (code, literals)
}

/// The search above finds each way of writing an address by hand, and
/// leaves prose and other dotted things alone.
#[test]
fn the_address_search_finds_handwritten_addresses() {
    for line in [
        r#"g.add_node(format!("var.{}", v.name));"#,
        r#"let key = format!("{}.{}", r.type_name, r.name);"#,
        r#"self.resources.get("data.aws_region.current")"#,
        r#"let name = node.trim_start_matches("module.");"#,
        r#"let parts: Vec<&str> = text.split('.').collect();"#,
        r#"let (name, alias) = p.split_once('.')?;"#,
        r#"let mut it = p.splitn(2, '.');"#,
    ] {
        assert!(address_handling(line).is_some(), "missed: {line}");
    }
    for line in [
        r#".with_detail("such as local.template or data.example.content.")"#,
        r#"let path = dir.join("modules.json");"#,
        r#"let s = x.split(','); // split('.') in a comment"#,
        r#"if c == '.' { return None; }"#,
    ] {
        assert_eq!(address_handling(line), None, "flagged: {line}");
    }
}
