//! `aws_api_gateway_method_settings`: a stage's settings for one method
//! path (`{resource_path}/{http_method}`, or `*/*` for all), read from
//! GetStage's `methodSettings` and written with UpdateStage operations at
//! `/{method_path}/...`, as the provider does.

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::found;
use crate::error::not_found;
use crate::kind::Interrupted;
use crate::patch::{Op, PatchOp};
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_method_settings").expect("table exists")
}

/// Each setting and where it lives under the method path.
const PATHS: &[(&str, &str)] = &[
    ("metrics_enabled", "metrics/enabled"),
    ("logging_level", "logging/loglevel"),
    ("data_trace_enabled", "logging/dataTrace"),
    ("throttling_burst_limit", "throttling/burstLimit"),
    ("throttling_rate_limit", "throttling/rateLimit"),
    ("caching_enabled", "caching/enabled"),
    ("cache_ttl_in_seconds", "caching/ttlInSeconds"),
    ("cache_data_encrypted", "caching/dataEncrypted"),
    (
        "require_authorization_for_cache_control",
        "caching/requireAuthorizationForCacheControl",
    ),
    (
        "unauthorized_cache_control_header_strategy",
        "caching/unauthorizedCacheControlHeaderStrategy",
    ),
];

fn key(a: Args<'_>) -> Result<(&str, &str, &str), ProviderError> {
    Ok((
        a.required("rest_api_id")?,
        a.required("stage_name")?,
        a.required("method_path")?,
    ))
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    (api, stage, path): (&str, &str, &str),
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetStage",
        ctx.c
            .apigateway
            .get_stage()
            .rest_api_id(api)
            .stage_name(stage)
    ))
    .map_err(|e| e.during("reading API Gateway Method Settings"))?;
    Ok(out
        .as_ref()
        .and_then(|s| s.method_settings()?.get(path))
        .map(|m| object(base, (api, stage, path), m)))
}

/// The object for state from the stage's settings for the method path.
pub fn object(
    base: &Value,
    (api, stage, path): (&str, &str, &str),
    m: &aws_sdk_apigateway::types::MethodSetting,
) -> Value {
    let s = |v: Option<&str>| Value::string(v.unwrap_or_default());
    let settings: BTreeMap<String, Value> = [
        ("metrics_enabled", Value::Bool(m.metrics_enabled())),
        ("logging_level", s(m.logging_level())),
        ("data_trace_enabled", Value::Bool(m.data_trace_enabled())),
        (
            "throttling_burst_limit",
            Value::int(m.throttling_burst_limit()),
        ),
        (
            "throttling_rate_limit",
            Value::float(m.throttling_rate_limit()),
        ),
        ("caching_enabled", Value::Bool(m.caching_enabled())),
        ("cache_ttl_in_seconds", Value::int(m.cache_ttl_in_seconds())),
        (
            "cache_data_encrypted",
            Value::Bool(m.cache_data_encrypted()),
        ),
        (
            "require_authorization_for_cache_control",
            Value::Bool(m.require_authorization_for_cache_control()),
        ),
        (
            "unauthorized_cache_control_header_strategy",
            s(m.unauthorized_cache_control_header_strategy()
                .map(|x| x.as_str())),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let mut o = Object::from(schema(), base);
    o.str("id", Some(format!("{api}-{stage}-{path}")))
        .str("rest_api_id", Some(api))
        .str("stage_name", Some(stage))
        .str("method_path", Some(path))
        .set(
            "settings",
            Value::List(vec![Value::Map(settings.into())].into()),
        );
    o.build()
}

fn scalar(v: &Value) -> Option<String> {
    match v.unmark().0 {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A `replace` for every setting `planned` knows that `prior` (none on
/// create) does not hold.
fn ops(path: &str, prior: &Value, planned: &Value) -> Vec<PatchOp> {
    let (old, new) = (
        Args(prior).block("settings"),
        Args(planned).block("settings"),
    );
    PATHS
        .iter()
        .filter_map(|(name, suffix)| {
            let n = new.map_or(&Value::Null, |b| b.get(name));
            let o = old.map_or(&Value::Null, |b| b.get(name));
            if n.is_unknown() || unchanged(o, n) {
                return None;
            }
            Some(PatchOp {
                op: Op::Replace,
                path: format!("/{path}/{suffix}"),
                value: Some(scalar(n)?),
            })
        })
        .collect()
}

async fn send(
    ctx: &Ctx<'_>,
    api: &str,
    stage: &str,
    ops: Vec<PatchOp>,
    doing: &str,
) -> Result<(), ProviderError> {
    if ops.is_empty() {
        return Ok(());
    }
    let ops = sdk_patch(ops);
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateStage",
        ctx.c
            .apigateway
            .update_stage()
            .rest_api_id(api)
            .stage_name(stage)
            .set_patch_operations(Some(ops.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during(doing))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let k = key(Args(planned))?;
    let doing = "creating API Gateway Method Settings";
    send(ctx, k.0, k.1, ops(k.2, &Value::Null, planned), doing).await?;
    read_key(ctx, planned, k)
        .await?
        .ok_or_else(|| not_found("API Gateway Method Settings", k.2))
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let k = key(Args(planned))?;
    let doing = "updating API Gateway Method Settings";
    send(ctx, k.0, k.1, ops(k.2, prior, planned), doing).await?;
    read_key(ctx, planned, k)
        .await?
        .ok_or_else(|| not_found("API Gateway Method Settings", k.2))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_key(ctx, current, key(Args(current))?).await
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, stage, path) = key(Args(prior))?;
    let remove = PatchOp {
        op: Op::Remove,
        path: format!("/{path}"),
        value: None,
    };
    match send(
        ctx,
        api,
        stage,
        vec![remove],
        "deleting API Gateway Method Settings",
    )
    .await
    {
        // The stage (and its settings) is gone already.
        Err(e) if e.detail.contains("NotFoundException") => Ok(()),
        other => other,
    }
}

/// `REST-API-ID/STAGE-NAME/METHOD-PATH`; the method path has slashes of
/// its own.
pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let mut parts = id.splitn(3, '/');
    let (Some(api), Some(stage), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ProviderError::new(
            "Invalid import ID",
            format!(
                "Unexpected format of ID ({id:?}), expected REST-API-ID/STAGE-NAME/METHOD-PATH"
            ),
        ));
    };
    read_key(ctx, &Value::Null, (api, stage, path))
        .await?
        .ok_or_else(|| not_found("API Gateway Method Settings", id))
}

crate::kind::register!(MethodSettings, "aws_api_gateway_method_settings");
