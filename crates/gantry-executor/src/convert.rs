//! Resource objects as values: comparing them, their sensitive marks, and
//! the objects of a state. (Encoding them as tfstate JSON is
//! `gantry_state::codec`'s, at the edge.)

use gantry_config::value::Value;

pub use gantry_state::codec::{cty_type, order_block, order_sets, typed_from_json};

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

/// The object a state instance holds, with its sensitive marks; null for
/// an object of a type gantry has no table for.
pub fn instance_value(inst: &gantry_state::InstanceState) -> Value {
    inst.object.value().cloned().unwrap_or(Value::Null)
}

/// [`instance_value`], shared with the state instead of copied.
pub fn shared_instance_value(inst: &gantry_state::InstanceState) -> std::sync::Arc<Value> {
    inst.object
        .shared_value()
        .cloned()
        .unwrap_or_else(|| std::sync::Arc::new(Value::Null))
}

/// Equal ignoring sensitivity marks; unknown equals nothing.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a.unmark().0, b.unmark().0) {
        (Value::Unknown, _) | (_, Value::Unknown) => false,
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        // An empty set written `[]`, or filled in as an empty list (an
        // unset collection inside a block item): nothing either way.
        (Value::List(x), Value::Set(y)) | (Value::Set(x), Value::List(y))
            if x.is_empty() && y.is_empty() =>
        {
            true
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
        &Value,
    ),
> {
    state.instances().filter_map(|(rs, inst)| {
        if inst.deposed.is_some() {
            return None;
        }
        Some((rs, inst, inst.object.value()?))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `security_groups = []` in a rule (a set) against the rule read
    /// back: no change, where it used to plan `[] -> []` forever.
    #[test]
    fn an_empty_set_is_the_same_as_an_empty_list() {
        let empty_set = Value::set(Vec::new());
        let empty_list = Value::List(Vec::new().into());
        assert!(same(&empty_set, &empty_list) && same(&empty_list, &empty_set));
        let one = Value::set(vec![Value::string("sg-1")]);
        assert!(!same(&one, &empty_list));
        assert!(!same(
            &Value::List(vec![Value::string("sg-1")].into()),
            &one
        ));
    }
}
