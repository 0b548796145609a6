//! `aws_api_gateway_integration_response`: keyed by its method and status
//! code.

use std::collections::HashMap;

use aws_sdk_apigateway::types::ContentHandlingStrategy;

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, response_key};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_integration_response").expect("table exists")
}

/// What GetIntegrationResponse, PutIntegrationResponse and GetResources'
/// embedded integration responses share.
#[derive(Debug, Clone)]
pub struct View {
    pub selection_pattern: Option<String>,
    pub response_templates: Option<HashMap<String, String>>,
    pub response_parameters: Option<HashMap<String, String>>,
    pub content_handling: Option<String>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::integration_response::View {
            selection_pattern: o.selection_pattern().map(str::to_string),
            response_templates: o.response_templates().cloned(),
            response_parameters: o.response_parameters().cloned(),
            content_handling: o.content_handling().map(|c| c.as_str().to_string()),
        }
    }};
}
pub(crate) use view;

pub fn id(api: &str, res: &str, m: &str, code: &str) -> String {
    format!("agir-{api}-{res}-{m}-{code}")
}

pub fn object(base: &Value, key: (&str, &str, &str, &str), v: View) -> Value {
    let (api, res, m, code) = key;
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id(api, res, m, code)))
        .str("rest_api_id", Some(api))
        .str("resource_id", Some(res))
        .str("http_method", Some(m))
        .str("status_code", Some(code))
        // "" where the API has nothing, as SDKv2 reads it (see
        // `crate::legacy`).
        .str(
            "selection_pattern",
            Some(v.selection_pattern.unwrap_or_default()),
        )
        .string_map("response_templates", v.response_templates.as_ref())
        .string_map("response_parameters", v.response_parameters.as_ref())
        .str(
            "content_handling",
            Some(v.content_handling.unwrap_or_default()),
        );
    o.build()
}

/// PutIntegrationResponse with everything `planned` sets: it replaces
/// the whole response, so it both creates and updates (as the provider
/// does: it has no UpdateIntegrationResponse), and a repeat after a lost
/// answer puts the same thing again.
async fn put(ctx: &Ctx<'_>, planned: &Value, doing: &str) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let key = response_key(a)?;
    let (api, res, m, code) = key;
    let templates: HashMap<String, String> = a.map("response_templates").into_iter().collect();
    let params: HashMap<String, String> = a.map("response_parameters").into_iter().collect();
    call!(
        ctx,
        Repeat::Harmless,
        "PutIntegrationResponse",
        ctx.c
            .apigateway
            .put_integration_response()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .status_code(code)
            .set_selection_pattern(a.str("selection_pattern").map(str::to_string))
            .set_response_templates(Some(templates.clone()).filter(|t| !t.is_empty()))
            .set_response_parameters(Some(params.clone()).filter(|p| !p.is_empty()))
            .set_content_handling(a.str("content_handling").map(ContentHandlingStrategy::from))
    )
    .map_err(|e| e.during(doing))?;
    read_key(ctx, planned, key).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Integration Response vanished",
            format!("{} cannot be read back", id(api, res, m, code)),
        )
    })
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    put(ctx, planned, "creating API Gateway Integration Response").await
}

async fn get(ctx: &Ctx<'_>, key: (&str, &str, &str, &str)) -> Result<Option<View>, ApiError> {
    let (api, res, m, code) = key;
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetIntegrationResponse",
        ctx.c
            .apigateway
            .get_integration_response()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .status_code(code)
    ))
    .map(|o| o.map(|o| view!(&o)))
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    key: (&str, &str, &str, &str),
) -> Result<Option<Value>, ProviderError> {
    let v = get(ctx, key)
        .await
        .map_err(|e| e.during("reading API Gateway Integration Response"))?;
    Ok(v.map(|v| object(base, key, v)))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_key(ctx, current, response_key(Args(current))?).await
}

pub async fn update(
    ctx: &Ctx<'_>,
    _prior: &Value,
    planned: &Value,
) -> Result<Value, ProviderError> {
    put(ctx, planned, "updating API Gateway Integration Response").await
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, res, m, code) = response_key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteIntegrationResponse",
        ctx.c
            .apigateway
            .delete_integration_response()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .status_code(code)
    ))
    .map_err(|e| e.during("deleting API Gateway Integration Response"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 4, "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE")?;
    read_key(ctx, &Value::Null, (p[0], p[1], p[2], p[3]))
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Integration Response", id))
}

/// Keyed: the object of the planned key is the one an interrupted create
/// made, if any.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

crate::kind::register!(IntegrationResponse, "aws_api_gateway_integration_response");
