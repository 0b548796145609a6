//! `aws_lb_target_group`: the targets a listener forwards to (a VPC
//! link's network load balancer forwards to IP targets). Its health check
//! is part of the object; stickiness, failover, health requirements and
//! the delays are attributes.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use aws_sdk_elasticloadbalancingv2::types::{
    Matcher, ProtocolEnum, TargetGroup as Group, TargetGroupAttribute,
    TargetGroupIpAddressTypeEnum, TargetTypeEnum,
};
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{
    attr, elb_tags, expand_attributes, flatten_attributes, held_tags, reported_fields, update_tags,
    AttrInfo, AttrKind, Send,
};
use crate::ctx::{call, Ctx};
use crate::error::{not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{sdk_item, Args, Object};
use crate::{intent, tags};

const WHAT: &str = "ELBv2 Target Group";

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_lb_target_group").expect("table exists")
}

const INSTANCE_IP: &[&str] = &["instance", "ip"];

/// The provider's `targetGroupAttributes`, by target type.
const ATTRIBUTES: &[AttrInfo] = &[
    attr(
        "connection_termination",
        "deregistration_delay.connection_termination.enabled",
        AttrKind::Bool,
        INSTANCE_IP,
    ),
    attr(
        "deregistration_delay",
        "deregistration_delay.timeout_seconds",
        AttrKind::NullableInt,
        INSTANCE_IP,
    ),
    attr(
        "lambda_multi_value_headers_enabled",
        "lambda.multi_value_headers.enabled",
        AttrKind::Bool,
        &["lambda"],
    ),
    attr(
        "load_balancing_algorithm_type",
        "load_balancing.algorithm.type",
        AttrKind::Str,
        INSTANCE_IP,
    ),
    attr(
        "load_balancing_anomaly_mitigation",
        "load_balancing.algorithm.anomaly_mitigation",
        AttrKind::Str,
        INSTANCE_IP,
    ),
    attr(
        "load_balancing_cross_zone_enabled",
        "load_balancing.cross_zone.enabled",
        AttrKind::Str,
        INSTANCE_IP,
    ),
    attr(
        "preserve_client_ip",
        "preserve_client_ip.enabled",
        AttrKind::NullableBool,
        INSTANCE_IP,
    ),
    attr(
        "proxy_protocol_v2",
        "proxy_protocol_v2.enabled",
        AttrKind::Bool,
        INSTANCE_IP,
    ),
    attr(
        "slow_start",
        "slow_start.duration_seconds",
        AttrKind::Int,
        INSTANCE_IP,
    ),
];

fn http(protocol: &str) -> bool {
    matches!(protocol, "HTTP" | "HTTPS")
}

async fn describe(
    ctx: &Ctx<'_>,
    arn: Option<&str>,
    name: Option<&str>,
) -> Result<Option<Group>, ApiError> {
    let mut req = ctx.c.elbv2.describe_target_groups();
    if let Some(a) = arn {
        req = req.target_group_arns(a);
    }
    if let Some(n) = name {
        req = req.names(n);
    }
    match call!(ctx, Repeat::Harmless, "DescribeTargetGroups", req.clone()) {
        Ok(o) => Ok(o.target_groups().first().cloned()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("TargetGroupNotFound") => Ok(None),
        Err(e) => Err(e),
    }
}

/// The name a create sends: configured, or the prefix (`tf-` by default)
/// and the intent token's digits, 32 characters at most.
fn group_name(a: Args<'_>, token: Option<&str>) -> String {
    intent::name_or_prefixed(a, "name", "name_prefix", "tf-", token)
        .chars()
        .take(32)
        .collect()
}

fn attribute(k: &str, v: impl Into<String>) -> TargetGroupAttribute {
    TargetGroupAttribute::builder().key(k).value(v).build()
}

/// The attributes of the configuration's blocks, for instance and IP
/// targets (`expand*Attributes`); `prior` limits them to changed blocks.
fn block_attributes(a: Args<'_>, prior: Option<Args<'_>>) -> Vec<(String, String)> {
    let protocol = a.str("protocol").unwrap_or_default();
    let changed = |name: &str| prior.is_none_or(|p| !unchanged(p.get(name), a.get(name)));
    let mut out: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| out.push((k.to_string(), v));
    if changed("stickiness") {
        match a.block("stickiness") {
            Some(s) => {
                let kind = s.str("type").unwrap_or_default();
                put(
                    "stickiness.enabled",
                    s.bool("enabled").unwrap_or(false).to_string(),
                );
                put("stickiness.type", kind.to_string());
                let duration = s.int("cookie_duration").unwrap_or(0).to_string();
                if http(protocol) && kind == "lb_cookie" {
                    put("stickiness.lb_cookie.duration_seconds", duration);
                } else if http(protocol) && kind == "app_cookie" {
                    put(
                        "stickiness.app_cookie.cookie_name",
                        s.str("cookie_name").unwrap_or_default().to_string(),
                    );
                    put("stickiness.app_cookie.duration_seconds", duration);
                }
            }
            // Removed from the configuration: stickiness off.
            None if prior.is_some() => put("stickiness.enabled", "false".into()),
            None => {}
        }
    }
    if changed("target_failover") && protocol == "GENEVE" {
        if let Some(f) = a.block("target_failover") {
            for (k, name) in [
                ("target_failover.on_deregistration", "on_deregistration"),
                ("target_failover.on_unhealthy", "on_unhealthy"),
            ] {
                put(k, f.str(name).unwrap_or_default().to_string());
            }
        }
    }
    if changed("target_group_health") && protocol != "GENEVE" {
        if let Some(h) = a.block("target_group_health") {
            if let Some(d) = h.block("dns_failover") {
                put(
                    "target_group_health.dns_failover.minimum_healthy_targets.count",
                    d.str("minimum_healthy_targets_count")
                        .unwrap_or("off")
                        .into(),
                );
                put(
                    "target_group_health.dns_failover.minimum_healthy_targets.percentage",
                    d.str("minimum_healthy_targets_percentage")
                        .unwrap_or("off")
                        .into(),
                );
            }
            if let Some(u) = h.block("unhealthy_state_routing") {
                put(
                    "target_group_health.unhealthy_state_routing.minimum_healthy_targets.count",
                    u.int("minimum_healthy_targets_count")
                        .unwrap_or(1)
                        .to_string(),
                );
                put(
                    "target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage",
                    u.str("minimum_healthy_targets_percentage").unwrap_or("off").into(),
                );
            }
        }
    }
    if changed("target_health_state") && matches!(protocol, "TCP" | "TLS") {
        if let Some(t) = a.block("target_health_state") {
            put(
                "target_health_state.unhealthy.connection_termination.enabled",
                t.bool("enable_unhealthy_connection_termination")
                    .unwrap_or(false)
                    .to_string(),
            );
            put(
                "target_health_state.unhealthy.draining_interval_seconds",
                t.int("unhealthy_draining_interval")
                    .unwrap_or(0)
                    .to_string(),
            );
        }
    }
    out
}

async fn set_attributes(
    ctx: &Ctx<'_>,
    arn: &str,
    pairs: &[(String, String)],
) -> Result<(), ProviderError> {
    if pairs.is_empty() {
        return Ok(());
    }
    let attrs: Vec<TargetGroupAttribute> = pairs.iter().map(|(k, v)| attribute(k, v)).collect();
    call!(
        ctx,
        Repeat::Harmless,
        "ModifyTargetGroupAttributes",
        ctx.c
            .elbv2
            .modify_target_group_attributes()
            .target_group_arn(arn)
            .set_attributes(Some(attrs.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during(&format!("modifying {WHAT} ({arn}) attributes")))
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = group_name(a, token);
    if describe(ctx, None, Some(&name))
        .await
        .map_err(|e| e.during(&format!("reading {WHAT} ({name})")))?
        .is_some()
    {
        return Err(ProviderError::new(
            format!("{WHAT} already exists"),
            format!("{WHAT} ({name}) already exists."),
        ));
    }
    let target_type = a.str("target_type").unwrap_or("instance");
    let protocol = a.str("protocol").unwrap_or_default();
    let mut req = ctx
        .c
        .elbv2
        .create_target_group()
        .name(&name)
        .target_type(TargetTypeEnum::from(target_type))
        .set_tags(Some(elb_tags(&tags::wanted(ctx.settings, planned))).filter(|t| !t.is_empty()));
    if target_type != "lambda" {
        req = req
            .set_port(a.int("port"))
            .set_protocol(a.str("protocol").map(ProtocolEnum::from))
            .set_vpc_id(a.str("vpc_id").map(str::to_string));
        if http(protocol) {
            req = req.set_protocol_version(a.str("protocol_version").map(str::to_string));
        }
        if matches!(target_type, "instance" | "ip") {
            req = req.set_ip_address_type(
                a.str("ip_address_type")
                    .map(TargetGroupIpAddressTypeEnum::from),
            );
        }
    }
    if let Some(h) = a.block("health_check") {
        let hc_protocol = h.str("protocol").unwrap_or("HTTP").to_uppercase();
        req = req
            .health_check_enabled(h.bool("enabled").unwrap_or(true))
            .set_health_check_interval_seconds(h.int("interval"))
            .set_healthy_threshold_count(h.int("healthy_threshold"))
            .set_unhealthy_threshold_count(h.int("unhealthy_threshold"))
            .set_health_check_timeout_seconds(h.int("timeout").filter(|t| *t != 0));
        if hc_protocol != "TCP" {
            req = req
                .set_health_check_path(h.str("path").map(str::to_string))
                .set_matcher(matcher(a, h, false));
        }
        if target_type != "lambda" {
            req = req
                .set_health_check_port(h.str("port").map(str::to_string))
                .health_check_protocol(ProtocolEnum::from(hc_protocol.as_str()));
        }
    }
    let out = call!(ctx, Repeat::Duplicates, "CreateTargetGroup", req.clone())
        .map_err(|e| e.during(&format!("creating {WHAT} ({name})")))?;
    let arn = out
        .target_groups()
        .first()
        .and_then(|g| g.target_group_arn())
        .ok_or_else(|| {
            ProviderError::new(
                format!("creating {WHAT}"),
                "the answer names no target group",
            )
        })?
        .to_string();
    finish(ctx, planned, &arn).await
}

/// The health check's matcher: gRPC codes for a GRPC target group, HTTP
/// codes otherwise; on create only when set.
fn matcher(a: Args<'_>, h: Args<'_>, update: bool) -> Option<Matcher> {
    let m = h.get("matcher").as_str()?;
    if m.is_empty() && !update {
        return None;
    }
    Some(if a.str("protocol_version") == Some("GRPC") {
        Matcher::builder().grpc_code(m).build()
    } else {
        Matcher::builder().http_code(m).build()
    })
}

/// After CreateTargetGroup: waits until it can be read, sets its
/// attributes and reads it back.
async fn finish(ctx: &Ctx<'_>, planned: &Value, arn: &str) -> Result<Value, ProviderError> {
    let start = Instant::now();
    while describe(ctx, Some(arn), None)
        .await
        .map_err(|e| e.during(&format!("waiting for {WHAT} ({arn}) create")))?
        .is_none()
    {
        if start.elapsed() > Duration::from_secs(120) {
            return Err(not_found(WHAT, arn));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let a = Args(planned);
    let target_type = a.str("target_type").unwrap_or("instance");
    let mut pairs = Vec::new();
    if matches!(target_type, "instance" | "ip") {
        pairs.extend(block_attributes(a, None));
    }
    pairs.extend(expand_attributes(
        ATTRIBUTES,
        target_type,
        planned,
        None,
        Send::Set,
    ));
    set_attributes(ctx, arn, &pairs).await?;
    read_arn(ctx, planned, arn)
        .await?
        .ok_or_else(|| not_found(WHAT, arn))
}

/// The health check as the provider flattens it: the fields the API
/// reports (zero values for the others).
fn health_check(g: &Group) -> Value {
    let mut m: BTreeMap<String, Value> = BTreeMap::new();
    let mut num = |k: &str, v: Option<i32>| {
        if let Some(v) = v {
            m.insert(k.into(), Value::int(v));
        }
    };
    num("healthy_threshold", g.healthy_threshold_count());
    num("interval", g.health_check_interval_seconds());
    num("timeout", g.health_check_timeout_seconds());
    num("unhealthy_threshold", g.unhealthy_threshold_count());
    if let Some(b) = g.health_check_enabled() {
        m.insert("enabled".into(), Value::Bool(b));
    }
    if let Some(p) = g.health_check_port() {
        m.insert("port".into(), Value::string(p));
    }
    if let Some(p) = g.health_check_protocol() {
        m.insert("protocol".into(), Value::string(p.as_str()));
    }
    if let Some(p) = g.health_check_path() {
        m.insert("path".into(), Value::string(p));
    }
    if let Some(code) = g.matcher().and_then(|x| x.grpc_code().or(x.http_code())) {
        m.insert("matcher".into(), Value::string(code));
    }
    let b = schema().block("health_check").expect("table has it");
    Value::List(vec![sdk_item(b.attributes, b.blocks, m)].into())
}

/// One attribute block read back (`flatten*Attributes`): `fields` says
/// which attribute key fills which field, and how.
fn attribute_block(
    name: &str,
    reported: &[(String, String)],
    fields: &[(&str, &str, AttrKind)],
) -> Value {
    let b = schema().block(name).expect("table has it");
    let m = reported_fields(reported, fields);
    Value::List(vec![sdk_item(b.attributes, b.blocks, m)].into())
}

fn object(
    ctx: &Ctx<'_>,
    base: &Value,
    g: &Group,
    reported: &[(String, String)],
    held: &std::collections::HashMap<String, String>,
) -> Value {
    let a = Args(base);
    let arn = g.target_group_arn().unwrap_or_default();
    let name = g.target_group_name().unwrap_or_default();
    let protocol = g.protocol().map(|p| p.as_str().to_string());
    let target_type = g.target_type().map(|t| t.as_str().to_string());
    let mut o = Object::from(schema(), base);
    o.str("id", Some(arn))
        .str("arn", Some(arn))
        .str(
            "arn_suffix",
            arn.split_once(":targetgroup/")
                .map(|(_, s)| format!("targetgroup/{s}")),
        )
        .set("health_check", health_check(g))
        .str("ip_address_type", g.ip_address_type().map(|t| t.as_str()))
        .set_always("load_balancer_arns", g.load_balancer_arns().to_vec())
        .str("name", Some(name))
        .str("name_prefix", Some(crate::intent::prefix_of(name)))
        .str("target_type", target_type.clone());
    if g.port().is_some() || a.number("port").is_some() {
        o.num("port", g.port().map(f64::from));
    }
    if protocol.is_some() || a.str("protocol").is_some() {
        o.str("protocol", protocol.clone());
    }
    if g.protocol_version().is_some() || a.str("protocol_version").is_some() {
        o.str("protocol_version", g.protocol_version());
    }
    if g.vpc_id().is_some() || a.str("vpc_id").is_some() {
        o.str("vpc_id", g.vpc_id());
    }
    let protocol = protocol.unwrap_or_default();
    let sticky_type = reported
        .iter()
        .find(|(k, _)| k == "stickiness.type")
        .map(|(_, v)| v.as_str());
    let mut sticky: Vec<(&str, &str, AttrKind)> = vec![
        ("stickiness.enabled", "enabled", AttrKind::Bool),
        ("stickiness.type", "type", AttrKind::Str),
    ];
    if http(&protocol) && sticky_type == Some("lb_cookie") {
        sticky.push((
            "stickiness.lb_cookie.duration_seconds",
            "cookie_duration",
            AttrKind::Int,
        ));
    }
    if http(&protocol) && sticky_type == Some("app_cookie") {
        sticky.push((
            "stickiness.app_cookie.cookie_name",
            "cookie_name",
            AttrKind::Str,
        ));
        sticky.push((
            "stickiness.app_cookie.duration_seconds",
            "cookie_duration",
            AttrKind::Int,
        ));
    }
    o.set(
        "stickiness",
        attribute_block("stickiness", reported, &sticky),
    );
    let failover: &[(&str, &str, AttrKind)] = if protocol == "GENEVE" {
        &[
            (
                "target_failover.on_deregistration",
                "on_deregistration",
                AttrKind::Str,
            ),
            (
                "target_failover.on_unhealthy",
                "on_unhealthy",
                AttrKind::Str,
            ),
        ]
    } else {
        &[]
    };
    o.set(
        "target_failover",
        attribute_block("target_failover", reported, failover),
    );
    o.set("target_group_health", group_health(reported, &protocol));
    let health_state: &[(&str, &str, AttrKind)] = if matches!(protocol.as_str(), "TCP" | "TLS") {
        &[
            (
                "target_health_state.unhealthy.connection_termination.enabled",
                "enable_unhealthy_connection_termination",
                AttrKind::Bool,
            ),
            (
                "target_health_state.unhealthy.draining_interval_seconds",
                "unhealthy_draining_interval",
                AttrKind::Int,
            ),
        ]
    } else {
        &[]
    };
    o.set(
        "target_health_state",
        attribute_block("target_health_state", reported, health_state),
    );
    flatten_attributes(ATTRIBUTES, target_type.as_deref(), &mut o, reported);
    tags::record(&mut o, ctx.settings, base, Some(held));
    o.build()
}

/// `target_group_health`: always one item holding one `dns_failover` and
/// one `unhealthy_state_routing` item, filled from what is reported.
fn group_health(reported: &[(String, String)], protocol: &str) -> Value {
    let b = schema().block("target_group_health").expect("table has it");
    let nested = |name: &str, fields: &[(&str, &str, AttrKind)]| {
        let nb = b
            .blocks
            .iter()
            .find(|x| x.name == name)
            .expect("table has it");
        let m = if protocol == "GENEVE" {
            BTreeMap::new()
        } else {
            reported_fields(reported, fields)
        };
        Value::List(vec![sdk_item(nb.attributes, nb.blocks, m)].into())
    };
    let prefix = "target_group_health";
    let dns = nested(
        "dns_failover",
        &[
            (
                &format!("{prefix}.dns_failover.minimum_healthy_targets.count"),
                "minimum_healthy_targets_count",
                AttrKind::Str,
            ),
            (
                &format!("{prefix}.dns_failover.minimum_healthy_targets.percentage"),
                "minimum_healthy_targets_percentage",
                AttrKind::Str,
            ),
        ],
    );
    let routing = nested(
        "unhealthy_state_routing",
        &[
            (
                &format!("{prefix}.unhealthy_state_routing.minimum_healthy_targets.count"),
                "minimum_healthy_targets_count",
                AttrKind::Int,
            ),
            (
                &format!("{prefix}.unhealthy_state_routing.minimum_healthy_targets.percentage"),
                "minimum_healthy_targets_percentage",
                AttrKind::Str,
            ),
        ],
    );
    Value::List(
        vec![Value::Map(
            [
                ("dns_failover".to_string(), dns),
                ("unhealthy_state_routing".to_string(), routing),
            ]
            .into(),
        )]
        .into(),
    )
}

async fn read_arn(ctx: &Ctx<'_>, base: &Value, arn: &str) -> Result<Option<Value>, ProviderError> {
    let Some(g) = describe(ctx, Some(arn), None)
        .await
        .map_err(|e| e.during(&format!("reading {WHAT} ({arn})")))?
    else {
        return Ok(None);
    };
    let attrs = call!(
        ctx,
        Repeat::Harmless,
        "DescribeTargetGroupAttributes",
        ctx.c
            .elbv2
            .describe_target_group_attributes()
            .target_group_arn(arn)
    )
    .map_err(|e| e.during(&format!("reading {WHAT} ({arn}) attributes")))?;
    let reported: Vec<(String, String)> = attrs
        .attributes()
        .iter()
        .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
        .collect();
    let held = held_tags(ctx, arn, WHAT).await?;
    Ok(Some(object(ctx, base, &g, &reported, &held)))
}

/// The target group of the name the interrupted create sent. Target
/// groups carry no creation time; the name is the create's own when it
/// was generated from the intent token, and a configured name that
/// exists would have failed the create ("already exists").
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let name = group_name(Args(planned), Some(interrupted.token));
    let found = describe(ctx, None, Some(&name))
        .await
        .map_err(|e| e.during(&format!("looking for an interrupted create of {WHAT}")))?;
    match found.and_then(|g| g.target_group_arn().map(str::to_string)) {
        Some(arn) => finish(ctx, planned, &arn).await.map(Some),
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_arn(ctx, current, Args(current).required("arn")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let arn = p.required("arn")?;
    let target_type = n.str("target_type").unwrap_or("instance");
    if !unchanged(p.get("health_check"), n.get("health_check")) {
        if let Some(h) = n.block("health_check") {
            let hc_protocol = h.str("protocol").unwrap_or("HTTP").to_uppercase();
            let mut req = ctx
                .c
                .elbv2
                .modify_target_group()
                .target_group_arn(arn)
                .set_health_check_enabled(h.bool("enabled"))
                .set_health_check_interval_seconds(h.int("interval"))
                .set_healthy_threshold_count(h.int("healthy_threshold"))
                .set_unhealthy_threshold_count(h.int("unhealthy_threshold"))
                .set_health_check_timeout_seconds(h.int("timeout").filter(|t| *t != 0));
            if hc_protocol != "TCP" {
                req = req
                    .set_matcher(matcher(n, h, true))
                    .health_check_path(h.get("path").as_str().unwrap_or_default());
            }
            if target_type != "lambda" {
                req = req
                    .set_health_check_port(h.str("port").map(str::to_string))
                    .health_check_protocol(ProtocolEnum::from(hc_protocol.as_str()));
            }
            call!(ctx, Repeat::Harmless, "ModifyTargetGroup", req.clone())
                .map_err(|e| e.during(&format!("modifying {WHAT} ({arn})")))?;
        }
    }
    let mut pairs = Vec::new();
    if matches!(target_type, "instance" | "ip") {
        pairs.extend(block_attributes(n, Some(p)));
    }
    pairs.extend(expand_attributes(
        ATTRIBUTES,
        target_type,
        planned,
        Some(prior),
        Send::Set,
    ));
    set_attributes(ctx, arn, &pairs).await?;
    update_tags(ctx, arn, prior, planned).await?;
    read_arn(ctx, planned, arn)
        .await?
        .ok_or_else(|| not_found(WHAT, arn))
}

/// A target group a listener still uses cannot go yet (the listener's own
/// delete may still be under way): retried for two minutes.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let arn = Args(prior).required("arn")?;
    let start = Instant::now();
    loop {
        match call!(
            ctx,
            Repeat::Harmless,
            "DeleteTargetGroup",
            ctx.c.elbv2.delete_target_group().target_group_arn(arn)
        ) {
            Ok(_) => return Ok(()),
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e)
                if e.code.as_deref() == Some("ResourceInUse")
                    && start.elapsed() < Duration::from_secs(120) =>
            {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Err(e) => return Err(e.during(&format!("deleting {WHAT} ({arn})"))),
        }
    }
}

/// Lambda's multi-value headers and proxy protocol v2 are not read for
/// every target type; an import takes their defaults (the provider's
/// acceptance tests ignore both after import).
pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let mut base = crate::apigateway::with_id(id);
    if let Value::Map(m) = &mut base {
        m.insert(
            "lambda_multi_value_headers_enabled".into(),
            Value::Bool(false),
        );
        m.insert("proxy_protocol_v2".into(), Value::Bool(false));
    }
    read_arn(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

crate::kind::register!(TargetGroup, "aws_lb_target_group", intent);
