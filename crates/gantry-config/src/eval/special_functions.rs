//! Functions that are not plain functions of their argument values:
//! `try` and `can` need their arguments unevaluated, and `templatefile`
//! evaluates a file as a template.

use gantry_diagnostics::{Diagnostics, FileId, Span};
use hcl_edit::expr::Expression;
use hcl_edit::template::Element;

use super::template::Strip;
use super::{Evaluator, Scope};
use crate::functions::{self, FailureKind};
use crate::value::Value;

impl Evaluator<'_> {
    /// `try(a, b, ...)`: the first argument that evaluates without error;
    /// `can(x)`: whether `x` evaluates without error. Both need their
    /// arguments unevaluated, so they are not ordinary functions.
    pub(super) fn try_or_can(
        &self,
        name: &str,
        file: FileId,
        args: &[&Expression],
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        if args.is_empty() || (name == "can" && args.len() != 1) {
            return self.err(
                diags,
                "gantry::eval::function",
                "Invalid function argument",
                format!(
                    "Function \"{name}\" needs {} argument.",
                    if name == "can" {
                        "exactly one"
                    } else {
                        "at least one"
                    }
                ),
                span,
            );
        }
        for a in args {
            let mut sub = Diagnostics::new();
            let v = self.expr(file, a, span, scope, &mut sub);
            if sub.has_errors() {
                continue;
            }
            // An unknown result might still fail once known: stay unknown.
            if !v.is_wholly_known() {
                return Value::Unknown;
            }
            return if name == "can" { Value::Bool(true) } else { v };
        }
        if name == "can" {
            return Value::Bool(false);
        }
        self.err(
            diags,
            "gantry::eval::function",
            "Error in function call",
            "Call to function \"try\" failed: no expression succeeded.".into(),
            span,
        )
    }

    /// `templatefile(path, vars)`: the file is a template that sees only
    /// `vars`. Problems inside it are reported as the call's failure.
    pub(super) fn templatefile(&self, args: &[Value]) -> Result<Value, functions::FunctionError> {
        let fail = |arg, message: String| functions::FunctionError {
            kind: FailureKind::Argument,
            arg: Some(arg),
            message,
        };
        let Some((path, vars, sensitive)) = template_arguments(args)? else {
            return Ok(Value::Unknown);
        };
        let full = functions::resolve_path(&self.functions, &path);
        let text = std::fs::read_to_string(&full).map_err(|e| {
            fail(0, if e.kind() == std::io::ErrorKind::NotFound {
                format!("no file exists at \"{path}\"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource.")
            } else {
                format!("failed to read \"{path}\": {e}.")
            })
        })?;
        let v = self
            .render_template(&text, &path, vars)
            .map_err(|m| fail(0, m))?;
        Ok(if sensitive { Value::sensitive(v) } else { v })
    }

    /// `templatestring(local.template, { ... })` (Terraform 1.9): a string
    /// from elsewhere in the configuration rendered as a template. Its
    /// first argument must be a direct reference to the string, as
    /// Terraform requires, so a template cannot come from user input by
    /// accident.
    pub(super) fn templatestring(
        &self,
        template_expr: &Expression,
        args: &[Value],
    ) -> Result<Value, functions::FunctionError> {
        let fail = |arg, message: String| functions::FunctionError {
            kind: FailureKind::Argument,
            arg: Some(arg),
            message,
        };
        if !matches!(
            template_expr,
            Expression::Traversal(_) | Expression::Variable(_)
        ) {
            return Err(fail(0, "the template string must be given as a direct reference to a single string value, such as local.template or data.example.content.".into()));
        }
        let Some((text, vars, sensitive)) = template_arguments(args)? else {
            return Ok(Value::Unknown);
        };
        let v = self
            .render_template(&text, "string", vars)
            .map_err(|m| fail(0, m))?;
        Ok(if sensitive { Value::sensitive(v) } else { v })
    }

    /// `text` as a template that sees only `vars`; `what` names it in
    /// messages ("error in template {what}: ...").
    fn render_template(
        &self,
        text: &str,
        what: &str,
        vars: std::collections::BTreeMap<String, Value>,
    ) -> Result<Value, String> {
        let template = hcl_edit::parser::parse_template(text)
            .map_err(|e| format!("failed to parse template {what}: {}", e.message()))?;
        let mut scope = Scope {
            template_vars_only: true,
            ..Scope::default()
        };
        scope.vars = vars.into_iter().collect();
        let mut sub = Diagnostics::new();
        let elems: Vec<&Element> = template.iter().collect();
        let nowhere = Span::new(FileId(0), 0..0);
        let v = self.template(
            FileId(u32::MAX),
            &elems,
            nowhere,
            &mut scope,
            &mut sub,
            Strip::lines(),
        );
        if let Some(d) = sub.iter().find(|d| d.is_error()) {
            return Err(format!(
                "error in template {what}: {} {}",
                d.summary, d.detail
            ));
        }
        Ok(v)
    }

    /// Terraform 0.11 read `file()` of a binary file as its bytes, so the
    /// documentation's `base64sha256(file("lambda.zip"))` hashed the zip;
    /// Terraform 0.12 and later fail on it ("not valid UTF-8"). gantry
    /// reads it as 0.11 did, with a warning whose fix is the function that
    /// does this today (`filebase64sha256("lambda.zip")`). `None` when the
    /// call is not that idiom, or the file is text (then both agree).
    pub(super) fn legacy_binary_file(
        &self,
        name: &str,
        file: FileId,
        args: &[&Expression],
        span: Span,
        scope: &mut Scope,
    ) -> Option<(Value, gantry_diagnostics::Diagnostic)> {
        let digest = functions::bytes_function(name)?;
        let replacement = match name {
            "base64encode" => "filebase64".to_string(),
            _ => format!("file{name}"),
        };
        let [Expression::FuncCall(inner)] = args else {
            return None;
        };
        let inner_args: Vec<&Expression> = inner.args.iter().collect();
        let [path_expr] = inner_args.as_slice() else {
            return None;
        };
        if !inner.name.namespace.is_empty() || inner.name.name.as_str() != "file" {
            return None;
        }
        // Problems with the path are reported by the ordinary evaluation.
        let path = self.expr(file, path_expr, span, scope, &mut Diagnostics::new());
        let path = path.as_str()?.to_string();
        let bytes = std::fs::read(functions::resolve_path(&self.functions, &path)).ok()?;
        if std::str::from_utf8(&bytes).is_ok() {
            return None;
        }
        // The bytes just read, hashed as `replacement` would hash them.
        let value = Value::String(digest(&bytes));
        let path_span = self.span(file, *path_expr, span);
        let text = self.module.sources.get(file).text();
        let path_text = text.get(path_span.range())?.to_string();
        let fixed = format!("{replacement}({path_text})");
        let warning = gantry_diagnostics::Diagnostic::warning(
            "gantry::legacy::binary-file",
            "Binary file read as Terraform 0.11 did",
        )
        .with_detail(format!(
            "The contents of {path} are not valid UTF-8, so Terraform 0.12 and later reject `file({path_text})` (\"contents of {path} are not valid UTF-8\"). Terraform 0.11 read the file's bytes, and so does gantry here: `{name}(file({path_text}))` is `{fixed}`, which every Terraform version reads the same way."
        ))
        .with_span(span)
        .with_fix(gantry_diagnostics::Fix {
            message: format!("write `{fixed}`"),
            edits: vec![gantry_diagnostics::Edit {
                span,
                replacement: fixed.clone(),
            }],
        });
        Some((value, warning))
    }
}

/// A template's text (or path), its variables, and whether either was
/// sensitive.
type TemplateArguments = (String, std::collections::BTreeMap<String, Value>, bool);

/// The string and the variables of `templatefile` and `templatestring`;
/// `None` while either is unknown.
fn template_arguments(
    args: &[Value],
) -> Result<Option<TemplateArguments>, functions::FunctionError> {
    let fail = |arg, message: &str| functions::FunctionError {
        kind: FailureKind::Argument,
        arg: Some(arg),
        message: message.to_string(),
    };
    let (first, vars) = (
        functions::deep_unmark(&args[0]),
        functions::deep_unmark(&args[1]),
    );
    let sensitive = first.1 || vars.1;
    if !first.0.is_wholly_known() || !vars.0.is_wholly_known() {
        return Ok(None);
    }
    let Some(first) = first.0.as_str().map(str::to_string) else {
        return Err(fail(0, "string required."));
    };
    let Value::Map(vars) = vars.0 else {
        return Err(fail(
            1,
            "a map or object of template variables is required.",
        ));
    };
    Ok(Some((first, vars.entries, sensitive)))
}
