//! Resource objects between the evaluator's [`Value`] and tfstate's JSON,
//! guided by the resource type's table.
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

/// `onto` with the sensitive marks `from` has at the same places: the
/// object a provider returned carries the marks of the planned object it
/// was made from (providers see values without marks).
pub fn copy_marks(from: &Value, onto: Value) -> Value {
    match (from, onto) {
        (Value::Sensitive(inner), onto) => Value::sensitive(copy_marks(inner, onto)),
        (Value::Map(f), Value::Map(mut o)) => {
            for (k, fv) in f {
                if let Some(ov) = o.remove(k) {
                    o.insert(k.clone(), copy_marks(fv, ov));
                }
            }
            Value::Map(o)
        }
        (Value::List(f), Value::List(o)) if f.len() == o.len() => {
            Value::List(f.iter().zip(o).map(|(fv, ov)| copy_marks(fv, ov)).collect())
        }
        (_, onto) => onto,
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

/// A current instance holding `value` (its marks become
/// `sensitive_attributes`), with no dependencies or lifecycle recorded yet.
pub fn instance_state(
    schema: &ResourceType,
    index_key: Option<gantry_state::IndexKey>,
    value: &Value,
) -> gantry_state::InstanceState {
    let (attributes, sensitive_attributes) = to_state(schema, value);
    gantry_state::InstanceState {
        index_key,
        status: None,
        deposed: None,
        schema_version: schema.schema_version,
        attributes,
        sensitive_attributes,
        private: None,
        dependencies: Vec::new(),
        create_before_destroy: false,
    }
}

/// A data source's instance as Terraform stores it: like a resource's,
/// except that a top-level block without items is null, not `[]` (the
/// computed ones are list attributes in the provider's schema, and stay
/// `[]`).
pub fn data_instance_state(
    schema: &ResourceType,
    index_key: Option<gantry_state::IndexKey>,
    value: &Value,
) -> gantry_state::InstanceState {
    let mut inst = instance_state(schema, index_key, value);
    for b in schema.blocks.iter().filter(|b| !b.computed) {
        if let Some(v) = inst.attributes.get_mut(b.name) {
            if v.as_array().is_some_and(|a| a.is_empty()) {
                *v = Json::Null;
            }
        }
    }
    inst
}

/// The object a state instance describes, with its sensitive marks.
pub fn instance_value(schema: &ResourceType, inst: &gantry_state::InstanceState) -> Value {
    apply_marks(
        from_state(schema, &inst.attributes),
        &inst.sensitive_attributes,
    )
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

/// Equal ignoring sensitivity marks; unknown equals nothing.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a.unmark().0, b.unmark().0) {
        (Value::Unknown, _) | (_, Value::Unknown) => false,
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        (x, y) => x == y,
    }
}

/// No change between a prior and a planned value: equal, or both null.
pub fn unchanged(a: &Value, b: &Value) -> bool {
    same(a, b) || (a.is_null() && b.is_null())
}

/// Removes sensitivity marks everywhere (what goes to a provider).
pub fn unmark_deep(v: &Value) -> Value {
    match v.unmark().0 {
        Value::List(items) => Value::List(items.map_items(unmark_deep)),
        Value::Set(items) => Value::Set(items.map_items(unmark_deep)),
        Value::Map(m) => Value::Map(m.map_values(unmark_deep)),
        other => other.clone(),
    }
}

/// `object.attr` of a resource object.
pub fn attr<'a>(v: &'a Value, name: &str) -> &'a Value {
    match v.unmark().0 {
        Value::Map(m) => m.get(name).unwrap_or(&Value::Null),
        _ => &Value::Null,
    }
}

/// The current (not deposed) objects of `state` whose type gantry knows,
/// as values: (resource, instance, value).
pub fn current_values(
    state: &gantry_state::State,
) -> impl Iterator<
    Item = (
        &gantry_state::ResourceState,
        &gantry_state::InstanceState,
        Value,
    ),
> {
    state.instances().filter_map(|(rs, inst)| {
        if inst.deposed.is_some() {
            return None;
        }
        let schema = match rs.mode.as_str() {
            "managed" => gantry_schema::resource_type(&rs.type_name),
            _ => gantry_schema::data_source(&rs.type_name),
        }?;
        Some((rs, inst, instance_value(schema, inst)))
    })
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
        let back = from_state(schema, &attrs);
        assert!(same(attr(&back, "input"), &input));
        assert_eq!(attr(&back, "output"), &Value::Null);
    }
}
