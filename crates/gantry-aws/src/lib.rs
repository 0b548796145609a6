//! The AWS provider: gantry's [`Provider`] for the resource types of the
//! API Gateway documentation examples, through aws-sdk-rust.
//!
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
mod ctx;
mod elb;
pub mod error;
mod iam;
mod intent;
mod lambda;
pub mod patch;
pub mod retry;
pub mod settings;
mod tags;
mod values;

pub use clients::CallCounter;
pub use settings::AwsSettings;

use ctx::{Ctx, Shared};
use retry::{Api, RetryPolicy};

/// How state names the provider.
pub const STATE_NAME: &str = "provider[\"registry.terraform.io/hashicorp/aws\"]";

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

fn unsupported(type_name: &str) -> ProviderError {
    ProviderError::new(
        "Unsupported resource type",
        format!("gantry's AWS provider does not manage {type_name}."),
    )
}

#[async_trait]
impl Provider for AwsProvider {
    fn state_name(&self) -> &str {
        STATE_NAME
    }

    async fn create(
        &self,
        type_name: &str,
        planned: Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        let ctx = self.inner.ctx().await?;
        let ctx = &ctx;
        match type_name {
            "aws_api_gateway_rest_api" => apigateway::rest_api::create(ctx, &planned, intent).await,
            "aws_api_gateway_resource" => apigateway::resource::create(ctx, &planned).await,
            "aws_api_gateway_method" => apigateway::method::create(ctx, &planned).await,
            "aws_api_gateway_integration" => apigateway::integration::create(ctx, &planned).await,
            "aws_api_gateway_vpc_link" => apigateway::vpc_link::create(ctx, &planned, intent).await,
            "aws_lambda_function" => lambda::create_function(ctx, &planned).await,
            "aws_lambda_permission" => lambda::create_permission(ctx, &planned, intent).await,
            "aws_iam_role" => iam::create(ctx, &planned, intent).await,
            "aws_lb" => elb::create(ctx, &planned, intent).await,
            other => Err(unsupported(other)),
        }
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
        let ctx = self.inner.ctx().await?;
        let ctx = &ctx;
        match type_name {
            "aws_api_gateway_rest_api" => {
                apigateway::rest_api::find_interrupted(ctx, &planned, since, token).await
            }
            "aws_api_gateway_resource" => {
                apigateway::resource::find_interrupted(ctx, &planned).await
            }
            "aws_api_gateway_method" => apigateway::method::read(ctx, &planned).await,
            "aws_api_gateway_integration" => apigateway::integration::read(ctx, &planned).await,
            "aws_api_gateway_vpc_link" => {
                apigateway::vpc_link::find_interrupted(ctx, &planned, token).await
            }
            "aws_lambda_function" => lambda::find_function(ctx, &planned, since).await,
            "aws_lambda_permission" => lambda::find_permission(ctx, &planned, token).await,
            "aws_iam_role" => iam::find_interrupted(ctx, &planned, since, token).await,
            "aws_lb" => elb::find_interrupted(ctx, &planned, since, token).await,
            other => Err(unsupported(other)),
        }
    }

    async fn read(&self, type_name: &str, current: Value) -> Result<Option<Value>, ProviderError> {
        let ctx = self.inner.ctx().await?;
        let ctx = &ctx;
        match type_name {
            "aws_api_gateway_rest_api" => apigateway::rest_api::read(ctx, &current).await,
            "aws_api_gateway_resource" => apigateway::resource::read(ctx, &current).await,
            "aws_api_gateway_method" => apigateway::method::read(ctx, &current).await,
            "aws_api_gateway_integration" => apigateway::integration::read(ctx, &current).await,
            "aws_api_gateway_vpc_link" => apigateway::vpc_link::read(ctx, &current).await,
            "aws_lambda_function" => lambda::read_function(ctx, &current).await,
            "aws_lambda_permission" => lambda::read_permission(ctx, &current).await,
            "aws_iam_role" => iam::read(ctx, &current).await,
            "aws_lb" => elb::read(ctx, &current).await,
            other => Err(unsupported(other)),
        }
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
        let ctx = self.inner.ctx().await?;
        let ctx = &ctx;
        match type_name {
            "aws_api_gateway_rest_api" => apigateway::rest_api::update(ctx, &prior, &planned).await,
            "aws_api_gateway_resource" => apigateway::resource::update(ctx, &prior, &planned).await,
            "aws_api_gateway_method" => apigateway::method::update(ctx, &prior, &planned).await,
            "aws_api_gateway_integration" => {
                apigateway::integration::update(ctx, &prior, &planned).await
            }
            "aws_api_gateway_vpc_link" => apigateway::vpc_link::update(ctx, &prior, &planned).await,
            "aws_lambda_function" => lambda::update_function(ctx, &prior, &planned).await,
            "aws_iam_role" => iam::update(ctx, &prior, &planned).await,
            "aws_lb" => elb::update(ctx, &prior, &planned).await,
            // Every argument of a permission forces replacement.
            other => Err(unsupported(other)),
        }
    }

    async fn delete(&self, type_name: &str, prior: Value) -> Result<(), ProviderError> {
        let ctx = self.inner.ctx().await?;
        let ctx = &ctx;
        match type_name {
            "aws_api_gateway_rest_api" => apigateway::rest_api::delete(ctx, &prior).await,
            "aws_api_gateway_resource" => apigateway::resource::delete(ctx, &prior).await,
            "aws_api_gateway_method" => apigateway::method::delete(ctx, &prior).await,
            "aws_api_gateway_integration" => apigateway::integration::delete(ctx, &prior).await,
            "aws_api_gateway_vpc_link" => apigateway::vpc_link::delete(ctx, &prior).await,
            "aws_lambda_function" => lambda::delete_function(ctx, &prior).await,
            "aws_lambda_permission" => lambda::delete_permission(ctx, &prior).await,
            "aws_iam_role" => iam::delete(ctx, &prior).await,
            "aws_lb" => elb::delete(ctx, &prior).await,
            other => Err(unsupported(other)),
        }
    }

    async fn import(&self, type_name: &str, id: &str) -> Result<Value, ProviderError> {
        let ctx = self.inner.ctx().await?;
        let ctx = &ctx;
        match type_name {
            "aws_api_gateway_rest_api" => apigateway::rest_api::import(ctx, id).await,
            "aws_api_gateway_resource" => apigateway::resource::import(ctx, id).await,
            "aws_api_gateway_method" => apigateway::method::import(ctx, id).await,
            "aws_api_gateway_integration" => apigateway::integration::import(ctx, id).await,
            "aws_api_gateway_vpc_link" => apigateway::vpc_link::import(ctx, id).await,
            "aws_lambda_function" => lambda::import_function(ctx, id).await,
            "aws_lambda_permission" => lambda::import_permission(ctx, id).await,
            "aws_iam_role" => iam::import(ctx, id).await,
            "aws_lb" => elb::import(ctx, id).await,
            other => Err(unsupported(other)),
        }
    }
}
