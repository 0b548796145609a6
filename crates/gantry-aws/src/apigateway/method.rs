//! `aws_api_gateway_method`.

use std::collections::{BTreeMap, HashMap};

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_method").expect("table exists")
}

/// What GetMethod, PutMethod and GetResources' embedded methods share.
#[derive(Debug, Clone)]
pub struct View {
    pub authorization_type: Option<String>,
    pub authorizer_id: Option<String>,
    pub authorization_scopes: Vec<String>,
    pub api_key_required: Option<bool>,
    pub operation_name: Option<String>,
    pub request_models: Option<HashMap<String, String>>,
    pub request_parameters: Option<HashMap<String, bool>>,
    pub request_validator_id: Option<String>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::method::View {
            authorization_type: o.authorization_type().map(str::to_string),
            authorizer_id: o.authorizer_id().map(str::to_string),
            authorization_scopes: o.authorization_scopes().to_vec(),
            api_key_required: o.api_key_required(),
            operation_name: o.operation_name().map(str::to_string),
            request_models: o.request_models().cloned(),
            request_parameters: o.request_parameters().cloned(),
            request_validator_id: o.request_validator_id().map(str::to_string),
        }
    }};
}
pub(crate) use view;

pub fn id(api: &str, resource: &str, method: &str) -> String {
    format!("agm-{api}-{resource}-{method}")
}

pub fn object(base: &Value, api: &str, resource: &str, method: &str, v: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id(api, resource, method)))
        .str("rest_api_id", Some(api))
        .str("resource_id", Some(resource))
        .str("http_method", Some(method))
        .str("authorization", v.authorization_type)
        .str("authorizer_id", v.authorizer_id)
        .set_of("authorization_scopes", Some(v.authorization_scopes))
        .bool(
            "api_key_required",
            Some(v.api_key_required.unwrap_or(false)),
        )
        .str("operation_name", v.operation_name)
        .string_map("request_models", v.request_models.as_ref())
        .map(
            "request_parameters",
            v.request_parameters.map(|m| {
                m.into_iter()
                    .map(|(k, b)| (k, Value::Bool(b)))
                    .collect::<BTreeMap<_, _>>()
            }),
        )
        .str("request_validator_id", v.request_validator_id);
    o.build()
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, res, m) = super::method_key(a)?;
    let models: HashMap<String, String> = a.map("request_models").into_iter().collect();
    let params: HashMap<String, bool> = match a.get("request_parameters") {
        Value::Map(p) => p
            .iter()
            .filter_map(|(k, v)| match v.unmark().0 {
                Value::Bool(b) => Some((k.clone(), *b)),
                _ => None,
            })
            .collect(),
        _ => HashMap::new(),
    };
    // On AWS a second PutMethod on the same method answers 409 "Method
    // already exists for this resource" (LocalStack overwrites). So a
    // PutMethod whose answer was lost is not repeated blindly: GetMethod
    // first, and what is there is what the lost call made.
    let out = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .put_method()
                    .rest_api_id(api)
                    .resource_id(res)
                    .http_method(m)
                    .authorization_type(a.str("authorization").unwrap_or("NONE"))
                    .set_authorizer_id(a.str("authorizer_id").map(str::to_string))
                    .set_authorization_scopes(
                        Some(a.strings("authorization_scopes")).filter(|s| !s.is_empty()),
                    )
                    .api_key_required(a.bool("api_key_required").unwrap_or(false))
                    .set_operation_name(a.str("operation_name").map(str::to_string))
                    .set_request_models(Some(models.clone()).filter(|m| !m.is_empty()))
                    .set_request_parameters(Some(params.clone()).filter(|p| !p.is_empty()))
                    .set_request_validator_id(a.str("request_validator_id").map(str::to_string));
                async move {
                    req.send()
                        .await
                        .map(|o| view!(&o))
                        .map_err(|e| ApiError::from_sdk("PutMethod", e))
                }
            },
            || get(ctx, api, res, m),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Method"))?;
    Ok(object(planned, api, res, m, out))
}

/// The method's view, `None` when it does not exist.
async fn get(ctx: &Ctx<'_>, api: &str, res: &str, m: &str) -> Result<Option<View>, ApiError> {
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetMethod",
        ctx.c
            .apigateway
            .get_method()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
    ))
    .map(|o| o.map(|o| view!(&o)))
}

async fn read_ids(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    res: &str,
    m: &str,
) -> Result<Option<Value>, ProviderError> {
    let v = get(ctx, api, res, m)
        .await
        .map_err(|e| e.during("reading API Gateway Method"))?;
    Ok(v.map(|v| object(base, api, res, m, v)))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    let (api, res, m) = super::method_key(a)?;
    read_ids(ctx, current, api, res, m).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(prior);
    let (api, res, m) = super::method_key(a)?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    let out = call!(
        ctx,
        Repeat::Harmless,
        "UpdateMethod",
        ctx.c
            .apigateway
            .update_method()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .set_patch_operations(Some(ops.clone()))
    )
    .map_err(|e| e.during("updating API Gateway Method"))?;
    Ok(object(planned, api, res, m, view!(&out)))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let (api, res, m) = super::method_key(a)?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteMethod",
        ctx.c
            .apigateway
            .delete_method()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
    ))
    .map_err(|e| e.during("deleting API Gateway Method"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 3, "REST-API-ID/RESOURCE-ID/HTTP-METHOD")?;
    read_ids(ctx, &Value::Null, p[0], p[1], p[2])
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Method", id))
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

crate::kind::register!(ApiMethod, "aws_api_gateway_method");
