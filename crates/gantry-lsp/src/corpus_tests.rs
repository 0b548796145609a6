//! The server's requests over every configuration the repository keeps
//! (the examples and the invalid corpus): hover, definition and
//! completion at every character must answer without panicking, and every
//! quick fix must make its diagnostic go away.

use std::path::{Path, PathBuf};

use gantry_diagnostics::Diagnostic;

use crate::analysis::{analyze, analyze_cached, Analysis, Cache, Overlay};
use crate::{completion, hover, locate};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn dirs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for parent in ["examples", "testdata/invalid"] {
        let entries = std::fs::read_dir(repo().join(parent)).expect("corpus directory");
        out.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir()),
        );
    }
    out.sort();
    assert!(out.len() > 50, "the corpus is there");
    out
}

fn check(dir: &Path, overlays: &[Overlay]) -> Analysis {
    let never = || false;
    analyze(dir, 0, overlays, &[], &never).expect("not cancelled")
}

#[test]
fn every_position_answers() {
    for dir in dirs() {
        let a = check(&dir, &[]);
        for file in a.files() {
            let text = a.text(file).to_string();
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let _ = hover::hover(&a, file, offset);
                if let Some(locate::Found::Reference { reference, .. }) =
                    locate::at(&a.module, file, offset)
                {
                    let _ = locate::declaration(&a.module, &reference.subject);
                }
                let _ = completion::complete(&text, offset, Some(&a));
            }
        }
    }
}

/// The checks of the editor, which keep parses and file texts between
/// edits, find what a check from scratch finds: in every corpus
/// directory, and after each of its quick fixes (a real edit) is typed.
#[test]
fn a_check_reusing_the_last_ones_finds_what_a_fresh_check_finds() {
    let never = || false;
    for dir in dirs() {
        let mut cache = Cache::default();
        let cached = |overlays: &[Overlay], cache: &mut Cache| {
            analyze_cached(&dir, 0, overlays, &[], &never, cache).expect("not cancelled")
        };
        let a = check(&dir, &[]);
        assert_eq!(
            cached(&[], &mut cache).diagnostics,
            a.diagnostics,
            "{}",
            dir.display()
        );
        for d in a.diagnostics.iter().filter(|d| d.fix.is_some()) {
            let Some(fix) = &d.fix else { continue };
            let overlay = [with_fix(&a, fix)];
            assert_eq!(
                cached(&overlay, &mut cache).diagnostics,
                check(&dir, &overlay).diagnostics,
                "{}: after `{}`",
                dir.display(),
                fix.message
            );
        }
    }
}

/// The file `fix` edits, as an editor holds it once the fix is applied
/// (the edits last first, so earlier offsets stay valid).
fn with_fix(a: &Analysis, fix: &gantry_diagnostics::Fix) -> Overlay {
    let file = fix.edits[0].span.file;
    let mut text = a.text(file).to_string();
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        text.replace_range(e.span.range(), &e.replacement);
    }
    Overlay {
        path: a.path(file),
        text,
        version: 1,
    }
}

fn same_problem(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.summary == b.summary && a.span.map(|s| s.start) == b.span.map(|s| s.start)
}

#[test]
fn every_quick_fix_removes_its_diagnostic() {
    let mut fixed = 0;
    for dir in dirs() {
        let a = check(&dir, &[]);
        for d in a.diagnostics.iter().filter(|d| d.fix.is_some()) {
            let Some(fix) = &d.fix else { continue };
            let file = fix.edits[0].span.file;
            assert!(
                fix.edits.iter().all(|e| e.span.file == file),
                "{}: a fix across files",
                dir.display()
            );
            let overlay = with_fix(&a, fix);
            let after = check(&dir, &[overlay]);
            let still: Vec<&Diagnostic> = after
                .diagnostics
                .iter()
                .filter(|x| x.code == d.code && x.summary == d.summary)
                .filter(|x| same_problem(x, d))
                .collect();
            assert!(
                still.is_empty(),
                "{}: `{}` did not fix {} ({})",
                dir.display(),
                fix.message,
                d.code,
                d.summary
            );
            // A fix may uncover other problems (a corrected type's
            // required arguments), never break the syntax.
            let broken: Vec<&str> = after
                .diagnostics
                .iter()
                .filter(|x| x.code == "gantry::syntax" || x.code.starts_with("gantry::reference::"))
                .filter(|x| !a.diagnostics.iter().any(|y| same_problem(x, y)))
                .map(|x| x.summary.as_str())
                .collect();
            assert!(
                broken.is_empty(),
                "{}: `{}` broke the text: {broken:?}",
                dir.display(),
                fix.message
            );
            fixed += 1;
        }
    }
    assert!(fixed >= 10, "the corpus has fixes to try ({fixed})");
}
