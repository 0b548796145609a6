//! `aws_api_gateway_method_response`: keyed by its method and status code.

use std::collections::{BTreeMap, HashMap};

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, response_key, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_method_response").expect("table exists")
}

/// What GetMethodResponse, PutMethodResponse and GetResources' embedded
/// method responses share.
#[derive(Debug, Clone)]
pub struct View {
    pub response_models: Option<HashMap<String, String>>,
    pub response_parameters: Option<HashMap<String, bool>>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::method_response::View {
            response_models: o.response_models().cloned(),
            response_parameters: o.response_parameters().cloned(),
        }
    }};
}
pub(crate) use view;

pub fn id(api: &str, res: &str, m: &str, code: &str) -> String {
    format!("agmr-{api}-{res}-{m}-{code}")
}

pub fn object(base: &Value, key: (&str, &str, &str, &str), v: View) -> Value {
    let (api, res, m, code) = key;
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id(api, res, m, code)))
        .str("rest_api_id", Some(api))
        .str("resource_id", Some(res))
        .str("http_method", Some(m))
        .str("status_code", Some(code))
        .string_map("response_models", v.response_models.as_ref())
        .map(
            "response_parameters",
            v.response_parameters.map(|p| {
                p.into_iter()
                    .map(|(k, b)| (k, Value::Bool(b)))
                    .collect::<BTreeMap<_, _>>()
            }),
        );
    o.build()
}

fn bools(a: Args<'_>, name: &str) -> HashMap<String, bool> {
    match a.get(name).unmark().0 {
        Value::Map(p) => p
            .iter()
            .filter_map(|(k, v)| match v.unmark().0 {
                Value::Bool(b) => Some((k.clone(), *b)),
                _ => None,
            })
            .collect(),
        _ => HashMap::new(),
    }
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let key = response_key(a)?;
    let (api, res, m, code) = key;
    let models: HashMap<String, String> = a.map("response_models").into_iter().collect();
    let params = bools(a, "response_parameters");
    // Like PutMethod: AWS answers 409 to a second put of the same
    // response, so after a lost answer it looks first.
    let out = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .put_method_response()
                    .rest_api_id(api)
                    .resource_id(res)
                    .http_method(m)
                    .status_code(code)
                    .set_response_models(Some(models.clone()).filter(|m| !m.is_empty()))
                    .set_response_parameters(Some(params.clone()).filter(|p| !p.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|o| view!(&o))
                        .map_err(|e| ApiError::from_sdk("PutMethodResponse", e))
                }
            },
            || get(ctx, key),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Method Response"))?;
    Ok(object(planned, key, out))
}

async fn get(ctx: &Ctx<'_>, key: (&str, &str, &str, &str)) -> Result<Option<View>, ApiError> {
    let (api, res, m, code) = key;
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetMethodResponse",
        ctx.c
            .apigateway
            .get_method_response()
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
        .map_err(|e| e.during("reading API Gateway Method Response"))?;
    Ok(v.map(|v| object(base, key, v)))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_key(ctx, current, response_key(Args(current))?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    // The provider sends the update to the planned status code (a changed
    // code is not force-new); so does gantry.
    let key = response_key(Args(planned))?;
    let (api, res, m, code) = key;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    let out = call!(
        ctx,
        Repeat::Harmless,
        "UpdateMethodResponse",
        ctx.c
            .apigateway
            .update_method_response()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .status_code(code)
            .set_patch_operations(Some(ops.clone()))
    )
    .map_err(|e| e.during("updating API Gateway Method Response"))?;
    Ok(object(planned, key, view!(&out)))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, res, m, code) = response_key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteMethodResponse",
        ctx.c
            .apigateway
            .delete_method_response()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .status_code(code)
    ))
    .map_err(|e| e.during("deleting API Gateway Method Response"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 4, "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE")?;
    read_key(ctx, &Value::Null, (p[0], p[1], p[2], p[3]))
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Method Response", id))
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

crate::kind::register!(MethodResponse, "aws_api_gateway_method_response");
