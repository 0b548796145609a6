//! `legacy_map_blocks` (what `fmt` applies, found without evaluating)
//! finds exactly the map-as-block warnings full validation reports, on
//! every example, invalid case and corpus module of the repository.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn dirs(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let mut has_tf = false;
    for e in entries.filter_map(Result::ok) {
        let p = e.path();
        if p.is_dir() {
            dirs(&p, out);
        } else if p.extension().is_some_and(|x| x == "tf") {
            has_tf = true;
        }
    }
    if has_tf {
        out.push(root.to_path_buf());
    }
}

#[test]
fn the_static_walk_finds_what_validation_finds() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut all = Vec::new();
    for under in [
        "examples",
        "testdata/invalid",
        "testdata/corpus",
        "testdata/fmt",
    ] {
        dirs(&repo.join(under), &mut all);
    }
    assert!(all.len() > 100, "{} directories", all.len());
    let mut found = 0;
    for dir in all {
        let (mut module, _) = gantry_config::load_dir(&dir);
        let key = |d: &gantry_diagnostics::Diagnostic| {
            (
                d.span.map(|s| (s.file.0, s.start, s.end)),
                d.fix.as_ref().map(|f| f.message.clone()),
            )
        };
        let fast: BTreeSet<_> = gantry_schema::legacy_map_blocks(&module)
            .iter()
            .map(key)
            .collect();
        let full: BTreeSet<_> = gantry_schema::validate_module(&mut module, &Default::default())
            .iter()
            .filter(|d| d.code == "gantry::syntax::legacy-map-block")
            .map(key)
            .collect();
        assert_eq!(fast, full, "{}", dir.display());
        found += fast.len();
    }
    assert!(found > 0, "the repository has map blocks to find");
}
