//! The arguments of Terraform 1.11's `local` and `s3` backends, their
//! types, and the value conversions Terraform applies to what a backend
//! block (or `-backend-config`) says. Terraform records every argument of
//! the schema in `.terraform/terraform.tfstate` (null when unset) and
//! hashes the typed value, so the names and types must be exactly its own.

use serde_json::{Map, Value};

/// A backend argument's type (cty's, as far as backends use them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    Bool,
    Num,
    /// `set(string)`: elements sorted and unique, as cty orders them.
    SetStr,
    ListStr,
    MapStr,
    Object(&'static [(&'static str, Ty)]),
}

pub type Schema = &'static [(&'static str, Ty)];

pub const LOCAL: Schema = &[("path", Ty::Str), ("workspace_dir", Ty::Str)];

const ASSUME_ROLE: Schema = &[
    ("duration", Ty::Str),
    ("external_id", Ty::Str),
    ("policy", Ty::Str),
    ("policy_arns", Ty::SetStr),
    ("role_arn", Ty::Str),
    ("session_name", Ty::Str),
    ("source_identity", Ty::Str),
    ("tags", Ty::MapStr),
    ("transitive_tag_keys", Ty::SetStr),
];

const ASSUME_ROLE_WITH_WEB_IDENTITY: Schema = &[
    ("duration", Ty::Str),
    ("policy", Ty::Str),
    ("policy_arns", Ty::SetStr),
    ("role_arn", Ty::Str),
    ("session_name", Ty::Str),
    ("web_identity_token", Ty::Str),
    ("web_identity_token_file", Ty::Str),
];

const ENDPOINTS: Schema = &[
    ("dynamodb", Ty::Str),
    ("iam", Ty::Str),
    ("s3", Ty::Str),
    ("sso", Ty::Str),
    ("sts", Ty::Str),
];

/// Terraform 1.11's S3 backend, sorted by name (the order of its hash).
pub const S3: Schema = &[
    ("access_key", Ty::Str),
    ("acl", Ty::Str),
    ("allowed_account_ids", Ty::SetStr),
    ("assume_role", Ty::Object(ASSUME_ROLE)),
    (
        "assume_role_with_web_identity",
        Ty::Object(ASSUME_ROLE_WITH_WEB_IDENTITY),
    ),
    ("bucket", Ty::Str),
    ("custom_ca_bundle", Ty::Str),
    ("dynamodb_endpoint", Ty::Str),
    ("dynamodb_table", Ty::Str),
    ("ec2_metadata_service_endpoint", Ty::Str),
    ("ec2_metadata_service_endpoint_mode", Ty::Str),
    ("encrypt", Ty::Bool),
    ("endpoint", Ty::Str),
    ("endpoints", Ty::Object(ENDPOINTS)),
    ("forbidden_account_ids", Ty::SetStr),
    ("force_path_style", Ty::Bool),
    ("http_proxy", Ty::Str),
    ("https_proxy", Ty::Str),
    ("iam_endpoint", Ty::Str),
    ("insecure", Ty::Bool),
    ("key", Ty::Str),
    ("kms_key_id", Ty::Str),
    ("max_retries", Ty::Num),
    ("no_proxy", Ty::Str),
    ("profile", Ty::Str),
    ("region", Ty::Str),
    ("retry_mode", Ty::Str),
    ("secret_key", Ty::Str),
    ("shared_config_files", Ty::ListStr),
    ("shared_credentials_file", Ty::Str),
    ("shared_credentials_files", Ty::ListStr),
    ("skip_credentials_validation", Ty::Bool),
    ("skip_metadata_api_check", Ty::Bool),
    ("skip_region_validation", Ty::Bool),
    ("skip_requesting_account_id", Ty::Bool),
    ("skip_s3_checksum", Ty::Bool),
    ("sse_customer_key", Ty::Str),
    ("sts_endpoint", Ty::Str),
    ("sts_region", Ty::Str),
    ("token", Ty::Str),
    ("use_dualstack_endpoint", Ty::Bool),
    ("use_fips_endpoint", Ty::Bool),
    ("use_lockfile", Ty::Bool),
    ("use_path_style", Ty::Bool),
    ("workspace_key_prefix", Ty::Str),
];

pub fn of(backend_type: &str) -> Option<Schema> {
    match backend_type {
        "local" => Some(LOCAL),
        "s3" => Some(S3),
        _ => None,
    }
}

pub fn lookup(schema: Schema, name: &str) -> Option<Ty> {
    schema.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Converts `v` to `ty` as cty converts a literal: strings to bools
/// ("true"/"false") and numbers, numbers and bools to strings. `Err` says
/// what was expected.
pub fn convert(v: &Value, ty: Ty) -> Result<Value, String> {
    if v.is_null() {
        return Ok(Value::Null);
    }
    match ty {
        Ty::Str => match v {
            Value::String(_) => Ok(v.clone()),
            Value::Bool(b) => Ok(Value::String(b.to_string())),
            Value::Number(n) => Ok(Value::String(n.to_string())),
            _ => Err("string required".into()),
        },
        Ty::Bool => match v {
            Value::Bool(_) => Ok(v.clone()),
            Value::String(s) if s == "true" => Ok(Value::Bool(true)),
            Value::String(s) if s == "false" => Ok(Value::Bool(false)),
            _ => Err("bool required".into()),
        },
        Ty::Num => match v {
            Value::Number(_) => Ok(v.clone()),
            Value::String(s) => s
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .map_err(|_| "number required".into()),
            _ => Err("number required".into()),
        },
        Ty::SetStr | Ty::ListStr => {
            let Value::Array(items) = v else {
                return Err(format!(
                    "{} of string required",
                    if ty == Ty::SetStr { "set" } else { "list" }
                ));
            };
            let mut out = items
                .iter()
                .map(|i| convert(i, Ty::Str))
                .collect::<Result<Vec<_>, _>>()?;
            if ty == Ty::SetStr {
                out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                out.dedup();
            }
            Ok(Value::Array(out))
        }
        Ty::MapStr => {
            let Value::Object(m) = v else {
                return Err("map of string required".into());
            };
            let mut out = Map::new();
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            for k in keys {
                out.insert(k.clone(), convert(&m[k], Ty::Str)?);
            }
            Ok(Value::Object(out))
        }
        Ty::Object(fields) => {
            let Value::Object(m) = v else {
                return Err("object required".into());
            };
            if let Some(extra) = m.keys().find(|k| lookup(fields, k).is_none()) {
                return Err(format!("unsupported attribute {extra:?}"));
            }
            let mut out = Map::new();
            for (name, t) in fields {
                let value = match m.get(*name) {
                    Some(x) => convert(x, *t).map_err(|e| format!("{name}: {e}"))?,
                    None => Value::Null,
                };
                out.insert((*name).to_string(), value);
            }
            Ok(Value::Object(out))
        }
    }
}

/// Every argument of `schema`, null where `given` has none, as Terraform
/// records a backend's configuration.
pub fn complete(schema: Schema, given: &Map<String, Value>) -> Map<String, Value> {
    schema
        .iter()
        .map(|(name, _)| {
            (
                (*name).to_string(),
                given.get(*name).cloned().unwrap_or(Value::Null),
            )
        })
        .collect()
}

/// Terraform's hash of a backend configuration: cty's hash of the tuple
/// (type, typed configuration), a CRC-32 of cty's canonical encoding.
/// Terraform compares it with the recorded one to tell whether the
/// backend block changed since `init`.
pub fn hash(backend_type: &str, schema: Schema, config: &Map<String, Value>) -> u32 {
    let mut buf = String::new();
    buf.push('<');
    encode(&Value::String(backend_type.into()), Ty::Str, &mut buf);
    buf.push(';');
    encode(&Value::Object(config.clone()), Ty::Object(schema), &mut buf);
    buf.push_str(";>");
    crc32fast::hash(buf.as_bytes())
}

fn encode(v: &Value, ty: Ty, buf: &mut String) {
    if v.is_null() {
        buf.push('~');
        return;
    }
    match (ty, v) {
        (Ty::Bool, Value::Bool(b)) => buf.push(if *b { 'T' } else { 'F' }),
        (Ty::Num, Value::Number(n)) => buf.push_str(&n.to_string()),
        (Ty::Str, Value::String(s)) => go_quote(s, buf),
        (Ty::SetStr | Ty::ListStr, Value::Array(items)) => {
            buf.push('[');
            for i in items {
                encode(i, Ty::Str, buf);
                buf.push(';');
            }
            buf.push(']');
        }
        (Ty::MapStr, Value::Object(m)) => {
            buf.push('{');
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            for k in keys {
                go_quote(k, buf);
                buf.push(':');
                encode(&m[k], Ty::Str, buf);
                buf.push(';');
            }
            buf.push('}');
        }
        (Ty::Object(fields), Value::Object(m)) => {
            buf.push('<');
            for (name, t) in fields {
                encode(m.get(*name).unwrap_or(&Value::Null), *t, buf);
                buf.push(';');
            }
            buf.push('>');
        }
        // Converted values always match their type.
        _ => buf.push('?'),
    }
}

/// Go's `%q` of a string: double quotes, backslash escapes for quotes,
/// backslashes and control characters, printable Unicode as it is.
fn go_quote(s: &str, buf: &mut String) {
    buf.push('"');
    for c in s.chars() {
        match c {
            '"' => buf.push_str("\\\""),
            '\\' => buf.push_str("\\\\"),
            '\n' => buf.push_str("\\n"),
            '\t' => buf.push_str("\\t"),
            '\r' => buf.push_str("\\r"),
            '\u{7}' => buf.push_str("\\a"),
            '\u{8}' => buf.push_str("\\b"),
            '\u{c}' => buf.push_str("\\f"),
            '\u{b}' => buf.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                buf.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => buf.push(c),
        }
    }
    buf.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn typed(schema: Schema, v: Value) -> Map<String, Value> {
        let Value::Object(m) = convert(&v, Ty::Object(schema)).unwrap() else {
            unreachable!()
        };
        m
    }

    /// Hashes Terraform 1.11.4 recorded for these backend blocks.
    #[test]
    fn hashes_as_terraform() {
        let local = typed(LOCAL, json!({"path": "x.tfstate"}));
        assert_eq!(hash("local", LOCAL, &local), 2326359980);
        let s3 = typed(
            S3,
            json!({
                "access_key": "000000000000", "bucket": "tfstate", "endpoints": {"s3": "http://127.0.0.1:46187"},
                "key": "team/api.tfstate", "region": "us-east-1", "secret_key": "test",
                "skip_credentials_validation": true, "skip_metadata_api_check": true,
                "skip_region_validation": true, "skip_requesting_account_id": true,
                "skip_s3_checksum": true, "use_lockfile": true, "use_path_style": true,
            }),
        );
        assert_eq!(hash("s3", S3, &s3), 4028612648);
        let s3 = typed(
            S3,
            json!({
                "access_key": "000000000000", "bucket": "tfstate", "key": "b.tfstate",
                "endpoints": {"s3": "http://127.0.0.1:46187", "sts": "http://127.0.0.1:46187"},
                "region": "us-east-1", "secret_key": "test", "max_retries": 3,
                "skip_credentials_validation": true, "skip_requesting_account_id": true,
                "use_path_style": true,
                "assume_role": {"role_arn": "arn:aws:iam::000000000000:role/x", "session_name": "sess",
                    "policy_arns": ["arn:aws:iam::aws:policy/a"], "tags": {"a": "b"}, "transitive_tag_keys": ["a"]},
            }),
        );
        assert_eq!(hash("s3", S3, &s3), 246311741);
    }

    #[test]
    fn converts_as_cty() {
        assert_eq!(convert(&json!("true"), Ty::Bool), Ok(json!(true)));
        assert!(convert(&json!("yes"), Ty::Bool).is_err());
        assert_eq!(convert(&json!("3"), Ty::Num), Ok(json!(3)));
        assert_eq!(convert(&json!(3), Ty::Str), Ok(json!("3")));
        assert_eq!(
            convert(&json!(["b", "a", "b"]), Ty::SetStr),
            Ok(json!(["a", "b"]))
        );
        assert!(convert(&json!({"s4": "x"}), Ty::Object(ENDPOINTS)).is_err());
    }
}
