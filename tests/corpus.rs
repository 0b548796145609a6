//! Real-world configurations (`testdata/corpus/`, see its README): every
//! module directory validates with no diagnostic but "resource type not
//! supported" and "module not installed" (for registry sources), and `fmt` leaves each
//! file as it is and restores a de-formatted copy of it. Where Terraform
//! is installed, it must agree that the files are canonical and format the
//! de-formatted copies back the same way.

use std::path::{Path, PathBuf};
use std::process::Command;

use gantry_diagnostics::Diagnostic;
use gantry_schema::{validate_module, ValidateOptions};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus")
}

/// Every `.tf` file under `dir`, sorted.
fn tf_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            tf_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "tf") {
            out.push(p);
        }
    }
}

/// What the corpus may report: gantry does not manage every AWS type, and
/// modules from registries and git are not installed here (local modules
/// load and are validated with their callers).
fn allowed(d: &Diagnostic) -> bool {
    matches!(
        d.code,
        "gantry::schema::unknown-type"
            | "gantry::schema::unsupported-type"
            | "gantry::module::not-installed"
    )
}

/// Mistakes the corpus really holds, which Terraform reports as well
/// (see testdata/corpus/README.md): each must be found, and nothing else.
const TRUE_FINDINGS: &[(&str, &str, &str)] = &[
    // An example that still passes an argument the module dropped.
    (
        "cloudposse-terraform-aws-vpc/examples/deprecated",
        "Unsupported argument",
        "\"cidr_block\"",
    ),
    // The template from which the generated modules are made lacks the
    // generated `auto_values.tf` that declares its `auto_*` variables.
    (
        "terraform-aws-security-group/modules/_templates",
        "Reference to undeclared input variable",
        "\"auto_",
    ),
    (
        "terraform-aws-security-group/wrappers/_templates",
        "Reference to undeclared input variable",
        "\"auto_",
    ),
    // Wrappers and examples of the generated modules this corpus leaves
    // out.
    (
        "terraform-aws-security-group/",
        "Unreadable module directory",
        "terraform-aws-security-group/modules/",
    ),
];

fn true_finding(dir: &Path, d: &Diagnostic) -> Option<usize> {
    let dir = dir.strip_prefix(corpus()).unwrap_or(dir).to_string_lossy();
    TRUE_FINDINGS.iter().position(|(at, summary, detail)| {
        dir.starts_with(at) && d.summary == *summary && d.detail.contains(detail)
    })
}

#[test]
fn real_world_modules_validate_without_false_diagnostics() {
    let mut files = Vec::new();
    tf_files(&corpus(), &mut files);
    assert!(files.len() >= 300, "only {} files", files.len());
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    dirs.dedup();
    let mut problems = Vec::new();
    let mut found = [false; TRUE_FINDINGS.len()];
    for dir in &dirs {
        let (mut module, mut diags) = gantry_config::load_dir(dir);
        diags.extend(validate_module(&mut module, &ValidateOptions::default()));
        for d in diags.iter().filter(|d| !allowed(d)) {
            if let Some(i) = true_finding(dir, d) {
                found[i] = true;
                continue;
            }
            let at = d
                .span
                .map(|s| module.sources.location(s))
                .unwrap_or_default();
            problems.push(format!(
                "{}: {at}: {}: {}",
                dir.display(),
                d.summary,
                d.detail
            ));
        }
    }
    for (i, (at, summary, _)) in TRUE_FINDINGS.iter().enumerate() {
        assert!(found[i], "{at}: \"{summary}\" was not reported");
    }
    assert!(
        problems.is_empty(),
        "{} diagnostic(s) in {} directories:\n{}",
        problems.len(),
        dirs.len(),
        problems.join("\n")
    );
}

/// Undoes the layout `fmt` owns: indentation and the alignment of `=`,
/// outside heredocs and block comments (whose text is content).
fn deformat(src: &str) -> String {
    let mut out = String::new();
    let mut heredoc: Option<String> = None;
    let mut comment = false;
    for line in src.split_inclusive('\n') {
        if let Some(marker) = &heredoc {
            if line.trim() == marker {
                heredoc = None;
            }
            out.push_str(line);
            continue;
        }
        if comment {
            comment = !line.contains("*/");
            out.push_str(line);
            continue;
        }
        let trimmed = line.trim_start_matches([' ', '\t']);
        let mut changed = trimmed.to_string();
        if !trimmed.starts_with('#') && !trimmed.starts_with("//") {
            // `name   = value` → `name = value` (the first `=` only).
            if let Some(i) = changed.find(" =") {
                let head = changed[..i].trim_end().to_string();
                let rest = changed[i..].trim_start().to_string();
                if !head.contains('"') && !rest.starts_with("==") {
                    changed = format!("{head} {rest}");
                }
            }
        }
        if let Some(i) = trimmed.find("<<") {
            let marker: String = trimmed[i + 2..]
                .trim_start_matches('-')
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !marker.is_empty() {
                heredoc = Some(marker);
            }
        }
        if trimmed.starts_with("/*") && !trimmed.contains("*/") {
            comment = true;
        }
        out.push_str(&changed);
    }
    out
}

#[test]
fn fmt_keeps_real_world_files_and_restores_deformatted_copies() {
    let mut files = Vec::new();
    tf_files(&corpus(), &mut files);
    let mut problems = Vec::new();
    let scratch = tempfile::tempdir().unwrap();
    let mut copies = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let src = std::fs::read_to_string(f).unwrap();
        let name = f.display().to_string();
        match gantry_config::format_text(&name, &src) {
            Ok(out) if out == src => {}
            Ok(_) => problems.push(format!("{name}: fmt changes a canonical file")),
            Err(e) => problems.push(format!("{name}: {}", e.1.summary)),
        }
        let messy = deformat(&src);
        match gantry_config::format_text(&name, &messy) {
            Ok(out) if out == src => {}
            Ok(_) => problems.push(format!(
                "{name}: fmt does not restore the de-formatted copy"
            )),
            Err(e) => problems.push(format!("{name} (de-formatted): {}", e.1.summary)),
        }
        let copy = scratch.path().join(format!("{i:04}.tf"));
        std::fs::write(&copy, messy).unwrap();
        copies.push((copy, src));
    }
    let terraform = Path::new("/usr/local/bin/terraform");
    if terraform.is_file() {
        let run = |args: &[&str], dir: &Path| {
            Command::new(terraform)
                .args(args)
                .current_dir(dir)
                .env("CHECKPOINT_DISABLE", "1")
                .env("TF_CLI_CONFIG_FILE", "/dev/null")
                .output()
                .unwrap()
        };
        let check = run(&["fmt", "-check", "-recursive", "."], &corpus());
        assert!(
            check.status.success(),
            "terraform fmt finds files to change: {}",
            String::from_utf8_lossy(&check.stdout)
        );
        let format = run(&["fmt", "."], scratch.path());
        assert!(
            format.status.success(),
            "{}",
            String::from_utf8_lossy(&format.stderr)
        );
        for (copy, src) in &copies {
            if std::fs::read_to_string(copy).unwrap() != *src {
                problems.push(format!(
                    "{}: terraform fmt does not restore this de-formatted copy the same way",
                    copy.display()
                ));
            }
        }
    } else {
        eprintln!("terraform not installed: fmt compared with the files themselves (all terraform fmt-canonical)");
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
