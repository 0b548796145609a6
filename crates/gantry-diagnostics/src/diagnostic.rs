use crate::source::Span;

/// How bad a diagnostic is. `Hint`s are style suggestions that are quiet
/// unless asked for (`gantry validate -hints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Hint => "hint",
        }
    }
}

/// A secondary location with a short message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A replacement of one span's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A machine-applicable fix: `fmt`, the CLI and the language server apply the
/// same edits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub edits: Vec<Edit>,
}

/// One problem found in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable code such as `gantry::schema::enum`.
    pub code: &'static str,
    /// One line, like Terraform's summary.
    pub summary: String,
    /// Longer explanation; may be empty.
    pub detail: String,
    /// Where it is; `None` for problems with no place (e.g. a missing directory).
    pub span: Option<Span>,
    /// Short text shown at the primary span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
    /// The resource address it concerns, when there is one.
    pub address: Option<String>,
}

impl Diagnostic {
    fn new(severity: Severity, code: &'static str, summary: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            summary: summary.into(),
            detail: String::new(),
            span: None,
            label: None,
            labels: Vec::new(),
            help: None,
            fix: None,
            address: None,
        }
    }

    pub fn error(code: &'static str, summary: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, summary)
    }

    pub fn warning(code: &'static str, summary: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, summary)
    }

    pub fn hint(code: &'static str, summary: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Hint, code, summary)
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Diagnostic {
        self.detail = detail.into();
        self
    }

    pub fn with_span(mut self, span: Span) -> Diagnostic {
        self.span = Some(span);
        self
    }

    pub fn with_opt_span(mut self, span: Option<Span>) -> Diagnostic {
        self.span = span;
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_extra_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    pub fn with_address(mut self, address: impl Into<String>) -> Diagnostic {
        self.address = Some(address.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of a run, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Diagnostics {
        Diagnostics::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Orders by file, then position, keeping the order found for ties, so
    /// output does not depend on the order checks ran in.
    pub fn sort(&mut self) {
        self.0.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }

    /// Keeps only the diagnostics `keep` accepts.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.0.retain(keep);
    }

    /// Fix edits are written as expression text; inside a `.json` file
    /// (Terraform's JSON syntax) that text sits in a JSON string, so its
    /// quotes and backslashes are escaped for it.
    pub fn adapt_fixes_to_json(&mut self, sources: &crate::Sources) {
        for d in &mut self.0 {
            let Some(fix) = &mut d.fix else { continue };
            for e in &mut fix.edits {
                if sources.get(e.span.file).is_json() {
                    let quoted = serde_json::Value::String(e.replacement.clone()).to_string();
                    e.replacement = quoted[1..quoted.len() - 1].to_string();
                }
            }
        }
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<T: IntoIterator<Item = Diagnostic>>(iter: T) -> Self {
        Diagnostics(iter.into_iter().collect())
    }
}

/// A value that names places in the sources: a check that remembers its
/// findings for a block that did not change moves them with the block.
pub trait Spanned {
    /// Calls `f` with every span the value holds.
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span));
}

impl Spanned for Diagnostic {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        if let Some(s) = &mut self.span {
            f(s);
        }
        for l in &mut self.labels {
            f(&mut l.span);
        }
        for e in self.fix.iter_mut().flat_map(|x| &mut x.edits) {
            f(&mut e.span);
        }
    }
}

impl<T: Spanned> Spanned for Vec<T> {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        for t in self {
            t.each_span(f);
        }
    }
}
