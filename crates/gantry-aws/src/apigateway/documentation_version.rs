//! `aws_api_gateway_documentation_version`: keyed by API and version.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_documentation_version").expect("table exists")
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((a.required("rest_api_id")?, a.required("version")?))
}

async fn get(
    ctx: &Ctx<'_>,
    api: &str,
    version: &str,
) -> Result<
    Option<aws_sdk_apigateway::operation::get_documentation_version::GetDocumentationVersionOutput>,
    ApiError,
> {
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetDocumentationVersion",
        ctx.c
            .apigateway
            .get_documentation_version()
            .rest_api_id(api)
            .documentation_version(version)
    ))
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    version: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = get(ctx, api, version)
        .await
        .map_err(|e| e.during("reading API Gateway Documentation Version"))?;
    let Some(v) = out else { return Ok(None) };
    let mut o = Object::from(schema(), base);
    o.str("id", Some(format!("{api}/{version}")))
        .str("rest_api_id", Some(api))
        .str("version", Some(version))
        .str("description", Some(v.description().unwrap_or_default()));
    Ok(Some(o.build()))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, version) = key(a)?;
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_documentation_version()
                    .rest_api_id(api)
                    .documentation_version(version)
                    .set_description(a.str("description").map(str::to_string));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateDocumentationVersion", e))
                }
            },
            || async move { Ok(get(ctx, api, version).await?.map(|_| ())) },
        )
        .await
        .map_err(|e| e.during("creating API Gateway Documentation Version"))?;
    read_key(ctx, planned, api, version)
        .await?
        .ok_or_else(|| not_found("API Gateway Documentation Version", version))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, version) = key(Args(current))?;
    read_key(ctx, current, api, version).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (api, version) = key(Args(prior))?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateDocumentationVersion",
            ctx.c
                .apigateway
                .update_documentation_version()
                .rest_api_id(api)
                .documentation_version(version)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Documentation Version"))?;
    }
    let (api, version) = key(Args(planned))?;
    read_key(ctx, planned, api, version)
        .await?
        .ok_or_else(|| not_found("API Gateway Documentation Version", version))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, version) = key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteDocumentationVersion",
        ctx.c
            .apigateway
            .delete_documentation_version()
            .rest_api_id(api)
            .documentation_version(version)
    ))
    .map_err(|e| e.during("deleting API Gateway Documentation Version"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/VERSION")?;
    read_key(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Documentation Version", id))
}

crate::kind::register!(
    DocumentationVersion,
    "aws_api_gateway_documentation_version"
);
