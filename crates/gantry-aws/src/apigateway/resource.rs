//! `aws_api_gateway_resource`: one path segment of a REST API.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, ApiError};
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_resource").expect("table exists")
}

#[derive(Debug, Clone)]
pub struct View {
    pub id: String,
    pub parent_id: Option<String>,
    pub path_part: Option<String>,
    pub path: Option<String>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::resource::View {
            id: o.id().unwrap_or_default().to_string(),
            parent_id: o.parent_id().map(str::to_string),
            path_part: o.path_part().map(str::to_string),
            path: o.path().map(str::to_string),
        }
    }};
}
pub(crate) use view;

pub fn object(base: &Value, rest_api_id: &str, v: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("id", Some(v.id))
        .str("rest_api_id", Some(rest_api_id))
        .str("parent_id", v.parent_id)
        .str("path_part", v.path_part)
        .str("path", v.path);
    o.build()
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, parent, part) = (
        a.required("rest_api_id")?,
        a.required("parent_id")?,
        a.required("path_part")?,
    );
    let v = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_resource()
                    .rest_api_id(api)
                    .parent_id(parent)
                    .path_part(part);
                async move {
                    req.send()
                        .await
                        .map(|o| view!(&o))
                        .map_err(|e| ApiError::from_sdk("CreateResource", e))
                }
            },
            // A path segment is unique under its parent, so one that is
            // there now is the one a lost answer created.
            || find(ctx, api, parent, part),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Resource"))?;
    Ok(object(planned, api, v))
}

/// After an interrupted create: the path segment under its parent, which
/// API Gateway keeps unique.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(planned);
    let (api, parent, part) = (
        a.required("rest_api_id")?,
        a.required("parent_id")?,
        a.required("path_part")?,
    );
    let found = find(ctx, api, parent, part)
        .await
        .map_err(|e| e.during("looking for an interrupted create of API Gateway Resource"))?;
    Ok(found.map(|v| object(planned, api, v)))
}

async fn find(
    ctx: &Ctx<'_>,
    api: &str,
    parent: &str,
    part: &str,
) -> Result<Option<View>, ApiError> {
    super::scan_resources(ctx, api, false, |r| {
        (r.parent_id() == Some(parent) && r.path_part() == Some(part)).then(|| view!(r))
    })
    .await
}

async fn read_ids(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    id: &str,
) -> Result<Option<Value>, ProviderError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "GetResource",
        ctx.c
            .apigateway
            .get_resource()
            .rest_api_id(api)
            .resource_id(id)
    ) {
        Ok(o) => Ok(Some(object(base, api, view!(&o)))),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.during("reading API Gateway Resource")),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    read_ids(ctx, current, a.required("rest_api_id")?, a.required("id")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(prior);
    let (api, id) = (a.required("rest_api_id")?, a.required("id")?);
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    let out = call!(
        ctx,
        Repeat::Harmless,
        "UpdateResource",
        ctx.c
            .apigateway
            .update_resource()
            .rest_api_id(api)
            .resource_id(id)
            .set_patch_operations(Some(ops.clone()))
    )
    .map_err(|e| e.during("updating API Gateway Resource"))?;
    Ok(object(planned, api, view!(&out)))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let (api, id) = (a.required("rest_api_id")?, a.required("id")?);
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteResource",
        ctx.c
            .apigateway
            .delete_resource()
            .rest_api_id(api)
            .resource_id(id)
    ))
    .map_err(|e| e.during("deleting API Gateway Resource"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/RESOURCE-ID")?;
    read_ids(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Resource", id))
}

crate::kind::register!(ApiResource, "aws_api_gateway_resource");
