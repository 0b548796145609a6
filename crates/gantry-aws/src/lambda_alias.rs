//! `aws_lambda_alias`: a name for one version of a function (and,
//! optionally, a share of traffic for a second one). Keyed by function and
//! alias name; the id is the alias ARN, as the provider stores it.

use std::collections::{BTreeMap, HashMap};

use aws_sdk_lambda::types::AliasRoutingConfiguration;
use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::apigateway::import_parts;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_lambda_alias").expect("table exists")
}

fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
    Ok((a.required("function_name")?, a.required("name")?))
}

/// The configured version weights, as the API takes them.
fn routing(a: Args<'_>) -> Option<AliasRoutingConfiguration> {
    let weights: HashMap<String, f64> =
        match a.block("routing_config")?.get("additional_version_weights") {
            Value::Map(m) => m
                .iter()
                .filter_map(|(k, v)| match v.unmark().0 {
                    Value::Number(n) => Some((k.clone(), n.to_f64())),
                    _ => None,
                })
                .collect(),
            _ => HashMap::new(),
        };
    Some(
        AliasRoutingConfiguration::builder()
            .set_additional_version_weights(Some(weights))
            .build(),
    )
}

async fn read_key(
    ctx: &Ctx<'_>,
    base: &Value,
    function: &str,
    name: &str,
) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetAlias",
        ctx.c.lambda.get_alias().function_name(function).name(name)
    ))
    .map_err(|e| e.during("reading Lambda Alias"))?;
    let Some(alias) = out else { return Ok(None) };
    let arn = alias.alias_arn().unwrap_or_default().to_string();
    let weights: Option<BTreeMap<String, Value>> = alias
        .routing_config()
        .and_then(|r| r.additional_version_weights())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.iter()
                .map(|(k, v)| (k.clone(), Value::float(*v)))
                .collect()
        });
    let mut o = Object::from(schema(), base);
    o.str("id", Some(arn.as_str()))
        .str("arn", Some(arn.as_str()))
        .str("name", alias.name())
        // The function as configured (a name or an ARN), as the provider
        // keeps it.
        .str(
            "function_name",
            Some(Args(base).str("function_name").unwrap_or(function)),
        )
        .str("function_version", alias.function_version())
        .str("description", Some(alias.description().unwrap_or_default()))
        .str(
            "invoke_arn",
            Some(format!(
                "arn:{}:apigateway:{}:lambda:path/2015-03-31/functions/{arn}/invocations",
                ctx.partition(),
                ctx.region()
            )),
        )
        .set(
            "routing_config",
            match weights {
                Some(w) => Value::List(
                    vec![Value::Map(
                        BTreeMap::from([(
                            "additional_version_weights".to_string(),
                            Value::Map(w.into()),
                        )])
                        .into(),
                    )]
                    .into(),
                ),
                None => Value::Null,
            },
        );
    Ok(Some(o.build()))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (function, name) = key(a)?;
    let version = a.required("function_version")?;
    ctx.api
        .create_checked(
            || {
                let req = ctx
                    .c
                    .lambda
                    .create_alias()
                    .function_name(function)
                    .name(name)
                    .function_version(version)
                    .set_description(a.str("description").map(str::to_string))
                    .set_routing_config(routing(a));
                async move {
                    req.send()
                        .await
                        .map(|_| ())
                        .map_err(|e| ApiError::from_sdk("CreateAlias", e))
                }
            },
            || async move {
                found(call!(
                    ctx,
                    Repeat::Harmless,
                    "GetAlias",
                    ctx.c.lambda.get_alias().function_name(function).name(name)
                ))
                .map(|o| o.map(|_| ()))
            },
        )
        .await
        .map_err(|e| e.during("creating Lambda Alias"))?;
    read_key(ctx, planned, function, name)
        .await?
        .ok_or_else(|| not_found("Lambda Alias", name))
}

/// Aliases are keyed by name: the alias of the planned name, if any.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    read(ctx, planned).await
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    let (function, name) = key(Args(current))?;
    read_key(ctx, current, function, name).await
}

/// As the provider: version, description and routing sent together.
pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let (function, name) = key(Args(prior))?;
    let routing = routing(a).unwrap_or_else(|| {
        // No block: no second version.
        AliasRoutingConfiguration::builder()
            .set_additional_version_weights(Some(HashMap::new()))
            .build()
    });
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateAlias",
        ctx.c
            .lambda
            .update_alias()
            .function_name(function)
            .name(name)
            .set_function_version(a.str("function_version").map(str::to_string))
            .description(a.str("description").unwrap_or_default())
            .routing_config(routing.clone())
    )
    .map_err(|e| e.during("updating Lambda Alias"))?;
    read_key(ctx, planned, function, name)
        .await?
        .ok_or_else(|| not_found("Lambda Alias", name))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let (function, name) = key(Args(prior))?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteAlias",
        ctx.c
            .lambda
            .delete_alias()
            .function_name(function)
            .name(name)
    ))
    .map_err(|e| e.during("deleting Lambda Alias"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let p = import_parts(id, 2, "FUNCTION-NAME/ALIAS-NAME")?;
    read_key(ctx, &Value::Null, p[0], p[1])
        .await?
        .ok_or_else(|| not_found("Lambda Alias", id))
}

crate::kind::register!(Alias, "aws_lambda_alias");
