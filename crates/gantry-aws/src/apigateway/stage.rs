//! `aws_api_gateway_stage`: a named pointer to a deployment, which clients
//! call. Everything but the API and the name changes in place through
//! UpdateStage, with the patch paths of the resource table.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use aws_sdk_apigateway::types::{CacheClusterSize, CacheClusterStatus, CanarySettings};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::deployment::{execution_arn, invoke_url};
use super::{import_parts, sdk_patch};
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::patch::{patch_ops, Op, PatchOp};
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

/// A cache cluster takes minutes to create or change; the provider waits
/// up to 90 minutes.
const CACHE_WAIT: Duration = Duration::from_secs(90 * 60);

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_stage").expect("table exists")
}

fn arn(ctx: &Ctx<'_>, api: &str, stage: &str) -> String {
    ctx.apigateway_arn(&format!("/restapis/{api}/stages/{stage}"))
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((a.required("rest_api_id")?, a.required("stage_name")?))
}

/// The stage as GetStage answers it; `None` when there is none.
async fn get(
    ctx: &Ctx<'_>,
    api: &str,
    stage: &str,
) -> Result<Option<aws_sdk_apigateway::operation::get_stage::GetStageOutput>, ApiError> {
    found(call!(
        ctx,
        Repeat::Harmless,
        "GetStage",
        ctx.c
            .apigateway
            .get_stage()
            .rest_api_id(api)
            .stage_name(stage)
    ))
}

/// What GetStage and GetStages' items share.
pub struct View {
    pub(crate) deployment_id: Option<String>,
    pub(crate) description: Option<String>,
    pub(crate) client_certificate_id: Option<String>,
    pub(crate) documentation_version: Option<String>,
    pub(crate) tracing_enabled: bool,
    pub(crate) variables: Option<HashMap<String, String>>,
    pub(crate) web_acl_arn: Option<String>,
    pub(crate) cache_cluster_status: Option<CacheClusterStatus>,
    pub(crate) cache_cluster_enabled: bool,
    pub(crate) cache_cluster_size: Option<String>,
    pub(crate) access_log_settings: Option<aws_sdk_apigateway::types::AccessLogSettings>,
    pub(crate) canary_settings: Option<CanarySettings>,
    pub(crate) tags: Option<HashMap<String, String>>,
    /// The stage's method settings by method path.
    pub method_settings: HashMap<String, aws_sdk_apigateway::types::MethodSetting>,
}

macro_rules! view {
    ($s:expr) => {{
        let s = $s;
        $crate::apigateway::stage::View {
            deployment_id: s.deployment_id().map(str::to_string),
            description: s.description().map(str::to_string),
            client_certificate_id: s.client_certificate_id().map(str::to_string),
            documentation_version: s.documentation_version().map(str::to_string),
            tracing_enabled: s.tracing_enabled(),
            variables: s.variables().cloned(),
            web_acl_arn: s.web_acl_arn().map(str::to_string),
            cache_cluster_status: s.cache_cluster_status().cloned(),
            cache_cluster_enabled: s.cache_cluster_enabled(),
            cache_cluster_size: s.cache_cluster_size().map(|c| c.as_str().to_string()),
            access_log_settings: s.access_log_settings().cloned(),
            canary_settings: s.canary_settings().cloned(),
            tags: s.tags().cloned(),
            method_settings: s.method_settings().cloned().unwrap_or_default(),
        }
    }};
}
pub(crate) use view;

pub async fn object(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    stage: &str,
    s: View,
) -> Result<Value, ProviderError> {
    let doing = "reading API Gateway Stage";
    let configured = Args(base);
    let mut o = Object::from(schema(), base);
    o.str("id", Some(format!("ags-{api}-{stage}")))
        .str("rest_api_id", Some(api))
        .str("stage_name", Some(stage))
        .str("deployment_id", s.deployment_id.as_deref())
        // Read as SDKv2 reads them: "" where the API has nothing (see
        // `crate::legacy`).
        .str("description", Some(s.description.unwrap_or_default()))
        .str(
            "client_certificate_id",
            Some(s.client_certificate_id.unwrap_or_default()),
        )
        .str(
            "documentation_version",
            Some(s.documentation_version.unwrap_or_default()),
        )
        .bool("xray_tracing_enabled", Some(s.tracing_enabled))
        .string_map("variables", s.variables.as_ref())
        .str("web_acl_arn", Some(s.web_acl_arn.unwrap_or_default()))
        .str("arn", Some(arn(ctx, api, stage)))
        .str(
            "execution_arn",
            Some(
                execution_arn(ctx, api, stage)
                    .await
                    .map_err(|e| e.during(doing))?,
            ),
        )
        .str("invoke_url", Some(invoke_url(ctx, api, stage)));
    // As the provider: a cache being deleted reads as disabled, and the
    // size is read only while the cache is enabled.
    let deleting = s.cache_cluster_status == Some(CacheClusterStatus::DeleteInProgress);
    let enabled = !deleting && s.cache_cluster_enabled;
    o.bool("cache_cluster_enabled", Some(enabled));
    if enabled {
        o.str("cache_cluster_size", s.cache_cluster_size);
    } else {
        o.str(
            "cache_cluster_size",
            Some(configured.str("cache_cluster_size").unwrap_or_default()),
        );
    }
    o.set(
        "access_log_settings",
        match s.access_log_settings {
            Some(l) if l.destination_arn().is_some() => Value::List(
                vec![Value::Map(
                    [
                        (
                            "destination_arn".to_string(),
                            Value::string(l.destination_arn().unwrap_or_default()),
                        ),
                        (
                            "format".to_string(),
                            Value::string(l.format().unwrap_or_default()),
                        ),
                    ]
                    .into_iter()
                    .collect(),
                )]
                .into(),
            ),
            _ => Value::List(Vec::new().into()),
        },
    );
    o.set(
        "canary_settings",
        match s.canary_settings {
            Some(c) => {
                let overrides = c.stage_variable_overrides().map(|m| {
                    Value::Map(
                        m.iter()
                            .map(|(k, v)| (k.clone(), Value::string(v)))
                            .collect(),
                    )
                });
                Value::List(
                    vec![Value::Map(
                        [
                            (
                                "deployment_id".to_string(),
                                c.deployment_id().map_or(Value::Null, Value::string),
                            ),
                            (
                                "percent_traffic".to_string(),
                                Value::float(c.percent_traffic()),
                            ),
                            (
                                "stage_variable_overrides".to_string(),
                                overrides.unwrap_or(Value::Null),
                            ),
                            (
                                "use_stage_cache".to_string(),
                                Value::Bool(c.use_stage_cache()),
                            ),
                        ]
                        .into_iter()
                        .collect(),
                    )]
                    .into(),
                )
            }
            None => Value::List(Vec::new().into()),
        },
    );
    tags::record(&mut o, ctx.settings, base, s.tags.as_ref());
    Ok(o.build())
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    api: &str,
    stage: &str,
) -> Result<Option<Value>, ProviderError> {
    let held = get(ctx, api, stage)
        .await
        .map_err(|e| e.during("reading API Gateway Stage"))?;
    match held {
        Some(s) => object(ctx, base, api, stage, view!(&s)).await.map(Some),
        None => Ok(None),
    }
}

fn canary(a: Args<'_>) -> Option<CanarySettings> {
    let c = a.block("canary_settings")?;
    let overrides: HashMap<String, String> =
        c.map("stage_variable_overrides").into_iter().collect();
    Some(
        CanarySettings::builder()
            .set_deployment_id(c.str("deployment_id").map(str::to_string))
            .percent_traffic(c.number("percent_traffic").unwrap_or(0.0))
            .set_stage_variable_overrides(Some(overrides).filter(|o| !o.is_empty()))
            .use_stage_cache(c.bool("use_stage_cache").unwrap_or(false))
            .build(),
    )
}

/// Until the cache cluster is no longer being created, changed or deleted.
async fn wait_cache(ctx: &Ctx<'_>, api: &str, stage: &str) -> Result<(), ProviderError> {
    let start = Instant::now();
    let mut delay = Duration::from_secs(1);
    loop {
        let s = get(ctx, api, stage)
            .await
            .map_err(|e| e.during("waiting for the API Gateway Stage cache"))?;
        let busy = s
            .as_ref()
            .and_then(|s| s.cache_cluster_status())
            .is_some_and(|c| {
                matches!(
                    c,
                    CacheClusterStatus::CreateInProgress
                        | CacheClusterStatus::DeleteInProgress
                        | CacheClusterStatus::FlushInProgress
                )
            });
        if !busy {
            return Ok(());
        }
        if start.elapsed() > CACHE_WAIT {
            return Err(ProviderError::new(
                "Timed out waiting for the API Gateway Stage cache",
                format!("{stage} of {api} is still changing its cache cluster after 90 minutes"),
            ));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(30));
    }
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (api, stage) = key(a)?;
    let deployment = a.required("deployment_id")?;
    let variables: HashMap<String, String> = a.map("variables").into_iter().collect();
    let tags = tags::wanted(ctx.settings, planned);
    // A second CreateStage of the name answers ConflictException: after a
    // lost answer, look first.
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .apigateway
                    .create_stage()
                    .rest_api_id(api)
                    .stage_name(stage)
                    .deployment_id(deployment)
                    .set_description(a.str("description").map(str::to_string))
                    .set_cache_cluster_enabled(a.bool("cache_cluster_enabled"))
                    .set_cache_cluster_size(a.str("cache_cluster_size").map(CacheClusterSize::from))
                    .set_canary_settings(canary(a))
                    .set_documentation_version(a.str("documentation_version").map(str::to_string))
                    .set_variables(Some(variables.clone()).filter(|v| !v.is_empty()))
                    .set_tracing_enabled(a.bool("xray_tracing_enabled"))
                    .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateStage", e))
                }
            },
            || async move { Ok(get(ctx, api, stage).await?.map(|_| ())) },
        )
        .await
        .map_err(|e| e.during("creating API Gateway Stage"))?;
    // CreateStage takes neither a client certificate nor access log
    // settings: they follow in an update, as the provider sends them.
    let later: Vec<PatchOp> = patch_ops(schema(), &Value::Null, planned)
        .into_iter()
        .filter(|o| o.path == "/clientCertificateId" || o.path.starts_with("/accessLogSettings/"))
        .collect();
    if !later.is_empty() {
        send(ctx, api, stage, later).await?;
    }
    if a.bool("cache_cluster_enabled") == Some(true) {
        wait_cache(ctx, api, stage).await?;
    }
    read_key(ctx, planned, api, stage).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Stage vanished",
            format!("{stage} of {api} was created but cannot be read back"),
        )
    })
}

async fn send(
    ctx: &Ctx<'_>,
    api: &str,
    stage: &str,
    ops: Vec<PatchOp>,
) -> Result<(), ProviderError> {
    let ops = sdk_patch(ops);
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateStage",
        ctx.c
            .apigateway
            .update_stage()
            .rest_api_id(api)
            .stage_name(stage)
            .set_patch_operations(Some(ops.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during("updating API Gateway Stage"))
}

/// The table's patch operations, with what the table cannot say: a
/// removed block is one `remove` of the whole block, and the cache size
/// is sent only while the cache is enabled (as the provider does).
fn update_ops(prior: &Value, planned: &Value) -> Vec<PatchOp> {
    let (p, n) = (Args(prior), Args(planned));
    let mut ops = Vec::new();
    let mut removed = Vec::new();
    for (block, path) in [
        ("access_log_settings", "/accessLogSettings"),
        ("canary_settings", "/canarySettings"),
    ] {
        if p.block(block).is_some() && n.block(block).is_none() {
            ops.push(PatchOp {
                op: Op::Remove,
                path: path.to_string(),
                value: None,
            });
            removed.push(path);
        }
    }
    let cache_on = n.bool("cache_cluster_enabled") == Some(true);
    ops.extend(patch_ops(schema(), prior, planned).into_iter().filter(|o| {
        !removed.iter().any(|r| o.path.starts_with(&format!("{r}/")))
            && (o.path != "/cacheClusterSize" || cache_on)
    }));
    ops
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (api, stage) = key(Args(prior))?;
    let ops = update_ops(prior, planned);
    let cache_changed = ops.iter().any(|o| o.path.starts_with("/cacheCluster"));
    if !ops.is_empty() {
        send(ctx, api, stage, ops).await?;
    }
    if cache_changed {
        wait_cache(ctx, api, stage).await?;
    }
    super::rest_api::update_tags(ctx, &arn(ctx, api, stage), prior, planned).await?;
    read_key(ctx, planned, api, stage).await?.ok_or_else(|| {
        ProviderError::new(
            "API Gateway Stage vanished",
            format!("{stage} of {api} disappeared during the update"),
        )
    })
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (api, stage) = key(Args(current))?;
    read_key(ctx, current, api, stage).await
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (api, stage) = key(Args(prior))?;
    deleted(call!(
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

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "REST-API-ID/STAGE-NAME")?;
    read_key(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| crate::error::not_found("API Gateway Stage", id))
}

/// Keyed: the object of the planned key is the one an interrupted create
/// made, if any.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: crate::kind::Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

crate::kind::register!(Stage, "aws_api_gateway_stage");
