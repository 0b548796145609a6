//! The `provider "aws" { ... }` block, as far as gantry honours it. What
//! the block leaves out comes from aws-config's standard chain, exactly as
//! with Terraform: `AWS_REGION`/`AWS_PROFILE`/`AWS_ACCESS_KEY_ID`...,
//! shared config and credentials files, SSO, credential processes, and
//! `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` for endpoints.

use std::collections::BTreeMap;

use gantry_config::value::Value;

use crate::values::Args;

/// The services gantry calls, by the names Terraform's `endpoints` block
/// uses.
pub const SERVICES: &[&str] = &[
    "apigateway",
    "lambda",
    "iam",
    "elbv2",
    "sts",
    "logs",
    "ec2",
    "cognitoidp",
];

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AwsSettings {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub access_key: Option<String>,
    pub secret_key: Option<String>,
    pub token: Option<String>,
    /// Attempts after the first for throttled and conflicting calls
    /// (Terraform's `max_retries`, default 25).
    pub max_retries: Option<u32>,
    /// Service name → endpoint URL, from the `endpoints` block.
    pub endpoints: BTreeMap<String, String>,
    /// `default_tags { tags = {...} }`: merged under each resource's tags.
    pub default_tags: BTreeMap<String, String>,
}

impl AwsSettings {
    /// Reads the evaluated provider block (`Value::Null` when there is
    /// none). Unknown arguments are ignored, as settings gantry does not
    /// need (`skip_credentials_validation`, ...) are common in blocks
    /// written for LocalStack.
    pub fn from_block(block: &Value) -> AwsSettings {
        let a = Args(block);
        let mut endpoints = BTreeMap::new();
        if let Some(e) = a.block("endpoints") {
            for (k, v) in Args(e.0).map_entries() {
                // Terraform accepts the older names too.
                let service = match k.as_str() {
                    "elb" | "elbv2" | "elasticloadbalancingv2" => "elbv2",
                    "cloudwatchlog" | "cloudwatchlogs" | "logs" => "logs",
                    "cognitoidp" | "cognitoidentityprovider" => "cognitoidp",
                    other => other,
                };
                endpoints.insert(service.to_string(), v);
            }
        }
        let default_tags = a
            .block("default_tags")
            .map(|d| d.map("tags"))
            .unwrap_or_default();
        AwsSettings {
            region: a.str("region").map(str::to_string),
            profile: a.str("profile").map(str::to_string),
            access_key: a.str("access_key").map(str::to_string),
            secret_key: a.str("secret_key").map(str::to_string),
            token: a.str("token").map(str::to_string),
            max_retries: a.number("max_retries").map(|n| n.max(0.0) as u32),
            endpoints,
            default_tags,
        }
    }
}

impl Args<'_> {
    /// Every string-valued entry of an object.
    fn map_entries(&self) -> BTreeMap<String, String> {
        match self.0.unmark().0 {
            Value::Map(m) => m
                .iter()
                .filter_map(|(k, v)| v.unmark().0.as_str().map(|s| (k.clone(), s.to_string())))
                .collect(),
            _ => BTreeMap::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_region_credentials_endpoints_and_retries() {
        let block = Value::Map(
            BTreeMap::from([
                ("region".into(), Value::string("eu-west-1")),
                ("access_key".into(), Value::string("test")),
                ("secret_key".into(), Value::string("test")),
                ("max_retries".into(), Value::int(3)),
                ("skip_credentials_validation".into(), Value::Bool(true)),
                (
                    "endpoints".into(),
                    Value::List(
                        vec![Value::Map(
                            BTreeMap::from([
                                ("apigateway".into(), Value::string("http://127.0.0.1:4566")),
                                ("elb".into(), Value::string("http://127.0.0.1:4567")),
                            ])
                            .into(),
                        )]
                        .into(),
                    ),
                ),
            ])
            .into(),
        );
        let s = AwsSettings::from_block(&block);
        assert_eq!(s.region.as_deref(), Some("eu-west-1"));
        assert_eq!(s.access_key.as_deref(), Some("test"));
        assert_eq!(s.max_retries, Some(3));
        assert_eq!(s.endpoints["apigateway"], "http://127.0.0.1:4566");
        assert_eq!(s.endpoints["elbv2"], "http://127.0.0.1:4567");
        assert_eq!(
            AwsSettings::from_block(&Value::Null),
            AwsSettings::default()
        );
    }
}
