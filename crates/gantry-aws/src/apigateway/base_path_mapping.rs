//! `aws_api_gateway_base_path_mapping`: keyed by domain and base path
//! (`DOMAIN/BASE-PATH`; the empty base path is the API's `(none)`).

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
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_base_path_mapping").expect("table exists")
}

/// The API's name for the empty base path.
const NONE: &str = "(none)";

fn api_path(base_path: &str) -> &str {
    if base_path.is_empty() {
        NONE
    } else {
        base_path
    }
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    domain: &str,
    base_path: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetBasePathMapping",
        ctx.c
            .apigateway
            .get_base_path_mapping()
            .domain_name(domain)
            .base_path(api_path(base_path))
    ))
    .map_err(|e| e.during("reading API Gateway Base Path Mapping"))?;
    let Some(m) = out else { return Ok(None) };
    let path = m.base_path().filter(|p| *p != NONE).unwrap_or_default();
    let mut o = Object::from(schema(), base);
    o.str("id", Some(format!("{domain}/{path}")))
        .str("domain_name", Some(domain))
        .str("api_id", m.rest_api_id())
        .str("base_path", Some(path))
        .str("stage_name", Some(m.stage().unwrap_or_default()))
        .str(
            "domain_name_id",
            Some(Args(base).str("domain_name_id").unwrap_or_default()),
        );
    Ok(Some(o.build()))
}

/// A new deployment or stage can take a moment to be usable in a mapping:
/// the provider retries these refusals for 30 seconds.
fn not_ready(e: &ApiError) -> bool {
    e.code.as_deref() == Some("BadRequestException")
        && (e.message.contains("Invalid REST API identifier")
            || e.message.contains("Invalid stage identifier"))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let domain = a.required("domain_name")?;
    let api = a.required("api_id")?;
    let base_path = a.str("base_path").unwrap_or_default();
    let started = std::time::Instant::now();
    loop {
        let r = ctx
            .api
            .create_checked(
                || {
                    let req = ctx
                        .c
                        .apigateway
                        .create_base_path_mapping()
                        .domain_name(domain)
                        .rest_api_id(api)
                        .set_base_path(a.str("base_path").map(str::to_string))
                        .set_stage(a.str("stage_name").map(str::to_string));
                    async move {
                        req.send()
                            .await
                            .map(|_| ())
                            .map_err(|e| ApiError::from_sdk("CreateBasePathMapping", e))
                    }
                },
                || async {
                    Ok(found(call!(
                        ctx,
                        Repeat::Harmless,
                        "GetBasePathMapping",
                        ctx.c
                            .apigateway
                            .get_base_path_mapping()
                            .domain_name(domain)
                            .base_path(api_path(base_path))
                    ))?
                    .map(|_| ()))
                },
            )
            .await;
        match r {
            Err(e) if not_ready(&e) && started.elapsed().as_secs() < 30 => {
                tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            }
            other => {
                other.map_err(|e| e.during("creating API Gateway Base Path Mapping"))?;
                break;
            }
        }
    }
    read_key(ctx, planned, domain, base_path)
        .await?
        .ok_or_else(|| not_found("API Gateway Base Path Mapping", domain))
}

/// Mappings are keyed by domain and path: the one the plan names.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    read_key(
        ctx,
        current,
        a.required("domain_name")?,
        a.str("base_path").unwrap_or_default(),
    )
    .await
}

/// The provider's operations: `replace` of the stage, the API and the base
/// path (the empty one as `(none)`), sent to the mapping's current path.
fn patch(prior: &Value, planned: &Value) -> Vec<PatchOp> {
    let (p, n) = (Args(prior), Args(planned));
    [
        ("stage_name", "/stage"),
        ("api_id", "/restapiId"),
        ("base_path", "/basePath"),
    ]
    .into_iter()
    .filter(|(arg, _)| !unchanged(p.get(arg), n.get(arg)) && !n.get(arg).is_unknown())
    .map(|(arg, path)| {
        let v = n.str(arg).unwrap_or_default();
        PatchOp {
            op: Op::Replace,
            path: path.into(),
            value: Some(if arg == "base_path" {
                api_path(v).to_string()
            } else {
                v.to_string()
            }),
        }
    })
    .collect()
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let p = Args(prior);
    let domain = p.required("domain_name")?;
    let ops = patch(prior, planned);
    if !ops.is_empty() {
        let ops = sdk_patch(ops);
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateBasePathMapping",
            ctx.c
                .apigateway
                .update_base_path_mapping()
                .domain_name(domain)
                .base_path(api_path(p.str("base_path").unwrap_or_default()))
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Base Path Mapping"))?;
    }
    let now = Args(planned).str("base_path").unwrap_or_default();
    read_key(ctx, planned, domain, now)
        .await?
        .ok_or_else(|| not_found("API Gateway Base Path Mapping", domain))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let domain = a.required("domain_name")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteBasePathMapping",
        ctx.c
            .apigateway
            .delete_base_path_mapping()
            .domain_name(domain)
            .base_path(api_path(a.str("base_path").unwrap_or_default()))
    ))
    .map_err(|e| e.during("deleting API Gateway Base Path Mapping"))
}

/// `DOMAIN/BASE-PATH`, the base path possibly empty (`api.example.com/`).
pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let Some((domain, path)) = id.split_once('/').filter(|(d, _)| !d.is_empty()) else {
        return Err(ProviderError::new(
            "Invalid import ID",
            format!("Unexpected format of ID ({id:?}), expected DOMAIN-NAME/BASE-PATH"),
        ));
    };
    read_key(ctx, &Value::Null, domain, path)
        .await?
        .ok_or_else(|| not_found("API Gateway Base Path Mapping", id))
}

crate::kind::register!(BasePathMapping, "aws_api_gateway_base_path_mapping");

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(pairs: &[(&str, &str)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::string(*v)))
                .collect(),
        )
    }

    #[test]
    fn an_emptied_base_path_is_sent_as_none() {
        let prior = obj(&[("api_id", "a1"), ("base_path", "v1"), ("stage_name", "s")]);
        let planned = obj(&[("api_id", "a2"), ("base_path", ""), ("stage_name", "s")]);
        let ops: Vec<(String, Option<String>)> = patch(&prior, &planned)
            .into_iter()
            .map(|o| (o.path, o.value))
            .collect();
        assert_eq!(
            ops,
            [
                ("/restapiId".to_string(), Some("a2".to_string())),
                ("/basePath".to_string(), Some("(none)".to_string())),
            ]
        );
    }
}
