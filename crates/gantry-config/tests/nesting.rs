//! Deep nesting that Terraform accepts (its console evaluates 30,000
//! nested lists): 10,000 chained conditionals, lists nested 10,000 deep and
//! 10,000 chained `+` parse and evaluate on a thread with
//! `gantry_config::DEEP_STACK`, the stack of every thread gantry parses or
//! evaluates on (its command thread, tokio's workers, the language server's
//! worker), in a debug build. The parser and the evaluator grow their stack
//! on the heap; the limit is a guard against runaway input, not a stack.

use gantry_config::eval::Evaluator;
use gantry_config::load_sources;
use gantry_config::value::Value;

const DEPTH: usize = 10_000;

fn on_deep_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(gantry_config::DEEP_STACK)
        .spawn(f)
        .unwrap()
        .join()
        .expect("no stack overflow")
}

fn eval_local(src: String) -> Value {
    on_deep_stack(move || {
        let (module, mut diags) =
            load_sources(std::path::Path::new("."), vec![("main.tf".into(), src)]);
        let v = Evaluator::new(&module, Default::default()).local("x", &mut diags);
        assert!(!diags.has_errors(), "{diags:?}");
        v
    })
}

#[test]
fn chained_conditionals_10000_long() {
    let mut e = String::from("\"last\"");
    for i in (0..DEPTH).rev() {
        e = format!("{i} == {} ? \"hit\" : {e}", DEPTH - 1);
    }
    let v = eval_local(format!("locals {{\n  x = {e}\n}}\n"));
    assert_eq!(v, Value::string("hit"));
}

#[test]
fn chained_operators_10000_long() {
    let e = vec!["1"; DEPTH].join(" + ");
    let v = eval_local(format!("locals {{\n  x = {e}\n}}\n"));
    assert_eq!(v, Value::int(DEPTH as i64));
}

#[test]
fn lists_nested_10000_deep() {
    let e = format!("{}1{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    let v = eval_local(format!("locals {{\n  x = {e}\n}}\n"));
    // Taken apart level by level: dropping it whole recurses too.
    on_deep_stack(move || {
        let mut v = v;
        for _ in 0..DEPTH {
            let Value::List(mut items) = v else {
                panic!("not a list: {v:?}")
            };
            v = items.items.remove(0);
        }
        assert_eq!(v, Value::int(1));
    });
}

#[test]
fn deeper_than_the_parser_allows_is_a_syntax_error() {
    let depth = 100_001;
    let e = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let src = format!("locals {{\n  x = {e}\n}}\n");
    let diags = on_deep_stack(move || {
        load_sources(std::path::Path::new("."), vec![("main.tf".into(), src)]).1
    });
    let d = diags.iter().find(|d| d.is_error()).expect("a syntax error");
    assert!(d.detail.contains("at most 100000 nested levels"), "{d:?}");
}
