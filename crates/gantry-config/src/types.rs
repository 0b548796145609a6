//! Type constraints (`variable "x" { type = map(string) }`) and Terraform's
//! implicit conversions between them.

use std::collections::BTreeMap;
use std::fmt;

pub use crate::unify::unify_types;

use crate::number::Number;
use crate::value::{MapKind, Obj, Seq, SeqKind, Value};

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

/// The type of a value as Terraform sees it: tuples and objects typed by
/// their elements, lists, sets and maps by their element type; null and
/// unknown values are `dynamic` ([`Type::Any`]).
pub fn type_of(v: &Value) -> Type {
    match v.unmark().0 {
        Value::Null | Value::Unknown | Value::Sensitive(_) => Type::Any,
        Value::TypedNull(t) => (**t).clone(),
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::String(_) => Type::String,
        Value::List(seq) => match &seq.kind {
            SeqKind::Tuple => Type::Tuple(seq.iter().map(type_of).collect()),
            SeqKind::List(elem) => Type::List(Box::new(element_type(elem, seq))),
        },
        Value::Set(seq) => {
            let elem = match &seq.kind {
                SeqKind::List(elem) => element_type(elem, seq),
                SeqKind::Tuple => common_type(seq),
            };
            Type::Set(Box::new(elem))
        }
        Value::Map(obj) => match &obj.kind {
            MapKind::Object => Type::Object(
                obj.iter().map(|(k, x)| (k.clone(), type_of(x))).collect(),
                BTreeMap::new(),
            ),
            MapKind::Map(elem) => Type::Map(Box::new(element_type(elem, obj.values()))),
        },
    }
}

/// A collection's recorded element type, or the elements' when it is
/// `dynamic`.
fn element_type<'a>(recorded: &Type, items: impl IntoIterator<Item = &'a Value>) -> Type {
    match recorded {
        Type::Any => common_type(items),
        t => t.clone(),
    }
}

/// The type of the first element that has one (`dynamic` when none does):
/// the element type of a collection whose elements were made alike.
pub fn common_type<'a>(items: impl IntoIterator<Item = &'a Value>) -> Type {
    items
        .into_iter()
        .map(type_of)
        .find(|t| *t != Type::Any)
        .unwrap_or(Type::Any)
}

impl Type {
    /// cty's friendly name, as Terraform's messages use it: `list of
    /// string`, `object`, `tuple`.
    pub fn friendly_name(&self) -> String {
        match self {
            Type::Any => "dynamic".into(),
            Type::String => "string".into(),
            Type::Number => "number".into(),
            Type::Bool => "bool".into(),
            Type::List(e) => format!("list of {}", e.friendly_name()),
            Type::Set(e) => format!("set of {}", e.friendly_name()),
            Type::Map(e) => format!("map of {}", e.friendly_name()),
            Type::Object(..) => "object".into(),
            Type::Tuple(_) => "tuple".into(),
        }
    }

    /// cty's `FriendlyNameForConstraint`: as [`Type::friendly_name`], with
    /// `any` element types named as a constraint (`list of any single
    /// type`), as conversion errors name what was required.
    pub fn constraint_name(&self) -> String {
        match self {
            Type::Any => "any type".into(),
            Type::List(e) | Type::Set(e) | Type::Map(e) if **e == Type::Any => {
                let kind = match self {
                    Type::List(_) => "list",
                    Type::Set(_) => "set",
                    _ => "map",
                };
                format!("{kind} of any single type")
            }
            Type::List(e) => format!("list of {}", e.constraint_name()),
            Type::Set(e) => format!("set of {}", e.constraint_name()),
            Type::Map(e) => format!("map of {}", e.constraint_name()),
            other => other.friendly_name(),
        }
    }

    /// True for object and tuple types (Terraform's structural types).
    pub fn is_structural(&self) -> bool {
        matches!(self, Type::Object(..) | Type::Tuple(_))
    }

    /// The type as `terraform console`'s `type()` prints it: `dynamic`
    /// for any, structural types one member per line, four spaces deep.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(0, &mut out);
        out
    }

    fn write_pretty(&self, indent: usize, out: &mut String) {
        let pad = |n: usize| "    ".repeat(n);
        match self {
            Type::Any => out.push_str("dynamic"),
            Type::String => out.push_str("string"),
            Type::Number => out.push_str("number"),
            Type::Bool => out.push_str("bool"),
            Type::List(e) | Type::Set(e) | Type::Map(e) => {
                out.push_str(match self {
                    Type::List(_) => "list(",
                    Type::Set(_) => "set(",
                    _ => "map(",
                });
                if e.is_structural() {
                    out.push('\n');
                    out.push_str(&pad(indent + 1));
                    e.write_pretty(indent + 1, out);
                    out.push_str(",\n");
                    out.push_str(&pad(indent));
                } else {
                    e.write_pretty(indent, out);
                }
                out.push(')');
            }
            Type::Object(attrs, _) if attrs.is_empty() => out.push_str("object({})"),
            Type::Object(attrs, _) => {
                out.push_str("object({\n");
                for (k, t) in attrs {
                    out.push_str(&pad(indent + 1));
                    out.push_str(k);
                    out.push_str(": ");
                    t.write_pretty(indent + 1, out);
                    out.push_str(",\n");
                }
                out.push_str(&pad(indent));
                out.push_str("})");
            }
            Type::Tuple(ts) if ts.is_empty() => out.push_str("tuple([])"),
            Type::Tuple(ts) => {
                out.push_str("tuple([\n");
                for t in ts {
                    out.push_str(&pad(indent + 1));
                    t.write_pretty(indent + 1, out);
                    out.push_str(",\n");
                }
                out.push_str(&pad(indent));
                out.push_str("])");
            }
        }
    }
}

/// `v` as a list whose element type is its elements' (a function's list
/// result); other values unchanged.
pub fn as_list(v: Value) -> Value {
    match v {
        Value::Sensitive(inner) => Value::sensitive(as_list(*inner)),
        Value::List(mut seq) => {
            seq.kind = SeqKind::List(Box::new(known_element(&seq.kind, seq.iter())));
            Value::List(seq)
        }
        Value::Set(mut seq) => {
            seq.kind = SeqKind::List(Box::new(known_element(&seq.kind, seq.iter())));
            Value::Set(seq)
        }
        other => other,
    }
}

/// The element type a list already records, else its elements'.
fn known_element<'a>(kind: &SeqKind, items: impl IntoIterator<Item = &'a Value>) -> Type {
    match kind {
        SeqKind::List(t) if **t != Type::Any => (**t).clone(),
        _ => common_type(items),
    }
}

/// `v` as a map whose element type is its elements'.
pub fn as_map(v: Value) -> Value {
    match v {
        Value::Sensitive(inner) => Value::sensitive(as_map(*inner)),
        Value::Map(mut obj) => {
            if let MapKind::Object = obj.kind {
                obj.kind = MapKind::Map(Box::new(common_type(obj.values())));
            }
            Value::Map(obj)
        }
        other => other,
    }
}

/// A null of type `t` (a plain null when `t` is `dynamic`), as go-cty's
/// `NullVal(t)`.
pub fn typed_null(t: &Type) -> Value {
    if *t == Type::Any {
        Value::Null
    } else {
        Value::TypedNull(Box::new(t.clone()))
    }
}

/// `v`, a value of type `t`, with its nulls typed by `t`: the null itself,
/// elements of a list, set or map of `t`'s element type, attributes by
/// `t`'s attribute types. What the console needs to print a null element
/// of a `list(object({ a = string }))` as `tostring(null)`.
pub fn type_nulls(v: Value, t: &Type) -> Value {
    if *t == Type::Any {
        return v;
    }
    match (v, t) {
        (Value::Null, t) => typed_null(t),
        (Value::Sensitive(inner), t) => Value::Sensitive(Box::new(type_nulls(*inner, t))),
        (Value::List(seq), Type::List(e) | Type::Set(e)) => Value::List(typed_items(seq, |_| e)),
        (Value::Set(seq), Type::List(e) | Type::Set(e)) => Value::Set(typed_items(seq, |_| e)),
        (Value::List(seq), Type::Tuple(types)) => {
            Value::List(typed_items(seq, |i| types.get(i).unwrap_or(&Type::Any)))
        }
        (Value::Map(mut obj), Type::Map(e)) => {
            for v in obj.entries.values_mut() {
                *v = type_nulls(std::mem::replace(v, Value::Null), e);
            }
            Value::Map(obj)
        }
        (Value::Map(mut obj), Type::Object(attrs, _)) => {
            for (k, v) in obj.entries.iter_mut() {
                if let Some(at) = attrs.get(k) {
                    *v = type_nulls(std::mem::replace(v, Value::Null), at);
                }
            }
            Value::Map(obj)
        }
        (v, _) => v,
    }
}

fn typed_items<'t>(mut seq: Seq, type_at: impl Fn(usize) -> &'t Type) -> Seq {
    for (i, v) in seq.items.iter_mut().enumerate() {
        *v = type_nulls(std::mem::replace(v, Value::Null), type_at(i));
    }
    seq
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
    if let Value::TypedNull(_) = v {
        // A null converts to any type; callers that keep the type say so
        // (see `typed_null`).
        return Ok(if *t == Type::Any {
            v.clone()
        } else {
            Value::Null
        });
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
            // cty's words (conversion_primitive.go).
            Value::String(s) => Number::parse(s)
                .map(Value::Number)
                .ok_or_else(|| "a number is required".to_string()),
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
                // `list(any)`: the elements' types unified, as Terraform
                // decides the element type (`[1, "a"]` is list(string)).
                let elem = &match **elem {
                    Type::Any => Box::new(unified(
                        items.iter(),
                        if matches!(t, Type::Set(_)) {
                            "set"
                        } else {
                            "list"
                        },
                    )?),
                    _ => elem.clone(),
                };
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(convert(item, elem).map_err(|e| format!("element {i}: {e}"))?);
                }
                Ok(if matches!(t, Type::Set(_)) {
                    match Value::set(out) {
                        Value::Set(mut seq) => {
                            seq.kind = SeqKind::List(elem.clone());
                            Value::Set(seq)
                        }
                        other => other,
                    }
                } else {
                    Value::List(Seq::list((**elem).clone(), out))
                })
            }
            _ => Err(format!("{} required", t.constraint_name())),
        },
        Type::Map(elem) => match v {
            Value::Map(m) => {
                let elem = &match **elem {
                    Type::Any => Box::new(unified(m.values(), "map")?),
                    _ => elem.clone(),
                };
                let mut out = BTreeMap::new();
                for (k, item) in m {
                    out.insert(
                        k.clone(),
                        convert(item, elem).map_err(|e| format!("element {k:?}: {e}"))?,
                    );
                }
                Ok(Value::Map(Obj::map((**elem).clone(), out)))
            }
            _ => Err(format!("{} required", t.constraint_name())),
        },
        Type::Object(attrs, optional) => match v {
            Value::Map(m) => {
                // Every missing attribute named at once, as cty does.
                let missing: Vec<&String> = attrs
                    .keys()
                    .filter(|k| !m.contains_key(*k) && !optional.contains_key(*k))
                    .collect();
                match missing.as_slice() {
                    [] => {}
                    [one] => return Err(format!("attribute {one:?} is required")),
                    [a, b] => return Err(format!("attributes {a:?} and {b:?} are required")),
                    [init @ .., last] => {
                        let init: Vec<String> = init.iter().map(|k| format!("{k:?}")).collect();
                        return Err(format!(
                            "attributes {}, and {last:?} are required",
                            init.join(", ")
                        ));
                    }
                }
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

/// The one type `items` can all convert to, or Terraform's complaint.
fn unified<'a>(items: impl Iterator<Item = &'a Value>, what: &str) -> Result<Type, String> {
    let types: Vec<Type> = items.map(type_of).collect();
    unify_types(&types).ok_or_else(|| format!("all {what} elements must have the same type"))
}

/// The chosen result of a conditional, of type `own`, converted to the
/// type go-cty unifies both results to: different primitives meet at
/// string (`true ? 1 : "a"` is `"1"`), a tuple meets a list as a list,
/// objects of different attributes as a map. Nulls and unknowns stay.
pub fn conform(picked: Value, own: &Type, unified: &Type) -> Value {
    if unified == own || *unified == Type::Any {
        return picked;
    }
    convert(&picked, unified).unwrap_or(picked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_follow_terraform() {
        assert_eq!(
            convert(&Value::Number(5.into()), &Type::String),
            Ok(Value::string("5"))
        );
        assert_eq!(
            convert(&Value::string("5"), &Type::Number),
            Ok(Value::Number(5.into()))
        );
        assert!(convert(&Value::string("0x10"), &Type::Number).is_err());
        assert!(convert(&Value::string(" 5"), &Type::Number).is_err());
        assert_eq!(
            convert(&Value::string("true"), &Type::Bool),
            Ok(Value::Bool(true))
        );
        assert!(convert(&Value::List(vec![].into()), &Type::String).is_err());
        let l = Value::List(vec![Value::string("a"), Value::Number(1.into())].into());
        assert_eq!(
            convert(&l, &Type::List(Box::new(Type::String))),
            Ok(Value::List(
                vec![Value::string("a"), Value::string("1")].into()
            ))
        );
    }
}
