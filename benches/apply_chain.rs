//! `cargo bench --bench apply_chain`: applies N (default 2,000) chained
//! `terraform_data` resources — each refers to the previous one, so nothing
//! runs in parallel and every completion must be durable before the next
//! starts — and prints gantry's wall time. When Terraform is installed it
//! applies the identical file too and prints the ratio. Set
//! `GANTRY_BENCH_N` to change N, `GANTRY_BENCH_SKIP_TERRAFORM=1` to skip
//! Terraform (about two minutes at N = 2,000).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn config(n: usize) -> String {
    let mut s = String::from("resource \"terraform_data\" \"r0\" {\n  input = \"start\"\n}\n");
    for i in 1..n {
        s.push_str(&format!(
            "\nresource \"terraform_data\" \"r{i}\" {{\n  input = terraform_data.r{}.output\n}}\n",
            i - 1
        ));
    }
    s
}

fn time(mut cmd: Command) -> Duration {
    let t0 = Instant::now();
    let out = cmd.output().expect("command runs");
    let elapsed = t0.elapsed();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

fn main() {
    let n: usize = std::env::var("GANTRY_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let text = config(n);

    let g = tempfile::tempdir().expect("temp dir");
    std::fs::write(g.path().join("main.tf"), &text).expect("write config");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gantry"));
    cmd.arg(format!("-chdir={}", g.path().display()))
        .args(["apply", "-auto-approve"]);
    let gantry = time(cmd);
    let state = std::fs::read_to_string(g.path().join("terraform.tfstate")).expect("state written");
    assert_eq!(
        state.matches("\"schema_version\"").count(),
        n,
        "every resource is in state"
    );
    println!(
        "gantry:    {n} chained terraform_data applied in {:.2}s ({:.2} ms per resource)",
        gantry.as_secs_f64(),
        gantry.as_secs_f64() * 1000.0 / n as f64
    );

    let terraform = Path::new("/usr/local/bin/terraform");
    if !terraform.exists() || std::env::var_os("GANTRY_BENCH_SKIP_TERRAFORM").is_some() {
        println!("terraform: not measured (not installed at /usr/local/bin/terraform, or skipped)");
        return;
    }
    let t = tempfile::tempdir().expect("temp dir");
    std::fs::write(t.path().join("main.tf"), &text).expect("write config");
    let tf = |args: &[&str]| {
        let mut c = Command::new(terraform);
        c.args(args)
            .current_dir(t.path())
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_CLI_CONFIG_FILE", "/dev/null")
            .env("TF_IN_AUTOMATION", "1");
        c
    };
    time(tf(&["init", "-input=false"]));
    let terraform_time = time(tf(&["apply", "-auto-approve", "-input=false"]));
    println!(
        "terraform: {n} chained terraform_data applied in {:.2}s",
        terraform_time.as_secs_f64()
    );
    println!(
        "ratio:     gantry is {:.1}x faster",
        terraform_time.as_secs_f64() / gantry.as_secs_f64()
    );
}
