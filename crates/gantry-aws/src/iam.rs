//! `aws_iam_role`.

use std::collections::HashMap;

use aws_sdk_iam::types::Tag;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{found, ApiError};
use crate::intent;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{equivalent_json, Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_iam_role").expect("table exists")
}

/// IAM returns policy documents URL-encoded (RFC 3986).
pub(crate) fn decode(doc: &str) -> String {
    percent_encoding::percent_decode_str(doc)
        .decode_utf8()
        .map(|s| s.into_owned())
        .unwrap_or_else(|_| doc.to_string())
}

pub(crate) fn iam_tags(t: &HashMap<String, String>) -> Vec<Tag> {
    let mut v: Vec<Tag> = t
        .iter()
        .filter_map(|(k, v)| Tag::builder().key(k).value(v).build().ok())
        .collect();
    v.sort_by(|a, b| a.key().cmp(b.key()));
    v
}

/// The role's name: configured, or generated from the prefix and the
/// intent token (see [`crate::intent`]).
fn role_name(a: Args<'_>, token: Option<&str>) -> String {
    intent::name_or_prefixed(a, "name", "name_prefix", "terraform-", token)
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = role_name(a, token);
    let name = name.as_str();
    let started = std::time::SystemTime::now();
    let tags = iam_tags(&tags::wanted(ctx.settings, planned));
    let tags = &tags;
    // A repeat would fail (EntityAlreadyExists) after a create whose answer
    // was lost: look for the role first.
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .iam
                    .create_role()
                    .role_name(name)
                    .set_assume_role_policy_document(
                        a.str("assume_role_policy").map(str::to_string),
                    )
                    .set_path(a.str("path").map(str::to_string))
                    .set_description(a.str("description").map(str::to_string))
                    .set_max_session_duration(a.int("max_session_duration"))
                    .set_permissions_boundary(a.str("permissions_boundary").map(str::to_string))
                    .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateRole", e))
                }
            },
            || async move { Ok(created_since(ctx, name, started).await?.then_some(())) },
        )
        .await
        .map_err(|e| e.during("creating IAM Role"))?;
    for arn in a.strings("managed_policy_arns") {
        call!(
            ctx,
            Repeat::Harmless,
            "AttachRolePolicy",
            ctx.c
                .iam
                .attach_role_policy()
                .role_name(name)
                .policy_arn(&arn)
        )
        .map_err(|e| e.during("attaching a policy to the IAM Role"))?;
    }
    read_named(ctx, planned, name).await?.ok_or_else(|| {
        ProviderError::new(
            "IAM Role vanished",
            format!("{name} was created but cannot be read back"),
        )
    })
}

/// Is there a role of this name created since `since` (not one that was
/// there before)?
async fn created_since(
    ctx: &Ctx<'_>,
    name: &str,
    since: std::time::SystemTime,
) -> Result<bool, ApiError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetRole",
        ctx.c.iam.get_role().role_name(name)
    ))?;
    Ok(out
        .as_ref()
        .and_then(|o| o.role())
        .is_some_and(|r| intent::made_since(r.create_date().as_secs_f64(), since)))
}

/// After an interrupted create: the role of the name it sent, made since
/// it was about to be sent. Its policies are read as they are: any the
/// create did not attach show in the next plan.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let (since, token) = (interrupted.since, interrupted.token);
    let name = role_name(Args(planned), Some(token));
    let made = created_since(ctx, &name, since)
        .await
        .map_err(|e| e.during("looking for an interrupted create of IAM Role"))?;
    if !made {
        return Ok(None);
    }
    read_named(ctx, planned, &name).await
}

async fn attached(ctx: &Ctx<'_>, name: &str) -> Result<Vec<String>, ApiError> {
    let mut arns = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let page = call!(
            ctx,
            Repeat::Harmless,
            "ListAttachedRolePolicies",
            ctx.c
                .iam
                .list_attached_role_policies()
                .role_name(name)
                .set_marker(marker.clone())
        )?;
        arns.extend(
            page.attached_policies()
                .iter()
                .filter_map(|p| p.policy_arn().map(str::to_string)),
        );
        match page.marker() {
            Some(m) if page.is_truncated() => marker = Some(m.to_string()),
            _ => return Ok(arns),
        }
    }
}

async fn read_named(
    ctx: &Ctx<'_>,
    base: &Value,
    name: &str,
) -> Result<Option<Value>, ProviderError> {
    let Some(out) = found(call!(
        ctx,
        Repeat::Harmless,
        "GetRole",
        ctx.c.iam.get_role().role_name(name)
    ))
    .map_err(|e| e.during("reading IAM Role"))?
    else {
        return Ok(None);
    };
    let Some(r) = out.role() else { return Ok(None) };
    let a = Args(base);
    let mut o = Object::from(schema(), base);
    o.str("id", Some(r.role_name()))
        .str("name", Some(r.role_name()))
        .str("arn", Some(r.arn()))
        .str("unique_id", Some(r.role_id()))
        .str("path", Some(r.path()))
        // RFC 3339 to the second, as the provider formats it.
        .str(
            "create_date",
            aws_smithy_types::DateTime::from_secs(r.create_date().secs())
                .fmt(aws_smithy_types::date_time::Format::DateTime)
                .ok(),
        )
        // "" where IAM has nothing, as SDKv2 reads it (crate::legacy).
        .str("description", Some(r.description().unwrap_or_default()))
        .str(
            "name_prefix",
            Some(a.str("name_prefix").unwrap_or_default()),
        )
        .num(
            "max_session_duration",
            r.max_session_duration().map(f64::from),
        )
        .str(
            "permissions_boundary",
            Some(
                r.permissions_boundary()
                    .and_then(|p| p.permissions_boundary_arn())
                    .unwrap_or_default(),
            ),
        )
        .str(
            "assume_role_policy",
            r.assume_role_policy_document()
                .map(|d| equivalent_json(a.str("assume_role_policy"), &decode(d))),
        );
    // Only read when the configuration manages them (Optional+Computed).
    if !a.get("managed_policy_arns").is_null() || base.is_null() {
        let arns = attached(ctx, name)
            .await
            .map_err(|e| e.during("reading IAM Role policies"))?;
        // An empty set stays [] here, as the provider records it.
        o.set(
            "managed_policy_arns",
            Value::set(arns.into_iter().map(Value::string).collect()),
        );
    } else {
        // Unmanaged: an empty set, as the provider records it.
        o.set("managed_policy_arns", Value::Set(Vec::new().into()));
    }
    let held: HashMap<String, String> = r
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect();
    tags::record(&mut o, ctx.settings, base, Some(&held));
    Ok(Some(o.build()))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let name = Args(current).required("name")?;
    read_named(ctx, current, name).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let name = p.required("name")?;
    if p.get("assume_role_policy") != n.get("assume_role_policy") {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateAssumeRolePolicy",
            ctx.c
                .iam
                .update_assume_role_policy()
                .role_name(name)
                .policy_document(n.str("assume_role_policy").unwrap_or("{}"))
        )
        .map_err(|e| e.during("updating IAM Role assume role policy"))?;
    }
    if p.get("description") != n.get("description")
        || p.get("max_session_duration") != n.get("max_session_duration")
    {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateRole",
            ctx.c
                .iam
                .update_role()
                .role_name(name)
                .description(n.str("description").unwrap_or_default())
                .set_max_session_duration(n.int("max_session_duration"))
        )
        .map_err(|e| e.during("updating IAM Role"))?;
    }
    if p.get("permissions_boundary") != n.get("permissions_boundary") {
        let r = match n.str("permissions_boundary") {
            Some(b) => call!(
                ctx,
                Repeat::Harmless,
                "PutRolePermissionsBoundary",
                ctx.c
                    .iam
                    .put_role_permissions_boundary()
                    .role_name(name)
                    .permissions_boundary(b)
            )
            .map(|_| ()),
            None => call!(
                ctx,
                Repeat::Harmless,
                "DeleteRolePermissionsBoundary",
                ctx.c.iam.delete_role_permissions_boundary().role_name(name)
            )
            .map(|_| ()),
        };
        r.map_err(|e| e.during("updating IAM Role permissions boundary"))?;
    }
    if !n.get("managed_policy_arns").is_null()
        && p.get("managed_policy_arns") != n.get("managed_policy_arns")
    {
        let (old, new) = (
            p.strings("managed_policy_arns"),
            n.strings("managed_policy_arns"),
        );
        for arn in old.iter().filter(|a| !new.contains(a)) {
            call!(
                ctx,
                Repeat::Harmless,
                "DetachRolePolicy",
                ctx.c
                    .iam
                    .detach_role_policy()
                    .role_name(name)
                    .policy_arn(arn)
            )
            .map_err(|e| e.during("detaching a policy from the IAM Role"))?;
        }
        for arn in new.iter().filter(|a| !old.contains(a)) {
            call!(
                ctx,
                Repeat::Harmless,
                "AttachRolePolicy",
                ctx.c
                    .iam
                    .attach_role_policy()
                    .role_name(name)
                    .policy_arn(arn)
            )
            .map_err(|e| e.during("attaching a policy to the IAM Role"))?;
        }
    }
    let (add, remove) = tags::changes(ctx.settings, prior, planned);
    if !remove.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UntagRole",
            ctx.c
                .iam
                .untag_role()
                .role_name(name)
                .set_tag_keys(Some(remove.clone()))
        )
        .map_err(|e| e.during("untagging IAM Role"))?;
    }
    if !add.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "TagRole",
            ctx.c
                .iam
                .tag_role()
                .role_name(name)
                .set_tags(Some(iam_tags(&add)))
        )
        .map_err(|e| e.during("tagging IAM Role"))?;
    }
    read_named(ctx, planned, name).await?.ok_or_else(|| {
        ProviderError::new(
            "IAM Role vanished",
            format!("{name} disappeared during the update"),
        )
    })
}

/// A role cannot be deleted while policies are attached or it is in an
/// instance profile; the provider detaches managed policies always and
/// inline ones with `force_detach_policies`.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let name = a.required("name")?;
    let cleanup = async {
        // A policy detached meanwhile (its attachment destroyed alongside)
        // is what was wanted: only the role's own absence ends the delete.
        for arn in attached(ctx, name).await? {
            crate::error::deleted(call!(
                ctx,
                Repeat::Harmless,
                "DetachRolePolicy",
                ctx.c
                    .iam
                    .detach_role_policy()
                    .role_name(name)
                    .policy_arn(&arn)
            ))?;
        }
        if a.bool("force_detach_policies").unwrap_or(false) {
            let inline = call!(
                ctx,
                Repeat::Harmless,
                "ListRolePolicies",
                ctx.c.iam.list_role_policies().role_name(name)
            )?;
            for p in inline.policy_names() {
                crate::error::deleted(call!(
                    ctx,
                    Repeat::Harmless,
                    "DeleteRolePolicy",
                    ctx.c
                        .iam
                        .delete_role_policy()
                        .role_name(name)
                        .policy_name(p)
                ))?;
            }
        }
        let profiles = call!(
            ctx,
            Repeat::Harmless,
            "ListInstanceProfilesForRole",
            ctx.c.iam.list_instance_profiles_for_role().role_name(name)
        )?;
        for p in profiles.instance_profiles() {
            call!(
                ctx,
                Repeat::Harmless,
                "RemoveRoleFromInstanceProfile",
                ctx.c
                    .iam
                    .remove_role_from_instance_profile()
                    .role_name(name)
                    .instance_profile_name(p.instance_profile_name())
            )?;
        }
        call!(
            ctx,
            Repeat::Harmless,
            "DeleteRole",
            ctx.c.iam.delete_role().role_name(name)
        )
        .map(|_| ())
    };
    match cleanup.await {
        Ok(()) => Ok(()),
        Err(e) if e.is_not_found() => Ok(()),
        Err(e) => Err(e.during("deleting IAM Role")),
    }
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_named(ctx, &Value::Null, id)
        .await?
        .ok_or_else(|| crate::error::not_found("IAM Role named", id))
}

crate::kind::register!(Role, "aws_iam_role", intent);
