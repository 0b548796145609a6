//! `aws_api_gateway_api_key`.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_api_key").expect("table exists")
}

fn arn(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.apigateway_arn(&format!("/apikeys/{id}"))
}

pub(crate) async fn read_id(
    ctx: &Ctx<'_>,
    base: &Value,
    id: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetApiKey",
        ctx.c
            .apigateway
            .get_api_key()
            .api_key(id)
            .include_value(true)
    ))
    .map_err(|e| e.during("reading API Gateway API Key"))?;
    let Some(k) = out else { return Ok(None) };
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("name", Some(k.name().unwrap_or_default()))
        .str("description", Some(k.description().unwrap_or_default()))
        .bool("enabled", Some(k.enabled()))
        .str("customer_id", Some(k.customer_id().unwrap_or_default()))
        .str("value", k.value())
        .str("arn", Some(arn(ctx, id)))
        .str("created_date", crate::values::rfc3339(k.created_date()))
        .str(
            "last_updated_date",
            crate::values::rfc3339(k.last_updated_date()),
        );
    tags::record(&mut o, ctx.settings, base, k.tags());
    Ok(Some(o.build()))
}

/// API keys are not unique by anything but their id: after a lost answer,
/// the key of this name created since the call started.
async fn find(
    ctx: &Ctx<'_>,
    name: &str,
    since: std::time::SystemTime,
) -> Result<Option<String>, ApiError> {
    let mut position: Option<String> = None;
    loop {
        let page = call!(
            ctx,
            Repeat::Harmless,
            "GetApiKeys",
            ctx.c
                .apigateway
                .get_api_keys()
                .name_query(name)
                .limit(500)
                .set_position(position.clone())
        )?;
        let hit = page.items().iter().find(|k| {
            k.name() == Some(name)
                && k.created_date()
                    .is_some_and(|d| crate::intent::made_since(d.as_secs_f64(), since))
        });
        if let Some(k) = hit {
            return Ok(k.id().map(str::to_string));
        }
        match page.position() {
            Some(p) if !p.is_empty() && !page.items().is_empty() => position = Some(p.to_string()),
            _ => return Ok(None),
        }
    }
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("name")?;
    let tags = tags::wanted(ctx.settings, planned);
    let started = std::time::SystemTime::now();
    let id = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_api_key()
                    .name(name)
                    .set_description(a.str("description").map(str::to_string))
                    .enabled(a.bool("enabled").unwrap_or(true))
                    .set_customer_id(a.str("customer_id").map(str::to_string))
                    .set_value(a.str("value").map(str::to_string))
                    .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|o| o.id().unwrap_or_default().to_string())
                        .map_err(|e| ApiError::from_sdk("CreateApiKey", e))
                }
            },
            || find(ctx, name, started),
        )
        .await
        .map_err(|e| e.during("creating API Gateway API Key"))?;
    read_id(ctx, planned, &id)
        .await?
        .ok_or_else(|| not_found("API Gateway API Key", &id))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let id = find(ctx, Args(planned).required("name")?, interrupted.since)
        .await
        .map_err(|e| e.during("looking for an interrupted create of API Gateway API Key"))?;
    match id {
        Some(id) => read_id(ctx, planned, &id).await,
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateApiKey",
            ctx.c
                .apigateway
                .update_api_key()
                .api_key(id)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway API Key"))?;
    }
    super::rest_api::update_tags(ctx, &arn(ctx, id), prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found("API Gateway API Key", id))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteApiKey",
        ctx.c.apigateway.delete_api_key().api_key(id)
    ))
    .map_err(|e| e.during("deleting API Gateway API Key"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = super::with_id(id);
    read_id(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found("API Gateway API Key", id))
}

crate::kind::register!(ApiKey, "aws_api_gateway_api_key");
