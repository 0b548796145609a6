//! What each table rule says about a value, in the provider's words.

use gantry_config::value::Value;
use gantry_config::Number;
use gantry_diagnostics::Diagnostic;

use crate::schema::{Enforcement, Rule};

pub(super) fn condition_diag(e: Enforcement, detail: String) -> Diagnostic {
    match e {
        Enforcement::Error => {
            Diagnostic::error("gantry::schema::required-when", "Missing required argument")
                .with_detail(detail)
        }
        Enforcement::Hint => {
            Diagnostic::hint("gantry::schema::recommended-when", "Argument recommended")
                .with_detail(detail)
        }
    }
}

pub(super) fn rule_code(rule: &Rule) -> &'static str {
    match rule {
        Rule::OneOf(_) => "gantry::schema::enum",
        Rule::IntRange(..) => "gantry::schema::range",
        Rule::MaxLength(_) => "gantry::schema::length",
        Rule::MaxItems(_) | Rule::MinItems(_) => "gantry::schema::items",
        Rule::Json => "gantry::schema::json",
        Rule::Deprecated(_) => "gantry::schema::deprecated",
    }
}

/// What is wrong with `v` under `rule`, in the provider's words.
pub(super) fn rule_problem(name: &str, rule: &Rule, v: &Value) -> Option<String> {
    match (rule, v) {
        (Rule::OneOf(allowed), Value::String(s)) => (!allowed.contains(&s.as_str())).then(|| {
            let list: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            format!("expected {name} to be one of [{}], got {s}", list.join(" "))
        }),
        // A number from a fixed set (log retention days), as the provider's
        // IntInSlice says it.
        (Rule::OneOf(allowed), Value::Number(n)) => {
            let s = n.to_string();
            (!allowed.contains(&s.as_str())).then(|| {
                format!(
                    "expected {name} to be one of [{}], got {s}",
                    allowed.join(" ")
                )
            })
        }
        (Rule::OneOf(_), Value::List(items) | Value::Set(items)) => {
            items.iter().find_map(|i| rule_problem(name, rule, i))
        }
        (Rule::IntRange(lo, hi), v) => {
            let n = match v {
                Value::Number(n) => n.clone(),
                Value::String(s) => Number::parse(s)?,
                _ => return None,
            };
            if !n.is_integer() {
                return Some(format!("expected {name} to be an integer, got {n}"));
            }
            let (lo_n, hi_n) = (Number::from(*lo), Number::from(*hi));
            (n.cmp_value(&lo_n).is_lt() || n.cmp_value(&hi_n).is_gt())
                .then(|| format!("expected {name} to be in the range ({lo} - {hi}), got {n}"))
        }
        (Rule::MaxLength(max), Value::String(s)) => {
            let len = s.chars().count();
            (len > *max).then(|| {
                format!("expected length of {name} to be in the range (1 - {max}), got {s}")
            })
        }
        (Rule::MaxItems(max), Value::List(items) | Value::Set(items)) => {
            (items.len() > *max).then(|| {
                format!(
                    "attribute {name} supports {max} item maximum, but config has {}",
                    items.len()
                )
            })
        }
        (Rule::MinItems(min), Value::List(items) | Value::Set(items)) => {
            (items.len() < *min).then(|| {
                format!(
                    "attribute {name} requires {min} item minimum, but config has only {}",
                    items.len()
                )
            })
        }
        (Rule::Json, Value::String(s)) => gantry_syntax::json::from_str::<serde_json::Value>(s)
            .err()
            .map(|e| format!("\"{name}\" contains an invalid JSON: {e}")),
        _ => None,
    }
}
