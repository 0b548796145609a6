//! Collection functions: lists, sets and maps as go-cty's stdlib and
//! Terraform's `lang/funcs` treat them.

use std::collections::BTreeMap;

use super::{values_equal, want_bool, want_int, want_list, FunctionError};
use crate::number::Number;
use crate::types::{convert, Type};
use crate::value::Value;

/// Terraform refuses to build a `range` longer than this.
const RANGE_LIMIT: usize = 1024;

pub(super) fn run(name: &str, a: &[Value]) -> Option<Result<Value, FunctionError>> {
    Some(match name {
        "alltrue" => bools(a).map(|bs| Value::Bool(bs.iter().all(|b| *b))),
        "anytrue" => bools(a).map(|bs| Value::Bool(bs.iter().any(|b| *b))),
        "chunklist" => chunklist(a),
        "coalescelist" => coalescelist(a),
        "index" => index(a),
        "matchkeys" => matchkeys(a),
        "one" => one(a),
        "range" => range(a),
        "reverse" => want_list(a, 0).map(|l| Value::List(l.iter().rev().cloned().collect())),
        "setintersection" | "setsubtract" | "setunion" => set_op(name, a),
        "setproduct" => setproduct(a),
        "slice" => slice(a),
        "sort" => sort(a),
        "sum" => sum(a),
        "transpose" => transpose(a),
        _ => return None,
    })
}

fn bools(a: &[Value]) -> Result<Vec<bool>, FunctionError> {
    let items = want_list(a, 0)?;
    items
        .iter()
        .map(|v| match v {
            Value::Null | Value::TypedNull(_) => Ok(false),
            _ => want_bool(std::slice::from_ref(v), 0)
                .map_err(|_| FunctionError::arg(0, "list of bool required.")),
        })
        .collect()
}

fn chunklist(a: &[Value]) -> Result<Value, FunctionError> {
    let items = want_list(a, 0)?;
    let size = want_int(a, 1)?;
    if size < 0 {
        return Err(FunctionError::arg(1, "the size argument must be positive."));
    }
    if items.is_empty() {
        return Ok(Value::List(Vec::new().into()));
    }
    if size == 0 {
        return Ok(Value::List(vec![Value::List(items.to_vec().into())].into()));
    }
    Ok(Value::List(
        items
            .chunks(size as usize)
            .map(|c| Value::List(c.to_vec().into()))
            .collect(),
    ))
}

fn coalescelist(a: &[Value]) -> Result<Value, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("at least one argument is required."));
    }
    for (i, v) in a.iter().enumerate() {
        if v.is_null() {
            continue;
        }
        let items = want_list(a, i)?;
        if !items.is_empty() {
            return Ok(v.clone());
        }
    }
    Err(FunctionError::call("no non-null arguments."))
}

fn index(a: &[Value]) -> Result<Value, FunctionError> {
    let items = want_list(a, 0)?;
    items
        .iter()
        // No conversion here: `index(["1"], 1)` finds nothing.
        .position(|v| v == &a[1])
        .map(|i| Value::Number(i.into()))
        .ok_or_else(|| FunctionError::call("item not found."))
}

fn matchkeys(a: &[Value]) -> Result<Value, FunctionError> {
    let values = want_list(a, 0)?;
    let keys = want_list(a, 1)?;
    let search = want_list(a, 2)?;
    if values.len() != keys.len() {
        return Err(FunctionError::call(
            "length of keys and values should be equal.",
        ));
    }
    Ok(Value::List(
        keys.iter()
            .zip(values)
            .filter(|(k, _)| search.iter().any(|s| values_equal(s, k)))
            .map(|(_, v)| v.clone())
            .collect(),
    ))
}

fn one(a: &[Value]) -> Result<Value, FunctionError> {
    match want_list(a, 0)? {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        _ => Err(FunctionError::arg(
            0,
            "must be a list, set, or tuple value with either zero or one elements.",
        )),
    }
}

fn range(a: &[Value]) -> Result<Value, FunctionError> {
    let nums: Vec<Number> = (0..a.len())
        .map(|i| super::want_number(a, i))
        .collect::<Result<_, _>>()?;
    let zero = Number::zero();
    let one = |negative: bool| Number::from_i64(if negative { -1 } else { 1 });
    let (start, end, step) = match nums.as_slice() {
        [end] => (zero.clone(), end.clone(), one(end.cmp_value(&zero).is_lt())),
        [start, end] => (
            start.clone(),
            end.clone(),
            one(end.cmp_value(start).is_lt()),
        ),
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => {
            return Err(FunctionError::call(
                "must have one, two, or three arguments.",
            ))
        }
    };
    if step.is_zero() {
        return Err(FunctionError::arg(2, "step must not be zero."));
    }
    let down = start.cmp_value(&end).is_gt();
    if down && !step.is_sign_negative() {
        return Err(FunctionError::arg(
            2,
            "step must be negative if end is less than start.",
        ));
    }
    if !down && step.is_sign_negative() && start != end {
        return Err(FunctionError::arg(
            2,
            "step must be positive if start is less than end.",
        ));
    }
    // As cty: each element is the previous one plus the step, so the
    // rounding of a fractional step accumulates as Terraform's does.
    let mut out = Vec::new();
    let mut v = start;
    loop {
        let order = v.cmp_value(&end);
        if (!step.is_sign_negative() && order.is_ge()) || (step.is_sign_negative() && order.is_le())
        {
            break;
        }
        if out.len() == RANGE_LIMIT {
            return Err(FunctionError::call(format!("more than {RANGE_LIMIT} values were generated; either decrease the difference between start and end or use a smaller step.")));
        }
        let next = v
            .add(&step)
            .map_err(|e| FunctionError::call(e.to_string()))?;
        out.push(Value::Number(v));
        v = next;
    }
    Ok(Value::List(out.into()))
}

fn set_op(name: &str, a: &[Value]) -> Result<Value, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("at least one argument is required."));
    }
    let sets: Vec<&[Value]> = (0..a.len())
        .map(|i| want_list(a, i))
        .collect::<Result<_, _>>()?;
    // As cty: each argument is a set of one element type, and all of them
    // meet at one type before they are compared (`["1"]` and `[1]` share
    // "1").
    for (i, set) in sets.iter().enumerate() {
        if super::unify_elements(set).is_none() {
            return Err(FunctionError::arg(
                i,
                "all set elements must have the same type.",
            ));
        }
    }
    let all: Vec<Value> = sets.iter().flat_map(|s| s.iter().cloned()).collect();
    let types: Vec<Type> = all.iter().map(crate::types::type_of).collect();
    let incompatible = || FunctionError::call("given sets must all have compatible element types.");
    let t = crate::types::unify_types(&types).ok_or_else(incompatible)?;
    let sets: Vec<Vec<Value>> = sets
        .iter()
        .map(|s| {
            s.iter()
                .map(|v| convert(v, &t).map_err(|_| incompatible()))
                .collect()
        })
        .collect::<Result<_, _>>()?;
    let contains = |set: &[Value], v: &Value| set.iter().any(|x| values_equal(x, v));
    let out: Vec<Value> = match name {
        "setunion" => sets.iter().flat_map(|s| s.iter().cloned()).collect(),
        "setintersection" => sets[0]
            .iter()
            .filter(|v| sets[1..].iter().all(|s| contains(s, v)))
            .cloned()
            .collect(),
        _ => {
            if sets.len() != 2 {
                return Err(FunctionError::call("setsubtract takes exactly two sets."));
            }
            sets[0]
                .iter()
                .filter(|v| !contains(&sets[1], v))
                .cloned()
                .collect()
        }
    };
    Ok(Value::set(out))
}

fn setproduct(a: &[Value]) -> Result<Value, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("at least one argument is required."));
    }
    let lists: Vec<&[Value]> = (0..a.len())
        .map(|i| want_list(a, i))
        .collect::<Result<_, _>>()?;
    let mut rows: Vec<Vec<Value>> = vec![Vec::new()];
    for l in &lists {
        rows = rows
            .into_iter()
            .flat_map(|row| {
                l.iter().map(move |v| {
                    let mut r = row.clone();
                    r.push(v.clone());
                    r
                })
            })
            .collect();
    }
    let rows: Vec<Value> = rows.into_iter().map(Value::tuple).collect();
    // Sets in give a set out; any list gives a list.
    Ok(if a.iter().all(|v| matches!(v, Value::Set(_))) {
        Value::set(rows)
    } else {
        Value::List(rows.into())
    })
}

fn slice(a: &[Value]) -> Result<Value, FunctionError> {
    let items = want_list(a, 0)?;
    let start = want_int(a, 1)?;
    let end = want_int(a, 2)?;
    if start < 0 {
        return Err(FunctionError::arg(
            1,
            "start index must not be less than zero.",
        ));
    }
    if end > items.len() as i64 {
        return Err(FunctionError::arg(
            2,
            "end index must not be greater than the length of the list.",
        ));
    }
    if start > end {
        return Err(FunctionError::arg(
            1,
            "start index must not be greater than end index.",
        ));
    }
    Ok(Value::List(
        items[start as usize..end as usize].to_vec().into(),
    ))
}

/// Elements become strings and sort by their bytes, as Go compares strings.
fn sort(a: &[Value]) -> Result<Value, FunctionError> {
    let items = want_list(a, 0)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, v) in items.iter().enumerate() {
        if v.is_null() {
            return Err(FunctionError::arg(
                0,
                format!("given list element {i} is null; a null string cannot be sorted."),
            ));
        }
        out.push(
            v.to_string_primitive()
                .ok_or_else(|| FunctionError::arg(0, "list of string required."))?,
        );
    }
    out.sort();
    Ok(Value::List(out.into_iter().map(Value::String).collect()))
}

fn sum(a: &[Value]) -> Result<Value, FunctionError> {
    let items = want_list(a, 0)?;
    if items.is_empty() {
        return Err(FunctionError::arg(0, "cannot sum an empty list."));
    }
    let mut total: Option<Number> = None;
    for (i, v) in items.iter().enumerate() {
        if v.is_null() {
            return Err(FunctionError::arg(
                0,
                format!("argument list element {i} is null."),
            ));
        }
        let n = super::want_number(std::slice::from_ref(v), 0).map_err(|_| {
            FunctionError::arg(0, "argument must be list, set, or tuple of number values.")
        })?;
        total = Some(match total {
            None => n,
            Some(t) => t.add(&n).map_err(|e| FunctionError::call(e.to_string()))?,
        });
    }
    Ok(Value::Number(total.unwrap_or_else(Number::zero)))
}

fn transpose(a: &[Value]) -> Result<Value, FunctionError> {
    let Value::Map(m) = &a[0] else {
        return Err(FunctionError::arg(0, "map of list of string required."));
    };
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (k, v) in m {
        let items = v
            .elements()
            .ok_or_else(|| FunctionError::arg(0, "map of list of string required."))?;
        for item in items {
            let key = item
                .to_string_primitive()
                .ok_or_else(|| FunctionError::arg(0, "map of list of string required."))?;
            out.entry(key).or_default().push(Value::String(k.clone()));
        }
    }
    Ok(Value::Map(
        out.into_iter()
            .map(|(k, v)| (k, Value::List(v.into())))
            .collect(),
    ))
}
