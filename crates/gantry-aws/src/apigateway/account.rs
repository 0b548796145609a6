//! `aws_api_gateway_account`: the region's account settings, which exist
//! whether managed or not. Create and update set the CloudWatch role;
//! delete forgets the settings (or clears the role, with
//! `reset_on_delete`), as the provider does.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};

const ID: &str = "api-gateway-account";

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_account").expect("table exists")
}

async fn read_account(ctx: &Ctx<'_>, base: &Value) -> Result<Value, ProviderError> {
    let a = call!(
        ctx,
        Repeat::Harmless,
        "GetAccount",
        ctx.c.apigateway.get_account()
    )
    .map_err(|e| e.during("reading API Gateway Account"))?;
    let throttle = a
        .throttle_settings()
        .map(|t| {
            Value::Map(
                [
                    ("burst_limit".to_string(), Value::int(t.burst_limit())),
                    ("rate_limit".to_string(), Value::float(t.rate_limit())),
                ]
                .into_iter()
                .collect(),
            )
        })
        .into_iter()
        .collect();
    let mut o = Object::from(schema(), base);
    o.str("id", Some(ID))
        .str(
            "cloudwatch_role_arn",
            Some(a.cloudwatch_role_arn().unwrap_or_default()),
        )
        .str("api_key_version", a.api_key_version())
        .set(
            "features",
            Value::set(a.features().iter().map(Value::string).collect()),
        )
        .set("throttle_settings", Value::List(throttle));
    Ok(o.build())
}

async fn set_role(ctx: &Ctx<'_>, role: &str, doing: &str) -> Result<(), ProviderError> {
    let op = aws_sdk_apigateway::types::PatchOperation::builder()
        .op(aws_sdk_apigateway::types::Op::Replace)
        .path("/cloudwatchRoleArn")
        .value(role)
        .build();
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateAccount",
        ctx.c
            .apigateway
            .update_account()
            .patch_operations(op.clone())
    )
    .map(|_| ())
    .map_err(|e| e.during(doing))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    if let Some(role) = Args(planned).str("cloudwatch_role_arn") {
        set_role(ctx, role, "updating API Gateway Account").await?;
    }
    read_account(ctx, planned).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    if p.get("cloudwatch_role_arn") != n.get("cloudwatch_role_arn") {
        let role = n.str("cloudwatch_role_arn").unwrap_or_default();
        set_role(ctx, role, "updating API Gateway Account").await?;
    }
    read_account(ctx, planned).await
}

/// The settings always exist: nothing to look for.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_account(ctx, current).await.map(Some)
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    if Args(prior).bool("reset_on_delete") == Some(true) {
        set_role(ctx, "", "resetting API Gateway Account").await?;
    }
    Ok(())
}

pub async fn import(ctx: &Ctx<'_>, _id: &str) -> Result<Value, ProviderError> {
    read_account(ctx, &Value::Null).await
}

crate::kind::register!(Account, "aws_api_gateway_account");
