//! `aws_api_gateway_deployment`: a snapshot of a REST API that stages
//! serve. Only the description changes in place; `triggers` exist to force
//! a new deployment when what they hash changes.

use std::collections::HashMap;

use aws_sdk_apigateway::types::DeploymentCanarySettings;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{found, ApiError};
use crate::intent;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_deployment").expect("table exists")
}

/// `https://{api}.execute-api.{region}.amazonaws.com/{stage}`, as the
/// provider computes it (whatever endpoint the API is reached through).
pub fn invoke_url(ctx: &Ctx<'_>, api: &str, stage: &str) -> String {
    let suffix = if ctx.partition() == "aws-cn" {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!(
        // not an address: a hostname.
        "https://{api}.execute-api.{}.{suffix}/{stage}",
        ctx.region()
    )
}

/// `arn:{partition}:execute-api:{region}:{account}:{api}/{stage}`.
pub async fn execution_arn(ctx: &Ctx<'_>, api: &str, stage: &str) -> Result<String, ApiError> {
    Ok(format!(
        "arn:{}:execute-api:{}:{}:{api}/{stage}",
        ctx.partition(),
        ctx.region(),
        ctx.account().await?
    ))
}

pub struct View {
    pub(crate) id: String,
    pub(crate) description: Option<String>,
    pub(crate) created_date: Option<String>,
}

macro_rules! view {
    ($o:expr) => {{
        let o = $o;
        $crate::apigateway::deployment::View {
            id: o.id().unwrap_or_default().to_string(),
            description: o.description().map(str::to_string),
            created_date: $crate::values::rfc3339(o.created_date()),
        }
    }};
}

pub(crate) use view;

pub async fn object(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    v: View,
) -> Result<Value, ProviderError> {
    let stage = Args(base).str("stage_name").unwrap_or_default().to_string();
    let arn = execution_arn(ctx, api, &stage)
        .await
        .map_err(|e| e.during("reading API Gateway Deployment"))?;
    let mut o = Object::from(schema(), base);
    o.str("id", Some(v.id))
        .str("rest_api_id", Some(api))
        .str("description", Some(v.description.unwrap_or_default()))
        .str("created_date", v.created_date)
        .str("execution_arn", Some(arn))
        .str("invoke_url", Some(invoke_url(ctx, api, &stage)));
    Ok(o.build())
}

fn canary(a: Args<'_>) -> Option<DeploymentCanarySettings> {
    let c = a.block("canary_settings")?;
    let overrides: HashMap<String, String> =
        c.map("stage_variable_overrides").into_iter().collect();
    Some(
        DeploymentCanarySettings::builder()
            .percent_traffic(c.number("percent_traffic").unwrap_or(0.0))
            .set_stage_variable_overrides(Some(overrides).filter(|o| !o.is_empty()))
            .use_stage_cache(c.bool("use_stage_cache").unwrap_or(false))
            .build(),
    )
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let variables: HashMap<String, String> = a.map("variables").into_iter().collect();
    let started = std::time::SystemTime::now();
    // Every CreateDeployment makes a new deployment: after a lost answer,
    // look for the one it made before sending another.
    let id = ctx
        .api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_deployment()
                    .rest_api_id(api)
                    .description(a.str("description").unwrap_or_default())
                    .set_stage_name(a.str("stage_name").map(str::to_string))
                    .set_stage_description(a.str("stage_description").map(str::to_string))
                    .set_variables(Some(variables.clone()).filter(|v| !v.is_empty()))
                    .set_canary_settings(canary(a));
                async move {
                    req.send()
                        .await
                        .map(|o| o.id().unwrap_or_default().to_string())
                        .map_err(|e| ApiError::from_sdk("CreateDeployment", e))
                }
            },
            || find(ctx, api, a.str("description").unwrap_or_default(), started),
        )
        .await
        .map_err(|e| e.during("creating API Gateway Deployment"))?;
    read_id(ctx, planned, api, &id).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Deployment vanished",
            format!("{id} was created but cannot be read back"),
        )
    })
}

/// The first deployment of `api` with this description made since
/// `since`: deployments have no name or tags, so after a lost answer or an
/// interrupted run that is what identifies the one a create made.
async fn find(
    ctx: &Ctx<'_>,
    api: &str,
    description: &str,
    since: std::time::SystemTime,
) -> Result<Option<String>, ApiError> {
    let all = super::list_in_api!(ctx, api, "GetDeployments", get_deployments)?;
    let mut made: Vec<(f64, String)> = all
        .unwrap_or_default()
        .iter()
        .filter(|d| d.description().unwrap_or_default() == description)
        .filter_map(|d| Some((d.created_date()?.as_secs_f64(), d.id()?.to_string())))
        .filter(|(c, _)| intent::made_since(*c, since))
        .collect();
    made.sort_by(|a, b| a.0.total_cmp(&b.0));
    Ok(made.into_iter().next().map(|(_, id)| id))
}

/// After an interrupted create: see [`find`].
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let since = interrupted.since;
    let a = Args(planned);
    let api = a.required("rest_api_id")?;
    let id = find(ctx, api, a.str("description").unwrap_or_default(), since)
        .await
        .map_err(|e| e.during("looking for an interrupted create of API Gateway Deployment"))?;
    match id {
        Some(id) => read_id(ctx, planned, api, &id).await,
        None => Ok(None),
    }
}

async fn read_id(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    id: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetDeployment",
        ctx.c
            .apigateway
            .get_deployment()
            .rest_api_id(api)
            .deployment_id(id)
    ))
    .map_err(|e| e.during("reading API Gateway Deployment"))?;
    match out {
        Some(o) => object(ctx, base, api, view!(&o)).await.map(Some),
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    read_id(ctx, current, a.required("rest_api_id")?, a.required("id")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(prior);
    let (api, id) = (a.required("rest_api_id")?, a.required("id")?);
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateDeployment",
            ctx.c
                .apigateway
                .update_deployment()
                .rest_api_id(api)
                .deployment_id(id)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Deployment"))?;
    }
    read_id(ctx, planned, api, id).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Deployment vanished",
            format!("{id} disappeared during the update"),
        )
    })
}

async fn delete_stage(ctx: &Ctx<'_>, api: &str, stage: &str) -> Result<(), ProviderError> {
    crate::error::deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteStage",
        ctx.c
            .apigateway
            .delete_stage()
            .rest_api_id(api)
            .stage_name(stage)
    ))
    .map_err(|e| e.during("deleting API Gateway Stage"))
}

/// As the provider: the stage `stage_name` made goes too, unless it has
/// been pointed at another deployment since.
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let (api, id) = (a.required("rest_api_id")?, a.required("id")?);
    let stage = a.str("stage_name").filter(|s| !s.is_empty());
    if let Some(stage) = stage {
        let held = found(call!(
            ctx,
            Repeat::Harmless,
            "GetStage",
            ctx.c
                .apigateway
                .get_stage()
                .rest_api_id(api)
                .stage_name(stage)
        ))
        .map_err(|e| e.during("reading API Gateway Stage"))?;
        if held.is_some_and(|s| s.deployment_id() == Some(id)) {
            delete_stage(ctx, api, stage).await?;
        }
    }
    let send = || async {
        call!(
            ctx,
            Repeat::Harmless,
            "DeleteDeployment",
            ctx.c
                .apigateway
                .delete_deployment()
                .rest_api_id(api)
                .deployment_id(id)
        )
    };
    let mut r = send().await;
    if let (Err(e), Some(stage)) = (&r, stage) {
        if e.message
            .contains("Active stages with canary settings pointing to this deployment")
        {
            delete_stage(ctx, api, stage).await?;
            r = send().await;
        }
    }
    crate::error::deleted(r).map_err(|e| e.during("deleting API Gateway Deployment"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/DEPLOYMENT-ID")?;
    read_id(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Deployment", id))
}

crate::kind::register!(Deployment, "aws_api_gateway_deployment");
