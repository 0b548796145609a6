//! Values and their differences, laid out as Terraform's plan renderer
//! lays them out: a symbol column two characters left of the content,
//! nesting by four spaces, keys padded to the longest in their object,
//! unchanged entries collapsed, multi-line strings as heredocs with a line
//! diff, and JSON strings as `jsonencode(...)` with a structural diff.

use std::collections::BTreeSet;

use gantry_config::value::Value;

use crate::convert::same;

/// How an object's keys print: `"quoted"` for maps, bare for objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Map,
    Object,
}

pub const UNKNOWN: &str = "(known after apply)";
pub const SENSITIVE: &str = "(sensitive value)";

pub(crate) fn spaces(n: usize) -> String {
    " ".repeat(n)
}

/// A line whose content starts at `col`, with `sym` two columns left.
pub(crate) fn line(col: usize, sym: char, text: &str) -> String {
    format!("{}{sym} {text}", spaces(col.saturating_sub(2)))
}

/// Go's `%q`, which Terraform uses for strings.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

pub(crate) fn key_text(k: &str, keys: Keys) -> String {
    match keys {
        Keys::Object if is_identifier(k) => k.to_string(),
        _ => quote(k),
    }
}

/// A string Terraform shows structurally: it starts with `{` or `[` and
/// parses as JSON.
fn as_json(v: &Value) -> Option<Value> {
    let s = v.as_str()?;
    let t = s.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    gantry_syntax::json::from_str::<serde_json::Value>(s)
        .ok()
        .map(|j| Value::from_json(&j))
}

fn is_multiline(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.contains('\n'))
}

/// The whole value, every nested entry marked `sym` (a create or a
/// delete). The first line continues the line that names it.
pub fn full(v: &Value, col: usize, sym: char, keys: Keys) -> Vec<String> {
    match v {
        Value::Null | Value::TypedNull(_) => vec!["null".into()],
        Value::Unknown => vec![UNKNOWN.into()],
        Value::Sensitive(_) => vec![SENSITIVE.into()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Number(n) => vec![n.to_string()],
        Value::String(s) => {
            if let Some(j) = as_json(v) {
                let mut out = vec!["jsonencode(".to_string()];
                let inner = full(&j, col + 4, sym, Keys::Object);
                out.push(format!("{}{}", spaces(col + 4), inner[0]));
                out.extend(inner.into_iter().skip(1));
                out.push(format!("{})", spaces(col)));
                out
            } else if s.contains('\n') {
                let mut out = vec!["<<-EOT".to_string()];
                for l in s.trim_end_matches('\n').split('\n') {
                    out.push(line(col + 4, ' ', l).trim_end().to_string());
                }
                out.push(format!("{}EOT", spaces(col)));
                out
            } else {
                vec![quote(s)]
            }
        }
        Value::List(items) | Value::Set(items) => {
            if items.is_empty() {
                return vec!["[]".into()];
            }
            let mut out = vec!["[".to_string()];
            for i in items {
                let mut lines = full(i, col + 4, sym, keys);
                if let Some(last) = lines.last_mut() {
                    last.push(',');
                }
                out.push(line(col + 4, sym, &lines[0]));
                out.extend(lines.into_iter().skip(1));
            }
            out.push(format!("{}]", spaces(col)));
            out
        }
        Value::Map(m) => {
            if m.is_empty() {
                return vec!["{}".into()];
            }
            let pad = m
                .keys()
                .map(|k| key_text(k, keys).chars().count())
                .max()
                .unwrap_or(0);
            let mut out = vec!["{".to_string()];
            for (k, x) in m {
                if x.is_null() && sym != ' ' && keys == Keys::Object {
                    continue;
                }
                let lines = full(x, col + 4, sym, keys);
                let name = format!("{:pad$}", key_text(k, keys));
                out.push(line(col + 4, sym, &format!("{name} = {}", lines[0])));
                out.extend(lines.into_iter().skip(1));
            }
            out.push(format!("{}}}", spaces(col)));
            out
        }
    }
}

/// One named entry (attribute or map element) at content column `col`.
/// `before`/`after` are `None` when absent (or null). Returns false when the
/// entry is unchanged and was not printed (the caller counts it hidden).
#[allow(clippy::too_many_arguments)]
pub fn entry(
    out: &mut Vec<String>,
    col: usize,
    name: &str,
    before: Option<&Value>,
    after: Option<&Value>,
    force: bool,
    keys: Keys,
    show_unchanged: bool,
    null_suffix: bool,
) -> bool {
    let suffix = if force { " # forces replacement" } else { "" };
    let push = |out: &mut Vec<String>, sym: char, lines: Vec<String>, tail: &str| {
        let n = lines.len();
        for (i, l) in lines.into_iter().enumerate() {
            let tail_here = if i + 1 == n { tail } else { "" };
            let force_here = if i == 0 { suffix } else { "" };
            if i == 0 {
                out.push(line(
                    col,
                    sym,
                    &format!("{name} = {l}{force_here}{tail_here}"),
                ));
            } else {
                out.push(format!("{l}{tail_here}"));
            }
        }
    };
    match (before, after) {
        (None, None) => false,
        (None, Some(a)) => {
            push(out, '+', full(a, col, '+', keys), "");
            true
        }
        (Some(b), None) => {
            let tail = if null_suffix { " -> null" } else { "" };
            push(out, '-', full(b, col, '-', keys), tail);
            true
        }
        (Some(b), Some(a)) if same(b, a) => {
            if show_unchanged {
                push(out, ' ', full(b, col, ' ', keys), "");
            }
            show_unchanged
        }
        (Some(b), Some(a)) => {
            push(out, '~', changed(b, a, col, keys), "");
            true
        }
    }
}

/// The text after `name = ` for a value that changed, first line first.
fn changed(b: &Value, a: &Value, col: usize, keys: Keys) -> Vec<String> {
    if b.is_sensitive() || a.is_sensitive() {
        return vec![SENSITIVE.into()];
    }
    if a.is_unknown() {
        let mut lines = full(b, col, '-', keys);
        if let Some(last) = lines.last_mut() {
            last.push_str(&format!(" -> {UNKNOWN}"));
        }
        return lines;
    }
    match (b, a) {
        (Value::Map(x), Value::Map(y)) => {
            let mut out = vec!["{".to_string()];
            // As Terraform's renderers: a map's removed element ends in
            // `-> null`, an object's removed attribute does not.
            object_diff(
                &mut out,
                col + 4,
                x,
                y,
                &|_| keys,
                keys,
                &BTreeSet::new(),
                &[],
                keys == Keys::Map,
                false,
            );
            out.push(format!("{}}}", spaces(col)));
            out
        }
        (Value::List(x), Value::List(y)) | (Value::Set(x), Value::Set(y)) => {
            let mut out = vec!["[".to_string()];
            list_diff(&mut out, col + 4, x, y, keys);
            out.push(format!("{}]", spaces(col)));
            out
        }
        _ => {
            if let (Some(jb), Some(ja)) = (as_json(b), as_json(a)) {
                if same(&jb, &ja) {
                    let mut lines = full(a, col, ' ', keys);
                    if let Some(first) = lines.first_mut() {
                        first.push_str(" # whitespace changes");
                    }
                    return lines;
                }
                let mut out = vec!["jsonencode(".to_string()];
                let inner = changed(&jb, &ja, col + 4, Keys::Object);
                out.push(line(col + 4, '~', &inner[0]));
                out.extend(inner.into_iter().skip(1));
                out.push(format!("{})", spaces(col)));
                return out;
            }
            if is_multiline(b) || is_multiline(a) {
                if let (Some(x), Some(y)) = (b.as_str(), a.as_str()) {
                    return heredoc_diff(x, y, col);
                }
            }
            let old = full(b, col, '-', keys);
            let new = full(a, col, '+', keys);
            if old.len() == 1 && new.len() == 1 {
                return vec![format!("{} -> {}", old[0], new[0])];
            }
            let mut lines = old;
            if let Some(last) = lines.last_mut() {
                last.push_str(&format!(" -> {}", new[0]));
            }
            lines.extend(new.into_iter().skip(1));
            lines
        }
    }
}

/// Entries of two objects at content column `col`: changed ones shown,
/// unchanged ones counted into a `# (N unchanged ... hidden)` line, except
/// those in `always` (Terraform always shows `id`, `name` and `tags`).
/// `noun` is the kind of this object: how its keys print and what its
/// hidden entries are called; `keys` gives, per entry, the kind of the
/// value's own nested keys.
#[allow(clippy::too_many_arguments)]
pub fn object_diff(
    out: &mut Vec<String>,
    col: usize,
    before: &std::collections::BTreeMap<String, Value>,
    after: &std::collections::BTreeMap<String, Value>,
    keys: &dyn Fn(&str) -> Keys,
    noun: Keys,
    forces: &BTreeSet<String>,
    always: &[&str],
    null_suffix: bool,
    empty_is_null: bool,
) {
    let names: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let present = |m: &std::collections::BTreeMap<String, Value>, k: &str| {
        m.get(k).filter(|v| !v.is_null()).cloned()
    };
    let pad = names
        .iter()
        .filter(|k| present(before, k).is_some() || present(after, k).is_some())
        .map(|k| key_text(k, noun).chars().count())
        .max()
        .unwrap_or(0);
    let mut hidden = 0;
    for k in names {
        let (b, a) = (present(before, k), present(after, k));
        if b.is_none() && a.is_none() {
            continue;
        }
        // An empty string stands for null here (the attribute still
        // counts, as unchanged when both sides are empty or null).
        let (b, a) = if empty_is_null {
            (
                b.filter(|v| !is_empty_string(v)),
                a.filter(|v| !is_empty_string(v)),
            )
        } else {
            (b, a)
        };
        if b.is_none() && a.is_none() {
            hidden += 1;
            continue;
        }
        let name = format!("{:pad$}", key_text(k, noun));
        let shown = entry(
            out,
            col,
            &name,
            b.as_ref(),
            a.as_ref(),
            forces.contains(k.as_str()),
            keys(k),
            always.contains(&k.as_str()),
            null_suffix,
        );
        if !shown {
            hidden += 1;
        }
    }
    hidden_line(out, col, noun, hidden);
}

/// `# (N unchanged attributes hidden)` (or elements), when N > 0.
pub fn hidden_line(out: &mut Vec<String>, col: usize, noun: Keys, hidden: usize) {
    if hidden > 0 {
        let what = match (noun, hidden) {
            (Keys::Map, 1) => "element",
            (Keys::Map, _) => "elements",
            (Keys::Object, 1) => "attribute",
            (Keys::Object, _) => "attributes",
        };
        out.push(format!(
            "{}# ({hidden} unchanged {what} hidden)",
            spaces(col)
        ));
    }
}

/// `""`, which Terraform's renderer reads as null in the schemas of
/// providers on the legacy plugin SDK (it cannot tell the two apart).
pub fn is_empty_string(v: &Value) -> bool {
    matches!(v.unmark().0, Value::String(s) if s.is_empty())
}

/// Every non-null attribute of an object created (`+`) or deleted (`-`)
/// whole, as `entry` lines (a deleted one ends in `-> null`); with
/// `empty_is_null`, empty strings are counted as unchanged and hidden.
pub fn whole_object(
    out: &mut Vec<String>,
    col: usize,
    sym: char,
    object: &std::collections::BTreeMap<String, Value>,
    keys: &dyn Fn(&str) -> Keys,
    empty_is_null: bool,
) {
    let present: Vec<(&String, &Value)> = object.iter().filter(|(_, v)| !v.is_null()).collect();
    let pad = present
        .iter()
        .map(|(k, _)| key_text(k, Keys::Object).chars().count())
        .max()
        .unwrap_or(0);
    let mut hidden = 0;
    for (k, v) in present {
        if empty_is_null && is_empty_string(v) {
            hidden += 1;
            continue;
        }
        let name = format!("{:pad$}", key_text(k, Keys::Object));
        let (b, a) = if sym == '+' {
            (None, Some(v))
        } else {
            (Some(v), None)
        };
        entry(out, col, &name, b, a, false, keys(k), true, true);
    }
    hidden_line(out, col, Keys::Object, hidden);
}

/// Elements of two lists: index by index when the lengths agree, else a
/// longest-common-subsequence diff.
fn list_diff(out: &mut Vec<String>, col: usize, before: &[Value], after: &[Value], keys: Keys) {
    let element = |out: &mut Vec<String>, sym: char, lines: Vec<String>| {
        let n = lines.len();
        for (i, mut l) in lines.into_iter().enumerate() {
            if i + 1 == n {
                l.push(',');
            }
            if i == 0 {
                out.push(line(col, sym, &l));
            } else {
                out.push(l);
            }
        }
    };
    if before.len() == after.len() {
        for (b, a) in before.iter().zip(after) {
            if same(b, a) {
                element(out, ' ', full(b, col, ' ', keys));
            } else {
                element(out, '~', changed(b, a, col, keys));
            }
        }
        return;
    }
    let ops = lcs(before, after);
    for op in ops {
        match op {
            Op::Keep(i) => element(out, ' ', full(&before[i], col, ' ', keys)),
            Op::Delete(i) => element(out, '-', full(&before[i], col, '-', keys)),
            Op::Insert(j) => element(out, '+', full(&after[j], col, '+', keys)),
        }
    }
}

enum Op {
    Keep(usize),
    Delete(usize),
    Insert(usize),
}

fn lcs(a: &[Value], b: &[Value]) -> Vec<Op> {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if same(&a[i], &b[j]) {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut ops) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && same(&a[i], &b[j]) {
            ops.push(Op::Keep(i));
            i += 1;
            j += 1;
        } else if j < m && (i == n || t[i][j + 1] >= t[i + 1][j]) {
            ops.push(Op::Insert(j));
            j += 1;
        } else {
            ops.push(Op::Delete(i));
            i += 1;
        }
    }
    // Terraform lists removals before additions at the same place.
    let mut out = Vec::with_capacity(ops.len());
    let mut pending_inserts = Vec::new();
    for op in ops {
        match op {
            Op::Insert(_) => pending_inserts.push(op),
            Op::Delete(_) => out.push(op),
            Op::Keep(_) => {
                out.append(&mut pending_inserts);
                out.push(op);
            }
        }
    }
    out.append(&mut pending_inserts);
    out
}

/// A multi-line string change as a heredoc with a line diff.
fn heredoc_diff(before: &str, after: &str, col: usize) -> Vec<String> {
    let mut out = vec!["<<-EOT".to_string()];
    let b: Vec<&str> = before.trim_end_matches('\n').split('\n').collect();
    let a: Vec<&str> = after.trim_end_matches('\n').split('\n').collect();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &b, &a) {
        for change in op.iter_changes(&b, &a) {
            let sym = match change.tag() {
                similar::ChangeTag::Equal => ' ',
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            };
            out.push(line(col + 4, sym, change.value()).trim_end().to_string());
        }
    }
    out.push(format!("{}EOT", spaces(col)));
    out
}
