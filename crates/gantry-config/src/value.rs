//! Values as Terraform's language sees them, plus two marks that matter for
//! planning: *unknown* (known only after apply) and *sensitive*.
//!
//! Numbers are [`Number`]s: Go big.Floats with Terraform's precision rules
//! and printing.

use std::collections::BTreeMap;
use std::fmt;

pub use crate::number::Number;
use crate::types::Type;

/// A value. Tuples and lists share one variant, as objects and maps do:
/// each carries its [`SeqKind`] or [`MapKind`], which Terraform shows
/// (`tolist([...])`, output types in state) and compares (`==`), while
/// planning compares contents only ([`Seq`]'s and [`Obj`]'s equality).
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    /// A null of a known type (a `type = string` variable left null, the
    /// null branch of a conditional whose other branch is a tuple), which
    /// the console prints as Terraform does (`tostring(null)`). It exists
    /// only inside the evaluator: [`crate::eval::Evaluator::eval`] hands
    /// out plain [`Value::Null`] (see [`Value::without_null_types`]).
    TypedNull(Box<Type>),
    /// Known only after apply.
    Unknown,
    Bool(bool),
    Number(Number),
    String(String),
    /// Tuples and lists.
    List(Seq),
    /// Sets: no duplicates, and (as in Terraform) a fixed order — build
    /// them with [`Value::set`]. The kind, when a list kind, is the
    /// element type; a tuple kind means it is taken from the elements.
    Set(Seq),
    /// Objects and maps, keys in lexical order as Terraform orders them.
    Map(Obj),
    /// A value marked sensitive (from a sensitive variable or attribute).
    Sensitive(Box<Value>),
}

/// A tuple (each element its own type: `[1, "a"]`, `for` expressions) or
/// a list (one element type: `tolist(...)`, a `list(string)` variable).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum SeqKind {
    #[default]
    Tuple,
    /// The element type (`Type::Any` when not known: `tolist([])` is
    /// `list(dynamic)`).
    List(Box<Type>),
}

/// An object (each attribute its own type) or a map (one element type).
#[derive(Debug, Clone, PartialEq, Default)]
pub enum MapKind {
    #[default]
    Object,
    Map(Box<Type>),
}

/// The elements of a tuple or list.
#[derive(Debug, Clone, Default)]
pub struct Seq {
    pub items: Vec<Value>,
    pub kind: SeqKind,
}

/// The attributes of an object, or the elements of a map.
#[derive(Debug, Clone, Default)]
pub struct Obj {
    pub entries: BTreeMap<String, Value>,
    pub kind: MapKind,
}

impl Seq {
    pub fn tuple(items: Vec<Value>) -> Seq {
        Seq {
            items,
            kind: SeqKind::Tuple,
        }
    }

    pub fn list(elem: Type, items: Vec<Value>) -> Seq {
        Seq {
            items,
            kind: SeqKind::List(Box::new(elem)),
        }
    }

    pub fn is_list(&self) -> bool {
        matches!(self.kind, SeqKind::List(_))
    }

    /// The same kind of sequence with each element mapped.
    pub fn map_items(&self, f: impl FnMut(&Value) -> Value) -> Seq {
        Seq {
            items: self.items.iter().map(f).collect(),
            kind: self.kind.clone(),
        }
    }
}

impl Obj {
    pub fn object(entries: BTreeMap<String, Value>) -> Obj {
        Obj {
            entries,
            kind: MapKind::Object,
        }
    }

    pub fn map(elem: Type, entries: BTreeMap<String, Value>) -> Obj {
        Obj {
            entries,
            kind: MapKind::Map(Box::new(elem)),
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, MapKind::Map(_))
    }

    /// The same kind of object or map with each value mapped.
    pub fn map_values(&self, mut f: impl FnMut(&Value) -> Value) -> Obj {
        Obj {
            entries: self
                .entries
                .iter()
                .map(|(k, v)| (k.clone(), f(v)))
                .collect(),
            kind: self.kind.clone(),
        }
    }
}

/// Contents only: a list and a tuple of the same elements are the same
/// planned value (state keeps no kinds for provider attributes).
impl PartialEq for Value {
    /// Structural equality; nulls are equal whatever their types.
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null | TypedNull(_), Null | TypedNull(_)) => true,
            (Unknown, Unknown) => true,
            (Bool(a), Bool(b)) => a == b,
            (Number(a), Number(b)) => a == b,
            (String(a), String(b)) => a == b,
            (List(a), List(b)) | (Set(a), Set(b)) => a == b,
            (Map(a), Map(b)) => a == b,
            (Sensitive(a), Sensitive(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for Seq {
    fn eq(&self, other: &Seq) -> bool {
        self.items == other.items
    }
}

impl PartialEq for Obj {
    fn eq(&self, other: &Obj) -> bool {
        self.entries == other.entries
    }
}

impl std::ops::Deref for Seq {
    type Target = Vec<Value>;
    fn deref(&self) -> &Vec<Value> {
        &self.items
    }
}

impl std::ops::DerefMut for Seq {
    fn deref_mut(&mut self) -> &mut Vec<Value> {
        &mut self.items
    }
}

impl std::ops::Deref for Obj {
    type Target = BTreeMap<String, Value>;
    fn deref(&self) -> &BTreeMap<String, Value> {
        &self.entries
    }
}

impl std::ops::DerefMut for Obj {
    fn deref_mut(&mut self) -> &mut BTreeMap<String, Value> {
        &mut self.entries
    }
}

impl From<Seq> for Vec<Value> {
    fn from(s: Seq) -> Vec<Value> {
        s.items
    }
}

/// A tuple.
impl From<Vec<Value>> for Seq {
    fn from(items: Vec<Value>) -> Seq {
        Seq::tuple(items)
    }
}

/// An object.
impl From<BTreeMap<String, Value>> for Obj {
    fn from(entries: BTreeMap<String, Value>) -> Obj {
        Obj::object(entries)
    }
}

/// An object.
impl<const N: usize> From<[(String, Value); N]> for Obj {
    fn from(entries: [(String, Value); N]) -> Obj {
        Obj::object(entries.into_iter().collect())
    }
}

impl FromIterator<Value> for Seq {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Seq {
        Seq::tuple(iter.into_iter().collect())
    }
}

impl FromIterator<(String, Value)> for Obj {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Obj {
        Obj::object(iter.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a Seq {
    type Item = &'a Value;
    type IntoIter = std::slice::Iter<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<'a> IntoIterator for &'a mut Seq {
    type Item = &'a mut Value;
    type IntoIter = std::slice::IterMut<'a, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter_mut()
    }
}

impl<'a> IntoIterator for &'a mut Obj {
    type Item = (&'a String, &'a mut Value);
    type IntoIter = std::collections::btree_map::IterMut<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter_mut()
    }
}

impl IntoIterator for Seq {
    type Item = Value;
    type IntoIter = std::vec::IntoIter<Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a> IntoIterator for &'a Obj {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl IntoIterator for Obj {
    type Item = (String, Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, Value>;
    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl Value {
    pub fn string(s: impl Into<String>) -> Value {
        Value::String(s.into())
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::List(Seq::tuple(items))
    }

    /// A list of `elem`-typed elements (converted by the caller).
    pub fn list(elem: Type, items: Vec<Value>) -> Value {
        Value::List(Seq::list(elem, items))
    }

    pub fn object(entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Obj::object(entries))
    }

    /// A map of `elem`-typed elements (converted by the caller).
    pub fn map(elem: Type, entries: BTreeMap<String, Value>) -> Value {
        Value::Map(Obj::map(elem, entries))
    }

    /// A set of `items`: duplicates dropped, ordered like Terraform orders
    /// set elements (strings lexically, numbers numerically, false < true).
    pub fn set(items: Vec<Value>) -> Value {
        let mut out: Vec<Value> = Vec::with_capacity(items.len());
        for i in items {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out.sort_by(set_order);
        Value::Set(out.into())
    }

    /// Elements of a list, tuple or set.
    pub fn elements(&self) -> Option<&[Value]> {
        match self.unmark().0 {
            Value::List(items) | Value::Set(items) => Some(items),
            _ => None,
        }
    }

    pub fn sensitive(v: Value) -> Value {
        match v {
            Value::Sensitive(_) => v,
            other => Value::Sensitive(Box::new(other)),
        }
    }

    /// The value without its sensitive mark, and whether it had one.
    pub fn unmark(&self) -> (&Value, bool) {
        match self {
            Value::Sensitive(inner) => (inner.unmark().0, true),
            v => (v, false),
        }
    }

    pub fn is_sensitive(&self) -> bool {
        matches!(self, Value::Sensitive(_))
    }

    /// True when this value or anything inside it is marked sensitive.
    pub fn has_marks(&self) -> bool {
        match self {
            Value::Sensitive(_) => true,
            Value::List(items) | Value::Set(items) => items.iter().any(Value::has_marks),
            Value::Map(m) => m.values().any(Value::has_marks),
            _ => false,
        }
    }

    /// The value with every typed null made a plain null: what leaves the
    /// evaluator. Cheap when there is none.
    pub fn without_null_types(self) -> Value {
        if !self.has_typed_null() {
            return self;
        }
        match self {
            Value::TypedNull(_) => Value::Null,
            Value::List(seq) => Value::List(seq.map_items(|v| v.clone().without_null_types())),
            Value::Set(seq) => Value::Set(seq.map_items(|v| v.clone().without_null_types())),
            Value::Map(obj) => Value::Map(obj.map_values(|v| v.clone().without_null_types())),
            Value::Sensitive(v) => Value::Sensitive(Box::new(v.without_null_types())),
            other => other,
        }
    }

    fn has_typed_null(&self) -> bool {
        match self {
            Value::TypedNull(_) => true,
            Value::Sensitive(v) => v.has_typed_null(),
            Value::List(items) | Value::Set(items) => items.iter().any(Value::has_typed_null),
            Value::Map(m) => m.values().any(Value::has_typed_null),
            _ => false,
        }
    }

    /// True when this value or anything inside it is unknown.
    pub fn is_wholly_known(&self) -> bool {
        match self {
            Value::Unknown => false,
            Value::Sensitive(v) => v.is_wholly_known(),
            Value::List(items) | Value::Set(items) => items.iter().all(Value::is_wholly_known),
            Value::Map(m) => m.values().all(Value::is_wholly_known),
            _ => true,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.unmark().0, Value::Unknown)
    }

    pub fn is_null(&self) -> bool {
        matches!(self.unmark().0, Value::Null | Value::TypedNull(_))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.unmark().0 {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// A whole number from an API or a count (64 bits, as cty's
    /// `NumberIntVal`).
    pub fn int(n: impl Into<i64>) -> Value {
        Value::Number(Number::from_i64(n.into()))
    }

    /// A float64 from an API (53 bits, as the provider's numbers); NaN,
    /// which has no number, is null.
    pub fn float(f: f64) -> Value {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }

    pub fn type_name(&self) -> &'static str {
        match self.unmark().0 {
            Value::Null | Value::TypedNull(_) => "null",
            Value::Unknown => "unknown",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::List(_) => "tuple",
            Value::Set(_) => "set",
            Value::Map(_) => "object",
            Value::Sensitive(_) => "sensitive",
        }
    }

    /// Terraform's string conversion of a primitive (`tostring`, template
    /// interpolation); `None` for collections, null and unknown.
    pub fn to_string_primitive(&self) -> Option<String> {
        match self.unmark().0 {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// Plain JSON, as `jsonencode` writes it (unknown and sensitive marks
    /// must have been dealt with by the caller; they encode as null).
    pub fn to_json(&self) -> serde_json::Value {
        match self.unmark().0 {
            Value::Null | Value::TypedNull(_) | Value::Unknown | Value::Sensitive(_) => {
                serde_json::Value::Null
            }
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_json(n),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) | Value::Set(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(m) => {
                serde_json::Value::Object(m.iter().map(|(k, v)| (k.clone(), v.to_json())).collect())
            }
        }
    }

    pub fn from_json(j: &serde_json::Value) -> Value {
        match j {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(number_from_json(n)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => Value::Map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

/// cty's order of set elements: strings lexically, numbers numerically,
/// false before true, unknown last; anything else (objects, lists) by the
/// bytes of cty's set hash key (see [`set_hash_key`]).
pub fn set_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a.unmark().0, b.unmark().0) {
        (Value::String(x), Value::String(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x.cmp_value(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Unknown, Value::Unknown) => Ordering::Equal,
        (Value::Unknown, _) => Ordering::Greater,
        (_, Value::Unknown) => Ordering::Less,
        (x, y) => set_hash_key(x).cmp(&set_hash_key(y)),
    }
}

/// The string cty builds to hash a set element (`appendSetHashBytes`):
/// `?` unknown, `~` null, numbers as Go's `big.Float` prints them, `T`/`F`,
/// strings Go-quoted, lists and sets `[e;…]`, objects `<v;…>` with values
/// in attribute-name order. gantry does not tell maps from objects; set
/// elements that are maps are rare (set blocks are objects), so maps are
/// keyed as objects.
pub fn set_hash_key(v: &Value) -> String {
    let mut out = String::new();
    append_set_hash(v, &mut out);
    out
}

fn append_set_hash(v: &Value, out: &mut String) {
    match v.unmark().0 {
        Value::Unknown => out.push('?'),
        Value::Null | Value::TypedNull(_) => out.push('~'),
        Value::Bool(b) => out.push(if *b { 'T' } else { 'F' }),
        Value::Number(n) => out.push_str(&n.text('g', Some(10))),
        Value::String(s) => go_quote(s, out),
        Value::List(items) | Value::Set(items) => {
            out.push('[');
            for i in items {
                append_set_hash(i, out);
                out.push(';');
            }
            out.push(']');
        }
        Value::Map(m) => {
            out.push('<');
            for x in m.values() {
                append_set_hash(x, out);
                out.push(';');
            }
            out.push('>');
        }
        Value::Sensitive(_) => unreachable!("unmarked above"),
    }
}

/// Go's `%q` of a string: printable characters as they are, `"` and `\`
/// escaped, control characters as Go escapes them.
fn go_quote(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn number_json(n: &Number) -> serde_json::Value {
    // cty writes a number as its printed form; arbitrary_precision keeps it.
    serde_json::from_str(&n.to_string()).unwrap_or(serde_json::Value::Null)
}

/// A JSON number as cty reads one: its text parsed at 512 bits.
pub fn number_from_json(n: &serde_json::Number) -> Number {
    Number::parse(&n.to_string()).unwrap_or_else(Number::zero)
}

impl fmt::Display for Value {
    /// Terraform console style, used in messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null | Value::TypedNull(_) => f.write_str("null"),
            Value::Unknown => f.write_str("(known after apply)"),
            Value::Sensitive(_) => f.write_str("(sensitive value)"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{}", serde_json::Value::String(s.clone())),
            Value::List(items) | Value::Set(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{v}")?;
                }
                f.write_str("]")
            }
            Value::Map(m) => {
                f.write_str("{")?;
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_terraform() {
        let n = |s: &str| Value::Number(Number::parse(s).unwrap()).to_string();
        assert_eq!(n("42"), "42");
        assert_eq!(n("1.5"), "1.5");
        assert_eq!(n("1e21"), "1000000000000000000000");
        assert_eq!(n("-0.25"), "-0.25");
    }

    #[test]
    fn json_of_large_whole_number_has_no_exponent() {
        assert_eq!(
            Value::Number(Number::parse("2e20").unwrap())
                .to_json()
                .to_string(),
            "200000000000000000000"
        );
    }

    fn rule(cidrs: &[&str], description: &str, port: i64, self_: bool) -> Value {
        let list = |xs: &[&str]| Value::List(xs.iter().map(|x| Value::string(*x)).collect());
        Value::Map(
            [
                ("cidr_blocks", list(cidrs)),
                ("description", Value::string(description)),
                ("from_port", Value::Number(port.into())),
                ("ipv6_cidr_blocks", list(&[])),
                ("prefix_list_ids", list(&[])),
                ("protocol", Value::string("tcp")),
                ("security_groups", Value::Set(vec![].into())),
                ("self", Value::Bool(self_)),
                ("to_port", Value::Number(port.into())),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        )
    }

    #[test]
    fn sets_of_objects_are_ordered_by_cty_hash_keys() {
        // Terraform 1.11 + provider 5.100 stored these two security group
        // rules in this order, whatever the configuration's.
        let cidr = rule(
            &["10.20.0.0/16", "10.30.0.0/16"],
            "TLS from VPC",
            443,
            false,
        );
        let own = rule(&[], "", 80, true);
        assert_eq!(
            Value::set(vec![own.clone(), cidr.clone()]),
            Value::Set(vec![cidr.clone(), own].into())
        );
        assert_eq!(
            set_hash_key(&cidr),
            r#"<["10.20.0.0/16";"10.30.0.0/16";];"TLS from VPC";443;[];[];"tcp";[];F;443;>"#
        );
    }

    #[test]
    fn numbers_in_set_keys_print_as_go_big_floats() {
        let key = |s: &str| set_hash_key(&Value::Number(Number::parse(s).unwrap()));
        assert_eq!(key("0"), "0");
        assert_eq!(key("-1"), "-1");
        assert_eq!(key("0.5"), "0.5");
        assert_eq!(key("1e21"), "1e+21");
        assert_eq!(key("12345678901"), "1.23456789e+10");
        let mut q = String::new();
        go_quote("a\"b\n\u{1}", &mut q);
        assert_eq!(q, r#""a\"b\n\x01""#);
    }
}
