//! The attributes of one object as state holds them in memory: a value,
//! decoded once when the state is read (or made by an apply), encoded only
//! when the state file or the journal is written. Terraform keeps the JSON
//! (`AttrsJSON`) and decodes it wherever a value is needed; gantry decodes
//! it once, with the table of the object's type.

use std::sync::Arc;

use gantry_addrs::Mode;
use gantry_config::value::Value;
use gantry_schema::ResourceType;
use serde_json::{Map, Value as Json};

use crate::codec;

/// An object's attributes.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// Decoded with the table of its type: the object expressions read,
    /// with its sensitive marks. Shared: a plan's prior value of the
    /// object is this value, not a copy.
    Decoded {
        value: Arc<Value>,
        /// What the table does not describe (attributes a newer provider
        /// wrote into a state gantry reads), as written, so that writing
        /// the state back loses nothing.
        extra: Raw,
    },
    /// An object of a type gantry has no table for, as written.
    Opaque(Raw),
}

/// Attributes as tfstate v4 writes them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Raw {
    pub attributes: Map<String, Json>,
    /// Paths (Terraform's `cty.Path` JSON) of the sensitive values.
    pub sensitive_attributes: Vec<Json>,
}

impl Object {
    /// An object made by gantry (planned, created, read): `value` in the
    /// form state gives it (every attribute of the table, null when unset;
    /// lists, maps and sets typed by the table; sets in order), with its
    /// marks.
    pub fn new(schema: &ResourceType, value: &Value) -> Object {
        let (attributes, sensitive) = codec::to_state(schema, value);
        Object::Decoded {
            value: Arc::new(codec::apply_marks(
                codec::from_state(schema, &attributes),
                &sensitive,
            )),
            extra: Raw::default(),
        }
    }

    /// The decoded value; `None` for a type gantry has no table for.
    pub fn value(&self) -> Option<&Value> {
        self.shared_value().map(|v| &**v)
    }

    /// [`Object::value`], to hold without copying it.
    pub fn shared_value(&self) -> Option<&Arc<Value>> {
        match self {
            Object::Decoded { value, .. } => Some(value),
            Object::Opaque(_) => None,
        }
    }

    /// The `id` attribute, when it is a string.
    pub fn id(&self) -> Option<&str> {
        match self {
            Object::Decoded { value, .. } => match value.unmark().0 {
                Value::Map(m) => m.get("id").and_then(|v| v.unmark().0.as_str()),
                _ => None,
            },
            Object::Opaque(raw) => raw.attributes.get("id").and_then(Json::as_str),
        }
    }

    /// Reads attributes as tfstate v4 writes them, with the table of the
    /// type when gantry has one.
    pub fn decode(mode: Mode, type_name: &str, raw: Raw) -> Object {
        let Some(schema) = gantry_schema::table_for(mode, type_name) else {
            return Object::Opaque(raw);
        };
        let value = codec::apply_marks(
            codec::from_state(schema, &raw.attributes),
            &raw.sensitive_attributes,
        );
        let described = |name: &str| {
            schema.attributes.iter().any(|a| a.name == name)
                || schema.blocks.iter().any(|b| b.name == name)
        };
        let attributes: Map<String, Json> = raw
            .attributes
            .into_iter()
            .filter(|(k, _)| !described(k))
            .collect();
        let sensitive_attributes = raw
            .sensitive_attributes
            .into_iter()
            .filter(|p| {
                p.get(0)
                    .and_then(|step| step["value"].as_str())
                    .is_some_and(|name| attributes.contains_key(name))
            })
            .collect();
        Object::Decoded {
            value: Arc::new(value),
            extra: Raw {
                attributes,
                sensitive_attributes,
            },
        }
    }

    /// The attributes as tfstate v4 writes them. A data source's top-level
    /// block without items is null, not `[]`, as Terraform stores it (the
    /// computed ones are list attributes in the provider's schema, and
    /// stay `[]`).
    pub fn encode(&self, mode: Mode, type_name: &str) -> Raw {
        let (value, extra) = match self {
            Object::Opaque(raw) => return raw.clone(),
            Object::Decoded { value, extra } => (value, extra),
        };
        let Some(schema) = gantry_schema::table_for(mode, type_name) else {
            // Decoded with a table this build does not have: cannot be
            // (objects are decoded with the same tables they are written
            // with); written as plain JSON rather than lost.
            let mut raw = extra.clone();
            if let Json::Object(m) = value.unmark().0.to_json() {
                raw.attributes.extend(m);
            }
            return raw;
        };
        let (mut attributes, mut sensitive_attributes) = codec::to_state(schema, value);
        if mode == Mode::Data {
            for b in schema.blocks.iter().filter(|b| !b.computed) {
                if let Some(v) = attributes.get_mut(b.name) {
                    if v.as_array().is_some_and(|a| a.is_empty()) {
                        *v = Json::Null;
                    }
                }
            }
        }
        if !extra.attributes.is_empty() {
            // In the order of their names, as Terraform writes them.
            let mut all: std::collections::BTreeMap<String, Json> =
                std::mem::take(&mut attributes).into_iter().collect();
            for (k, v) in &extra.attributes {
                all.entry(k.clone()).or_insert_with(|| v.clone());
            }
            attributes = all.into_iter().collect();
        }
        sensitive_attributes.extend(extra.sensitive_attributes.iter().cloned());
        Raw {
            attributes,
            sensitive_attributes,
        }
    }
}
