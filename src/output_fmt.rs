//! Values the way `terraform output` and `state show` print them: HCL
//! literal syntax with heredocs for multi-line strings.

use gantry_config::value::Value;
use gantry_executor::render::quote;

/// A sensitive value (marked in state) prints as `(sensitive value)`, as
/// `terraform show` prints it; `output NAME` reads values without marks.
pub fn hcl(v: &Value, indent: usize) -> String {
    let pad = " ".repeat(indent);
    if v.is_sensitive() {
        return "(sensitive value)".into();
    }
    match v {
        Value::Null | Value::TypedNull(_) => "null".into(),
        Value::Unknown => "(known after apply)".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) if s.contains('\n') => {
            let mut out = String::from("<<-EOT\n");
            for l in s.trim_end_matches('\n').split('\n') {
                out.push_str(&format!("{pad}  {l}\n"));
            }
            out.push_str(&format!("{pad}EOT"));
            out
        }
        Value::String(s) => quote(s),
        Value::List(items) | Value::Set(items) => {
            if items.is_empty() {
                return "[]".into();
            }
            let mut out = String::from("[\n");
            for i in items {
                out.push_str(&format!("{pad}  {},\n", hcl(i, indent + 2)));
            }
            out.push_str(&format!("{pad}]"));
            out
        }
        Value::Map(m) => {
            if m.is_empty() {
                return "{}".into();
            }
            let width = m
                .keys()
                .map(|k| quote(k).chars().count())
                .max()
                .unwrap_or(0);
            let mut out = String::from("{\n");
            for (k, x) in m {
                out.push_str(&format!(
                    "{pad}  {:width$} = {}\n",
                    quote(k),
                    hcl(x, indent + 2)
                ));
            }
            out.push_str(&format!("{pad}}}"));
            out
        }
        Value::Sensitive(_) => "(sensitive value)".into(),
    }
}
