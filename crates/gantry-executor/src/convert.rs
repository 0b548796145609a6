//! Resource objects between the evaluator's [`Value`] and tfstate's JSON,
//! guided by the resource type's table.
//!
//! Dynamic attributes (`terraform_data.input`) are stored as Terraform
//! stores them, `{"value": ..., "type": <cty type>}`. gantry does not keep
//! object and map (or tuple and list) apart, so it writes the types an
//! HCL literal has in Terraform — object and tuple — which is what
//! `terraform_data` inputs nearly always are.

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_schema::{AttrType, ResourceType};
use serde_json::{json, Map, Value as Json};

/// The full object a resource instance stores: every attribute of the
/// table (null when unset) and every nested block type (a list).
pub fn to_state(schema: &ResourceType, v: &Value) -> (Map<String, Json>, Vec<Json>) {
    let mut attrs = BTreeMap::new();
    let mut sensitive = Vec::new();
    let empty = BTreeMap::new();
    let fields = match v.unmark().0 {
        Value::Map(m) => m,
        _ => &empty,
    };
    for a in schema.attributes {
        let value = fields.get(a.name).unwrap_or(&Value::Null);
        if value.is_sensitive() || a.sensitive {
            sensitive.push(json!([{"type": "get_attr", "value": a.name}]));
        }
        let j = match a.ty {
            AttrType::Dynamic => dynamic_to_json(value),
            _ => value.to_json(),
        };
        attrs.insert(a.name.to_string(), j);
    }
    for b in schema.blocks {
        let value = fields.get(b.name).unwrap_or(&Value::Null);
        let j = match value.to_json() {
            Json::Null => Json::Array(Vec::new()),
            other => other,
        };
        attrs.insert(b.name.to_string(), j);
    }
    (attrs.into_iter().collect(), sensitive)
}

/// The object a state instance describes.
pub fn from_state(schema: &ResourceType, attrs: &Map<String, Json>) -> Value {
    let mut out = BTreeMap::new();
    for a in schema.attributes {
        let j = attrs.get(a.name).unwrap_or(&Json::Null);
        let v = match a.ty {
            AttrType::Dynamic => dynamic_from_json(j),
            AttrType::SetOfString => match Value::from_json(j) {
                Value::List(items) => Value::set(items),
                other => other,
            },
            _ => Value::from_json(j),
        };
        out.insert(a.name.to_string(), v);
    }
    for b in schema.blocks {
        let v = match attrs.get(b.name) {
            Some(Json::Array(items)) if items.is_empty() => Value::Null,
            Some(j) => Value::from_json(j),
            None => Value::Null,
        };
        out.insert(b.name.to_string(), v);
    }
    Value::Map(out)
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

/// A JSON value read back with its cty type, so sets come back as sets.
pub fn typed_from_json(j: &Json, ty: &Json) -> Value {
    match (ty, j) {
        (Json::Array(t), Json::Array(items)) if t.first() == Some(&json!("set")) => {
            let elem = t.get(1).cloned().unwrap_or(Json::Null);
            Value::set(items.iter().map(|i| typed_from_json(i, &elem)).collect())
        }
        (Json::Array(t), Json::Array(items)) if t.first() == Some(&json!("tuple")) => {
            let types = t
                .get(1)
                .and_then(|x| x.as_array())
                .cloned()
                .unwrap_or_default();
            Value::List(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| typed_from_json(x, types.get(i).unwrap_or(&Json::Null)))
                    .collect(),
            )
        }
        (Json::Array(t), Json::Array(items)) if t.first() == Some(&json!("list")) => {
            let elem = t.get(1).cloned().unwrap_or(Json::Null);
            Value::List(items.iter().map(|i| typed_from_json(i, &elem)).collect())
        }
        (Json::Array(t), Json::Object(o)) if t.first() == Some(&json!("object")) => {
            let types = t
                .get(1)
                .and_then(|x| x.as_object())
                .cloned()
                .unwrap_or_default();
            Value::Map(
                o.iter()
                    .map(|(k, x)| {
                        (
                            k.clone(),
                            typed_from_json(x, types.get(k).unwrap_or(&Json::Null)),
                        )
                    })
                    .collect(),
            )
        }
        (Json::Array(t), Json::Object(o)) if t.first() == Some(&json!("map")) => {
            let elem = t.get(1).cloned().unwrap_or(Json::Null);
            Value::Map(
                o.iter()
                    .map(|(k, x)| (k.clone(), typed_from_json(x, &elem)))
                    .collect(),
            )
        }
        _ => Value::from_json(j),
    }
}

/// The cty type JSON of a value as an HCL literal would have it.
pub fn cty_type(v: &Value) -> Json {
    match v.unmark().0 {
        Value::Null | Value::Unknown => json!("dynamic"),
        Value::Bool(_) => json!("bool"),
        Value::Number(_) => json!("number"),
        Value::String(_) => json!("string"),
        Value::List(items) => json!(["tuple", items.iter().map(cty_type).collect::<Vec<_>>()]),
        Value::Set(items) => {
            json!(["set", items.first().map_or(json!("dynamic"), cty_type)])
        }
        Value::Map(m) => {
            let fields: Map<String, Json> =
                m.iter().map(|(k, x)| (k.clone(), cty_type(x))).collect();
            json!(["object", fields])
        }
        Value::Sensitive(_) => json!("dynamic"),
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
        Value::List(items) => Value::List(items.iter().map(unmark_deep).collect()),
        Value::Set(items) => Value::Set(items.iter().map(unmark_deep).collect()),
        Value::Map(m) => Value::Map(m.iter().map(|(k, x)| (k.clone(), unmark_deep(x))).collect()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dynamic_values_keep_their_types_through_state() {
        let schema = gantry_schema::resource_type("terraform_data").unwrap();
        let input = Value::Map(BTreeMap::from([
            ("s".to_string(), Value::string("x")),
            ("l".to_string(), Value::List(vec![Value::Number(1.0)])),
            (
                "t".to_string(),
                Value::set(vec![Value::string("b"), Value::string("a")]),
            ),
        ]));
        let obj = Value::Map(BTreeMap::from([
            ("id".to_string(), Value::string("i")),
            ("input".to_string(), input.clone()),
        ]));
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
