//! Shared by the end-to-end tests that need no cloud: the real binary run
//! in a directory, and its output as one text.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `gantry -chdir=DIR ARGS...`, without colour.
pub fn gantry(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gantry"))
        .arg(format!("-chdir={}", dir.display()))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("gantry runs")
}

/// Standard output, then standard error.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// Copies the files of `from` into `to`, and its directories (called
/// modules) as directories.
pub fn copy_tree(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_tree(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
