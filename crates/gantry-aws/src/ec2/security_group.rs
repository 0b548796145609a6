//! `aws_security_group`: created empty, its default allow-all egress
//! revoked (as the provider does, so that only configured rules exist),
//! then its rules authorized; read back through [`sg_rules`]' matching.

use aws_sdk_ec2::types::{
    IpPermission, IpRange, Ipv6Range, ResourceType as Ec2Type, SecurityGroup as Group,
};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sg_rules::{self, Rule};
use super::{arn, intent_filter, tag_map, tag_specs, untag_intent, update_tags};
use crate::ctx::{call, Ctx};
use crate::error::{not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};
use crate::{intent, tags};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_security_group").expect("table exists")
}

const WHAT: &str = "Security Group";

async fn describe(
    ctx: &Ctx<'_>,
    id: Option<&str>,
    token: Option<&str>,
) -> Result<Option<Group>, ApiError> {
    let mut req = ctx.c.ec2.describe_security_groups();
    if let Some(id) = id {
        req = req.group_ids(id);
    }
    if let Some(t) = token {
        req = req.filters(intent_filter(t));
    }
    match call!(ctx, Repeat::Harmless, "DescribeSecurityGroups", req.clone()) {
        Ok(out) => Ok(out.security_groups().first().cloned()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("InvalidGroup.NotFound") => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// The group as state stores it; `local` is the object whose rules the
/// read matches EC2's against (the prior or planned one).
fn object(ctx: &Ctx<'_>, local: &Value, g: &Group) -> Value {
    let id = g.group_id().unwrap_or_default();
    let owner = g.owner_id();
    let rules = |name: &str, perms: &[IpPermission]| {
        let remote = sg_rules::gather(id, owner, perms);
        let kept = sg_rules::match_rules(&sg_rules::rules_of(Args(local).get(name)), remote);
        Value::List(kept.iter().map(Rule::to_value).collect())
    };
    let name = g.group_name().unwrap_or_default();
    let mut o = Object::from(schema(), local);
    o.str("id", Some(id))
        .str(
            "arn",
            Some(arn(ctx, owner.unwrap_or_default(), "security-group", id)),
        )
        .str("owner_id", owner)
        .str("name", Some(name))
        .str("name_prefix", Some(intent::prefix_of(name)))
        .str("description", g.description())
        .str("vpc_id", g.vpc_id())
        .set("ingress", rules("ingress", g.ip_permissions()))
        .set("egress", rules("egress", g.ip_permissions_egress()));
    tags::record(&mut o, ctx.settings, local, Some(&tag_map(g.tags())));
    o.build()
}

async fn read_id(ctx: &Ctx<'_>, local: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    Ok(describe(ctx, Some(id), None)
        .await
        .map_err(|e| e.during(&format!("reading {WHAT}")))?
        .map(|g| object(ctx, local, &g)))
}

/// Revokes `revoke` and then authorizes `authorize` in one direction, as
/// the provider does (revoking first avoids authorizing a source twice).
async fn change_rules(
    ctx: &Ctx<'_>,
    id: &str,
    egress: bool,
    revoke: &[Rule],
    authorize: &[Rule],
) -> Result<(), ProviderError> {
    let perms = |rules: &[Rule]| -> Result<Vec<IpPermission>, ProviderError> {
        rules.iter().map(|r| sg_rules::permission(id, r)).collect()
    };
    let direction = if egress { "egress" } else { "ingress" };
    let (revoke, authorize) = (perms(revoke)?, perms(authorize)?);
    if !revoke.is_empty() {
        let r = if egress {
            call!(
                ctx,
                Repeat::Harmless,
                "RevokeSecurityGroupEgress",
                ctx.c
                    .ec2
                    .revoke_security_group_egress()
                    .group_id(id)
                    .set_ip_permissions(Some(revoke.clone()))
            )
            .map(|_| ())
        } else {
            call!(
                ctx,
                Repeat::Harmless,
                "RevokeSecurityGroupIngress",
                ctx.c
                    .ec2
                    .revoke_security_group_ingress()
                    .group_id(id)
                    .set_ip_permissions(Some(revoke.clone()))
            )
            .map(|_| ())
        };
        r.map_err(|e| e.during(&format!("revoking {WHAT} ({id}) {direction} rules")))?;
    }
    if !authorize.is_empty() {
        let r = if egress {
            call!(
                ctx,
                Repeat::Harmless,
                "AuthorizeSecurityGroupEgress",
                ctx.c
                    .ec2
                    .authorize_security_group_egress()
                    .group_id(id)
                    .set_ip_permissions(Some(authorize.clone()))
            )
            .map(|_| ())
        } else {
            call!(
                ctx,
                Repeat::Harmless,
                "AuthorizeSecurityGroupIngress",
                ctx.c
                    .ec2
                    .authorize_security_group_ingress()
                    .group_id(id)
                    .set_ip_permissions(Some(authorize.clone()))
            )
            .map(|_| ())
        };
        r.map_err(|e| e.during(&format!("authorizing {WHAT} ({id}) {direction} rules")))?;
    }
    Ok(())
}

/// Brings the group's rules from `prior`'s to `planned`'s. A rule set left
/// out of the configuration (null or unknown) is not managed.
async fn sync_rules(
    ctx: &Ctx<'_>,
    id: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), ProviderError> {
    for (name, egress) in [("ingress", false), ("egress", true)] {
        let wanted = Args(planned).get(name);
        if wanted.elements().is_none() {
            continue;
        }
        let (old, new) = (
            sg_rules::rules_of(Args(prior).get(name)),
            sg_rules::rules_of(wanted),
        );
        let revoke = sg_rules::difference(&old, &new);
        let authorize = sg_rules::difference(&new, &old);
        change_rules(ctx, id, egress, &revoke, &authorize).await?;
    }
    Ok(())
}

/// The allow-all egress rules EC2 gives a new group in a VPC.
async fn revoke_default_egress(ctx: &Ctx<'_>, id: &str) -> Result<(), ProviderError> {
    let v4 = IpPermission::builder()
        .ip_protocol("-1")
        .from_port(0)
        .to_port(0)
        .ip_ranges(IpRange::builder().cidr_ip("0.0.0.0/0").build())
        .build();
    let v6 = IpPermission::builder()
        .ip_protocol("-1")
        .from_port(0)
        .to_port(0)
        .ipv6_ranges(Ipv6Range::builder().cidr_ipv6("::/0").build())
        .build();
    for (perm, ipv6) in [(v4, false), (v6, true)] {
        let r = call!(
            ctx,
            Repeat::Harmless,
            "RevokeSecurityGroupEgress",
            ctx.c
                .ec2
                .revoke_security_group_egress()
                .group_id(id)
                .ip_permissions(perm.clone())
        );
        match r {
            Ok(_) => {}
            // A group without IPv6 has no default IPv6 rule.
            Err(e)
                if ipv6
                    && matches!(
                        e.code.as_deref(),
                        Some("InvalidPermission.NotFound" | "InvalidParameterValue")
                    ) => {}
            Err(e) => {
                return Err(e.during(&format!(
                    "revoking default {} egress rule for {WHAT} ({id})",
                    if ipv6 { "IPv6" } else { "IPv4" }
                )))
            }
        }
    }
    Ok(())
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = intent::name_or_prefixed(a, "name", "name_prefix", "terraform-", token);
    let out = call!(
        ctx,
        Repeat::Duplicates,
        "CreateSecurityGroup",
        ctx.c
            .ec2
            .create_security_group()
            .group_name(&name)
            .description(a.get("description").as_str().unwrap_or_default())
            .set_vpc_id(a.str("vpc_id").map(str::to_string))
            .set_tag_specifications(tag_specs(ctx, planned, Ec2Type::SecurityGroup, token))
    )
    .map_err(|e| e.during(&format!("creating {WHAT} ({name})")))?;
    let id = out.group_id().unwrap_or_default().to_string();
    finish(ctx, planned, &id, token.is_some()).await
}

/// After CreateSecurityGroup (or finding what an interrupted one made):
/// waits for the group, drops the intent tag and the default egress
/// rule, and authorizes the configured rules over what the group has.
async fn finish(
    ctx: &Ctx<'_>,
    planned: &Value,
    id: &str,
    tagged: bool,
) -> Result<Value, ProviderError> {
    let mut found = None;
    for _ in 0..60 {
        found = describe(ctx, Some(id), None)
            .await
            .map_err(|e| e.during(&format!("waiting for {WHAT} ({id})")))?;
        if found.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    let group = found.ok_or_else(|| not_found(WHAT, id))?;
    if tagged {
        untag_intent(ctx, id).await?;
    }
    if group.vpc_id().is_some() {
        revoke_default_egress(ctx, id).await?;
    }
    // What the group holds now (nothing, after a plain create): the rules
    // EC2 reports, as the provider would store them without a prior.
    let current = object(ctx, &Value::Null, &group);
    let held = Value::Map(
        ["ingress", "egress"]
            .into_iter()
            .map(|n| {
                let rules = if n == "egress" && group.vpc_id().is_some() {
                    Value::List(Vec::new().into())
                } else {
                    Args(&current).get(n).clone()
                };
                (n.to_string(), rules)
            })
            .collect(),
    );
    sync_rules(ctx, id, &held, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

/// The group the interrupted create tagged with its intent token.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let found = describe(ctx, None, Some(interrupted.token))
        .await
        .map_err(|e| e.during(&format!("looking for an interrupted create of {WHAT}")))?;
    let Some(g) = found else { return Ok(None) };
    let id = g.group_id().unwrap_or_default().to_string();
    finish(ctx, planned, &id, true).await.map(Some)
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    sync_rules(ctx, id, prior, planned).await?;
    update_tags(ctx, id, prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

/// With `revoke_rules_on_delete`, the group's own rules go first (rules
/// naming other groups can otherwise keep it in use); then the delete is
/// retried while network interfaces drain.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    if Args(prior).bool("revoke_rules_on_delete") == Some(true) {
        if let Some(g) = describe(ctx, Some(id), None)
            .await
            .map_err(|e| e.during(&format!("reading {WHAT}")))?
        {
            let owner = g.owner_id();
            let ingress = sg_rules::gather(id, owner, g.ip_permissions());
            let egress = sg_rules::gather(id, owner, g.ip_permissions_egress());
            change_rules(ctx, id, false, &ingress, &[]).await?;
            change_rules(ctx, id, true, &egress, &[]).await?;
        }
    }
    super::delete_draining(WHAT, "InvalidGroup.NotFound", || async {
        call!(
            ctx,
            Repeat::Harmless,
            "DeleteSecurityGroup",
            ctx.c.ec2.delete_security_group().group_id(id)
        )
    })
    .await
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let mut base = crate::apigateway::with_id(id);
    if let Value::Map(m) = &mut base {
        m.insert("revoke_rules_on_delete".into(), Value::Bool(false));
    }
    read_id(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

crate::kind::register!(SecurityGroup, "aws_security_group", intent);
