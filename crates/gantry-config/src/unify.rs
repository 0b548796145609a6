//! go-cty's type unification (`convert.UnifyUnsafe`, which HCL's
//! conditionals and Terraform's `tolist`/`toset`/`tomap`/`coalesce` use):
//! the one type a set of types all convert to, found exactly as go-cty
//! finds it, so that gantry accepts and rejects what Terraform does
//! (`true ? 1 : "a"` is a string, `tolist([1, true])` is an error).

use std::collections::BTreeMap;

use crate::types::Type;

/// The type every one of `types` converts to, if there is one. No types
/// unify to `any`, as an empty collection's elements do.
pub fn unify_types(types: &[Type]) -> Option<Type> {
    if types.is_empty() {
        return Some(Type::Any);
    }
    unify(types)
}

/// Structural kinds first: all maps, maps with objects, all lists, lists
/// with tuples, all sets, all objects, all tuples may unify to a type none
/// of them is. Otherwise the most general of the given types that the
/// others convert to.
fn unify(types: &[Type]) -> Option<Type> {
    if types.is_empty() {
        return None;
    }
    let count = |f: fn(&Type) -> bool| types.iter().filter(|t| f(t)).count();
    let maps = count(|t| matches!(t, Type::Map(_)));
    let lists = count(|t| matches!(t, Type::List(_)));
    let sets = count(|t| matches!(t, Type::Set(_)));
    let objects = count(|t| matches!(t, Type::Object(..)));
    let tuples = count(|t| matches!(t, Type::Tuple(_)));
    let dynamic = count(|t| matches!(t, Type::Any));
    let n = types.len();
    // go-cty's switch: the first matching case decides, and a case that
    // does not return falls to the general search below.
    if maps > 0 && maps + dynamic == n {
        return unify_collections(types, dynamic > 0, |e| Type::Map(Box::new(e)));
    } else if maps > 0 && maps + objects + dynamic == n {
        if let Some(t @ Type::Map(_)) = unify_as_collection(types, Kind::Map) {
            return Some(t);
        }
    } else if lists > 0 && lists + dynamic == n {
        return unify_collections(types, dynamic > 0, |e| Type::List(Box::new(e)));
    } else if lists > 0 && lists + tuples + dynamic == n {
        if let Some(t @ Type::List(_)) = unify_as_collection(types, Kind::List) {
            return Some(t);
        }
    } else if sets > 0 && sets + dynamic == n {
        return unify_collections(types, dynamic > 0, |e| Type::Set(Box::new(e)));
    } else if objects > 0 && objects + dynamic == n {
        return unify_objects(types, dynamic > 0);
    } else if tuples > 0 && tuples + dynamic == n {
        return unify_tuples(types, dynamic > 0);
    } else if objects > 0 && tuples > 0 {
        return None;
    }
    sort_types(types)
        .into_iter()
        .map(|i| &types[i])
        .find(|want| types.iter().all(|t| t == *want || converts(t, want)))
        .cloned()
}

/// Lists, sets or maps: their element types unified. A `dynamic` among
/// them could become anything, so the result is `dynamic`.
fn unify_collections(types: &[Type], dynamic: bool, make: fn(Type) -> Type) -> Option<Type> {
    if dynamic {
        return Some(Type::Any);
    }
    let elements: Vec<Type> = types
        .iter()
        .filter_map(|t| match t {
            Type::List(e) | Type::Set(e) | Type::Map(e) => Some((**e).clone()),
            _ => None,
        })
        .collect();
    let out = make(unify(&elements)?);
    types
        .iter()
        .all(|t| *t == out || converts(t, &out))
        .then_some(out)
}

#[derive(Clone, Copy)]
enum Kind {
    List,
    Map,
}

/// Tuples among lists as a list (objects among maps as a map), then
/// everything unified again with that collection in their place.
fn unify_as_collection(types: &[Type], kind: Kind) -> Option<Type> {
    let structural = |t: &Type| match kind {
        Kind::List => matches!(t, Type::Tuple(_)),
        Kind::Map => matches!(t, Type::Object(..)),
    };
    let parts: Vec<Type> = types.iter().filter(|t| structural(t)).cloned().collect();
    let collection = match kind {
        Kind::List => tuples_to_list(&parts)?,
        Kind::Map => objects_to_map(&parts)?,
    };
    let replaced: Vec<Type> = types
        .iter()
        .map(|t| {
            if structural(t) {
                collection.clone()
            } else {
                t.clone()
            }
        })
        .collect();
    unify(&replaced)
}

/// Objects of the same attribute names unify attribute by attribute;
/// otherwise (or if the result is not reachable) as a map.
fn unify_objects(types: &[Type], dynamic: bool) -> Option<Type> {
    if dynamic {
        return Some(Type::Any);
    }
    let attrs: Vec<&BTreeMap<String, Type>> = types.iter().filter_map(attributes).collect();
    let first = attrs[0];
    if attrs.iter().any(|a| !a.keys().eq(first.keys())) {
        return objects_to_map(types);
    }
    let mut out = BTreeMap::new();
    for name in first.keys() {
        let across: Vec<Type> = attrs.iter().map(|a| a[name].clone()).collect();
        out.insert(name.clone(), unify(&across)?);
    }
    let out = Type::Object(out, BTreeMap::new());
    if types.iter().all(|t| *t == out || converts(t, &out)) {
        Some(out)
    } else {
        objects_to_map(types)
    }
}

fn objects_to_map(types: &[Type]) -> Option<Type> {
    let all: Vec<Type> = types
        .iter()
        .filter_map(attributes)
        .flat_map(|a| a.values().cloned())
        .collect();
    let out = Type::Map(Box::new(unify(&all)?));
    types
        .iter()
        .all(|t| *t == out || converts(t, &out))
        .then_some(out)
}

/// Tuples of one length unify element by element; of different lengths
/// (or if the result is not reachable) as a list.
fn unify_tuples(types: &[Type], dynamic: bool) -> Option<Type> {
    if dynamic {
        return Some(Type::Any);
    }
    let elements: Vec<&Vec<Type>> = types.iter().filter_map(elements).collect();
    let len = elements[0].len();
    if elements.iter().any(|e| e.len() != len) {
        return tuples_to_list(types);
    }
    let mut out = Vec::with_capacity(len);
    for i in 0..len {
        let across: Vec<Type> = elements.iter().map(|e| e[i].clone()).collect();
        out.push(unify(&across)?);
    }
    let out = Type::Tuple(out);
    if types.iter().all(|t| *t == out || converts(t, &out)) {
        Some(out)
    } else {
        tuples_to_list(types)
    }
}

fn tuples_to_list(types: &[Type]) -> Option<Type> {
    let all: Vec<Type> = types
        .iter()
        .filter_map(elements)
        .flat_map(|e| e.iter().cloned())
        .collect();
    let out = Type::List(Box::new(unify(&all)?));
    types
        .iter()
        .all(|t| *t == out || converts(t, &out))
        .then_some(out)
}

fn attributes(t: &Type) -> Option<&BTreeMap<String, Type>> {
    match t {
        Type::Object(a, _) => Some(a),
        _ => None,
    }
}

fn elements(t: &Type) -> Option<&Vec<Type>> {
    match t {
        Type::Tuple(e) => Some(e),
        _ => None,
    }
}

/// Whether go-cty has an (unsafe) conversion from `from` to `to`: the
/// type-level half of `convert`, used to pick a unified type.
pub(crate) fn converts(from: &Type, to: &Type) -> bool {
    let element = |a: &Type, b: &Type| a == b || converts(a, b);
    match (from, to) {
        _ if from == to => true,
        (_, Type::Any) | (Type::Any, _) => true,
        (Type::Number | Type::Bool, Type::String) | (Type::String, Type::Number | Type::Bool) => {
            true
        }
        (Type::Object(have, _), Type::Object(want, optional)) => {
            want.iter().all(|(k, w)| match have.get(k) {
                Some(h) => element(h, w),
                None => optional.contains_key(k),
            })
        }
        (Type::Tuple(have), Type::Tuple(want)) => {
            have.len() == want.len() && have.iter().zip(want).all(|(h, w)| element(h, w))
        }
        (Type::List(a) | Type::Set(a), Type::List(b) | Type::Set(b)) => element(a, b),
        (Type::Map(a), Type::Map(b)) => element(a, b),
        (Type::Tuple(have), Type::List(e) | Type::Set(e)) => all_convert(have.iter(), e),
        (Type::Object(have, _), Type::Map(e)) => all_convert(have.values(), e),
        (Type::Map(e), Type::Object(want, optional)) => want
            .iter()
            .all(|(k, w)| element(e, w) || optional.contains_key(k)),
        _ => false,
    }
}

/// Tuple elements or object attributes converting to one element type;
/// `any` asks for their unified type, which must not stay `any` unless
/// they all are.
fn all_convert<'a>(have: impl Iterator<Item = &'a Type> + Clone, elem: &Type) -> bool {
    let types: Vec<Type> = have.cloned().collect();
    if types.is_empty() {
        return true;
    }
    let elem = if *elem == Type::Any {
        match unify(&types) {
            None => return false,
            Some(Type::Any) => return types.iter().all(|t| *t == Type::Any),
            Some(t) => t,
        }
    } else {
        elem.clone()
    };
    types.iter().all(|t| *t == elem || converts(t, &elem))
}

/// go-cty's preference order: a topological sort of "more general than",
/// ties in the given order.
fn sort_types(types: &[Type]) -> Vec<usize> {
    let n = types.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for i in 0..n {
        for j in i + 1..n {
            match compare(&types[i], &types[j]) {
                c if c < 0 => edges[i].push(j),
                c if c > 0 => edges[j].push(i),
                _ => {}
            }
        }
    }
    let mut in_degree = vec![0usize; n];
    for outs in &edges {
        for &j in outs {
            in_degree[j] += 1;
        }
    }
    let mut order: Vec<usize> = (0..n).filter(|&i| in_degree[i] == 0).collect();
    let mut next = 0;
    while next < order.len() {
        let i = order[next];
        next += 1;
        for &j in &edges[i] {
            in_degree[j] -= 1;
            if in_degree[j] == 0 {
                order.push(j);
            }
        }
    }
    order
}

/// Negative when `a` is the more general, positive when `b` is, zero when
/// neither (go-cty's compareTypes, optimistic about element types).
fn compare(a: &Type, b: &Type) -> i32 {
    let primitive = |t: &Type| matches!(t, Type::String | Type::Number | Type::Bool);
    match (a, b) {
        (Type::Any, Type::Any) => return 0,
        (Type::Any, _) => return 1,
        (_, Type::Any) => return -1,
        _ if primitive(a) && primitive(b) => {
            return match (a, b) {
                (Type::String, Type::String) => 0,
                (Type::String, _) => -1,
                (_, Type::String) => 1,
                _ => 0,
            }
        }
        (Type::List(x), Type::List(y))
        | (Type::Set(x), Type::Set(y))
        | (Type::Map(x), Type::Map(y)) => return compare(x, y),
        _ => {}
    }
    let swapped = matches!(
        (a, b),
        (Type::Tuple(_), Type::List(_))
            | (Type::Object(..), Type::Map(_))
            | (Type::Set(_), Type::Tuple(_))
            | (Type::Set(_), Type::List(_))
    );
    let (a, b, swap) = if swapped { (b, a, -1) } else { (a, b, 1) };
    match (a, b) {
        (Type::Tuple(_) | Type::List(_), Type::Set(_))
        | (Type::List(_), Type::Tuple(_))
        | (Type::Map(_), Type::Object(..)) => -swap,
        (Type::Object(x, _), Type::Object(y, _)) => {
            if x.len() != y.len() || x.keys().any(|k| !y.contains_key(k)) {
                return 0;
            }
            swap * pairwise(x.iter().map(|(k, t)| (t, &y[k])))
        }
        (Type::Tuple(x), Type::Tuple(y)) => {
            if x.len() != y.len() {
                return 0;
            }
            swap * pairwise(x.iter().zip(y))
        }
        _ => 0,
    }
}

/// -1 if some pair prefers the left and none the right, 1 the reverse.
fn pairwise<'a>(pairs: impl Iterator<Item = (&'a Type, &'a Type)>) -> i32 {
    let (mut left, mut right) = (false, false);
    for (x, y) in pairs {
        match compare(x, y) {
            c if c < 0 => left = true,
            c if c > 0 => right = true,
            _ => {}
        }
    }
    match (left, right) {
        (true, false) => -1,
        (false, true) => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tuple(ts: &[Type]) -> Type {
        Type::Tuple(ts.to_vec())
    }

    #[test]
    fn primitives_meet_at_string_only_when_a_string_is_there() {
        assert_eq!(unify(&[Type::Number, Type::String]), Some(Type::String));
        assert_eq!(unify(&[Type::Bool, Type::String]), Some(Type::String));
        assert_eq!(unify(&[Type::Number, Type::Bool]), None);
        assert_eq!(
            unify(&[Type::Number, Type::Bool, Type::String]),
            Some(Type::String)
        );
    }

    #[test]
    fn structures_unify_as_go_cty() {
        // [[1], [true]] cannot become a list: Terraform's tolist fails.
        let nested = [tuple(&[Type::Number]), tuple(&[Type::Bool])];
        assert_eq!(unify(&nested), None);
        // [[1], ["a"]] unifies element-wise.
        assert_eq!(
            unify(&[tuple(&[Type::Number]), tuple(&[Type::String])]),
            Some(tuple(&[Type::String]))
        );
        // A set among tuples: the tuple converts to the set.
        assert_eq!(
            unify(&[Type::Set(Box::new(Type::Number)), tuple(&[Type::Number])]),
            Some(Type::Set(Box::new(Type::Number)))
        );
        // A list beside anything dynamic is dynamic.
        assert_eq!(
            unify(&[Type::List(Box::new(Type::String)), Type::Any]),
            Some(Type::Any)
        );
        let object = |k: &str, t: Type| Type::Object([(k.to_string(), t)].into(), BTreeMap::new());
        assert_eq!(
            unify(&[object("a", Type::Number), object("b", Type::String)]),
            Some(Type::Map(Box::new(Type::String)))
        );
        assert_eq!(unify(&[object("a", Type::Number), tuple(&[])]), None);
    }
}
