//! EC2 networking: `aws_vpc`, `aws_subnet`, `aws_security_group` and
//! `aws_vpc_endpoint`. Creates carry the intent
//! tag in their tag specifications (EC2 objects have no unique names), so
//! an interrupted create is found by it; the tag is removed once the
//! create has answered.

use std::collections::HashMap;

use aws_sdk_ec2::types::{Filter, ResourceType as Ec2Type, Tag, TagSpecification};
use gantry_config::value::Value;
use gantry_executor::ProviderError;

use crate::ctx::{call, Ctx};
use crate::retry::Repeat;
use crate::{intent, tags};

pub mod security_group;
mod sg_rules;
pub(crate) use sg_rules::protocol_name;
pub mod subnet;
pub mod vpc;
pub mod vpc_endpoint;

/// The tags a create sends, with the intent tag when there is a token.
fn tag_specs(
    ctx: &Ctx<'_>,
    planned: &Value,
    kind: Ec2Type,
    token: Option<&str>,
) -> Option<Vec<TagSpecification>> {
    let mut wanted = tags::wanted(ctx.settings, planned);
    if let Some(t) = token {
        wanted.insert(intent::TAG.to_string(), t.to_string());
    }
    if wanted.is_empty() {
        return None;
    }
    let mut pairs: Vec<(String, String)> = wanted.into_iter().collect();
    pairs.sort();
    Some(vec![TagSpecification::builder()
        .resource_type(kind)
        .set_tags(Some(
            pairs
                .into_iter()
                .map(|(k, v)| Tag::builder().key(k).value(v).build())
                .collect(),
        ))
        .build()])
}

fn tag_map(tags: &[Tag]) -> HashMap<String, String> {
    tags.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

fn intent_filter(token: &str) -> Filter {
    filter(&format!("tag:{}", intent::TAG), token)
}

/// Removes the intent tag once the create has answered.
async fn untag_intent(ctx: &Ctx<'_>, id: &str) -> Result<(), ProviderError> {
    call!(
        ctx,
        Repeat::Harmless,
        "DeleteTags",
        ctx.c
            .ec2
            .delete_tags()
            .resources(id)
            .tags(Tag::builder().key(intent::TAG).build())
    )
    .map(|_| ())
    .map_err(|e| e.during("removing the intent tag").uncertain())
}

/// Tags changed in place: CreateTags and DeleteTags on the object.
async fn update_tags(
    ctx: &Ctx<'_>,
    id: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), ProviderError> {
    let tag = |k: &str, v: Option<&str>| {
        Tag::builder()
            .key(k)
            .set_value(v.map(str::to_string))
            .build()
    };
    tags::apply_changes(
        ctx.settings,
        prior,
        planned,
        |remove| async move {
            let keys: Vec<Tag> = remove.iter().map(|k| tag(k, None)).collect();
            call!(
                ctx,
                Repeat::Harmless,
                "DeleteTags",
                ctx.c
                    .ec2
                    .delete_tags()
                    .resources(id)
                    .set_tags(Some(keys.clone()))
            )
            .map(|_| ())
        },
        |add| async move {
            let mut pairs: Vec<(String, String)> = add.into_iter().collect();
            pairs.sort();
            let tags: Vec<Tag> = pairs.iter().map(|(k, v)| tag(k, Some(v))).collect();
            call!(
                ctx,
                Repeat::Harmless,
                "CreateTags",
                ctx.c
                    .ec2
                    .create_tags()
                    .resources(id)
                    .set_tags(Some(tags.clone()))
            )
            .map(|_| ())
        },
    )
    .await
}

/// An ARN of an EC2 object: `arn:{partition}:ec2:{region}:{owner}:{kind}/{id}`.
fn arn(ctx: &Ctx<'_>, owner: &str, kind: &str, id: &str) -> String {
    format!(
        "arn:{}:ec2:{}:{owner}:{kind}/{id}",
        ctx.partition(),
        ctx.region()
    )
}

/// Polls `available` every two seconds, for up to two minutes, until the
/// new object is usable.
async fn wait_available<F, Fut>(what: &str, id: &str, mut available: F) -> Result<(), ProviderError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool, crate::error::ApiError>>,
{
    for _ in 0..60 {
        if available()
            .await
            .map_err(|e| e.during(&format!("waiting for {what}")))?
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    Err(ProviderError::new(
        format!("{what} not available"),
        format!("{what} {id} did not become available within two minutes."),
    ))
}

/// A delete that what the object still holds (subnets, network
/// interfaces) refuses with DependencyViolation while it drains: retried
/// for five minutes, as the provider does; gone already is done.
async fn delete_draining<F, Fut, T>(
    what: &str,
    gone_code: &str,
    mut delete: F,
) -> Result<(), ProviderError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, crate::error::ApiError>>,
{
    let start = std::time::Instant::now();
    loop {
        match crate::error::deleted(delete().await) {
            Err(e)
                if matches!(
                    e.code.as_deref(),
                    Some("DependencyViolation" | "InvalidGroup.InUse")
                ) && start.elapsed().as_secs() < 300 =>
            {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
            Err(e) if e.code.as_deref() == Some(gone_code) => return Ok(()),
            other => return other.map_err(|e| e.during(&format!("deleting {what}"))),
        }
    }
}
