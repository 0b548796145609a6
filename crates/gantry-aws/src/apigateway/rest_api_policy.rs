//! `aws_api_gateway_rest_api_policy`: the REST API's policy, set and
//! removed through UpdateRestApi.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::found;
use crate::error::not_found;
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{equivalent_json, Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_rest_api_policy").expect("table exists")
}

async fn read_api(ctx: &Ctx<'_>, base: &Value, api: &str) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetRestApi",
        ctx.c.apigateway.get_rest_api().rest_api_id(api)
    ))
    .map_err(|e| e.during("reading API Gateway REST API Policy"))?;
    let Some(p) = out
        .as_ref()
        .and_then(|o| o.policy())
        .filter(|p| !p.is_empty())
    else {
        // No API, or an API with no policy: no policy object.
        return Ok(None);
    };
    let held = super::rest_api::unescape_policy(p);
    let mut o = Object::from(schema(), base);
    o.str("id", Some(api)).str("rest_api_id", Some(api)).str(
        "policy",
        Some(equivalent_json(Args(base).str("policy"), &held)),
    );
    Ok(Some(o.build()))
}

async fn set(ctx: &Ctx<'_>, api: &str, policy: &str, doing: &str) -> Result<(), ProviderError> {
    let op = aws_sdk_apigateway::types::PatchOperation::builder()
        .op(aws_sdk_apigateway::types::Op::Replace)
        .path("/policy")
        .value(crate::json::normalized(policy))
        .build();
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateRestApi",
        ctx.c
            .apigateway
            .update_rest_api()
            .rest_api_id(api)
            .patch_operations(op.clone())
    )
    .map(|_| ())
    .map_err(|e| e.during(doing))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    set(
        ctx,
        api,
        a.required("policy")?,
        "creating API Gateway REST API Policy",
    )
    .await?;
    read_api(ctx, planned, api)
        .await?
        .ok_or_else(|| not_found("API Gateway REST API Policy", api))
}

pub async fn update(
    ctx: &Ctx<'_>,
    _prior: &Value,
    planned: &Value,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    set(
        ctx,
        api,
        a.required("policy")?,
        "updating API Gateway REST API Policy",
    )
    .await?;
    read_api(ctx, planned, api)
        .await?
        .ok_or_else(|| not_found("API Gateway REST API Policy", api))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let api = Args(current).required("rest_api_id")?;
    read_api(ctx, current, api).await
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let api = Args(prior).required("rest_api_id")?;
    match set(ctx, api, "", "deleting API Gateway REST API Policy").await {
        // The API is gone, and its policy with it.
        Err(e) if e.detail.contains("NotFoundException") => Ok(()),
        other => other,
    }
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = Value::Map(
        [("rest_api_id".to_string(), Value::string(id))]
            .into_iter()
            .collect(),
    );
    read_api(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found("API Gateway REST API Policy", id))
}

crate::kind::register!(RestApiPolicy, "aws_api_gateway_rest_api_policy");
