//! `aws_subnet`: created in a VPC, then its launch attributes set one
//! ModifySubnetAttribute call each, as the provider does.

use aws_sdk_ec2::types::{
    AttributeBooleanValue, HostnameType, ResourceType as Ec2Type, SubnetState,
};
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{intent_filter, tag_map, tag_specs, untag_intent, update_tags};
use crate::ctx::{call, Ctx};
use crate::error::{not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_subnet").expect("table exists")
}

async fn describe(
    ctx: &Ctx<'_>,
    id: Option<&str>,
    token: Option<&str>,
) -> Result<Option<aws_sdk_ec2::types::Subnet>, ApiError> {
    let mut req = ctx.c.ec2.describe_subnets();
    if let Some(id) = id {
        req = req.subnet_ids(id);
    }
    if let Some(t) = token {
        req = req.filters(intent_filter(t));
    }
    match call!(ctx, Repeat::Harmless, "DescribeSubnets", req.clone()) {
        Ok(out) => Ok(out.subnets().first().cloned()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("InvalidSubnetID.NotFound") => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

fn object(base: &Value, ctx: &Ctx<'_>, s: &aws_sdk_ec2::types::Subnet) -> Value {
    let ipv6 = s.ipv6_cidr_block_association_set().first();
    let dns = s.private_dns_name_options_on_launch();
    let mut o = Object::from(schema(), base);
    // "" and false where EC2 has nothing, as SDKv2 reads it.
    o.str("id", s.subnet_id())
        .str("arn", s.subnet_arn())
        .str("owner_id", s.owner_id())
        .str("vpc_id", s.vpc_id())
        .str("cidr_block", Some(s.cidr_block().unwrap_or_default()))
        .str("availability_zone", s.availability_zone())
        .str("availability_zone_id", s.availability_zone_id())
        .bool(
            "map_public_ip_on_launch",
            Some(s.map_public_ip_on_launch().unwrap_or(false)),
        )
        .bool(
            "assign_ipv6_address_on_creation",
            Some(s.assign_ipv6_address_on_creation().unwrap_or(false)),
        )
        .bool("ipv6_native", Some(s.ipv6_native().unwrap_or(false)))
        .bool("enable_dns64", Some(s.enable_dns64().unwrap_or(false)))
        .num(
            "enable_lni_at_device_index",
            Some(f64::from(s.enable_lni_at_device_index().unwrap_or(0))),
        )
        .bool(
            "enable_resource_name_dns_a_record_on_launch",
            Some(
                dns.and_then(|d| d.enable_resource_name_dns_a_record())
                    .unwrap_or(false),
            ),
        )
        .bool(
            "enable_resource_name_dns_aaaa_record_on_launch",
            Some(
                dns.and_then(|d| d.enable_resource_name_dns_aaaa_record())
                    .unwrap_or(false),
            ),
        )
        .str(
            "private_dns_hostname_type_on_launch",
            dns.and_then(|d| d.hostname_type()).map(|h| h.as_str()),
        )
        .str(
            "ipv6_cidr_block",
            Some(ipv6.and_then(|a| a.ipv6_cidr_block()).unwrap_or_default()),
        )
        .str(
            "ipv6_cidr_block_association_id",
            Some(ipv6.and_then(|a| a.association_id()).unwrap_or_default()),
        )
        .str(
            "customer_owned_ipv4_pool",
            Some(s.customer_owned_ipv4_pool().unwrap_or_default()),
        )
        .bool(
            "map_customer_owned_ip_on_launch",
            Some(s.map_customer_owned_ip_on_launch().unwrap_or(false)),
        )
        .str("outpost_arn", Some(s.outpost_arn().unwrap_or_default()));
    tags::record(&mut o, ctx.settings, base, Some(&tag_map(s.tags())));
    o.build()
}

async fn read_id(ctx: &Ctx<'_>, base: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    Ok(describe(ctx, Some(id), None)
        .await
        .map_err(|e| e.during("reading EC2 Subnet"))?
        .map(|s| object(base, ctx, &s)))
}

/// One launch attribute, as its own ModifySubnetAttribute call.
async fn set(ctx: &Ctx<'_>, id: &str, name: &str, a: Args<'_>) -> Result<(), ProviderError> {
    let on = |v: bool| AttributeBooleanValue::builder().value(v).build();
    let flag = a.bool(name).unwrap_or(false);
    let mut req = ctx.c.ec2.modify_subnet_attribute().subnet_id(id);
    req = match name {
        "map_public_ip_on_launch" => req.map_public_ip_on_launch(on(flag)),
        "assign_ipv6_address_on_creation" => req.assign_ipv6_address_on_creation(on(flag)),
        "enable_dns64" => req.enable_dns64(on(flag)),
        "enable_resource_name_dns_a_record_on_launch" => {
            req.enable_resource_name_dns_a_record_on_launch(on(flag))
        }
        "enable_resource_name_dns_aaaa_record_on_launch" => {
            req.enable_resource_name_dns_aaaa_record_on_launch(on(flag))
        }
        "map_customer_owned_ip_on_launch" => req.map_customer_owned_ip_on_launch(on(flag)),
        "private_dns_hostname_type_on_launch" => match a.str(name) {
            Some(t) => req.private_dns_hostname_type_on_launch(HostnameType::from(t)),
            None => return Ok(()),
        },
        _ => return Ok(()),
    };
    call!(ctx, Repeat::Harmless, "ModifySubnetAttribute", req.clone())
        .map(|_| ())
        .map_err(|e| e.during(&format!("setting {name} on EC2 Subnet")))
}

const ATTRIBUTES: &[&str] = &[
    "map_public_ip_on_launch",
    "assign_ipv6_address_on_creation",
    "enable_dns64",
    "enable_resource_name_dns_a_record_on_launch",
    "enable_resource_name_dns_aaaa_record_on_launch",
    "map_customer_owned_ip_on_launch",
    "private_dns_hostname_type_on_launch",
];

/// After CreateSubnet: the attributes the configuration turns on (a new
/// subnet has them all off).
async fn set_attributes(ctx: &Ctx<'_>, id: &str, planned: &Value) -> Result<(), ProviderError> {
    let a = Args(planned);
    for name in ATTRIBUTES {
        let wanted = match a.get(name) {
            Value::Bool(b) => *b,
            Value::String(_) => true,
            _ => false,
        };
        if wanted {
            set(ctx, id, name, a).await?;
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
    let out = call!(
        ctx,
        Repeat::Duplicates,
        "CreateSubnet",
        ctx.c
            .ec2
            .create_subnet()
            .set_vpc_id(a.str("vpc_id").map(str::to_string))
            .set_cidr_block(a.str("cidr_block").map(str::to_string))
            .set_availability_zone(a.str("availability_zone").map(str::to_string))
            .set_availability_zone_id(a.str("availability_zone_id").map(str::to_string))
            .set_ipv6_cidr_block(a.str("ipv6_cidr_block").map(str::to_string))
            .set_ipv6_native(a.bool("ipv6_native").filter(|b| *b))
            .set_outpost_arn(a.str("outpost_arn").map(str::to_string))
            .set_tag_specifications(tag_specs(ctx, planned, Ec2Type::Subnet, token))
    )
    .map_err(|e| e.during("creating EC2 Subnet"))?;
    let id = out
        .subnet()
        .and_then(|s| s.subnet_id())
        .unwrap_or_default()
        .to_string();
    wait_available(ctx, &id).await?;
    if token.is_some() {
        untag_intent(ctx, &id).await?;
    }
    set_attributes(ctx, &id, planned).await?;
    read_id(ctx, planned, &id)
        .await?
        .ok_or_else(|| not_found("EC2 Subnet", &id))
}

async fn wait_available(ctx: &Ctx<'_>, id: &str) -> Result<(), ProviderError> {
    super::wait_available("EC2 Subnet", id, || async {
        let found = describe(ctx, Some(id), None).await?;
        Ok(found.as_ref().and_then(|x| x.state()) == Some(&SubnetState::Available))
    })
    .await
}

/// The subnet the interrupted create tagged with its intent token.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let found = describe(ctx, None, Some(interrupted.token))
        .await
        .map_err(|e| e.during("looking for an interrupted create of EC2 Subnet"))?;
    let Some(s) = found else { return Ok(None) };
    let id = s.subnet_id().unwrap_or_default().to_string();
    untag_intent(ctx, &id).await?;
    set_attributes(ctx, &id, planned).await?;
    read_id(ctx, planned, &id).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    let (p, n) = (Args(prior), Args(planned));
    for name in ATTRIBUTES {
        if !unchanged(p.get(name), n.get(name)) && !n.get(name).is_unknown() {
            set(ctx, id, name, n).await?;
        }
    }
    update_tags(ctx, id, prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found("EC2 Subnet", id))
}

/// Network interfaces (a load balancer's, a Lambda function's) leave a
/// subnet some time after their owner: DependencyViolation is retried.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    super::delete_draining("EC2 Subnet", "InvalidSubnetID.NotFound", || async {
        call!(
            ctx,
            Repeat::Harmless,
            "DeleteSubnet",
            ctx.c.ec2.delete_subnet().subnet_id(id)
        )
    })
    .await
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_id(ctx, &crate::apigateway::with_id(id), id)
        .await?
        .ok_or_else(|| not_found("EC2 Subnet", id))
}

crate::kind::register!(Subnet, "aws_subnet", intent);
