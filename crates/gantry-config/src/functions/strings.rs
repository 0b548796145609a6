//! String functions beyond the basics in `mod.rs`: go-cty's stdlib and
//! Terraform's own, with their edge cases (grapheme clusters for `substr`
//! and `strrev`, Go's word boundaries for `title`).

use unicode_segmentation::UnicodeSegmentation;

use super::{want_int, want_string, FunctionError};
use crate::value::Value;

pub(super) fn run(name: &str, a: &[Value]) -> Option<Result<Value, FunctionError>> {
    Some(match name {
        "chomp" => want_string(a, 0).map(|t| Value::String(chomp(&t).to_string())),
        "endswith" => both(a).map(|(t, x)| Value::Bool(t.ends_with(&x))),
        "startswith" => both(a).map(|(t, x)| Value::Bool(t.starts_with(&x))),
        "strcontains" => both(a).map(|(t, x)| Value::Bool(t.contains(&x))),
        "indent" => indent(a),
        "strrev" => want_string(a, 0).map(|t| Value::String(t.graphemes(true).rev().collect())),
        "substr" => substr(a),
        "title" => want_string(a, 0).map(|t| Value::String(title(&t))),
        "trim" => {
            both(a).map(|(t, cut)| Value::String(t.trim_matches(|c| cut.contains(c)).to_string()))
        }
        "regex" => regex_fn(a, false),
        "regexall" => regex_fn(a, true),
        "formatlist" => formatlist(a),
        _ => return None,
    })
}

fn both(a: &[Value]) -> Result<(String, String), FunctionError> {
    Ok((want_string(a, 0)?, want_string(a, 1)?))
}

/// go-cty removes every trailing newline sequence (`\r\n`, `\r` or `\n`).
fn chomp(t: &str) -> &str {
    t.trim_end_matches(['\n', '\r'])
}

fn indent(a: &[Value]) -> Result<Value, FunctionError> {
    let n = want_int(a, 0)?;
    let text = want_string(a, 1)?;
    if n < 0 {
        return Err(FunctionError::arg(0, "must not be negative."));
    }
    let pad = " ".repeat(n as usize);
    Ok(Value::String(text.replace('\n', &format!("\n{pad}"))))
}

/// Offsets and lengths count grapheme clusters; a negative offset counts
/// from the end and a length of -1 means "to the end".
fn substr(a: &[Value]) -> Result<Value, FunctionError> {
    let text = want_string(a, 0)?;
    let offset = want_int(a, 1)?;
    let length = want_int(a, 2)?;
    let g: Vec<&str> = text.graphemes(true).collect();
    let n = g.len() as i64;
    // A negative offset counts from the end, clamped at the start.
    let start = if offset < 0 {
        (n + offset).max(0)
    } else {
        offset
    };
    if start >= n {
        return Ok(Value::String(String::new()));
    }
    let end = if length < 0 {
        n
    } else {
        (start + length).min(n)
    };
    Ok(Value::String(g[start as usize..end as usize].concat()))
}

/// Go's `strings.Title`: a letter is upper-cased when the rune before it is
/// a separator (space, or ASCII punctuation other than `_`).
fn title(t: &str) -> String {
    let separator = |c: char| {
        if c.is_ascii() {
            !(c.is_ascii_alphanumeric() || c == '_')
        } else {
            c.is_whitespace()
        }
    };
    let mut prev = ' ';
    t.chars()
        .map(|c| {
            let out = if separator(prev) {
                let mut up = c.to_uppercase();
                match (up.next(), up.next()) {
                    (Some(u), None) => u,
                    _ => c,
                }
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

/// `regex`: the match, its captures as a list, or its named captures as an
/// object; `regexall`: a list of those for every match.
fn regex_fn(a: &[Value], all: bool) -> Result<Value, FunctionError> {
    let pattern = want_string(a, 0)?;
    let text = want_string(a, 1)?;
    let re = regex::Regex::new(&pattern)
        .map_err(|e| FunctionError::arg(0, format!("invalid regular expression pattern: {e}")))?;
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    let named = names.iter().any(Option::is_some);
    if named && names.iter().any(Option::is_none) {
        return Err(FunctionError::arg(
            0,
            "invalid regular expression pattern: can't mix both named and unnamed capture groups",
        ));
    }
    let shape = |caps: regex::Captures| -> Value {
        // A group that took no part in the match is null.
        let text_of = |i: usize| match caps.get(i) {
            Some(m) => Value::String(m.as_str().to_string()),
            None => Value::Null,
        };
        if names.is_empty() {
            text_of(0)
        } else if named {
            Value::Map(
                names
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| n.map(|n| (n.to_string(), text_of(i + 1))))
                    .collect(),
            )
        } else {
            Value::List((1..=names.len()).map(text_of).collect())
        }
    };
    if all {
        return Ok(Value::List(re.captures_iter(&text).map(shape).collect()));
    }
    re.captures(&text)
        .map(shape)
        .ok_or_else(|| FunctionError::call("pattern did not match any part of the given string."))
}

/// `format` applied element-wise: list arguments must share one length;
/// anything else repeats on every line.
fn formatlist(a: &[Value]) -> Result<Value, FunctionError> {
    let spec = want_string(a, 0)?;
    // (length, which argument had it first), arguments counted from 1
    // after the format string, as Terraform's message counts them.
    let mut len: Option<(usize, usize)> = None;
    for (i, v) in a.iter().enumerate().skip(1) {
        if let Some(items) = v.elements() {
            match len {
                Some((l, first)) if l != items.len() => {
                    return Err(FunctionError::arg(
                        i,
                        format!("argument {i} has length {}, which is inconsistent with argument {first} of length {l}.", items.len()),
                    ))
                }
                Some(_) => {}
                None => len = Some((items.len(), i)),
            }
        }
    }
    let rows = len.map_or(1, |(l, _)| l);
    let mut out = Vec::with_capacity(rows);
    for row in 0..rows {
        let args: Vec<Value> = a[1..]
            .iter()
            .map(|v| match v.elements() {
                Some(items) => items[row].clone(),
                None => v.clone(),
            })
            .collect();
        out.push(Value::String(super::format::format_fn(&spec, &args)?));
    }
    Ok(Value::List(out.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_follows_go_word_boundaries() {
        assert_eq!(title("hello wORLD-foo_bar x.y"), "Hello WORLD-Foo_bar X.Y");
    }

    #[test]
    fn chomp_removes_every_trailing_newline() {
        assert_eq!(chomp("a\n\r\n\n"), "a");
        assert_eq!(chomp("a\nb"), "a\nb");
    }
}
