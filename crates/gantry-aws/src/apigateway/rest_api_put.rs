//! `aws_api_gateway_rest_api_put`: one PutRestApi of an OpenAPI document
//! into a REST API made elsewhere, as provider 5.100 does it (mode
//! `overwrite`). The object is what was put: reads only check that the API
//! is still there, and a destroy leaves the API as the put made it.

use aws_sdk_apigateway::types::PutMode;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{found, not_found};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_rest_api_put").expect("table exists")
}

/// Whether the REST API is there (GetRestApi).
async fn api_exists(ctx: &Ctx<'_>, api: &str) -> Result<bool, ProviderError> {
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetRestApi",
        ctx.c.apigateway.get_rest_api().rest_api_id(api)
    ))
    .map(|o| o.is_some())
    .map_err(|e| e.during("reading API Gateway REST API Put"))
}

/// The stored object: the planned one, with `fail_on_warnings` known (the
/// API's default, false, when the configuration leaves it out).
fn object(planned: &Value, fail_on_warnings: bool) -> Value {
    let mut o = Object::from(schema(), planned);
    o.bool("fail_on_warnings", Some(fail_on_warnings));
    o.build()
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let fail_on_warnings = a.bool("fail_on_warnings").unwrap_or(false);
    super::rest_api::put_document(ctx, api, planned, PutMode::Overwrite)
        .await
        .map_err(|e| e.during("creating API Gateway REST API Put"))?;
    if !api_exists(ctx, api).await? {
        return Err(not_found("API Gateway REST API", api));
    }
    Ok(object(planned, fail_on_warnings))
}

/// A put is repeatable: an interrupted one is put again.
pub async fn find_interrupted(
    _ctx: &Ctx<'_>,
    _planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    Ok(None)
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let api = Args(current).required("rest_api_id")?;
    Ok(api_exists(ctx, api)
        .await?
        .then(|| Object::from(schema(), current).build()))
}

/// The provider's delete does nothing: what was put stays in the API.
pub async fn delete(_ctx: &Ctx<'_>, _prior: &Value) -> Result<(), ProviderError> {
    Ok(())
}

/// The import ID is the REST API's; what was put is not known then.
pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    if !api_exists(ctx, id).await? {
        return Err(not_found("API Gateway REST API", id));
    }
    let mut o = Object::from(schema(), &Value::Null);
    o.str("rest_api_id", Some(id));
    Ok(o.build())
}

crate::kind::register!(RestApiPut, "aws_api_gateway_rest_api_put", no_update);
