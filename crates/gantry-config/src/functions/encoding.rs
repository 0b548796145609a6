//! Encoding functions: CSV, YAML, URL query escaping, gzip and the legacy
//! text encodings of `textencodebase64`.

use std::io::Write;

use super::{b64, want_string, FunctionError};
use crate::number::Number;
use crate::value::Value;

pub(super) fn run(name: &str, a: &[Value]) -> Option<Result<Value, FunctionError>> {
    Some(match name {
        "csvdecode" => want_string(a, 0).and_then(|t| csvdecode(&t)),
        "urlencode" => want_string(a, 0).map(|t| Value::String(urlencode(&t))),
        "base64gzip" => want_string(a, 0).and_then(|t| gzip(&t).map(|z| Value::String(b64(&z)))),
        "textencodebase64" => textencode(a),
        "textdecodebase64" => textdecode(a),
        "yamlencode" => Ok(Value::String(yamlencode(&a[0]))),
        "yamldecode" => want_string(a, 0).and_then(|t| yamldecode(&t)),
        _ => return None,
    })
}

/// The first record names the fields; every record becomes an object of
/// strings, and every record must have as many fields as the first.
fn csvdecode(text: &str) -> Result<Value, FunctionError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(FunctionError::arg(0, "missing header line.")),
        Some(r) => r.map_err(|e| FunctionError::arg(0, csv_error(&e)))?,
    };
    let names: Vec<String> = header.iter().map(str::to_string).collect();
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| FunctionError::arg(0, csv_error(&e)))?;
        rows.push(Value::Map(
            names
                .iter()
                .cloned()
                .zip(record.iter().map(|f| Value::String(f.to_string())))
                .collect(),
        ));
    }
    Ok(Value::List(rows.into()))
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, .. } => format!(
            "record on line {}: wrong number of fields.",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        _ => format!("{e}."),
    }
}

/// Go's `url.QueryEscape`: unreserved characters stay, a space is `+`,
/// every other byte is `%XX`.
fn urlencode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A gzip stream with Go's header (no name, no time, unknown OS). The
/// compressed bytes differ from Go's compressor, the content does not.
fn gzip(text: &str) -> Result<Vec<u8>, FunctionError> {
    let mut enc = flate2::GzBuilder::new()
        .operating_system(255)
        .write(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes())
        .and_then(|_| enc.finish())
        .map_err(|e| FunctionError::call(format!("failed to write gzip raw data: {e}.")))
}

enum TextEncoding {
    Utf16 { big_endian: bool },
    Other(&'static encoding_rs::Encoding),
}

/// IANA names and aliases; UTF-16 by hand, since encoding_rs (following the
/// WHATWG standard) decodes UTF-16 but never encodes it.
fn text_encoding(name: &str, i: usize) -> Result<TextEncoding, FunctionError> {
    let unsupported = || {
        FunctionError::arg(i, format!("{name:?} is not a supported IANA encoding name or alias in this Terraform version."))
    };
    match name.to_ascii_uppercase().as_str() {
        "UTF-16LE" => return Ok(TextEncoding::Utf16 { big_endian: false }),
        "UTF-16BE" => return Ok(TextEncoding::Utf16 { big_endian: true }),
        _ => {}
    }
    encoding_rs::Encoding::for_label(name.as_bytes())
        .map(TextEncoding::Other)
        .ok_or_else(unsupported)
}

fn textencode(a: &[Value]) -> Result<Value, FunctionError> {
    let text = want_string(a, 0)?;
    let name = want_string(a, 1)?;
    let bytes = match text_encoding(&name, 1)? {
        TextEncoding::Utf16 { big_endian } => text
            .encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect(),
        TextEncoding::Other(enc) => {
            let (bytes, _, unmappable) = enc.encode(&text);
            if unmappable {
                return Err(FunctionError::arg(0, format!("the given string contains characters that cannot be represented in {name}.")));
            }
            bytes.into_owned()
        }
    };
    Ok(Value::String(b64(&bytes)))
}

fn textdecode(a: &[Value]) -> Result<Value, FunctionError> {
    use base64::Engine;
    let text = want_string(a, 0)?;
    let name = want_string(a, 1)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text.as_bytes())
        .map_err(|_| FunctionError::arg(0, "the given value is has an invalid base64 symbol."))?;
    let decoded = match text_encoding(&name, 1)? {
        TextEncoding::Utf16 { big_endian } => {
            let enc = if big_endian {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            enc.decode_without_bom_handling(&bytes).0.into_owned()
        }
        TextEncoding::Other(enc) => enc.decode_without_bom_handling(&bytes).0.into_owned(),
    };
    Ok(Value::String(decoded))
}

/// go-cty-yaml's style: keys and strings double-quoted, multi-line strings
/// as literal blocks, sequences flush with their key.
fn yamlencode(v: &Value) -> String {
    let mut out = String::new();
    match v.unmark().0 {
        // A literal block at the top is indented like any other.
        Value::String(_) => out.push_str(&yaml_scalar(v, 2).unwrap_or_default()),
        // A plain scalar document ends with go-yaml's document end marker.
        Value::Null | Value::TypedNull(_) | Value::Unknown | Value::Bool(_) | Value::Number(_) => {
            out.push_str(&yaml_scalar(v, 0).unwrap_or_default());
            out.push_str("\n...");
        }
        _ => yaml_node(v, 0, &mut out),
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_scalar(v: &Value, indent: usize) -> Option<String> {
    Some(match v.unmark().0 {
        Value::Null | Value::TypedNull(_) | Value::Unknown => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') => {
            let chomp = if s.ends_with("\n\n") {
                "+"
            } else if s.ends_with('\n') {
                ""
            } else {
                "-"
            };
            let pad = " ".repeat(indent);
            let body = s.strip_suffix('\n').unwrap_or(s);
            let lines: Vec<String> = body
                .split('\n')
                .map(|l| {
                    if l.is_empty() {
                        String::new()
                    } else {
                        format!("{pad}{l}")
                    }
                })
                .collect();
            // Text that starts with a space needs an explicit indentation.
            let indicator = if s.starts_with(' ') { "2" } else { "" };
            format!("|{indicator}{chomp}\n{}", lines.join("\n"))
        }
        Value::String(s) => yaml_quote(s),
        Value::List(items) | Value::Set(items) if items.is_empty() => "[]".into(),
        Value::Map(m) if m.is_empty() => "{}".into(),
        _ => return None,
    })
}

fn yaml_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\x{:02X}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Writes `v` as the value of a key or sequence item whose text starts at
/// column `indent`.
fn yaml_node(v: &Value, indent: usize, out: &mut String) {
    if let Some(s) = yaml_scalar(v, indent) {
        out.push_str(&s);
        out.push('\n');
        return;
    }
    let pad = " ".repeat(indent);
    match v.unmark().0 {
        Value::List(items) | Value::Set(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str("- ");
                yaml_node(item, indent + 2, out);
            }
        }
        Value::Map(m) => {
            for (i, (k, item)) in m.iter().enumerate() {
                if i > 0 {
                    out.push_str(&pad);
                }
                out.push_str(&yaml_quote(k));
                out.push(':');
                match (yaml_scalar(item, indent + 2), item.unmark().0) {
                    (Some(s), _) => {
                        out.push(' ');
                        out.push_str(&s);
                        out.push('\n');
                    }
                    // A sequence under a key sits at the key's column.
                    (None, Value::List(_) | Value::Set(_)) => {
                        out.push('\n');
                        out.push_str(&pad);
                        yaml_node(item, indent, out);
                    }
                    (None, _) => {
                        out.push('\n');
                        out.push_str(&" ".repeat(indent + 2));
                        yaml_node(item, indent + 2, out);
                    }
                }
            }
        }
        _ => {}
    }
}

/// Builds values from the parser's events, resolving plain scalars as
/// go-cty-yaml does (YAML 1.1: `yes`, `on` and `n` are booleans, dates are
/// RFC 3339 strings); quoted scalars stay strings.
#[derive(Default)]
struct YamlBuilder {
    stack: Vec<YamlFrame>,
    anchors: std::collections::HashMap<usize, Value>,
    docs: Vec<Value>,
    error: Option<String>,
}

enum YamlFrame {
    Seq(usize, Vec<Value>),
    Map(
        usize,
        std::collections::BTreeMap<String, Value>,
        Option<String>,
    ),
}

impl YamlBuilder {
    fn push_value(&mut self, v: Value, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, v.clone());
        }
        match self.stack.last_mut() {
            None => self.docs.push(v),
            Some(YamlFrame::Seq(_, items)) => items.push(v),
            Some(YamlFrame::Map(_, m, key)) => match key.take() {
                None => match v.to_string_primitive() {
                    Some(k) => *key = Some(k),
                    None if v.is_null() => *key = Some("null".into()),
                    None => {
                        self.error = Some("only scalar keys are supported in YAML mappings.".into())
                    }
                },
                Some(k) => {
                    m.insert(k, v);
                }
            },
        }
    }
}

impl yaml_rust2::parser::MarkedEventReceiver for YamlBuilder {
    fn on_event(&mut self, ev: yaml_rust2::Event, _mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::scanner::TScalarStyle;
        use yaml_rust2::Event;
        match ev {
            Event::Scalar(text, style, anchor, tag) => {
                let v = match (style, tag) {
                    (_, Some(t)) if t.suffix == "str" => Value::String(text),
                    (TScalarStyle::Plain, _) => resolve_plain(&text),
                    _ => Value::String(text),
                };
                self.push_value(v, anchor);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(YamlFrame::Seq(anchor, Vec::new())),
            Event::MappingStart(anchor, _) => {
                self.stack
                    .push(YamlFrame::Map(anchor, Default::default(), None))
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (anchor, v) = match self.stack.pop() {
                    Some(YamlFrame::Seq(a, items)) => (a, Value::List(items.into())),
                    Some(YamlFrame::Map(a, m, _)) => (a, Value::Map(m.into())),
                    None => return,
                };
                self.push_value(v, anchor);
            }
            Event::Alias(id) => {
                let v = self.anchors.get(&id).cloned().unwrap_or(Value::Null);
                self.push_value(v, 0);
            }
            _ => {}
        }
    }
}

fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            return Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            return Value::Bool(false)
        }
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Number(Number::infinity(false))
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Number(Number::infinity(true)),
        _ => {}
    }
    let decimal =
        regex::Regex::new(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$").expect("valid pattern");
    if decimal.is_match(text) {
        if let Some(n) = yaml_number(text.trim_start_matches('+')) {
            return Value::Number(n);
        }
    }
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    if let Some(hex) = digits.strip_prefix("0x") {
        if let Ok(n) = i64::from_str_radix(hex, 16) {
            return Value::Number((sign * n).into());
        }
    }
    if let Some(t) = yaml_timestamp(text) {
        return Value::String(t);
    }
    Value::String(text.to_string())
}

/// A plain YAML number as go-cty-yaml resolves it: its text parsed as
/// cty parses strings, at 512 bits.
fn yaml_number(text: &str) -> Option<Number> {
    Number::parse(text)
}

/// A YAML 1.1 timestamp as Go's RFC 3339 layout prints it: a bare date is
/// midnight UTC, fractions of a second are dropped.
fn yaml_timestamp(text: &str) -> Option<String> {
    let re = regex::Regex::new(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.\d*)?[ \t]*(Z|[-+]\d{1,2}(?::?\d{2})?)?)?$",
    )
    .expect("valid pattern");
    let c = re.captures(text)?;
    let num = |i: usize| {
        c.get(i)
            .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(0))
    };
    let date = format!("{:04}-{:02}-{:02}", num(1), num(2), num(3));
    let zone = match c.get(7).map(|m| m.as_str()) {
        None | Some("Z") => "Z".to_string(),
        Some(z) => {
            let (sign, rest) = z.split_at(1);
            let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
            let (h, m) = if digits.len() <= 2 {
                (digits.as_str(), "00")
            } else {
                digits.split_at(digits.len() - 2)
            };
            let h: u32 = h.parse().unwrap_or(0);
            if h == 0 && m == "00" {
                "Z".to_string()
            } else {
                format!("{sign}{h:02}:{m}")
            }
        }
    };
    Some(format!(
        "{date}T{:02}:{:02}:{:02}{zone}",
        num(4),
        num(5),
        num(6)
    ))
}

fn yamldecode(text: &str) -> Result<Value, FunctionError> {
    let mut builder = YamlBuilder::default();
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    parser.load(&mut builder, true).map_err(|e| {
        FunctionError::call(format!(
            "on line {}, column {}: {}.",
            e.marker().line(),
            e.marker().col() + 1,
            e.info()
        ))
    })?;
    if let Some(e) = builder.error {
        return Err(FunctionError::call(e));
    }
    match builder.docs.len() {
        0 => Err(FunctionError::call(
            "on line 1, column 1: missing start of document.",
        )),
        1 => Ok(builder.docs.remove(0)),
        _ => Err(FunctionError::call(
            "on line 1, column 1: unexpected extra content after value.",
        )),
    }
}
