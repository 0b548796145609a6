//! Type constraints (`variable "x" { type = map(string) }`) and Terraform's
//! implicit conversions between them.

use std::collections::BTreeMap;
use std::fmt;

use crate::value::Value;

#[derive(Debug, Clone, PartialEq)]
pub enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    /// Attribute types, and those declared `optional(type, default)` with
    /// their default (`None` for no default: null).
    Object(BTreeMap<String, Type>, BTreeMap<String, Option<Value>>),
    Tuple(Vec<Type>),
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Object(attrs, _) => {
                f.write_str("object({")?;
                for (i, (k, t)) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}={t}")?;
                }
                f.write_str("})")
            }
            Type::Tuple(ts) => {
                f.write_str("tuple([")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
        }
    }
}

/// Converts `v` to type `t` as Terraform does on assignment: numbers and
/// bools convert to strings and back where the text allows; tuples become
/// lists or sets, objects become maps. The error says why, in Terraform's
/// words.
pub fn convert(v: &Value, t: &Type) -> Result<Value, String> {
    if let Value::Sensitive(inner) = v {
        return convert(inner, t).map(Value::sensitive);
    }
    if matches!(v, Value::Null | Value::Unknown) {
        return Ok(v.clone());
    }
    match t {
        Type::Any => Ok(v.clone()),
        Type::String => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Number(_) | Value::Bool(_) => {
                Ok(Value::String(v.to_string_primitive().unwrap_or_default()))
            }
            _ => Err("string required".into()),
        },
        Type::Number => match v {
            Value::Number(_) => Ok(v.clone()),
            Value::String(s) => parse_number(s).map(Value::Number).ok_or_else(|| {
                format!(
                    "a number is required, but {:?} cannot be converted to a number",
                    s
                )
            }),
            _ => Err("number required".into()),
        },
        Type::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::String(s) if s == "true" => Ok(Value::Bool(true)),
            Value::String(s) if s == "false" => Ok(Value::Bool(false)),
            Value::String(_) => Err("a bool is required".into()),
            _ => Err("bool required".into()),
        },
        Type::List(elem) | Type::Set(elem) => match v {
            Value::List(items) | Value::Set(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(convert(item, elem).map_err(|e| format!("element {i}: {e}"))?);
                }
                Ok(if matches!(t, Type::Set(_)) {
                    Value::set(out)
                } else {
                    Value::List(out.into())
                })
            }
            _ => Err(format!(
                "{} required",
                if matches!(t, Type::Set(_)) {
                    "set"
                } else {
                    "list"
                }
            )),
        },
        Type::Map(elem) => match v {
            Value::Map(m) => {
                let mut out = BTreeMap::new();
                for (k, item) in m {
                    out.insert(
                        k.clone(),
                        convert(item, elem).map_err(|e| format!("element {k:?}: {e}"))?,
                    );
                }
                Ok(Value::Map(out.into()))
            }
            _ => Err("map required".into()),
        },
        Type::Object(attrs, optional) => match v {
            Value::Map(m) => {
                let mut out = BTreeMap::new();
                for (k, at) in attrs {
                    // An optional attribute left out, or null, takes its
                    // default; the default's own nested defaults apply as
                    // it converts.
                    let given = m.get(k).filter(|item| !item.is_null());
                    let item = match (given, optional.get(k)) {
                        (Some(item), _) => item,
                        (None, Some(Some(default))) => default,
                        (None, Some(None)) => &Value::Null,
                        (None, None) if m.contains_key(k) => &Value::Null,
                        (None, None) => return Err(format!("attribute {k:?} is required")),
                    };
                    out.insert(
                        k.clone(),
                        convert(item, at).map_err(|e| format!("attribute {k:?}: {e}"))?,
                    );
                }
                Ok(Value::Map(out.into()))
            }
            _ => Err("object required".into()),
        },
        Type::Tuple(ts) => match v {
            Value::List(items) | Value::Set(items) if items.len() == ts.len() => items
                .iter()
                .zip(ts)
                .map(|(i, t)| convert(i, t))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::tuple),
            Value::List(items) => Err(format!(
                "tuple required with {} elements, got {}",
                ts.len(),
                items.len()
            )),
            _ => Err("tuple required".into()),
        },
    }
}

/// Terraform accepts only decimal notation: no hex, no surrounding space.
pub fn parse_number(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'))
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-' || c == '+' || c == '.');
    if !ok {
        return None;
    }
    s.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// The chosen result of a conditional (or `coalesce`) after go-cty's
/// unification with the other: two different primitive types meet at
/// string, so `true ? 1 : "a"` is `"1"`. Nulls and unknowns take the other's
/// type without changing.
pub fn unify_pair(picked: Value, other: &Value) -> Value {
    let primitive = |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
    let (p, sensitive) = picked.unmark();
    let (o, _) = other.unmark();
    if primitive(p) && primitive(o) && p.type_name() != o.type_name() {
        let s = Value::String(p.to_string_primitive().unwrap_or_default());
        return if sensitive { Value::sensitive(s) } else { s };
    }
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_follow_terraform() {
        assert_eq!(
            convert(&Value::Number(5.0), &Type::String),
            Ok(Value::string("5"))
        );
        assert_eq!(
            convert(&Value::string("5"), &Type::Number),
            Ok(Value::Number(5.0))
        );
        assert!(convert(&Value::string("0x10"), &Type::Number).is_err());
        assert!(convert(&Value::string(" 5"), &Type::Number).is_err());
        assert_eq!(
            convert(&Value::string("true"), &Type::Bool),
            Ok(Value::Bool(true))
        );
        assert!(convert(&Value::List(vec![].into()), &Type::String).is_err());
        let l = Value::List(vec![Value::string("a"), Value::Number(1.0)].into());
        assert_eq!(
            convert(&l, &Type::List(Box::new(Type::String))),
            Ok(Value::List(
                vec![Value::string("a"), Value::string("1")].into()
            ))
        );
    }
}
