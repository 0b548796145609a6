//! `aws_iam_policy_document`, evaluated locally and byte for byte as the
//! AWS provider 5.100 renders it (checked against the provider on the
//! emulator, see `tests/aws/oracle.rs`):
//! - statement fields in the order Sid, Effect, Action, NotAction,
//!   Resource, NotResource, Principal, NotPrincipal, Condition; empty ones
//!   left out;
//! - a set of one string becomes that string; larger sets (actions,
//!   resources, principal identifiers) are sorted in *reverse* order;
//!   condition values keep the configured order;
//! - principals and conditions group by type, test and variable, keys in
//!   sorted order; a lone `*` principal of type `*` is written `"*"`;
//! - `&{var}` is written `${var}` (version 2012-10-17);
//! - Go's `json.MarshalIndent` with two spaces, `<`, `>` and `&` escaped
//!   as `\u003c`, `\u003e` and `\u0026`; `id` is the CRC-32 of `json`;
//! - source documents first, then the statements, then the override
//!   documents; a statement replaces an earlier one of the same Sid.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use serde_json::{Map, Value as Json};

use crate::json::go_escape;
use crate::values::Args;

/// The data source's object for `config`.
pub fn read(config: &Value) -> Result<Value, ProviderError> {
    let a = Args(config);
    let version = a.str("version").unwrap_or("2012-10-17").to_string();
    let mut doc = Doc::default();
    for source in a
        .str("source_json")
        .map(str::to_string)
        .into_iter()
        .chain(a.strings("source_policy_documents"))
    {
        doc.merge(Doc::parse(&source, "source_policy_documents")?);
    }
    let mut own = Doc {
        version: Some(version.clone()),
        id: a.str("policy_id").map(str::to_string),
        statements: Vec::new(),
    };
    if let Value::List(items) = a.get("statement") {
        let mut sids = std::collections::BTreeSet::new();
        for item in items {
            let s = statement(Args(item), &version)?;
            if let Some(sid) = s.get("Sid").and_then(Json::as_str) {
                if !sids.insert(sid.to_string()) {
                    return Err(ProviderError::new(
                        "Duplicate statement ID",
                        format!("Found duplicate sid ({sid}). Either remove the sid or ensure the sid is unique across all statements."),
                    ));
                }
            }
            own.statements.push(s);
        }
    }
    doc.merge(own);
    for over in a
        .str("override_json")
        .map(str::to_string)
        .into_iter()
        .chain(a.strings("override_policy_documents"))
    {
        doc.merge(Doc::parse(&over, "override_policy_documents")?);
    }
    let rendered = doc.to_json();
    let pretty = go_escape(&serde_json::to_string_pretty(&rendered).unwrap_or_default());
    let minified = go_escape(&serde_json::to_string(&rendered).unwrap_or_default());
    let mut out = match config.unmark().0 {
        Value::Map(m) => m.clone(),
        _ => Default::default(),
    };
    out.insert(
        "id".into(),
        Value::string(crc32fast::hash(pretty.as_bytes()).to_string()),
    );
    out.insert("json".into(), Value::string(pretty));
    out.insert("minified_json".into(), Value::string(minified));
    out.insert("version".into(), Value::string(version));
    if let Some(Value::List(items)) = out.get_mut("statement") {
        for item in items.iter_mut() {
            stored_statement(item);
        }
    }
    Ok(Value::Map(out))
}

/// A statement as the provider stores it (SDKv2 inside a nested block):
/// an unset sid is `""`, the effect defaults to `Allow`, unset sets are
/// empty.
fn stored_statement(item: &mut Value) {
    let Value::Map(m) = item else { return };
    let mut set = |k: &str, zero: Value| {
        let v = m.entry(k.to_string()).or_insert(Value::Null);
        if v.is_null() {
            *v = zero;
        }
    };
    set("sid", Value::string(""));
    set("effect", Value::string("Allow"));
    for k in ["actions", "not_actions", "resources", "not_resources"] {
        set(k, Value::Set(Vec::new().into()));
    }
}

#[derive(Debug, Default)]
struct Doc {
    version: Option<String>,
    id: Option<String>,
    /// Each statement with its fields in the provider's order.
    statements: Vec<Map<String, Json>>,
}

impl Doc {
    fn parse(text: &str, from: &str) -> Result<Doc, ProviderError> {
        let bad = |why: String| {
            ProviderError::new(
                "Invalid policy document",
                format!("A document in {from} is not an IAM policy: {why}"),
            )
        };
        let j: Json = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        let Json::Object(o) = j else {
            return Err(bad("it is not a JSON object".into()));
        };
        let statements = match o.get("Statement") {
            None | Some(Json::Null) => Vec::new(),
            Some(Json::Array(items)) => items.clone(),
            Some(one @ Json::Object(_)) => vec![one.clone()],
            Some(_) => return Err(bad("Statement is neither a list nor an object".into())),
        };
        Ok(Doc {
            version: o.get("Version").and_then(Json::as_str).map(str::to_string),
            id: o.get("Id").and_then(Json::as_str).map(str::to_string),
            statements: statements
                .into_iter()
                .map(|s| match s {
                    Json::Object(m) => Ok(parsed_statement(m)),
                    _ => Err(bad("a statement is not an object".into())),
                })
                .collect::<Result<_, _>>()?,
        })
    }

    /// The provider's `IAMPolicyDoc.Merge`.
    fn merge(&mut self, new: Doc) {
        if let Some(id) = new.id.filter(|i| !i.is_empty()) {
            self.id = Some(id);
        }
        if new.version > self.version {
            self.version = new.version;
        }
        for s in new.statements {
            let sid = s
                .get("Sid")
                .and_then(Json::as_str)
                .filter(|x| !x.is_empty());
            let existing = sid.and_then(|sid| {
                self.statements
                    .iter()
                    .position(|e| e.get("Sid").and_then(Json::as_str) == Some(sid))
            });
            match existing {
                Some(i) => self.statements[i] = s,
                None => self.statements.push(s),
            }
        }
    }

    fn to_json(&self) -> Json {
        let mut o = Map::new();
        if let Some(v) = self.version.as_ref().filter(|v| !v.is_empty()) {
            o.insert("Version".into(), Json::String(v.clone()));
        }
        if let Some(id) = self.id.as_ref().filter(|v| !v.is_empty()) {
            o.insert("Id".into(), Json::String(id.clone()));
        }
        if !self.statements.is_empty() {
            o.insert(
                "Statement".into(),
                Json::Array(self.statements.iter().cloned().map(Json::Object).collect()),
            );
        }
        Json::Object(o)
    }
}

/// One configured `statement` block.
fn statement(s: Args, version: &str) -> Result<Map<String, Json>, ProviderError> {
    let vars = |v: String| replace_vars(v, version);
    let mut o = Map::new();
    if let Some(sid) = s.str("sid") {
        o.insert("Sid".into(), Json::String(sid.into()));
    }
    o.insert(
        "Effect".into(),
        Json::String(s.str("effect").unwrap_or("Allow").into()),
    );
    for (arg, key, replace) in [
        ("actions", "Action", false),
        ("not_actions", "NotAction", false),
        ("resources", "Resource", true),
        ("not_resources", "NotResource", true),
    ] {
        let mut items = s.strings(arg);
        if replace {
            items = items.into_iter().map(vars).collect::<Result<_, _>>()?;
        }
        if let Some(j) = string_or_reversed(items) {
            o.insert(key.into(), j);
        }
    }
    for (block, key) in [
        ("principals", "Principal"),
        ("not_principals", "NotPrincipal"),
    ] {
        let mut set: Vec<(String, Json)> = Vec::new();
        for p in items(s.get(block)) {
            let p = Args(p);
            let ids: Vec<String> = p
                .strings("identifiers")
                .into_iter()
                .map(vars)
                .collect::<Result<_, _>>()?;
            if let Some(j) = string_or_reversed(ids) {
                set.push((p.str("type").unwrap_or_default().to_string(), j));
            }
        }
        if let Some(j) = principals(set) {
            o.insert(key.into(), j);
        }
    }
    let mut conditions: Vec<(String, String, Json)> = Vec::new();
    for c in items(s.get("condition")) {
        let c = Args(c);
        let values: Vec<String> = c
            .strings("values")
            .into_iter()
            .map(vars)
            .collect::<Result<_, _>>()?;
        let j = match values.as_slice() {
            [] => continue,
            [one] => Json::String(one.clone()),
            _ => Json::Array(values.into_iter().map(Json::String).collect()),
        };
        conditions.push((
            c.str("test").unwrap_or_default().to_string(),
            c.str("variable").unwrap_or_default().to_string(),
            j,
        ));
    }
    if let Some(j) = condition_map(conditions) {
        o.insert("Condition".into(), j);
    }
    Ok(o)
}

fn items(v: &Value) -> &[Value] {
    match v {
        Value::List(items) | Value::Set(items) => items,
        _ => &[],
    }
}

/// The provider's `policyDecodeConfigStringList`: one string as itself,
/// more as a list in reverse order.
fn string_or_reversed(mut items: Vec<String>) -> Option<Json> {
    match items.len() {
        0 => None,
        1 => items.pop().map(Json::String),
        _ => {
            items.sort_by(|a, b| b.cmp(a));
            Some(Json::Array(items.into_iter().map(Json::String).collect()))
        }
    }
}

/// Principals grouped by type (sorted); a single `{"*": "*"}` is `"*"`.
fn principals(set: Vec<(String, Json)>) -> Option<Json> {
    if set.is_empty() {
        return None;
    }
    if let [(t, ids)] = set.as_slice() {
        let star = match ids {
            Json::String(s) => s == "*",
            Json::Array(a) => a.len() == 1 && a[0] == "*",
            _ => false,
        };
        if t == "*" && star {
            return Some(Json::String("*".into()));
        }
    }
    let mut by_type: std::collections::BTreeMap<String, Json> = Default::default();
    for (t, ids) in set {
        let merged = match (by_type.remove(&t), ids) {
            (None, ids) => ids,
            (Some(Json::String(a)), Json::String(b)) => Json::Array(vec![a.into(), b.into()]),
            (Some(prev), Json::Array(more)) => {
                let mut all = match prev {
                    Json::Array(xs) => xs,
                    other => vec![other],
                };
                all.extend(more);
                Json::Array(all)
            }
            (Some(Json::Array(mut xs)), one) => {
                xs.push(one);
                Json::Array(xs)
            }
            (Some(_), ids) => ids,
        };
        by_type.insert(t, merged);
    }
    Some(Json::Object(by_type.into_iter().collect()))
}

/// Conditions grouped by test, then variable (both sorted); values of the
/// same test and variable are appended.
fn condition_map(conditions: Vec<(String, String, Json)>) -> Option<Json> {
    if conditions.is_empty() {
        return None;
    }
    type ByVariable = std::collections::BTreeMap<String, Json>;
    let mut by_test: std::collections::BTreeMap<String, ByVariable> = Default::default();
    for (test, variable, values) in conditions {
        let vars = by_test.entry(test).or_default();
        let merged = match (vars.remove(&variable), values) {
            (None, v) => v,
            (Some(Json::Array(mut xs)), Json::Array(more)) => {
                xs.extend(more);
                Json::Array(xs)
            }
            (Some(_), v) => v,
        };
        vars.insert(variable, merged);
    }
    Some(Json::Object(
        by_test
            .into_iter()
            .map(|(t, vars)| (t, Json::Object(vars.into_iter().collect())))
            .collect(),
    ))
}

/// A statement from a source or override document, its fields in the
/// provider's order and its principals normalised as the provider's
/// unmarshalling does (identifier lists in reverse order).
fn parsed_statement(mut m: Map<String, Json>) -> Map<String, Json> {
    let mut o = Map::new();
    for key in [
        "Sid",
        "Effect",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Principal",
        "NotPrincipal",
        "Condition",
    ] {
        let Some(v) = m.remove(key) else { continue };
        let v = match (key, v) {
            ("Principal" | "NotPrincipal", Json::Object(p)) => {
                let mut sorted: Vec<(String, Json)> = p.into_iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                Json::Object(
                    sorted
                        .into_iter()
                        .map(|(t, ids)| {
                            let ids = match ids {
                                Json::Array(mut xs) => {
                                    xs.sort_by(|a, b| {
                                        b.as_str().unwrap_or("").cmp(a.as_str().unwrap_or(""))
                                    });
                                    Json::Array(xs)
                                }
                                other => other,
                            };
                            (t, ids)
                        })
                        .collect(),
                )
            }
            ("Principal" | "NotPrincipal", Json::String(_)) => Json::String("*".into()),
            ("Condition", Json::Object(c)) => Json::Object(sorted_deep(c)),
            (_, v) => v,
        };
        if matches!(&v, Json::String(s) if s.is_empty()) || v.is_null() {
            continue;
        }
        o.insert(key.into(), v);
    }
    o
}

fn sorted_deep(m: Map<String, Json>) -> Map<String, Json> {
    let mut pairs: Vec<(String, Json)> = m.into_iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    pairs
        .into_iter()
        .map(|(k, v)| match v {
            Json::Object(inner) => (k, Json::Object(sorted_deep(inner))),
            other => (k, other),
        })
        .collect()
}

/// `&{aws:username}` is how a configuration writes `${aws:username}`
/// (HCL would interpolate the latter); version 2008-10-17 has no policy
/// variables.
fn replace_vars(s: String, version: &str) -> Result<String, ProviderError> {
    if !s.contains("&{") {
        return Ok(s);
    }
    if version == "2008-10-17" {
        return Err(ProviderError::new(
            "Invalid policy variable",
            format!("found &{{ sequence in ({s}), which is not supported in document version 2008-10-17"),
        ));
    }
    Ok(s.replace("&{", "${"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(pairs: Vec<(&str, Value)>) -> Value {
        Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
    }

    fn strings(xs: &[&str]) -> Value {
        Value::List(xs.iter().map(|x| Value::string(*x)).collect())
    }

    fn json_of(config: &Value) -> (String, String, String) {
        let v = read(config).unwrap();
        let a = Args(&v);
        (
            a.str("json").unwrap().to_string(),
            a.str("minified_json").unwrap().to_string(),
            a.str("id").unwrap().to_string(),
        )
    }

    /// Every expected value below is what Terraform 1.11 with the AWS
    /// provider 5.100 rendered for the same configuration.
    #[test]
    fn renders_as_the_provider_does() {
        let principal = |t: &str, ids: &[&str]| {
            obj(vec![
                ("type", Value::string(t)),
                ("identifiers", strings(ids)),
            ])
        };
        let condition = |t: &str, var: &str, vals: &[&str]| {
            obj(vec![
                ("test", Value::string(t)),
                ("variable", Value::string(var)),
                ("values", strings(vals)),
            ])
        };
        let config = obj(vec![(
            "statement",
            Value::List(
                vec![
                    obj(vec![
                        ("sid", Value::string("One")),
                        (
                            "actions",
                            strings(&["s3:GetObject", "s3:ListBucket", "ec2:Describe*"]),
                        ),
                        (
                            "resources",
                            strings(&["arn:aws:s3:::b/&{aws:username}/*", "arn:aws:s3:::a"]),
                        ),
                        (
                            "principals",
                            Value::List(
                                vec![
                                    principal(
                                        "AWS",
                                        &[
                                            "arn:aws:iam::123456789012:root",
                                            "arn:aws:iam::210987654321:root",
                                        ],
                                    ),
                                    principal("Service", &["lambda.amazonaws.com"]),
                                ]
                                .into(),
                            ),
                        ),
                        (
                            "condition",
                            Value::List(
                                vec![
                                    condition("StringLike", "aws:SourceArn", &["b<x>&", "a", "c"]),
                                    condition("StringLike", "aws:Other", &["z"]),
                                    condition("Bool", "aws:SecureTransport", &["true"]),
                                ]
                                .into(),
                            ),
                        ),
                    ]),
                    obj(vec![
                        ("effect", Value::string("Deny")),
                        ("not_actions", strings(&["iam:*"])),
                        ("not_resources", strings(&["*"])),
                        (
                            "not_principals",
                            Value::List(vec![principal("*", &["*"])].into()),
                        ),
                    ]),
                ]
                .into(),
            ),
        )]);
        let (_, minified, id) = json_of(&config);
        assert_eq!(
            minified,
            r#"{"Version":"2012-10-17","Statement":[{"Sid":"One","Effect":"Allow","Action":["s3:ListBucket","s3:GetObject","ec2:Describe*"],"Resource":["arn:aws:s3:::b/${aws:username}/*","arn:aws:s3:::a"],"Principal":{"AWS":["arn:aws:iam::210987654321:root","arn:aws:iam::123456789012:root"],"Service":"lambda.amazonaws.com"},"Condition":{"Bool":{"aws:SecureTransport":"true"},"StringLike":{"aws:Other":"z","aws:SourceArn":["b\u003cx\u003e\u0026","a","c"]}}},{"Effect":"Deny","NotAction":"iam:*","NotResource":"*","NotPrincipal":"*"}]}"#
        );
        assert_eq!(id, "1446486719");

        let empty = json_of(&obj(vec![]));
        assert_eq!(empty.0, "{\n  \"Version\": \"2012-10-17\"\n}");
        assert_eq!(empty.2, "1132004489");
    }

    #[test]
    fn sources_then_statements_then_overrides() {
        let assume = obj(vec![
            ("policy_id", Value::string("pid")),
            (
                "statement",
                Value::List(
                    vec![obj(vec![
                        ("actions", strings(&["sts:AssumeRole"])),
                        (
                            "principals",
                            Value::List(
                                vec![obj(vec![
                                    ("type", Value::string("Service")),
                                    ("identifiers", strings(&["apigateway.amazonaws.com"])),
                                ])]
                                .into(),
                            ),
                        ),
                    ])]
                    .into(),
                ),
            ),
        ]);
        let (assume_json, _, assume_id) = json_of(&assume);
        assert_eq!(assume_id, "3694722135");
        let merged = obj(vec![
            ("source_policy_documents", strings(&[&assume_json])),
            (
                "override_policy_documents",
                strings(&[
                    r#"{"Statement":[{"Action":["b:x","a:y"],"Effect":"Allow","Resource":"*","Sid":"Over"}],"Version":"2012-10-17"}"#,
                ]),
            ),
            (
                "statement",
                Value::List(
                    vec![obj(vec![
                        ("sid", Value::string("Mine")),
                        ("actions", strings(&["logs:CreateLogGroup"])),
                        ("resources", strings(&["*"])),
                    ])]
                    .into(),
                ),
            ),
        ]);
        let (_, minified, id) = json_of(&merged);
        assert_eq!(
            minified,
            r#"{"Version":"2012-10-17","Id":"pid","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"apigateway.amazonaws.com"}},{"Sid":"Mine","Effect":"Allow","Action":"logs:CreateLogGroup","Resource":"*"},{"Sid":"Over","Effect":"Allow","Action":["b:x","a:y"],"Resource":"*"}]}"#
        );
        assert_eq!(id, "2566535734");
    }

    #[test]
    fn a_repeated_sid_is_an_error() {
        let s = obj(vec![("sid", Value::string("A"))]);
        let config = obj(vec![("statement", Value::List(vec![s.clone(), s].into()))]);
        assert!(read(&config).unwrap_err().detail.contains("duplicate sid"));
    }
}
