//! `aws_lb` (what a VPC link targets: a network load balancer).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_elasticloadbalancingv2::types::{
    IpAddressType, LoadBalancer, LoadBalancerAttribute, LoadBalancerSchemeEnum,
    LoadBalancerStateEnum, LoadBalancerTypeEnum, SubnetMapping, Tag,
};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{found, ApiError};
use crate::intent;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

const WAIT: Duration = Duration::from_secs(10 * 60);

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_lb").expect("table exists")
}

fn elb_tags(t: &HashMap<String, String>) -> Vec<Tag> {
    let mut v: Vec<Tag> = t
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    v.sort_by(|a, b| a.key().cmp(&b.key()));
    v
}

/// The attributes gantry manages, with their argument names.
fn wanted_attributes(a: Args<'_>, application: bool) -> Vec<LoadBalancerAttribute> {
    let mut out = Vec::new();
    let mut put =
        |k: &str, v: String| out.push(LoadBalancerAttribute::builder().key(k).value(v).build());
    if let Some(b) = a.bool("enable_deletion_protection") {
        put("deletion_protection.enabled", b.to_string());
    }
    if let Some(b) = a.bool("enable_cross_zone_load_balancing") {
        put("load_balancing.cross_zone.enabled", b.to_string());
    }
    if application {
        if let Some(n) = a.int("idle_timeout") {
            put("idle_timeout.timeout_seconds", n.to_string());
        }
    }
    out
}

async fn describe(ctx: &Ctx<'_>, arn: &str) -> Result<Option<LoadBalancer>, ApiError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "DescribeLoadBalancers",
        ctx.c
            .elbv2
            .describe_load_balancers()
            .load_balancer_arns(arn)
    ) {
        Ok(o) => Ok(o.load_balancers().first().cloned()),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The load balancer's name: configured, or generated from the prefix
/// (`tf-lb-` by default) and the intent token (see [`crate::intent`]), 32
/// characters at most as the API allows.
fn lb_name(a: Args<'_>, token: Option<&str>) -> String {
    match (a.str("name"), a.str("name_prefix")) {
        (Some(n), _) => n.to_string(),
        (None, p) => intent::unique_name(p.unwrap_or("tf-lb-"), token)
            .chars()
            .take(32)
            .collect(),
    }
}

/// The ARN of the load balancer of this name created since `since` (not
/// one that was there before).
async fn created_since(
    ctx: &Ctx<'_>,
    name: &str,
    since: std::time::SystemTime,
) -> Result<Option<String>, ApiError> {
    let described = found(call!(
        ctx,
        Repeat::Harmless,
        "DescribeLoadBalancers",
        ctx.c.elbv2.describe_load_balancers().names(name)
    ))?;
    Ok(described.and_then(|o| {
        o.load_balancers()
            .iter()
            .find(|l| {
                l.created_time()
                    .is_some_and(|t| intent::made_since(t.as_secs_f64(), since))
            })
            .and_then(|l| l.load_balancer_arn())
            .map(str::to_string)
    }))
}

/// After an interrupted create: the load balancer of the name it sent,
/// made since it was about to be sent.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let (since, token) = (interrupted.since, interrupted.token);
    let name = lb_name(Args(planned), Some(token));
    let arn = created_since(ctx, &name, since)
        .await
        .map_err(|e| e.during("looking for an interrupted create of ELBv2 Load Balancer"))?;
    match arn {
        Some(arn) => {
            wait_active(ctx, &arn).await?;
            read_arn(ctx, planned, &arn).await
        }
        None => Ok(None),
    }
}

async fn wait_active(ctx: &Ctx<'_>, arn: &str) -> Result<(), ProviderError> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        let lb = describe(ctx, arn)
            .await
            .map_err(|e| e.during("waiting for ELBv2 Load Balancer"))?;
        match lb.as_ref().and_then(|l| l.state()).and_then(|s| s.code()) {
            Some(LoadBalancerStateEnum::Active) | None => return Ok(()),
            Some(LoadBalancerStateEnum::Failed) => {
                let reason = lb
                    .as_ref()
                    .and_then(|l| l.state())
                    .and_then(|s| s.reason())
                    .unwrap_or("failed");
                return Err(ProviderError::new(
                    "ELBv2 Load Balancer failed",
                    format!("{arn}: {reason}"),
                ));
            }
            _ if start.elapsed() > WAIT => {
                return Err(ProviderError::new(
                    "Timed out waiting for ELBv2 Load Balancer",
                    format!("{arn} is not active after {} minutes", WAIT.as_secs() / 60),
                ))
            }
            _ => {}
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(10));
    }
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = lb_name(a, token);
    let kind = a.str("load_balancer_type").unwrap_or("application");
    let mappings: Vec<SubnetMapping> = match a.get("subnet_mapping") {
        Value::List(items) => items
            .iter()
            .map(|m| {
                let m = Args(m);
                SubnetMapping::builder()
                    .set_subnet_id(m.str("subnet_id").map(str::to_string))
                    .set_allocation_id(m.str("allocation_id").map(str::to_string))
                    .set_private_ipv4_address(m.str("private_ipv4_address").map(str::to_string))
                    .build()
            })
            .collect(),
        _ => Vec::new(),
    };
    let tags = elb_tags(&tags::wanted(ctx.settings, planned));
    // The name makes a repeat return the same load balancer (ELBv2's
    // CreateLoadBalancer is idempotent for identical requests).
    let out = call!(
        ctx,
        Repeat::Harmless,
        "CreateLoadBalancer",
        ctx.c
            .elbv2
            .create_load_balancer()
            .name(&name)
            .r#type(LoadBalancerTypeEnum::from(kind))
            .scheme(if a.bool("internal").unwrap_or(false) {
                LoadBalancerSchemeEnum::Internal
            } else {
                LoadBalancerSchemeEnum::InternetFacing
            })
            .set_subnets(Some(a.strings("subnets")).filter(|s| !s.is_empty()))
            .set_subnet_mappings(Some(mappings.clone()).filter(|m| !m.is_empty()))
            .set_security_groups(Some(a.strings("security_groups")).filter(|s| !s.is_empty()))
            .set_ip_address_type(a.str("ip_address_type").map(IpAddressType::from))
            .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()))
    )
    .map_err(|e| e.during("creating ELBv2 Load Balancer"))?;
    let arn = out
        .load_balancers()
        .first()
        .and_then(|l| l.load_balancer_arn())
        .ok_or_else(|| {
            ProviderError::new(
                "creating ELBv2 Load Balancer",
                "the answer names no load balancer",
            )
        })?
        .to_string();
    wait_active(ctx, &arn).await?;
    let attrs = wanted_attributes(a, kind == "application");
    if !attrs.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "ModifyLoadBalancerAttributes",
            ctx.c
                .elbv2
                .modify_load_balancer_attributes()
                .load_balancer_arn(&arn)
                .set_attributes(Some(attrs.clone()))
        )
        .map_err(|e| e.during("setting ELBv2 Load Balancer attributes"))?;
    }
    read_arn(ctx, planned, &arn).await?.ok_or_else(|| {
        ProviderError::new(
            "ELBv2 Load Balancer vanished",
            format!("{arn} was created but cannot be read back"),
        )
    })
}

async fn read_arn(ctx: &Ctx<'_>, base: &Value, arn: &str) -> Result<Option<Value>, ProviderError> {
    let Some(lb) = describe(ctx, arn)
        .await
        .map_err(|e| e.during("reading ELBv2 Load Balancer"))?
    else {
        return Ok(None);
    };
    let attrs = call!(
        ctx,
        Repeat::Harmless,
        "DescribeLoadBalancerAttributes",
        ctx.c
            .elbv2
            .describe_load_balancer_attributes()
            .load_balancer_arn(arn)
    )
    .map_err(|e| e.during("reading ELBv2 Load Balancer attributes"))?;
    let attr = |k: &str| {
        attrs
            .attributes()
            .iter()
            .find(|a| a.key() == Some(k))
            .and_then(|a| a.value())
            .map(str::to_string)
    };
    let tag_out = call!(
        ctx,
        Repeat::Harmless,
        "DescribeTags",
        ctx.c.elbv2.describe_tags().resource_arns(arn)
    )
    .map_err(|e| e.during("reading ELBv2 Load Balancer tags"))?;
    let held: HashMap<String, String> = tag_out
        .tag_descriptions()
        .iter()
        .flat_map(|d| d.tags())
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect();
    let kind = lb.r#type().map(|t| t.as_str().to_string());
    // arn:...:loadbalancer/net/NAME/ID -> net/NAME/ID
    let suffix = arn.split_once(":loadbalancer/").map(|(_, s)| s.to_string());
    let mut o = Object::from(schema(), base);
    o.str("id", Some(arn))
        .str("arn", Some(arn))
        .str("arn_suffix", suffix)
        .str("name", lb.load_balancer_name())
        .bool(
            "internal",
            Some(lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal)),
        )
        .str("load_balancer_type", kind.clone())
        .set_of(
            "subnets",
            Some(
                lb.availability_zones()
                    .iter()
                    .filter_map(|z| z.subnet_id().map(str::to_string))
                    .collect(),
            ),
        )
        .set_of("security_groups", Some(lb.security_groups().to_vec()))
        .str("ip_address_type", lb.ip_address_type().map(|t| t.as_str()))
        .str("dns_name", lb.dns_name())
        .str("zone_id", lb.canonical_hosted_zone_id())
        .str("vpc_id", lb.vpc_id());
    if let Some(v) = attr("deletion_protection.enabled") {
        o.bool("enable_deletion_protection", Some(v == "true"));
    }
    if let Some(v) = attr("load_balancing.cross_zone.enabled") {
        o.bool("enable_cross_zone_load_balancing", Some(v == "true"));
    }
    if kind.as_deref() == Some("application") {
        if let Some(v) = attr("idle_timeout.timeout_seconds").and_then(|v| v.parse::<f64>().ok()) {
            o.num("idle_timeout", Some(v));
        }
    }
    tags::record(&mut o, ctx.settings, base, Some(&held));
    Ok(Some(o.build()))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let arn = Args(current).required("arn")?;
    read_arn(ctx, current, arn).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let arn = p.required("arn")?;
    let application = n.str("load_balancer_type") == Some("application");
    let old = wanted_attributes(p, application);
    let attrs: Vec<LoadBalancerAttribute> = wanted_attributes(n, application)
        .into_iter()
        .filter(|a| !old.contains(a))
        .collect();
    if !attrs.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "ModifyLoadBalancerAttributes",
            ctx.c
                .elbv2
                .modify_load_balancer_attributes()
                .load_balancer_arn(arn)
                .set_attributes(Some(attrs.clone()))
        )
        .map_err(|e| e.during("updating ELBv2 Load Balancer attributes"))?;
    }
    if p.strings("subnets") != n.strings("subnets") && !n.strings("subnets").is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "SetSubnets",
            ctx.c
                .elbv2
                .set_subnets()
                .load_balancer_arn(arn)
                .set_subnets(Some(n.strings("subnets")))
        )
        .map_err(|e| e.during("updating ELBv2 Load Balancer subnets"))?;
    }
    if p.strings("security_groups") != n.strings("security_groups") {
        call!(
            ctx,
            Repeat::Harmless,
            "SetSecurityGroups",
            ctx.c
                .elbv2
                .set_security_groups()
                .load_balancer_arn(arn)
                .set_security_groups(Some(n.strings("security_groups")))
        )
        .map_err(|e| e.during("updating ELBv2 Load Balancer security groups"))?;
    }
    if let (Some(t), true) = (
        n.str("ip_address_type"),
        p.get("ip_address_type") != n.get("ip_address_type"),
    ) {
        call!(
            ctx,
            Repeat::Harmless,
            "SetIpAddressType",
            ctx.c
                .elbv2
                .set_ip_address_type()
                .load_balancer_arn(arn)
                .ip_address_type(IpAddressType::from(t))
        )
        .map_err(|e| e.during("updating ELBv2 Load Balancer IP address type"))?;
    }
    let (add, remove) = tags::changes(ctx.settings, prior, planned);
    if !remove.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "RemoveTags",
            ctx.c
                .elbv2
                .remove_tags()
                .resource_arns(arn)
                .set_tag_keys(Some(remove.clone()))
        )
        .map_err(|e| e.during("untagging ELBv2 Load Balancer"))?;
    }
    if !add.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "AddTags",
            ctx.c
                .elbv2
                .add_tags()
                .resource_arns(arn)
                .set_tags(Some(elb_tags(&add)))
        )
        .map_err(|e| e.during("tagging ELBv2 Load Balancer"))?;
    }
    read_arn(ctx, planned, arn).await?.ok_or_else(|| {
        ProviderError::new(
            "ELBv2 Load Balancer vanished",
            format!("{arn} disappeared during the update"),
        )
    })
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let arn = Args(prior).required("arn")?;
    match call!(
        ctx,
        Repeat::Harmless,
        "DeleteLoadBalancer",
        ctx.c.elbv2.delete_load_balancer().load_balancer_arn(arn)
    ) {
        Ok(_) => {}
        Err(e) if e.is_not_found() => return Ok(()),
        Err(e) => return Err(e.during("deleting ELBv2 Load Balancer")),
    }
    let start = Instant::now();
    while describe(ctx, arn)
        .await
        .map_err(|e| e.during("waiting for ELBv2 Load Balancer deletion"))?
        .is_some()
    {
        if start.elapsed() > WAIT {
            return Err(ProviderError::new(
                "Timed out waiting for ELBv2 Load Balancer deletion",
                format!("{arn} still exists after {} minutes", WAIT.as_secs() / 60),
            ));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    Ok(())
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_arn(ctx, &Value::Null, id)
        .await?
        .ok_or_else(|| crate::error::not_found("ELBv2 Load Balancer", id))
}

crate::kind::register!(Lb, "aws_lb", intent);
