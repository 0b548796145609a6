//! Release archives are made by dist (cargo-dist) from dist-workspace.toml:
//! its plan must hold, for every target, one archive with the gantry
//! binary and the README, and no test harness (the emulator's binary).
//! Runs where `dist` is installed (`cargo install cargo-dist`).

use std::process::Command;

#[cfg_attr(
    gantry_no_dist,
    ignore = "dist (cargo-dist) is not installed: cargo install cargo-dist"
)]
#[test]
fn dist_plans_one_archive_per_target_with_gantry_only() {
    let out = Command::new("dist")
        .args(["plan", "--output-format=json", "--no-local-paths"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("dist runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let manifest: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let releases: Vec<&str> = manifest["releases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["app_name"].as_str().unwrap())
        .collect();
    assert_eq!(releases, ["gantry"], "only gantry is released");
    let archives: Vec<(&String, &serde_json::Value)> = manifest["artifacts"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, a)| a["kind"] == "executable-zip")
        .collect();
    let mut targets: Vec<&str> = archives
        .iter()
        .map(|(_, a)| a["target_triples"][0].as_str().unwrap())
        .collect();
    targets.sort();
    assert_eq!(
        targets,
        [
            "aarch64-apple-darwin",
            "aarch64-unknown-linux-gnu",
            "x86_64-apple-darwin",
            "x86_64-pc-windows-msvc",
            "x86_64-unknown-linux-gnu"
        ]
    );
    for (name, a) in archives {
        let mut assets: Vec<&str> = a["assets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["name"].as_str().unwrap())
            .collect();
        assets.sort();
        assert_eq!(assets, ["README.md", "gantry"], "{name}");
    }
}
