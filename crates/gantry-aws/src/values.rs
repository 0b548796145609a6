//! Reading a planned or prior object's arguments, and building the object
//! an API answer describes, so that resource modules read like the API.

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_schema::ResourceType;

/// A resource object (`Value::Map`) as the provider sees it: plain,
/// without sensitivity marks (the walk unmarks before calling).
#[derive(Debug, Clone, Copy)]
pub struct Args<'a>(pub &'a Value);

impl<'a> Args<'a> {
    pub fn get(&self, name: &str) -> &'a Value {
        match self.0.unmark().0 {
            Value::Map(m) => m.get(name).map(|v| v.unmark().0).unwrap_or(&Value::Null),
            _ => &Value::Null,
        }
    }

    /// A known, non-empty string argument; `None` when null, unknown or
    /// `""` (SDKv2's `GetOk`: the provider sends nothing for an empty
    /// string, and reads store `""` where the API has nothing).
    pub fn str(&self, name: &str) -> Option<&'a str> {
        self.get(name).as_str().filter(|s| !s.is_empty())
    }

    /// A string argument that must be there (identifying arguments).
    pub fn required(&self, name: &str) -> Result<&'a str, gantry_executor::ProviderError> {
        self.str(name).ok_or_else(|| {
            gantry_executor::ProviderError::new(
                format!("Missing value for {name}"),
                format!("The argument \"{name}\" has no known value, which the AWS API needs."),
            )
        })
    }

    pub fn number(&self, name: &str) -> Option<f64> {
        match self.get(name) {
            Value::Number(n) => Some(n.to_f64()),
            _ => None,
        }
    }

    pub fn int(&self, name: &str) -> Option<i32> {
        self.number(name).map(|n| n as i32)
    }

    pub fn bool(&self, name: &str) -> Option<bool> {
        match self.get(name) {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A list or set of strings; empty when null.
    pub fn strings(&self, name: &str) -> Vec<String> {
        self.get(name)
            .elements()
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.unmark().0.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A map argument with its values as strings (`true`/`false` for maps
    /// of bool); empty when null.
    pub fn map(&self, name: &str) -> BTreeMap<String, String> {
        match self.get(name) {
            Value::Map(m) => m
                .iter()
                .filter_map(|(k, v)| v.to_string_primitive().map(|s| (k.clone(), s)))
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// The first (only) object of a nested block.
    pub fn block(&self, name: &str) -> Option<Args<'a>> {
        match self.get(name) {
            Value::List(items) => items.first().map(Args),
            Value::Map(_) => Some(Args(self.get(name))),
            _ => None,
        }
    }
}

/// The object a resource instance will store, built from what the API
/// answered. Every attribute of the table is present (null when the API
/// says nothing), so state always holds the full object.
pub struct Object {
    schema: &'static ResourceType,
    fields: BTreeMap<String, Value>,
}

impl Object {
    /// Starts from `base` (the planned or prior object), so arguments the
    /// API does not echo (such as `body` or `filename`) keep their values.
    pub fn from(schema: &'static ResourceType, base: &Value) -> Object {
        let mut fields = BTreeMap::new();
        for a in schema.attributes {
            let v = Args(base).get(a.name).clone();
            // An unknown left over from planning means "not reported".
            fields.insert(
                a.name.to_string(),
                if v.is_unknown() { Value::Null } else { v },
            );
        }
        for b in schema.blocks {
            fields.insert(b.name.to_string(), Args(base).get(b.name).clone());
        }
        Object { schema, fields }
    }

    pub fn set(&mut self, name: &str, v: Value) -> &mut Object {
        debug_assert!(
            self.schema.attribute(name).is_some() || self.schema.block(name).is_some(),
            "{name} is not an attribute of {}",
            self.schema.name
        );
        self.fields.insert(name.to_string(), v);
        self
    }

    pub fn str(&mut self, name: &str, v: Option<impl Into<String>>) -> &mut Object {
        self.set(name, v.map_or(Value::Null, |s| Value::string(s)))
    }

    pub fn num(&mut self, name: &str, v: Option<f64>) -> &mut Object {
        self.set(name, v.map_or(Value::Null, Value::float))
    }

    pub fn bool(&mut self, name: &str, v: Option<bool>) -> &mut Object {
        self.set(name, v.map_or(Value::Null, Value::Bool))
    }

    /// A map the API returned. An empty answer stays null when the object
    /// had null: the API does not tell "unset" from "empty", and the
    /// configuration wrote nothing.
    pub fn map(&mut self, name: &str, v: Option<BTreeMap<String, Value>>) -> &mut Object {
        let v = match v {
            Some(m) if !m.is_empty() => Value::Map(m.into()),
            _ if self
                .fields
                .get(name)
                .is_some_and(|p| matches!(p, Value::Map(m) if m.is_empty())) =>
            {
                Value::Map(BTreeMap::new().into())
            }
            _ => Value::Null,
        };
        self.set(name, v)
    }

    pub fn string_map(
        &mut self,
        name: &str,
        v: Option<&std::collections::HashMap<String, String>>,
    ) -> &mut Object {
        self.map(
            name,
            v.map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), Value::string(v)))
                    .collect()
            }),
        )
    }

    /// A list the API returned; none is an empty list, as SDKv2 stores it
    /// (an unset argument plans no change against it: `crate::legacy`).
    pub fn list(&mut self, name: &str, items: Option<Vec<String>>) -> &mut Object {
        let items = items.unwrap_or_default();
        self.set(
            name,
            Value::List(items.into_iter().map(Value::string).collect()),
        )
    }

    /// A set the API returned; none (or an empty one) is null, as SDKv2
    /// stores an unset set (unlike a list: Terraform + provider 5.100 on
    /// the emulator store `authorization_scopes = null` and
    /// `binary_media_types = []`).
    pub fn set_of(&mut self, name: &str, items: Option<Vec<String>>) -> &mut Object {
        let v = match items {
            Some(i) if !i.is_empty() => Value::set(i.into_iter().map(Value::string).collect()),
            _ => Value::Null,
        };
        self.set(name, v)
    }

    /// A set the provider always writes: none is an empty set, stored as
    /// `[]` (Terraform 1.11 + provider 5.100: an NLB without security
    /// groups stores `security_groups = []`).
    pub fn set_always(&mut self, name: &str, items: Vec<String>) -> &mut Object {
        self.set(
            name,
            Value::set(items.into_iter().map(Value::string).collect()),
        )
    }

    pub fn build(self) -> Value {
        Value::Map(self.fields.into())
    }
}

/// One item of a nested block as SDKv2 stores what a provider's flatten
/// function built: an item with no field at all holds nulls, an item with
/// some fields holds zero values (`""`, `0`, `false`, `[]`) for the others.
/// (Terraform 1.11 + provider 5.100: a TCP target group stores
/// `stickiness = [{cookie_duration = 0, cookie_name = "", ...}]` but
/// `target_failover = [{on_deregistration = null, ...}]`.)
pub fn sdk_item(
    attributes: &[gantry_schema::Attribute],
    blocks: &[gantry_schema::BlockType],
    mut fields: BTreeMap<String, Value>,
) -> Value {
    use gantry_schema::AttrType;
    let empty = fields.is_empty();
    for a in attributes {
        fields.entry(a.name.to_string()).or_insert_with(|| {
            if empty {
                return Value::Null;
            }
            match a.ty {
                AttrType::String => Value::string(""),
                AttrType::Number => Value::int(0),
                AttrType::Bool => Value::Bool(false),
                AttrType::ListOfString => Value::List(Vec::new().into()),
                AttrType::SetOfString => Value::Set(Vec::new().into()),
                _ => Value::Map(BTreeMap::new().into()),
            }
        });
    }
    for b in blocks {
        fields
            .entry(b.name.to_string())
            .or_insert_with(|| Value::List(Vec::new().into()));
    }
    Value::Map(fields.into())
}

/// A time as the API answers it, in RFC 3339 (`2026-11-30T14:03:04Z`).
pub fn rfc3339(d: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    d.and_then(|d| d.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
}

/// A JSON document the API returned, kept as the configuration wrote it
/// when both mean the same (Terraform's "equivalent JSON" rule for
/// policies); otherwise the API's text.
pub fn equivalent_json(configured: Option<&str>, returned: &str) -> String {
    let parse = |s: &str| serde_json::from_str::<serde_json::Value>(s).ok();
    match configured {
        Some(c) if parse(c).is_some() && parse(c) == parse(returned) => c.to_string(),
        _ => returned.to_string(),
    }
}
