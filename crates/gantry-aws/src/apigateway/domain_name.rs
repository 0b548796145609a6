//! `aws_api_gateway_domain_name`: a custom domain, keyed by its name.
//! Updates send the provider's patch operations, one per changed
//! argument; tags go through the tagging API.

use aws_sdk_apigateway::types::{
    EndpointConfiguration, EndpointType, IpAddressType, MutualTlsAuthenticationInput,
    SecurityPolicy,
};
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::{Op, PatchOp};
use crate::retry::Repeat;
use crate::tags;
use crate::values::{rfc3339, Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_domain_name").expect("table exists")
}

fn arn(ctx: &Ctx<'_>, name: &str) -> String {
    ctx.apigateway_arn(&format!("/domainnames/{name}"))
}

/// CloudFront's hosted zone, which every edge-optimized domain aliases.
fn cloudfront_zone(ctx: &Ctx<'_>) -> &'static str {
    if ctx.partition() == "aws-cn" {
        "Z3RFFRIM2A3IF5"
    } else {
        "Z2FDTNDATAQYW2"
    }
}

fn text(v: Option<&str>) -> Option<String> {
    Some(v.unwrap_or_default().to_string())
}

async fn read_name(
    ctx: &Ctx<'_>,
    base: &Value,
    name: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetDomainName",
        ctx.c.apigateway.get_domain_name().domain_name(name)
    ))
    .map_err(|e| e.during("reading API Gateway Domain Name"))?;
    let Some(d) = out else { return Ok(None) };
    let mut o = Object::from(schema(), base);
    // "" where the API has nothing, as SDKv2 reads it (crate::legacy).
    o.str("id", Some(name))
        .str("domain_name", Some(d.domain_name().unwrap_or(name)))
        .str("arn", Some(arn(ctx, name)))
        .str("certificate_arn", text(d.certificate_arn()))
        .str("certificate_name", text(d.certificate_name()))
        .str(
            "certificate_upload_date",
            text(rfc3339(d.certificate_upload_date()).as_deref()),
        )
        .str("cloudfront_domain_name", text(d.distribution_domain_name()))
        .str("cloudfront_zone_id", Some(cloudfront_zone(ctx)))
        .str("domain_name_id", text(d.domain_name_id()))
        .str(
            "ownership_verification_certificate_arn",
            text(d.ownership_verification_certificate_arn()),
        )
        .str(
            "policy",
            Some(
                d.policy()
                    .map(|p| {
                        crate::values::equivalent_json(
                            Args(base).str("policy"),
                            &super::rest_api::unescape_policy(p),
                        )
                    })
                    .unwrap_or_default(),
            ),
        )
        .str(
            "regional_certificate_arn",
            text(d.regional_certificate_arn()),
        )
        .str(
            "regional_certificate_name",
            text(d.regional_certificate_name()),
        )
        .str("regional_domain_name", text(d.regional_domain_name()))
        .str("regional_zone_id", text(d.regional_hosted_zone_id()))
        .str(
            "security_policy",
            text(d.security_policy().map(|p| p.as_str())),
        );
    let endpoint = d.endpoint_configuration().map(|e| {
        let mut m = std::collections::BTreeMap::new();
        m.insert(
            "types".to_string(),
            Value::List(
                e.types()
                    .iter()
                    .map(|t| Value::string(t.as_str()))
                    .collect(),
            ),
        );
        m.insert(
            "ip_address_type".to_string(),
            Value::string(e.ip_address_type().map(|t| t.as_str()).unwrap_or_default()),
        );
        Value::List(vec![Value::Map(m.into())].into())
    });
    o.set("endpoint_configuration", endpoint.unwrap_or(Value::Null));
    let mtls = d
        .mutual_tls_authentication()
        .filter(|m| m.truststore_uri().is_some_and(|u| !u.is_empty()))
        .map(|m| {
            Value::List(
                vec![Value::Map(
                    [
                        (
                            "truststore_uri".to_string(),
                            Value::string(m.truststore_uri().unwrap_or_default()),
                        ),
                        (
                            "truststore_version".to_string(),
                            Value::string(m.truststore_version().unwrap_or_default()),
                        ),
                    ]
                    .into_iter()
                    .collect(),
                )]
                .into(),
            )
        });
    o.set("mutual_tls_authentication", mtls.unwrap_or(Value::Null));
    tags::record(&mut o, ctx.settings, base, d.tags());
    Ok(Some(o.build()))
}

fn endpoint_configuration(a: Args<'_>) -> Option<EndpointConfiguration> {
    let e = a.block("endpoint_configuration")?;
    Some(
        EndpointConfiguration::builder()
            .set_types(Some(
                e.strings("types")
                    .iter()
                    .map(|t| EndpointType::from(t.as_str()))
                    .collect(),
            ))
            .set_ip_address_type(e.str("ip_address_type").map(IpAddressType::from))
            .build(),
    )
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("domain_name")?;
    let s = |k: &str| a.str(k).map(str::to_string);
    let mtls = a.block("mutual_tls_authentication").map(|m| {
        MutualTlsAuthenticationInput::builder()
            .set_truststore_uri(m.str("truststore_uri").map(str::to_string))
            .set_truststore_version(m.str("truststore_version").map(str::to_string))
            .build()
    });
    let wanted = tags::wanted(ctx.settings, planned);
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_domain_name()
                    .domain_name(name)
                    .set_certificate_arn(s("certificate_arn"))
                    .set_certificate_name(s("certificate_name"))
                    .set_certificate_body(s("certificate_body"))
                    .set_certificate_chain(s("certificate_chain"))
                    .set_certificate_private_key(s("certificate_private_key"))
                    .set_regional_certificate_arn(s("regional_certificate_arn"))
                    .set_regional_certificate_name(s("regional_certificate_name"))
                    .set_ownership_verification_certificate_arn(s(
                        "ownership_verification_certificate_arn",
                    ))
                    .set_policy(a.str("policy").map(crate::json::normalized))
                    .set_security_policy(a.str("security_policy").map(SecurityPolicy::from))
                    .set_endpoint_configuration(endpoint_configuration(a))
                    .set_mutual_tls_authentication(mtls.clone())
                    .set_tags(Some(wanted.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateDomainName", e))
                }
            },
            || async {
                Ok(found(call!(
                    ctx,
                    Repeat::Harmless,
                    "GetDomainName",
                    ctx.c.apigateway.get_domain_name().domain_name(name)
                ))?
                .map(|_| ()))
            },
        )
        .await
        .map_err(|e| e.during("creating API Gateway Domain Name"))?;
    read_name(ctx, planned, name)
        .await?
        .ok_or_else(|| not_found("API Gateway Domain Name", name))
}

/// Domain names are unique per account: the one of the planned name.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read_name(ctx, planned, Args(planned).required("domain_name")?).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_name(ctx, current, Args(current).required("domain_name")?).await
}

/// The provider's operations: `replace` of each changed argument; the
/// endpoint type as `/endpointConfiguration/types/0` (it cannot be
/// removed); mutual TLS turned off by an empty truststore URI.
fn patch(prior: &Value, planned: &Value) -> Vec<PatchOp> {
    let (p, n) = (Args(prior), Args(planned));
    let replace = |path: &str, v: &str| PatchOp {
        op: Op::Replace,
        path: path.into(),
        value: Some(v.to_string()),
    };
    let mut ops = Vec::new();
    for (arg, path) in [
        ("certificate_arn", "/certificateArn"),
        ("certificate_name", "/certificateName"),
        (
            "ownership_verification_certificate_arn",
            "/ownershipVerificationCertificateArn",
        ),
        ("regional_certificate_arn", "/regionalCertificateArn"),
        ("regional_certificate_name", "/regionalCertificateName"),
        ("security_policy", "/securityPolicy"),
    ] {
        if !unchanged(p.get(arg), n.get(arg)) && !n.get(arg).is_unknown() {
            ops.push(replace(path, n.str(arg).unwrap_or_default()));
        }
    }
    if !unchanged(p.get("policy"), n.get("policy")) && !n.get("policy").is_unknown() {
        ops.push(replace(
            "/policy",
            &n.str("policy")
                .map(crate::json::normalized)
                .unwrap_or_default(),
        ));
    }
    let types = |a: Args<'_>| {
        a.block("endpoint_configuration")
            .map(|e| e.strings("types"))
    };
    if let (Some(new), old) = (types(n), types(p)) {
        if Some(&new) != old.as_ref() {
            if let Some(t) = new.first() {
                ops.push(replace("/endpointConfiguration/types/0", t));
            }
        }
    }
    let (pm, nm) = (
        p.block("mutual_tls_authentication"),
        n.block("mutual_tls_authentication"),
    );
    match (pm, nm) {
        (_, Some(m)) => {
            for (arg, path) in [
                ("truststore_uri", "/mutualTlsAuthentication/truststoreUri"),
                (
                    "truststore_version",
                    "/mutualTlsAuthentication/truststoreVersion",
                ),
            ] {
                let old = pm.map_or(&Value::Null, |o| o.get(arg));
                if !unchanged(old, m.get(arg)) {
                    ops.push(replace(path, m.str(arg).unwrap_or_default()));
                }
            }
        }
        (Some(_), None) => ops.push(replace("/mutualTlsAuthentication/truststoreUri", "")),
        (None, None) => {}
    }
    ops
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let name = Args(prior).required("domain_name")?;
    let ops = patch(prior, planned);
    if !ops.is_empty() {
        let ops = sdk_patch(ops);
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateDomainName",
            ctx.c
                .apigateway
                .update_domain_name()
                .domain_name(name)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Domain Name"))?;
    }
    super::rest_api::update_tags(ctx, &arn(ctx, name), prior, planned).await?;
    read_name(ctx, planned, name)
        .await?
        .ok_or_else(|| not_found("API Gateway Domain Name", name))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let name = Args(prior).required("domain_name")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteDomainName",
        ctx.c.apigateway.delete_domain_name().domain_name(name)
    ))
    .map_err(|e| e.during("deleting API Gateway Domain Name"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = Value::Map(
        [("domain_name".to_string(), Value::string(id))]
            .into_iter()
            .collect(),
    );
    read_name(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Domain Name", id))
}

crate::kind::register!(DomainName, "aws_api_gateway_domain_name");

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn obj(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(
            pairs
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect::<BTreeMap<_, _>>()
                .into(),
        )
    }

    fn endpoint(t: &str) -> Value {
        Value::List(
            vec![obj(vec![(
                "types",
                Value::List(vec![Value::string(t)].into()),
            )])]
            .into(),
        )
    }

    /// LocalStack does not implement UpdateDomainName: the operations are
    /// checked here against the provider's.
    #[test]
    fn changes_are_the_providers_patch_operations() {
        let prior = obj(vec![
            ("security_policy", Value::string("TLS_1_0")),
            ("regional_certificate_arn", Value::string("arn:old")),
            ("endpoint_configuration", endpoint("EDGE")),
            (
                "mutual_tls_authentication",
                Value::List(
                    vec![obj(vec![("truststore_uri", Value::string("s3://b/t.pem"))])].into(),
                ),
            ),
        ]);
        let planned = obj(vec![
            ("security_policy", Value::string("TLS_1_2")),
            ("regional_certificate_arn", Value::string("arn:new")),
            ("endpoint_configuration", endpoint("REGIONAL")),
        ]);
        let ops: Vec<(Op, String, Option<String>)> = patch(&prior, &planned)
            .into_iter()
            .map(|o| (o.op, o.path, o.value))
            .collect();
        let r = |p: &str, v: &str| (Op::Replace, p.to_string(), Some(v.to_string()));
        assert_eq!(
            ops,
            [
                r("/regionalCertificateArn", "arn:new"),
                r("/securityPolicy", "TLS_1_2"),
                r("/endpointConfiguration/types/0", "REGIONAL"),
                r("/mutualTlsAuthentication/truststoreUri", ""),
            ]
        );
        assert!(patch(&prior, &prior).is_empty());
    }
}
