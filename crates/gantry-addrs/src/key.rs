//! Instance keys: `count.index` (a number) or `each.key` (a string).

use std::fmt;

use serde::{Deserialize, Serialize};

/// The key of one instance of a resource or module call. The derived
/// order is Terraform's: numbers before strings (and, as `Option`, no key
/// before either).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(untagged)]
pub enum InstanceKey {
    Int(i64),
    Str(String),
}

impl fmt::Display for InstanceKey {
    /// As written in an address: `[0]`, `["orders"]`, the string quoted
    /// as HCL would read it back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceKey::Int(i) => write!(f, "[{i}]"),
            InstanceKey::Str(s) => write!(f, "[{}]", hcl_quoted(s)),
        }
    }
}

impl From<i64> for InstanceKey {
    fn from(i: i64) -> InstanceKey {
        InstanceKey::Int(i)
    }
}

impl From<&str> for InstanceKey {
    fn from(s: &str) -> InstanceKey {
        InstanceKey::Str(s.to_string())
    }
}

/// Terraform's `toHCLQuotedString`: quotes, backslash escapes for what
/// cannot appear as is, and `${`/`%{` doubled so that they stay literal.
pub(crate) fn hcl_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if !is_print(c) => {
                let code = c as u32;
                if code < 0x10000 {
                    out.push_str(&format!("\\u{code:04x}"));
                } else {
                    out.push_str(&format!("\\U{code:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Go's `unicode.IsPrint`, for the characters keys hold: graphic
/// characters and the ASCII space; not controls, other spaces, format
/// characters or private use.
fn is_print(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    let code = c as u32;
    let format = matches!(
        code,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
    );
    let private = matches!(code, 0xE000..=0xF8FF | 0xF0000..=0x10FFFF);
    !c.is_control() && !c.is_whitespace() && !format && !private
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_keys_are_quoted_as_terraform_quotes_them() {
        let shown = |s: &str| InstanceKey::from(s).to_string();
        assert_eq!(shown("orders"), r#"["orders"]"#);
        assert_eq!(shown(""), r#"[""]"#);
        assert_eq!(shown("a\"b\\c"), r#"["a\"b\\c"]"#);
        assert_eq!(shown("${x} %{y} $z"), r#"["$${x} %%{y} $z"]"#);
        assert_eq!(shown("a\nb\u{7}\u{a0}é"), r#"["a\nb\u0007\u00a0é"]"#);
        assert_eq!(InstanceKey::Int(-3).to_string(), "[-3]");
    }

    #[test]
    fn numbers_sort_before_strings() {
        let mut keys = vec![
            Some(InstanceKey::from("a")),
            Some(InstanceKey::Int(10)),
            None,
            Some(InstanceKey::Int(2)),
        ];
        keys.sort();
        assert_eq!(
            keys,
            vec![
                None,
                Some(InstanceKey::Int(2)),
                Some(InstanceKey::Int(10)),
                Some(InstanceKey::from("a"))
            ]
        );
    }
}
