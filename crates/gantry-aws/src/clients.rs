//! The SDK clients of one run, set up by `gantry_aws_sdk` (one HTTP stack,
//! credentials and region from the provider block or aws-config's chain),
//! SDK retries off (gantry retries itself, see `retry`), and an
//! interceptor that counts every HTTP request by operation.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use aws_config::retry::RetryConfig;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use gantry_executor::ProviderError;

use crate::settings::AwsSettings;

/// HTTP requests sent, per `Service.Operation`.
#[derive(Debug, Default)]
pub struct CallCounter {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl CallCounter {
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts.lock().map(|c| c.clone()).unwrap_or_default()
    }

    pub fn total(&self) -> u64 {
        self.snapshot().values().sum()
    }
}

#[derive(Debug, Clone)]
struct Counting(Arc<CallCounter>);

impl Intercept for Counting {
    fn name(&self) -> &'static str {
        "gantry::CallCounter"
    }

    fn read_before_transmit(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let name = cfg
            .load::<Metadata>()
            // not an address: an SDK service and operation.
            .map(|m| format!("{}.{}", m.service(), m.name()))
            .unwrap_or_else(|| "unknown".into());
        if let Ok(mut c) = self.0.counts.lock() {
            *c.entry(name).or_default() += 1;
        }
        Ok(())
    }
}

pub struct Clients {
    pub apigateway: aws_sdk_apigateway::Client,
    pub lambda: aws_sdk_lambda::Client,
    pub iam: aws_sdk_iam::Client,
    pub elbv2: aws_sdk_elasticloadbalancingv2::Client,
    pub sts: aws_sdk_sts::Client,
    pub logs: aws_sdk_cloudwatchlogs::Client,
    pub ec2: aws_sdk_ec2::Client,
    pub cognito: aws_sdk_cognitoidentityprovider::Client,
    pub region: String,
    pub calls: Arc<CallCounter>,
}

impl Clients {
    pub async fn connect(
        settings: &AwsSettings,
        calls: Arc<CallCounter>,
    ) -> Result<Clients, ProviderError> {
        let sdk = gantry_aws_sdk::Settings {
            region: settings.region.as_deref(),
            profile: settings.profile.as_deref(),
            static_keys: gantry_aws_sdk::Settings::keys(
                settings.access_key.as_deref(),
                settings.secret_key.as_deref(),
                settings.token.clone(),
            ),
            keys_source: "gantry-provider-block",
        };
        // SDK retries off: gantry retries itself (see `retry`).
        let loader = gantry_aws_sdk::loader(&sdk, RetryConfig::disabled());
        let conf = loader.load().await;
        let Some(region) = conf.region().map(|r| r.to_string()) else {
            return Err(ProviderError::new(
                "No AWS region configured",
                "Set region in the provider \"aws\" block, or AWS_REGION / AWS_DEFAULT_REGION, or a region in your AWS profile.",
            ));
        };
        let counting = Counting(calls.clone());
        let endpoint = |service: &str| settings.endpoints.get(service).cloned();
        macro_rules! client {
            ($krate:ident, $service:literal) => {{
                let mut b = $krate::config::Builder::from(&conf).interceptor(counting.clone());
                if let Some(url) = endpoint($service) {
                    b = b.endpoint_url(url);
                }
                $krate::Client::from_conf(b.build())
            }};
        }
        Ok(Clients {
            apigateway: client!(aws_sdk_apigateway, "apigateway"),
            lambda: client!(aws_sdk_lambda, "lambda"),
            iam: client!(aws_sdk_iam, "iam"),
            elbv2: client!(aws_sdk_elasticloadbalancingv2, "elbv2"),
            sts: client!(aws_sdk_sts, "sts"),
            logs: client!(aws_sdk_cloudwatchlogs, "logs"),
            ec2: client!(aws_sdk_ec2, "ec2"),
            cognito: client!(aws_sdk_cognitoidentityprovider, "cognitoidp"),
            region,
            calls,
        })
    }

    /// `aws`, `aws-cn` or `aws-us-gov`, from the region.
    pub fn partition(&self) -> &'static str {
        partition_of(&self.region)
    }
}

pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else {
        "aws"
    }
}
