//! The S3 backend end to end, on the emulator's S3: init records it,
//! apply writes only the bucket's object, a second run fails on the lock
//! and names the holder, a killed run's lock is reported and force-unlock
//! clears it, workspaces land at Terraform's keys, a local project
//! migrates, a CI pipeline runs; and Terraform 1.11 shares the state and
//! the lock with gantry both ways.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{http, http_get, text, Aws};

fn backend_block(endpoint: &str, bucket: &str, extra: &str) -> String {
    format!(
        r#"terraform {{
  backend "s3" {{
    bucket                      = "{bucket}"
    key                         = "team/api.tfstate"
    region                      = "us-east-1"
    use_lockfile                = true
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    access_key                  = "000000000000"
    secret_key                  = "test"
    endpoints = {{
      s3 = "{endpoint}"
    }}
{extra}  }}
}}
"#
    )
}

const RESOURCES: &str = r#"
resource "terraform_data" "api" {
  input = "api-${terraform.workspace}"
}

output "name" {
  value = terraform_data.api.output
}
"#;

fn make_bucket(aws: &Aws, bucket: &str) {
    let a = http("PUT", &format!("{}/{bucket}", aws.emu.endpoint()), &[]);
    assert_eq!(a.status, 200, "creating bucket {bucket}: {}", a.body);
}

/// Every key in the bucket.
fn keys(aws: &Aws, bucket: &str) -> Vec<String> {
    let a = http_get(&format!("{}/{bucket}?list-type=2", aws.emu.endpoint()));
    assert_eq!(a.status, 200, "{}", a.body);
    a.body
        .split("<Key>")
        .skip(1)
        .filter_map(|s| s.split_once("</Key>").map(|(k, _)| k.to_string()))
        .collect()
}

fn object(aws: &Aws, bucket: &str, key: &str) -> serde_json::Value {
    let a = http_get(&format!("{}/{bucket}/{key}", aws.emu.endpoint()));
    assert_eq!(a.status, 200, "{key}: {}", a.body);
    serde_json::from_str(&a.body).unwrap_or_else(|e| panic!("{key}: {e}: {}", a.body))
}

fn resource_names(state: &serde_json::Value) -> Vec<String> {
    state["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| r["name"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// A working copy of the configuration `files` in a new directory.
fn copy_with(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// A command left waiting at its approval prompt, holding the state lock.
struct Waiting {
    child: Child,
}

impl Waiting {
    /// Starts `cmd` (stdin, stdout piped) and waits until it prints the
    /// approval prompt.
    fn at_prompt(mut cmd: Command) -> Waiting {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the command starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut seen = String::new();
            let mut r = BufReader::new(stdout);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                // The prompt has no newline: read up to its colon.
                match r.read_until(b':', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        seen.push_str(&String::from_utf8_lossy(&buf));
                        if seen.contains("Enter a value:") {
                            let _ = tx.send(Ok(()));
                        }
                    }
                }
            }
            let _ = tx.send(Err(seen));
        });
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(Ok(())) => Waiting { child },
            Ok(Err(seen)) => {
                let _ = child.kill();
                let err = child
                    .wait_with_output()
                    .map(|o| String::from_utf8_lossy(&o.stderr).to_string())
                    .unwrap_or_default();
                panic!("the command ended without prompting:\n{seen}\n{err}")
            }
            Err(_) => {
                let _ = child.kill();
                panic!("no approval prompt within 120 s")
            }
        }
    }

    /// Answers the prompt and waits for the command to end.
    fn answer(mut self, answer: &str) -> std::process::ExitStatus {
        let mut stdin = self.child.stdin.take().unwrap();
        writeln!(stdin, "{answer}").unwrap();
        drop(stdin);
        self.child.wait().unwrap()
    }

    /// Kills the command as a crash would (SIGKILL: nothing runs after).
    fn kill(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn gantry_command(aws: &Aws, dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gantry"));
    cmd.arg(format!("-chdir={}", dir.display()))
        .args(args)
        .env_remove("AWS_PROFILE")
        .env_remove("TF_WORKSPACE")
        .envs(aws.emu.env())
        .env("NO_COLOR", "1");
    cmd
}

/// The lock ID a "state lock" error names.
fn lock_id(out: &str) -> String {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("ID:"))
        .map(|id| id.trim().to_string())
        .unwrap_or_else(|| panic!("no lock ID in:\n{out}"))
}

#[test]
fn s3_backend_state_lock_and_workspaces() {
    let Some(aws) = Aws::start("s3_backend_state_lock_and_workspaces") else {
        return;
    };
    let bucket = "team-state";
    make_bucket(&aws, bucket);
    let config = format!(
        "{}{RESOURCES}",
        backend_block(&aws.emu.endpoint(), bucket, "")
    );
    let a = copy_with(&[("main.tf", &config)]);

    // Before init: refused, never a plan against a local state.
    let o = aws.gantry(a.path(), &["plan"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("Backend initialization required"), "{t}");
    assert!(
        t.contains("Initial configuration of the requested backend \"s3\""),
        "{t}"
    );

    let t = aws.ok(a.path(), &["init", "-input=false"]);
    assert!(
        t.contains("Successfully configured the backend \"s3\""),
        "{t}"
    );
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(a.path().join(".terraform/terraform.tfstate")).unwrap(),
    )
    .unwrap();
    assert_eq!(meta["backend"]["type"], "s3");
    assert_eq!(meta["backend"]["config"]["bucket"], bucket);
    assert!(meta["backend"]["config"]["dynamodb_table"].is_null());
    assert!(meta["backend"]["hash"].as_u64().is_some());

    // Apply writes the bucket's object and nothing local.
    aws.ok(a.path(), &["apply", "-auto-approve"]);
    assert!(!a.path().join("terraform.tfstate").exists());
    assert_eq!(
        keys(&aws, bucket),
        ["team/api.tfstate"],
        "no lock left behind"
    );
    let state = object(&aws, bucket, "team/api.tfstate");
    assert_eq!(resource_names(&state), ["api"]);
    assert_eq!(state["outputs"]["name"]["value"], "api-default");
    let o = aws.gantry(a.path(), &["plan", "-detailed-exitcode"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // A second copy of the project, while the first holds the lock.
    let b = copy_with(&[("main.tf", &config)]);
    aws.ok(b.path(), &["init", "-input=false"]);
    std::fs::write(
        a.path().join("main.tf"),
        config.replace(
            "api-${terraform.workspace}",
            "api-v2-${terraform.workspace}",
        ),
    )
    .unwrap();
    let first = Waiting::at_prompt(gantry_command(&aws, a.path(), &["apply"]));
    assert!(keys(&aws, bucket).contains(&"team/api.tfstate.tflock".to_string()));
    let o = aws.gantry(b.path(), &["apply", "-auto-approve"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("Error acquiring the state lock"), "{t}");
    assert!(t.contains("OperationTypeApply"), "{t}");
    assert!(
        t.contains(&format!("Path:      {bucket}/team/api.tfstate")),
        "{t}"
    );
    // Answering no releases the lock.
    assert!(!first.answer("no").success());
    assert_eq!(keys(&aws, bucket), ["team/api.tfstate"]);

    // A killed run leaves its lock; the next run names it; force-unlock
    // with its ID clears it.
    let crashed = Waiting::at_prompt(gantry_command(&aws, a.path(), &["apply"]));
    crashed.kill();
    let o = aws.gantry(b.path(), &["plan"]);
    assert!(!o.status.success());
    let t = text(&o);
    assert!(t.contains("gantry force-unlock"), "{t}");
    let id = lock_id(&t);
    let o = aws.gantry(b.path(), &["force-unlock", "-force", "not-the-id"]);
    assert!(!o.status.success(), "a wrong ID removes nothing");
    let t = aws.ok(b.path(), &["force-unlock", "-force", &id]);
    assert!(t.contains("successfully unlocked"), "{t}");
    assert_eq!(keys(&aws, bucket), ["team/api.tfstate"]);
    aws.ok(a.path(), &["apply", "-auto-approve"]);
    let state = object(&aws, bucket, "team/api.tfstate");
    assert_eq!(state["outputs"]["name"]["value"], "api-v2-default");

    // Workspaces at Terraform's keys.
    aws.ok(a.path(), &["workspace", "new", "dev"]);
    assert!(keys(&aws, bucket).contains(&"env:/dev/team/api.tfstate".to_string()));
    aws.ok(a.path(), &["apply", "-auto-approve"]);
    let dev = object(&aws, bucket, "env:/dev/team/api.tfstate");
    assert_eq!(dev["outputs"]["name"]["value"], "api-v2-dev");
    let t = aws.ok(b.path(), &["workspace", "list"]);
    assert!(t.contains("* default") && t.contains("  dev"), "{t}");
    aws.ok(a.path(), &["workspace", "select", "default"]);
    let o = aws.gantry(a.path(), &["workspace", "delete", "dev"]);
    assert!(!o.status.success(), "dev tracks a resource: {}", text(&o));
    aws.ok(a.path(), &["workspace", "delete", "-force", "dev"]);
    assert_eq!(keys(&aws, bucket), ["team/api.tfstate"]);

    // Partial configuration: the bucket and a workspace prefix from the
    // command line and a file; the prefix places workspaces.
    let other = "partial-state";
    make_bucket(&aws, other);
    let partial = config.replace(&format!("bucket                      = \"{bucket}\"\n"), "");
    let c = copy_with(&[
        ("main.tf", &partial),
        ("prod.s3.tfbackend", "workspace_key_prefix = \"stacks\"\n"),
    ]);
    let t = aws.ok(
        c.path(),
        &[
            "init",
            "-input=false",
            &format!("-backend-config=bucket={other}"),
            "-backend-config=prod.s3.tfbackend",
        ],
    );
    assert!(t.contains("Successfully configured"), "{t}");
    aws.ok(c.path(), &["workspace", "new", "qa"]);
    aws.ok(c.path(), &["apply", "-auto-approve"]);
    assert_eq!(keys(&aws, other), ["stacks/qa/team/api.tfstate"]);

    // A changed backend block needs init again.
    std::fs::write(
        c.path().join("main.tf"),
        partial.replace("team/api", "team/api2"),
    )
    .unwrap();
    let o = aws.gantry(c.path(), &["plan"]);
    let t = text(&o);
    assert!(
        !o.status.success() && t.contains("Backend configuration block has changed"),
        "{t}"
    );
    let o = aws.gantry(c.path(), &["init", "-input=false"]);
    let t = text(&o);
    assert!(
        !o.status.success() && t.contains("\"bucket\" is required"),
        "{t}"
    );
    let o = aws.gantry(
        c.path(),
        &[
            "init",
            "-input=false",
            &format!("-backend-config=bucket={other}"),
        ],
    );
    let t = text(&o);
    assert!(!o.status.success() && t.contains("-migrate-state"), "{t}");
}

#[test]
fn a_local_project_migrates_to_s3() {
    let Some(aws) = Aws::start("a_local_project_migrates_to_s3") else {
        return;
    };
    let bucket = "migrated";
    make_bucket(&aws, bucket);
    let dir = copy_with(&[("main.tf", RESOURCES)]);
    aws.ok(dir.path(), &["apply", "-auto-approve"]);
    let local: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("terraform.tfstate")).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("backend.tf"),
        backend_block(&aws.emu.endpoint(), bucket, ""),
    )
    .unwrap();
    // Terraform's answer in a pipeline: it cannot ask, so it stops.
    let o = aws.gantry(dir.path(), &["init", "-input=false"]);
    let t = text(&o);
    assert!(!o.status.success(), "{t}");
    assert!(t.contains("Can't ask approval for state migration"), "{t}");
    assert!(keys(&aws, bucket).is_empty(), "nothing copied");

    aws.ok(
        dir.path(),
        &["init", "-input=false", "-migrate-state", "-force-copy"],
    );
    let remote = object(&aws, bucket, "team/api.tfstate");
    assert_eq!(remote["lineage"], local["lineage"]);
    assert_eq!(remote["serial"], local["serial"]);
    assert_eq!(resource_names(&remote), ["api"]);
    // The local file is emptied (its content kept as the backup), so no
    // command reads it by mistake.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("terraform.tfstate")).unwrap(),
        ""
    );
    assert!(dir.path().join("terraform.tfstate.backup").exists());
    let o = aws.gantry(dir.path(), &["plan", "-detailed-exitcode"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
}

/// `allowed_account_ids` / `forbidden_account_ids`: the credentials'
/// account (STS GetCallerIdentity; the emulator's is 000000000000) must be
/// allowed and not forbidden, or nothing is read or written.
#[test]
fn s3_backend_checks_the_account() {
    let Some(aws) = Aws::start("s3_backend_checks_the_account") else {
        return;
    };
    let bucket = "accounts";
    make_bucket(&aws, bucket);
    for (extra, allowed) in [
        ("    allowed_account_ids = [\"111111111111\"]\n", false),
        ("    forbidden_account_ids = [\"000000000000\"]\n", false),
        ("    allowed_account_ids = [\"000000000000\"]\n", true),
    ] {
        let dir = copy_with(&[
            ("main.tf", RESOURCES),
            (
                "backend.tf",
                &backend_block(&aws.emu.endpoint(), bucket, extra),
            ),
        ]);
        let o = aws.gantry(dir.path(), &["init", "-input=false"]);
        let t = text(&o);
        if allowed {
            assert!(o.status.success(), "{extra}: {t}");
            aws.ok(dir.path(), &["apply", "-auto-approve", "-input=false"]);
            assert_eq!(keys(&aws, bucket), ["team/api.tfstate"]);
        } else {
            assert!(!o.status.success(), "{extra}: {t}");
            assert!(
                t.contains("AWS account ID not allowed: 000000000000"),
                "{t}"
            );
            assert!(keys(&aws, bucket).is_empty(), "{extra}: nothing written");
        }
    }
}

/// What a pipeline runs: init, a saved plan, its apply; options from
/// TF_CLI_ARGS_plan; the state in S3; a REST API in the emulator.
#[test]
fn ci_pipeline_against_the_emulator() {
    let Some(aws) = Aws::start("ci_pipeline_against_the_emulator") else {
        return;
    };
    make_bucket(&aws, "ci-state");
    let config = format!(
        "{}{}\nresource \"aws_api_gateway_rest_api\" \"api\" {{\n  name = \"ci-api\"\n}}\n",
        backend_block(&aws.emu.endpoint(), "ci-state", ""),
        common::aws_provider_block(&aws.emu.endpoint(), &["apigateway", "sts"], "")
    );
    let dir = copy_with(&[("main.tf", &config)]);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ci/pipeline.sh");
    let o = Command::new("bash")
        .arg(&script)
        .current_dir(dir.path())
        .env("GANTRY", env!("CARGO_BIN_EXE_gantry"))
        .env(
            "TF_CLI_ARGS_plan",
            "-lock-timeout=30s -compact-warnings -no-color",
        )
        .env_remove("AWS_PROFILE")
        .env_remove("TF_WORKSPACE")
        .envs(aws.emu.env())
        .output()
        .unwrap();
    let t = text(&o);
    assert!(o.status.success(), "the pipeline failed:\n{t}");
    assert!(t.contains("Apply complete! Resources: 1 added"), "{t}");
    assert_eq!(aws.apis_named("ci-api").len(), 1);
    let state = object(&aws, "ci-state", "team/api.tfstate");
    assert_eq!(resource_names(&state), ["api"]);
    assert!(!dir.path().join("terraform.tfstate").exists());
}

/// Terraform 1.11 and gantry on one S3 state: Terraform reads gantry's
/// state and plans no changes, and neither takes the lock the other holds.
#[cfg_attr(
    gantry_no_terraform,
    ignore = "Terraform is not installed at /usr/local/bin/terraform"
)]
#[test]
fn terraform_and_gantry_share_an_s3_state_and_its_lock() {
    if !Path::new(common::TERRAFORM).exists() {
        eprintln!(
            "SKIPPED terraform_and_gantry_share_an_s3_state_and_its_lock: {} is not installed",
            common::TERRAFORM
        );
        return;
    }
    let Some(aws) = Aws::start("terraform_and_gantry_share_an_s3_state_and_its_lock") else {
        return;
    };
    make_bucket(&aws, "shared");
    let config = format!(
        "{}{RESOURCES}",
        backend_block(&aws.emu.endpoint(), "shared", "")
    );
    let g = copy_with(&[("main.tf", &config)]);
    let tf = copy_with(&[("main.tf", &config)]);
    let no_cli_config = Path::new("/dev/null");
    let terraform = |args: &[&str]| {
        let mut c = common::terraform_command(tf.path(), no_cli_config, args);
        c.envs(aws.emu.env());
        c
    };
    aws.ok(g.path(), &["init", "-input=false"]);
    aws.ok(g.path(), &["apply", "-auto-approve"]);
    let o = terraform(&["init", "-input=false", "-no-color"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let o = terraform(&["plan", "-detailed-exitcode", "-no-color", "-input=false"])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "Terraform plans changes on gantry's state:\n{}",
        text(&o)
    );

    // Terraform runs in gantry's own working directory too: gantry's
    // backend record has Terraform's hash.
    let o = common::terraform_command(
        g.path(),
        no_cli_config,
        &["plan", "-detailed-exitcode", "-no-color", "-input=false"],
    )
    .envs(aws.emu.env())
    .output()
    .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // gantry holds the lock: Terraform cannot take it.
    std::fs::write(g.path().join("main.tf"), config.replace("api-$", "api-g-$")).unwrap();
    let held = Waiting::at_prompt(gantry_command(&aws, g.path(), &["apply"]));
    let o = terraform(&["plan", "-no-color", "-input=false"])
        .output()
        .unwrap();
    let t = text(&o);
    assert!(!o.status.success(), "Terraform took gantry's lock:\n{t}");
    assert!(t.contains("Error acquiring the state lock"), "{t}");
    assert!(
        t.contains("gantry"),
        "Terraform names gantry as the holder:\n{t}"
    );
    assert!(held.answer("yes").success());
    let o = terraform(&["plan", "-no-color", "-input=false"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("api-g-default"),
        "Terraform reads gantry's new state"
    );

    // Terraform holds the lock: gantry cannot take it, and names it.
    let held = Waiting::at_prompt(terraform(&["apply", "-no-color", "-input=true"]));
    let started = Instant::now();
    let o = aws.gantry(g.path(), &["plan", "-lock-timeout=1s"]);
    let t = text(&o);
    assert!(!o.status.success(), "gantry took Terraform's lock:\n{t}");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "gantry waited for the lock"
    );
    assert!(
        t.contains("Error acquiring the state lock") && t.contains("1.11"),
        "{t}"
    );
    held.answer("no");
    aws.ok(g.path(), &["plan"]);
}

/// The older lock: an item in a DynamoDB table, with the state's digest
/// beside it, so that Terraform (which checks the digest of what it reads)
/// shares the state and the lock with gantry.
#[test]
fn dynamodb_lock_table_shared_with_terraform() {
    let Some(aws) = Aws::start("dynamodb_lock_table_shared_with_terraform") else {
        return;
    };
    make_bucket(&aws, "ddb-state");
    aws.emu.python(&format!(
        "import boto3; boto3.client('dynamodb', endpoint_url='{}').create_table(TableName='locks', KeySchema=[{{'AttributeName': 'LockID', 'KeyType': 'HASH'}}], AttributeDefinitions=[{{'AttributeName': 'LockID', 'AttributeType': 'S'}}], BillingMode='PAY_PER_REQUEST')",
        aws.emu.endpoint()
    ));
    let e = aws.emu.endpoint();
    let config = format!(
        r#"terraform {{
  backend "s3" {{
    bucket                      = "ddb-state"
    key                         = "api.tfstate"
    region                      = "us-east-1"
    dynamodb_table              = "locks"
    use_path_style              = true
    skip_credentials_validation = true
    skip_requesting_account_id  = true
    access_key                  = "000000000000"
    secret_key                  = "test"
    endpoints = {{
      s3       = "{e}"
      dynamodb = "{e}"
    }}
  }}
}}
{RESOURCES}"#
    );
    let item = |id: &str| {
        aws.emu.python(&format!(
            "import boto3; print(boto3.client('dynamodb', endpoint_url='{e}').get_item(TableName='locks', Key={{'LockID': {{'S': '{id}'}}}}, ConsistentRead=True).get('Item', {{}}))"
        ))
    };
    let a = copy_with(&[("main.tf", &config)]);
    aws.ok(a.path(), &["init", "-input=false"]);
    aws.ok(a.path(), &["apply", "-auto-approve"]);
    assert_eq!(keys(&aws, "ddb-state"), ["api.tfstate"], "no lock file");
    // The digest is the MD5 of the object written.
    let body = http_get(&format!("{e}/ddb-state/api.tfstate")).body;
    let digest = aws.emu.python(&format!(
        "import hashlib,sys; print(hashlib.md5({body:?}.encode()).hexdigest())"
    ));
    let recorded = item("ddb-state/api.tfstate-md5");
    assert!(
        recorded.contains(&digest),
        "digest {digest} not in {recorded}"
    );
    assert_eq!(item("ddb-state/api.tfstate"), "{}", "the lock item is gone");

    // gantry holds the lock item: a second run cannot take it.
    std::fs::write(a.path().join("main.tf"), config.replace("api-$", "api-2-$")).unwrap();
    let held = Waiting::at_prompt(gantry_command(&aws, a.path(), &["apply"]));
    assert!(item("ddb-state/api.tfstate").contains("OperationTypeApply"));
    let b = copy_with(&[("main.tf", &config)]);
    aws.ok(b.path(), &["init", "-input=false"]);
    let o = aws.gantry(b.path(), &["plan"]);
    let t = text(&o);
    assert!(
        !o.status.success() && t.contains("in DynamoDB table \"locks\""),
        "{t}"
    );
    // Terraform in the second copy, against the emulator.
    let terraform = |args: &[&str]| {
        common::terraform_command(b.path(), Path::new("/dev/null"), args)
            .envs(aws.emu.env())
            .output()
            .unwrap()
    };
    let have_terraform = Path::new(common::TERRAFORM).exists();
    if have_terraform {
        let o = terraform(&["init", "-input=false", "-no-color"]);
        assert!(o.status.success(), "{}", text(&o));
        let o = terraform(&["plan", "-no-color", "-input=false"]);
        let t = text(&o);
        assert!(
            !o.status.success() && t.contains("Error acquiring the state lock"),
            "{t}"
        );
    } else {
        eprintln!("SKIPPED the Terraform half of dynamodb_lock_table_shared_with_terraform: {} is not installed", common::TERRAFORM);
    }
    assert!(held.answer("yes").success());
    // Terraform reads gantry's state (its digest matches) and plans nothing.
    if have_terraform {
        std::fs::write(b.path().join("main.tf"), config.replace("api-$", "api-2-$")).unwrap();
        let o = terraform(&["plan", "-detailed-exitcode", "-no-color", "-input=false"]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    }
}
