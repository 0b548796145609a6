//! `aws_api_gateway_rest_api`.

use std::collections::HashMap;

use aws_sdk_apigateway::primitives::Blob;
use aws_sdk_apigateway::types::{
    ApiKeySourceType, EndpointConfiguration, EndpointType, IpAddressType, PutMode,
};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::intent;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{equivalent_json, Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_rest_api").expect("table exists")
}

/// What GetRestApi, CreateRestApi and GetRestApis items share.
pub struct View {
    pub id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub created_date: Option<String>,
    pub binary_media_types: Vec<String>,
    pub minimum_compression_size: Option<i32>,
    pub api_key_source: Option<String>,
    pub endpoint_types: Vec<String>,
    pub vpc_endpoint_ids: Vec<String>,
    pub ip_address_type: Option<String>,
    pub policy: Option<String>,
    pub tags: Option<HashMap<String, String>>,
    pub disable_execute_api_endpoint: bool,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        let ec = o.endpoint_configuration();
        $crate::apigateway::rest_api::View {
            id: o.id().unwrap_or_default().to_string(),
            name: o.name().map(str::to_string),
            description: o.description().map(str::to_string),
            created_date: $crate::values::rfc3339(o.created_date()),
            binary_media_types: o.binary_media_types().to_vec(),
            minimum_compression_size: o.minimum_compression_size(),
            api_key_source: o.api_key_source().map(|s| s.as_str().to_string()),
            endpoint_types: ec
                .map(|e| e.types().iter().map(|t| t.as_str().to_string()).collect())
                .unwrap_or_default(),
            vpc_endpoint_ids: ec
                .map(|e| e.vpc_endpoint_ids().to_vec())
                .unwrap_or_default(),
            ip_address_type: ec
                .and_then(|e| e.ip_address_type())
                .map(|t| t.as_str().to_string()),
            policy: o.policy().map(str::to_string),
            tags: o.tags().cloned(),
            disable_execute_api_endpoint: o.disable_execute_api_endpoint(),
        }
    }};
}
pub(crate) use view;

/// API Gateway returns a policy with its quotes escaped (`{\"Version\"...`).
pub(crate) fn unescape_policy(p: &str) -> String {
    if serde_json::from_str::<serde_json::Value>(p).is_ok() {
        p.to_string()
    } else {
        p.replace("\\\"", "\"")
    }
}

/// The object for state, from an API answer over `base`.
pub async fn object(
    ctx: &Ctx<'_>,
    base: &Value,
    v: View,
    root_resource_id: Option<String>,
) -> Result<Value, ApiError> {
    let mut o = Object::from(schema(), base);
    let a = Args(base);
    o.str("id", Some(&v.id))
        .str("name", v.name)
        // "" where the API has nothing, as SDKv2 reads it (crate::legacy).
        .str("description", Some(v.description.unwrap_or_default()))
        .str("api_key_source", v.api_key_source)
        .list("binary_media_types", Some(v.binary_media_types))
        .bool(
            "disable_execute_api_endpoint",
            Some(v.disable_execute_api_endpoint),
        )
        .str(
            "minimum_compression_size",
            Some(
                v.minimum_compression_size
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
            ),
        )
        .str(
            "policy",
            Some(
                v.policy
                    .map(|p| equivalent_json(a.str("policy"), &unescape_policy(&p)))
                    .unwrap_or_default(),
            ),
        )
        .str("created_date", v.created_date)
        .str("root_resource_id", root_resource_id)
        .str("arn", Some(arn(ctx, &v.id)))
        .str(
            "execution_arn",
            Some(format!(
                "arn:{}:execute-api:{}:{}:{}",
                ctx.partition(),
                ctx.region(),
                ctx.account().await?,
                v.id
            )),
        );
    // The API always answers an endpoint configuration (EDGE by default):
    // recorded whether configured or not, as the provider does (the block
    // is computed, so leaving it out plans no change).
    let mut ec = std::collections::BTreeMap::new();
    ec.insert(
        "types".to_string(),
        Value::List(v.endpoint_types.into_iter().map(Value::string).collect()),
    );
    ec.insert(
        "vpc_endpoint_ids".to_string(),
        Value::set(v.vpc_endpoint_ids.into_iter().map(Value::string).collect()),
    );
    ec.insert(
        "ip_address_type".to_string(),
        Value::string(v.ip_address_type.unwrap_or_default()),
    );
    o.set(
        "endpoint_configuration",
        Value::List(vec![Value::Map(ec.into())].into()),
    );
    tags::record(&mut o, ctx.settings, base, v.tags.as_ref());
    Ok(o.build())
}

fn endpoint_configuration(planned: &Value) -> Option<EndpointConfiguration> {
    let ec = Args(planned).block("endpoint_configuration")?;
    Some(
        EndpointConfiguration::builder()
            .set_types(Some(
                ec.strings("types")
                    .iter()
                    .map(|t| EndpointType::from(t.as_str()))
                    .collect(),
            ))
            .set_vpc_endpoint_ids(Some(ec.strings("vpc_endpoint_ids")).filter(|v| !v.is_empty()))
            .set_ip_address_type(ec.str("ip_address_type").map(IpAddressType::from))
            .build(),
    )
}

/// The id of the API's root resource (`/`): GetResources, paged, as the
/// provider does (the RootResourceId field is missing on some endpoints).
pub async fn root_resource_id(ctx: &Ctx<'_>, api_id: &str) -> Result<Option<String>, ApiError> {
    super::scan_resources(ctx, api_id, false, |r| {
        (r.path() == Some("/"))
            .then(|| r.id().map(str::to_string))
            .flatten()
    })
    .await
}

fn arn(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.apigateway_arn(&format!("/restapis/{id}"))
}

/// `token` labels the API while the create is in flight (see
/// [`crate::intent`]): REST API names are not unique.
pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("name")?;
    let started = std::time::SystemTime::now();
    let (created, tagged) =
        super::create_tagged(&tags::wanted(ctx.settings, planned), token, |tags| {
            ctx.api.create_checked(
                move || {
                    let req = ctx
                        .c
                        .apigateway
                        .create_rest_api()
                        .name(name)
                        .set_description(a.str("description").map(str::to_string))
                        .set_api_key_source(a.str("api_key_source").map(ApiKeySourceType::from))
                        .set_binary_media_types(
                            Some(a.strings("binary_media_types")).filter(|b| !b.is_empty()),
                        )
                        .set_disable_execute_api_endpoint(a.bool("disable_execute_api_endpoint"))
                        .set_endpoint_configuration(endpoint_configuration(planned))
                        .set_minimum_compression_size(
                            a.str("minimum_compression_size")
                                .and_then(|s| s.parse::<i32>().ok())
                                .filter(|n| *n >= 0),
                        )
                        .set_policy(a.str("policy").map(crate::json::normalized))
                        .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()));
                    async move {
                        req.send()
                            .await
                            .map(|o| o.id().unwrap_or_default().to_string())
                            .map_err(|e| ApiError::from_sdk("CreateRestApi", e))
                    }
                },
                // A create whose answer was lost: the API it labelled, or one
                // of this name made since the call started.
                move || find_created(ctx, name, started, token),
            )
        })
        .await
        .map_err(|e| e.during("creating API Gateway REST API"))?;
    if a.str("body").is_some() {
        put_body(ctx, &created, planned).await?;
        reconcile(ctx, &created, planned).await?;
    }
    if tagged {
        super::untag_intent(ctx, &arn(ctx, &created)).await?;
    }
    read_by_id(ctx, planned, &created).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway REST API vanished",
            format!("{created} was created but cannot be read back"),
        )
    })
}

/// After an interrupted create: the API labelled with the intent's token,
/// or failing that one of the planned name made since the create was about
/// to be sent.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let name = Args(planned).required("name")?;
    let found = find_created(ctx, name, interrupted.since, Some(interrupted.token))
        .await
        .map_err(|e| e.during("looking for an interrupted create of API Gateway REST API"))?;
    let Some(id) = found else { return Ok(None) };
    super::untag_intent(ctx, &arn(ctx, &id)).await?;
    // The create may have stopped before it imported the body: adopted
    // without one, the next plan shows the body to import (an update).
    let mut base = planned.clone();
    if let Value::Map(m) = &mut base {
        m.insert("body".into(), Value::Null);
    }
    read_by_id(ctx, &base, &id).await
}

async fn find_created(
    ctx: &Ctx<'_>,
    name: &str,
    since: std::time::SystemTime,
    token: Option<&str>,
) -> Result<Option<String>, ApiError> {
    let mut pick = intent::Pick::new(token.unwrap_or_default());
    let mut position: Option<String> = None;
    loop {
        let page = call!(
            ctx,
            Repeat::Harmless,
            "GetRestApis",
            ctx.c
                .apigateway
                .get_rest_apis()
                .limit(500)
                .set_position(position.clone())
        )?;
        for api in page.items() {
            let keys_match = api.name() == Some(name)
                && api
                    .created_date()
                    .is_some_and(|d| intent::made_since(d.as_secs_f64(), since));
            pick.offer(api.id(), api.tags(), keys_match);
        }
        if pick.settled() {
            return Ok(pick.found());
        }
        match page.position() {
            Some(p) if !p.is_empty() && !page.items().is_empty() => position = Some(p.to_string()),
            _ => return Ok(pick.found()),
        }
    }
}

async fn put_body(ctx: &Ctx<'_>, id: &str, planned: &Value) -> Result<(), ProviderError> {
    let a = Args(planned);
    let mode = match a.str("put_rest_api_mode") {
        Some("merge") => PutMode::Merge,
        _ => PutMode::Overwrite,
    };
    put_document(ctx, id, planned, mode)
        .await
        .map_err(|e| e.during("importing the OpenAPI body"))
}

/// PutRestApi of `planned`'s `body`, with its `fail_on_warnings` (false
/// when unset, the API's default) and `parameters`: what a REST API with a
/// body and `aws_api_gateway_rest_api_put` both send. Repeating it puts
/// the same document again.
pub(crate) async fn put_document(
    ctx: &Ctx<'_>,
    id: &str,
    planned: &Value,
    mode: PutMode,
) -> Result<(), ApiError> {
    let a = Args(planned);
    let params: HashMap<String, String> = a.map("parameters").into_iter().collect();
    let body = a
        .get("body")
        .as_str()
        .unwrap_or_default()
        .as_bytes()
        .to_vec();
    call!(
        ctx,
        Repeat::Harmless,
        "PutRestApi",
        ctx.c
            .apigateway
            .put_rest_api()
            .rest_api_id(id)
            .mode(mode.clone())
            .fail_on_warnings(a.bool("fail_on_warnings").unwrap_or(false))
            .set_parameters(Some(params.clone()).filter(|p| !p.is_empty()))
            .body(Blob::new(body.clone()))
    )
    .map(|_| ())
}

/// After PutRestApi, the OpenAPI document may have overridden what the
/// configuration sets (name, description, ...): set it back, as the
/// provider does since v4.
async fn reconcile(ctx: &Ctx<'_>, id: &str, planned: &Value) -> Result<(), ProviderError> {
    let Some(now) = read_by_id(ctx, planned, id).await? else {
        return Ok(());
    };
    update_fields(
        ctx,
        id,
        &now,
        &super::configured_over(schema(), &now, planned),
    )
    .await
}

async fn update_fields(
    ctx: &Ctx<'_>,
    id: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), ProviderError> {
    let mut ops = patch_ops(schema(), prior, planned);
    // The policy goes as the provider sends it: normalised JSON.
    let (old, new) = (Args(prior).get("policy"), Args(planned).get("policy"));
    if !gantry_executor::convert::unchanged(old, new) && !new.is_unknown() {
        ops.push(crate::patch::PatchOp {
            op: crate::patch::Op::Replace,
            path: "/policy".into(),
            value: Some(
                new.as_str()
                    .map(crate::json::normalized)
                    .unwrap_or_default(),
            ),
        });
    }
    if ops.is_empty() {
        return Ok(());
    }
    let ops = sdk_patch(ops);
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateRestApi",
        ctx.c
            .apigateway
            .update_rest_api()
            .rest_api_id(id)
            .set_patch_operations(Some(ops.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during("updating API Gateway REST API"))
}

pub async fn read_by_id(
    ctx: &Ctx<'_>,
    base: &Value,
    id: &str,
) -> Result<Option<Value>, ProviderError> {
    let Some(out) = found(call!(
        ctx,
        Repeat::Harmless,
        "GetRestApi",
        ctx.c.apigateway.get_rest_api().rest_api_id(id)
    ))
    .map_err(|e| e.during("reading API Gateway REST API"))?
    else {
        return Ok(None);
    };
    let root = match out.root_resource_id() {
        // Taken from the answer when there; the provider's fallback
        // (#37007) when not.
        Some(r) => Some(r.to_string()),
        None => root_resource_id(ctx, id)
            .await
            .map_err(|e| e.during("reading API Gateway REST API"))?,
    };
    object(ctx, base, view!(&out), root)
        .await
        .map(Some)
        .map_err(|e| e.during("reading API Gateway REST API"))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let id = Args(current).required("id")?;
    read_by_id(ctx, current, id).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    update_fields(ctx, id, prior, planned).await?;
    let (p, n) = (Args(prior), Args(planned));
    let body_changed = p.str("body") != n.str("body") || p.map("parameters") != n.map("parameters");
    if body_changed && n.str("body").is_some() {
        put_body(ctx, id, planned).await?;
        reconcile(ctx, id, planned).await?;
    }
    update_tags(ctx, &arn(ctx, id), prior, planned).await?;
    read_by_id(ctx, planned, id).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway REST API vanished",
            format!("{id} disappeared during the update"),
        )
    })
}

/// TagResource / UntagResource for any API Gateway ARN.
pub async fn update_tags(
    ctx: &Ctx<'_>,
    arn: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), ProviderError> {
    let (add, remove) = tags::changes(ctx.settings, prior, planned);
    if !remove.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UntagResource",
            ctx.c
                .apigateway
                .untag_resource()
                .resource_arn(arn)
                .set_tag_keys(Some(remove.clone()))
        )
        .map_err(|e| e.during("untagging"))?;
    }
    if !add.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "TagResource",
            ctx.c
                .apigateway
                .tag_resource()
                .resource_arn(arn)
                .set_tags(Some(add.clone()))
        )
        .map_err(|e| e.during("tagging"))?;
    }
    Ok(())
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteRestApi",
        ctx.c.apigateway.delete_rest_api().rest_api_id(id)
    ))
    .map_err(|e| e.during("deleting API Gateway REST API"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = super::with_id(id);
    read_by_id(ctx, &base, id)
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway REST API with id", id))
}

crate::kind::register!(RestApi, "aws_api_gateway_rest_api", intent);
