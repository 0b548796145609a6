//! Numeric functions (go-cty's stdlib and Terraform's `parseint`).

use super::{want_int, want_number, want_string, FunctionError};
use crate::value::Value;

pub(super) fn run(name: &str, a: &[Value]) -> Option<Result<Value, FunctionError>> {
    let num = |f: fn(f64) -> f64| want_number(a, 0).map(|n| Value::Number(f(n)));
    Some(match name {
        "abs" => num(f64::abs),
        "ceil" => num(f64::ceil),
        "floor" => num(f64::floor),
        // Terraform's signum takes whole numbers only.
        "signum" => want_int(a, 0).map(|n| Value::Number(n.signum() as f64)),
        "log" => {
            want_number(a, 0).and_then(|n| Ok(Value::Number(n.ln() / want_number(a, 1)?.ln())))
        }
        "pow" => want_number(a, 0).and_then(|n| Ok(Value::Number(n.powf(want_number(a, 1)?)))),
        "max" | "min" => extreme(name, a),
        "parseint" => parseint(a),
        _ => return None,
    })
}

fn extreme(name: &str, a: &[Value]) -> Result<Value, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("must pass at least one number."));
    }
    let mut best = want_number(a, 0)?;
    for i in 1..a.len() {
        let n = want_number(a, i)?;
        if (name == "max" && n > best) || (name == "min" && n < best) {
            best = n;
        }
    }
    Ok(Value::Number(best))
}

/// Bases 2 to 62, digits 0-9, a-z, then A-Z (bases above 36 tell cases
/// apart), an optional sign: Go's `big.Int.SetString` without prefixes.
fn parseint(a: &[Value]) -> Result<Value, FunctionError> {
    let text = want_string(a, 0)?;
    let base = want_int(a, 1)?;
    if !(2..=62).contains(&base) {
        return Err(FunctionError::arg(
            1,
            "base must be a whole number between 2 and 62 inclusive.",
        ));
    }
    let invalid = || {
        FunctionError::arg(
            0,
            format!("cannot parse {text:?} as a base {base} integer."),
        )
    };
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut n = 0f64;
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => return Err(invalid()),
        };
        if d >= base {
            return Err(invalid());
        }
        n = n * base as f64 + d as f64;
    }
    Ok(Value::Number(if negative { -n } else { n }))
}
