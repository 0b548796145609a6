//! Deep nesting that Terraform accepts: 255 chained conditionals and lists
//! nested 255 deep parse and evaluate on a thread with an 8 MiB stack, the
//! size of every thread gantry parses or evaluates on (main thread, tokio
//! workers, the language server's worker), in a debug build.

use gantry_config::eval::Evaluator;
use gantry_config::load_sources;
use gantry_config::value::Value;

const STACK: usize = 8 << 20;

fn eval_local(src: String) -> Value {
    std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let (module, mut diags) =
                load_sources(std::path::Path::new("."), vec![("main.tf".into(), src)]);
            let v = Evaluator::new(&module, Default::default()).local("x", &mut diags);
            assert!(!diags.has_errors(), "{diags:?}");
            v
        })
        .unwrap()
        .join()
        .expect("no stack overflow")
}

#[test]
fn chained_conditionals_255_long() {
    let mut e = String::from("\"last\"");
    for i in (0..255).rev() {
        e = format!("{i} == 254 ? \"hit\" : {e}");
    }
    let v = eval_local(format!("locals {{\n  x = {e}\n}}\n"));
    assert_eq!(v, Value::string("hit"));
}

#[test]
fn lists_nested_255_deep() {
    let e = format!("{}1{}", "[".repeat(255), "]".repeat(255));
    let mut v = eval_local(format!("locals {{\n  x = {e}\n}}\n"));
    for _ in 0..255 {
        let Value::List(mut items) = v else {
            panic!("not a list: {v:?}")
        };
        v = items.remove(0);
    }
    assert_eq!(v, Value::int(1));
}

#[test]
fn deeper_than_the_parser_allows_is_a_syntax_error() {
    let e = format!("{}1{}", "[".repeat(300), "]".repeat(300));
    let src = format!("locals {{\n  x = {e}\n}}\n");
    let diags = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || load_sources(std::path::Path::new("."), vec![("main.tf".into(), src)]).1)
        .unwrap()
        .join()
        .expect("no stack overflow");
    let d = diags.iter().find(|d| d.is_error()).expect("a syntax error");
    assert!(d.detail.contains("at most 256 nested levels"), "{d:?}");
}
