//! API Gateway's Update* calls take JSON-patch operations. Which ones an
//! in-place change needs follows from the resource table: each updatable
//! argument names its patch path and kind ([`gantry_schema::Patch`]), so
//! adding an argument to a table is all its update needs.

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_schema::{Attribute, Patch, ResourceType};

use crate::values::Args;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Remove,
    Replace,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchOp {
    pub op: Op,
    pub path: String,
    pub value: Option<String>,
}

impl PatchOp {
    fn new(op: Op, path: impl Into<String>, value: Option<String>) -> PatchOp {
        PatchOp {
            op,
            path: path.into(),
            value,
        }
    }
}

/// RFC 6901: a key inside a path escapes `~` and `/`
/// (`application/json` → `application~1json`).
pub fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The key [`escape`] put in a path, back.
pub fn unescape(key: &str) -> String {
    key.replace("~1", "/").replace("~0", "~")
}

/// The operations that turn `prior` into `planned`, for every argument
/// (and nested block argument) of `schema` that has a patch path. Arguments
/// without one are force-new or not updatable through the API.
pub fn patch_ops(schema: &ResourceType, prior: &Value, planned: &Value) -> Vec<PatchOp> {
    let mut ops = Vec::new();
    for a in schema.attributes {
        attribute_ops(
            a,
            Args(prior).get(a.name),
            Args(planned).get(a.name),
            &mut ops,
        );
    }
    for b in schema.blocks {
        let (old, new) = (Args(prior).block(b.name), Args(planned).block(b.name));
        for a in b.attributes {
            let o = old.map_or(&Value::Null, |o| o.get(a.name));
            let n = new.map_or(&Value::Null, |n| n.get(a.name));
            attribute_ops(a, o, n, &mut ops);
        }
    }
    ops
}

fn attribute_ops(a: &Attribute, old: &Value, new: &Value, ops: &mut Vec<PatchOp>) {
    let Some(patch) = a.patch else { return };
    if unchanged(old, new) || new.is_unknown() {
        return;
    }
    match patch {
        Patch::Value(path) => ops.push(PatchOp::new(Op::Replace, path, scalar(new))),
        Patch::KeysReplaced(path) => {
            let (old, new) = (entries(old), entries(new));
            for k in old.keys().filter(|k| !new.contains_key(*k)) {
                ops.push(PatchOp::new(
                    Op::Remove,
                    format!("{path}/{}", escape(k)),
                    None,
                ));
            }
            for (k, v) in new.iter().filter(|(k, v)| old.get(*k) != Some(v)) {
                ops.push(PatchOp::new(
                    Op::Replace,
                    format!("{path}/{}", escape(k)),
                    Some(v.clone()),
                ));
            }
        }
        Patch::Keys { path, replace_kept } => {
            let (old, new) = (entries(old), entries(new));
            for k in old.keys().filter(|k| !new.contains_key(*k)) {
                ops.push(PatchOp::new(
                    Op::Remove,
                    format!("{path}/{}", escape(k)),
                    None,
                ));
            }
            for (k, v) in &new {
                let p = format!("{path}/{}", escape(k));
                match old.get(k) {
                    None => ops.push(PatchOp::new(Op::Add, p, Some(v.clone()))),
                    Some(o) if o != v || replace_kept => {
                        ops.push(PatchOp::new(Op::Replace, p, Some(v.clone())))
                    }
                    Some(_) => {}
                }
            }
        }
        Patch::ItemsInPath(path) | Patch::ItemsAsValue(path) => {
            let (old, new) = (items(old), items(new));
            let op = |op, item: &String| match patch {
                Patch::ItemsInPath(_) => PatchOp::new(op, format!("{path}/{}", escape(item)), None),
                _ => PatchOp::new(op, path, Some(item.clone())),
            };
            for i in old.iter().filter(|i| !new.contains(i)) {
                ops.push(op(Op::Remove, i));
            }
            for i in new.iter().filter(|i| !old.contains(i)) {
                ops.push(op(Op::Add, i));
            }
        }
    }
}

/// A value as API Gateway's patch `value` string.
fn scalar(v: &Value) -> Option<String> {
    match v.unmark().0 {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::List(items) | Value::Set(items) => items.first().and_then(scalar),
        other => other.to_string_primitive(),
    }
}

fn entries(v: &Value) -> BTreeMap<String, String> {
    match v.unmark().0 {
        Value::Map(m) => m
            .iter()
            .filter_map(|(k, v)| scalar(v).map(|s| (k.clone(), s)))
            .collect(),
        _ => BTreeMap::new(),
    }
}

fn items(v: &Value) -> Vec<String> {
    v.elements()
        .map(|e| e.iter().filter_map(scalar).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn map(pairs: &[(&str, &str)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), Value::string(*v)))
                .collect(),
        )
    }

    fn op(op: Op, path: &str, value: Option<&str>) -> PatchOp {
        PatchOp::new(op, path, value.map(str::to_string))
    }

    #[test]
    fn integration_changes_become_the_providers_patch_operations() {
        let schema = gantry_schema::resource_type("aws_api_gateway_integration").unwrap();
        let prior = obj(&[
            ("type", Value::string("MOCK")),
            ("timeout_milliseconds", Value::int(29000)),
            ("uri", Value::Null),
            (
                "request_templates",
                map(&[
                    ("application/json", "{}"),
                    ("application/xml", "<a/>"),
                    ("text/plain", "x"),
                ]),
            ),
            (
                "request_parameters",
                map(&[
                    ("integration.request.header.X-A", "'a'"),
                    ("integration.request.header.X-B", "'b'"),
                ]),
            ),
            (
                "cache_key_parameters",
                Value::set(vec![Value::string("method.request.path.a")]),
            ),
        ]);
        let planned = obj(&[
            ("type", Value::string("MOCK")),
            ("timeout_milliseconds", Value::int(5000)),
            ("uri", Value::string("https://example.com/x")),
            (
                "request_templates",
                map(&[("application/json", "{}"), ("application/xml", "<b/>")]),
            ),
            (
                "request_parameters",
                map(&[
                    ("integration.request.header.X-A", "'a'"),
                    ("integration.request.header.X-C", "'c'"),
                ]),
            ),
            (
                "cache_key_parameters",
                Value::set(vec![Value::string("method.request.path.b")]),
            ),
        ]);
        let ops = patch_ops(schema, &prior, &planned);
        assert_eq!(
            ops,
            [
                op(Op::Replace, "/uri", Some("https://example.com/x")),
                op(Op::Remove, "/requestTemplates/text~1plain", None),
                // Every kept template is replaced, changed or not, as the
                // provider does.
                op(
                    Op::Replace,
                    "/requestTemplates/application~1json",
                    Some("{}")
                ),
                op(
                    Op::Replace,
                    "/requestTemplates/application~1xml",
                    Some("<b/>")
                ),
                // Request parameters: only what changed.
                op(
                    Op::Remove,
                    "/requestParameters/integration.request.header.X-B",
                    None
                ),
                op(
                    Op::Add,
                    "/requestParameters/integration.request.header.X-C",
                    Some("'c'")
                ),
                op(
                    Op::Remove,
                    "/cacheKeyParameters/method.request.path.a",
                    None
                ),
                op(Op::Add, "/cacheKeyParameters/method.request.path.b", None),
                op(Op::Replace, "/timeoutInMillis", Some("5000")),
            ]
        );
        assert!(
            patch_ops(schema, &prior, &prior).is_empty(),
            "no change, no operation"
        );
    }

    #[test]
    fn method_booleans_scopes_and_unset_values() {
        let schema = gantry_schema::resource_type("aws_api_gateway_method").unwrap();
        let prior = obj(&[
            ("api_key_required", Value::Bool(false)),
            ("operation_name", Value::string("listOrders")),
            (
                "authorization_scopes",
                Value::set(vec![Value::string("a"), Value::string("b")]),
            ),
            (
                "request_parameters",
                Value::Map(
                    BTreeMap::from([("method.request.path.id".to_string(), Value::Bool(true))])
                        .into(),
                ),
            ),
        ]);
        let planned = obj(&[
            ("api_key_required", Value::Bool(true)),
            ("operation_name", Value::Null),
            (
                "authorization_scopes",
                Value::set(vec![Value::string("b"), Value::string("c")]),
            ),
            (
                "request_parameters",
                Value::Map(
                    BTreeMap::from([("method.request.path.id".to_string(), Value::Bool(false))])
                        .into(),
                ),
            ),
        ]);
        assert_eq!(
            patch_ops(schema, &prior, &planned),
            [
                op(Op::Remove, "/authorizationScopes", Some("a")),
                op(Op::Add, "/authorizationScopes", Some("c")),
                op(Op::Replace, "/apiKeyRequired", Some("true")),
                op(Op::Replace, "/operationName", None),
                op(
                    Op::Replace,
                    "/requestParameters/method.request.path.id",
                    Some("false")
                ),
            ]
        );
    }

    #[test]
    fn escaping_round_trips() {
        for k in ["application/json", "a~b/c", "~1", "plain"] {
            assert_eq!(unescape(&escape(k)), k);
        }
        assert_eq!(escape("a~1/b"), "a~01~1b");
    }

    #[test]
    fn nested_blocks_and_escaping() {
        let schema = gantry_schema::resource_type("aws_api_gateway_rest_api").unwrap();
        let ec = |t: &str| {
            Value::List(
                vec![obj(&[(
                    "types",
                    Value::List(vec![Value::string(t)].into()),
                )])]
                .into(),
            )
        };
        let prior = obj(&[
            ("endpoint_configuration", ec("EDGE")),
            (
                "binary_media_types",
                Value::List(vec![Value::string("image/png")].into()),
            ),
        ]);
        let planned = obj(&[
            ("endpoint_configuration", ec("REGIONAL")),
            (
                "binary_media_types",
                Value::List(vec![Value::string("application/x~y")].into()),
            ),
        ]);
        assert_eq!(
            patch_ops(schema, &prior, &planned),
            [
                op(Op::Remove, "/binaryMediaTypes/image~1png", None),
                op(Op::Add, "/binaryMediaTypes/application~1x~0y", None),
                op(
                    Op::Replace,
                    "/endpointConfiguration/types/0",
                    Some("REGIONAL")
                ),
            ]
        );
    }
}
