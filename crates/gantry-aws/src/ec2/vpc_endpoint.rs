//! `aws_vpc_endpoint`: how a VPC reaches a service privately (a private
//! REST API is called through an `execute-api` interface endpoint). The
//! create carries the intent token as its client token, so a repeat
//! returns the same endpoint, and as a tag, so an interrupted create is
//! found.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{
    DnsOptionsSpecification, DnsRecordIpType, IpAddressType, ResourceType as Ec2Type,
    SubnetConfiguration, VpcEndpoint as Endpoint, VpcEndpointType,
};
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{arn, filter, intent_filter, tag_map, tag_specs, untag_intent, update_tags};
use crate::ctx::{call, Ctx};
use crate::error::{not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{equivalent_json, sdk_item, Args, Object};

const WHAT: &str = "VPC Endpoint";

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_vpc_endpoint").expect("table exists")
}

async fn describe(
    ctx: &Ctx<'_>,
    id: Option<&str>,
    token: Option<&str>,
) -> Result<Option<Endpoint>, ApiError> {
    let mut req = ctx.c.ec2.describe_vpc_endpoints();
    if let Some(id) = id {
        req = req.vpc_endpoint_ids(id);
    }
    if let Some(t) = token {
        req = req.filters(intent_filter(t));
    }
    match call!(ctx, Repeat::Harmless, "DescribeVpcEndpoints", req.clone()) {
        Ok(out) => Ok(out
            .vpc_endpoints()
            .iter()
            .find(|e| !matches!(e.state().map(|s| s.as_str()), Some("deleted" | "Deleted")))
            .cloned()),
        Err(e)
            if e.is_not_found() || e.code.as_deref() == Some("InvalidVpcEndpointId.NotFound") =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// A gateway endpoint's prefix list and its CIDR blocks.
async fn prefix_list(ctx: &Ctx<'_>, service: &str) -> Result<(Value, Value), ProviderError> {
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DescribePrefixLists",
        ctx.c
            .ec2
            .describe_prefix_lists()
            .filters(filter("prefix-list-name", service))
    )
    .map_err(|e| e.during(&format!("reading {WHAT} prefix list")))?;
    Ok(match out.prefix_lists().first() {
        Some(p) => (
            Value::List(p.cidrs().iter().map(Value::string).collect()),
            p.prefix_list_id().map_or(Value::Null, Value::string),
        ),
        None => (Value::List(Vec::new().into()), Value::Null),
    })
}

/// The endpoint's address in each subnet, from its network interfaces.
async fn subnet_configurations(ctx: &Ctx<'_>, e: &Endpoint) -> Result<Value, ProviderError> {
    if e.network_interface_ids().is_empty() {
        return Ok(Value::List(Vec::new().into()));
    }
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DescribeNetworkInterfaces",
        ctx.c
            .ec2
            .describe_network_interfaces()
            .set_network_interface_ids(Some(e.network_interface_ids().to_vec()))
    )
    .map_err(|e| e.during(&format!("reading {WHAT} network interfaces")))?;
    let b = schema()
        .block("subnet_configuration")
        .expect("table has it");
    Ok(Value::List(
        out.network_interfaces()
            .iter()
            .map(|n| {
                let mut m = BTreeMap::new();
                let s = |v: Option<&str>| Value::string(v.unwrap_or_default());
                m.insert("ipv4".into(), s(n.private_ip_address()));
                m.insert(
                    "ipv6".into(),
                    s(n.ipv6_addresses().first().and_then(|a| a.ipv6_address())),
                );
                m.insert("subnet_id".into(), s(n.subnet_id()));
                sdk_item(b.attributes, b.blocks, m)
            })
            .collect(),
    ))
}

async fn object(ctx: &Ctx<'_>, base: &Value, e: &Endpoint) -> Result<Value, ProviderError> {
    let id = e.vpc_endpoint_id().unwrap_or_default();
    let owner = e.owner_id().unwrap_or_default();
    let kind = e
        .vpc_endpoint_type()
        .map(|t| t.as_str())
        .unwrap_or_default();
    let service = e.service_name().unwrap_or_default();
    let s = |v: Option<&str>| Some(v.unwrap_or_default().to_string());
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("arn", Some(arn(ctx, owner, "vpc-endpoint", id)))
        .str("owner_id", Some(owner))
        .str("vpc_id", e.vpc_id())
        .str("service_name", Some(service))
        .str("vpc_endpoint_type", Some(kind))
        .str("state", e.state().map(|s| s.as_str()))
        .bool("private_dns_enabled", e.private_dns_enabled())
        .bool("requester_managed", e.requester_managed())
        .str("ip_address_type", e.ip_address_type().map(|t| t.as_str()))
        .str(
            "resource_configuration_arn",
            s(e.resource_configuration_arn()),
        )
        .str("service_network_arn", s(e.service_network_arn()))
        .str("service_region", s(e.service_region()))
        .set_always("route_table_ids", e.route_table_ids().to_vec())
        .set_always("subnet_ids", e.subnet_ids().to_vec())
        .set_always(
            "security_group_ids",
            e.groups()
                .iter()
                .filter_map(|g| g.group_id().map(str::to_string))
                .collect(),
        )
        .set_always("network_interface_ids", e.network_interface_ids().to_vec())
        .set(
            "dns_entry",
            Value::List(
                e.dns_entries()
                    .iter()
                    .map(|d| {
                        Value::Map(
                            [
                                (
                                    "dns_name".to_string(),
                                    Value::string(d.dns_name().unwrap_or_default()),
                                ),
                                (
                                    "hosted_zone_id".to_string(),
                                    Value::string(d.hosted_zone_id().unwrap_or_default()),
                                ),
                            ]
                            .into(),
                        )
                    })
                    .collect(),
            ),
        )
        .set(
            "dns_options",
            match e.dns_options() {
                Some(d) => {
                    let b = schema().block("dns_options").expect("table has it");
                    let mut m = BTreeMap::new();
                    m.insert(
                        "dns_record_ip_type".into(),
                        Value::string(
                            d.dns_record_ip_type()
                                .map(|t| t.as_str())
                                .unwrap_or_default(),
                        ),
                    );
                    m.insert(
                        "private_dns_only_for_inbound_resolver_endpoint".into(),
                        Value::Bool(
                            d.private_dns_only_for_inbound_resolver_endpoint()
                                .unwrap_or(false),
                        ),
                    );
                    Value::List(vec![sdk_item(b.attributes, b.blocks, m)].into())
                }
                None => Value::List(Vec::new().into()),
            },
        )
        .set("subnet_configuration", subnet_configurations(ctx, e).await?);
    if let Some(p) = e.policy_document() {
        let configured = Args(base).str("policy");
        o.str(
            "policy",
            Some(equivalent_json(configured, &crate::json::normalized(p))),
        );
    }
    if kind == "Gateway" {
        let (cidrs, id) = prefix_list(ctx, service).await?;
        o.set("cidr_blocks", cidrs).set("prefix_list_id", id);
    } else {
        o.set("cidr_blocks", Value::List(Vec::new().into()));
    }
    tags::record(&mut o, ctx.settings, base, Some(&tag_map(e.tags())));
    Ok(o.build())
}

async fn read_id(ctx: &Ctx<'_>, base: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    match describe(ctx, Some(id), None)
        .await
        .map_err(|e| e.during(&format!("reading {WHAT} ({id})")))?
    {
        Some(e) => object(ctx, base, &e).await.map(Some),
        None => Ok(None),
    }
}

fn dns_options(a: Args<'_>) -> Option<DnsOptionsSpecification> {
    a.block("dns_options").map(|d| {
        DnsOptionsSpecification::builder()
            .set_dns_record_ip_type(d.str("dns_record_ip_type").map(DnsRecordIpType::from))
            .set_private_dns_only_for_inbound_resolver_endpoint(
                d.bool("private_dns_only_for_inbound_resolver_endpoint"),
            )
            .build()
    })
}

pub async fn create(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let kind = a.str("vpc_endpoint_type").unwrap_or("Gateway");
    let nonempty = |v: Vec<String>| Some(v).filter(|v| !v.is_empty());
    let subnets: Vec<SubnetConfiguration> = a
        .get("subnet_configuration")
        .elements()
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let c = Args(c);
            SubnetConfiguration::builder()
                .set_subnet_id(c.str("subnet_id").map(str::to_string))
                .set_ipv4(c.str("ipv4").map(str::to_string))
                .set_ipv6(c.str("ipv6").map(str::to_string))
                .build()
        })
        .collect();
    let mut req = ctx
        .c
        .ec2
        .create_vpc_endpoint()
        .set_client_token(token.map(str::to_string))
        .set_vpc_id(a.str("vpc_id").map(str::to_string))
        .set_service_name(a.str("service_name").map(str::to_string))
        .vpc_endpoint_type(VpcEndpointType::from(kind))
        .set_policy_document(a.str("policy").map(crate::json::normalized))
        .set_route_table_ids(nonempty(a.strings("route_table_ids")))
        .set_subnet_ids(nonempty(a.strings("subnet_ids")))
        .set_security_group_ids(nonempty(a.strings("security_group_ids")))
        .set_ip_address_type(a.str("ip_address_type").map(IpAddressType::from))
        .set_dns_options(dns_options(a))
        .set_subnet_configurations(Some(subnets).filter(|s| !s.is_empty()))
        .set_resource_configuration_arn(a.str("resource_configuration_arn").map(str::to_string))
        .set_service_network_arn(a.str("service_network_arn").map(str::to_string))
        .set_service_region(a.str("service_region").map(str::to_string))
        .set_tag_specifications(tag_specs(ctx, planned, Ec2Type::VpcEndpoint, token));
    if kind == "Interface" {
        req = req.set_private_dns_enabled(a.bool("private_dns_enabled"));
    }
    // The client token makes a repeat return the same endpoint.
    let out = call!(ctx, Repeat::Harmless, "CreateVpcEndpoint", req.clone())
        .map_err(|e| e.during(&format!("creating {WHAT}")))?;
    let id = out
        .vpc_endpoint()
        .and_then(|e| e.vpc_endpoint_id())
        .unwrap_or_default()
        .to_string();
    finish(ctx, planned, &id, token.is_some()).await
}

/// Accepts the endpoint when asked, waits until it is available, drops
/// the intent tag and reads it back.
async fn finish(
    ctx: &Ctx<'_>,
    planned: &Value,
    id: &str,
    tagged: bool,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let mut accepted = false;
    for _ in 0..300 {
        let e = describe(ctx, Some(id), None)
            .await
            .map_err(|e| e.during(&format!("waiting for {WHAT} ({id})")))?;
        let state = e
            .as_ref()
            .and_then(|e| e.state())
            .map(|s| s.as_str().to_lowercase());
        match state.as_deref() {
            Some("available") => break,
            // Waiting on the service's owner is done, as for the provider.
            Some("pendingacceptance") if a.bool("auto_accept") != Some(true) => break,
            Some("pendingacceptance") if !accepted => {
                let service = e
                    .as_ref()
                    .and_then(|e| e.service_name())
                    .unwrap_or_default();
                accept(ctx, id, service)
                    .await
                    .map_err(|e| e.during(&format!("accepting {WHAT} ({id})")))?;
                accepted = true;
            }
            Some("failed" | "rejected") => {
                return Err(ProviderError::new(
                    format!("{WHAT} {}", state.as_deref().unwrap_or_default()),
                    format!("{WHAT} {id} is {}.", state.as_deref().unwrap_or_default()),
                ))
            }
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    if tagged {
        untag_intent(ctx, id).await?;
    }
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

/// AcceptVpcEndpointConnections on the endpoint's service.
async fn accept(ctx: &Ctx<'_>, id: &str, service_name: &str) -> Result<(), ApiError> {
    let services = call!(
        ctx,
        Repeat::Harmless,
        "DescribeVpcEndpointServiceConfigurations",
        ctx.c
            .ec2
            .describe_vpc_endpoint_service_configurations()
            .filters(filter("service-name", service_name))
    )?;
    if let Some(service) = services
        .service_configurations()
        .first()
        .and_then(|s| s.service_id())
    {
        call!(
            ctx,
            Repeat::Harmless,
            "AcceptVpcEndpointConnections",
            ctx.c
                .ec2
                .accept_vpc_endpoint_connections()
                .service_id(service)
                .vpc_endpoint_ids(id)
        )?;
    }
    Ok(())
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let found = describe(ctx, None, Some(interrupted.token))
        .await
        .map_err(|e| e.during(&format!("looking for an interrupted create of {WHAT}")))?;
    match found.and_then(|e| e.vpc_endpoint_id().map(str::to_string)) {
        Some(id) => finish(ctx, planned, &id, true).await.map(Some),
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

/// ModifyVpcEndpoint with what changed: route tables, subnets and
/// security groups added and removed, the policy set (or reset), DNS.
pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let id = p.required("id")?;
    let changed = |k: &str| !unchanged(p.get(k), n.get(k)) && !n.get(k).is_unknown();
    let mut req = ctx.c.ec2.modify_vpc_endpoint().vpc_endpoint_id(id);
    let mut any = false;
    let diff = |k: &str| additions(&p.strings(k), &n.strings(k));
    if changed("route_table_ids") {
        let (add, remove) = diff("route_table_ids");
        req = req
            .set_add_route_table_ids(add)
            .set_remove_route_table_ids(remove);
        any = true;
    }
    if changed("subnet_ids") {
        let (add, remove) = diff("subnet_ids");
        req = req.set_add_subnet_ids(add).set_remove_subnet_ids(remove);
        any = true;
    }
    if changed("security_group_ids") {
        let (add, remove) = diff("security_group_ids");
        req = req
            .set_add_security_group_ids(add)
            .set_remove_security_group_ids(remove);
        any = true;
    }
    if changed("policy") {
        req = match n.str("policy") {
            Some(policy) => req.policy_document(crate::json::normalized(policy)),
            None => req.reset_policy(true),
        };
        any = true;
    }
    if changed("private_dns_enabled") {
        req = req.set_private_dns_enabled(n.bool("private_dns_enabled"));
        any = true;
    }
    if changed("ip_address_type") {
        req = req.set_ip_address_type(n.str("ip_address_type").map(IpAddressType::from));
        any = true;
    }
    if changed("dns_options") {
        req = req.set_dns_options(dns_options(n));
        any = true;
    }
    if any {
        call!(ctx, Repeat::Harmless, "ModifyVpcEndpoint", req.clone())
            .map_err(|e| e.during(&format!("modifying {WHAT} ({id})")))?;
        finish(ctx, planned, id, false).await?;
    }
    update_tags(ctx, id, prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

/// What to add and what to remove to go from `old` to `new`, each `None`
/// when empty (ModifyVpcEndpoint's Add*/Remove* lists).
type Lists = (Option<Vec<String>>, Option<Vec<String>>);

fn additions(old: &[String], new: &[String]) -> Lists {
    let add: Vec<String> = new.iter().filter(|x| !old.contains(x)).cloned().collect();
    let remove: Vec<String> = old.iter().filter(|x| !new.contains(x)).cloned().collect();
    (
        Some(add).filter(|v| !v.is_empty()),
        Some(remove).filter(|v| !v.is_empty()),
    )
}

/// DeleteVpcEndpoints answers with per-endpoint errors rather than
/// failing; then the endpoint drains until it is gone.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DeleteVpcEndpoints",
        ctx.c.ec2.delete_vpc_endpoints().vpc_endpoint_ids(id)
    );
    match out {
        Ok(o) => {
            if let Some(u) = o
                .unsuccessful()
                .iter()
                .filter_map(|u| u.error())
                .find(|e| e.code() != Some("InvalidVpcEndpoint.NotFound"))
            {
                return Err(ProviderError::new(
                    format!("deleting {WHAT} ({id})"),
                    format!(
                        "{}: {}",
                        u.code().unwrap_or_default(),
                        u.message().unwrap_or_default()
                    ),
                ));
            }
        }
        Err(e)
            if e.is_not_found() || e.code.as_deref() == Some("InvalidVpcEndpointId.NotFound") =>
        {
            return Ok(())
        }
        Err(e) => return Err(e.during(&format!("deleting {WHAT} ({id})"))),
    }
    for _ in 0..150 {
        if describe(ctx, Some(id), None)
            .await
            .map_err(|e| e.during(&format!("waiting for {WHAT} ({id}) delete")))?
            .is_none()
        {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    }
    Err(ProviderError::new(
        format!("{WHAT} not deleted"),
        format!("{WHAT} {id} still exists after five minutes."),
    ))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_id(ctx, &crate::apigateway::with_id(id), id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

crate::kind::register!(VpcEndpoint, "aws_vpc_endpoint", intent);

#[cfg(test)]
mod tests {
    use super::additions;

    #[test]
    fn only_what_changed_is_added_or_removed() {
        let s = |xs: &[&str]| xs.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            additions(&s(&["sg-a", "sg-b"]), &s(&["sg-b", "sg-c"])),
            (Some(s(&["sg-c"])), Some(s(&["sg-a"])))
        );
        assert_eq!(additions(&s(&["sg-a"]), &s(&["sg-a"])), (None, None));
    }
}
