//! Type constraints (`variable "x" { type = map(string) }`) and Terraform's
//! implicit conversions between them.

use std::collections::BTreeMap;
use std::fmt;

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
            let elem = common_type(obj.values());
            obj.kind = MapKind::Map(Box::new(elem));
            Value::Map(obj)
        }
        other => other,
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
            Value::String(s) => Number::parse(s).map(Value::Number).ok_or_else(|| {
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

/// The one type `items` can all convert to, or Terraform's complaint.
fn unified<'a>(items: impl Iterator<Item = &'a Value>, what: &str) -> Result<Type, String> {
    let types: Vec<Type> = items.map(type_of).collect();
    unify_types(&types).ok_or_else(|| format!("all {what} elements must have the same type"))
}

/// go-cty's type unification: the one type every one of `types` converts
/// to (`dynamic` ones aside), if there is one. Mixed primitives meet at
/// string; objects of the same attributes unify attribute-wise, of
/// different attributes as a map; tuples of one length element-wise,
/// otherwise as a list; lists, sets and maps by their elements.
pub fn unify_types(types: &[Type]) -> Option<Type> {
    let known: Vec<&Type> = types.iter().filter(|t| **t != Type::Any).collect();
    let Some(first) = known.first() else {
        return Some(Type::Any);
    };
    if known.iter().all(|t| t == first) {
        return Some((*first).clone());
    }
    let primitive = |t: &Type| matches!(t, Type::String | Type::Number | Type::Bool);
    if known.iter().all(|t| primitive(t)) {
        return Some(Type::String);
    }
    let elements_of = |t: &Type| -> Option<Vec<Type>> {
        match t {
            Type::List(e) | Type::Set(e) => Some(vec![(**e).clone()]),
            Type::Tuple(ts) => Some(ts.clone()),
            _ => None,
        }
    };
    if known.iter().all(|t| matches!(t, Type::Tuple(_))) {
        let lengths: Vec<usize> = known
            .iter()
            .map(|t| match t {
                Type::Tuple(ts) => ts.len(),
                _ => 0,
            })
            .collect();
        if lengths.iter().all(|l| *l == lengths[0]) {
            let mut out = Vec::new();
            for i in 0..lengths[0] {
                let column: Vec<Type> = known
                    .iter()
                    .map(|t| match t {
                        Type::Tuple(ts) => ts[i].clone(),
                        _ => Type::Any,
                    })
                    .collect();
                out.push(unify_types(&column)?);
            }
            return Some(Type::Tuple(out));
        }
    }
    if known.iter().all(|t| elements_of(t).is_some()) {
        let all: Vec<Type> = known
            .iter()
            .filter_map(|t| elements_of(t))
            .flatten()
            .collect();
        let elem = unify_types(&all)?;
        return Some(if known.iter().all(|t| matches!(t, Type::Set(_))) {
            Type::Set(Box::new(elem))
        } else {
            Type::List(Box::new(elem))
        });
    }
    fn attrs_of(t: &Type) -> Option<&BTreeMap<String, Type>> {
        match t {
            Type::Object(a, _) => Some(a),
            _ => None,
        }
    }
    if known.iter().all(|t| matches!(t, Type::Object(..))) {
        let first_keys: Vec<&String> = attrs_of(first)
            .map(|a| a.keys().collect())
            .unwrap_or_default();
        let same_keys = known
            .iter()
            .all(|t| attrs_of(t).is_some_and(|a| a.keys().eq(first_keys.iter().copied())));
        if same_keys {
            let mut out = BTreeMap::new();
            for k in &first_keys {
                let column: Vec<Type> = known
                    .iter()
                    .map(|t| {
                        attrs_of(t)
                            .and_then(|a| a.get(*k).cloned())
                            .unwrap_or(Type::Any)
                    })
                    .collect();
                out.insert((*k).clone(), unify_types(&column)?);
            }
            return Some(Type::Object(out, BTreeMap::new()));
        }
    }
    if known
        .iter()
        .all(|t| matches!(t, Type::Object(..) | Type::Map(_)))
    {
        let all: Vec<Type> = known
            .iter()
            .flat_map(|t| match t {
                Type::Object(a, _) => a.values().cloned().collect::<Vec<_>>(),
                Type::Map(e) => vec![(**e).clone()],
                _ => Vec::new(),
            })
            .collect();
        return Some(Type::Map(Box::new(unify_types(&all)?)));
    }
    None
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
