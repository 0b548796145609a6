//! `gantry console`: expressions evaluated against the configuration, the
//! input variables and the state, printed as `terraform console` prints
//! them. On a terminal it prompts and answers each expression (one that
//! leaves a bracket open continues on the next line); piped, it evaluates
//! each line, stops at the first error, and prints the last answer, as
//! Terraform's piped mode does.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::Module;
use gantry_config::references::{self, RefContext};
use gantry_config::types::Type;
use gantry_config::value::{MapKind, SeqKind, Value};
use gantry_diagnostics::Diagnostics;

use crate::cli::ConsoleArgs;
use crate::workspace::{self, report};

pub fn run(dir: &Path, args: &ConsoleArgs) -> u8 {
    let ws = match workspace::load_with(dir, &args.vars, false, true) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let home = match ws.home(dir) {
        Ok(h) => h,
        Err(code) => return code,
    };
    let mut store = home.store(&ws.name, false);
    let state = match store.read() {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => return workspace::state_error(&e),
    };
    let resources = gantry_executor::plan::state_resource_values(&state);
    let mut module = ws.module;
    let variables = ws.variables;
    let interactive = std::io::stdin().is_terminal();
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let mut last = None;
    loop {
        if interactive {
            print!("> ");
            let _ = std::io::stdout().flush();
        }
        let Some(Ok(mut text)) = lines.next() else {
            break;
        };
        // On a terminal an expression may span lines while a bracket,
        // string or heredoc is open.
        while interactive
            && !gantry_syntax::lexer::unclosed(&gantry_syntax::lexer::lex(&text)).is_empty()
        {
            print!(". ");
            let _ = std::io::stdout().flush();
            match lines.next() {
                Some(Ok(more)) => {
                    text.push('\n');
                    text.push_str(&more);
                }
                _ => break,
            }
        }
        let input = text.trim();
        if input.is_empty() {
            continue;
        }
        if input == "exit" {
            break;
        }
        // `type(x)`, the console's own function: x's type, printed as a type.
        let (input, show_type) = match input
            .strip_prefix("type(")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(inner) => (inner, true),
            None => (input, false),
        };
        match evaluate(&mut module, &variables, &resources, input) {
            Ok(v) => {
                let shown = if show_type {
                    gantry_config::types::type_of(&v).pretty()
                } else {
                    format_value(&v, 0)
                };
                if interactive {
                    println!("{shown}");
                } else {
                    last = Some(shown);
                }
            }
            Err(diags) => {
                report(&module.sources, &diags, args.vars.no_color);
                if !interactive {
                    return 1;
                }
            }
        }
    }
    if let Some(shown) = last {
        println!("{shown}");
    }
    0
}

/// One expression, with undeclared names reported as Terraform reports them.
fn evaluate(
    module: &mut Module,
    variables: &BTreeMap<String, Value>,
    resources: &BTreeMap<gantry_addrs::Resource, Value>,
    input: &str,
) -> Result<Value, Diagnostics> {
    let mut diags = Diagnostics::new();
    let expr = match gantry_config::parse_expression(module, "<console-input>", input) {
        Ok(e) => e,
        Err(d) => {
            diags.push(*d);
            return Err(diags);
        }
    };
    let module = &*module;
    let (refs, more) = references::collect(module, &expr);
    diags.extend(more);
    references::check(module, &refs, RefContext::default(), &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    let mut ev = Evaluator::new(module, variables.clone()).with_impure_functions();
    ev.resources = resources.clone();
    let v = ev.eval_typed(&expr, &Scope::default(), &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(v)
}

/// Terraform's `repl.FormatValue`: one item per line, no alignment, sets
/// as `toset([...])`, multi-line strings as heredocs, and a null as a null
/// of its type (`tostring(null)`, `tolist(null) /* of string */`): its own
/// type, or the one its collection or object gives it (`expected`).
fn format_value(v: &Value, indent: usize) -> String {
    format_typed(v, indent, &Type::Any)
}

/// How the console prints a null of type `t`.
fn null_of(t: &Type) -> String {
    match t {
        Type::Any => "null".into(),
        Type::String => "tostring(null)".into(),
        Type::Number => "tonumber(null)".into(),
        Type::Bool => "tobool(null)".into(),
        Type::List(e) => format!("tolist(null) /* of {} */", e.friendly_name()),
        Type::Set(e) => format!("toset(null) /* of {} */", e.friendly_name()),
        Type::Map(e) => format!("tomap(null) /* of {} */", e.friendly_name()),
        other => format!("null /* {} */", other.friendly_name()),
    }
}

fn format_typed(v: &Value, indent: usize, expected: &Type) -> String {
    let pad = |n: usize| " ".repeat(n);
    if v.is_sensitive() {
        return "(sensitive value)".into();
    }
    match v {
        Value::Unknown => "(known after apply)".into(),
        Value::Null => null_of(expected),
        Value::TypedNull(t) => null_of(t),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') => {
            let lines: Vec<&str> = s.split('\n').collect();
            let mut delimiter = String::from("EOT");
            while lines.iter().any(|l| l.trim() == delimiter) {
                delimiter.push('_');
            }
            let operator = if indent > 0 { "<<-" } else { "<<" };
            let mut out = format!("{operator}{delimiter}");
            for l in lines {
                out.push('\n');
                out.push_str(&pad(indent));
                out.push_str(l);
            }
            out.push('\n');
            out.push_str(&pad(indent));
            out.push_str(&delimiter);
            out
        }
        Value::String(s) => gantry_executor::render::quote(s),
        Value::List(items) | Value::Set(items) => {
            let mut out = String::from("[");
            for (i, item) in items.iter().enumerate() {
                let item_type = match (&items.kind, expected) {
                    (SeqKind::List(elem), _) => (**elem).clone(),
                    (SeqKind::Tuple, Type::Tuple(types)) => {
                        types.get(i).cloned().unwrap_or(Type::Any)
                    }
                    _ => Type::Any,
                };
                out.push('\n');
                out.push_str(&pad(indent + 2));
                out.push_str(&format_typed(item, indent + 2, &item_type));
                out.push(',');
            }
            if !items.is_empty() {
                out.push('\n');
                out.push_str(&pad(indent));
            }
            out.push(']');
            match v {
                Value::Set(_) => format!("toset({out})"),
                Value::List(seq) if seq.is_list() => format!("tolist({out})"),
                _ => out,
            }
        }
        Value::Map(m) => {
            let mut out = String::from("{");
            for (k, item) in m.iter() {
                let item_type = match (&m.kind, expected) {
                    (MapKind::Map(elem), _) => (**elem).clone(),
                    (MapKind::Object, Type::Object(attrs, _)) => {
                        attrs.get(k).cloned().unwrap_or(Type::Any)
                    }
                    _ => Type::Any,
                };
                out.push('\n');
                out.push_str(&pad(indent + 2));
                out.push_str(&gantry_executor::render::quote(k));
                out.push_str(" = ");
                out.push_str(&format_typed(item, indent + 2, &item_type));
            }
            if !m.is_empty() {
                out.push('\n');
                out.push_str(&pad(indent));
            }
            out.push('}');
            if m.is_map() {
                format!("tomap({out})")
            } else {
                out
            }
        }
        Value::Sensitive(_) => "(sensitive value)".into(),
    }
}
