//! Resource objects between the evaluator's [`Value`] and tfstate v4's
//! JSON, guided by the resource type's table: the one place instance
//! attributes are encoded and decoded (reading and writing the state file
//! and the journal).
//!
//! Dynamic attributes (`terraform_data.input`) are stored as Terraform
//! stores them, `{"value": ..., "type": <cty type>}`. gantry does not keep
//! object and map (or tuple and list) apart, so it writes the types an
//! HCL literal has in Terraform — object and tuple — which is what
//! `terraform_data` inputs nearly always are.

use std::collections::BTreeMap;

use gantry_config::types::Type;
use gantry_config::value::Value;
use gantry_schema::{AttrType, BlockType, ResourceType};
use serde_json::{json, Map, Value as Json};

/// The full object a resource instance stores: every attribute of the
/// table (null when unset) and every nested block type (a list).
pub fn to_state(schema: &ResourceType, v: &Value) -> (Map<String, Json>, Vec<Json>) {
    let ordered;
    let v = if has_sets(schema.blocks) {
        let mut x = v.clone();
        order_sets(schema.blocks, &mut x);
        ordered = x;
        &ordered
    } else {
        v
    };
    let mut attrs = BTreeMap::new();
    let mut sensitive = Vec::new();
    let empty = BTreeMap::new();
    let fields = match v.unmark().0 {
        Value::Map(m) => m,
        _ => &empty,
    };
    for a in schema.attributes {
        let value = fields.get(a.name).unwrap_or(&Value::Null);
        let mut path = vec![json!({"type": "get_attr", "value": a.name})];
        if a.sensitive && !value.is_sensitive() {
            sensitive.push(Json::Array(path.clone()));
        }
        // Maps of a dynamic value are objects (see the module docs).
        let objects = a.ty == AttrType::Dynamic;
        mark_paths(value, objects, &mut path, &mut sensitive);
        let j = match a.ty {
            AttrType::Dynamic => dynamic_to_json(value),
            _ => value.to_json(),
        };
        attrs.insert(a.name.to_string(), j);
    }
    for b in schema.blocks {
        let value = fields.get(b.name).unwrap_or(&Value::Null);
        let mut path = vec![json!({"type": "get_attr", "value": b.name})];
        mark_paths(value, true, &mut path, &mut sensitive);
        attrs.insert(b.name.to_string(), block_json(b, value.to_json()));
    }
    (attrs.into_iter().collect(), sensitive)
}

/// The paths of the sensitive marks inside `v`, as tfstate v4 writes them
/// (Terraform's `cty.Path` JSON): `get_attr` for an object's attribute,
/// `index` with a typed key for a map key or a list index. A mark covers
/// everything under it, so nothing inside a marked value is listed again.
fn mark_paths(v: &Value, objects: bool, path: &mut Vec<Json>, out: &mut Vec<Json>) {
    match v {
        Value::Sensitive(_) => out.push(Json::Array(path.clone())),
        Value::Map(m) => {
            for (k, item) in m {
                path.push(if objects {
                    json!({"type": "get_attr", "value": k})
                } else {
                    json!({"type": "index", "value": {"value": k, "type": "string"}})
                });
                mark_paths(item, objects, path, out);
                path.pop();
            }
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(json!({"type": "index", "value": {"value": i, "type": "number"}}));
                mark_paths(item, objects, path, out);
                path.pop();
            }
        }
        // A set element is not addressable: a mark inside marks the set.
        Value::Set(items) if items.iter().any(Value::has_marks) => {
            out.push(Json::Array(path.clone()))
        }
        _ => {}
    }
}

/// `v` with the sensitive marks of tfstate's `sensitive_attributes` paths.
pub fn apply_marks(v: Value, paths: &[Json]) -> Value {
    paths.iter().fold(v, |v, p| match p.as_array() {
        Some(steps) => mark_at(v, steps),
        None => v,
    })
}

fn mark_at(v: Value, steps: &[Json]) -> Value {
    let Some((step, rest)) = steps.split_first() else {
        return Value::sensitive(v);
    };
    // What the step names: an attribute or string key, or a list index.
    let key = match (step["type"].as_str(), &step["value"]) {
        (Some("get_attr"), Json::String(k)) => Some(Err(k.clone())),
        (Some("index"), idx) => match (&idx["value"], idx["type"].as_str()) {
            (Json::String(k), _) => Some(Err(k.clone())),
            (Json::Number(n), _) => n.as_u64().map(|i| Ok(i as usize)),
            _ => None,
        },
        _ => None,
    };
    match (v, key) {
        (Value::Sensitive(inner), _) => Value::Sensitive(inner),
        (Value::Map(mut m), Some(Err(k))) => {
            if let Some(item) = m.remove(&k) {
                m.insert(k, mark_at(item, rest));
            }
            Value::Map(m)
        }
        (Value::List(mut items), Some(Ok(i))) if i < items.len() => {
            let item = std::mem::replace(&mut items[i], Value::Null);
            items[i] = mark_at(item, rest);
            Value::List(items)
        }
        (other, _) => other,
    }
}

fn has_sets(blocks: &[BlockType]) -> bool {
    blocks.iter().any(|b| b.set || has_sets(b.blocks))
}

/// Puts the items of every set block of `v` (at any depth) in Terraform's
/// order for sets, without duplicates, as a provider's set comes back
/// whatever order it was built in.
pub fn order_sets(blocks: &[BlockType], v: &mut Value) {
    let Value::Map(fields) = v else { return };
    for b in blocks {
        if let Some(items) = fields.get_mut(b.name) {
            order_block(b, items);
        }
    }
}

/// The items of one block, ordered as [`order_sets`] does.
pub fn order_block(b: &BlockType, v: &mut Value) {
    let Value::List(items) = v else { return };
    for item in items.iter_mut() {
        order_sets(b.blocks, item);
    }
    if b.set {
        if let Value::Set(sorted) = Value::set(std::mem::take(items)) {
            *items = sorted;
        }
    }
}

/// The object a state instance describes.
pub fn from_state(schema: &ResourceType, attrs: &Map<String, Json>) -> Value {
    let mut out = BTreeMap::new();
    for a in schema.attributes {
        let j = attrs.get(a.name).unwrap_or(&Json::Null);
        let v = match a.ty {
            AttrType::Dynamic => dynamic_from_json(j),
            AttrType::SetOfString => match Value::from_json(j) {
                Value::List(items) => Value::set(items.items),
                other => other,
            },
            // Lists and maps as the schema types them, so that
            // `aws_x.y.tags` is a map(string) as in Terraform.
            ty => {
                let v = Value::from_json(j);
                gantry_config::types::convert(&v, &ty.to_type()).unwrap_or(v)
            }
        };
        out.insert(a.name.to_string(), v);
    }
    for b in schema.blocks {
        out.insert(b.name.to_string(), block_value(b, attrs.get(b.name)));
    }
    Value::Map(out.into())
}

/// A nested block's items as state stores them: no items is `[]`, at any
/// depth.
fn block_json(b: &BlockType, j: Json) -> Json {
    match j {
        Json::Null => Json::Array(Vec::new()),
        Json::Array(items) => Json::Array(
            items
                .into_iter()
                .map(|item| match item {
                    Json::Object(mut o) => {
                        for nb in b.blocks {
                            let v = o.remove(nb.name).unwrap_or(Json::Null);
                            o.insert(nb.name.to_string(), block_json(nb, v));
                        }
                        Json::Object(o)
                    }
                    other => other,
                })
                .collect(),
        ),
        other => other,
    }
}

/// The reverse of [`block_json`]: `[]` is no items (null).
fn block_value(b: &BlockType, j: Option<&Json>) -> Value {
    let v = block_items(b, j);
    // A block of any number of items is a list of objects in Terraform.
    if b.set {
        v
    } else {
        gantry_config::types::as_list(v)
    }
}

fn block_items(b: &BlockType, j: Option<&Json>) -> Value {
    match j {
        None | Some(Json::Null) => Value::Null,
        Some(Json::Array(items)) if items.is_empty() => Value::Null,
        Some(Json::Array(items)) if !b.blocks.is_empty() => Value::List(
            items
                .iter()
                .map(|item| match item {
                    Json::Object(o) => {
                        let mut m: BTreeMap<String, Value> = o
                            .iter()
                            .filter(|(k, _)| !b.blocks.iter().any(|nb| nb.name == k.as_str()))
                            .map(|(k, v)| (k.clone(), Value::from_json(v)))
                            .collect();
                        for nb in b.blocks {
                            m.insert(nb.name.to_string(), block_value(nb, o.get(nb.name)));
                        }
                        Value::Map(m.into())
                    }
                    other => Value::from_json(other),
                })
                .collect(),
        ),
        Some(j) => Value::from_json(j),
    }
}

fn dynamic_to_json(v: &Value) -> Json {
    let plain = v.unmark().0;
    if plain.is_null() {
        return Json::Null;
    }
    json!({"value": plain.to_json(), "type": cty_type(plain)})
}

fn dynamic_from_json(j: &Json) -> Value {
    match j {
        Json::Object(o) if o.contains_key("value") && o.contains_key("type") => {
            typed_from_json(&o["value"], &o["type"])
        }
        Json::Null => Value::Null,
        other => Value::from_json(other),
    }
}

/// A JSON value read back with its cty type: sets come back as sets,
/// lists as lists and maps as maps, each with its element type.
pub fn typed_from_json(j: &Json, ty: &Json) -> Value {
    let t = type_from_json(ty);
    let v = Value::from_json(j);
    if t == Type::Any {
        return v;
    }
    gantry_config::types::convert(&v, &t).unwrap_or(v)
}

/// A cty type from its JSON form (`"string"`, `["list","string"]`,
/// `["object",{"a":"number"}]` …); anything else is `dynamic`.
pub fn type_from_json(ty: &Json) -> Type {
    match ty {
        Json::String(s) => match s.as_str() {
            "string" => Type::String,
            "number" => Type::Number,
            "bool" => Type::Bool,
            _ => Type::Any,
        },
        Json::Array(parts) => match (parts.first().and_then(Json::as_str), parts.get(1)) {
            (Some("list"), Some(e)) => Type::List(Box::new(type_from_json(e))),
            (Some("set"), Some(e)) => Type::Set(Box::new(type_from_json(e))),
            (Some("map"), Some(e)) => Type::Map(Box::new(type_from_json(e))),
            (Some("tuple"), Some(Json::Array(ts))) => {
                Type::Tuple(ts.iter().map(type_from_json).collect())
            }
            (Some("object"), Some(Json::Object(attrs))) => Type::Object(
                attrs
                    .iter()
                    .map(|(k, t)| (k.clone(), type_from_json(t)))
                    .collect(),
                BTreeMap::new(),
            ),
            _ => Type::Any,
        },
        _ => Type::Any,
    }
}

/// The cty type JSON of a value: what Terraform records beside outputs
/// and dynamic attributes (`terraform_data`'s input).
pub fn cty_type(v: &Value) -> Json {
    type_json(&gantry_config::types::type_of(v))
}

fn type_json(t: &Type) -> Json {
    match t {
        Type::Any => json!("dynamic"),
        Type::String => json!("string"),
        Type::Number => json!("number"),
        Type::Bool => json!("bool"),
        Type::List(e) => json!(["list", type_json(e)]),
        Type::Set(e) => json!(["set", type_json(e)]),
        Type::Map(e) => json!(["map", type_json(e)]),
        Type::Tuple(ts) => json!(["tuple", ts.iter().map(type_json).collect::<Vec<_>>()]),
        Type::Object(attrs, _) => {
            let fields: Map<String, Json> = attrs
                .iter()
                .map(|(k, t)| (k.clone(), type_json(t)))
                .collect();
            json!(["object", fields])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_values_keep_their_types_through_state() {
        let schema = gantry_schema::resource_type("terraform_data").unwrap();
        let input = Value::Map(
            BTreeMap::from([
                ("s".to_string(), Value::string("x")),
                (
                    "l".to_string(),
                    Value::List(vec![Value::Number(1.into())].into()),
                ),
                (
                    "t".to_string(),
                    Value::set(vec![Value::string("b"), Value::string("a")]),
                ),
            ])
            .into(),
        );
        let obj = Value::Map(
            BTreeMap::from([
                ("id".to_string(), Value::string("i")),
                ("input".to_string(), input.clone()),
            ])
            .into(),
        );
        let (attrs, _) = to_state(schema, &obj);
        assert_eq!(
            attrs["input"]["type"],
            json!(["object", {"l": ["tuple", ["number"]], "s": "string", "t": ["set", "string"]}])
        );
        let Value::Map(back) = from_state(schema, &attrs) else {
            panic!("an object reads back as an object");
        };
        assert_eq!(back.get("input"), Some(&input));
        assert_eq!(back.get("output"), Some(&Value::Null));
    }
}
