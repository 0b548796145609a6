//! `aws_vpc`: created, then its DNS and metrics attributes set as the
//! provider does (ModifyVpcAttribute, one attribute a call); read with the
//! default route table, network ACL and security group it came with.

use aws_sdk_ec2::types::{
    AttributeBooleanValue, ResourceType as Ec2Type, Tenancy, VpcAttributeName, VpcState,
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
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_vpc").expect("table exists")
}

async fn describe(
    ctx: &Ctx<'_>,
    id: Option<&str>,
    token: Option<&str>,
) -> Result<Option<aws_sdk_ec2::types::Vpc>, ApiError> {
    let mut req = ctx.c.ec2.describe_vpcs();
    if let Some(id) = id {
        req = req.vpc_ids(id);
    }
    if let Some(t) = token {
        req = req.filters(intent_filter(t));
    }
    match call!(ctx, Repeat::Harmless, "DescribeVpcs", req.clone()) {
        Ok(out) => Ok(out.vpcs().first().cloned()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("InvalidVpcID.NotFound") => {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

async fn attribute(ctx: &Ctx<'_>, id: &str, name: VpcAttributeName) -> Result<bool, ApiError> {
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DescribeVpcAttribute",
        ctx.c
            .ec2
            .describe_vpc_attribute()
            .vpc_id(id)
            .attribute(name.clone())
    )?;
    let v = match name {
        VpcAttributeName::EnableDnsHostnames => out.enable_dns_hostnames(),
        VpcAttributeName::EnableDnsSupport => out.enable_dns_support(),
        _ => out.enable_network_address_usage_metrics(),
    };
    Ok(v.and_then(|b| b.value()).unwrap_or(false))
}

/// The VPC's main route table, default network ACL and default security
/// group (what it was created with).
async fn defaults(ctx: &Ctx<'_>, id: &str) -> Result<(String, String, String), ApiError> {
    let tables = call!(
        ctx,
        Repeat::Harmless,
        "DescribeRouteTables",
        ctx.c
            .ec2
            .describe_route_tables()
            .filters(filter("vpc-id", id))
            .filters(filter("association.main", "true"))
    )?;
    let acls = call!(
        ctx,
        Repeat::Harmless,
        "DescribeNetworkAcls",
        ctx.c
            .ec2
            .describe_network_acls()
            .filters(filter("vpc-id", id))
            .filters(filter("default", "true"))
    )?;
    let groups = call!(
        ctx,
        Repeat::Harmless,
        "DescribeSecurityGroups",
        ctx.c
            .ec2
            .describe_security_groups()
            .filters(filter("vpc-id", id))
            .filters(filter("group-name", "default"))
    )?;
    Ok((
        tables
            .route_tables()
            .first()
            .and_then(|t| t.route_table_id())
            .unwrap_or_default()
            .to_string(),
        acls.network_acls()
            .first()
            .and_then(|a| a.network_acl_id())
            .unwrap_or_default()
            .to_string(),
        groups
            .security_groups()
            .first()
            .and_then(|g| g.group_id())
            .unwrap_or_default()
            .to_string(),
    ))
}

async fn object(
    ctx: &Ctx<'_>,
    base: &Value,
    v: &aws_sdk_ec2::types::Vpc,
) -> Result<Value, ApiError> {
    let id = v.vpc_id().unwrap_or_default();
    let owner = v.owner_id().unwrap_or_default();
    let (main, acl, group) = defaults(ctx, id).await?;
    let ipv6 = v.ipv6_cidr_block_association_set().first();
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("arn", Some(arn(ctx, owner, "vpc", id)))
        .str("owner_id", Some(owner))
        .str("cidr_block", v.cidr_block())
        .str(
            "instance_tenancy",
            Some(
                v.instance_tenancy()
                    .map(|t| t.as_str())
                    .unwrap_or("default"),
            ),
        )
        .str(
            "dhcp_options_id",
            Some(v.dhcp_options_id().unwrap_or_default()),
        )
        .str("main_route_table_id", Some(main.as_str()))
        .str("default_route_table_id", Some(main))
        .str("default_network_acl_id", Some(acl))
        .str("default_security_group_id", Some(group))
        .bool(
            "enable_dns_support",
            Some(attribute(ctx, id, VpcAttributeName::EnableDnsSupport).await?),
        )
        .bool(
            "enable_dns_hostnames",
            Some(attribute(ctx, id, VpcAttributeName::EnableDnsHostnames).await?),
        )
        .bool(
            "enable_network_address_usage_metrics",
            Some(attribute(ctx, id, VpcAttributeName::EnableNetworkAddressUsageMetrics).await?),
        )
        // Not reported by DescribeVpcs: as configured, zero values when
        // unset (SDKv2).
        .str(
            "ipv6_ipam_pool_id",
            Some(Args(base).str("ipv6_ipam_pool_id").unwrap_or_default()),
        )
        .num(
            "ipv6_netmask_length",
            Some(Args(base).number("ipv6_netmask_length").unwrap_or(0.0)),
        )
        .bool(
            "assign_generated_ipv6_cidr_block",
            Some(
                Args(base)
                    .bool("assign_generated_ipv6_cidr_block")
                    .unwrap_or(false),
            ),
        )
        .str(
            "ipv6_association_id",
            Some(ipv6.and_then(|a| a.association_id()).unwrap_or_default()),
        )
        .str(
            "ipv6_cidr_block",
            Some(ipv6.and_then(|a| a.ipv6_cidr_block()).unwrap_or_default()),
        )
        .str(
            "ipv6_cidr_block_network_border_group",
            Some(
                ipv6.and_then(|a| a.network_border_group())
                    .unwrap_or_default(),
            ),
        );
    tags::record(&mut o, ctx.settings, base, Some(&tag_map(v.tags())));
    Ok(o.build())
}

async fn read_id(ctx: &Ctx<'_>, base: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    let doing = "reading EC2 VPC";
    match describe(ctx, Some(id), None)
        .await
        .map_err(|e| e.during(doing))?
    {
        Some(v) => object(ctx, base, &v)
            .await
            .map(Some)
            .map_err(|e| e.during(doing)),
        None => Ok(None),
    }
}

async fn set_attribute(ctx: &Ctx<'_>, id: &str, name: &str, on: bool) -> Result<(), ProviderError> {
    let value = AttributeBooleanValue::builder().value(on).build();
    let mut req = ctx.c.ec2.modify_vpc_attribute().vpc_id(id);
    req = match name {
        "enable_dns_support" => req.enable_dns_support(value),
        "enable_dns_hostnames" => req.enable_dns_hostnames(value),
        _ => req.enable_network_address_usage_metrics(value),
    };
    call!(ctx, Repeat::Harmless, "ModifyVpcAttribute", req.clone())
        .map(|_| ())
        .map_err(|e| e.during(&format!("setting {name} on EC2 VPC")))
}

/// The attributes a create sets after CreateVpc when they differ from
/// what a new VPC has (DNS support on, hostnames and metrics off).
async fn set_attributes(ctx: &Ctx<'_>, id: &str, planned: &Value) -> Result<(), ProviderError> {
    let a = Args(planned);
    for (name, fresh) in [
        ("enable_dns_support", true),
        ("enable_dns_hostnames", false),
        ("enable_network_address_usage_metrics", false),
    ] {
        if let Some(on) = a.bool(name).filter(|on| *on != fresh) {
            set_attribute(ctx, id, name, on).await?;
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
        "CreateVpc",
        ctx.c
            .ec2
            .create_vpc()
            .set_cidr_block(a.str("cidr_block").map(str::to_string))
            .set_instance_tenancy(a.str("instance_tenancy").map(Tenancy::from))
            .set_ipv4_ipam_pool_id(a.str("ipv4_ipam_pool_id").map(str::to_string))
            .set_ipv4_netmask_length(a.int("ipv4_netmask_length"))
            .set_amazon_provided_ipv6_cidr_block(a.bool("assign_generated_ipv6_cidr_block"))
            .set_tag_specifications(tag_specs(ctx, planned, Ec2Type::Vpc, token))
    )
    .map_err(|e| e.during("creating EC2 VPC"))?;
    let id = out
        .vpc()
        .and_then(|v| v.vpc_id())
        .unwrap_or_default()
        .to_string();
    wait_available(ctx, &id).await?;
    if token.is_some() {
        untag_intent(ctx, &id).await?;
    }
    set_attributes(ctx, &id, planned).await?;
    read_id(ctx, planned, &id)
        .await?
        .ok_or_else(|| not_found("EC2 VPC", &id))
}

async fn wait_available(ctx: &Ctx<'_>, id: &str) -> Result<(), ProviderError> {
    super::wait_available("EC2 VPC", id, || async {
        let found = describe(ctx, Some(id), None).await?;
        Ok(found.as_ref().and_then(|x| x.state()) == Some(&VpcState::Available))
    })
    .await
}

/// The VPC the interrupted create tagged with its intent token.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let found = describe(ctx, None, Some(interrupted.token))
        .await
        .map_err(|e| e.during("looking for an interrupted create of EC2 VPC"))?;
    let Some(v) = found else { return Ok(None) };
    let id = v.vpc_id().unwrap_or_default().to_string();
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
    for name in [
        "enable_dns_support",
        "enable_dns_hostnames",
        "enable_network_address_usage_metrics",
    ] {
        if !unchanged(p.get(name), n.get(name)) {
            if let Some(on) = n.bool(name) {
                set_attribute(ctx, id, name, on).await?;
            }
        }
    }
    update_tags(ctx, id, prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found("EC2 VPC", id))
}

/// What the VPC still holds (a subnet, a gateway) answers
/// DependencyViolation while it is being deleted: the provider retries
/// that for as long as the delete may take.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    super::delete_draining("EC2 VPC", "InvalidVpcID.NotFound", || async {
        call!(
            ctx,
            Repeat::Harmless,
            "DeleteVpc",
            ctx.c.ec2.delete_vpc().vpc_id(id)
        )
    })
    .await
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_id(ctx, &crate::apigateway::with_id(id), id)
        .await?
        .ok_or_else(|| not_found("EC2 VPC", id))
}

crate::kind::register!(Vpc, "aws_vpc", intent);
