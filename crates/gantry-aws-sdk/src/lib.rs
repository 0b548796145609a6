//! The AWS SDK as both of gantry's AWS clients set it up: the provider's
//! (`gantry-aws`) and the S3 backend's (`gantry-backend-s3`). One HTTP
//! stack, hyper 1 with rustls on ring, as the provider's so that a proxy
//! or a certificate problem shows the same way in both; a 10 s connect
//! and 60 s attempt timeout; the region, profile and static keys of the
//! block that configures them, else aws-config's default chains.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, ConfigLoader, Region};
use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};

/// What a `provider "aws"` or `backend "s3"` block says about the SDK.
#[derive(Debug, Clone, Default)]
pub struct Settings<'a> {
    pub region: Option<&'a str>,
    pub profile: Option<&'a str>,
    /// `access_key` and `secret_key`, with the session `token` if any.
    pub static_keys: Option<(&'a str, &'a str, Option<String>)>,
    /// Names the static keys' source in the SDK's logs.
    pub keys_source: &'static str,
}

impl<'a> Settings<'a> {
    /// `access_key` and `secret_key` count only together.
    pub fn keys(
        access: Option<&'a str>,
        secret: Option<&'a str>,
        token: Option<String>,
    ) -> Option<(&'a str, &'a str, Option<String>)> {
        access.zip(secret).map(|(a, s)| (a, s, token))
    }
}

/// aws-config's loader with `settings` and `retry` applied; the caller
/// adds what only it has (shared files, an assumed role) and loads.
pub fn loader(settings: &Settings, retry: RetryConfig) -> ConfigLoader {
    let http = aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::Ring))
        .build_https();
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .http_client(http)
        .retry_config(retry)
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(Duration::from_secs(60))
                .build(),
        );
    if let Some(r) = settings.region {
        loader = loader.region(Region::new(r.to_string()));
    }
    if let Some(p) = settings.profile {
        loader = loader.profile_name(p);
    }
    if let Some((access, secret, token)) = &settings.static_keys {
        loader = loader.credentials_provider(aws_credential_types::Credentials::new(
            *access,
            *secret,
            token.clone(),
            None,
            settings.keys_source,
        ));
    }
    loader
}
