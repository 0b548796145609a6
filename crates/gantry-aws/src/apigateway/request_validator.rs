//! `aws_api_gateway_request_validator`.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{child_key, import_parts, imported, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_request_validator").expect("table exists")
}

/// What GetRequestValidator and GetRequestValidators' items share.
pub struct View {
    pub(crate) name: Option<String>,
    pub(crate) body: bool,
    pub(crate) parameters: bool,
}

macro_rules! view {
    ($v:expr) => {{
        let v = $v;
        $crate::apigateway::request_validator::View {
            name: v.name().map(str::to_string),
            body: v.validate_request_body(),
            parameters: v.validate_request_parameters(),
        }
    }};
}
pub(crate) use view;

pub fn object(base: &Value, api: &str, id: &str, v: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("rest_api_id", Some(api))
        .str("name", Some(v.name.unwrap_or_default()))
        .bool("validate_request_body", Some(v.body))
        .bool("validate_request_parameters", Some(v.parameters));
    o.build()
}

async fn read_id(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    id: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetRequestValidator",
        ctx.c
            .apigateway
            .get_request_validator()
            .rest_api_id(api)
            .request_validator_id(id)
    ))
    .map_err(|e| e.during("reading API Gateway Request Validator"))?;
    Ok(out.map(|v| object(base, api, id, view!(&v))))
}

/// The validator of this name (what a lost or interrupted create made).
async fn find(ctx: &Ctx<'_>, api: &str, name: &str) -> Result<Option<String>, ApiError> {
    let all = super::list_in_api!(ctx, api, "GetRequestValidators", get_request_validators)?;
    Ok(all
        .unwrap_or_default()
        .iter()
        .find(|v| v.name() == Some(name))
        .and_then(|v| v.id().map(str::to_string)))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let name = a.required("name")?;
    let id = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_request_validator()
                    .rest_api_id(api)
                    .name(name)
                    .validate_request_body(a.bool("validate_request_body").unwrap_or(false))
                    .validate_request_parameters(
                        a.bool("validate_request_parameters").unwrap_or(false),
                    );
                async move {
                    req.send()
                        .await
                        .map(|o| o.id().unwrap_or_default().to_string())
                        .map_err(|e| ApiError::from_sdk("CreateRequestValidator", e))
                }
            },
            || find(ctx, api, name),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Request Validator"))?;
    read_id(ctx, planned, api, &id)
        .await?
        .ok_or_else(|| not_found("API Gateway Request Validator", &id))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let id = find(ctx, api, a.required("name")?).await.map_err(|e| {
        e.during("looking for an interrupted create of API Gateway Request Validator")
    })?;
    match id {
        Some(id) => read_id(ctx, planned, api, &id).await,
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, id) = child_key(Args(current))?;
    read_id(ctx, current, api, id).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (api, id) = child_key(Args(prior))?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateRequestValidator",
            ctx.c
                .apigateway
                .update_request_validator()
                .rest_api_id(api)
                .request_validator_id(id)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Request Validator"))?;
    }
    read_id(ctx, planned, api, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Request Validator", id))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, id) = child_key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteRequestValidator",
        ctx.c
            .apigateway
            .delete_request_validator()
            .rest_api_id(api)
            .request_validator_id(id)
    ))
    .map_err(|e| e.during("deleting API Gateway Request Validator"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/REQUEST-VALIDATOR-ID")?;
    read_id(ctx, &imported(p[0], p[1]), p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Request Validator", id))
}

crate::kind::register!(RequestValidator, "aws_api_gateway_request_validator");
