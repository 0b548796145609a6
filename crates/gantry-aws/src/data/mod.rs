//! Data sources: what the planner reads before it plans the resources that
//! use them. Lookups reuse the resource reads and keep the attributes the
//! data source has.

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::apigateway::{list_all, scan_resources};
use crate::ctx::{call, Ctx};
use crate::error::ApiError;
use crate::retry::Repeat;
use crate::values::Args;

pub mod policy_document;
mod regions;

pub async fn read(
    ctx: &Ctx<'_>,
    schema: &'static ResourceType,
    config: &Value,
) -> Result<Value, ProviderError> {
    let a = Args(config);
    let found = match schema.name {
        "aws_iam_policy_document" => return policy_document::read(config),
        "aws_region" => {
            let name = a.str("name").unwrap_or(ctx.region()).to_string();
            let suffix = regions::dns_suffix(&name);
            obj(&[
                ("id", name.clone()),
                // not an address: a hostname.
                ("endpoint", format!("ec2.{name}.{suffix}")),
                ("description", regions::description(&name).to_string()),
                ("name", name),
            ])
        }
        "aws_partition" => {
            let p = ctx.partition();
            let suffix = regions::dns_suffix(ctx.region());
            obj(&[
                ("id", p.to_string()),
                ("partition", p.to_string()),
                ("dns_suffix", suffix.to_string()),
                (
                    "reverse_dns_prefix",
                    // not an address: a DNS suffix.
                    suffix.split('.').rev().collect::<Vec<_>>().join("."),
                ),
            ])
        }
        "aws_caller_identity" => {
            let out = call!(
                ctx,
                Repeat::Harmless,
                "GetCallerIdentity",
                ctx.c.sts.get_caller_identity()
            )
            .map_err(|e| e.during("reading the caller identity"))?;
            let account = out.account().unwrap_or_default().to_string();
            obj(&[
                ("id", account.clone()),
                ("account_id", account),
                ("arn", out.arn().unwrap_or_default().to_string()),
                ("user_id", out.user_id().unwrap_or_default().to_string()),
            ])
        }
        "aws_api_gateway_rest_api" => rest_api(ctx, a.required("name")?).await?,
        "aws_api_gateway_resource" => {
            resource(ctx, a.required("rest_api_id")?, a.required("path")?).await?
        }
        "aws_api_gateway_vpc_link" => vpc_link(ctx, a.required("name")?).await?,
        "aws_api_gateway_authorizer" => {
            let (api, id) = (a.required("rest_api_id")?, a.required("authorizer_id")?);
            let base = crate::apigateway::imported(api, id);
            let found = crate::apigateway::authorizer::read_id(ctx, &base, api, id)
                .await?
                .ok_or_else(|| {
                    ProviderError::new(
                        "API Gateway Authorizer not found",
                        format!("REST API {api:?} has no authorizer with the ID {id:?}."),
                    )
                })?;
            let mut m = as_map(found);
            m.insert("authorizer_id".into(), Value::string(id));
            // None is `[]` here (the provider's data source), where the
            // resource keeps null.
            if let Some(arns) = m.get_mut("provider_arns") {
                *arns = Value::List(arns.elements().unwrap_or_default().to_vec().into());
            }
            Value::Map(m.into())
        }
        "aws_api_gateway_authorizers" => {
            let api = a.required("rest_api_id")?;
            let all = crate::apigateway::list_in_api!(ctx, api, "GetAuthorizers", get_authorizers)
                .map_err(|e| e.during("listing API Gateway Authorizers"))?
                .ok_or_else(|| {
                    ProviderError::new(
                        "API Gateway REST API not found",
                        format!("No REST API has the ID {api:?}."),
                    )
                })?;
            let ids: Vec<Value> = all
                .iter()
                .filter_map(|x| x.id().map(Value::string))
                .collect();
            let mut m = as_map(obj(&[("id", api.to_string())]));
            m.insert("ids".into(), Value::List(ids.into()));
            Value::Map(m.into())
        }
        "aws_api_gateway_api_key" => {
            let id = a.required("id")?;
            let key = crate::apigateway::api_key::read_id(ctx, &Value::Null, id)
                .await?
                .ok_or_else(|| {
                    ProviderError::new(
                        "API Gateway API Key not found",
                        format!("No API key has the ID {id:?}."),
                    )
                })?;
            // Every tag the key holds, default tags included (the resource
            // keeps those apart in tags_all).
            let all = Args(&key).get("tags_all").clone();
            let mut m = as_map(key);
            m.insert("tags".into(), all);
            Value::Map(m.into())
        }
        "aws_availability_zones" => availability_zones(ctx, config).await?,
        "aws_lambda_function" => {
            let name = a.required("function_name")?;
            let base = crate::apigateway::with_id(name);
            let v = crate::lambda::read_function_named(ctx, &base, name, a.str("qualifier"))
                .await?
                .ok_or_else(|| {
                    ProviderError::new(
                        "Lambda function not found",
                        format!("No Lambda function is named {name:?} in this region."),
                    )
                })?;
            // The data source calls the package's hash `code_sha256`.
            let hash = Args(&v).get("source_code_hash").clone();
            let mut m = as_map(v);
            m.insert("code_sha256".into(), hash);
            // No tags, no layers: empty, as the data source stores them
            // (the resource stores no layers as null).
            if m.get("tags").is_none_or(Value::is_null) {
                m.insert("tags".into(), Value::Map(BTreeMap::new().into()));
            }
            if m.get("layers").is_none_or(Value::is_null) {
                m.insert("layers".into(), Value::List(Vec::new().into()));
            }
            Value::Map(m.into())
        }
        other => {
            return Err(ProviderError::new(
                "Data source not supported",
                format!("gantry's AWS provider cannot read data source {other}."),
            ))
        }
    };
    Ok(project(schema, config, found))
}

fn obj(pairs: &[(&str, String)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::string(v.clone())))
            .collect(),
    )
}

fn as_map(v: Value) -> BTreeMap<String, Value> {
    match v {
        Value::Map(m) => m.entries,
        _ => BTreeMap::new(),
    }
}

/// Every attribute and block of the data source: what was read, else the
/// configured value, else null; attributes typed as the schema declares
/// them (`ids` is a list of strings, not a tuple: `ids == [x]` is false in
/// Terraform, and must be here).
fn project(schema: &ResourceType, config: &Value, found: Value) -> Value {
    let found = as_map(found);
    let value = |n: &str| {
        found
            .get(n)
            .filter(|v| !v.is_null())
            .cloned()
            .unwrap_or_else(|| Args(config).get(n).clone())
    };
    let attributes = schema.attributes.iter().map(|a| {
        let v = value(a.name);
        let typed = gantry_config::types::convert(&v, &a.ty.to_type()).unwrap_or(v);
        (a.name.to_string(), typed)
    });
    let blocks = schema
        .blocks
        .iter()
        .map(|b| (b.name.to_string(), value(b.name)));
    Value::Map(attributes.chain(blocks).collect())
}

fn none_found(what: &str, name: &str) -> ProviderError {
    ProviderError::new(
        format!("No {what} found"),
        format!("No {what} is named {name:?} in this region."),
    )
}

fn several_found(what: &str, name: &str, ids: &[String]) -> ProviderError {
    ProviderError::new(
        format!("Multiple {what}s found"),
        format!(
            "{} {what}s are named {name:?} ({}); the data source needs exactly one.",
            ids.len(),
            ids.join(", ")
        ),
    )
}

/// The one REST API of `name`, read as the resource reads it.
async fn rest_api(ctx: &Ctx<'_>, name: &str) -> Result<Value, ProviderError> {
    let all = list_all!(ctx, "GetRestApis", |p| ctx
        .c
        .apigateway
        .get_rest_apis()
        .limit(500)
        .set_position(p))
    .map_err(|e: ApiError| e.during("looking up API Gateway REST APIs"))?
    .unwrap_or_default();
    let ids: Vec<String> = all
        .iter()
        .filter(|a| a.name() == Some(name))
        .filter_map(|a| a.id().map(str::to_string))
        .collect();
    let id = match ids.as_slice() {
        [] => return Err(none_found("REST API", name)),
        [id] => id,
        _ => return Err(several_found("REST API", name, &ids)),
    };
    let base = crate::apigateway::with_id(id);
    let read = crate::apigateway::rest_api::read_by_id(ctx, &base, id)
        .await?
        .ok_or_else(|| none_found("REST API", name))?;
    // As the data source stores them: the policy as the API answers it
    // (quotes escaped), the tags an empty map when there are none.
    let item = all.iter().find(|a| a.id() == Some(id.as_str()));
    let mut m = as_map(read);
    m.insert(
        "policy".into(),
        Value::string(item.and_then(|a| a.policy()).unwrap_or_default()),
    );
    m.insert(
        "tags".into(),
        crate::tags::held_value(item.and_then(|a| a.tags())),
    );
    Ok(Value::Map(m.into()))
}

async fn resource(ctx: &Ctx<'_>, api: &str, path: &str) -> Result<Value, ProviderError> {
    let found = scan_resources(ctx, api, false, |r| {
        (r.path() == Some(path)).then(|| crate::apigateway::resource::view!(r))
    })
    .await
    .map_err(|e| e.during("looking up an API Gateway Resource"))?
    .ok_or_else(|| {
        ProviderError::new(
            "No resource found",
            format!("REST API {api} has no resource with path {path:?}."),
        )
    })?;
    let mut v = as_map(crate::apigateway::resource::object(
        &Value::Null,
        api,
        found,
    ));
    // The root has no parent: the data source stores "" for it.
    for k in ["parent_id", "path_part"] {
        if v.get(k).is_none_or(Value::is_null) {
            v.insert(k.into(), Value::string(""));
        }
    }
    Ok(Value::Map(v.into()))
}

async fn vpc_link(ctx: &Ctx<'_>, name: &str) -> Result<Value, ProviderError> {
    let all = list_all!(ctx, "GetVpcLinks", |p| ctx
        .c
        .apigateway
        .get_vpc_links()
        .limit(500)
        .set_position(p))
    .map_err(|e: ApiError| e.during("looking up API Gateway VPC links"))?
    .unwrap_or_default();
    let links: Vec<_> = all.iter().filter(|l| l.name() == Some(name)).collect();
    let l = match links.as_slice() {
        [] => return Err(none_found("VPC link", name)),
        [l] => *l,
        _ => {
            let ids: Vec<String> = links
                .iter()
                .filter_map(|l| l.id().map(str::to_string))
                .collect();
            return Err(several_found("VPC link", name, &ids));
        }
    };
    let id = l.id().unwrap_or_default();
    let mut m = as_map(obj(&[
        ("id", id.to_string()),
        ("name", name.to_string()),
        ("arn", ctx.apigateway_arn(&format!("/vpclinks/{id}"))),
        (
            "description",
            l.description().unwrap_or_default().to_string(),
        ),
        (
            "status",
            l.status()
                .map(|s| s.as_str())
                .unwrap_or_default()
                .to_string(),
        ),
        (
            "status_message",
            l.status_message().unwrap_or_default().to_string(),
        ),
    ]));
    m.insert(
        "target_arns".into(),
        Value::set(l.target_arns().iter().map(Value::string).collect()),
    );
    m.insert("tags".into(), crate::tags::held_value(l.tags()));
    Ok(Value::Map(m.into()))
}

/// As the provider: DescribeAvailabilityZones with the configured filters
/// (and `state`, and all zones only when asked), names sorted, ids in the
/// same order, exclusions applied afterwards.
async fn availability_zones(ctx: &Ctx<'_>, config: &Value) -> Result<Value, ProviderError> {
    use aws_sdk_ec2::types::Filter;
    let a = Args(config);
    let mut filters: Vec<Filter> = Vec::new();
    if let Value::List(items) = a.get("filter") {
        for f in items {
            let f = Args(f);
            filters.push(
                Filter::builder()
                    .set_name(f.str("name").map(str::to_string))
                    .set_values(Some(f.strings("values")))
                    .build(),
            );
        }
    }
    if let Some(state) = a.str("state") {
        filters.push(Filter::builder().name("state").values(state).build());
    }
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DescribeAvailabilityZones",
        ctx.c
            .ec2
            .describe_availability_zones()
            .set_all_availability_zones(a.bool("all_availability_zones"))
            .set_filters(Some(filters.clone()).filter(|f| !f.is_empty()))
    )
    .map_err(|e| e.during("reading availability zones"))?;
    let (exclude_names, exclude_ids) = (a.strings("exclude_names"), a.strings("exclude_zone_ids"));
    let mut zones: Vec<(String, String, String)> = out
        .availability_zones()
        .iter()
        .filter_map(|z| {
            Some((
                z.zone_name()?.to_string(),
                z.zone_id().unwrap_or_default().to_string(),
                z.group_name().unwrap_or_default().to_string(),
            ))
        })
        .filter(|(n, i, _)| !exclude_names.contains(n) && !exclude_ids.contains(i))
        .collect();
    zones.sort();
    let list = |f: fn(&(String, String, String)) -> &String| {
        Value::List(zones.iter().map(|z| Value::string(f(z).clone())).collect())
    };
    let mut m = as_map(obj(&[("id", ctx.region().to_string())]));
    m.insert("names".into(), list(|z| &z.0));
    m.insert("zone_ids".into(), list(|z| &z.1));
    m.insert(
        "group_names".into(),
        Value::set(zones.iter().map(|z| Value::string(z.2.clone())).collect()),
    );
    Ok(Value::Map(m.into()))
}
