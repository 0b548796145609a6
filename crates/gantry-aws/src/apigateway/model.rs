//! `aws_api_gateway_model`: named within its API, so found by name.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{equivalent_json, Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_model").expect("table exists")
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((a.required("rest_api_id")?, a.required("name")?))
}

async fn get(
    ctx: &Ctx<'_>,
    api: &str,
    name: &str,
) -> Result<Option<aws_sdk_apigateway::operation::get_model::GetModelOutput>, ApiError> {
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetModel",
        ctx.c
            .apigateway
            .get_model()
            .rest_api_id(api)
            .model_name(name)
            .flatten(false)
    ))
}

/// What GetModel and GetModels' items share.
pub struct View {
    pub(crate) id: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) schema: Option<String>,
}

macro_rules! view {
    ($m:expr) => {{
        let m = $m;
        $crate::apigateway::model::View {
            id: m.id().map(str::to_string),
            content_type: m.content_type().map(str::to_string),
            description: m.description().map(str::to_string),
            schema: m.schema().map(str::to_string),
        }
    }};
}
pub(crate) use view;

pub fn object(base: &Value, api: &str, name: &str, m: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("id", m.id)
        .str("rest_api_id", Some(api))
        .str("name", Some(name))
        .str("content_type", m.content_type)
        .str("description", Some(m.description.unwrap_or_default()))
        .str(
            "schema",
            Some(
                m.schema
                    .map(|s| equivalent_json(Args(base).str("schema"), &s))
                    .unwrap_or_default(),
            ),
        );
    o.build()
}

async fn read_name(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    name: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = get(ctx, api, name)
        .await
        .map_err(|e| e.during("reading API Gateway Model"))?;
    Ok(out.map(|m| object(base, api, name, view!(&m))))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, name) = key(a)?;
    // A repeat answers ConflictException (the name is taken): after a lost
    // answer, look first.
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_model()
                    .rest_api_id(api)
                    .name(name)
                    .content_type(a.str("content_type").unwrap_or_default())
                    .set_description(a.str("description").map(str::to_string))
                    .set_schema(a.str("schema").map(str::to_string));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateModel", e))
                }
            },
            || async move { Ok(get(ctx, api, name).await?.map(|_| ())) },
        )
        .await
        .map_err(|e| e.during("creating API Gateway Model"))?;
    read_name(ctx, planned, api, name)
        .await?
        .ok_or_else(|| not_found("API Gateway Model", name))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, name) = key(Args(current))?;
    read_name(ctx, current, api, name).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (api, name) = key(Args(prior))?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateModel",
            ctx.c
                .apigateway
                .update_model()
                .rest_api_id(api)
                .model_name(name)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Model"))?;
    }
    read_name(ctx, planned, api, name)
        .await?
        .ok_or_else(|| not_found("API Gateway Model", name))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, name) = key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteModel",
        ctx.c
            .apigateway
            .delete_model()
            .rest_api_id(api)
            .model_name(name)
    ))
    .map_err(|e| e.during("deleting API Gateway Model"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/NAME")?;
    read_name(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Model", id))
}

crate::kind::register!(Model, "aws_api_gateway_model");
