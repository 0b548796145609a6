//! `aws_api_gateway_gateway_response`: keyed by its API and response type;
//! PutGatewayResponse creates and updates, DeleteGatewayResponse restores
//! API Gateway's default.

use std::collections::HashMap;

use aws_sdk_apigateway::types::GatewayResponseType;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::import_parts;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_gateway_response").expect("table exists")
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((a.required("rest_api_id")?, a.required("response_type")?))
}

/// What GetGatewayResponse and GetGatewayResponses' items share.
pub struct View {
    pub(crate) status_code: Option<String>,
    pub(crate) templates: Option<HashMap<String, String>>,
    pub(crate) parameters: Option<HashMap<String, String>>,
}

macro_rules! view {
    ($r:expr) => {{
        let r = $r;
        $crate::apigateway::gateway_response::View {
            status_code: r.status_code().map(str::to_string),
            templates: r.response_templates().cloned(),
            parameters: r.response_parameters().cloned(),
        }
    }};
}
pub(crate) use view;

pub fn object(base: &Value, api: &str, kind: &str, r: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("id", Some(format!("aggr-{api}-{kind}")))
        .str("rest_api_id", Some(api))
        .str("response_type", Some(kind))
        .str("status_code", Some(r.status_code.unwrap_or_default()))
        .string_map("response_templates", r.templates.as_ref())
        .string_map("response_parameters", r.parameters.as_ref());
    o.build()
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    kind: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetGatewayResponse",
        ctx.c
            .apigateway
            .get_gateway_response()
            .rest_api_id(api)
            .response_type(GatewayResponseType::from(kind))
    ))
    .map_err(|e| e.during("reading API Gateway Gateway Response"))?;
    Ok(out.map(|r| object(base, api, kind, view!(&r))))
}

/// PutGatewayResponse replaces the whole response: it creates, updates,
/// and may be repeated.
async fn put(ctx: &Ctx<'_>, planned: &Value, doing: &str) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, kind) = key(a)?;
    let templates: HashMap<String, String> = a.map("response_templates").into_iter().collect();
    let params: HashMap<String, String> = a.map("response_parameters").into_iter().collect();
    call!(
        ctx,
        Repeat::Harmless,
        "PutGatewayResponse",
        ctx.c
            .apigateway
            .put_gateway_response()
            .rest_api_id(api)
            .response_type(GatewayResponseType::from(kind))
            .set_status_code(a.str("status_code").map(str::to_string))
            .set_response_templates(Some(templates.clone()).filter(|t| !t.is_empty()))
            .set_response_parameters(Some(params.clone()).filter(|p| !p.is_empty()))
    )
    .map_err(|e| e.during(doing))?;
    read_key(ctx, planned, api, kind)
        .await?
        .ok_or_else(|| not_found("API Gateway Gateway Response", kind))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    put(ctx, planned, "creating API Gateway Gateway Response").await
}

pub async fn update(
    ctx: &Ctx<'_>,
    _prior: &Value,
    planned: &Value,
) -> Result<Value, ProviderError> {
    put(ctx, planned, "updating API Gateway Gateway Response").await
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, kind) = key(Args(current))?;
    read_key(ctx, current, api, kind).await
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, kind) = key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteGatewayResponse",
        ctx.c
            .apigateway
            .delete_gateway_response()
            .rest_api_id(api)
            .response_type(GatewayResponseType::from(kind))
    ))
    .map_err(|e| e.during("deleting API Gateway Gateway Response"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/RESPONSE-TYPE")?;
    read_key(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Gateway Response", id))
}

crate::kind::register!(GatewayResponse, "aws_api_gateway_gateway_response");
