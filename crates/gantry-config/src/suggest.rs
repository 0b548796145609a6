//! "Did you mean" suggestions, as Terraform makes them.

use gantry_diagnostics::{Diagnostic, Edit, Fix, Span};

/// Sets `detail` on `d`, followed by Terraform's `Did you mean "x"?` and a
/// matching help line when there is a suggestion.
pub fn with_suggestion(d: Diagnostic, detail: String, suggestion: Option<&str>) -> Diagnostic {
    match suggestion {
        Some(s) => d
            .with_detail(format!("{detail} Did you mean \"{s}\"?"))
            .with_help(format!("did you mean \"{s}\"?")),
        None => d.with_detail(detail),
    }
}

/// [`with_suggestion`] where `span` is exactly the misspelt text: the
/// suggestion also becomes a fix that writes `replacement(suggestion)` over
/// it, which editors offer as a quick fix.
pub fn with_rename(
    d: Diagnostic,
    detail: String,
    suggestion: Option<&str>,
    span: Span,
    replacement: impl FnOnce(&str) -> String,
) -> Diagnostic {
    let d = with_suggestion(d, detail, suggestion);
    match suggestion {
        Some(s) => d.with_fix(rename_fix(span, replacement(s))),
        None => d,
    }
}

/// The edit that replaces a misspelt name.
pub fn rename_fix(span: Span, to: String) -> Fix {
    Fix {
        message: format!("rename to `{to}`"),
        edits: vec![Edit {
            span,
            replacement: to,
        }],
    }
}

/// The closest candidate within a small edit distance (Terraform uses
/// Levenshtein distance < 3).
pub fn did_you_mean<'a>(
    given: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let mut best: Option<(&str, usize)> = None;
    for c in candidates {
        let d = strsim::levenshtein(given, c);
        if d < 3 && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("resorce", ["resource", "data"]),
            Some("resource")
        );
        assert_eq!(did_you_mean("zzz", ["resource", "data"]), None);
    }
}
