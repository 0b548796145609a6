//! `aws_api_gateway_vpc_link`: created PENDING, usable once AVAILABLE;
//! deleted DELETING until gone. gantry waits for both, as the provider
//! does (20 minutes at most).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_apigateway::types::VpcLinkStatus;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::ApiError;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

const WAIT: Duration = Duration::from_secs(20 * 60);

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_vpc_link").expect("table exists")
}

pub struct View {
    id: String,
    name: Option<String>,
    description: Option<String>,
    target_arns: Vec<String>,
    status: Option<VpcLinkStatus>,
    status_message: Option<String>,
    tags: Option<HashMap<String, String>>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::vpc_link::View {
            id: o.id().unwrap_or_default().to_string(),
            name: o.name().map(str::to_string),
            description: o.description().map(str::to_string),
            target_arns: o.target_arns().to_vec(),
            status: o.status().cloned(),
            status_message: o.status_message().map(str::to_string),
            tags: o.tags().cloned(),
        }
    }};
}

fn arn(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.apigateway_arn(&format!("/vpclinks/{id}"))
}

fn object(ctx: &Ctx<'_>, base: &Value, v: View) -> Value {
    let mut o = Object::from(schema(), base);
    o.str("arn", Some(arn(ctx, &v.id)))
        .str("id", Some(v.id))
        .str("name", v.name)
        // "" where the API has none, as SDKv2 stores it.
        .str("description", Some(v.description.unwrap_or_default()))
        .list("target_arns", Some(v.target_arns));
    tags::record(&mut o, ctx.settings, base, v.tags.as_ref());
    o.build()
}

async fn get(ctx: &Ctx<'_>, id: &str) -> Result<Option<View>, ApiError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "GetVpcLink",
        ctx.c.apigateway.get_vpc_link().vpc_link_id(id)
    ) {
        Ok(o) => Ok(Some(view!(&o))),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// Polls until the link is AVAILABLE (FAILED is an error with the API's
/// status message).
async fn wait_available(ctx: &Ctx<'_>, id: &str) -> Result<View, ProviderError> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        let v = get(ctx, id)
            .await
            .map_err(|e| e.during("waiting for API Gateway VPC Link"))?
            .ok_or_else(|| {
                ProviderError::new(
                    "API Gateway VPC Link vanished",
                    format!("{id} disappeared while it was being made available"),
                )
            })?;
        match &v.status {
            Some(VpcLinkStatus::Available) | None => return Ok(v),
            Some(VpcLinkStatus::Failed) => {
                return Err(ProviderError::new(
                    "API Gateway VPC Link failed",
                    format!(
                        "{id}: {}",
                        v.status_message.as_deref().unwrap_or("status FAILED")
                    ),
                ))
            }
            _ if start.elapsed() > WAIT => {
                return Err(ProviderError::new(
                    "Timed out waiting for API Gateway VPC Link",
                    format!(
                        "{id} is still {:?} after {} minutes",
                        v.status,
                        WAIT.as_secs() / 60
                    ),
                ))
            }
            _ => {}
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(3));
    }
}

/// `token` labels the link while the create is in flight (see
/// [`crate::intent`]): VPC link names are not unique.
pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("name")?;
    let targets = a.strings("target_arns");
    let targets = &targets;
    let (id, tagged) = super::create_tagged(&tags::wanted(ctx.settings, planned), token, |tags| {
        ctx.api.create_checked(
            move || {
                let req = ctx
                    .c
                    .apigateway
                    .create_vpc_link()
                    .name(name)
                    .set_description(a.str("description").map(str::to_string))
                    .set_target_arns(Some(targets.clone()))
                    .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|o| o.id().unwrap_or_default().to_string())
                        .map_err(|e| ApiError::from_sdk("CreateVpcLink", e))
                }
            },
            // A create whose answer was lost: the link it labelled, or
            // one of this name to these targets not yet AVAILABLE.
            move || {
                find_link(ctx, name, targets, token, |l| {
                    l.status() == Some(&VpcLinkStatus::Pending)
                })
            },
        )
    })
    .await
    .map_err(|e| e.during("creating API Gateway VPC Link"))?;
    if tagged {
        super::untag_intent(ctx, &arn(ctx, &id)).await?;
    }
    let v = wait_available(ctx, &id).await?;
    Ok(object(ctx, planned, v))
}

/// After an interrupted create: the link labelled with the intent's token,
/// or failing that one of the planned name to the planned targets, in any
/// status (it may have become AVAILABLE since).
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let token = interrupted.token;
    let a = Args(planned);
    let name = a.required("name")?;
    let targets = a.strings("target_arns");
    let found = find_link(ctx, name, &targets, Some(token), |_| true)
        .await
        .map_err(|e| e.during("looking for an interrupted create of API Gateway VPC Link"))?;
    let Some(id) = found else { return Ok(None) };
    super::untag_intent(ctx, &arn(ctx, &id)).await?;
    let v = wait_available(ctx, &id).await?;
    Ok(Some(object(ctx, planned, v)))
}

/// The link `token` labels; failing that, the first of this name to these
/// targets that `also` accepts, through every page of GetVpcLinks.
async fn find_link(
    ctx: &Ctx<'_>,
    name: &str,
    targets: &[String],
    token: Option<&str>,
    also: impl Fn(&aws_sdk_apigateway::types::VpcLink) -> bool,
) -> Result<Option<String>, ApiError> {
    let mut pick = crate::intent::Pick::new(token.unwrap_or_default());
    let mut position: Option<String> = None;
    loop {
        let page = call!(
            ctx,
            Repeat::Harmless,
            "GetVpcLinks",
            ctx.c
                .apigateway
                .get_vpc_links()
                .limit(500)
                .set_position(position.clone())
        )?;
        for l in page.items() {
            let keys_match = l.name() == Some(name) && l.target_arns() == targets && also(l);
            pick.offer(l.id(), l.tags(), keys_match);
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

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let id = Args(current).required("id")?;
    get(ctx, id)
        .await
        .map(|v| v.map(|v| object(ctx, current, v)))
        .map_err(|e| e.during("reading API Gateway VPC Link"))
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateVpcLink",
            ctx.c
                .apigateway
                .update_vpc_link()
                .vpc_link_id(id)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway VPC Link"))?;
    }
    super::rest_api::update_tags(ctx, &arn(ctx, id), prior, planned).await?;
    let v = wait_available(ctx, id).await?;
    Ok(object(ctx, planned, v))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    match call!(
        ctx,
        Repeat::Harmless,
        "DeleteVpcLink",
        ctx.c.apigateway.delete_vpc_link().vpc_link_id(id)
    ) {
        Ok(_) => {}
        Err(e) if e.is_not_found() => return Ok(()),
        Err(e) => return Err(e.during("deleting API Gateway VPC Link")),
    }
    let start = Instant::now();
    let mut delay = Duration::from_millis(250);
    while get(ctx, id)
        .await
        .map_err(|e| e.during("waiting for API Gateway VPC Link deletion"))?
        .is_some()
    {
        if start.elapsed() > WAIT {
            return Err(ProviderError::new(
                "Timed out waiting for API Gateway VPC Link deletion",
                format!("{id} still exists after {} minutes", WAIT.as_secs() / 60),
            ));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(1));
    }
    Ok(())
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = super::with_id(id);
    read(ctx, &base)
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway VPC Link with id", id))
}

crate::kind::register!(VpcLink, "aws_api_gateway_vpc_link", intent);
