//! An AWS emulator for gantry's end-to-end tests: LocalStack community in
//! host mode (no Docker, no account), installed once into a cached venv
//! with the project's pins (`emulator/constraints.txt`) and plugins
//! (`emulator/plugin`, see its docstring for the three gaps it closes),
//! started on 127.0.0.1 with a free port, and stopped by PID on drop.
//!
//! Everything stays on loopback: LocalStack is told to listen on
//! 127.0.0.1 only, not to serve DNS, and to send analytics and licence
//! checks to a closed local port; gantry and the test clients get the
//! endpoint and fake credentials, and IMDS lookups are disabled.
//!
//! Each [`Emulator`] is a fresh LocalStack process, so every test starts
//! from empty state. When the emulator cannot be had (no Python ≥ 3.12,
//! no network for the first install), [`Emulator::start_or_skip`] skips
//! the test loudly — unless `GANTRY_REQUIRE_EMULATOR=1` (set by `.ci/run`),
//! where it fails.

pub mod faults;

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub const LOCALSTACK: &str = "localstack-core[runtime]==2026.3.0";
/// The account every test uses (LocalStack takes it from the access key).
pub const ACCOUNT: &str = "000000000000";
pub const REGION: &str = "us-east-1";

/// The repository's `emulator/` directory.
pub fn emulator_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../emulator")
}

#[derive(Debug)]
pub struct Unavailable(pub String);

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

pub struct Emulator {
    child: Child,
    pub port: u16,
    venv: PathBuf,
    /// LocalStack's files and log; removed on drop.
    work: tempfile::TempDir,
}

impl Emulator {
    /// Starts a fresh emulator, or says why it cannot.
    pub fn start() -> Result<Emulator, Unavailable> {
        let venv = install()?;
        let work = tempfile::tempdir().map_err(|e| Unavailable(format!("temp dir: {e}")))?;
        // Two tries: a free port can be taken between the check and
        // LocalStack's bind.
        let mut last = String::new();
        for _ in 0..2 {
            match launch(&venv, &work) {
                Ok((child, port)) => {
                    return Ok(Emulator {
                        child,
                        port,
                        venv,
                        work,
                    })
                }
                Err(e) => last = e.0,
            }
        }
        Err(Unavailable(last))
    }

    /// For tests: the emulator, or `None` after a loud skip message — but
    /// a failure when `GANTRY_REQUIRE_EMULATOR=1`.
    pub fn start_or_skip(test: &str) -> Option<Emulator> {
        match Emulator::start() {
            Ok(e) => Some(e),
            Err(why) if std::env::var("GANTRY_REQUIRE_EMULATOR").as_deref() == Ok("1") => {
                panic!("{test}: the AWS emulator is required (GANTRY_REQUIRE_EMULATOR=1) but could not start: {why}")
            }
            Err(why) => {
                eprintln!("\n*** SKIPPED {test}: no AWS emulator: {why}\n*** (set GANTRY_REQUIRE_EMULATOR=1 to make this a failure)\n");
                None
            }
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Environment for gantry (and any SDK client) pointed at the emulator
    /// and nowhere else.
    pub fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ENDPOINT_URL", self.endpoint()),
            ("AWS_ACCESS_KEY_ID", ACCOUNT.to_string()),
            ("AWS_SECRET_ACCESS_KEY", "test".to_string()),
            ("AWS_REGION", REGION.to_string()),
            // boto3 reads only this one.
            ("AWS_DEFAULT_REGION", REGION.to_string()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_string()),
            ("AWS_CONFIG_FILE", "/dev/null".to_string()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
    }

    /// Runs Python with boto3 from the emulator's venv (for checks that
    /// need a service gantry has no client for, such as EC2 subnets);
    /// returns stdout.
    pub fn python(&self, script: &str) -> String {
        let out = Command::new(self.venv.join("bin/python"))
            .arg("-c")
            .arg(script)
            .envs(self.env())
            .output()
            .expect("venv python runs");
        assert!(
            out.status.success(),
            "python failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// A subnet of the emulator's default VPC.
    pub fn default_subnet(&self) -> String {
        self.python(&format!(
            "import boto3; print(boto3.client('ec2', endpoint_url='{}').describe_subnets()['Subnets'][0]['SubnetId'])",
            self.endpoint()
        ))
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.work.path().join("localstack.log")).unwrap_or_default()
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let pid = self.child.id() as libc::pid_t;
        // SIGTERM first (LocalStack shuts down cleanly in ~3 s); its state
        // lives in memory, so a SIGKILL after the grace period loses
        // nothing that matters.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn launch(venv: &Path, work: &tempfile::TempDir) -> Result<(Child, u16), Unavailable> {
    let port = free_port()?;
    let log = File::create(work.path().join("localstack.log"))
        .map_err(|e| Unavailable(format!("log file: {e}")))?;
    let log2 = log
        .try_clone()
        .map_err(|e| Unavailable(format!("log file: {e}")))?;
    let fs_root = work.path().join("fs");
    std::fs::create_dir_all(&fs_root).map_err(|e| Unavailable(format!("{e}")))?;
    let mut cmd = Command::new(venv.join("bin/python"));
    cmd.args(["-m", "localstack.runtime.main"])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", work.path())
        .env("OVERRIDE_IN_DOCKER", "0")
        .env("FILESYSTEM_ROOT", &fs_root)
        .env("GATEWAY_LISTEN", format!("127.0.0.1:{port}"))
        // The default server binds 0.0.0.0 whatever it is told.
        .env("GATEWAY_SERVER", "hypercorn")
        // No DNS server on port 53, no forwarding of lookups.
        .env("DNS_ADDRESS", "0")
        .env("DISABLE_EVENTS", "1")
        .env("SKIP_SSL_CERT_DOWNLOAD", "1")
        .env("API_ENDPOINT", "http://127.0.0.1:9/v1")
        .env("ANALYTICS_API", "http://127.0.0.1:9/v1")
        .env(
            "SERVICES",
            "apigateway,lambda,iam,elbv2,s3,ec2,sts,logs,route53,cognito-idp,dynamodb",
        )
        .env("LAMBDA_RUNTIME_EXECUTOR", "gantry-noop")
        // The built-in DynamoDB downloads and runs a Java server; the
        // plugin's answers from moto.
        .env("PROVIDER_OVERRIDE_DYNAMODB", "gantry")
        .stdin(Stdio::null())
        .stdout(log)
        .stderr(log2);
    // If the test process dies, so does its emulator.
    unsafe {
        use std::os::unix::process::CommandExt;
        cmd.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| Unavailable(format!("starting LocalStack: {e}")))?;
    let deadline = Instant::now() + Duration::from_secs(90);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            let log =
                std::fs::read_to_string(work.path().join("localstack.log")).unwrap_or_default();
            let tail: String = log
                .lines()
                .rev()
                .take(20)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<Vec<_>>()
                .join("\n");
            return Err(Unavailable(format!(
                "LocalStack exited ({status}) before it was ready:\n{tail}"
            )));
        }
        if health(port) {
            return Ok((child, port));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = child.kill();
    let _ = child.wait();
    Err(Unavailable("LocalStack was not ready within 90 s".into()))
}

fn free_port() -> Result<u16, Unavailable> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Unavailable(format!("no free port: {e}")))
}

/// `GET /_localstack/health` answers 200.
fn health(port: u16) -> bool {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
    if s.write_all(
        b"GET /_localstack/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .is_err()
    {
        return false;
    }
    let mut head = [0u8; 12];
    s.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

/// A Python ≥ 3.12 (LocalStack 2026.3 needs it): `GANTRY_PYTHON`, then
/// `python3.13`/`python3.12` on PATH, then pyenv's, then `python3`.
fn python() -> Result<PathBuf, Unavailable> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("GANTRY_PYTHON") {
        candidates.push(p.into());
    }
    candidates.push("python3.13".into());
    candidates.push("python3.12".into());
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    for root in [
        home.join(".pyenv/versions"),
        PathBuf::from("/root/.pyenv/versions"),
    ] {
        if let Ok(rd) = std::fs::read_dir(&root) {
            let mut vs: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            vs.sort();
            vs.reverse();
            candidates.extend(vs.into_iter().map(|v| v.join("bin/python3")));
        }
    }
    candidates.push("python3".into());
    for c in candidates {
        let Ok(out) = Command::new(&c)
            .args([
                "-c",
                "import sys; print(sys.version_info[0], sys.version_info[1])",
            ])
            .output()
        else {
            continue;
        };
        let v = String::from_utf8_lossy(&out.stdout);
        let mut it = v.split_whitespace().filter_map(|x| x.parse::<u32>().ok());
        if let (Some(3), Some(minor)) = (it.next(), it.next()) {
            if minor >= 12 {
                return Ok(c);
            }
        }
    }
    Err(Unavailable(
        "no Python >= 3.12 found (LocalStack 2026.3 needs it); set GANTRY_PYTHON to one".into(),
    ))
}

/// The cache for venvs: `GANTRY_EMULATOR_CACHE`, else `~/.cache/gantry`.
fn cache_root() -> PathBuf {
    if let Some(d) = std::env::var_os("GANTRY_EMULATOR_CACHE") {
        return d.into();
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    base.join("gantry")
}

/// What the venv is built from; a change makes a new venv.
fn fingerprint() -> Result<String, Unavailable> {
    let dir = emulator_dir();
    let mut h = Sha256::new();
    h.update(LOCALSTACK.as_bytes());
    for f in [
        "constraints.txt",
        "plugin/pyproject.toml",
        "plugin/gantry_localstack/__init__.py",
    ] {
        let bytes =
            std::fs::read(dir.join(f)).map_err(|e| Unavailable(format!("emulator/{f}: {e}")))?;
        h.update(f.as_bytes());
        h.update(&bytes);
    }
    Ok(h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The venv with LocalStack and the plugins, installed on first use. A
/// file lock keeps parallel tests from installing twice; a venv counts as
/// installed only once it has been renamed into place.
pub fn install() -> Result<PathBuf, Unavailable> {
    let root = cache_root();
    std::fs::create_dir_all(&root).map_err(|e| Unavailable(format!("{}: {e}", root.display())))?;
    let venv = root.join(format!("localstack-{}", fingerprint()?));
    if venv.join("bin/python").exists() {
        return Ok(venv);
    }
    let lock = File::create(root.join("install.lock"))
        .map_err(|e| Unavailable(format!("install lock: {e}")))?;
    lock.lock()
        .map_err(|e| Unavailable(format!("install lock: {e}")))?;
    if venv.join("bin/python").exists() {
        return Ok(venv);
    }
    let python = python()?;
    eprintln!(
        "gantry-emulator: installing LocalStack into {} (once; about a minute)",
        venv.display()
    );
    let tmp = root.join(format!(
        "{}.partial",
        venv.file_name().and_then(|n| n.to_str()).unwrap_or("venv")
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    let run = |cmd: &mut Command, what: &str| -> Result<(), Unavailable> {
        let out = cmd
            .output()
            .map_err(|e| Unavailable(format!("{what}: {e}")))?;
        if out.status.success() {
            Ok(())
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = err.lines().rev().take(15).collect();
            Err(Unavailable(format!(
                "{what} failed:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            )))
        }
    };
    run(
        Command::new(&python).args(["-m", "venv"]).arg(&tmp),
        "creating the venv",
    )?;
    let pip = tmp.join("bin/pip");
    let dir = emulator_dir();
    run(
        Command::new(&pip)
            .args(["install", "--quiet", "--disable-pip-version-check", "-c"])
            .arg(dir.join("constraints.txt"))
            .arg(LOCALSTACK),
        "installing LocalStack",
    )?;
    // pip builds in the source directory; build a copy, so that tests
    // never write into the checkout.
    let plugin = tempfile::tempdir().map_err(|e| Unavailable(format!("temp dir: {e}")))?;
    for f in ["pyproject.toml", "gantry_localstack/__init__.py"] {
        let to = plugin.path().join(f);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Unavailable(format!("{e}")))?;
        }
        std::fs::copy(dir.join("plugin").join(f), &to)
            .map_err(|e| Unavailable(format!("emulator/plugin/{f}: {e}")))?;
    }
    run(
        Command::new(&pip)
            .args([
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-build-isolation",
                "--no-deps",
            ])
            .arg(plugin.path()),
        "installing gantry's LocalStack plugins",
    )?;
    // Only `bin/python -m ...` is used, which works from the renamed
    // directory (the console scripts' shebangs name the partial path).
    std::fs::rename(&tmp, &venv).map_err(|e| Unavailable(format!("finishing the install: {e}")))?;
    Ok(venv)
}
