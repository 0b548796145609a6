//! Rendering string templates and heredocs, with HCL's `~` strip markers.

use gantry_diagnostics::{Diagnostics, FileId, Span};
use hcl_edit::template::{Directive, Element};

use super::{Evaluator, Scope};
use crate::types::{convert, Type};
use crate::value::Value;

impl Evaluator<'_> {
    /// Renders template elements. `strip` says which `~` markers of the
    /// enclosing directive apply to this body's first and last literal.
    pub(super) fn template(
        &self,
        file: FileId,
        elems: &[&Element],
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
        strip: Strip,
    ) -> Value {
        let mut out = Rendered::default();
        for (i, el) in elems.iter().enumerate() {
            match el {
                Element::Literal(l) => {
                    let mut text: String = l.value().to_string();
                    let after_strip = if i == 0 {
                        strip.first
                    } else {
                        strips_after(elems[i - 1])
                    };
                    let before_strip = if i + 1 == elems.len() {
                        strip.last
                    } else {
                        strips_before(elems[i + 1])
                    };
                    if after_strip {
                        text = trim_first_token(&text, strip.lines);
                    }
                    if before_strip {
                        text = trim_last_token(&text, strip.lines);
                    }
                    out.text.push_str(&text);
                }
                Element::Interpolation(interp) => {
                    let v = self.expr(file, &interp.expr, span, scope, diags);
                    let (inner, s) = v.unmark();
                    out.sensitive |= s;
                    match inner {
                        Value::Unknown => out.unknown = true,
                        Value::Null | Value::TypedNull(_) => {
                            let es = self.span(file, &interp.expr, span);
                            self.err(diags, "gantry::eval::template", "Invalid template interpolation value", "The expression result is null. Cannot include a null value in a string template.".into(), es);
                            out.unknown = true;
                        }
                        other => match other.to_string_primitive() {
                            Some(s) => out.text.push_str(&s),
                            None => {
                                let es = self.span(file, &interp.expr, span);
                                self.err(diags, "gantry::eval::template", "Invalid template interpolation value", format!("Cannot include the given value in a string template: string required, but have {}.", other.type_name()), es);
                                out.unknown = true;
                            }
                        },
                    }
                }
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(ifd) => {
                        let c = self.expr(file, &ifd.if_expr.cond_expr, span, scope, diags);
                        let end_strip = ifd.endif_expr.strip.strip_start();
                        let chosen = match convert(c.unmark().0, &Type::Bool) {
                            Ok(Value::Bool(true)) => Some((
                                &ifd.if_expr.template,
                                ifd.if_expr.strip.strip_end(),
                                ifd.else_expr
                                    .as_ref()
                                    .map_or(end_strip, |e| e.strip.strip_start()),
                            )),
                            Ok(Value::Bool(false)) => ifd
                                .else_expr
                                .as_ref()
                                .map(|e| (&e.template, e.strip.strip_end(), end_strip)),
                            Ok(Value::Unknown) => {
                                out.unknown = true;
                                None
                            }
                            _ => {
                                let cs = self.span(file, &ifd.if_expr.cond_expr, span);
                                self.err(
                                    diags,
                                    "gantry::eval::condition",
                                    "Invalid template if directive",
                                    "The condition must be of type bool.".into(),
                                    cs,
                                );
                                out.unknown = true;
                                None
                            }
                        };
                        if let Some((t, first, last)) = chosen {
                            let sub: Vec<&Element> = t.iter().collect();
                            let inner = Strip {
                                first,
                                last,
                                lines: strip.lines,
                            };
                            out.append(self.template(file, &sub, span, scope, diags, inner));
                        }
                    }
                    Directive::For(ford) => {
                        let coll =
                            self.expr(file, &ford.for_expr.collection_expr, span, scope, diags);
                        let Some(pairs) = self.iterate(&coll, span, diags) else {
                            out.unknown = true;
                            continue;
                        };
                        let sub: Vec<&Element> = ford.for_expr.template.iter().collect();
                        let inner = Strip {
                            first: ford.for_expr.strip.strip_end(),
                            last: ford.endfor_expr.strip.strip_start(),
                            lines: strip.lines,
                        };
                        for (k, v) in pairs {
                            let depth = scope.vars.len();
                            if let Some(kv) = &ford.for_expr.key_var {
                                scope.vars.push((kv.as_str().to_string(), k));
                            }
                            scope
                                .vars
                                .push((ford.for_expr.value_var.as_str().to_string(), v));
                            out.append(self.template(file, &sub, span, scope, diags, inner));
                            scope.vars.truncate(depth);
                        }
                    }
                },
            }
        }
        out.finish()
    }
}

/// Which `~` strip markers apply to a template body's ends, and whether the
/// text is line-oriented (heredocs and template files).
///
/// A strip marker trims only the literal *token* next to it, and in
/// heredocs and template files HCL's scanner cuts literals at every newline:
/// `%{ for x in xs ~}` then removes the rest of its own line, not the
/// indentation of the next one. In quoted strings the whole adjacent literal
/// is trimmed. (Checked against `terraform console`.)
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Strip {
    first: bool,
    last: bool,
    lines: bool,
}

impl Strip {
    pub(super) fn lines() -> Strip {
        Strip {
            lines: true,
            ..Strip::default()
        }
    }
}

/// Whether the element strips whitespace from the literal after it.
fn strips_after(el: &Element) -> bool {
    match el {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(i) => i.endif_expr.strip.strip_end(),
            Directive::For(f) => f.endfor_expr.strip.strip_end(),
        },
    }
}

/// Whether the element strips whitespace from the literal before it.
fn strips_before(el: &Element) -> bool {
    match el {
        Element::Literal(_) => false,
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match d.as_ref() {
            Directive::If(i) => i.if_expr.strip.strip_start(),
            Directive::For(f) => f.for_expr.strip.strip_start(),
        },
    }
}

fn trim_first_token(text: &str, lines: bool) -> String {
    match text.find('\n').filter(|_| lines) {
        Some(nl) => format!("{}{}", text[..=nl].trim_start(), &text[nl + 1..]),
        None => text.trim_start().to_string(),
    }
}

fn trim_last_token(text: &str, lines: bool) -> String {
    if !lines {
        return text.trim_end().to_string();
    }
    let body = text.strip_suffix('\n').unwrap_or(text);
    let cut = body.rfind('\n').map_or(0, |i| i + 1);
    format!("{}{}", &text[..cut], text[cut..].trim_end())
}

/// Text rendered so far, and whether it is unknown or sensitive.
#[derive(Default)]
struct Rendered {
    text: String,
    unknown: bool,
    sensitive: bool,
}

impl Rendered {
    fn append(&mut self, v: Value) {
        let (inner, s) = v.unmark();
        self.sensitive |= s;
        match inner {
            Value::String(t) => self.text.push_str(t),
            _ => self.unknown = true,
        }
    }

    fn finish(self) -> Value {
        let v = if self.unknown {
            Value::Unknown
        } else {
            Value::String(self.text)
        };
        if self.sensitive {
            Value::sensitive(v)
        } else {
            v
        }
    }
}
