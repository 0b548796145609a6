//! `aws_iam_policy`: a customer managed policy. Its ARN is known from its
//! path and name, so a lost or interrupted create is found by a GetPolicy;
//! a new document becomes a new default version (the oldest other version
//! goes first when the policy holds the maximum of five).

use std::collections::HashMap;

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::intent;
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{equivalent_json, Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_iam_policy").expect("table exists")
}

fn policy_name(a: Args<'_>, token: Option<&str>) -> String {
    intent::name_or_prefixed(a, "name", "name_prefix", "terraform-", token)
}

async fn arn_of(ctx: &Ctx<'_>, path: &str, name: &str) -> Result<String, ApiError> {
    Ok(format!(
        "arn:{}:iam::{}:policy{path}{name}",
        ctx.partition(),
        ctx.account().await?
    ))
}

async fn read_arn(ctx: &Ctx<'_>, base: &Value, arn: &str) -> Result<Option<Value>, ProviderError> {
    let doing = "reading IAM Policy";
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetPolicy",
        ctx.c.iam.get_policy().policy_arn(arn)
    ))
    .map_err(|e| e.during(doing))?;
    let Some(p) = out.as_ref().and_then(|o| o.policy()) else {
        return Ok(None);
    };
    let document = match p.default_version_id() {
        Some(v) => found(call!(
            ctx,
            Repeat::Harmless,
            "GetPolicyVersion",
            ctx.c.iam.get_policy_version().policy_arn(arn).version_id(v)
        ))
        .map_err(|e| e.during(doing))?
        .and_then(|o| {
            o.policy_version()
                .and_then(|v| v.document().map(crate::iam::decode))
        }),
        None => None,
    };
    let held: HashMap<String, String> = p
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect();
    let mut o = Object::from(schema(), base);
    o.str("id", Some(arn))
        .str("arn", Some(arn))
        .str("name", p.policy_name())
        .str(
            "name_prefix",
            Some(Args(base).str("name_prefix").unwrap_or_default()),
        )
        .str("path", p.path())
        .str("description", Some(p.description().unwrap_or_default()))
        .str("policy_id", p.policy_id())
        .num("attachment_count", p.attachment_count().map(f64::from))
        .str(
            "policy",
            document.map(|d| equivalent_json(Args(base).str("policy"), &d)),
        );
    tags::record(&mut o, ctx.settings, base, Some(&held));
    Ok(Some(o.build()))
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    intent: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = policy_name(a, intent);
    let name = name.as_str();
    let path = a.str("path").unwrap_or("/");
    let document = a.required("policy")?;
    let tags = crate::iam::iam_tags(&tags::wanted(ctx.settings, planned));
    let tags = &tags;
    let arn = arn_of(ctx, path, name)
        .await
        .map_err(|e| e.during("creating IAM Policy"))?;
    let arn = arn.as_str();
    // A repeat answers EntityAlreadyExists: after a lost answer, look first.
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .iam
                    .create_policy()
                    .policy_name(name)
                    .path(path)
                    .policy_document(document)
                    .set_description(a.str("description").map(str::to_string))
                    .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreatePolicy", e))
                }
            },
            || async move {
                Ok(found(call!(
                    ctx,
                    Repeat::Harmless,
                    "GetPolicy",
                    ctx.c.iam.get_policy().policy_arn(arn)
                ))?
                .map(|_| ()))
            },
        )
        .await
        .map_err(|e| e.during("creating IAM Policy"))?;
    read_arn(ctx, planned, arn).await?.ok_or_else(|| {
        ProviderError::new(
            "IAM Policy vanished",
            format!("{arn} was created but cannot be read back"),
        )
    })
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(planned);
    let name = policy_name(a, Some(interrupted.token));
    let arn = arn_of(ctx, a.str("path").unwrap_or("/"), &name)
        .await
        .map_err(|e| e.during("looking for an interrupted create of IAM Policy"))?;
    read_arn(ctx, planned, &arn).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_arn(ctx, current, Args(current).required("arn")?).await
}

/// The versions a policy holds other than its default, oldest first.
async fn other_versions(ctx: &Ctx<'_>, arn: &str) -> Result<Vec<String>, ApiError> {
    let out = call!(
        ctx,
        Repeat::Harmless,
        "ListPolicyVersions",
        ctx.c.iam.list_policy_versions().policy_arn(arn)
    )?;
    let mut versions: Vec<(f64, String)> = out
        .versions()
        .iter()
        .filter(|v| !v.is_default_version())
        .filter_map(|v| {
            Some((
                v.create_date().map_or(0.0, |d| d.as_secs_f64()),
                v.version_id()?.to_string(),
            ))
        })
        .collect();
    versions.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(versions.into_iter().map(|(_, v)| v).collect())
}

/// IAM keeps at most five versions of a policy.
const MAX_VERSIONS: usize = 5;

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let arn = Args(prior).required("arn")?;
    let doing = "updating IAM Policy";
    let (p, n) = (Args(prior), Args(planned));
    if p.get("policy") != n.get("policy") {
        let document = n.required("policy")?;
        let others = other_versions(ctx, arn)
            .await
            .map_err(|e| e.during(doing))?;
        if others.len() + 1 >= MAX_VERSIONS {
            deleted(call!(
                ctx,
                Repeat::Harmless,
                "DeletePolicyVersion",
                ctx.c
                    .iam
                    .delete_policy_version()
                    .policy_arn(arn)
                    .version_id(&others[0])
            ))
            .map_err(|e| e.during(doing))?;
        }
        call!(
            ctx,
            Repeat::Duplicates,
            "CreatePolicyVersion",
            ctx.c
                .iam
                .create_policy_version()
                .policy_arn(arn)
                .policy_document(document)
                .set_as_default(true)
        )
        .map_err(|e| e.during(doing))?;
    }
    let (add, remove) = tags::changes(ctx.settings, prior, planned);
    if !remove.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UntagPolicy",
            ctx.c
                .iam
                .untag_policy()
                .policy_arn(arn)
                .set_tag_keys(Some(remove.clone()))
        )
        .map_err(|e| e.during(doing))?;
    }
    if !add.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "TagPolicy",
            ctx.c
                .iam
                .tag_policy()
                .policy_arn(arn)
                .set_tags(Some(crate::iam::iam_tags(&add)))
        )
        .map_err(|e| e.during(doing))?;
    }
    read_arn(ctx, planned, arn).await?.ok_or_else(|| {
        ProviderError::new(
            "IAM Policy vanished",
            format!("{arn} disappeared during the update"),
        )
    })
}

/// Its other versions first (IAM refuses to delete a policy that has
/// them), then the policy.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let arn = Args(prior).required("arn")?;
    let doing = "deleting IAM Policy";
    let others = match other_versions(ctx, arn).await {
        Ok(v) => v,
        Err(e) if e.is_not_found() => return Ok(()),
        Err(e) => return Err(e.during(doing)),
    };
    for v in others {
        deleted(call!(
            ctx,
            Repeat::Harmless,
            "DeletePolicyVersion",
            ctx.c
                .iam
                .delete_policy_version()
                .policy_arn(arn)
                .version_id(&v)
        ))
        .map_err(|e| e.during(doing))?;
    }
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeletePolicy",
        ctx.c.iam.delete_policy().policy_arn(arn)
    ))
    .map_err(|e| e.during(doing))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_arn(ctx, &Value::Null, id)
        .await?
        .ok_or_else(|| crate::error::not_found("IAM Policy", id))
}

crate::kind::register!(Policy, "aws_iam_policy", intent);
