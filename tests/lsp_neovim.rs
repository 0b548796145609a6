//! A real editor as the client: headless Neovim with `tests/nvim/init.lua`
//! starts `gantry lsp` for a `.tf` file with known errors, waits for the
//! diagnostics and writes `vim.diagnostic.get()`; the result must equal
//! `testdata/lsp/neovim/diagnostics.json` (`UPDATE_GOLDEN=1` rewrites it).
//!
//! Neovim (Debian's `neovim`, 0.7+) is installed by `.ci/run`, which sets
//! GANTRY_REQUIRE_NEOVIM=1 so a missing editor fails CI; elsewhere the test
//! skips loudly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn neovim() -> Option<PathBuf> {
    let found = Command::new("nvim")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    found.then(|| PathBuf::from("nvim"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read case") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "tf") {
            std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
        }
    }
}

#[cfg_attr(
    gantry_no_nvim,
    ignore = "Neovim (nvim) is not installed: apt-get install neovim"
)]
#[test]
fn neovim_shows_gantry_diagnostics() {
    let Some(nvim) = neovim() else {
        assert!(
            std::env::var_os("GANTRY_REQUIRE_NEOVIM").is_none(),
            "GANTRY_REQUIRE_NEOVIM is set but nvim is not installed"
        );
        eprintln!("SKIPPED neovim_shows_gantry_diagnostics: nvim is not installed (apt-get install neovim)");
        return;
    };
    let case = root().join("testdata/lsp/neovim");
    let work = tempfile::tempdir().expect("temp dir");
    let module = work.path().join("module");
    std::fs::create_dir(&module).expect("module dir");
    copy_dir(&case, &module);
    let out = work.path().join("diagnostics.json");
    let home = work.path().join("home");

    // No user configuration, swap, shada or logs outside the temp dir.
    let mut child = Command::new(nvim)
        .args(["--headless", "-n", "-i", "NONE", "-u"])
        .arg(root().join("tests/nvim/init.lua"))
        .arg(module.join("main.tf"))
        .args(["-c", "lua GantryWriteDiagnostics()"])
        .current_dir(&module)
        .env("GANTRY_BIN", env!("CARGO_BIN_EXE_gantry"))
        .env("GANTRY_NVIM_OUT", &out)
        .env("HOME", &home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(90);
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for nvim") {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("nvim did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
    }
    assert!(status.success(), "nvim exited with {status}: {stderr}");
    let written = std::fs::read_to_string(&out)
        .unwrap_or_else(|e| panic!("nvim wrote no diagnostics ({e}): {stderr}"));
    // Lua tables have no key order: sort the keys for a stable golden file.
    let actual: Vec<BTreeMap<String, serde_json::Value>> =
        serde_json::from_str(&written).expect("a JSON list of diagnostics from nvim");
    let actual = serde_json::to_string_pretty(&actual).expect("JSON") + "\n";

    let expected_path = case.join("diagnostics.json");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&expected_path, &actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|_| panic!("{} is missing (UPDATE_GOLDEN=1)", expected_path.display()));
    assert_eq!(
        actual,
        expected,
        "Neovim's diagnostics differ from {}",
        expected_path.display()
    );
}
