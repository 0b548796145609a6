//! The graph of the whole configuration: calls split into their inputs and
//! outputs, so that references into a call and back out through an output
//! that does not depend on them are ordered (as Terraform orders them), and
//! only a loop through the values themselves is one.

use std::path::{Path, PathBuf};

use gantry_addrs::{ConfigDeclaration, ConfigResource, Declaration, ModulePath, Resource};
use gantry_graph::{ModuleGraphs, Reach};

fn case(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(path)
}

fn at(path: &[&str], d: Declaration) -> ConfigDeclaration {
    let mut module = ModulePath::root();
    for name in path {
        module = module.child(name);
    }
    ConfigDeclaration::new(module, d)
}

fn resource(name: &str) -> Declaration {
    Declaration::Resource(Resource::managed("terraform_data", name))
}

#[test]
fn references_through_a_call_and_back_out_are_ordered() {
    let (module, diags) = gantry_config::load_dir(&case("plan/module-call-loop/before"));
    assert!(!diags.has_errors(), "{diags:?}");
    let (graph, cycles) = gantry_graph::build(&module);
    // Seen from the root module alone, a call is one node: a loop.
    assert!(
        !cycles.has_errors(),
        "a loop through a call is no cycle of the module"
    );
    let graphs = ModuleGraphs::new(&module, &graph);
    let order = graphs
        .walk_order()
        .as_ref()
        .expect("no loop in the whole graph");
    let pos = |n: &ConfigDeclaration| {
        order
            .iter()
            .position(|o| o == n)
            .unwrap_or_else(|| panic!("{n} is not in the order"))
    };
    let before = |a: ConfigDeclaration, b: ConfigDeclaration| {
        assert!(pos(&a) < pos(&b), "{a} should come before {b}");
    };
    // Into the call and out again.
    before(
        at(&[], resource("api")),
        at(&["lambda"], Declaration::variable("api_arn")),
    );
    before(
        at(&[], Declaration::call("lambda")),
        at(&["lambda"], Declaration::variable("api_arn")),
    );
    before(
        at(&[], Declaration::call("lambda")),
        at(&["lambda"], resource("function")),
    );
    before(
        at(&["lambda"], Declaration::output("invoke_arn")),
        at(&[], resource("integration")),
    );
    // Two calls that each take what the other gives back.
    before(
        at(&["second"], Declaration::output("own")),
        at(&["first"], Declaration::variable("peer")),
    );
    before(
        at(&["first"], Declaration::output("own")),
        at(&["second"], Declaration::variable("peer")),
    );
    before(
        at(&["first"], Declaration::variable("peer")),
        at(&["first"], resource("uses_peer")),
    );
    assert!(
        order.len() > 20,
        "every declaration of every module is in the order"
    );

    // State records what a resource depends on through the one output it
    // reads: `module.second.own`, not the module's other output (which
    // depends on `module.first` and would make the apply order a loop).
    let deps = |path: &[&str], name: &str| -> Vec<String> {
        let n = at(path, resource(name));
        graphs
            .dependencies(&n.module, &n.declaration, Reach::Direct)
            .iter()
            .map(ConfigResource::to_string)
            .collect()
    };
    assert_eq!(
        deps(&["first"], "uses_peer"),
        ["module.second.terraform_data.own"]
    );
    assert_eq!(
        deps(&["lambda"], "permission"),
        [
            "terraform_data.api",
            "module.lambda.terraform_data.function"
        ]
    );
    // `for_each = module.lambda` reads the whole call: every output.
    assert_eq!(
        deps(&[], "integration"),
        [
            "terraform_data.api",
            "module.lambda.terraform_data.function",
            "module.lambda.terraform_data.permission",
        ]
    );
}

#[test]
fn a_loop_through_the_values_is_named_hop_by_hop() {
    let (module, diags) = gantry_config::load_dir(&case("invalid/module-call-cycle"));
    assert!(!diags.has_errors(), "{diags:?}");
    let (graph, _) = gantry_graph::build(&module);
    let graphs = ModuleGraphs::new(&module, &graph);
    let Err(cycle) = graphs.walk_order() else {
        panic!("the loop was not found");
    };
    let hops: Vec<String> = cycle.hops.iter().map(ToString::to_string).collect();
    assert_eq!(
        hops,
        [
            "terraform_data.relay",
            "module.ping.output.echoed",
            "module.ping.var.value",
            "module.pong.output.echoed",
            "module.pong.var.value",
            "terraform_data.relay",
        ]
    );
    // Every hop names the reference that makes it.
    assert_eq!(cycle.references.len(), hops.len() - 1);
    assert!(cycle.references.iter().all(Option::is_some));
}
