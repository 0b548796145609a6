//! Human rendering through miette's graphical handler.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use crate::{clip, Diagnostic, Severity, Sources};

/// How to draw diagnostics for people.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions {
    pub color: bool,
    /// Wrap width; fixed in tests so goldens do not depend on the terminal.
    pub width: usize,
}

struct Report<'a> {
    diag: &'a Diagnostic,
    source: NamedSource<String>,
    labels: Vec<LabeledSpan>,
    help: Option<String>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.summary)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.summary)?;
        if !self.diag.detail.is_empty() {
            write!(f, "\n{}", self.diag.detail)?;
        }
        Ok(())
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diag.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Hint => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
}

/// Renders one diagnostic as miette's graphical report.
pub fn render(sources: &Sources, diag: &Diagnostic, opts: RenderOptions) -> String {
    let (source, labels) = match diag.span {
        Some(span) => {
            let file = sources.get(span.file);
            let extras: Vec<_> = diag
                .labels
                .iter()
                .filter(|l| l.span.file == span.file)
                .collect();
            let ranges: Vec<_> = std::iter::once(span.start..span.end)
                .chain(extras.iter().map(|l| l.span.start..l.span.end))
                .collect();
            let (text, ranges) = match clip::clip(file.text(), &ranges) {
                Some(c) => {
                    let moved = ranges.iter().map(|r| c.map_range(r)).collect();
                    (c.text, moved)
                }
                None => (file.text().to_string(), ranges),
            };
            let mut ranges = ranges.into_iter();
            let mut labels = vec![LabeledSpan::new_primary_with_span(
                diag.label.clone(),
                ranges.next().unwrap_or(0..0),
            )];
            for (extra, range) in extras.into_iter().zip(ranges) {
                labels.push(LabeledSpan::new_with_span(
                    Some(extra.message.clone()),
                    range,
                ));
            }
            (NamedSource::new(file.name(), text), labels)
        }
        None => (NamedSource::new("", String::new()), Vec::new()),
    };
    let mut help = diag.help.clone();
    if let Some(fix) = &diag.fix {
        let line = format!("fix: {}", fix.message);
        help = Some(match help {
            Some(h) => format!("{h}\n{line}"),
            None => line,
        });
    }
    let report = Report {
        diag,
        source,
        labels,
        help,
    };
    let theme = if opts.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(opts.width)
        .with_context_lines(1);
    let mut out = String::new();
    if handler.render_report(&mut out, &report).is_err() {
        out = format!("{}: {}\n", diag.severity.as_str(), diag.summary);
    }
    out
}

/// Renders all diagnostics followed by a blank line each.
pub fn render_all<'a>(
    sources: &Sources,
    diags: impl IntoIterator<Item = &'a Diagnostic>,
    opts: RenderOptions,
) -> String {
    let mut out = String::new();
    for d in diags {
        out.push_str(&render(sources, d, opts));
        out.push('\n');
    }
    out
}
