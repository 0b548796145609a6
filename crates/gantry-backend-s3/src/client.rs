//! The S3 calls the backend makes, with the backend's settings applied:
//! credentials (static keys, a profile, shared files, an assumed role),
//! region, endpoint and path style, encryption on every object written.

use std::fmt;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_sdk_s3::error::ProvideErrorMetadata;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{ObjectCannedAcl, ServerSideEncryption};
use base64::Engine;
use gantry_executor::backend::S3Config;
use md5::{Digest, Md5};

/// Why an S3 call failed, in words for the user.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub(crate) fn failure_of<E: ProvideErrorMetadata + std::error::Error + 'static, R>(
    what: &str,
    e: &aws_smithy_runtime_api::client::result::SdkError<E, R>,
) -> Failure
where
    R: std::fmt::Debug,
{
    let detail = match e.as_service_error() {
        Some(se) => format!(
            "{}: {}",
            se.code().unwrap_or("error"),
            se.message().unwrap_or("(no message)")
        ),
        None => aws_smithy_types::error::display::DisplayErrorContext(e).to_string(),
    };
    Failure(format!("{what}: {detail}"))
}

fn status<E>(e: &aws_sdk_s3::error::SdkError<E>) -> Option<u16> {
    e.raw_response().map(|r| r.status().as_u16())
}

/// Server-side encryption of the objects written.
#[derive(Clone, Default)]
struct Encryption {
    sse: Option<ServerSideEncryption>,
    kms_key_id: Option<String>,
    /// SSE-C: the key (base64) and its MD5 (base64).
    customer_key: Option<(String, String)>,
}

#[derive(Clone)]
pub struct Client {
    s3: aws_sdk_s3::Client,
    /// The lock table's client, when the backend names a table.
    pub dynamo: Option<crate::dynamo::Table>,
    encryption: Encryption,
    acl: Option<ObjectCannedAcl>,
}

impl Client {
    pub async fn new(c: &S3Config) -> Result<Client, String> {
        // Terraform's S3 backend retries 5 times by default.
        let attempts = c.max_retries.unwrap_or(5).saturating_add(1);
        let settings = gantry_aws_sdk::Settings {
            region: c.region.as_deref(),
            profile: c.profile.as_deref(),
            static_keys: gantry_aws_sdk::Settings::keys(
                c.access_key.as_deref(),
                c.secret_key.as_deref(),
                c.token.clone(),
            ),
            keys_source: "gantry-backend-block",
        };
        let retry = if c.adaptive_retries {
            RetryConfig::adaptive()
        } else {
            RetryConfig::standard()
        };
        let mut loader = gantry_aws_sdk::loader(&settings, retry.with_max_attempts(attempts));
        // Only when asked: otherwise AWS_USE_FIPS_ENDPOINT and the profile
        // decide, as for Terraform.
        if c.use_fips_endpoint {
            loader = loader.use_fips(true);
        }
        if c.use_dualstack_endpoint {
            loader = loader.use_dual_stack(true);
        }
        if !c.shared_config_files.is_empty() || !c.shared_credentials_files.is_empty() {
            use aws_runtime::env_config::file::{
                EnvConfigFileKind as ProfileFileKind, EnvConfigFiles as ProfileFiles,
            };
            let mut files = ProfileFiles::builder();
            for f in &c.shared_config_files {
                files = files.with_file(ProfileFileKind::Config, f);
            }
            for f in &c.shared_credentials_files {
                files = files.with_file(ProfileFileKind::Credentials, f);
            }
            loader = loader.profile_files(files.build());
        }
        let mut conf = loader.load().await;
        if conf.region().is_none() {
            return Err("Missing region value\n\nThe \"region\" attribute or the \"AWS_REGION\" or \"AWS_DEFAULT_REGION\" environment variables must be set.".into());
        }
        // STS as the backend configures it: its endpoint and region.
        let sts_conf = |conf: &aws_config::SdkConfig| {
            let mut b = conf.to_builder();
            if let Some(url) = &c.endpoints.sts {
                b = b.endpoint_url(url);
            }
            if let Some(r) = &c.sts_region {
                b = b.region(aws_config::Region::new(r.clone()));
            }
            b.build()
        };
        if let Some(role) = &c.assume_role {
            let sts_conf = sts_conf(&conf);
            let mut p = aws_config::sts::AssumeRoleProvider::builder(&role.role_arn)
                .configure(&sts_conf)
                .session_name(
                    role.session_name
                        .clone()
                        .unwrap_or_else(|| "gantry-backend".into()),
                );
            if let Some(x) = &role.external_id {
                p = p.external_id(x);
            }
            if let Some(d) = role.duration.as_deref().and_then(go_duration) {
                p = p.session_length(d);
            }
            if let Some(x) = &role.policy {
                p = p.policy(x);
            }
            if !role.policy_arns.is_empty() {
                p = p.policy_arns(role.policy_arns.clone());
            }
            let provider = p.build().await;
            conf = conf
                .into_builder()
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(provider),
                )
                .build();
        }
        if !c.allowed_account_ids.is_empty() || !c.forbidden_account_ids.is_empty() {
            let sts = aws_sdk_sts::Client::new(&sts_conf(&conf));
            let me = sts
                .get_caller_identity()
                .send()
                .await
                .map_err(|e| format!("Retrieving AWS account details\n\nThe backend's allowed_account_ids or forbidden_account_ids need the account of its credentials, and STS GetCallerIdentity failed: {}", aws_smithy_types::error::display::DisplayErrorContext(&e)))?;
            let account = me.account().unwrap_or_default();
            account_allowed(account, &c.allowed_account_ids, &c.forbidden_account_ids)?;
        }
        let mut b = aws_sdk_s3::config::Builder::from(&conf).force_path_style(c.use_path_style);
        if let Some(url) = &c.endpoints.s3 {
            b = b.endpoint_url(url);
        }
        if c.skip_s3_checksum {
            b = b.request_checksum_calculation(
                aws_sdk_s3::config::RequestChecksumCalculation::WhenRequired,
            );
        }
        let mut encryption = Encryption::default();
        if let Some(key) = &c.sse_customer_key {
            let raw = base64::engine::general_purpose::STANDARD
                .decode(key)
                .map_err(|_| "sse_customer_key must be a base64-encoded 256-bit key".to_string())?;
            if raw.len() != 32 {
                return Err("sse_customer_key must be a base64-encoded 256-bit key".into());
            }
            let md5 = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&raw));
            encryption.customer_key = Some((key.clone(), md5));
        } else if c.encrypt {
            match &c.kms_key_id {
                Some(k) => {
                    encryption.sse = Some(ServerSideEncryption::AwsKms);
                    encryption.kms_key_id = Some(k.clone());
                }
                None => encryption.sse = Some(ServerSideEncryption::Aes256),
            }
        }
        let dynamo = c.dynamodb_table.as_ref().map(|table| {
            let mut d = aws_sdk_dynamodb::config::Builder::from(&conf);
            if let Some(url) = &c.endpoints.dynamodb {
                d = d.endpoint_url(url);
            }
            crate::dynamo::Table::new(aws_sdk_dynamodb::Client::from_conf(d.build()), table)
        });
        Ok(Client {
            s3: aws_sdk_s3::Client::from_conf(b.build()),
            dynamo,
            encryption,
            acl: c.acl.as_deref().map(ObjectCannedAcl::from),
        })
    }

    /// The object's bytes; `None` when there is no such object.
    pub async fn get(&self, bucket: &str, key: &str) -> Result<Option<Vec<u8>>, Failure> {
        let mut req = self.s3.get_object().bucket(bucket).key(key);
        if let Some((k, md5)) = &self.encryption.customer_key {
            req = req
                .sse_customer_algorithm("AES256")
                .sse_customer_key(k)
                .sse_customer_key_md5(md5);
        }
        let out = match req.send().await {
            Ok(out) => out,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e)
                if status(&e) == Some(404)
                    && e.as_service_error().and_then(|s| s.code()) != Some("NoSuchBucket") =>
            {
                return Ok(None)
            }
            Err(e) => {
                return Err(failure_of(
                    &format!("Unable to access object {key:?} in S3 bucket {bucket:?}"),
                    &e,
                ))
            }
        };
        let body = out.body.collect().await.map_err(|e| {
            Failure(format!(
                "Unable to read object {key:?} in S3 bucket {bucket:?}: {e}"
            ))
        })?;
        Ok(Some(body.into_bytes().to_vec()))
    }

    /// Writes the object. With `if_absent`, only when there is none
    /// (`If-None-Match: *`): `Ok(false)` when one exists.
    pub async fn put(
        &self,
        bucket: &str,
        key: &str,
        body: Vec<u8>,
        if_absent: bool,
    ) -> Result<bool, Failure> {
        let mut req = self
            .s3
            .put_object()
            .bucket(bucket)
            .key(key)
            .content_type("application/json")
            .body(ByteStream::from(body));
        if if_absent {
            req = req.if_none_match("*");
        }
        if let Some(sse) = &self.encryption.sse {
            req = req.server_side_encryption(sse.clone());
        }
        if let Some(k) = &self.encryption.kms_key_id {
            req = req.ssekms_key_id(k);
        }
        if let Some((k, md5)) = &self.encryption.customer_key {
            req = req
                .sse_customer_algorithm("AES256")
                .sse_customer_key(k)
                .sse_customer_key_md5(md5);
        }
        if let Some(acl) = &self.acl {
            req = req.acl(acl.clone());
        }
        match req.send().await {
            Ok(_) => Ok(true),
            // 412: the object exists; 409: a concurrent conditional write
            // of the same key won.
            Err(e) if if_absent && matches!(status(&e), Some(412) | Some(409)) => Ok(false),
            Err(e) => Err(failure_of(
                &format!("Unable to write object {key:?} in S3 bucket {bucket:?}"),
                &e,
            )),
        }
    }

    pub async fn delete(&self, bucket: &str, key: &str) -> Result<(), Failure> {
        self.s3
            .delete_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| {
                failure_of(
                    &format!("Unable to delete object {key:?} in S3 bucket {bucket:?}"),
                    &e,
                )
            })
    }

    /// Every key under `prefix`.
    pub async fn list(&self, bucket: &str, prefix: &str) -> Result<Vec<String>, Failure> {
        let mut keys = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let mut req = self.s3.list_objects_v2().bucket(bucket).prefix(prefix);
            if let Some(t) = &token {
                req = req.continuation_token(t);
            }
            let out = req.send().await.map_err(|e| {
                failure_of(
                    &format!("Unable to list objects in S3 bucket {bucket:?}"),
                    &e,
                )
            })?;
            keys.extend(
                out.contents()
                    .iter()
                    .filter_map(|o| o.key().map(str::to_string)),
            );
            match out.next_continuation_token() {
                Some(t) if out.is_truncated() == Some(true) => token = Some(t.to_string()),
                _ => return Ok(keys),
            }
        }
    }
}

/// A Go duration as the backend's `assume_role.duration` takes it:
/// `1h`, `15m`, `900s`, `1h30m`.
/// `allowed_account_ids` and `forbidden_account_ids`, in the words of
/// Terraform's AWS configuration (aws-sdk-go-base).
fn account_allowed(account: &str, allowed: &[String], forbidden: &[String]) -> Result<(), String> {
    let refused = forbidden.iter().any(|f| f == account)
        || (!allowed.is_empty() && !allowed.iter().any(|a| a == account));
    if refused {
        return Err(format!(
            "Invalid account ID\n\nAWS account ID not allowed: {account}"
        ));
    }
    Ok(())
}

fn go_duration(s: &str) -> Option<Duration> {
    let mut total = 0u64;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        total += n * match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
    }
    (num.is_empty() && total > 0).then(|| Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    #[test]
    fn go_durations() {
        use std::time::Duration;
        assert_eq!(super::go_duration("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(super::go_duration("900s"), Some(Duration::from_secs(900)));
        assert_eq!(super::go_duration("15"), None);
        assert_eq!(super::go_duration("x"), None);
    }
}
