//! `terraform validate -json` output (format_version 1.0).

use serde::Serialize;

use crate::{Diagnostic, Diagnostics, Severity, Sources, Span};

#[derive(Serialize)]
struct Output<'a> {
    format_version: &'static str,
    valid: bool,
    error_count: usize,
    warning_count: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: &'static str,
    summary: &'a str,
    detail: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Snippet>,
    code: &'static str,
}

#[derive(Serialize)]
struct Range {
    filename: String,
    start: Pos,
    end: Pos,
}

#[derive(Serialize)]
struct Pos {
    line: usize,
    column: usize,
    byte: usize,
}

#[derive(Serialize)]
struct Snippet {
    context: Option<String>,
    code: String,
    start_line: usize,
    highlight_start_offset: usize,
    highlight_end_offset: usize,
    values: Vec<()>,
}

fn range(sources: &Sources, span: Span) -> Range {
    let file = sources.get(span.file);
    let s = file.position(span.start);
    let e = file.position(span.end);
    Range {
        filename: file.name().to_string(),
        start: Pos {
            line: s.line,
            column: s.column,
            byte: s.byte,
        },
        end: Pos {
            line: e.line,
            column: e.column,
            byte: e.byte,
        },
    }
}

fn snippet(sources: &Sources, span: Span) -> Snippet {
    let file = sources.get(span.file);
    let s = file.position(span.start);
    let e = file.position(span.end);
    let code = file.line_text(s.line).to_string();
    let line_start = s.byte
        - file.text()[..s.byte]
            .rsplit('\n')
            .next()
            .map_or(0, str::len);
    let highlight_start_offset = s.byte - line_start;
    let highlight_end_offset = if e.line == s.line {
        e.byte - line_start
    } else {
        code.len()
    };
    Snippet {
        context: None,
        code,
        start_line: s.line,
        highlight_start_offset,
        highlight_end_offset,
        values: Vec::new(),
    }
}

fn one<'a>(sources: &Sources, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
    let mut detail = d.detail.as_str();
    if detail.is_empty() {
        detail = d.label.as_deref().unwrap_or("");
    }
    JsonDiagnostic {
        severity: d.severity.as_str(),
        summary: &d.summary,
        detail,
        address: d.address.as_deref(),
        range: d.span.map(|s| range(sources, s)),
        snippet: d.span.map(|s| snippet(sources, s)),
        code: d.code,
    }
}

/// One diagnostic as Terraform's JSON formats print it (`validate -json`,
/// and the `diagnostic` messages of `plan -json` / `apply -json`).
pub fn diagnostic_value(sources: &Sources, d: &Diagnostic) -> serde_json::Value {
    serde_json::to_value(one(sources, d)).unwrap_or(serde_json::Value::Null)
}

/// The whole `validate -json` document. Hints are left out unless asked for,
/// since Terraform has no such severity.
pub fn validate_output(sources: &Sources, diags: &Diagnostics, with_hints: bool) -> String {
    let shown: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| with_hints || d.severity != Severity::Hint)
        .collect();
    let out = Output {
        format_version: "1.0",
        valid: !diags.has_errors(),
        error_count: diags.count(Severity::Error),
        warning_count: diags.count(Severity::Warning),
        diagnostics: shown.into_iter().map(|d| one(sources, d)).collect(),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SourceFile;

    #[test]
    fn shape_matches_terraform() {
        let mut sources = Sources::new();
        let f = sources.add(SourceFile::new("main.tf", "resorce \"x\" {}\n"));
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error("gantry::syntax::block", "Unsupported block type")
                .with_detail("Blocks of type \"resorce\" are not expected here.")
                .with_span(Span::new(f, 0..7)),
        );
        let v: serde_json::Value =
            serde_json::from_str(&validate_output(&sources, &diags, false)).unwrap();
        assert_eq!(v["valid"], false);
        assert_eq!(v["error_count"], 1);
        assert_eq!(v["warning_count"], 0);
        let r = &v["diagnostics"][0]["range"];
        assert_eq!(r["filename"], "main.tf");
        assert_eq!(r["start"]["line"], 1);
        assert_eq!(r["start"]["column"], 1);
        assert_eq!(r["end"]["column"], 8);
        assert_eq!(r["end"]["byte"], 7);
        assert_eq!(v["diagnostics"][0]["snippet"]["highlight_end_offset"], 7);
    }
}
