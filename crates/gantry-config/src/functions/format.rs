//! `format`: Go's fmt verbs, as Terraform implements them.

use super::{go_json, FunctionError};
use crate::types::{convert, Type};
use crate::value::Value;

/// Go-style `format`: `%s %d %f %e %g %t %q %v %x %X %o %b %%` with flags,
/// width and precision.
pub(super) fn format_fn(spec: &str, args: &[Value]) -> Result<String, FunctionError> {
    let mut out = String::new();
    let chars: Vec<char> = spec.chars().collect();
    let mut i = 0;
    let mut argi = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        i += 1;
        if chars.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = chars.get(i).filter(|f| "-+ 0#".contains(**f)) {
            flags.push(f);
            i += 1;
        }
        let mut width = String::new();
        while let Some(&d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
            width.push(d);
            i += 1;
        }
        let mut precision: Option<usize> = None;
        if chars.get(i) == Some(&'.') {
            i += 1;
            let mut p = String::new();
            while let Some(&d) = chars.get(i).filter(|d| d.is_ascii_digit()) {
                p.push(d);
                i += 1;
            }
            precision = Some(p.parse().unwrap_or(0));
        }
        let Some(&verb) = chars.get(i) else {
            return Err(FunctionError::arg(
                0,
                "invalid format string: verb missing at end.",
            ));
        };
        i += 1;
        let Some(arg) = args.get(argi) else {
            return Err(FunctionError::call(format!(
                "not enough arguments for \"%{verb}\" at {}",
                i - 1
            )));
        };
        let at = argi;
        argi += 1;
        let bad = |what: &str| {
            FunctionError::call(format!(
                "unsupported value for \"%{verb}\" at {}: {what}",
                at
            ))
        };
        let body = match verb {
            's' => arg
                .to_string_primitive()
                .ok_or_else(|| bad("string required"))?,
            // `%#v` is the value as JSON, strings quoted too.
            'v' if flags.contains('#') => go_json(arg),
            'v' => match arg {
                Value::Map(_) | Value::List(_) | Value::Set(_) => go_json(arg),
                Value::Null | Value::TypedNull(_) => "null".into(),
                v => v.to_string_primitive().unwrap_or_default(),
            },
            'q' => serde_json::to_string(
                &arg.to_string_primitive()
                    .ok_or_else(|| bad("string required"))?,
            )
            .unwrap_or_default(),
            't' => match convert(arg, &Type::Bool) {
                Ok(Value::Bool(b)) => b.to_string(),
                _ => return Err(bad("bool is required")),
            },
            'd' | 'x' | 'X' | 'o' | 'b' => {
                let n = match convert(arg, &Type::Number) {
                    Ok(Value::Number(n)) => n,
                    _ => return Err(bad("number required")),
                };
                if !n.is_integer() {
                    return Err(bad("an integer is required"));
                }
                // Go prints a big.Int: Terraform's numbers are not bounded
                // by 64 bits.
                let whole = n.trunc_bigint().unwrap_or_default();
                let negative = whole.sign() == num_bigint::Sign::Minus;
                let magnitude = whole.magnitude();
                let mut body = match verb {
                    'd' => magnitude.to_string(),
                    'x' => magnitude.to_str_radix(16),
                    'X' => magnitude.to_str_radix(16).to_uppercase(),
                    'o' => magnitude.to_str_radix(8),
                    _ => magnitude.to_str_radix(2),
                };
                if negative {
                    body.insert(0, '-');
                } else if flags.contains('+') {
                    body.insert(0, '+');
                }
                body
            }
            'f' | 'e' | 'g' => {
                let n = match convert(arg, &Type::Number) {
                    Ok(Value::Number(n)) => n,
                    _ => return Err(bad("number required")),
                };
                // Go's fmt on a *big.Float: %f and %e default to six
                // digits, %g to the shortest.
                let mut body = match verb {
                    'g' => n.text('g', precision),
                    v => n.text(v, Some(precision.unwrap_or(6))),
                };
                if !n.is_sign_negative() && flags.contains('+') {
                    body.insert(0, '+');
                }
                body
            }
            other => {
                return Err(FunctionError::call(format!(
                    "unsupported format verb %{other}"
                )))
            }
        };
        let body = match (verb, precision) {
            ('s', Some(p)) => body.chars().take(p).collect(),
            _ => body,
        };
        let w: usize = width.parse().unwrap_or(0);
        let len = body.chars().count();
        if len < w {
            let pad = w - len;
            if flags.contains('-') {
                out.push_str(&body);
                out.extend(std::iter::repeat_n(' ', pad));
            } else if flags.contains('0') && "dfeg".contains(verb) {
                let (sign, digits) = match body.strip_prefix(['-', '+']) {
                    Some(rest) => (&body[..1], rest),
                    None => ("", body.as_str()),
                };
                out.push_str(sign);
                out.extend(std::iter::repeat_n('0', pad));
                out.push_str(digits);
            } else {
                out.extend(std::iter::repeat_n(' ', pad));
                out.push_str(&body);
            }
        } else {
            out.push_str(&body);
        }
    }
    if argi < args.len() {
        return Err(FunctionError::call(format!(
            "too many arguments; no verbs left to use for argument {}",
            argi
        )));
    }
    Ok(out)
}
