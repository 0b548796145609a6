//! `TF_LOG` and `TF_LOG_PATH`, as Terraform reads them, for gantry's own
//! events and the AWS SDK's (which logs every request through `tracing`):
//! `TF_LOG` = TRACE, DEBUG, INFO, WARN, ERROR (or JSON: TRACE as JSON
//! lines); `TF_LOG_CORE` and `TF_LOG_PROVIDER` set gantry's and the AWS
//! SDK's levels apart; `TF_LOG_PATH` appends to a file instead of stderr.
//! Nothing is logged when none is set.

use std::sync::Mutex;

use tracing::Level;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::prelude::*;

/// The crates whose events count as the "provider"'s: the AWS SDK and the
/// HTTP stack under it.
const PROVIDER_TARGETS: &[&str] = &[
    "aws_config",
    "aws_runtime",
    "aws_sigv4",
    "aws_smithy_runtime",
    "aws_smithy_runtime_api",
    "aws_smithy_http_client",
    "aws_smithy_http",
    "aws_sdk_apigateway",
    "aws_sdk_lambda",
    "aws_sdk_iam",
    "aws_sdk_s3",
    "aws_sdk_dynamodb",
    "aws_sdk_sts",
    "hyper_util",
    "hyper",
    "rustls",
];

/// A level as Terraform spells it; `None` for off. An unknown word is
/// TRACE, with Terraform's warning.
fn level(value: &str) -> Option<LevelFilter> {
    match value.trim().to_ascii_uppercase().as_str() {
        "" | "OFF" => None,
        "TRACE" | "JSON" => Some(LevelFilter::TRACE),
        "DEBUG" => Some(LevelFilter::DEBUG),
        "INFO" => Some(LevelFilter::INFO),
        "WARN" => Some(LevelFilter::WARN),
        "ERROR" => Some(LevelFilter::ERROR),
        other => {
            eprintln!("[WARN] Invalid log level: {other:?}. Defaulting to level: TRACE. Valid levels are: [TRACE DEBUG INFO WARN ERROR OFF]");
            Some(LevelFilter::TRACE)
        }
    }
}

/// Sets logging up from the environment (`var` reads a variable).
pub fn init(var: impl Fn(&str) -> Option<String>) {
    let all = var("TF_LOG").and_then(|v| level(&v));
    let core = var("TF_LOG_CORE").and_then(|v| level(&v)).or(all);
    let provider = var("TF_LOG_PROVIDER").and_then(|v| level(&v)).or(all);
    if core.is_none() && provider.is_none() {
        return;
    }
    let json = var("TF_LOG").is_some_and(|v| v.trim().eq_ignore_ascii_case("JSON"));
    let mut targets = Targets::new().with_default(core.unwrap_or(LevelFilter::OFF));
    for t in PROVIDER_TARGETS {
        targets = targets.with_target(*t, provider.unwrap_or(LevelFilter::OFF));
    }
    let writer: Box<dyn std::io::Write + Send> = match var("TF_LOG_PATH").filter(|p| !p.is_empty())
    {
        Some(path) => match std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
        {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("[WARN] Cannot open TF_LOG_PATH {path}: {e}; logging to stderr");
                Box::new(std::io::stderr())
            }
        },
        None => Box::new(std::io::stderr()),
    };
    let writer = Mutex::new(writer);
    let layer = tracing_subscriber::fmt::layer()
        .with_ansi(false)
        .with_writer(writer);
    if json {
        let _ = tracing_subscriber::registry()
            .with(layer.json().with_filter(targets))
            .try_init();
    } else {
        let _ = tracing_subscriber::registry()
            .with(layer.with_filter(targets))
            .try_init();
    }
    tracing::event!(
        Level::INFO,
        version = env!("CARGO_PKG_VERSION"),
        args = ?std::env::args().collect::<Vec<_>>(),
        "gantry started"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_as_terraform_spells_them() {
        assert_eq!(level("debug"), Some(LevelFilter::DEBUG));
        assert_eq!(level("JSON"), Some(LevelFilter::TRACE));
        assert_eq!(level("off"), None);
        assert_eq!(level(""), None);
        assert_eq!(level("loud"), Some(LevelFilter::TRACE));
    }
}
