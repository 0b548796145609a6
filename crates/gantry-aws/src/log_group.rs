//! `aws_cloudwatch_log_group`: keyed by name (the id), created with its
//! tags, KMS key and class; retention is a separate call, as in the
//! provider. `skip_destroy` makes a destroy forget the group.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{deleted, not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};
use crate::{intent, tags};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_cloudwatch_log_group").expect("table exists")
}

/// The group of exactly this name (DescribeLogGroups matches a prefix).
async fn find(
    ctx: &Ctx<'_>,
    name: &str,
) -> Result<Option<aws_sdk_cloudwatchlogs::types::LogGroup>, ApiError> {
    let mut token: Option<String> = None;
    loop {
        let page = call!(
            ctx,
            Repeat::Harmless,
            "DescribeLogGroups",
            ctx.c
                .logs
                .describe_log_groups()
                .log_group_name_prefix(name)
                .set_next_token(token.clone())
        )?;
        if let Some(g) = page
            .log_groups()
            .iter()
            .find(|g| g.log_group_name() == Some(name))
        {
            return Ok(Some(g.clone()));
        }
        match page.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => return Ok(None),
        }
    }
}

async fn read_name(
    ctx: &Ctx<'_>,
    base: &Value,
    name: &str,
) -> Result<Option<Value>, ProviderError> {
    let doing = "reading CloudWatch Logs Log Group";
    let Some(g) = find(ctx, name).await.map_err(|e| e.during(doing))? else {
        return Ok(None);
    };
    // The API's ARN ends in `:*`; the provider stores it without.
    let arn = g
        .arn()
        .unwrap_or_default()
        .trim_end_matches(":*")
        .to_string();
    let held = call!(
        ctx,
        Repeat::Harmless,
        "ListTagsForResource",
        ctx.c.logs.list_tags_for_resource().resource_arn(&arn)
    )
    .map_err(|e| e.during(doing))?;
    let a = Args(base);
    let mut o = Object::from(schema(), base);
    o.str("id", Some(name))
        .str("name", Some(name))
        .str(
            "name_prefix",
            Some(a.str("name_prefix").unwrap_or_default()),
        )
        .str("arn", Some(arn))
        .num(
            "retention_in_days",
            Some(f64::from(g.retention_in_days().unwrap_or(0))),
        )
        .str("kms_key_id", Some(g.kms_key_id().unwrap_or_default()))
        .str(
            "log_group_class",
            Some(
                g.log_group_class()
                    .map(|c| c.as_str())
                    .unwrap_or("STANDARD"),
            ),
        )
        .bool(
            "skip_destroy",
            Some(a.bool("skip_destroy").unwrap_or(false)),
        );
    tags::record(&mut o, ctx.settings, base, held.tags());
    Ok(Some(o.build()))
}

async fn put_retention(ctx: &Ctx<'_>, name: &str, days: i32) -> Result<(), ProviderError> {
    let r = if days > 0 {
        call!(
            ctx,
            Repeat::Harmless,
            "PutRetentionPolicy",
            ctx.c
                .logs
                .put_retention_policy()
                .log_group_name(name)
                .retention_in_days(days)
        )
        .map(|_| ())
    } else {
        call!(
            ctx,
            Repeat::Harmless,
            "DeleteRetentionPolicy",
            ctx.c.logs.delete_retention_policy().log_group_name(name)
        )
        .map(|_| ())
    };
    r.map_err(|e| e.during("setting the CloudWatch Logs Log Group retention"))
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = intent::name_or_prefixed(a, "name", "name_prefix", "terraform-", token);
    let wanted = tags::wanted(ctx.settings, planned);
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .logs
                    .create_log_group()
                    .log_group_name(&name)
                    .set_kms_key_id(a.str("kms_key_id").map(str::to_string))
                    .set_log_group_class(
                        a.str("log_group_class")
                            .map(aws_sdk_cloudwatchlogs::types::LogGroupClass::from),
                    )
                    .set_tags(Some(wanted.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateLogGroup", e))
                }
            },
            || async { Ok(find(ctx, &name).await?.map(|_| ())) },
        )
        .await
        .map_err(|e| e.during("creating CloudWatch Logs Log Group"))?;
    let days = a.int("retention_in_days").unwrap_or(0);
    if days > 0 {
        put_retention(ctx, &name, days).await?;
    }
    read_name(ctx, planned, &name)
        .await?
        .ok_or_else(|| not_found("CloudWatch Logs Log Group", &name))
}

/// Names are unique per region: the group of the planned name (or, for a
/// generated one, of the name the intent's token derives).
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let name = intent::name_or_prefixed(
        Args(planned),
        "name",
        "name_prefix",
        "terraform-",
        Some(interrupted.token),
    );
    read_name(ctx, planned, &name).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_name(ctx, current, Args(current).required("name")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let name = p.required("name")?;
    if p.int("retention_in_days") != n.int("retention_in_days") {
        put_retention(ctx, name, n.int("retention_in_days").unwrap_or(0)).await?;
    }
    if p.str("kms_key_id") != n.str("kms_key_id") {
        let r = match n.str("kms_key_id") {
            Some(key) => call!(
                ctx,
                Repeat::Harmless,
                "AssociateKmsKey",
                ctx.c
                    .logs
                    .associate_kms_key()
                    .log_group_name(name)
                    .kms_key_id(key)
            )
            .map(|_| ()),
            None => call!(
                ctx,
                Repeat::Harmless,
                "DisassociateKmsKey",
                ctx.c.logs.disassociate_kms_key().log_group_name(name)
            )
            .map(|_| ()),
        };
        r.map_err(|e| e.during("changing the CloudWatch Logs Log Group KMS key"))?;
    }
    let arn = p.required("arn")?;
    tags::apply_changes(
        ctx.settings,
        prior,
        planned,
        |remove| async move {
            call!(
                ctx,
                Repeat::Harmless,
                "UntagResource",
                ctx.c
                    .logs
                    .untag_resource()
                    .resource_arn(arn)
                    .set_tag_keys(Some(remove.clone()))
            )
            .map(|_| ())
        },
        |add| async move {
            call!(
                ctx,
                Repeat::Harmless,
                "TagResource",
                ctx.c
                    .logs
                    .tag_resource()
                    .resource_arn(arn)
                    .set_tags(Some(add.clone()))
            )
            .map(|_| ())
        },
    )
    .await?;
    read_name(ctx, planned, name)
        .await?
        .ok_or_else(|| not_found("CloudWatch Logs Log Group", name))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    if a.bool("skip_destroy") == Some(true) {
        return Ok(());
    }
    let name = a.required("name")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteLogGroup",
        ctx.c.logs.delete_log_group().log_group_name(name)
    ))
    .map_err(|e| e.during("deleting CloudWatch Logs Log Group"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_name(ctx, &Value::Null, id)
        .await?
        .ok_or_else(|| not_found("CloudWatch Logs Log Group", id))
}

crate::kind::register!(LogGroup, "aws_cloudwatch_log_group", intent);
