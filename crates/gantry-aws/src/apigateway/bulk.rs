//! Refreshing API Gateway objects in bulk. terraform-provider-aws reads
//! each resource, method and integration with its own Get call (three
//! calls per route, and API Gateway throttles reads too); gantry reads a
//! whole REST API with paginated `GetResources?embed=methods&limit=500`,
//! whose answer carries every resource, its methods with their responses,
//! and their integrations with theirs, and answers each object from that.

use std::collections::{BTreeMap, HashMap};

use gantry_config::value::Value;
use gantry_executor::ProviderError;

use super::{integration, integration_response, method, method_response, resource, rest_api};
use crate::ctx::{call, Ctx};
use crate::error::{found, ApiError};
use crate::retry::Repeat;
use crate::values::Args;

/// The types this module answers.
pub const TYPES: &[&str] = &[
    "aws_api_gateway_rest_api",
    "aws_api_gateway_resource",
    "aws_api_gateway_method",
    "aws_api_gateway_integration",
    "aws_api_gateway_method_response",
    "aws_api_gateway_integration_response",
];

struct Route {
    method: method::View,
    integration: Option<integration::View>,
    /// By status code.
    method_responses: HashMap<String, method_response::View>,
    integration_responses: HashMap<String, integration_response::View>,
}

struct Node {
    resource: resource::View,
    methods: HashMap<String, Route>,
}

/// A REST API's resources by id; `None` when the API is gone.
type Tree = Option<HashMap<String, Node>>;

async fn tree(ctx: &Ctx<'_>, api: &str) -> Result<Tree, ApiError> {
    let mut nodes = HashMap::new();
    let scanned = super::scan_resources(ctx, api, true, |r| {
        let methods = r
            .resource_methods()
            .map(|ms| {
                ms.iter()
                    .map(|(name, m)| {
                        let integration = m.method_integration().filter(|i| i.r#type().is_some());
                        let route = Route {
                            method: method::view!(m),
                            integration: integration.map(|i| integration::view!(i)),
                            method_responses: m
                                .method_responses()
                                .map(|rs| {
                                    rs.iter()
                                        .map(|(code, r)| (code.clone(), method_response::view!(r)))
                                        .collect()
                                })
                                .unwrap_or_default(),
                            integration_responses: integration
                                .and_then(|i| i.integration_responses())
                                .map(|rs| {
                                    rs.iter()
                                        .map(|(code, r)| {
                                            (code.clone(), integration_response::view!(r))
                                        })
                                        .collect()
                                })
                                .unwrap_or_default(),
                        };
                        (name.clone(), route)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let view = resource::view!(r);
        nodes.insert(
            view.id.clone(),
            Node {
                resource: view,
                methods,
            },
        );
        None::<()>
    })
    .await;
    match scanned {
        Ok(_) => Ok(Some(nodes)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// The REST API an object belongs to.
fn api_of(type_name: &str, v: &Value) -> Option<String> {
    let key = if type_name == "aws_api_gateway_rest_api" {
        "id"
    } else {
        "rest_api_id"
    };
    Args(v).str(key).map(str::to_string)
}

/// Reads every object of `objects` (pairs of type and current object),
/// answering in the same order.
pub async fn read_all(
    ctx: &Ctx<'_>,
    objects: &[(String, Value)],
) -> Vec<Result<Option<Value>, ProviderError>> {
    let mut apis: Vec<String> = objects.iter().filter_map(|(t, v)| api_of(t, v)).collect();
    apis.sort();
    apis.dedup();
    let mut trees: BTreeMap<String, Result<Tree, ApiError>> = BTreeMap::new();
    for api in apis {
        let t = tree(ctx, &api).await;
        trees.insert(api, t);
    }
    let mut out = Vec::with_capacity(objects.len());
    for (type_name, current) in objects {
        out.push(answer(ctx, &trees, type_name, current).await);
    }
    out
}

async fn answer(
    ctx: &Ctx<'_>,
    trees: &BTreeMap<String, Result<Tree, ApiError>>,
    type_name: &str,
    current: &Value,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    let api = api_of(type_name, current).ok_or_else(|| {
        ProviderError::new(
            "Cannot refresh",
            format!("{type_name} in state has no REST API id"),
        )
    })?;
    let tree = match trees.get(&api) {
        Some(Ok(t)) => t,
        Some(Err(e)) => return Err(e.clone().during("reading API Gateway REST API resources")),
        None => return Ok(None),
    };
    let Some(nodes) = tree else {
        return Ok(None);
    };
    match type_name {
        "aws_api_gateway_rest_api" => {
            let root = nodes
                .values()
                .find(|n| n.resource.path.as_deref() == Some("/"))
                .map(|n| n.resource.id.clone());
            let Some(out) = found(call!(
                ctx,
                Repeat::Harmless,
                "GetRestApi",
                ctx.c.apigateway.get_rest_api().rest_api_id(&api)
            ))
            .map_err(|e| e.during("reading API Gateway REST API"))?
            else {
                return Ok(None);
            };
            rest_api::object(ctx, current, rest_api::view!(&out), root)
                .await
                .map(Some)
                .map_err(|e| e.during("reading API Gateway REST API"))
        }
        "aws_api_gateway_resource" => {
            let id = a.required("id")?;
            Ok(nodes
                .get(id)
                .map(|n| resource::object(current, &api, n.resource.clone())))
        }
        "aws_api_gateway_method_response" | "aws_api_gateway_integration_response" => {
            let (_, res, m, code) = super::response_key(a)?;
            let Some(route) = nodes.get(res).and_then(|n| n.methods.get(m)) else {
                return Ok(None);
            };
            let key = (api.as_str(), res, m, code);
            Ok(if type_name == "aws_api_gateway_method_response" {
                route
                    .method_responses
                    .get(code)
                    .map(|v| method_response::object(current, key, v.clone()))
            } else {
                route
                    .integration_responses
                    .get(code)
                    .map(|v| integration_response::object(current, key, v.clone()))
            })
        }
        "aws_api_gateway_method" | "aws_api_gateway_integration" => {
            let (res, m) = (a.required("resource_id")?, a.required("http_method")?);
            let Some(route) = nodes.get(res).and_then(|n| n.methods.get(m)) else {
                return Ok(None);
            };
            if type_name == "aws_api_gateway_method" {
                Ok(Some(method::object(
                    current,
                    &api,
                    res,
                    m,
                    route.method.clone(),
                )))
            } else {
                match &route.integration {
                    // A private integration names its VPC link; an
                    // embedded one that does not is incomplete (LocalStack
                    // leaves connectionId out of GetResources), so it is
                    // read alone. AWS embeds it, so this costs nothing there.
                    Some(i)
                        if i.connection_type.as_deref() == Some("VPC_LINK")
                            && i.connection_id.is_none() =>
                    {
                        integration::read(ctx, current).await
                    }
                    Some(i) => Ok(Some(integration::object(current, &api, res, m, i.clone()))),
                    None => Ok(None),
                }
            }
        }
        other => Err(ProviderError::new(
            "Cannot refresh",
            format!("{other} is not an API Gateway type read in bulk"),
        )),
    }
}
