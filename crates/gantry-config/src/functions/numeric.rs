//! Numeric functions (go-cty's stdlib and Terraform's `parseint`).

use num_bigint::BigInt;

use super::{want_f64, want_int, want_number, want_string, FunctionError};
use crate::number::Number;
use crate::value::Value;

pub(super) fn run(name: &str, a: &[Value]) -> Option<Result<Value, FunctionError>> {
    let num = |f: fn(&Number) -> Number| want_number(a, 0).map(|n| Value::Number(f(&n)));
    Some(match name {
        "abs" => num(Number::abs),
        "ceil" => num(Number::ceil),
        "floor" => num(Number::floor),
        // Terraform's signum takes whole numbers only.
        "signum" => want_int(a, 0).map(|n| Value::Number(n.signum().into())),
        // Computed in float64, as Terraform does: the result has 53 bits.
        "log" => want_f64(a, 0).and_then(|n| float(n.ln() / want_f64(a, 1)?.ln())),
        "pow" => want_f64(a, 0).and_then(|n| float(n.powf(want_f64(a, 1)?))),
        "max" | "min" => extreme(name, a),
        "parseint" => parseint(a),
        _ => return None,
    })
}

/// A float64 result; NaN (`pow(-8, 1/3)`) has no number.
fn float(f: f64) -> Result<Value, FunctionError> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| FunctionError::call("the result is not a number (NaN)."))
}

fn extreme(name: &str, a: &[Value]) -> Result<Value, FunctionError> {
    if a.is_empty() {
        return Err(FunctionError::call("must pass at least one number."));
    }
    let mut best = want_number(a, 0)?;
    for i in 1..a.len() {
        let n = want_number(a, i)?;
        let order = n.cmp_value(&best);
        if (name == "max" && order.is_gt()) || (name == "min" && order.is_lt()) {
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
    let mut n = BigInt::default();
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
        n = n * base + d;
    }
    // Go's SetInt: the integer's bits, at least 64, of precision.
    Ok(Value::Number(Number::from_bigint(&if negative {
        -n
    } else {
        n
    })))
}
