//! JSON text as the AWS provider (Go's `encoding/json`) writes it: what a
//! policy sent to an API, or rendered by a data source, looks like there.

use serde_json::Value as Json;

/// The provider's `structure.NormalizeJsonString`: keys sorted at every
/// level, no whitespace, HTML characters escaped. Text that is not JSON is
/// returned as it is (validation reports it).
pub fn normalized(text: &str) -> String {
    match serde_json::from_str::<Json>(text) {
        Ok(v) => go_escape(&serde_json::to_string(&sorted(v)).unwrap_or_default()),
        Err(_) => text.to_string(),
    }
}

/// The provider's `verify.LegacyPolicyNormalize`: [`normalized`], then
/// `"Version":"2012-10-17"` moved to the front, as IAM's legacy parser
/// requires (what `aws_iam_role_policy` sends and stores).
pub fn legacy_normalized(text: &str) -> String {
    const VERSION: &str = "\"Version\":\"2012-10-17\"";
    let n = normalized(text);
    let Some(body) = n.strip_prefix('{') else {
        return n;
    };
    let Some(at) = body.find(VERSION) else {
        return n;
    };
    let before = &body[..at];
    let before = before.strip_suffix(',').unwrap_or(before);
    let after = &body[at + VERSION.len()..];
    let rest = after.strip_prefix(',').unwrap_or(after);
    let mut out = format!("{{{VERSION}");
    if !before.is_empty() {
        out.push(',');
        out.push_str(before);
    }
    if rest != "}" {
        out.push(',');
    }
    out.push_str(rest);
    out
}

/// `v` with the keys of every object in sorted order (serde_json keeps
/// insertion order here).
fn sorted(v: Json) -> Json {
    match v {
        Json::Object(m) => {
            let mut pairs: Vec<(String, Json)> = m.into_iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Json::Object(pairs.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Json::Array(items) => Json::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// What Go's `encoding/json` escapes that serde_json does not.
pub fn go_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_normalized_policies_start_with_their_version() {
        // Terraform 1.11 + provider 5.100 stored this for a jsonencode'd
        // inline role policy.
        assert_eq!(
            legacy_normalized(
                r#"{"Statement":[{"Action":["logs:PutLogEvents"],"Effect":"Allow","Resource":"*"}],"Version":"2012-10-17"}"#
            ),
            r#"{"Version":"2012-10-17","Statement":[{"Action":["logs:PutLogEvents"],"Effect":"Allow","Resource":"*"}]}"#
        );
        assert_eq!(
            legacy_normalized(r#"{"Id":"x","Statement":[],"Version":"2012-10-17"}"#),
            r#"{"Version":"2012-10-17","Id":"x","Statement":[]}"#
        );
        assert_eq!(
            legacy_normalized(r#"{"Version": "2012-10-17"}"#),
            r#"{"Version":"2012-10-17"}"#
        );
        assert_eq!(
            legacy_normalized(r#"{"Statement":[]}"#),
            r#"{"Statement":[]}"#
        );
    }

    #[test]
    fn sorted_compact_and_html_escaped_as_go_writes_it() {
        assert_eq!(
            normalized("{\n \"b\": [ {\"z\": 1, \"a\": \"<&>\"} ],\n \"a\": true }"),
            r#"{"a":true,"b":[{"a":"\u003c\u0026\u003e","z":1}]}"#
        );
        assert_eq!(normalized("not json"), "not json");
    }
}
