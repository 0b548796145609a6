//! Input variable values and Terraform's precedence, lowest first:
//! `default`, `TF_VAR_name` environment variables, `terraform.tfvars`,
//! `terraform.tfvars.json`, `*.auto.tfvars` and `*.auto.tfvars.json`
//! (lexical order), then `-var` and `-var-file` in the order given on the
//! command line. Files named `*.json` are Terraform's JSON variables files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use gantry_diagnostics::{Diagnostic, Diagnostics, SourceFile, Span};
use hcl_edit::structure::Structure;
use hcl_edit::Span as _;

use crate::eval::{Evaluator, Scope};
use crate::json_syntax;
use crate::model::{self, Expr, FileMap, Module};
use crate::references;
use crate::types::convert;
use crate::value::Value;

/// `var.NAME`, as messages name a variable.
fn variable(name: &str) -> String {
    gantry_addrs::Variable {
        name: name.to_string(),
    }
    .to_string()
}

/// One command-line input, kept in command-line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliInput {
    /// `-var NAME=VALUE`
    Var(String, String),
    /// `-var-file=PATH`
    File(PathBuf),
}

/// Everything the caller gathered; this crate reads no environment.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// `(name, value)` from `TF_VAR_name` environment variables.
    pub env: Vec<(String, String)>,
    pub cli: Vec<CliInput>,
    /// Report variables without a value (plan/apply). `validate` leaves
    /// them unknown, like `terraform validate`: all but those set on its
    /// own command line.
    pub require_all: bool,
}

impl Inputs {
    /// Picks `TF_VAR_*` out of an environment listing.
    pub fn env_from(vars: impl IntoIterator<Item = (String, String)>) -> Vec<(String, String)> {
        vars.into_iter()
            .filter_map(|(k, v)| k.strip_prefix("TF_VAR_").map(|n| (n.to_string(), v)))
            .collect()
    }
}

/// Where a value came from, for messages.
#[derive(Debug, Clone)]
enum Origin {
    Default,
    Env,
    File { name: String, from_cli: bool },
    Cli,
}

impl Origin {
    /// Where the value came from, for messages: " (from the command line)".
    fn describe(&self) -> String {
        match self {
            Origin::Default => String::new(),
            Origin::Env => " (from the TF_VAR_ environment variable)".into(),
            Origin::File { name, .. } => format!(" (from {name})"),
            Origin::Cli => " (from the command line)".into(),
        }
    }

    /// Given on this command's line (`-var`, `-var-file`).
    fn is_command_line(&self) -> bool {
        matches!(self, Origin::Cli | Origin::File { from_cli: true, .. })
    }
}

struct Raw {
    value: Value,
    origin: Origin,
    span: Option<Span>,
}

/// Resolves the final value of every declared variable. Loads the tfvars
/// files into `module.sources` so their diagnostics carry spans.
pub fn resolve(
    module: &mut Module,
    inputs: &Inputs,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Value> {
    resolve_for_validation(module, inputs, diags).0
}

/// [`resolve`], and the values `validate` checks the configuration with:
/// as Terraform's validate checks it for any input, every variable is
/// unknown (keeping its sensitivity) except those given on validate's own
/// command line (`-var`, `-var-file`). Defaults, `TF_VAR_` and tfvars
/// files are still type-checked.
pub fn resolve_for_validation(
    module: &mut Module,
    inputs: &Inputs,
    diags: &mut Diagnostics,
) -> (BTreeMap<String, Value>, BTreeMap<String, Value>) {
    let mut raw: BTreeMap<String, Raw> = BTreeMap::new();

    // Files first: they need `&mut module` to register sources.
    let mut auto_paths: Vec<PathBuf> = Vec::new();
    for name in ["terraform.tfvars", "terraform.tfvars.json"] {
        let tfvars = module.dir.join(name);
        if tfvars.is_file() {
            auto_paths.push(tfvars);
        }
    }
    let mut autos: Vec<PathBuf> = std::fs::read_dir(&module.dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.to_string_lossy();
                    p.is_file()
                        && (name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json"))
                })
                .collect()
        })
        .unwrap_or_default();
    autos.sort();
    auto_paths.extend(autos);
    let mut auto_files = Vec::new();
    for path in auto_paths {
        let entries = parse_tfvars(module, &path, diags);
        auto_files.push((path, entries));
    }
    // `-var-file`s, parsed now and applied below in command-line order.
    let mut cli_files = Vec::new();
    for input in &inputs.cli {
        if let CliInput::File(path) = input {
            cli_files.push((path.clone(), parse_tfvars(module, path, diags)));
        }
    }

    let module = &*module;
    let empty = Evaluator::new(module, BTreeMap::new());

    for v in module.variables.values() {
        if let Some(d) = &v.default {
            let value = constant(module, &empty, d, diags);
            raw.insert(
                v.name.clone(),
                Raw {
                    value,
                    origin: Origin::Default,
                    span: Some(d.span),
                },
            );
        }
    }
    for (name, text) in &inputs.env {
        if let Some(decl) = module.variables.get(name) {
            let value = parse_raw(decl.parse_as_hcl, text, &empty, diags, Some(name));
            raw.insert(
                name.clone(),
                Raw {
                    value,
                    origin: Origin::Env,
                    span: None,
                },
            );
        }
    }
    for (path, entries) in &auto_files {
        assign_file(module, &empty, path, entries, &mut raw, false, diags);
    }
    let mut cli_iter = cli_files.iter();
    for input in &inputs.cli {
        match input {
            CliInput::File(_) => {
                if let Some((path, entries)) = cli_iter.next() {
                    assign_file(module, &empty, path, entries, &mut raw, true, diags);
                }
            }
            CliInput::Var(name, text) => match module.variables.get(name) {
                Some(decl) => {
                    let value = parse_raw(decl.parse_as_hcl, text, &empty, diags, Some(name));
                    raw.insert(name.clone(), Raw { value, origin: Origin::Cli, span: None });
                }
                None => diags.push(
                    Diagnostic::error("gantry::vars::undeclared", "Value for undeclared variable")
                        .with_detail(format!("A variable named \"{name}\" was assigned on the command line, but the root module does not declare a variable of that name. To use this value, add a \"variable\" block to the configuration.")),
                ),
            },
        }
    }

    let mut out = BTreeMap::new();
    let mut given_on_command_line = std::collections::BTreeSet::new();
    for decl in module.variables.values() {
        let declared_at = module.sources.range_text(decl.header_span);
        if raw
            .get(&decl.name)
            .is_some_and(|r| r.origin.is_command_line())
        {
            given_on_command_line.insert(decl.name.clone());
        }
        let value = match raw.remove(&decl.name) {
            Some(r) => match convert(&r.value, &decl.type_constraint) {
                Ok(v) if v.is_null() && !decl.nullable => {
                    diags.push(
                        Diagnostic::error("gantry::vars::null", "Required variable not set")
                            .with_detail(format!("Unsuitable value for {} set from outside of the configuration: required variable may not be set to null.", variable(&decl.name)))
                            .with_opt_span(r.span.or(Some(decl.name_span))),
                    );
                    Value::Unknown
                }
                Ok(v) => v,
                Err(reason) => {
                    let from = r.origin.describe();
                    diags.push(
                        Diagnostic::error("gantry::vars::type", "Invalid value for input variable")
                            .with_detail(format!("The given value is not suitable for {} declared at {declared_at}{from}: {reason}.", variable(&decl.name)))
                            .with_opt_span(r.span.or(Some(decl.name_span))),
                    );
                    Value::Unknown
                }
            },
            None if inputs.require_all => {
                diags.push(
                    Diagnostic::error("gantry::vars::missing", "No value for required variable")
                        .with_detail(format!("The root module input variable \"{}\" is not set, and has no default value. Use a -var or -var-file command line argument to provide a value for this variable.", decl.name))
                        .with_span(decl.header_span)
                        .with_address(
                            gantry_addrs::Variable {
                                name: decl.name.clone(),
                            }
                            .to_string(),
                        ),
                );
                Value::Unknown
            }
            None => Value::Unknown,
        };
        let value = if decl.sensitive {
            Value::sensitive(value)
        } else {
            value
        };
        out.insert(decl.name.clone(), value);
    }

    check_rules(module, &out, diags);
    let checked = out
        .iter()
        .map(|(name, v)| {
            let v = match (given_on_command_line.contains(name), v.is_sensitive()) {
                (true, _) => v.clone(),
                (false, true) => Value::sensitive(Value::Unknown),
                (false, false) => Value::Unknown,
            };
            (name.clone(), v)
        })
        .collect();
    (out, checked)
}

/// The value one instance of a module call gives the called module's
/// variable `decl`: the caller's argument evaluated by `parent` in the
/// instance's `scope` and converted to the variable's type; its default when
/// the argument is not given (or null, where the variable is not nullable).
/// Type errors and missing inputs are validation's to report; here they
/// leave the value unknown.
pub fn call_input(
    parent: &Evaluator,
    call: &crate::model::ModuleCall,
    child: &Module,
    decl: &crate::model::Variable,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> Value {
    let given = call
        .inputs
        .iter()
        .find(|i| i.name == decl.name)
        .map(|i| parent.eval(&i.value, scope, diags))
        .filter(|v| !v.is_null() || decl.nullable);
    let raw = match (given, &decl.default) {
        (Some(v), _) => v,
        (None, Some(d)) => {
            let defaults = Evaluator::new(child, BTreeMap::new());
            defaults.eval(d, &Scope::default(), &mut Diagnostics::new())
        }
        (None, None) => Value::Unknown,
    };
    let value = convert(&raw, &decl.type_constraint).unwrap_or(Value::Unknown);
    if decl.sensitive && !value.is_sensitive() {
        Value::sensitive(value)
    } else {
        value
    }
}

/// The variables' custom validation rules, with every value in scope; a
/// rule is checked once its variable's value is known.
pub fn check_rules(module: &Module, out: &BTreeMap<String, Value>, diags: &mut Diagnostics) {
    let checker = Evaluator::new(module, out.clone());
    for decl in module.variables.values() {
        let value = &out[&decl.name];
        if !value.is_wholly_known() {
            continue;
        }
        for rule in &decl.validations {
            let ok = checker.eval(&rule.condition, &Scope::default(), diags);
            if ok.unmark().0 == &Value::Bool(false) {
                let msg = checker.eval(&rule.error_message, &Scope::default(), diags);
                diags.push(
                    Diagnostic::error("gantry::vars::validation", "Invalid value for variable")
                        .with_detail(format!(
                            "{}\n\nThis was checked by the validation rule at {}.",
                            msg.as_str()
                                .unwrap_or("The value failed its validation rule."),
                            module.sources.location(rule.condition.span)
                        ))
                        .with_span(rule.condition.span)
                        .with_extra_label(decl.name_span, "variable declared here"),
                );
            }
        }
    }
}

/// Parses a tfvars file into (name, name span, expression) entries.
fn parse_tfvars(
    module: &mut Module,
    path: &PathBuf,
    diags: &mut Diagnostics,
) -> Vec<(String, Span, Expr)> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(
                Diagnostic::error("gantry::vars::file", "Failed to read variables file")
                    .with_detail(format!(
                        "Given variables file {} does not exist or cannot be read: {e}.",
                        path.display()
                    )),
            );
            return Vec::new();
        }
    };
    let file = module.sources.add(SourceFile::new(
        path.strip_prefix(".").unwrap_or(path).display().to_string(),
        text.clone(),
    ));
    let parsed_text = if gantry_diagnostics::is_json_syntax(&path.to_string_lossy()) {
        match json_syntax::translate_values(file, &text) {
            Ok(t) => {
                diags.extend(t.diagnostics);
                module.maps.push(FileMap {
                    file,
                    origin: model::Origin::Json(t.map),
                });
                t.text
            }
            Err(d) => {
                diags.push(*d);
                return Vec::new();
            }
        }
    } else {
        // A byte order mark becomes spaces, keeping offsets (as for .tf files).
        gantry_syntax::without_bom(&text).into_owned()
    };
    match hcl_edit::parser::parse_body(&parsed_text) {
        Ok(body) => {
            let mut out = Vec::new();
            for s in body.iter() {
                match s {
                    Structure::Attribute(a) => {
                        let name_span = module.span(file, a.key.span().unwrap_or(0..0));
                        let span = module.span(file, a.value.span().unwrap_or(0..0));
                        out.push((
                            a.key.as_str().to_string(),
                            name_span,
                            Expr {
                                file,
                                expr: a.value.clone(),
                                span,
                                iterators: Vec::new(),
                            },
                        ));
                    }
                    Structure::Block(b) => diags.push(
                        Diagnostic::error(
                            "gantry::vars::block",
                            "Unexpected block in variables file",
                        )
                        .with_detail("A variables file may only assign values to variables.")
                        .with_span(module.span(file, b.ident.span().unwrap_or(0..0))),
                    ),
                }
            }
            out
        }
        Err(e) => {
            let at = module
                .span(file, e.location().offset()..e.location().offset())
                .start;
            diags.push(
                Diagnostic::error("gantry::syntax", "Invalid HCL syntax")
                    .with_detail(e.message().to_string())
                    .with_span(Span::new(file, at..at)),
            );
            Vec::new()
        }
    }
}

fn assign_file(
    module: &Module,
    eval: &Evaluator,
    path: &std::path::Path,
    entries: &[(String, Span, Expr)],
    raw: &mut BTreeMap<String, Raw>,
    from_cli: bool,
    diags: &mut Diagnostics,
) {
    let fname = path.strip_prefix(".").unwrap_or(path).display().to_string();
    for (name, name_span, expr) in entries {
        if !module.variables.contains_key(name) {
            diags.push(
                Diagnostic::warning("gantry::vars::undeclared", "Value for undeclared variable")
                    .with_detail(format!("The root module does not declare a variable named \"{name}\" but a value was found in file \"{fname}\". If you meant to use this value, add a \"variable\" block to the configuration."))
                    .with_span(*name_span),
            );
            continue;
        }
        let value = constant(module, eval, expr, diags);
        raw.insert(
            name.clone(),
            Raw {
                value,
                origin: Origin::File {
                    name: fname.clone(),
                    from_cli,
                },
                span: Some(expr.span),
            },
        );
    }
}

/// Evaluates an expression that must not refer to anything.
fn constant(module: &Module, eval: &Evaluator, e: &Expr, diags: &mut Diagnostics) -> Value {
    let (refs, more) = references::collect(module, e);
    if let Some(r) = refs.first() {
        diags.push(
            Diagnostic::error("gantry::vars::not-constant", "Variables not allowed")
                .with_detail(format!(
                    "Variables may not be used here; found a reference to {}.",
                    r.subject
                ))
                .with_span(r.span),
        );
        return Value::Unknown;
    }
    if !more.is_empty() {
        diags.extend(more);
        return Value::Unknown;
    }
    eval.eval(e, &Scope::default(), diags)
}

/// `-var` and `TF_VAR_` values: literal strings for primitive types, HCL
/// expressions otherwise (Terraform's `VariableParseLiteral` rule).
fn parse_raw(
    as_hcl: bool,
    text: &str,
    eval: &Evaluator,
    diags: &mut Diagnostics,
    name: Option<&String>,
) -> Value {
    if !as_hcl {
        return Value::String(text.to_string());
    }
    match hcl_edit::parser::parse_expr(text) {
        Ok(expr) => {
            // The text has no file; problems are reported as one message
            // about the whole value, so the spans inside do not matter.
            let mut sub = Diagnostics::new();
            let nowhere = Span::new(gantry_diagnostics::FileId(0), 0..0);
            let e = Expr {
                file: nowhere.file,
                expr,
                span: nowhere,
                iterators: Vec::new(),
            };
            let v = eval.eval(&e, &Scope::default(), &mut sub);
            if sub.has_errors() || !v.is_wholly_known() {
                diags.push(
                    Diagnostic::error("gantry::vars::parse", "Invalid value for variable")
                        .with_detail(format!(
                            "The value given for {} is not a valid constant expression: {text}",
                            name.map_or("a variable".to_string(), |n| variable(n))
                        )),
                );
                return Value::Unknown;
            }
            v
        }
        Err(e) => {
            diags.push(
                Diagnostic::error("gantry::vars::parse", "Invalid value for variable").with_detail(
                    format!(
                        "The value given for {} is not valid HCL: {}",
                        name.map_or("a variable".to_string(), |n| variable(n)),
                        e.message()
                    ),
                ),
            );
            Value::Unknown
        }
    }
}
