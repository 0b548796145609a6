//! `aws_lambda_function` and `aws_lambda_permission`.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{
    Architecture, DeadLetterConfig, Environment, EphemeralStorage, FileSystemConfig, FunctionCode,
    FunctionUrlAuthType, ImageConfig, LastUpdateStatus, LogFormat, LoggingConfig, PackageType,
    Runtime, SnapStart, SnapStartApplyOn, State, TracingConfig, TracingMode, VpcConfig,
};
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::intent;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

const WAIT: Duration = Duration::from_secs(10 * 60);

fn function_schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_lambda_function").expect("table exists")
}

fn permission_schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_lambda_permission").expect("table exists")
}

/// The zip named by `filename`, read relative to the configuration.
fn zip(ctx: &Ctx<'_>, planned: &Value) -> Result<Option<Vec<u8>>, ProviderError> {
    let Some(f) = Args(planned).str("filename") else {
        return Ok(None);
    };
    let path = ctx.base_dir.join(f);
    std::fs::read(&path).map(Some).map_err(|e| {
        ProviderError::new(
            "Unable to load the Lambda deployment package",
            format!("{}: {e}", path.display()),
        )
    })
}

fn code(ctx: &Ctx<'_>, planned: &Value) -> Result<FunctionCode, ProviderError> {
    let a = Args(planned);
    let mut c = FunctionCode::builder()
        .set_s3_bucket(a.str("s3_bucket").map(str::to_string))
        .set_s3_key(a.str("s3_key").map(str::to_string))
        .set_s3_object_version(a.str("s3_object_version").map(str::to_string))
        .set_image_uri(a.str("image_uri").map(str::to_string));
    if let Some(bytes) = zip(ctx, planned)? {
        c = c.zip_file(Blob::new(bytes));
    }
    Ok(c.build())
}

fn environment(a: Args<'_>) -> Option<Environment> {
    a.block("environment").map(|e| {
        Environment::builder()
            .set_variables(Some(e.map("variables").into_iter().collect()))
            .build()
    })
}

fn vpc_config(a: Args<'_>) -> Option<VpcConfig> {
    a.block("vpc_config").map(|v| {
        VpcConfig::builder()
            .set_subnet_ids(Some(v.strings("subnet_ids")))
            .set_security_group_ids(Some(v.strings("security_group_ids")))
            .set_ipv6_allowed_for_dual_stack(v.bool("ipv6_allowed_for_dual_stack"))
            .build()
    })
}

/// The one-item configuration blocks, as CreateFunction and
/// UpdateFunctionConfiguration take them (`None` when the block is
/// absent).
struct Blocks {
    dead_letter: Option<DeadLetterConfig>,
    ephemeral_storage: Option<EphemeralStorage>,
    file_systems: Option<Vec<FileSystemConfig>>,
    image: Option<ImageConfig>,
    logging: Option<LoggingConfig>,
    snap_start: Option<SnapStart>,
    tracing: Option<TracingConfig>,
}

fn blocks(a: Args<'_>) -> Blocks {
    Blocks {
        dead_letter: a.block("dead_letter_config").map(|d| {
            DeadLetterConfig::builder()
                .set_target_arn(d.str("target_arn").map(str::to_string))
                .build()
        }),
        ephemeral_storage: a
            .block("ephemeral_storage")
            .and_then(|e| e.int("size"))
            .and_then(|size| EphemeralStorage::builder().size(size).build().ok()),
        file_systems: a.block("file_system_config").and_then(|f| {
            FileSystemConfig::builder()
                .set_arn(f.str("arn").map(str::to_string))
                .set_local_mount_path(f.str("local_mount_path").map(str::to_string))
                .build()
                .ok()
                .map(|c| vec![c])
        }),
        image: a.block("image_config").map(|i| {
            ImageConfig::builder()
                .set_command(Some(i.strings("command")).filter(|l| !l.is_empty()))
                .set_entry_point(Some(i.strings("entry_point")).filter(|l| !l.is_empty()))
                .set_working_directory(i.str("working_directory").map(str::to_string))
                .build()
        }),
        logging: a.block("logging_config").map(|l| {
            LoggingConfig::builder()
                .set_log_format(l.str("log_format").map(LogFormat::from))
                .set_application_log_level(l.str("application_log_level").map(Into::into))
                .set_system_log_level(l.str("system_log_level").map(Into::into))
                .set_log_group(l.str("log_group").map(str::to_string))
                .build()
        }),
        snap_start: a.block("snap_start").map(|s| {
            SnapStart::builder()
                .set_apply_on(s.str("apply_on").map(SnapStartApplyOn::from))
                .build()
        }),
        tracing: a.block("tracing_config").map(|t| {
            TracingConfig::builder()
                .set_mode(t.str("mode").map(TracingMode::from))
                .build()
        }),
    }
}

/// IAM changes take seconds to reach Lambda: a role created a moment ago
/// "cannot be assumed by Lambda" yet. The provider retries those for two
/// minutes.
fn iam_not_ready(e: &ApiError) -> bool {
    e.code.as_deref() == Some("InvalidParameterValueException")
        && (e.message.contains("cannot be assumed by Lambda")
            || e.message.contains("role defined for the function"))
}

async fn with_iam_propagation<T, F, Fut>(mut f: F) -> Result<T, ApiError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, ApiError>>,
{
    let start = Instant::now();
    loop {
        match f().await {
            Err(e) if iam_not_ready(&e) && start.elapsed() < Duration::from_secs(120) => {
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            other => return other,
        }
    }
}

pub async fn create_function(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("function_name")?;
    let code = code(ctx, planned)?;
    let tags = tags::wanted(ctx.settings, planned);
    let started = std::time::SystemTime::now();
    // A repeat would fail (ResourceConflictException) after a create whose
    // answer was lost: look for the function first.
    with_iam_propagation(|| {
        ctx.api.create_checked(
            || call_create(ctx, a, name, code.clone(), tags.clone()),
            || async move { Ok(created_since(ctx, name, started).await?.then_some(())) },
        )
    })
    .await
    .map_err(|e| e.during("creating Lambda Function"))?;
    if let Some(n) = a.int("reserved_concurrent_executions").filter(|n| *n >= 0) {
        call!(
            ctx,
            Repeat::Harmless,
            "PutFunctionConcurrency",
            ctx.c
                .lambda
                .put_function_concurrency()
                .function_name(name)
                .reserved_concurrent_executions(n)
        )
        .map_err(|e| e.during("setting Lambda Function concurrency"))?;
    }
    wait_ready(ctx, name).await?;
    read_function_named(ctx, planned, name, None)
        .await?
        .ok_or_else(|| {
            ProviderError::new(
                "Lambda Function vanished",
                format!("{name} was created but cannot be read back"),
            )
        })
}

async fn call_create(
    ctx: &Ctx<'_>,
    a: Args<'_>,
    name: &str,
    code: FunctionCode,
    tags: HashMap<String, String>,
) -> Result<(), ApiError> {
    let b = blocks(a);
    let req = ctx
        .c
        .lambda
        .create_function()
        .function_name(name)
        .set_role(a.str("role").map(str::to_string))
        .set_handler(a.str("handler").map(str::to_string))
        .set_runtime(a.str("runtime").map(Runtime::from))
        .code(code.clone())
        .set_description(a.str("description").map(str::to_string))
        .set_memory_size(a.int("memory_size"))
        .set_timeout(a.int("timeout"))
        .publish(a.bool("publish").unwrap_or(false))
        .set_package_type(a.str("package_type").map(PackageType::from))
        .set_layers(Some(a.strings("layers")).filter(|l| !l.is_empty()))
        .set_architectures(
            Some(
                a.strings("architectures")
                    .iter()
                    .map(|s| Architecture::from(s.as_str()))
                    .collect::<Vec<_>>(),
            )
            .filter(|l| !l.is_empty()),
        )
        .set_kms_key_arn(a.str("kms_key_arn").map(str::to_string))
        .set_environment(environment(a))
        .set_vpc_config(vpc_config(a))
        .set_code_signing_config_arn(a.str("code_signing_config_arn").map(str::to_string))
        .set_dead_letter_config(b.dead_letter)
        .set_ephemeral_storage(b.ephemeral_storage)
        .set_file_system_configs(b.file_systems)
        .set_image_config(b.image)
        .set_logging_config(b.logging)
        .set_snap_start(b.snap_start)
        .set_tracing_config(b.tracing)
        .set_tags(Some(tags).filter(|t| !t.is_empty()));
    req.send()
        .await
        .map(|_| ())
        .map_err(|e| ApiError::from_sdk("CreateFunction", e))
}

/// Lambda reports no creation time; a function last modified before
/// `since` was there before the create (`LastModified` is
/// `2006-01-02T15:04:05.000+0000`).
async fn created_since(
    ctx: &Ctx<'_>,
    name: &str,
    since: std::time::SystemTime,
) -> Result<bool, ApiError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetFunction",
        ctx.c.lambda.get_function().function_name(name)
    ))?;
    let modified = out
        .as_ref()
        .and_then(|o| o.configuration())
        .and_then(|c| c.last_modified())
        .and_then(parse_last_modified);
    Ok(modified.is_some_and(|t| intent::made_since(t, since)))
}

/// Seconds since the epoch of a `LastModified` value.
fn parse_last_modified(s: &str) -> Option<f64> {
    let utc = s
        .strip_suffix("+0000")
        .map_or(s.to_string(), |b| format!("{b}Z"));
    aws_smithy_types::DateTime::from_str(&utc, aws_smithy_types::date_time::Format::DateTime)
        .ok()
        .map(|d| d.as_secs_f64())
}

/// After an interrupted create: the function of the planned name, made (or
/// last changed) since the create was about to be sent.
pub async fn find_function(
    ctx: &Ctx<'_>,
    planned: &Value,
    since: std::time::SystemTime,
) -> Result<Option<Value>, ProviderError> {
    let name = Args(planned).required("function_name")?;
    let made = created_since(ctx, name, since)
        .await
        .map_err(|e| e.during("looking for an interrupted create of Lambda Function"))?;
    if !made {
        return Ok(None);
    }
    wait_ready(ctx, name).await?;
    read_function_named(ctx, planned, name, None).await
}

/// Until the function is Active and its last update is done.
async fn wait_ready(ctx: &Ctx<'_>, name: &str) -> Result<(), ProviderError> {
    let start = Instant::now();
    let mut delay = Duration::from_millis(250);
    loop {
        let out = call!(
            ctx,
            Repeat::Harmless,
            "GetFunction",
            ctx.c.lambda.get_function().function_name(name)
        )
        .map_err(|e| e.during("waiting for Lambda Function"))?;
        let conf = out.configuration();
        let state = conf.and_then(|c| c.state());
        let update = conf.and_then(|c| c.last_update_status());
        match (state, update) {
            (Some(State::Failed), _) | (_, Some(LastUpdateStatus::Failed)) => {
                let reason = conf
                    .and_then(|c| c.state_reason().or(c.last_update_status_reason()))
                    .unwrap_or("no reason given");
                return Err(ProviderError::new(
                    "Lambda Function failed",
                    format!("{name}: {reason}"),
                ));
            }
            (Some(State::Pending), _) | (_, Some(LastUpdateStatus::InProgress)) => {}
            _ => return Ok(()),
        }
        if start.elapsed() > WAIT {
            return Err(ProviderError::new(
                "Timed out waiting for Lambda Function",
                format!("{name} is not Active after {} minutes", WAIT.as_secs() / 60),
            ));
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

fn one_item(pairs: Vec<(&str, Value)>) -> Value {
    Value::List(
        vec![Value::Map(
            pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        )]
        .into(),
    )
}

fn opt_str(s: Option<&str>) -> Value {
    Value::string(s.unwrap_or_default())
}

fn strings(items: &[String]) -> Value {
    if items.is_empty() {
        Value::Null
    } else {
        Value::List(items.iter().map(Value::string).collect())
    }
}

/// The one-item blocks as the provider reads them: absent ones `[]`
/// (null here).
fn read_blocks(o: &mut Object, c: &aws_sdk_lambda::types::FunctionConfiguration) {
    o.set(
        "dead_letter_config",
        match c.dead_letter_config().and_then(|d| d.target_arn()) {
            Some(t) if !t.is_empty() => one_item(vec![("target_arn", Value::string(t))]),
            _ => Value::Null,
        },
    );
    o.set(
        "ephemeral_storage",
        match c.ephemeral_storage() {
            Some(e) => one_item(vec![("size", Value::int(e.size()))]),
            None => Value::Null,
        },
    );
    o.set(
        "file_system_config",
        match c.file_system_configs().first() {
            Some(f) => one_item(vec![
                ("arn", Value::string(f.arn())),
                ("local_mount_path", Value::string(f.local_mount_path())),
            ]),
            None => Value::Null,
        },
    );
    o.set(
        "image_config",
        match c.image_config_response().and_then(|r| r.image_config()) {
            Some(i) => one_item(vec![
                ("command", strings(i.command())),
                ("entry_point", strings(i.entry_point())),
                ("working_directory", opt_str(i.working_directory())),
            ]),
            None => Value::Null,
        },
    );
    o.set(
        "logging_config",
        match c.logging_config() {
            Some(l) => one_item(vec![
                (
                    "application_log_level",
                    opt_str(l.application_log_level().map(|x| x.as_str())),
                ),
                ("log_format", opt_str(l.log_format().map(|x| x.as_str()))),
                ("log_group", opt_str(l.log_group())),
                (
                    "system_log_level",
                    opt_str(l.system_log_level().map(|x| x.as_str())),
                ),
            ]),
            None => Value::Null,
        },
    );
    // SnapStart off (`None`) reads as no block, as in the provider.
    o.set(
        "snap_start",
        match c.snap_start() {
            Some(s) if s.apply_on().is_some_and(|a| a.as_str() != "None") => one_item(vec![
                ("apply_on", opt_str(s.apply_on().map(|x| x.as_str()))),
                (
                    "optimization_status",
                    opt_str(s.optimization_status().map(|x| x.as_str())),
                ),
            ]),
            _ => Value::Null,
        },
    );
    // As the provider's flattenVPCConfigResponse: no block when the
    // function is in no subnet and no security group.
    o.set(
        "vpc_config",
        match c.vpc_config() {
            Some(v) if !v.subnet_ids().is_empty() || !v.security_group_ids().is_empty() => {
                one_item(vec![
                    (
                        "ipv6_allowed_for_dual_stack",
                        Value::Bool(v.ipv6_allowed_for_dual_stack().unwrap_or(false)),
                    ),
                    (
                        "security_group_ids",
                        Value::set(v.security_group_ids().iter().map(Value::string).collect()),
                    ),
                    (
                        "subnet_ids",
                        Value::set(v.subnet_ids().iter().map(Value::string).collect()),
                    ),
                    ("vpc_id", opt_str(v.vpc_id())),
                ])
            }
            _ => Value::Null,
        },
    );
    o.set(
        "tracing_config",
        match c.tracing_config().and_then(|t| t.mode()) {
            Some(m) => one_item(vec![("mode", Value::string(m.as_str()))]),
            None => Value::Null,
        },
    );
}

/// The function (at `qualifier`, a version or alias, when given) as state
/// holds it.
pub(crate) async fn read_function_named(
    ctx: &Ctx<'_>,
    base: &Value,
    name: &str,
    qualifier: Option<&str>,
) -> Result<Option<Value>, ProviderError> {
    let Some(out) = found(call!(
        ctx,
        Repeat::Harmless,
        "GetFunction",
        ctx.c
            .lambda
            .get_function()
            .function_name(name)
            .set_qualifier(qualifier.map(str::to_string))
    ))
    .map_err(|e| e.during("reading Lambda Function"))?
    else {
        return Ok(None);
    };
    let Some(c) = out.configuration() else {
        return Ok(None);
    };
    let mut o = Object::from(function_schema(), base);
    let arn = c.function_arn().unwrap_or_default().to_string();
    let version = c.version().unwrap_or("$LATEST").to_string();
    let qualified = format!("{arn}:{version}");
    let invoke = |target: &str| {
        format!(
            "arn:{}:apigateway:{}:lambda:path/2015-03-31/functions/{target}/invocations",
            ctx.partition(),
            ctx.region()
        )
    };
    let reserved = out
        .concurrency()
        .and_then(|c| c.reserved_concurrent_executions())
        .map_or(-1.0, |n| n as f64);
    o.str("id", c.function_name())
        .str("function_name", c.function_name())
        .str("role", c.role())
        .str("handler", c.handler())
        .str("runtime", c.runtime().map(|r| r.as_str()))
        // "" where Lambda has none, as SDKv2 reads it (crate::legacy).
        .str("description", Some(c.description().unwrap_or_default()))
        .num("memory_size", c.memory_size().map(f64::from))
        .num("timeout", c.timeout().map(f64::from))
        .str("package_type", c.package_type().map(|p| p.as_str()))
        .str("kms_key_arn", c.kms_key_arn())
        // No layers: null, as the provider stores it.
        .set(
            "layers",
            strings(
                &c.layers()
                    .iter()
                    .filter_map(|l| l.arn().map(str::to_string))
                    .collect::<Vec<_>>(),
            ),
        )
        .list(
            "architectures",
            Some(
                c.architectures()
                    .iter()
                    .map(|a| a.as_str().to_string())
                    .collect(),
            ),
        )
        .str("source_code_hash", c.code_sha256())
        .num("source_code_size", Some(c.code_size() as f64))
        .str("last_modified", c.last_modified())
        .str("version", Some(version.as_str()))
        .num("reserved_concurrent_executions", Some(reserved))
        .str("invoke_arn", Some(invoke(&arn)))
        .str("qualified_invoke_arn", Some(invoke(&qualified)))
        .str("qualified_arn", Some(qualified.as_str()))
        .str("arn", Some(arn.as_str()))
        .str("code_sha256", c.code_sha256())
        .str(
            "image_uri",
            Some(out.code().and_then(|c| c.image_uri()).unwrap_or_default()),
        )
        .str("kms_key_arn", Some(c.kms_key_arn().unwrap_or_default()))
        .str(
            "signing_job_arn",
            Some(c.signing_job_arn().unwrap_or_default()),
        )
        .str(
            "signing_profile_version_arn",
            Some(c.signing_profile_version_arn().unwrap_or_default()),
        )
        // Read with GetFunctionCodeSigningConfig by the provider; kept as
        // configured here ("" when unset, as SDKv2 stores it).
        .str(
            "code_signing_config_arn",
            Some(
                Args(base)
                    .str("code_signing_config_arn")
                    .unwrap_or_default(),
            ),
        )
        .bool(
            "skip_destroy",
            Some(Args(base).bool("skip_destroy").unwrap_or(false)),
        );
    read_blocks(&mut o, c);
    if let Some(env) = c
        .environment()
        .and_then(|e| e.variables())
        .filter(|v| !v.is_empty())
    {
        let vars: BTreeMap<String, Value> = env
            .iter()
            .map(|(k, v)| (k.clone(), Value::string(v)))
            .collect();
        o.set(
            "environment",
            Value::List(
                vec![Value::Map(
                    BTreeMap::from([("variables".to_string(), Value::Map(vars.into()))]).into(),
                )]
                .into(),
            ),
        );
    } else if !Args(base).get("environment").is_null() {
        o.set("environment", Value::Null);
    }
    tags::record(&mut o, ctx.settings, base, out.tags());
    Ok(Some(o.build()))
}

pub async fn read_function(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let name = Args(current)
        .str("function_name")
        .or(Args(current).str("id"))
        .ok_or_else(|| {
            ProviderError::new(
                "Cannot refresh",
                "aws_lambda_function in state has no function name",
            )
        })?;
    read_function_named(ctx, current, name, None).await
}

pub async fn update_function(
    ctx: &Ctx<'_>,
    prior: &Value,
    planned: &Value,
) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let name = p.required("function_name")?;
    let code_changed = [
        "filename",
        "s3_bucket",
        "s3_key",
        "s3_object_version",
        "image_uri",
        "source_code_hash",
    ]
    .iter()
    .any(|k| p.get(k) != n.get(k) && !n.get(k).is_unknown());
    if code_changed {
        let code = code(ctx, planned)?;
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateFunctionCode",
            ctx.c
                .lambda
                .update_function_code()
                .function_name(name)
                .set_zip_file(code.zip_file().cloned())
                .set_s3_bucket(code.s3_bucket().map(str::to_string))
                .set_s3_key(code.s3_key().map(str::to_string))
                .set_s3_object_version(code.s3_object_version().map(str::to_string))
                .set_image_uri(code.image_uri().map(str::to_string))
                .publish(n.bool("publish").unwrap_or(false))
        )
        .map_err(|e| e.during("updating Lambda Function code"))?;
        wait_ready(ctx, name).await?;
    }
    let config_keys = [
        "role",
        "handler",
        "runtime",
        "description",
        "memory_size",
        "timeout",
        "layers",
        "kms_key_arn",
        "environment",
        "vpc_config",
        "dead_letter_config",
        "ephemeral_storage",
        "file_system_config",
        "image_config",
        "logging_config",
        "snap_start",
        "tracing_config",
    ];
    if config_keys.iter().any(|k| p.get(k) != n.get(k)) {
        with_iam_propagation(|| async {
            let b = blocks(n);
            call!(
                ctx,
                Repeat::Harmless,
                "UpdateFunctionConfiguration",
                ctx.c
                    .lambda
                    .update_function_configuration()
                    .function_name(name)
                    .set_role(n.str("role").map(str::to_string))
                    .set_handler(n.str("handler").map(str::to_string))
                    .set_runtime(n.str("runtime").map(Runtime::from))
                    .description(n.str("description").unwrap_or_default())
                    .set_memory_size(n.int("memory_size"))
                    .set_timeout(n.int("timeout"))
                    .set_layers(Some(n.strings("layers")))
                    .set_kms_key_arn(n.str("kms_key_arn").map(str::to_string))
                    .environment(environment(n).unwrap_or_else(|| {
                        Environment::builder()
                            .set_variables(Some(HashMap::new()))
                            .build()
                    }))
                    .set_vpc_config(vpc_config(n))
                    // A block left out: no dead letter target, no file
                    // system (the computed ones stay as they are).
                    .dead_letter_config(
                        b.dead_letter.clone().unwrap_or_else(|| {
                            DeadLetterConfig::builder().target_arn("").build()
                        })
                    )
                    .set_ephemeral_storage(b.ephemeral_storage.clone())
                    .set_file_system_configs(Some(b.file_systems.clone().unwrap_or_default()))
                    .set_image_config(b.image.clone())
                    .set_logging_config(b.logging.clone())
                    .set_snap_start(b.snap_start.clone())
                    .set_tracing_config(b.tracing.clone())
            )
            .map(|_| ())
        })
        .await
        .map_err(|e| e.during("updating Lambda Function configuration"))?;
        wait_ready(ctx, name).await?;
    }
    if p.str("code_signing_config_arn") != n.str("code_signing_config_arn") {
        let r = match n.str("code_signing_config_arn") {
            Some(arn) => call!(
                ctx,
                Repeat::Harmless,
                "PutFunctionCodeSigningConfig",
                ctx.c
                    .lambda
                    .put_function_code_signing_config()
                    .function_name(name)
                    .code_signing_config_arn(arn)
            )
            .map(|_| ()),
            None => call!(
                ctx,
                Repeat::Harmless,
                "DeleteFunctionCodeSigningConfig",
                ctx.c
                    .lambda
                    .delete_function_code_signing_config()
                    .function_name(name)
            )
            .map(|_| ()),
        };
        r.map_err(|e| e.during("setting Lambda Function code signing"))?;
    }
    if p.get("reserved_concurrent_executions") != n.get("reserved_concurrent_executions") {
        let r = match n.int("reserved_concurrent_executions").filter(|n| *n >= 0) {
            Some(v) => call!(
                ctx,
                Repeat::Harmless,
                "PutFunctionConcurrency",
                ctx.c
                    .lambda
                    .put_function_concurrency()
                    .function_name(name)
                    .reserved_concurrent_executions(v)
            )
            .map(|_| ()),
            None => call!(
                ctx,
                Repeat::Harmless,
                "DeleteFunctionConcurrency",
                ctx.c
                    .lambda
                    .delete_function_concurrency()
                    .function_name(name)
            )
            .map(|_| ()),
        };
        r.map_err(|e| e.during("setting Lambda Function concurrency"))?;
    }
    let arn = p.str("arn").unwrap_or_default().to_string();
    let (add, remove) = tags::changes(ctx.settings, prior, planned);
    if !remove.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UntagResource",
            ctx.c
                .lambda
                .untag_resource()
                .resource(&arn)
                .set_tag_keys(Some(remove.clone()))
        )
        .map_err(|e| e.during("untagging Lambda Function"))?;
    }
    if !add.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "TagResource",
            ctx.c
                .lambda
                .tag_resource()
                .resource(&arn)
                .set_tags(Some(add.clone()))
        )
        .map_err(|e| e.during("tagging Lambda Function"))?;
    }
    read_function_named(ctx, planned, name, None)
        .await?
        .ok_or_else(|| {
            ProviderError::new(
                "Lambda Function vanished",
                format!("{name} disappeared during the update"),
            )
        })
}

pub async fn delete_function(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    if Args(prior).bool("skip_destroy") == Some(true) {
        return Ok(());
    }
    let name = Args(prior).required("function_name")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteFunction",
        ctx.c.lambda.delete_function().function_name(name)
    ))
    .map_err(|e| e.during("deleting Lambda Function"))
}

pub async fn import_function(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_function_named(ctx, &Value::Null, id, None)
        .await?
        .ok_or_else(|| crate::error::not_found("Lambda Function named", id))
}

// --- aws_lambda_permission -------------------------------------------------

/// The statement id: configured, or generated from the prefix and the
/// intent token (see [`crate::intent`]).
fn statement_id(a: Args<'_>, token: Option<&str>) -> String {
    intent::name_or_prefixed(
        a,
        "statement_id",
        "statement_id_prefix",
        "terraform-",
        token,
    )
}

/// After an interrupted create: the statement of the id it sent.
pub async fn find_permission(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: &str,
) -> Result<Option<Value>, ProviderError> {
    let sid = statement_id(Args(planned), Some(token));
    let mut named = planned.clone();
    if let Value::Map(m) = &mut named {
        m.insert("statement_id".into(), Value::string(&sid));
    }
    let found = read_permission(ctx, &named).await?;
    Ok(found.map(|v| finish_permission(Args(planned), v)))
}

/// A permission created without a prefix records an empty one, as the
/// provider stores it.
fn finish_permission(planned: Args<'_>, v: Value) -> Value {
    let mut o = Object::from(permission_schema(), &v);
    if planned.str("statement_id_prefix").is_none() {
        o.str("statement_id_prefix", Some(""));
    }
    o.build()
}

pub async fn create_permission(
    ctx: &Ctx<'_>,
    planned: &Value,
    token: Option<&str>,
) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let function = a.required("function_name")?;
    let sid = statement_id(a, token);
    let lock = ctx.function_lock(function);
    let _held = lock.lock().await;
    let sid = sid.as_str();
    // A repeat would fail (ResourceConflictException) after a call whose
    // answer was lost: look for the statement first.
    with_iam_propagation(|| {
        ctx.api.create_checked(
            || {
                let req = ctx
                    .c
                    .lambda
                    .add_permission()
                    .function_name(function)
                    .statement_id(sid)
                    .set_action(a.str("action").map(str::to_string))
                    .set_principal(a.str("principal").map(str::to_string))
                    .set_source_arn(a.str("source_arn").map(str::to_string))
                    .set_source_account(a.str("source_account").map(str::to_string))
                    .set_qualifier(a.str("qualifier").map(str::to_string))
                    .set_event_source_token(a.str("event_source_token").map(str::to_string))
                    .set_principal_org_id(a.str("principal_org_id").map(str::to_string))
                    .set_function_url_auth_type(
                        a.str("function_url_auth_type")
                            .map(FunctionUrlAuthType::from),
                    );
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("AddPermission", e))
                }
            },
            || async move {
                Ok(statement(ctx, function, a.str("qualifier"), sid)
                    .await?
                    .map(|_| ()))
            },
        )
    })
    .await
    .map_err(|e| e.during("adding Lambda Permission"))?;
    let mut o = Object::from(permission_schema(), planned);
    o.str("id", Some(sid)).str("statement_id", Some(sid));
    Ok(finish_permission(a, o.build()))
}

/// The statement `sid` of the function's policy, as permission arguments;
/// `None` when there is no such statement (or no policy).
async fn statement(
    ctx: &Ctx<'_>,
    function: &str,
    qualifier: Option<&str>,
    sid: &str,
) -> Result<Option<serde_json::Value>, ApiError> {
    let Some(out) = found(call!(
        ctx,
        Repeat::Harmless,
        "GetPolicy",
        ctx.c
            .lambda
            .get_policy()
            .function_name(function)
            .set_qualifier(qualifier.map(str::to_string))
    ))?
    else {
        return Ok(None);
    };
    let policy: serde_json::Value = serde_json::from_str(out.policy().unwrap_or("{}"))
        .map_err(|e| ApiError::invalid("GetPolicy", format!("unreadable policy: {e}")))?;
    Ok(policy["Statement"]
        .as_array()
        .and_then(|s| s.iter().find(|st| st["Sid"] == sid).cloned()))
}

pub async fn read_permission(
    ctx: &Ctx<'_>,
    current: &Value,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    let function = a.required("function_name")?;
    let sid = a.required("statement_id")?;
    let Some(st) = statement(ctx, function, a.str("qualifier"), sid)
        .await
        .map_err(|e| e.during("reading Lambda Permission"))?
    else {
        return Ok(None);
    };
    let mut o = Object::from(permission_schema(), current);
    let principal = st["Principal"]["Service"]
        .as_str()
        .or(st["Principal"]["AWS"].as_str())
        .or(st["Principal"].as_str())
        .map(|p| {
            // An account principal comes back as its root ARN.
            p.strip_prefix("arn:aws:iam::")
                .and_then(|r| r.strip_suffix(":root"))
                .unwrap_or(p)
                .to_string()
        });
    let cond = &st["Condition"];
    o.str("id", Some(sid))
        .str("action", st["Action"].as_str())
        .str("principal", principal)
        .str("source_arn", cond["ArnLike"]["AWS:SourceArn"].as_str())
        .str(
            "source_account",
            cond["StringEquals"]["AWS:SourceAccount"].as_str(),
        )
        .str(
            "principal_org_id",
            cond["StringEquals"]["aws:PrincipalOrgID"].as_str(),
        )
        .str(
            "event_source_token",
            cond["StringEquals"]["lambda:EventSourceToken"].as_str(),
        );
    Ok(Some(o.build()))
}

pub async fn delete_permission(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let a = Args(prior);
    let function = a.required("function_name")?;
    let sid = a.required("statement_id")?;
    let lock = ctx.function_lock(function);
    let _held = lock.lock().await;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "RemovePermission",
        ctx.c
            .lambda
            .remove_permission()
            .function_name(function)
            .statement_id(sid)
            .set_qualifier(a.str("qualifier").map(str::to_string))
    ))
    .map_err(|e| e.during("removing Lambda Permission"))
}

/// `FUNCTION_NAME/STATEMENT_ID` or `FUNCTION_NAME:QUALIFIER/STATEMENT_ID`.
pub async fn import_permission(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let Some((function, sid)) = id
        .split_once('/')
        .filter(|(f, s)| !f.is_empty() && !s.is_empty())
    else {
        return Err(ProviderError::new(
            "Invalid import ID",
            format!("Unexpected format of ID ({id:?}), expected FUNCTION_NAME/STATEMENT_ID or FUNCTION_NAME:QUALIFIER/STATEMENT_ID"),
        ));
    };
    let (function, qualifier) = match function.split_once(':') {
        Some((f, q)) if !f.starts_with("arn") => (f, Some(q)),
        _ => (function, None),
    };
    let mut base = BTreeMap::from([
        ("function_name".to_string(), Value::string(function)),
        ("statement_id".to_string(), Value::string(sid)),
    ]);
    if let Some(q) = qualifier {
        base.insert("qualifier".into(), Value::string(q));
    }
    read_permission(ctx, &Value::Map(base.into()))
        .await?
        .ok_or_else(|| {
            ProviderError::new(
                "Cannot import non-existent remote object",
                format!("No statement {sid:?} in the policy of Lambda Function {function:?}."),
            )
        })
}

/// `aws_lambda_function` in the provider's registry ([`crate::kind`]).
pub struct Function;

#[async_trait::async_trait]
impl crate::kind::Kind for Function {
    fn type_name(&self) -> &'static str {
        "aws_lambda_function"
    }

    async fn create(
        &self,
        ctx: &Ctx<'_>,
        planned: &Value,
        _intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        create_function(ctx, planned).await
    }

    async fn find_created(
        &self,
        ctx: &Ctx<'_>,
        planned: &Value,
        i: crate::kind::Interrupted<'_>,
    ) -> Result<Option<Value>, ProviderError> {
        find_function(ctx, planned, i.since).await
    }

    async fn read(&self, ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
        read_function(ctx, current).await
    }

    async fn update(
        &self,
        ctx: &Ctx<'_>,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, ProviderError> {
        update_function(ctx, prior, planned).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
        delete_function(ctx, prior).await
    }

    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
        import_function(ctx, id).await
    }
}

/// `aws_lambda_permission` in the provider's registry ([`crate::kind`]).
pub struct Permission;

#[async_trait::async_trait]
impl crate::kind::Kind for Permission {
    fn type_name(&self) -> &'static str {
        "aws_lambda_permission"
    }

    async fn create(
        &self,
        ctx: &Ctx<'_>,
        planned: &Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        create_permission(ctx, planned, intent).await
    }

    async fn find_created(
        &self,
        ctx: &Ctx<'_>,
        planned: &Value,
        i: crate::kind::Interrupted<'_>,
    ) -> Result<Option<Value>, ProviderError> {
        find_permission(ctx, planned, i.token).await
    }

    async fn read(&self, ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
        read_permission(ctx, current).await
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
        delete_permission(ctx, prior).await
    }

    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
        import_permission(ctx, id).await
    }
}

#[cfg(test)]
mod last_modified_tests {
    use super::parse_last_modified;

    #[test]
    fn lambda_times_read_as_seconds_since_the_epoch() {
        assert_eq!(
            parse_last_modified("2024-01-02T03:04:05.500+0000"),
            Some(1_704_164_645.5)
        );
        assert_eq!(parse_last_modified("not a time"), None);
    }
}
