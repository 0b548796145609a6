//! `cargo bench --bench scaling`: how validate, plan, a no-op re-plan and
//! apply grow with the number of resources, in two shapes (a chain, where
//! each `terraform_data` refers to the previous one, and independent ones).
//! For each size it prints gantry's CPU time (user + system), wall time and
//! peak memory, Terraform's beside it where Terraform is installed (up to
//! `GANTRY_BENCH_TERRAFORM_MAX`, default 10,000 resources; applies up to
//! `GANTRY_BENCH_TERRAFORM_APPLY_MAX`, default 1,000, as Terraform needs
//! minutes for more), the ratio of CPU times, and for each workload the
//! exponent of a least-squares fit of CPU time against size (1 is linear;
//! for apply also of wall time, which includes waiting for the disk).
//!
//! `GANTRY_BENCH_SIZES` (default `1000,10000,50000`) picks the sizes,
//! `GANTRY_BENCH_SKIP_TERRAFORM=1` skips Terraform. The no-op re-plan reads
//! a state written by the bench (every object as the configuration
//! describes it), so no apply is needed to set it up.

use std::path::Path;
use std::process::Command;

#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Chained,
    Independent,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Chained => "chained",
            Shape::Independent => "independent",
        }
    }

    /// The input of resource `i`, as the configuration writes it.
    fn input_expr(self, i: usize) -> String {
        match (self, i) {
            (Shape::Chained, 0) => "\"start\"".to_string(),
            (Shape::Chained, _) => format!("terraform_data.r{}.output", i - 1),
            (Shape::Independent, _) => format!("\"v{i}\""),
        }
    }

    /// The input of resource `i` once applied.
    fn input_value(self, i: usize) -> String {
        match self {
            Shape::Chained => "start".to_string(),
            Shape::Independent => format!("v{i}"),
        }
    }
}

fn config(shape: Shape, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "resource \"terraform_data\" \"r{i}\" {{\n  input = {}\n}}\n\n",
            shape.input_expr(i)
        ));
    }
    s
}

/// A tfstate v4 document holding every resource of `config(shape, n)` as
/// applied, with the dependencies Terraform records for a chain.
fn state(shape: Shape, n: usize) -> String {
    let resources: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            let v = shape.input_value(i);
            let mut instance = serde_json::json!({
                "schema_version": 0,
                "attributes": {
                    "id": format!("00000000-0000-0000-0000-{i:012}"),
                    "input": {"value": v, "type": "string"},
                    "output": {"value": v, "type": "string"},
                    "triggers_replace": null
                },
                "sensitive_attributes": []
            });
            if shape == Shape::Chained && i > 0 {
                instance["dependencies"] =
                    serde_json::json!([format!("terraform_data.r{}", i - 1)]);
            }
            serde_json::json!({
                "mode": "managed",
                "type": "terraform_data",
                "name": format!("r{i}"),
                "provider": "provider[\"terraform.io/builtin/terraform\"]",
                "instances": [instance]
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "version": 4,
        "terraform_version": "1.11.4",
        "serial": 1,
        "lineage": "6b7a0a4e-4a8e-4c5e-9f0e-5a0d4b1f7c11",
        "outputs": {},
        "resources": resources,
        "check_results": null
    }))
    .expect("a state is JSON")
}

/// CPU seconds (user + system), wall seconds and peak resident memory (MB)
/// of one run.
#[derive(Clone, Copy)]
struct Cost {
    cpu: f64,
    wall: f64,
    peak_mb: f64,
}

/// Runs `cmd` under GNU time for its peak memory: Linux records the peak of
/// the process that calls exec as the new program's, so a command this big
/// process starts directly reports this process's peak instead of its own.
/// `time` forks the command from its own small process. Without
/// `/usr/bin/time` the peak is not measured (0).
fn run(cmd: Command, ok_codes: &[i32]) -> Cost {
    const TIME: &str = "/usr/bin/time";
    if !Path::new(TIME).exists() {
        return Cost {
            peak_mb: 0.0,
            ..run_direct(cmd, ok_codes)
        };
    }
    let out = tempfile::NamedTempFile::new().expect("temp file");
    let mut timed = Command::new(TIME);
    timed
        .args(["-f", "%M", "-o"])
        .arg(out.path())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        timed.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => timed.env(k, v),
            None => timed.env_remove(k),
        };
    }
    let cost = run_direct(timed, ok_codes);
    let kb: f64 = std::fs::read_to_string(out.path())
        .ok()
        .and_then(|t| t.lines().last()?.trim().parse().ok())
        .unwrap_or(0.0);
    Cost {
        peak_mb: kb / 1024.0,
        ..cost
    }
}

// `wait4` below reaps the child (std's `wait` cannot report its rusage).
#[allow(clippy::zombie_processes)]
fn run_direct(mut cmd: Command, ok_codes: &[i32]) -> Cost {
    cmd.stdout(std::process::Stdio::null());
    let t0 = std::time::Instant::now();
    let child = cmd.spawn().expect("command starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child, filling `status` and `usage`.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = t0.elapsed().as_secs_f64();
    assert_eq!(waited, pid, "waited for the command");
    let code = libc::WEXITSTATUS(status);
    assert!(
        libc::WIFEXITED(status) && ok_codes.contains(&code),
        "{cmd:?} exited with {status}"
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Cost {
        // The command's and its children's (GNU time's command).
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        wall,
        // Linux reports kilobytes (see `run` on why it may be ours).
        peak_mb: usage.ru_maxrss as f64 / 1024.0,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Workload {
    Validate,
    Plan,
    Replan,
    Apply,
}

impl Workload {
    fn name(self) -> &'static str {
        match self {
            Workload::Validate => "validate",
            Workload::Plan => "plan",
            Workload::Replan => "no-op re-plan",
            Workload::Apply => "apply",
        }
    }

    fn args(self) -> &'static [&'static str] {
        match self {
            Workload::Validate => &["validate"],
            Workload::Plan | Workload::Replan => &["plan", "-lock=false"],
            Workload::Apply => &["apply", "-auto-approve"],
        }
    }
}

fn gantry(dir: &Path, w: Workload) -> Cost {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gantry"));
    cmd.arg(format!("-chdir={}", dir.display())).args(w.args());
    run(cmd, &[0])
}

fn terraform(dir: &Path, w: Workload) -> Cost {
    let mut cmd = Command::new("/usr/local/bin/terraform");
    cmd.current_dir(dir).args(w.args());
    if w != Workload::Validate {
        cmd.arg("-input=false");
    }
    cmd.env("CHECKPOINT_DISABLE", "1")
        .env("TF_CLI_CONFIG_FILE", "/dev/null")
        .env("TF_IN_AUTOMATION", "1");
    run(cmd, &[0])
}

/// The slope of log(cpu) against log(size).
fn exponent(points: &[(usize, f64)]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(_, c)| *c > 0.0)
        .map(|&(n, c)| ((n as f64).ln(), c.ln()))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let k = pts.len() as f64;
    let (sx, sy) = pts.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (mx, my) = (sx / k, sy / k);
    let num: f64 = pts.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let den: f64 = pts.iter().map(|(x, _)| (x - mx).powi(2)).sum();
    (den > 0.0).then(|| num / den)
}

fn main() {
    let sizes: Vec<usize> = std::env::var("GANTRY_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000,50000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let limit = |name: &str, default: usize| -> usize {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let terraform_max = limit("GANTRY_BENCH_TERRAFORM_MAX", 10_000);
    let terraform_apply_max = limit("GANTRY_BENCH_TERRAFORM_APPLY_MAX", 1_000);
    let with_terraform = Path::new("/usr/local/bin/terraform").exists()
        && std::env::var_os("GANTRY_BENCH_SKIP_TERRAFORM").is_none();

    println!(
        "{:<14} {:<12} {:>7} {:>10} {:>8} {:>7} {:>10} {:>7} {:>7}",
        "workload", "shape", "size", "gantry s", "wall s", "MB", "terraform", "MB", "ratio"
    );
    for shape in [Shape::Chained, Shape::Independent] {
        for w in [
            Workload::Validate,
            Workload::Plan,
            Workload::Replan,
            Workload::Apply,
        ] {
            let mut cpu = Vec::new();
            let mut wall = Vec::new();
            for &n in &sizes {
                let setup = || {
                    let dir = tempfile::tempdir().expect("temp dir");
                    std::fs::write(dir.path().join("main.tf"), config(shape, n)).expect("config");
                    if w == Workload::Replan {
                        std::fs::write(dir.path().join("terraform.tfstate"), state(shape, n))
                            .expect("state");
                    }
                    dir
                };
                let dir = setup();
                let g = gantry(dir.path(), w);
                if w == Workload::Apply {
                    let applied = std::fs::read_to_string(dir.path().join("terraform.tfstate"))
                        .expect("apply wrote the state");
                    assert_eq!(
                        applied.matches("\"schema_version\"").count(),
                        n,
                        "every resource is in state"
                    );
                }
                cpu.push((n, g.cpu));
                wall.push((n, g.wall));
                let max = match w {
                    Workload::Apply => terraform_apply_max,
                    _ => terraform_max,
                };
                let t = (with_terraform && n <= max).then(|| {
                    // Its own directory: gantry's apply wrote a state.
                    let dir = setup();
                    let mut init = Command::new("/usr/local/bin/terraform");
                    init.current_dir(dir.path())
                        .args(["init", "-input=false"])
                        .env("CHECKPOINT_DISABLE", "1")
                        .env("TF_CLI_CONFIG_FILE", "/dev/null");
                    run(init, &[0]);
                    terraform(dir.path(), w)
                });
                let (tf, tf_mb, ratio) = match t {
                    Some(t) => (
                        format!("{:.2}", t.cpu),
                        format!("{:.0}", t.peak_mb),
                        format!("{:.1}×", t.cpu / g.cpu.max(1e-3)),
                    ),
                    None => ("-".into(), "-".into(), "-".into()),
                };
                println!(
                    "{:<14} {:<12} {n:>7} {:>10.2} {:>8.2} {:>7.0} {tf:>10} {tf_mb:>7} {ratio:>7}",
                    w.name(),
                    shape.name(),
                    g.cpu,
                    g.wall,
                    g.peak_mb,
                );
            }
            if let Some(e) = exponent(&cpu) {
                print!(
                    "{:<14} {:<12} exponent of CPU time against size: {e:.2}",
                    w.name(),
                    shape.name()
                );
                match exponent(&wall).filter(|_| w == Workload::Apply) {
                    Some(e) => println!(", of wall time: {e:.2}"),
                    None => println!(),
                }
            }
        }
    }
}
