//! The AWS provider: gantry's [`Provider`] for the resource types of the
//! API Gateway documentation examples, through aws-sdk-rust.
//!
//! Each resource type is registered once as a [`kind::Kind`] (its module
//! implements create, read, update, delete, import and the lookup after an
//! interrupted create); the [`Provider`] methods find the kind and call it.
//! Every call goes through one retrying, rate-adapting [`retry::Api`];
//! refresh reads API Gateway objects in bulk ([`apigateway::bulk`]);
//! in-place updates of API Gateway objects come from the patch paths in
//! the resource tables ([`patch`]).
//!
//! Invariant: above gantry-executor (it implements its trait), below the
//! CLI. Like Terraform's provider, it reads the AWS environment
//! (credentials, region, endpoints) through aws-config's standard chain;
//! nothing else here touches the environment or the terminal.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_executor::{Provider, ProviderError};
use tokio::sync::OnceCell;

pub mod apigateway;
pub mod clients;
mod cognito;
mod ctx;
mod data;
mod ec2;
mod elb;
pub mod error;
mod iam;
mod iam_policies;
mod iam_policy;
mod intent;
mod json;
mod kind;
mod lambda;
mod lambda_alias;
mod legacy;
mod log_group;
pub mod patch;
pub mod retry;
pub mod settings;
mod tags;
mod values;

// Through the real SDK against a scripted server: unit tests, so that they
// share the crate's test binary (each test binary links the whole SDK).
#[cfg(test)]
mod retrying_tests;
// The emulator has no domain name access associations: the API as its
// reference describes it, scripted.
#[cfg(test)]
mod access_association_tests;

pub use clients::CallCounter;
pub use settings::AwsSettings;

use ctx::{Ctx, Shared};
use kind::Kind;
use retry::{Api, RetryPolicy};

/// API calls in flight at most (the governor adapts below this).
const MAX_IN_FLIGHT: usize = 16;

pub struct AwsProvider {
    inner: Arc<Inner>,
}

struct Inner {
    settings: AwsSettings,
    base_dir: PathBuf,
    api: Api,
    calls: Arc<CallCounter>,
    clients: OnceCell<clients::Clients>,
    shared: Shared,
}

impl AwsProvider {
    /// `base_dir` is where relative paths in the configuration resolve.
    /// Nothing is contacted until the first call.
    pub fn new(settings: AwsSettings, base_dir: PathBuf) -> AwsProvider {
        let mut policy = RetryPolicy::default();
        if let Some(n) = settings.max_retries {
            policy.max_attempts = n + 1;
        }
        AwsProvider {
            inner: Arc::new(Inner {
                settings,
                base_dir,
                api: Api::new(MAX_IN_FLIGHT, policy),
                calls: Arc::new(CallCounter::default()),
                clients: OnceCell::new(),
                shared: Shared::default(),
            }),
        }
    }

    /// HTTP requests sent so far, by `Service.Operation`.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.inner.calls.snapshot()
    }

    /// (throttled answers, retries) so far.
    pub fn retry_counts(&self) -> (u64, u64) {
        use std::sync::atomic::Ordering::Relaxed;
        let s = &self.inner.api.stats;
        (s.throttled.load(Relaxed), s.retried.load(Relaxed))
    }
}

impl Inner {
    async fn ctx(&self) -> Result<Ctx<'_>, ProviderError> {
        let c = self
            .clients
            .get_or_try_init(|| clients::Clients::connect(&self.settings, self.calls.clone()))
            .await?;
        Ok(Ctx {
            c,
            api: &self.api,
            settings: &self.settings,
            base_dir: &self.base_dir,
            shared: &self.shared,
        })
    }
}

/// The registered type, or the error for a type the provider does not
/// manage.
fn kind_of(type_name: &str) -> Result<&'static dyn Kind, ProviderError> {
    kind::kind(type_name).ok_or_else(|| {
        ProviderError::new(
            "Unsupported resource type",
            format!("gantry's AWS provider does not manage {type_name}."),
        )
    })
}

#[async_trait]
impl Provider for AwsProvider {
    fn plan(
        &self,
        schema: &'static gantry_schema::ResourceType,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<gantry_executor::Planned, ProviderError> {
        let mut planned = gantry_executor::provider::schema_plan(schema, prior, config);
        if !gantry_schema::legacy_sdk(schema.name) {
            return Ok(planned);
        }
        legacy::adjust(schema, prior, config, &mut planned.value, false);
        legacy::suppress_diffs(schema, prior, &mut planned.value);
        legacy::customize(schema, config, &mut planned.value);
        // A force-new argument whose zero value was kept forces nothing.
        if let Some(prior) = prior {
            use gantry_executor::convert::{attr, unchanged};
            let value = &planned.value;
            planned
                .requires_replace
                .retain(|name| !unchanged(attr(prior, name), attr(value, name)));
        }
        Ok(planned)
    }

    fn plan_replacement(
        &self,
        schema: &'static gantry_schema::ResourceType,
        prior: &Value,
        config: &Value,
    ) -> Result<gantry_executor::Planned, ProviderError> {
        let mut planned = gantry_executor::provider::schema_plan(schema, None, config);
        if !gantry_schema::legacy_sdk(schema.name) {
            return Ok(planned);
        }
        legacy::adjust(schema, Some(prior), config, &mut planned.value, true);
        legacy::suppress_diffs(schema, None, &mut planned.value);
        legacy::customize(schema, config, &mut planned.value);
        Ok(planned)
    }

    async fn create(
        &self,
        type_name: &str,
        planned: Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        let k = kind_of(type_name)?;
        let ctx = self.inner.ctx().await?;
        k.create(&ctx, &planned, intent).await
    }

    /// Keyed objects (resource by parent and path, method and integration by
    /// their key) are found by key; objects with unique names (function,
    /// permission, role, load balancer) by the name the create sent, which
    /// the intent's token determines when the create generates it; REST
    /// APIs and VPC links by the intent tag, or failing that by name (see
    /// [`intent`]).
    async fn find_created(
        &self,
        type_name: &str,
        planned: Value,
        since: std::time::SystemTime,
        token: &str,
    ) -> Result<Option<Value>, ProviderError> {
        let k = kind_of(type_name)?;
        let ctx = self.inner.ctx().await?;
        k.find_created(&ctx, &planned, kind::Interrupted { since, token })
            .await
    }

    async fn read(&self, type_name: &str, current: Value) -> Result<Option<Value>, ProviderError> {
        let k = kind_of(type_name)?;
        let ctx = self.inner.ctx().await?;
        k.read(&ctx, &current).await
    }

    /// API Gateway objects in bulk; everything else one read each, up to
    /// the governor's limit at once.
    async fn read_many(
        &self,
        objects: Vec<(String, Value)>,
    ) -> Vec<Result<Option<Value>, ProviderError>> {
        let n = objects.len();
        let mut answers: Vec<Option<Result<Option<Value>, ProviderError>>> =
            (0..n).map(|_| None).collect();
        let (bulk, single): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&i| apigateway::bulk::TYPES.contains(&objects[i].0.as_str()));
        let mut tasks = tokio::task::JoinSet::new();
        for i in single {
            let inner = self.inner.clone();
            let (t, v) = objects[i].clone();
            tasks.spawn(async move {
                let p = AwsProvider { inner };
                (i, p.read(&t, v).await)
            });
        }
        if !bulk.is_empty() {
            let batch: Vec<(String, Value)> = bulk.iter().map(|&i| objects[i].clone()).collect();
            match self.inner.ctx().await {
                Ok(ctx) => {
                    let read = apigateway::bulk::read_all(&ctx, &batch).await;
                    for (i, r) in bulk.into_iter().zip(read) {
                        answers[i] = Some(r);
                    }
                }
                Err(e) => {
                    for i in bulk {
                        answers[i] = Some(Err(e.clone()));
                    }
                }
            }
        }
        // A read that panicked answers nothing; its slot is filled below.
        while let Some(done) = tasks.join_next().await {
            if let Ok((i, r)) = done {
                answers[i] = Some(r);
            }
        }
        answers
            .into_iter()
            .map(|a| {
                a.unwrap_or_else(|| {
                    Err(ProviderError::new(
                        "Read failed",
                        "the read task stopped unexpectedly",
                    ))
                })
            })
            .collect()
    }

    async fn update(
        &self,
        type_name: &str,
        prior: Value,
        planned: Value,
    ) -> Result<Value, ProviderError> {
        let k = kind_of(type_name)?;
        let ctx = self.inner.ctx().await?;
        k.update(&ctx, &prior, &planned).await
    }

    async fn delete(&self, type_name: &str, prior: Value) -> Result<(), ProviderError> {
        let k = kind_of(type_name)?;
        let ctx = self.inner.ctx().await?;
        k.delete(&ctx, &prior).await
    }

    async fn read_data(
        &self,
        schema: &'static gantry_schema::ResourceType,
        config: Value,
    ) -> Result<Value, ProviderError> {
        // The policy document needs no client (and no credentials).
        if schema.name == "aws_iam_policy_document" {
            return data::policy_document::read(&config);
        }
        let ctx = self.inner.ctx().await?;
        data::read(&ctx, schema, &config).await
    }

    async fn import(&self, type_name: &str, id: &str) -> Result<Value, ProviderError> {
        let k = kind_of(type_name)?;
        let ctx = self.inner.ctx().await?;
        k.import(&ctx, id).await
    }
}
