//! Every input the fuzzer ever found a crash or a hang with
//! (`fuzz/regressions/<target>/`), replayed through every target's body: a
//! text that broke one stage is a good test of the others. Each must return.

use std::path::Path;

#[test]
fn every_fuzz_finding_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/regressions");
    let mut files = Vec::new();
    for (name, _) in gantry_fuzzing::TARGETS {
        if let Ok(entries) = std::fs::read_dir(root.join(name)) {
            files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no findings under {}", root.display());
    for file in &files {
        let data = std::fs::read(file).unwrap();
        for (name, body) in gantry_fuzzing::TARGETS {
            let outcome = std::panic::catch_unwind(|| body(&data));
            assert!(outcome.is_ok(), "{name}: {} crashes", file.display());
        }
    }
    eprintln!(
        "replayed {} fuzz finding(s) through {} targets",
        files.len(),
        gantry_fuzzing::TARGETS.len()
    );
}
