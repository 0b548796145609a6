//! `aws_api_gateway_domain_name_access_association`: a VPC endpoint's
//! access to a private custom domain name, named by its ARN. As provider
//! 5.100 does it: found again by listing the account's own associations
//! (there is no Get of one), tags through the tagging API.

use aws_sdk_apigateway::types::{
    AccessAssociationSourceType, DomainNameAccessAssociation as Association, ResourceOwner,
};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{deleted, not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

const WHAT: &str = "API Gateway Domain Name Access Association";

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_domain_name_access_association")
        .expect("table exists")
}

/// Every association of this account (GetDomainNameAccessAssociations
/// with `resourceOwner=SELF`, all pages) that `keep` accepts.
async fn list(
    ctx: &Ctx<'_>,
    keep: impl Fn(&Association) -> bool,
) -> Result<Vec<Association>, ApiError> {
    let all = super::list_all!(ctx, "GetDomainNameAccessAssociations", |p| ctx
        .c
        .apigateway
        .get_domain_name_access_associations()
        .resource_owner(ResourceOwner::SelfValue)
        .limit(500)
        .set_position(p))?;
    Ok(all.unwrap_or_default().into_iter().filter(keep).collect())
}

fn object(ctx: &Ctx<'_>, base: &Value, v: &Association) -> Value {
    let arn = v.domain_name_access_association_arn();
    let mut o = Object::from(schema(), base);
    o.str("id", arn)
        .str("arn", arn)
        .str("domain_name_arn", v.domain_name_arn())
        .str(
            "access_association_source_type",
            v.access_association_source_type().map(|t| t.as_str()),
        )
        .str("access_association_source", v.access_association_source());
    tags::record(&mut o, ctx.settings, base, v.tags());
    o.build()
}

async fn read_arn(ctx: &Ctx<'_>, base: &Value, arn: &str) -> Result<Option<Value>, ProviderError> {
    let found = list(ctx, |v| v.domain_name_access_association_arn() == Some(arn))
        .await
        .map_err(|e| e.during(&format!("reading {WHAT} ({arn})")))?;
    Ok(found.first().map(|v| object(ctx, base, v)))
}

/// The association of this domain name and source, if there is one (what
/// a create whose answer was lost made: AWS allows one per pair).
async fn find(ctx: &Ctx<'_>, a: Args<'_>) -> Result<Option<String>, ApiError> {
    let (domain, kind, source) = (
        a.str("domain_name_arn"),
        a.str("access_association_source_type"),
        a.str("access_association_source"),
    );
    let found = list(ctx, |v| {
        v.domain_name_arn() == domain
            && v.access_association_source_type().map(|t| t.as_str()) == kind
            && v.access_association_source() == source
    })
    .await?;
    Ok(found
        .first()
        .and_then(|v| v.domain_name_access_association_arn())
        .map(str::to_string))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let domain = a.required("domain_name_arn")?;
    let kind = a.required("access_association_source_type")?;
    let source = a.required("access_association_source")?;
    let wanted = tags::wanted(ctx.settings, planned);
    let arn =
        ctx.api
            .create_checked(
                || {
                    let req = ctx
                        .c
                        .apigateway
                        .create_domain_name_access_association()
                        .domain_name_arn(domain)
                        .access_association_source_type(AccessAssociationSourceType::from(kind))
                        .access_association_source(source)
                        .set_tags(Some(wanted.clone()).filter(|t| !t.is_empty()));
                    async move {
                        let out = req.send().await.map_err(|e| {
                            ApiError::from_sdk("CreateDomainNameAccessAssociation", e)
                        })?;
                        out.domain_name_access_association_arn()
                            .map(str::to_string)
                            .ok_or_else(|| {
                                ApiError::invalid(
                                    "CreateDomainNameAccessAssociation",
                                    "the answer has no domainNameAccessAssociationArn",
                                )
                            })
                    }
                },
                || find(ctx, a),
            )
            .await
            .map_err(|e| e.during(&format!("creating {WHAT}")))?;
    read_arn(ctx, planned, &arn)
        .await?
        .ok_or_else(|| not_found(WHAT, &arn))
}

pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let arn = find(ctx, Args(planned))
        .await
        .map_err(|e| e.during(&format!("looking for an interrupted create of {WHAT}")))?;
    match arn {
        Some(arn) => read_arn(ctx, planned, &arn).await,
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let arn = Args(current).required("id")?;
    read_arn(ctx, current, arn).await
}

/// Only the tags change in place.
pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let arn = Args(prior).required("id")?;
    super::rest_api::update_tags(ctx, arn, prior, planned).await?;
    read_arn(ctx, planned, arn)
        .await?
        .ok_or_else(|| not_found(WHAT, arn))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let arn = Args(prior).required("id")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteDomainNameAccessAssociation",
        ctx.c
            .apigateway
            .delete_domain_name_access_association()
            .domain_name_access_association_arn(arn)
    ))
    .map_err(|e| e.during(&format!("deleting {WHAT} ({arn})")))
}

/// The import ID is the association's ARN.
pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_arn(ctx, &Value::Null, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

crate::kind::register!(
    DomainNameAccessAssociation,
    "aws_api_gateway_domain_name_access_association"
);
