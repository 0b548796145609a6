//! Expression semantics: each case is HCL source, evaluated as `local.x`.

use std::collections::BTreeMap;
use std::path::Path;

use gantry_config::eval::Evaluator;
use gantry_config::load_sources;
use gantry_config::references::{self, Referenceable};
use gantry_config::value::Value;
use gantry_diagnostics::Diagnostics;

/// Evaluates `local.x` in a module made of `src` (plus the given variables).
fn eval_with(src: &str, vars: &[(&str, Value)]) -> (Value, Diagnostics) {
    let (module, mut diags) = load_sources(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        vec![("main.tf".into(), src.to_string())],
    );
    assert!(!diags.has_errors(), "load: {diags:?}");
    let vars: BTreeMap<String, Value> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect();
    let ev = Evaluator::new(&module, vars);
    let v = ev.local("x", &mut diags);
    (v, diags)
}

fn eval(src: &str) -> Value {
    let (v, d) = eval_with(src, &[]);
    assert!(!d.has_errors(), "{src}: {d:?}");
    v
}

fn s(x: &str) -> Value {
    Value::string(x)
}

#[test]
fn templates_and_heredocs() {
    assert_eq!(
        eval("locals {\n  y = \"b\"\n  x = \"a-${local.y}-c\"\n}\n"),
        s("a-b-c")
    );
    assert_eq!(
        eval("locals {\n  x = \"$${not} %%{also not}\"\n}\n"),
        s("${not} %{also not}")
    );
    assert_eq!(
        eval(
            "locals {\n  x = <<-EOT\n    {\n      \"body\" : $input.json('$')\n    }\n    EOT\n}\n"
        ),
        s("{\n  \"body\" : $input.json('$')\n}\n"),
        "<<- strips the common indent; VTL passes through"
    );
    assert_eq!(
        eval("locals {\n  x = <<EOF\n  keep\nEOF\n}\n"),
        s("  keep\n")
    );
    assert_eq!(
        eval("locals {\n  x = \"%{ if 1 == 1 }yes%{ else }no%{ endif }\"\n}\n"),
        s("yes")
    );
    assert_eq!(
        eval("locals {\n  x = \"%{ for p in [\"a\", \"b\"] }${p};%{ endfor }\"\n}\n"),
        s("a;b;")
    );
    assert_eq!(eval("locals {\n  x = \"a ${~ \"b\" ~} c\"\n}\n"), s("abc"));
}

#[test]
fn operators_conditionals_and_for() {
    assert_eq!(
        eval("locals {\n  x = 1 + 2 * 3 - 4 / 2\n}\n"),
        Value::int(5)
    );
    assert_eq!(
        eval("locals {\n  x = 7 % 3 == 1 && !false || false\n}\n"),
        Value::Bool(true)
    );
    assert_eq!(
        eval("locals {\n  x = \"5\" + 1\n}\n"),
        Value::int(6),
        "strings convert to numbers"
    );
    assert_eq!(
        eval("locals {\n  x = 2 > 1 ? \"big\" : \"small\"\n}\n"),
        s("big")
    );
    assert_eq!(
        eval("locals {\n  x = [for m in [\"get\", \"post\"] : upper(m) if m != \"\"]\n}\n"),
        Value::List(vec![s("GET"), s("POST")].into())
    );
    let obj = eval("locals {\n  x = { for k, v in { a = 1, b = 2 } : v => k }\n}\n");
    assert_eq!(
        obj,
        Value::Map(
            [("1".to_string(), s("a")), ("2".to_string(), s("b"))]
                .into_iter()
                .collect()
        )
    );
    let grouped = eval("locals {\n  x = { for p in [\"a\", \"a\", \"b\"] : p => p... }\n}\n");
    assert_eq!(
        grouped,
        Value::Map(
            [
                ("a".to_string(), Value::List(vec![s("a"), s("a")].into())),
                ("b".to_string(), Value::List(vec![s("b")].into()))
            ]
            .into_iter()
            .collect()
        )
    );
}

#[test]
fn traversals_indexes_and_splats() {
    assert_eq!(
        eval("locals {\n  m = { a = [10, 20] }\n  x = local.m.a[1]\n}\n"),
        Value::int(20)
    );
    assert_eq!(eval("locals {\n  m = { \"application/json\" = \"t\" }\n  x = local.m[\"application/json\"]\n}\n"), s("t"));
    assert_eq!(
        eval("locals {\n  l = [{ id = \"a\" }, { id = \"b\" }]\n  x = local.l[*].id\n}\n"),
        Value::List(vec![s("a"), s("b")].into())
    );
    assert_eq!(
        eval("locals {\n  x = path.module == \"\" ? \"empty\" : \"set\"\n}\n"),
        s("set")
    );
}

#[test]
fn unknown_flows_through_and_sensitive_sticks() {
    let src = "resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"n\"\n}\nlocals {\n  x = \"arn:${aws_api_gateway_rest_api.api.execution_arn}/*\"\n}\n";
    assert_eq!(
        eval(src),
        Value::Unknown,
        "a resource attribute is known only after apply"
    );
    let src = "variable \"v\" {}\nlocals {\n  x = upper(var.v)\n}\n";
    assert_eq!(eval_with(src, &[("v", Value::Unknown)]).0, Value::Unknown);
    let (v, _) = eval_with(src, &[("v", Value::sensitive(s("k")))]);
    assert_eq!(v, Value::sensitive(s("K")));
    let src = "variable \"v\" {}\nlocals {\n  x = var.v ? 1 : 2\n}\n";
    assert_eq!(eval_with(src, &[("v", Value::Unknown)]).0, Value::Unknown);
}

#[test]
fn evaluation_errors_are_diagnostics_with_spans() {
    let (v, d) = eval_with("locals {\n  x = 1 + \"a\"\n}\n", &[]);
    assert_eq!(v, Value::Unknown);
    let err = d.iter().find(|d| d.is_error()).expect("an error");
    assert_eq!(err.summary, "Invalid operand");
    assert_eq!(
        err.span.map(|s| (s.start, s.end)),
        Some((19, 22)),
        "points at \"a\""
    );
    let (_, d) = eval_with("locals {\n  x = { a = 1 }.b\n}\n", &[]);
    assert!(d.iter().any(|d| d.summary == "Unsupported attribute"));
}

#[test]
fn references_are_collected_with_spans() {
    let src = "variable \"region\" {}\nresource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"x\"\n}\nlocals {\n  x = \"${var.region}:${aws_api_gateway_rest_api.api.id}:${local.y}\"\n  y = [for v in [1] : v]\n}\n";
    let (module, _) = load_sources(Path::new("."), vec![("main.tf".into(), src.to_string())]);
    let (refs, diags) = references::collect(&module, &module.locals["x"].value);
    assert!(diags.is_empty());
    let subjects: Vec<String> = refs.iter().map(|r| r.subject.to_string()).collect();
    assert_eq!(
        subjects,
        ["var.region", "aws_api_gateway_rest_api.api", "local.y"]
    );
    let text = module.sources.get(refs[1].span.file).text();
    assert_eq!(&text[refs[1].span.range()], "aws_api_gateway_rest_api.api");
    assert_eq!(
        refs[1]
            .attributes
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>(),
        ["id"]
    );
    // `for` variables are not references.
    let (refs, _) = references::collect(&module, &module.locals["y"].value);
    assert!(refs.is_empty());
    assert!(matches!(
        Referenceable::CountIndex.to_string().as_str(),
        "count.index"
    ));
}
