//! `aws_lb` (what a VPC link targets: a network load balancer).

use std::time::{Duration, Instant};

use aws_sdk_elasticloadbalancingv2::types::{
    IpAddressType, LoadBalancer, LoadBalancerAttribute, LoadBalancerSchemeEnum,
    LoadBalancerStateEnum, LoadBalancerTypeEnum, MinimumLoadBalancerCapacity, SubnetMapping,
};
use gantry_config::value::Value;
use gantry_executor::convert::{attr as field, unchanged};
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{
    attr, elb_tags, expand_attributes, flatten_attributes, held_tags, update_tags, AttrInfo,
    AttrKind, Send,
};
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

const APP: &[&str] = &["application"];
const NET: &[&str] = &["network"];
const APP_NET: &[&str] = &["application", "network"];

/// The provider's `loadBalancerAttributes`: the arguments kept as load
/// balancer attributes, and the types that have them.
const ATTRIBUTES: &[AttrInfo] = &[
    attr(
        "client_keep_alive",
        "client_keep_alive.seconds",
        AttrKind::Int,
        APP,
    ),
    attr(
        "desync_mitigation_mode",
        "routing.http.desync_mitigation_mode",
        AttrKind::Str,
        APP,
    ),
    attr(
        "dns_record_client_routing_policy",
        "dns_record.client_routing_policy",
        AttrKind::Str,
        NET,
    ),
    attr(
        "drop_invalid_header_fields",
        "routing.http.drop_invalid_header_fields.enabled",
        AttrKind::Bool,
        APP,
    ),
    // ALBs have it too, but always on.
    attr(
        "enable_cross_zone_load_balancing",
        "load_balancing.cross_zone.enabled",
        AttrKind::Bool,
        &["network", "gateway"],
    ),
    attr(
        "enable_deletion_protection",
        "deletion_protection.enabled",
        AttrKind::Bool,
        &["application", "network", "gateway"],
    ),
    attr("enable_http2", "routing.http2.enabled", AttrKind::Bool, APP),
    attr(
        "enable_tls_version_and_cipher_suite_headers",
        "routing.http.x_amzn_tls_version_and_cipher_suite.enabled",
        AttrKind::Bool,
        APP,
    ),
    attr(
        "enable_waf_fail_open",
        "waf.fail_open.enabled",
        AttrKind::Bool,
        APP,
    ),
    attr(
        "enable_xff_client_port",
        "routing.http.xff_client_port.enabled",
        AttrKind::Bool,
        APP,
    ),
    attr(
        "enable_zonal_shift",
        "zonal_shift.config.enabled",
        AttrKind::Bool,
        APP_NET,
    ),
    attr(
        "idle_timeout",
        "idle_timeout.timeout_seconds",
        AttrKind::Int,
        APP,
    ),
    attr(
        "preserve_host_header",
        "routing.http.preserve_host_header.enabled",
        AttrKind::Bool,
        APP,
    ),
    attr(
        "xff_header_processing_mode",
        "routing.http.xff_header_processing.mode",
        AttrKind::Str,
        APP,
    ),
];

/// The provider's CustomizeDiff defaults: an argument the configuration
/// leaves unset takes its type's default, and is null on a type that
/// does not have it (Terraform 1.11 + provider 5.100 plan
/// `dns_record_client_routing_policy = "any_availability_zone"` for a
/// network load balancer, and `idle_timeout = 60` for an application one).
pub fn plan_defaults(config: &Value, planned: &mut Value) {
    let kind = Args(planned)
        .str("load_balancer_type")
        .unwrap_or("application")
        .to_string();
    let Value::Map(out) = planned else { return };
    let defaults: &[(&str, &[&str], Value)] = &[
        ("client_keep_alive", APP, Value::int(3600)),
        ("desync_mitigation_mode", APP, Value::string("defensive")),
        (
            "dns_record_client_routing_policy",
            NET,
            Value::string("any_availability_zone"),
        ),
        ("drop_invalid_header_fields", APP, Value::Bool(false)),
        (
            "enable_cross_zone_load_balancing",
            &["network", "gateway"],
            Value::Bool(false),
        ),
        ("enable_http2", APP, Value::Bool(true)),
        (
            "enable_tls_version_and_cipher_suite_headers",
            APP,
            Value::Bool(false),
        ),
        ("enable_waf_fail_open", APP, Value::Bool(false)),
        ("enable_xff_client_port", APP, Value::Bool(false)),
        ("enable_zonal_shift", APP_NET, Value::Bool(false)),
        ("idle_timeout", APP, Value::int(60)),
        ("preserve_host_header", APP, Value::Bool(false)),
        ("xff_header_processing_mode", APP, Value::string("append")),
    ];
    for (name, kinds, default) in defaults {
        if field(config, name).is_null() {
            let v = if kinds.contains(&kind.as_str()) {
                default.clone()
            } else {
                Value::Null
            };
            out.insert(name.to_string(), v);
        }
    }
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
                    .set_ipv6_address(m.str("ipv6_address").map(str::to_string))
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
            .set_customer_owned_ipv4_pool(a.str("customer_owned_ipv4_pool").map(str::to_string))
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
    set_attributes(ctx, &arn, kind, &create_attributes(a, kind, planned)).await?;
    if let Some(units) = capacity(a) {
        set_capacity(ctx, &arn, Some(units)).await?;
    }
    read_arn(ctx, planned, &arn).await?.ok_or_else(|| {
        ProviderError::new(
            "ELBv2 Load Balancer vanished",
            format!("{arn} was created but cannot be read back"),
        )
    })
}

/// What a create sets after CreateLoadBalancer: access logs (off unless
/// configured) and connection logs of an ALB, then every attribute of
/// the type, as the provider sends them.
fn create_attributes(a: Args<'_>, kind: &str, planned: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if kind == "application" || kind == "network" {
        out.extend(logs("access_logs", a));
    }
    if kind == "application" {
        out.extend(logs("connection_logs", a));
    }
    out.extend(expand_attributes(
        ATTRIBUTES,
        kind,
        planned,
        None,
        Send::Always,
    ));
    out
}

/// `access_logs` or `connection_logs` as attributes: off when unset.
fn logs(block: &str, a: Args<'_>) -> Vec<(String, String)> {
    let key = |k: &str| format!("{block}.s3.{k}");
    match a.block(block) {
        Some(b) => {
            let enabled = b.bool("enabled").unwrap_or(false);
            let mut out = vec![(key("enabled"), enabled.to_string())];
            if enabled {
                out.push((
                    key("bucket"),
                    b.str("bucket").unwrap_or_default().to_string(),
                ));
                out.push((
                    key("prefix"),
                    b.str("prefix").unwrap_or_default().to_string(),
                ));
            }
            out
        }
        None => vec![(key("enabled"), "false".to_string())],
    }
}

fn capacity(a: Args<'_>) -> Option<i32> {
    a.block("minimum_load_balancer_capacity")
        .and_then(|b| b.int("capacity_units"))
}

/// ModifyLoadBalancerAttributes, leaving out any key the service says it
/// does not recognise or support for this type (as the provider does:
/// not every partition, or emulator, has every attribute).
async fn set_attributes(
    ctx: &Ctx<'_>,
    arn: &str,
    kind: &str,
    pairs: &[(String, String)],
) -> Result<(), ProviderError> {
    let mut pairs = pairs.to_vec();
    while !pairs.is_empty() {
        let attrs: Vec<LoadBalancerAttribute> = pairs
            .iter()
            .map(|(k, v)| LoadBalancerAttribute::builder().key(k).value(v).build())
            .collect();
        match call!(
            ctx,
            Repeat::Harmless,
            "ModifyLoadBalancerAttributes",
            ctx.c
                .elbv2
                .modify_load_balancer_attributes()
                .load_balancer_arn(arn)
                .set_attributes(Some(attrs.clone()))
        ) {
            Ok(_) => return Ok(()),
            Err(e) => match unsupported_key(&e.message) {
                Some(key) if pairs.iter().any(|(k, _)| *k == key) => {
                    pairs.retain(|(k, _)| *k != key);
                }
                _ => {
                    return Err(e.during(&format!(
                        "modifying ELBv2 {kind} Load Balancer ({arn}) attributes"
                    )))
                }
            },
        }
    }
    Ok(())
}

/// The key of "attribute key 'K' is not recognized/supported".
fn unsupported_key(message: &str) -> Option<String> {
    let rest = &message[message.find("attribute key ")? + "attribute key ".len()..];
    let key: String = rest
        .trim_start_matches(['\'', '"'])
        .chars()
        .take_while(|c| !matches!(c, '\'' | '"' | ' '))
        .collect();
    let tail = &rest[rest.find(" is not ")?..];
    (tail.starts_with(" is not recognized") || tail.starts_with(" is not supported")).then_some(key)
}

async fn set_capacity(ctx: &Ctx<'_>, arn: &str, units: Option<i32>) -> Result<(), ProviderError> {
    call!(
        ctx,
        Repeat::Harmless,
        "ModifyCapacityReservation",
        ctx.c
            .elbv2
            .modify_capacity_reservation()
            .load_balancer_arn(arn)
            .set_minimum_load_balancer_capacity(units.map(|u| {
                MinimumLoadBalancerCapacity::builder()
                    .capacity_units(u)
                    .build()
            }))
            .reset_capacity_reservation(units.is_none())
    )
    .map(|_| ())
    .map_err(|e| {
        e.during(&format!(
            "modifying ELBv2 Load Balancer ({arn}) capacity reservation"
        ))
    })
}

/// The reserved capacity, as `minimum_load_balancer_capacity`: null where
/// the service refuses to say (AccessDenied, InvalidAction).
async fn read_capacity(ctx: &Ctx<'_>, arn: &str) -> Result<Value, ProviderError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "DescribeCapacityReservation",
        ctx.c
            .elbv2
            .describe_capacity_reservation()
            .load_balancer_arn(arn)
    ) {
        Ok(out) => Ok(Value::List(
            out.minimum_load_balancer_capacity()
                .map(|c| {
                    Value::Map(
                        [(
                            "capacity_units".to_string(),
                            Value::int(c.capacity_units().unwrap_or(0)),
                        )]
                        .into(),
                    )
                })
                .into_iter()
                .collect(),
        )),
        Err(e) if matches!(e.code.as_deref(), Some("AccessDenied" | "InvalidAction")) => {
            Ok(Value::Null)
        }
        Err(e) => Err(e.during(&format!(
            "reading ELBv2 Load Balancer ({arn}) capacity reservation"
        ))),
    }
}

/// `access_logs` or `connection_logs` read back from the attributes.
fn logs_block(prefix: &str, reported: &[(String, String)]) -> Value {
    let get = |k: &str| {
        reported
            .iter()
            .find(|(key, _)| *key == format!("{prefix}.s3.{k}"))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    Value::List(
        vec![Value::Map(
            [
                ("bucket".to_string(), Value::string(get("bucket"))),
                ("enabled".to_string(), Value::Bool(get("enabled") == "true")),
                ("prefix".to_string(), Value::string(get("prefix"))),
            ]
            .into(),
        )]
        .into(),
    )
}

fn subnet_mappings(lb: &LoadBalancer) -> Value {
    Value::List(
        lb.availability_zones()
            .iter()
            .map(|z| {
                let address = z.load_balancer_addresses().first();
                let s = |v: Option<&str>| Value::string(v.unwrap_or_default());
                Value::Map(
                    [
                        ("subnet_id", s(z.subnet_id())),
                        ("outpost_id", s(z.outpost_id())),
                        ("allocation_id", s(address.and_then(|a| a.allocation_id()))),
                        ("ipv6_address", s(address.and_then(|a| a.ipv6_address()))),
                        (
                            "private_ipv4_address",
                            s(address.and_then(|a| a.private_ipv4_address())),
                        ),
                    ]
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v))
                    .collect(),
                )
            })
            .collect(),
    )
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
    let reported: Vec<(String, String)> = attrs
        .attributes()
        .iter()
        .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
        .collect();
    let held = held_tags(ctx, arn, "ELBv2 Load Balancer").await?;
    let kind = lb.r#type().map(|t| t.as_str().to_string());
    let name = lb.load_balancer_name().unwrap_or_default();
    // arn:...:loadbalancer/net/NAME/ID -> net/NAME/ID
    let suffix = arn.split_once(":loadbalancer/").map(|(_, s)| s.to_string());
    let mut o = Object::from(schema(), base);
    o.str("id", Some(arn))
        .str("arn", Some(arn))
        .str("arn_suffix", suffix)
        .str("name", Some(name))
        .str("name_prefix", Some(crate::intent::prefix_of(name)))
        .str(
            "customer_owned_ipv4_pool",
            Some(lb.customer_owned_ipv4_pool().unwrap_or_default()),
        )
        .str(
            "enforce_security_group_inbound_rules_on_private_link_traffic",
            Some(
                lb.enforce_security_group_inbound_rules_on_private_link_traffic()
                    .unwrap_or_default(),
            ),
        )
        .bool(
            "internal",
            Some(lb.scheme() == Some(&LoadBalancerSchemeEnum::Internal)),
        )
        .str("load_balancer_type", kind.clone())
        .set_always(
            "subnets",
            lb.availability_zones()
                .iter()
                .filter_map(|z| z.subnet_id().map(str::to_string))
                .collect(),
        )
        .set("subnet_mapping", subnet_mappings(&lb))
        .set("ipam_pools", ipam_pools(&lb))
        .set_always("security_groups", lb.security_groups().to_vec())
        .str("ip_address_type", lb.ip_address_type().map(|t| t.as_str()))
        .str("dns_name", lb.dns_name())
        .str("zone_id", lb.canonical_hosted_zone_id())
        .str("vpc_id", lb.vpc_id())
        .set("access_logs", logs_block("access_logs", &reported));
    if kind.as_deref() == Some("application") {
        o.set("connection_logs", logs_block("connection_logs", &reported));
    }
    flatten_attributes(ATTRIBUTES, None, &mut o, &reported);
    if matches!(kind.as_deref(), Some("application" | "network")) {
        o.set(
            "minimum_load_balancer_capacity",
            read_capacity(ctx, arn).await?,
        );
    }
    tags::record(&mut o, ctx.settings, base, Some(&held));
    Ok(Some(o.build()))
}

fn ipam_pools(lb: &LoadBalancer) -> Value {
    Value::List(
        lb.ipam_pools()
            .and_then(|p| p.ipv4_ipam_pool_id())
            .map(|id| Value::Map([("ipv4_ipam_pool_id".to_string(), Value::string(id))].into()))
            .into_iter()
            .collect(),
    )
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let arn = Args(current).required("arn")?;
    read_arn(ctx, current, arn).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let arn = p.required("arn")?;
    let kind = n.str("load_balancer_type").unwrap_or("application");
    let changed = |name: &str| !unchanged(p.get(name), n.get(name));
    let mut attrs = Vec::new();
    if changed("access_logs") {
        attrs.extend(logs("access_logs", n));
    }
    if changed("connection_logs") {
        attrs.extend(logs("connection_logs", n));
    }
    attrs.extend(expand_attributes(
        ATTRIBUTES,
        kind,
        planned,
        Some(prior),
        Send::Always,
    ));
    set_attributes(ctx, arn, kind, &attrs).await?;
    if changed("security_groups")
        || changed("enforce_security_group_inbound_rules_on_private_link_traffic")
    {
        let mut req = ctx
            .c
            .elbv2
            .set_security_groups()
            .load_balancer_arn(arn)
            .set_security_groups(Some(n.strings("security_groups")));
        if kind == "network" {
            if let Some(v) = n.str("enforce_security_group_inbound_rules_on_private_link_traffic") {
                req = req.enforce_security_group_inbound_rules_on_private_link_traffic(v.into());
            }
        }
        call!(ctx, Repeat::Harmless, "SetSecurityGroups", req.clone())
            .map_err(|e| e.during("updating ELBv2 Load Balancer security groups"))?;
    }
    if changed("subnets") && !n.strings("subnets").is_empty() {
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
    if let (Some(t), true) = (n.str("ip_address_type"), changed("ip_address_type")) {
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
    if changed("minimum_load_balancer_capacity") {
        set_capacity(ctx, arn, capacity(n)).await?;
    }
    update_tags(ctx, arn, prior, planned).await?;
    wait_active(ctx, arn).await?;
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

#[cfg(test)]
mod tests {
    use super::unsupported_key;

    #[test]
    fn keys_the_service_does_not_know_are_named() {
        assert_eq!(
            unsupported_key("Validation error: Load balancer attribute key 'routing.http.desync_mitigation_mode' is not recognized").as_deref(),
            Some("routing.http.desync_mitigation_mode")
        );
        assert_eq!(
            unsupported_key("InvalidConfigurationRequest: Load balancer attribute key 'dns_record.client_routing_policy' is not supported on load balancers with type 'network'").as_deref(),
            Some("dns_record.client_routing_policy")
        );
        assert_eq!(unsupported_key("Throttled"), None);
    }
}
