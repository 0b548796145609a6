//! `aws_api_gateway_usage_plan_key`: keyed by plan and API key.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::import_parts;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_usage_plan_key").expect("table exists")
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((a.required("usage_plan_id")?, a.required("key_id")?))
}

async fn get(
    ctx: &Ctx<'_>,
    plan: &str,
    key: &str,
) -> Result<
    Option<aws_sdk_apigateway::operation::get_usage_plan_key::GetUsagePlanKeyOutput>,
    ApiError,
> {
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetUsagePlanKey",
        ctx.c
            .apigateway
            .get_usage_plan_key()
            .usage_plan_id(plan)
            .key_id(key)
    ))
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    plan: &str,
    key: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = get(ctx, plan, key)
        .await
        .map_err(|e| e.during("reading API Gateway Usage Plan Key"))?;
    let Some(k) = out else { return Ok(None) };
    let mut o = Object::from(schema(), base);
    o.str("id", Some(key))
        .str("key_id", Some(key))
        .str("usage_plan_id", Some(plan))
        .str("key_type", k.r#type())
        .str("name", k.name())
        .str("value", k.value());
    Ok(Some(o.build()))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (plan, key_id) = key(a)?;
    // A repeat answers ConflictException: after a lost answer, look first.
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_usage_plan_key()
                    .usage_plan_id(plan)
                    .key_id(key_id)
                    .key_type(a.str("key_type").unwrap_or("API_KEY"));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateUsagePlanKey", e))
                }
            },
            || async move { Ok(get(ctx, plan, key_id).await?.map(|_| ())) },
        )
        .await
        .map_err(|e| e.during("creating API Gateway Usage Plan Key"))?;
    read_key(ctx, planned, plan, key_id)
        .await?
        .ok_or_else(|| not_found("API Gateway Usage Plan Key", key_id))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (plan, key_id) = key(Args(current))?;
    read_key(ctx, current, plan, key_id).await
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (plan, key_id) = key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteUsagePlanKey",
        ctx.c
            .apigateway
            .delete_usage_plan_key()
            .usage_plan_id(plan)
            .key_id(key_id)
    ))
    .map_err(|e| e.during("deleting API Gateway Usage Plan Key"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "USAGE-PLAN-ID/USAGE-PLAN-KEY-ID")?;
    read_key(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Usage Plan Key", id))
}

crate::kind::register!(UsagePlanKey, "aws_api_gateway_usage_plan_key", no_update);
