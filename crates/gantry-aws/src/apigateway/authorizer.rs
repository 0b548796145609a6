//! `aws_api_gateway_authorizer`.

use aws_sdk_apigateway::types::AuthorizerType;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{child_key, import_parts, imported, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::{patch_ops, Op};
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_authorizer").expect("table exists")
}

const DEFAULT_TTL: i32 = 300;

/// What GetAuthorizer and GetAuthorizers' items share.
pub struct View {
    pub(crate) name: Option<String>,
    pub(crate) kind: Option<String>,
    pub(crate) uri: Option<String>,
    pub(crate) credentials: Option<String>,
    pub(crate) ttl: Option<i32>,
    pub(crate) identity_source: Option<String>,
    pub(crate) identity_validation_expression: Option<String>,
    pub(crate) provider_arns: Vec<String>,
}

macro_rules! view {
    ($a:expr) => {{
        let a = $a;
        $crate::apigateway::authorizer::View {
            name: a.name().map(str::to_string),
            kind: a.r#type().map(|t| t.as_str().to_string()),
            uri: a.authorizer_uri().map(str::to_string),
            credentials: a.authorizer_credentials().map(str::to_string),
            ttl: a.authorizer_result_ttl_in_seconds(),
            identity_source: a.identity_source().map(str::to_string),
            identity_validation_expression: a.identity_validation_expression().map(str::to_string),
            provider_arns: a.provider_arns().to_vec(),
        }
    }};
}
pub(crate) use view;

pub fn object(ctx: &Ctx<'_>, base: &Value, api: &str, id: &str, a: View) -> Value {
    let mut o = Object::from(schema(), base);
    // "" where the API has nothing, as SDKv2 reads it (`crate::legacy`).
    o.str("id", Some(id))
        .str("rest_api_id", Some(api))
        .str("name", Some(a.name.unwrap_or_default()))
        .str("type", a.kind)
        .str("authorizer_uri", Some(a.uri.unwrap_or_default()))
        .str(
            "authorizer_credentials",
            Some(a.credentials.unwrap_or_default()),
        )
        .num(
            "authorizer_result_ttl_in_seconds",
            Some(f64::from(a.ttl.unwrap_or(DEFAULT_TTL))),
        )
        .str(
            "identity_source",
            Some(a.identity_source.unwrap_or_default()),
        )
        .str(
            "identity_validation_expression",
            Some(a.identity_validation_expression.unwrap_or_default()),
        )
        .set_of("provider_arns", Some(a.provider_arns))
        .str(
            "arn",
            Some(ctx.apigateway_arn(&format!("/restapis/{api}/authorizers/{id}"))),
        );
    o.build()
}

pub(crate) async fn read_id(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    id: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetAuthorizer",
        ctx.c
            .apigateway
            .get_authorizer()
            .rest_api_id(api)
            .authorizer_id(id)
    ))
    .map_err(|e| e.during("reading API Gateway Authorizer"))?;
    Ok(out.map(|a| object(ctx, base, api, id, view!(&a))))
}

/// The authorizer of this name (names are unique within an API).
async fn find(ctx: &Ctx<'_>, api: &str, name: &str) -> Result<Option<String>, ApiError> {
    let all = super::list_in_api!(ctx, api, "GetAuthorizers", get_authorizers)?;
    Ok(all
        .unwrap_or_default()
        .iter()
        .find(|a| a.name() == Some(name))
        .and_then(|a| a.id().map(str::to_string)))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let name = a.required("name")?;
    let kind = AuthorizerType::from(a.str("type").unwrap_or("TOKEN"));
    let cognito = kind == AuthorizerType::CognitoUserPools;
    let id = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_authorizer()
                    .rest_api_id(api)
                    .name(name)
                    .r#type(kind.clone())
                    .set_identity_source(a.str("identity_source").map(str::to_string))
                    .authorizer_result_ttl_in_seconds(
                        a.int("authorizer_result_ttl_in_seconds")
                            .unwrap_or(DEFAULT_TTL),
                    )
                    .set_authorizer_uri(a.str("authorizer_uri").map(str::to_string))
                    // The API ignores credentials given to CreateAuthorizer
                    // for a Cognito authorizer: they follow in an update.
                    .set_authorizer_credentials(
                        a.str("authorizer_credentials")
                            .filter(|_| !cognito)
                            .map(str::to_string),
                    )
                    .set_identity_validation_expression(
                        a.str("identity_validation_expression").map(str::to_string),
                    )
                    .set_provider_arns(Some(a.strings("provider_arns")).filter(|p| !p.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|o| o.id().unwrap_or_default().to_string())
                        .map_err(|e| ApiError::from_sdk("CreateAuthorizer", e))
                }
            },
            || find(ctx, api, name),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Authorizer"))?;
    if let (true, Some(creds)) = (cognito, a.str("authorizer_credentials")) {
        let op = crate::patch::PatchOp {
            op: Op::Replace,
            path: "/authorizerCredentials".into(),
            value: Some(creds.to_string()),
        };
        send(ctx, api, &id, vec![op]).await?;
    }
    read_id(ctx, planned, api, &id)
        .await?
        .ok_or_else(|| not_found("API Gateway Authorizer", &id))
}

async fn send(
    ctx: &Ctx<'_>,
    api: &str,
    id: &str,
    ops: Vec<crate::patch::PatchOp>,
) -> Result<(), ProviderError> {
    let ops = sdk_patch(ops);
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateAuthorizer",
        ctx.c
            .apigateway
            .update_authorizer()
            .rest_api_id(api)
            .authorizer_id(id)
            .set_patch_operations(Some(ops.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during("updating API Gateway Authorizer"))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let id = find(ctx, api, a.required("name")?)
        .await
        .map_err(|e| e.during("looking for an interrupted create of API Gateway Authorizer"))?;
    match id {
        Some(id) => read_id(ctx, planned, api, &id).await,
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, id) = child_key(Args(current))?;
    read_id(ctx, current, api, id).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (api, id) = child_key(Args(prior))?;
    // An authorizer's provider ARNs may never be empty: adds go first.
    let mut ops = patch_ops(schema(), prior, planned);
    ops.sort_by_key(|o| o.path == "/providerARNs" && o.op == Op::Remove);
    if !ops.is_empty() {
        send(ctx, api, id, ops).await?;
    }
    read_id(ctx, planned, api, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Authorizer", id))
}

/// As the provider: a conflict (a method still uses it) leaves the
/// authorizer to go with its API.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, id) = child_key(Args(prior))?;
    match call!(
        ctx,
        Repeat::Harmless,
        "DeleteAuthorizer",
        ctx.c
            .apigateway
            .delete_authorizer()
            .rest_api_id(api)
            .authorizer_id(id)
    ) {
        Ok(_) => Ok(()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("ConflictException") => Ok(()),
        Err(e) => Err(e.during("deleting API Gateway Authorizer")),
    }
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/AUTHORIZER-ID")?;
    read_id(ctx, &imported(p[0], p[1]), p[0], p[1])
        .await?
        .ok_or_else(|| not_found("API Gateway Authorizer", id))
}

crate::kind::register!(Authorizer, "aws_api_gateway_authorizer");
