//! `aws_api_gateway_integration`.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_apigateway::types::{
    ConnectionType, ContentHandlingStrategy, IntegrationType, TlsConfig,
};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::deleted;
use crate::patch::{patch_ops, unescape, Op, PatchOp};
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_integration").expect("table exists")
}

/// What GetIntegration, PutIntegration and embedded integrations share.
#[derive(Debug, Clone)]
pub struct View {
    pub r#type: Option<String>,
    pub http_method: Option<String>,
    pub uri: Option<String>,
    pub connection_type: Option<String>,
    pub connection_id: Option<String>,
    pub credentials: Option<String>,
    pub request_parameters: Option<HashMap<String, String>>,
    pub request_templates: Option<HashMap<String, String>>,
    pub passthrough_behavior: Option<String>,
    pub content_handling: Option<String>,
    pub timeout_in_millis: i32,
    pub cache_namespace: Option<String>,
    pub cache_key_parameters: Vec<String>,
    pub tls_insecure_skip_verification: Option<bool>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::integration::View {
            r#type: o.r#type().map(|t| t.as_str().to_string()),
            http_method: o.http_method().map(str::to_string),
            uri: o.uri().map(str::to_string),
            connection_type: o.connection_type().map(|t| t.as_str().to_string()),
            connection_id: o.connection_id().map(str::to_string),
            credentials: o.credentials().map(str::to_string),
            request_parameters: o.request_parameters().cloned(),
            request_templates: o.request_templates().cloned(),
            passthrough_behavior: o.passthrough_behavior().map(str::to_string),
            content_handling: o.content_handling().map(|t| t.as_str().to_string()),
            timeout_in_millis: o.timeout_in_millis(),
            cache_namespace: o.cache_namespace().map(str::to_string),
            cache_key_parameters: o.cache_key_parameters().to_vec(),
            tls_insecure_skip_verification: o.tls_config().map(|t| t.insecure_skip_verification()),
        }
    }};
}
pub(crate) use view;

pub fn id(api: &str, resource: &str, method: &str) -> String {
    format!("agi-{api}-{resource}-{method}")
}

pub fn object(base: &Value, api: &str, res: &str, m: &str, v: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id(api, res, m)))
        .str("rest_api_id", Some(api))
        .str("resource_id", Some(res))
        .str("http_method", Some(m))
        .str("type", v.r#type)
        .str(
            "integration_http_method",
            Some(v.http_method.unwrap_or_default()),
        )
        .str("uri", Some(v.uri.unwrap_or_default()))
        // The provider reads an absent connection type as its default.
        .str(
            "connection_type",
            Some(v.connection_type.unwrap_or_else(|| "INTERNET".into())),
        )
        .str("connection_id", Some(v.connection_id.unwrap_or_default()))
        .str("credentials", Some(v.credentials.unwrap_or_default()))
        .string_map("request_parameters", v.request_parameters.as_ref())
        .string_map("request_templates", v.request_templates.as_ref())
        .str("passthrough_behavior", v.passthrough_behavior)
        .str(
            "content_handling",
            Some(v.content_handling.unwrap_or_default()),
        )
        .num("timeout_milliseconds", Some(v.timeout_in_millis as f64))
        .str("cache_namespace", v.cache_namespace)
        .set_of("cache_key_parameters", Some(v.cache_key_parameters));
    // Like the endpoint configuration of an API: kept out of state unless
    // the configuration writes the block.
    if !Args(base).get("tls_config").is_null() {
        let tls = v.tls_insecure_skip_verification.map_or(Value::Null, |b| {
            Value::List(
                vec![Value::Map(
                    BTreeMap::from([("insecure_skip_verification".to_string(), Value::Bool(b))])
                        .into(),
                )]
                .into(),
            )
        });
        o.set("tls_config", tls);
    }
    o.build()
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, res, m) = super::method_key(a)?;
    let params: HashMap<String, String> = a.map("request_parameters").into_iter().collect();
    let templates: HashMap<String, String> = a.map("request_templates").into_iter().collect();
    let cache_keys = a.strings("cache_key_parameters");
    // The provider sends the resource id as the namespace when cache keys
    // are set without one.
    let namespace = a
        .str("cache_namespace")
        .map(str::to_string)
        .or_else(|| (!cache_keys.is_empty()).then(|| res.to_string()));
    let tls = a.block("tls_config").map(|t| {
        TlsConfig::builder()
            .insecure_skip_verification(t.bool("insecure_skip_verification").unwrap_or(false))
            .build()
    });
    let out = call!(
        ctx,
        Repeat::Harmless,
        "PutIntegration",
        ctx.c
            .apigateway
            .put_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .r#type(IntegrationType::from(a.str("type").unwrap_or("MOCK")))
            .set_integration_http_method(a.str("integration_http_method").map(str::to_string))
            .set_uri(a.str("uri").map(str::to_string))
            .set_connection_type(a.str("connection_type").map(ConnectionType::from))
            .set_connection_id(a.str("connection_id").map(str::to_string))
            .set_credentials(a.str("credentials").map(str::to_string))
            .set_request_parameters(Some(params.clone()).filter(|p| !p.is_empty()))
            .set_request_templates(Some(templates.clone()).filter(|t| !t.is_empty()))
            .set_passthrough_behavior(a.str("passthrough_behavior").map(str::to_string))
            .set_cache_namespace(namespace.clone())
            .set_cache_key_parameters(Some(cache_keys.clone()).filter(|c| !c.is_empty()))
            .set_content_handling(a.str("content_handling").map(ContentHandlingStrategy::from))
            .set_timeout_in_millis(a.int("timeout_milliseconds"))
            .set_tls_config(tls.clone())
    )
    .map_err(|e| e.during("creating API Gateway Integration"))?;
    let created = object(planned, api, res, m, view!(&out));
    // What the create did not take, set again. AWS takes everything, so
    // this sends nothing there; LocalStack ignores `cacheNamespace` on
    // PutIntegration (it uses the resource id) but honours the update.
    let missed: Vec<PatchOp> = patch_ops(
        schema(),
        &created,
        &super::configured_over(schema(), &created, planned),
    );
    if missed.is_empty() {
        return Ok(created);
    }
    send(ctx, api, res, m, missed).await?;
    get(ctx, planned, api, res, m).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Integration vanished",
            format!("{} was created but cannot be read back", id(api, res, m)),
        )
    })
}

async fn get(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    res: &str,
    m: &str,
) -> Result<Option<Value>, ProviderError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "GetIntegration",
        ctx.c
            .apigateway
            .get_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
    ) {
        // An empty answer (no type) is no integration: moto answers 200
        // `{}` where AWS answers 404.
        Ok(o) if o.r#type().is_none() => Ok(None),
        Ok(o) => Ok(Some(object(base, api, res, m, view!(&o)))),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.during("reading API Gateway Integration")),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    let (api, res, m) = super::method_key(a)?;
    get(ctx, current, api, res, m).await
}

/// Two stages, as the provider does since v5.80 (#40124): everything but
/// the cache keys first, then the cache-key operations checked against
/// what the API holds by then, because changing request parameters can add
/// or drop cache keys by itself (#39801, #29910, #25736).
pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(prior);
    let (api, res, m) = super::method_key(a)?;
    let (cache_ops, ops): (Vec<PatchOp>, Vec<PatchOp>) = patch_ops(schema(), prior, planned)
        .into_iter()
        .partition(|o| o.path.starts_with("/cacheKeyParameters/"));
    if !ops.is_empty() {
        send(ctx, api, res, m, ops).await?;
    }
    if !cache_ops.is_empty() {
        let held = get(ctx, prior, api, res, m)
            .await?
            .map(|now| Args(&now).strings("cache_key_parameters"))
            .unwrap_or_default();
        let needed: Vec<PatchOp> = cache_ops
            .into_iter()
            .filter(|o| {
                let key = unescape(o.path.trim_start_matches("/cacheKeyParameters/"));
                match o.op {
                    Op::Add => !held.contains(&key),
                    Op::Remove => held.contains(&key),
                    Op::Replace => false,
                }
            })
            .collect();
        if !needed.is_empty() {
            send(ctx, api, res, m, needed).await?;
        }
    }
    get(ctx, planned, api, res, m).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Integration vanished",
            format!("{} disappeared during the update", id(api, res, m)),
        )
    })
}

async fn send(
    ctx: &Ctx<'_>,
    api: &str,
    res: &str,
    m: &str,
    ops: Vec<PatchOp>,
) -> Result<(), ProviderError> {
    let ops = sdk_patch(ops);
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateIntegration",
        ctx.c
            .apigateway
            .update_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
            .set_patch_operations(Some(ops.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during("updating API Gateway Integration"))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let (api, res, m) = super::method_key(a)?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteIntegration",
        ctx.c
            .apigateway
            .delete_integration()
            .rest_api_id(api)
            .resource_id(res)
            .http_method(m)
    ))
    .map_err(|e| e.during("deleting API Gateway Integration"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 3, "REST-API-ID/RESOURCE-ID/HTTP-METHOD")?;
    get(ctx, &Value::Null, p[0], p[1], p[2])
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Integration", id))
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

crate::kind::register!(ApiIntegration, "aws_api_gateway_integration");
