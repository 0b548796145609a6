//! API Gateway (REST, v1): REST APIs, resources, methods, integrations and
//! VPC links, and the bulk read that refreshes a whole API with a few
//! GetResources pages.

use aws_sdk_apigateway::types::{Op as SdkOp, PatchOperation};

use std::collections::HashMap;

use aws_sdk_apigateway::types::Resource;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::ApiError;
use crate::patch::{Op, PatchOp};
use crate::retry::Repeat;
use crate::values::{Args, Object};

pub mod account;
pub mod api_key;
pub mod authorizer;
pub mod base_path_mapping;
pub mod bulk;
pub mod client_certificate;
pub mod deployment;
pub mod documentation_part;
pub mod documentation_version;
pub mod domain_name;
pub mod domain_name_access_association;
pub mod gateway_response;
pub mod integration;
pub mod integration_response;
pub mod method;
pub mod method_response;
pub mod method_settings;
pub mod model;
pub mod request_validator;
pub mod resource;
pub mod rest_api;
pub mod rest_api_policy;
pub mod rest_api_put;
pub mod stage;
pub mod usage_plan;
pub mod usage_plan_key;
pub mod vpc_link;

/// Removes the intent tag (see [`crate::intent`]) from a REST API or VPC
/// link once its create has an answer.
pub async fn untag_intent(ctx: &Ctx<'_>, arn: &str) -> Result<(), ProviderError> {
    call!(
        ctx,
        Repeat::Harmless,
        "UntagResource",
        ctx.c
            .apigateway
            .untag_resource()
            .resource_arn(arn)
            .tag_keys(crate::intent::TAG)
    )
    .map(|_| ())
    // The object exists but is not done: the intent stays open, and the
    // next run finds the object by its tag and finishes.
    .map_err(|e| e.during("removing the intent tag").uncertain())
}

/// Sends a create with `tags` plus the intent tag when there is a token;
/// a principal not allowed to tag gets the create without it.
pub async fn create_tagged<T, F, Fut>(
    tags: &HashMap<String, String>,
    token: Option<&str>,
    mut create: F,
) -> Result<(T, bool), ApiError>
where
    F: FnMut(HashMap<String, String>) -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let Some(token) = token else {
        return create(tags.clone()).await.map(|t| (t, false));
    };
    let mut labelled = tags.clone();
    labelled.insert(crate::intent::TAG.to_string(), token.to_string());
    match create(labelled).await {
        Err(e) if crate::intent::tag_refused(&e) => create(tags.clone()).await.map(|t| (t, false)),
        other => other.map(|t| (t, true)),
    }
}

/// Every item of every page of a paginated API Gateway listing; `None`
/// when what it lists under is gone (NotFound).
macro_rules! list_all {
    ($ctx:expr, $op:literal, $req:expr) => {{
        let mut all = Vec::new();
        let mut position: Option<String> = None;
        loop {
            let page = $crate::error::found($crate::ctx::call!(
                $ctx,
                $crate::retry::Repeat::Harmless,
                $op,
                $req(position.clone())
            ));
            match page {
                Ok(None) => break Ok(None),
                Err(e) => break Err(e),
                Ok(Some(page)) => {
                    all.extend(page.items().iter().cloned());
                    match page.position() {
                        Some(p) if !p.is_empty() && !page.items().is_empty() => {
                            position = Some(p.to_string())
                        }
                        _ => break Ok(Some(all)),
                    }
                }
            }
        }
    }};
}
pub(crate) use list_all;

/// Every item of one REST API's paginated listing `$call`
/// (`get_deployments`, `get_authorizers`, ...), 500 a page; `None` when the
/// API is gone.
macro_rules! list_in_api {
    ($ctx:expr, $api:expr, $op:literal, $call:ident) => {
        $crate::apigateway::list_all!($ctx, $op, |p| $ctx
            .c
            .apigateway
            .$call()
            .rest_api_id($api)
            .limit(500)
            .set_position(p))
    };
}
pub(crate) use list_in_api;

pub fn sdk_patch(ops: Vec<PatchOp>) -> Vec<PatchOperation> {
    ops.into_iter()
        .map(|o| {
            PatchOperation::builder()
                .op(match o.op {
                    Op::Add => SdkOp::Add,
                    Op::Remove => SdkOp::Remove,
                    Op::Replace => SdkOp::Replace,
                })
                .path(o.path)
                .set_value(o.value)
                .build()
        })
        .collect()
}

/// `actual` with every argument the configuration sets (`planned`,
/// known and not null) put over it: what the API should hold. Comparing
/// the two with `patch_ops` gives what a create did not take.
pub fn configured_over(schema: &'static ResourceType, actual: &Value, planned: &Value) -> Value {
    let mut wanted = Object::from(schema, actual);
    for a in schema.attributes.iter().filter(|a| a.is_settable()) {
        let v = Args(planned).get(a.name);
        if !v.is_null() && !v.is_unknown() {
            wanted.set(a.name, v.clone());
        }
    }
    wanted.build()
}

/// Pages through a REST API's resources (GetResources, 500 a page, with
/// their methods and integrations when `embed`) until `visit` answers
/// something or the pages end.
pub async fn scan_resources<T>(
    ctx: &Ctx<'_>,
    api: &str,
    embed: bool,
    mut visit: impl FnMut(&Resource) -> Option<T>,
) -> Result<Option<T>, ApiError> {
    let mut position: Option<String> = None;
    loop {
        let page = call!(
            ctx,
            Repeat::Harmless,
            "GetResources",
            ctx.c
                .apigateway
                .get_resources()
                .rest_api_id(api)
                .set_embed(embed.then(|| vec!["methods".to_string()]))
                .limit(500)
                .set_position(position.clone())
        )?;
        if let Some(found) = page.items().iter().find_map(&mut visit) {
            return Ok(Some(found));
        }
        match page.position() {
            Some(p) if !p.is_empty() && !page.items().is_empty() => position = Some(p.to_string()),
            _ => return Ok(None),
        }
    }
}

/// The three arguments that name a method (and its integration).
pub fn method_key(a: Args<'_>) -> Result<(&str, &str, &str), gantry_executor::ProviderError> {
    Ok((
        a.required("rest_api_id")?,
        a.required("resource_id")?,
        a.required("http_method")?,
    ))
}

/// The four arguments that name a method response (and its integration
/// response).
pub fn response_key(
    a: Args<'_>,
) -> Result<(&str, &str, &str, &str), gantry_executor::ProviderError> {
    let (api, res, m) = method_key(a)?;
    Ok((api, res, m, a.required("status_code")?))
}

/// `rest_api_id` and `id`: what names most objects inside a REST API.
pub fn child_key(a: Args<'_>) -> Result<(&str, &str), gantry_executor::ProviderError> {
    Ok((a.required("rest_api_id")?, a.required("id")?))
}

/// `{"id": id}`: what an import by id knows before it reads.
pub fn with_id(id: &str) -> Value {
    Value::Map(
        [("id".to_string(), Value::string(id))]
            .into_iter()
            .collect(),
    )
}

/// `{"id": id, "rest_api_id": api}`: what an import knows before it reads.
pub fn imported(api: &str, id: &str) -> Value {
    Value::Map(
        [
            ("id".to_string(), Value::string(id)),
            ("rest_api_id".to_string(), Value::string(api)),
        ]
        .into_iter()
        .collect(),
    )
}

/// Splits a slash-separated import id into exactly `n` non-empty parts.
pub fn import_parts<'a>(
    id: &'a str,
    n: usize,
    format: &str,
) -> Result<Vec<&'a str>, gantry_executor::ProviderError> {
    let parts: Vec<&str> = id.split('/').collect();
    if parts.len() != n || parts.iter().any(|p| p.is_empty()) {
        return Err(gantry_executor::ProviderError::new(
            "Invalid import ID",
            format!("Unexpected format of ID ({id:?}), expected {format}"),
        ));
    }
    Ok(parts)
}
