//! What every resource module gets to work with: the clients, the shared
//! retrying [`Api`], the settings, and a few facts fetched once per run.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::clients::Clients;
use crate::error::ApiError;
use crate::retry::{Api, Repeat};
use crate::settings::AwsSettings;

/// Sends one SDK request through the retrying [`Api`]: `$req` (a fluent
/// builder) is rebuilt for every attempt.
macro_rules! call {
    ($ctx:expr, $repeat:expr, $op:literal, $req:expr) => {
        $ctx.api
            .call($repeat, || {
                let req = $req;
                async move {
                    req.send()
                        .await
                        .map_err(|e| $crate::error::ApiError::from_sdk($op, e))
                }
            })
            .await
    };
}
pub(crate) use call;

pub struct Ctx<'a> {
    pub c: &'a Clients,
    pub api: &'a Api,
    pub settings: &'a AwsSettings,
    /// Where relative paths (`filename = "lambda.zip"`) are resolved: the
    /// configuration's directory, as Terraform resolves them against its
    /// working directory.
    pub base_dir: &'a Path,
    pub(crate) shared: &'a Shared,
}

/// Per-run facts and locks, shared by every call.
#[derive(Default)]
pub struct Shared {
    account: OnceCell<String>,
    /// AddPermission and RemovePermission rewrite one policy document per
    /// function; AWS loses concurrent writes, so they go one at a time per
    /// function (as terraform-provider-aws does with a mutex).
    function_locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl Ctx<'_> {
    /// The account id of the credentials (STS GetCallerIdentity, once).
    pub async fn account(&self) -> Result<String, ApiError> {
        self.shared
            .account
            .get_or_try_init(|| async {
                let out = call!(
                    self,
                    Repeat::Harmless,
                    "GetCallerIdentity",
                    self.c.sts.get_caller_identity()
                )?;
                out.account().map(str::to_string).ok_or_else(|| {
                    ApiError::invalid("GetCallerIdentity", "no account in the answer")
                })
            })
            .await
            .cloned()
    }

    pub fn function_lock(&self, function: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self
            .shared
            .function_locks
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        locks.entry(function.to_string()).or_default().clone()
    }

    pub fn region(&self) -> &str {
        &self.c.region
    }

    /// An API Gateway ARN (region, no account):
    /// `arn:{partition}:apigateway:{region}::{path}`.
    pub fn apigateway_arn(&self, path: &str) -> String {
        format!(
            "arn:{}:apigateway:{}::{path}",
            self.partition(),
            self.region()
        )
    }

    pub fn partition(&self) -> &'static str {
        self.c.partition()
    }
}
