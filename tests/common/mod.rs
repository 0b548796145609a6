//! Shared by the end-to-end tests against the AWS emulator: a fresh
//! LocalStack per test, gantry run against it, and SDK clients of the
//! test's own to check what gantry did (never gantry's read path).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
use gantry_emulator::{Emulator, ACCOUNT, REGION};

// What the tests that need no cloud share (output as text, copying a
// configuration tree) serves these too.
#[path = "../offline/mod.rs"]
mod offline;
pub use offline::{copy_tree, text};

pub struct Aws {
    pub emu: Emulator,
    pub rt: tokio::runtime::Runtime,
    pub apigw: aws_sdk_apigateway::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub iam: aws_sdk_iam::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub ec2: aws_sdk_ec2::Client,
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
}

impl Aws {
    /// `None` (after a loud message) when no emulator can run here and
    /// none is required.
    pub fn start(test: &str) -> Option<Aws> {
        let emu = Emulator::start_or_skip(test)?;
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let conf = rt.block_on(
            aws_config::defaults(aws_config::BehaviorVersion::latest())
                .http_client(
                    aws_smithy_http_client::Builder::new()
                        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
                        .build_https(),
                )
                .endpoint_url(emu.endpoint())
                .region(aws_config::Region::new(REGION))
                .credentials_provider(aws_credential_types::Credentials::new(
                    ACCOUNT, "test", None, None, "test",
                ))
                // Checks expect answers, not retries.
                .retry_config(aws_config::retry::RetryConfig::disabled())
                .load(),
        );
        Some(Aws {
            apigw: aws_sdk_apigateway::Client::new(&conf),
            lambda: aws_sdk_lambda::Client::new(&conf),
            iam: aws_sdk_iam::Client::new(&conf),
            logs: aws_sdk_cloudwatchlogs::Client::new(&conf),
            ec2: aws_sdk_ec2::Client::new(&conf),
            elbv2: aws_sdk_elasticloadbalancingv2::Client::new(&conf),
            cognito: aws_sdk_cognitoidentityprovider::Client::new(&conf),
            emu,
            rt,
        })
    }

    /// Runs gantry in `dir` against the emulator.
    pub fn gantry(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_gantry"))
            .arg(format!("-chdir={}", dir.display()))
            .args(args)
            .env_remove("AWS_PROFILE")
            .envs(self.emu.env())
            .env("NO_COLOR", "1")
            .output()
            .expect("gantry runs")
    }

    /// Like [`Aws::gantry`], requiring success; returns all output.
    pub fn ok(&self, dir: &Path, args: &[&str]) -> String {
        let o = self.gantry(dir, args);
        let t = text(&o);
        assert!(
            o.status.success(),
            "gantry {args:?} failed:\n{t}\n--- emulator log tail ---\n{}",
            tail(&self.emu.log(), 40)
        );
        t
    }

    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// The REST APIs with this name.
    pub fn apis_named(&self, name: &str) -> Vec<aws_sdk_apigateway::types::RestApi> {
        let out = self
            .block_on(self.apigw.get_rest_apis().limit(500).send())
            .unwrap();
        out.items()
            .iter()
            .filter(|a| a.name() == Some(name))
            .cloned()
            .collect()
    }

    /// The one REST API with this name.
    pub fn api(&self, name: &str) -> aws_sdk_apigateway::types::RestApi {
        let apis = self.apis_named(name);
        assert_eq!(apis.len(), 1, "exactly one REST API named {name}");
        apis[0].clone()
    }

    /// The resource at `path` in `api`.
    pub fn resource(&self, api: &str, path: &str) -> aws_sdk_apigateway::types::Resource {
        let out = self
            .block_on(
                self.apigw
                    .get_resources()
                    .rest_api_id(api)
                    .limit(500)
                    .send(),
            )
            .unwrap();
        out.items()
            .iter()
            .find(|r| r.path() == Some(path))
            .cloned()
            .unwrap_or_else(|| panic!("no resource {path} in {api}"))
    }

    pub fn integration(
        &self,
        api: &str,
        res: &str,
        method: &str,
    ) -> Option<aws_sdk_apigateway::operation::get_integration::GetIntegrationOutput> {
        match self.block_on(
            self.apigw
                .get_integration()
                .rest_api_id(api)
                .resource_id(res)
                .http_method(method)
                .send(),
        ) {
            Ok(o) => Some(o),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_not_found_exception()) =>
            {
                None
            }
            Err(e) => panic!("GetIntegration: {e:?}"),
        }
    }

    pub fn method(
        &self,
        api: &str,
        res: &str,
        method: &str,
    ) -> Option<aws_sdk_apigateway::operation::get_method::GetMethodOutput> {
        match self.block_on(
            self.apigw
                .get_method()
                .rest_api_id(api)
                .resource_id(res)
                .http_method(method)
                .send(),
        ) {
            Ok(o) => Some(o),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_not_found_exception()) =>
            {
                None
            }
            Err(e) => panic!("GetMethod: {e:?}"),
        }
    }
}

pub fn tail(s: &str, n: usize) -> String {
    let lines: Vec<&str> = s.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// A copy of `examples/<name>` in a temporary directory.
pub fn copy_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    std::fs::create_dir(&dir).unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name);
    copy_tree(&src, &dir);
    (tmp, dir)
}

/// Replaces `from` with `to` in `dir/main.tf`, which must contain it.
pub fn edit(dir: &Path, from: &str, to: &str) {
    let path = dir.join("main.tf");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "main.tf has no {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

pub fn state(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("terraform.tfstate")).unwrap()).unwrap()
}

/// An attribute of the (single) instance of `type.name` in state.
pub fn attr(dir: &Path, type_name: &str, name: &str, key: &str) -> serde_json::Value {
    let s = state(dir);
    let r = s["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["type"] == type_name && r["name"] == name)
        .unwrap_or_else(|| panic!("{type_name}.{name} in state"));
    r["instances"][0]["attributes"][key].clone()
}

/// `plan -detailed-exitcode` says "No changes" (exit 0).
pub fn assert_no_changes(aws: &Aws, dir: &Path, extra: &[&str]) {
    let mut args = vec!["plan", "-detailed-exitcode"];
    args.extend_from_slice(extra);
    let o = aws.gantry(dir, &args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "expected no changes:\n{}",
        text(&o)
    );
    assert!(text(&o).contains("No changes. Your infrastructure matches the configuration."));
}

/// An HTTP answer: status, headers (names lower-cased) and body.
pub struct HttpAnswer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl HttpAnswer {
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// GET over plain HTTP/1.1 on loopback (see [`http`]).
pub fn http_get(url: &str) -> HttpAnswer {
    http("GET", url, &[])
}

/// One request over plain HTTP/1.1 on loopback (the emulator's invoke
/// URLs), with no client library: `Connection: close`, no body, the
/// answer read to its end. LocalStack sometimes closes a connection to a
/// stage without answering (under load, right after a deployment): such a
/// request is sent again, a few times.
pub fn http(method: &str, url: &str, headers: &[(&str, &str)]) -> HttpAnswer {
    let mut answer = http_once(method, url, headers);
    for _ in 0..10 {
        if answer.status != 0 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
        answer = http_once(method, url, headers);
    }
    answer
}

fn http_once(method: &str, url: &str, headers: &[(&str, &str)]) -> HttpAnswer {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http:// URL");
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    assert!(host.starts_with("127.0.0.1:"), "loopback only: {url}");
    // A connection the emulator refuses, resets or closes early is an
    // answer with status 0, which `http` sends again.
    let none = || HttpAnswer {
        status: 0,
        headers: Vec::new(),
        body: String::new(),
    };
    let Ok(mut conn) = std::net::TcpStream::connect(host) else {
        return none();
    };
    conn.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let extra: String = headers
        .iter()
        .map(|(k, v)| format!("{k}: {v}\r\n"))
        .collect();
    let sent = write!(
        conn,
        "{method} {} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\nContent-Length: 0\r\n{extra}Connection: close\r\n\r\n",
        if path.is_empty() { "/" } else { path }
    );
    let mut raw = Vec::new();
    if sent.is_err() || conn.read_to_end(&mut raw).is_err() {
        return none();
    }
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    HttpAnswer {
        status,
        headers,
        body: body.to_string(),
    }
}

/// Terraform 1.11, which tests compare with when it is installed.
pub const TERRAFORM: &str = "/usr/local/bin/terraform";
/// The real AWS provider, mirrored for Terraform (no network needed).
pub const AWS_MIRROR: &str = "/opt/tf-plugins/registry.terraform.io/hashicorp/aws";

/// Whether Terraform and the AWS provider mirror are both installed.
pub fn terraform_with_aws() -> bool {
    Path::new(TERRAFORM).exists() && Path::new(AWS_MIRROR).exists()
}

/// Writes a Terraform CLI configuration at `path` that installs
/// hashicorp/aws from the mirror and nothing from the network.
pub fn write_mirror_cli_config(path: &Path) {
    std::fs::write(
        path,
        r#"provider_installation {
  filesystem_mirror {
    path    = "/opt/tf-plugins"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/aws"]
  }
}
"#,
    )
    .unwrap();
}

/// Terraform in `dir` with the CLI configuration `cli_config` (see
/// [`write_mirror_cli_config`]), no network checks and no AWS profile.
pub fn terraform_command(dir: &Path, cli_config: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(TERRAFORM);
    cmd.current_dir(dir)
        .args(args)
        .env("TF_CLI_CONFIG_FILE", cli_config)
        .env("CHECKPOINT_DISABLE", "1")
        .env("TF_IN_AUTOMATION", "1")
        .env_remove("AWS_PROFILE");
    cmd
}

/// Runs [`terraform_command`].
pub fn terraform(dir: &Path, cli_config: &Path, args: &[&str]) -> Output {
    terraform_command(dir, cli_config, args)
        .output()
        .expect("terraform runs")
}

/// A `provider "aws"` block that sends `services` to the emulator at
/// `endpoint`, with `extra` (whole lines) inside it.
pub fn aws_provider_block(endpoint: &str, services: &[&str], extra: &str) -> String {
    let width = services.iter().map(|s| s.len()).max().unwrap_or(0);
    let endpoints: String = services
        .iter()
        .map(|s| format!("    {s:width$} = \"{endpoint}\"\n"))
        .collect();
    format!(
        r#"
provider "aws" {{
  region                      = "us-east-1"
  access_key                  = "000000000000"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
{extra}  endpoints {{
{endpoints}  }}
}}
"#
    )
}
