//! Refreshing API Gateway objects in bulk. terraform-provider-aws reads
//! each resource, method and integration with its own Get call (three
//! calls per route, and API Gateway throttles reads too); gantry reads a
//! whole REST API with paginated `GetResources?embed=methods&limit=500`,
//! whose answer carries every resource, its methods with their responses,
//! and their integrations with theirs, and answers each object from that.
//! The other objects inside an API come from one listing per kind
//! (GetStages, GetDeployments, GetAuthorizers, GetRequestValidators,
//! GetModels, GetGatewayResponses), fetched only for kinds being read.

use std::collections::{BTreeMap, HashMap};

use gantry_config::value::Value;
use gantry_executor::ProviderError;

use super::{
    authorizer, deployment, gateway_response, integration, integration_response, method,
    method_response, method_settings, model, request_validator, resource, rest_api, stage,
};
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
    "aws_api_gateway_stage",
    "aws_api_gateway_method_settings",
    "aws_api_gateway_deployment",
    "aws_api_gateway_authorizer",
    "aws_api_gateway_request_validator",
    "aws_api_gateway_model",
    "aws_api_gateway_gateway_response",
];

/// The types answered from the resource tree (GetResources pages).
const TREE_TYPES: &[&str] = &[
    "aws_api_gateway_rest_api",
    "aws_api_gateway_resource",
    "aws_api_gateway_method",
    "aws_api_gateway_integration",
    "aws_api_gateway_method_response",
    "aws_api_gateway_integration_response",
];

use aws_sdk_apigateway::types as sdk;

/// One API's listings; `None` for a kind not fetched, `Some(None)` when
/// the API is gone.
#[derive(Default)]
struct Lists {
    stages: Option<Option<Vec<sdk::Stage>>>,
    deployments: Option<Option<Vec<sdk::Deployment>>>,
    authorizers: Option<Option<Vec<sdk::Authorizer>>>,
    validators: Option<Option<Vec<sdk::RequestValidator>>>,
    models: Option<Option<Vec<sdk::Model>>>,
    gateway_responses: Option<Option<Vec<sdk::GatewayResponse>>>,
}

async fn lists(ctx: &Ctx<'_>, api: &str, kinds: &[&str]) -> Result<Lists, ApiError> {
    let wants = |t: &str| kinds.contains(&t);
    let mut l = Lists::default();
    if wants("aws_api_gateway_stage") || wants("aws_api_gateway_method_settings") {
        let out = found(call!(
            ctx,
            Repeat::Harmless,
            "GetStages",
            ctx.c.apigateway.get_stages().rest_api_id(api)
        ))?;
        l.stages = Some(out.map(|o| o.item().to_vec()));
    }
    if wants("aws_api_gateway_deployment") {
        l.deployments = Some(super::list_in_api!(
            ctx,
            api,
            "GetDeployments",
            get_deployments
        )?);
    }
    if wants("aws_api_gateway_authorizer") {
        l.authorizers = Some(super::list_in_api!(
            ctx,
            api,
            "GetAuthorizers",
            get_authorizers
        )?);
    }
    if wants("aws_api_gateway_request_validator") {
        l.validators = Some(super::list_in_api!(
            ctx,
            api,
            "GetRequestValidators",
            get_request_validators
        )?);
    }
    if wants("aws_api_gateway_model") {
        l.models = Some(super::list_in_api!(ctx, api, "GetModels", get_models)?);
    }
    if wants("aws_api_gateway_gateway_response") {
        l.gateway_responses = Some(super::list_in_api!(
            ctx,
            api,
            "GetGatewayResponses",
            get_gateway_responses
        )?);
    }
    Ok(l)
}

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
    let mut kinds: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (t, v) in objects {
        if let Some(api) = api_of(t, v) {
            kinds.entry(api).or_default().push(t.as_str());
        }
    }
    let mut trees: BTreeMap<String, Result<Tree, ApiError>> = BTreeMap::new();
    let mut listed: BTreeMap<String, Result<Lists, ApiError>> = BTreeMap::new();
    for (api, kinds) in &kinds {
        if kinds.iter().any(|k| TREE_TYPES.contains(k)) {
            trees.insert(api.clone(), tree(ctx, api).await);
        }
        listed.insert(api.clone(), lists(ctx, api, kinds).await);
    }
    let mut out = Vec::with_capacity(objects.len());
    for (type_name, current) in objects {
        let answer = if TREE_TYPES.contains(&type_name.as_str()) {
            answer(ctx, &trees, type_name, current).await
        } else {
            answer_listed(ctx, &listed, type_name, current).await
        };
        out.push(answer);
    }
    out
}

/// An object from its API's listings.
async fn answer_listed(
    ctx: &Ctx<'_>,
    listed: &BTreeMap<String, Result<Lists, ApiError>>,
    type_name: &str,
    current: &Value,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(current);
    let api = a.required("rest_api_id")?;
    let lists = match listed.get(api) {
        Some(Ok(l)) => l,
        Some(Err(e)) => return Err(e.clone().during("reading API Gateway objects")),
        None => return Ok(None),
    };
    // A kind not listed (cannot happen: every kind in the batch was) or an
    // API that is gone both answer "no such object".
    fn items<T>(l: &Option<Option<Vec<T>>>) -> &[T] {
        l.as_ref().and_then(|x| x.as_deref()).unwrap_or(&[])
    }
    match type_name {
        "aws_api_gateway_stage" => {
            let name = a.required("stage_name")?;
            match items(&lists.stages)
                .iter()
                .find(|s| s.stage_name() == Some(name))
            {
                Some(s) => stage::object(ctx, current, api, name, stage::view!(s))
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
        "aws_api_gateway_method_settings" => {
            let (name, path) = (a.required("stage_name")?, a.required("method_path")?);
            Ok(items(&lists.stages)
                .iter()
                .find(|s| s.stage_name() == Some(name))
                .and_then(|s| s.method_settings()?.get(path))
                .map(|m| method_settings::object(current, (api, name, path), m)))
        }
        "aws_api_gateway_deployment" => {
            let id = a.required("id")?;
            match items(&lists.deployments)
                .iter()
                .find(|d| d.id() == Some(id))
            {
                Some(d) => deployment::object(ctx, current, api, deployment::view!(d))
                    .await
                    .map(Some),
                None => Ok(None),
            }
        }
        "aws_api_gateway_authorizer" => {
            let id = a.required("id")?;
            Ok(items(&lists.authorizers)
                .iter()
                .find(|x| x.id() == Some(id))
                .map(|x| authorizer::object(ctx, current, api, id, authorizer::view!(x))))
        }
        "aws_api_gateway_request_validator" => {
            let id = a.required("id")?;
            Ok(items(&lists.validators)
                .iter()
                .find(|x| x.id() == Some(id))
                .map(|x| request_validator::object(current, api, id, request_validator::view!(x))))
        }
        "aws_api_gateway_model" => {
            let name = a.required("name")?;
            Ok(items(&lists.models)
                .iter()
                .find(|x| x.name() == Some(name))
                .map(|x| model::object(current, api, name, model::view!(x))))
        }
        "aws_api_gateway_gateway_response" => {
            let kind = a.required("response_type")?;
            Ok(items(&lists.gateway_responses)
                .iter()
                .find(|x| x.response_type().map(|t| t.as_str()) == Some(kind))
                .map(|x| gateway_response::object(current, api, kind, gateway_response::view!(x))))
        }
        other => Err(ProviderError::new(
            "Cannot refresh",
            format!("{other} is not an API Gateway type read in bulk"),
        )),
    }
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
