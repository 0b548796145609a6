//! The S3 backend's settings, typed, and where each workspace's state and
//! lock live in the bucket (as Terraform 1.11 lays them out).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::DEFAULT_WORKSPACE;

/// `assume_role { ... }` of the backend.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AssumeRole {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
    /// A Go duration (`1h`, `15m`).
    pub duration: Option<String>,
    pub policy: Option<String>,
    pub policy_arns: Vec<String>,
    pub source_identity: Option<String>,
    pub tags: BTreeMap<String, String>,
    pub transitive_tag_keys: Vec<String>,
}

/// Service endpoints the backend talks to (`endpoints { s3 = ... }`, and
/// the deprecated top-level `endpoint`, `dynamodb_endpoint`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Endpoints {
    pub s3: Option<String>,
    pub dynamodb: Option<String>,
    pub sts: Option<String>,
}

/// Debug output redacts the credentials (see the `Debug` impl).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct S3Config {
    pub bucket: String,
    pub key: String,
    pub region: Option<String>,
    /// Where non-default workspaces live: `PREFIX/NAME/KEY`.
    pub workspace_key_prefix: String,
    pub encrypt: bool,
    pub kms_key_id: Option<String>,
    pub sse_customer_key: Option<String>,
    pub acl: Option<String>,
    /// The lock is `KEY.tflock` in the bucket (Terraform 1.10+).
    pub use_lockfile: bool,
    /// The older lock: an item in this DynamoDB table.
    pub dynamodb_table: Option<String>,
    pub profile: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub token: Option<String>,
    pub shared_config_files: Vec<String>,
    pub shared_credentials_files: Vec<String>,
    pub assume_role: Option<AssumeRole>,
    pub endpoints: Endpoints,
    pub use_path_style: bool,
    pub skip_credentials_validation: bool,
    pub skip_requesting_account_id: bool,
    pub skip_metadata_api_check: bool,
    pub skip_region_validation: bool,
    pub skip_s3_checksum: bool,
    pub max_retries: Option<u32>,
    /// `retry_mode`: standard (the default) or adaptive.
    pub adaptive_retries: bool,
    pub use_fips_endpoint: bool,
    pub use_dualstack_endpoint: bool,
    /// The account the credentials belong to must be one of these (when
    /// any) and none of `forbidden_account_ids`.
    pub allowed_account_ids: Vec<String>,
    pub forbidden_account_ids: Vec<String>,
    /// The region of the STS calls (`sts_region`), when not `region`.
    pub sts_region: Option<String>,
}

impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secret = |v: &Option<String>| v.as_ref().map(|_| "(redacted)");
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("key", &self.key)
            .field("region", &self.region)
            .field("workspace_key_prefix", &self.workspace_key_prefix)
            .field("use_lockfile", &self.use_lockfile)
            .field("dynamodb_table", &self.dynamodb_table)
            .field("profile", &self.profile)
            .field("access_key", &secret(&self.access_key))
            .field("secret_key", &secret(&self.secret_key))
            .field("token", &secret(&self.token))
            .field("sse_customer_key", &secret(&self.sse_customer_key))
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

fn s(m: &Map<String, Value>, k: &str) -> Option<String> {
    m.get(k).and_then(Value::as_str).map(str::to_string)
}

fn b(m: &Map<String, Value>, k: &str) -> bool {
    m.get(k).and_then(Value::as_bool).unwrap_or(false)
}

fn list(m: &Map<String, Value>, k: &str) -> Vec<String> {
    m.get(k)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

impl S3Config {
    /// From the backend's typed configuration (every argument converted
    /// to its type; see [`super::schema::convert`]). `Err` names what is
    /// missing or wrong, in Terraform's words.
    pub fn from_config(m: &Map<String, Value>) -> Result<S3Config, (String, String)> {
        let required = |k: &str| {
            s(m, k).filter(|v| !v.is_empty()).ok_or_else(|| {
                (
                    "Missing Required Value".to_string(),
                    format!("The attribute {k:?} is required by the backend.\n\nRefer to the backend documentation for additional information which attributes are required."),
                )
            })
        };
        // Credentials gantry cannot obtain are refused, never replaced by
        // whatever the default chain finds (another account's, perhaps).
        // And a connection gantry cannot make as asked (through a proxy,
        // without verifying certificates, to another metadata service) is
        // refused rather than made another way.
        let insecure = b(m, "insecure");
        for unsupported in [
            "assume_role_with_web_identity",
            "custom_ca_bundle",
            "http_proxy",
            "https_proxy",
            "no_proxy",
            "ec2_metadata_service_endpoint",
            "ec2_metadata_service_endpoint_mode",
            "insecure",
        ] {
            let set = if unsupported == "insecure" {
                insecure
            } else {
                m.get(unsupported).is_some_and(|v| !v.is_null())
            };
            if set {
                return Err((
                    "Unsupported argument".to_string(),
                    format!("gantry's S3 backend does not support {unsupported:?} yet. Run this configuration with Terraform, or give the backend credentials another way (assume_role, a profile, or the environment)."),
                ));
            }
        }
        let adaptive_retries = match s(m, "retry_mode").as_deref() {
            None | Some("standard") => false,
            Some("adaptive") => true,
            Some(other) => {
                return Err((
                    "Invalid Value".to_string(),
                    format!("The value of \"retry_mode\" must be one of \"standard\" or \"adaptive\", got {other:?}."),
                ))
            }
        };
        let bucket = required("bucket")?;
        let key = required("key")?;
        let path_error = |what: &str, why: &str| {
            (
                "Invalid Value".to_string(),
                format!("The value of {what:?} {why}."),
            )
        };
        if key.starts_with('/') || key.ends_with('/') {
            return Err(path_error("key", "must not start or end with \"/\""));
        }
        if key.contains("//") {
            return Err(path_error("key", "must not contain \"//\""));
        }
        let prefix = s(m, "workspace_key_prefix").unwrap_or_else(|| "env:".into());
        if prefix.starts_with('/') || prefix.ends_with('/') {
            return Err(path_error(
                "workspace_key_prefix",
                "must not start or end with \"/\"",
            ));
        }
        let assume_role = match m.get("assume_role").and_then(Value::as_object) {
            Some(a) => Some(AssumeRole {
                role_arn: s(a, "role_arn").ok_or_else(|| {
                    (
                        "Missing Required Value".to_string(),
                        "The attribute \"assume_role.role_arn\" is required by the backend."
                            .to_string(),
                    )
                })?,
                session_name: s(a, "session_name"),
                external_id: s(a, "external_id"),
                duration: s(a, "duration"),
                policy: s(a, "policy"),
                policy_arns: list(a, "policy_arns"),
                source_identity: s(a, "source_identity"),
                tags: a
                    .get("tags")
                    .and_then(Value::as_object)
                    .map(|t| {
                        t.iter()
                            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                            .collect()
                    })
                    .unwrap_or_default(),
                transitive_tag_keys: list(a, "transitive_tag_keys"),
            }),
            None => None,
        };
        let endpoints = m.get("endpoints").and_then(Value::as_object);
        let endpoint =
            |name: &str, legacy: &str| endpoints.and_then(|e| s(e, name)).or_else(|| s(m, legacy));
        let mut shared_credentials_files = list(m, "shared_credentials_files");
        if let Some(f) = s(m, "shared_credentials_file") {
            shared_credentials_files.push(f);
        }
        Ok(S3Config {
            bucket,
            key,
            region: s(m, "region"),
            workspace_key_prefix: prefix,
            encrypt: b(m, "encrypt"),
            kms_key_id: s(m, "kms_key_id"),
            sse_customer_key: s(m, "sse_customer_key"),
            acl: s(m, "acl"),
            use_lockfile: b(m, "use_lockfile"),
            dynamodb_table: s(m, "dynamodb_table"),
            profile: s(m, "profile"),
            access_key: s(m, "access_key"),
            secret_key: s(m, "secret_key"),
            token: s(m, "token"),
            shared_config_files: list(m, "shared_config_files"),
            shared_credentials_files,
            assume_role,
            endpoints: Endpoints {
                s3: endpoint("s3", "endpoint"),
                dynamodb: endpoint("dynamodb", "dynamodb_endpoint"),
                sts: endpoint("sts", "sts_endpoint"),
            },
            use_path_style: b(m, "use_path_style") || b(m, "force_path_style"),
            skip_credentials_validation: b(m, "skip_credentials_validation"),
            skip_requesting_account_id: b(m, "skip_requesting_account_id"),
            skip_metadata_api_check: b(m, "skip_metadata_api_check"),
            skip_region_validation: b(m, "skip_region_validation"),
            skip_s3_checksum: b(m, "skip_s3_checksum"),
            max_retries: m
                .get("max_retries")
                .and_then(Value::as_u64)
                .map(|n| n.min(u32::MAX as u64) as u32),
            adaptive_retries,
            use_fips_endpoint: b(m, "use_fips_endpoint"),
            use_dualstack_endpoint: b(m, "use_dualstack_endpoint"),
            allowed_account_ids: list(m, "allowed_account_ids"),
            forbidden_account_ids: list(m, "forbidden_account_ids"),
            sts_region: s(m, "sts_region"),
        })
    }

    /// The object key of `workspace`'s state: the key itself for the
    /// default workspace, `PREFIX/NAME/KEY` for the others.
    pub fn state_key(&self, workspace: &str) -> String {
        if workspace == DEFAULT_WORKSPACE {
            self.key.clone()
        } else if self.workspace_key_prefix.is_empty() {
            format!("{workspace}/{}", self.key)
        } else {
            format!("{}/{workspace}/{}", self.workspace_key_prefix, self.key)
        }
    }

    /// Where `workspace`'s state is, for messages: `s3://bucket/key`.
    pub fn location(&self, workspace: &str) -> String {
        format!("s3://{}/{}", self.bucket, self.state_key(workspace))
    }

    /// The prefix every non-default workspace's key starts with, for
    /// listing them.
    pub fn workspace_list_prefix(&self) -> String {
        if self.workspace_key_prefix.is_empty() {
            String::new()
        } else {
            format!("{}/", self.workspace_key_prefix)
        }
    }

    /// The workspace whose state `object_key` is, if it is one (Terraform's
    /// `keyEnv`): `PREFIX/NAME/KEY` with exactly one path segment for NAME.
    pub fn workspace_of(&self, object_key: &str) -> Option<String> {
        let rest = object_key.strip_prefix(&self.workspace_list_prefix())?;
        let (name, key) = rest.split_once('/')?;
        (key == self.key && !name.is_empty()).then(|| name.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn config(v: Value) -> Result<S3Config, (String, String)> {
        S3Config::from_config(v.as_object().unwrap())
    }

    #[test]
    fn workspaces_live_where_terraform_puts_them() {
        let c = config(json!({"bucket": "b", "key": "team/api.tfstate"})).unwrap();
        assert_eq!(c.state_key("default"), "team/api.tfstate");
        assert_eq!(c.state_key("dev"), "env:/dev/team/api.tfstate");
        assert_eq!(
            c.workspace_of("env:/dev/team/api.tfstate"),
            Some("dev".into())
        );
        assert_eq!(c.workspace_of("env:/dev/other.tfstate"), None);
        assert_eq!(c.workspace_of("env:/a/b/team/api.tfstate"), None);
        assert_eq!(c.workspace_of("team/api.tfstate"), None);
        let c = config(json!({"bucket": "b", "key": "k", "workspace_key_prefix": "ws"})).unwrap();
        assert_eq!(c.state_key("dev"), "ws/dev/k");
        assert_eq!(c.workspace_of("ws/dev/k"), Some("dev".into()));
    }

    #[test]
    fn unsupported_credentials_and_connections_are_refused() {
        let e = config(
            json!({"bucket": "b", "key": "k", "assume_role_with_web_identity": {"role_arn": "r"}}),
        )
        .unwrap_err();
        assert!(e.1.contains("assume_role_with_web_identity"), "{e:?}");
        for (k, v) in [
            ("http_proxy", json!("http://proxy:3128")),
            ("no_proxy", json!("localhost")),
            ("insecure", json!(true)),
            (
                "ec2_metadata_service_endpoint",
                json!("http://169.254.169.254"),
            ),
        ] {
            let mut c = json!({"bucket": "b", "key": "k"});
            c[k] = v;
            let e = S3Config::from_config(c.as_object().unwrap()).unwrap_err();
            assert!(e.1.contains(k), "{k}: {e:?}");
        }
        let ok = json!({"bucket": "b", "key": "k", "insecure": false, "retry_mode": "adaptive", "use_fips_endpoint": true, "allowed_account_ids": ["1"]});
        let c = S3Config::from_config(ok.as_object().unwrap()).unwrap();
        assert!(c.adaptive_retries && c.use_fips_endpoint);
        assert_eq!(c.allowed_account_ids, ["1"]);
        let bad = json!({"bucket": "b", "key": "k", "retry_mode": "legacy"});
        let e = S3Config::from_config(bad.as_object().unwrap()).unwrap_err();
        assert!(e.1.contains("retry_mode"), "{e:?}");
    }

    #[test]
    fn debug_output_hides_credentials() {
        let c = config(json!({"bucket": "b", "key": "k", "secret_key": "s3cr3t", "access_key": "AKIA1", "token": "tok"})).unwrap();
        let text = format!("{c:?}");
        assert!(
            !text.contains("s3cr3t") && !text.contains("AKIA1") && !text.contains("tok\""),
            "{text}"
        );
    }

    #[test]
    fn required_and_invalid_values_are_named() {
        let e = config(json!({"bucket": "b"})).unwrap_err();
        assert!(e.1.contains("\"key\" is required"), "{e:?}");
        let e = config(json!({"bucket": "b", "key": "/k"})).unwrap_err();
        assert!(e.1.contains("must not start"), "{e:?}");
        let c = config(
            json!({"bucket": "b", "key": "k", "endpoint": "http://x", "force_path_style": true}),
        )
        .unwrap();
        assert_eq!(c.endpoints.s3.as_deref(), Some("http://x"));
        assert!(c.use_path_style);
    }
}
