//! `aws_api_gateway_documentation_part`: documentation for one API entity
//! (its location), found by location after a lost answer.

use aws_sdk_apigateway::types::{DocumentationPartLocation, DocumentationPartType};
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
    gantry_schema::resource_type("aws_api_gateway_documentation_part").expect("table exists")
}

/// `(type, method, name, path, status_code)` of a location.
type Where = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn planned_location(a: Args<'_>) -> Option<Where> {
    let l = a.block("location")?;
    Some((
        l.str("type")?.to_string(),
        l.str("method").map(str::to_string),
        l.str("name").map(str::to_string),
        l.str("path").map(str::to_string),
        l.str("status_code").map(str::to_string),
    ))
}

fn held_location(l: Option<&DocumentationPartLocation>) -> Option<Where> {
    let l = l?;
    Some((
        l.r#type().as_str().to_string(),
        l.method().map(str::to_string),
        l.name().map(str::to_string),
        l.path().map(str::to_string),
        l.status_code().map(str::to_string),
    ))
}

fn location_value(w: &Where) -> Value {
    let s = |v: &Option<String>| Value::string(v.clone().unwrap_or_default());
    Value::List(
        vec![Value::Map(
            [
                ("type".to_string(), Value::string(&w.0)),
                ("method".to_string(), s(&w.1)),
                ("name".to_string(), s(&w.2)),
                ("path".to_string(), s(&w.3)),
                ("status_code".to_string(), s(&w.4)),
            ]
            .into_iter()
            .collect(),
        )]
        .into(),
    )
}

async fn read_id(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    part: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetDocumentationPart",
        ctx.c
            .apigateway
            .get_documentation_part()
            .rest_api_id(api)
            .documentation_part_id(part)
    ))
    .map_err(|e| e.during("reading API Gateway Documentation Part"))?;
    let Some(p) = out else { return Ok(None) };
    let mut o = Object::from(schema(), base);
    o.str("id", Some(format!("{api}/{part}")))
        .str("documentation_part_id", Some(part))
        .str("rest_api_id", Some(api))
        .str(
            "properties",
            p.properties()
                .map(|x| equivalent_json(Args(base).str("properties"), x)),
        );
    if let Some(w) = held_location(p.location()) {
        o.set("location", location_value(&w));
    }
    Ok(Some(o.build()))
}

/// The part documenting this location (one per location and API).
async fn find(ctx: &Ctx<'_>, api: &str, at: &Where) -> Result<Option<String>, ApiError> {
    let all = super::list_in_api!(ctx, api, "GetDocumentationParts", get_documentation_parts)?;
    Ok(all
        .unwrap_or_default()
        .iter()
        .find(|p| held_location(p.location()).as_ref() == Some(at))
        .and_then(|p| p.id().map(str::to_string)))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let at = planned_location(a).ok_or_else(|| {
        ProviderError::new(
            "Missing location",
            "A documentation part needs its location block.",
        )
    })?;
    let at = &at;
    let location = DocumentationPartLocation::builder()
        .r#type(DocumentationPartType::from(at.0.as_str()))
        .set_method(at.1.clone())
        .set_name(at.2.clone())
        .set_path(at.3.clone())
        .set_status_code(at.4.clone())
        .build()
        .map_err(|e| ProviderError::new("Invalid location", e.to_string()))?;
    let id = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_documentation_part()
                    .rest_api_id(api)
                    .location(location.clone())
                    .properties(a.str("properties").unwrap_or("{}"));
                async move {
                    req.send()
                        .await
                        .map(|o| o.id().unwrap_or_default().to_string())
                        .map_err(|e| ApiError::from_sdk("CreateDocumentationPart", e))
                }
            },
            || find(ctx, api, at),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Documentation Part"))?;
    read_id(ctx, planned, api, &id)
        .await?
        .ok_or_else(|| not_found("API Gateway Documentation Part", &id))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let Some(at) = planned_location(a) else {
        return Ok(None);
    };
    let id = find(ctx, api, &at).await.map_err(|e| {
        e.during("looking for an interrupted create of API Gateway Documentation Part")
    })?;
    match id {
        Some(id) => read_id(ctx, planned, api, &id).await,
        None => Ok(None),
    }
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((
        a.required("rest_api_id")?,
        a.required("documentation_part_id")?,
    ))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, part) = key(Args(current))?;
    read_id(ctx, current, api, part).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (api, part) = key(Args(prior))?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateDocumentationPart",
            ctx.c
                .apigateway
                .update_documentation_part()
                .rest_api_id(api)
                .documentation_part_id(part)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Documentation Part"))?;
    }
    read_id(ctx, planned, api, part)
        .await?
        .ok_or_else(|| not_found("API Gateway Documentation Part", part))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, part) = key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteDocumentationPart",
        ctx.c
            .apigateway
            .delete_documentation_part()
            .rest_api_id(api)
            .documentation_part_id(part)
    ))
    .map_err(|e| e.during("deleting API Gateway Documentation Part"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/DOC-PART-ID")?;
    read_id(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Documentation Part", id))
}

crate::kind::register!(DocumentationPart, "aws_api_gateway_documentation_part");
