//! A `provider "NAME" { ... }` block as one value: its arguments
//! evaluated (variables and locals allowed, as Terraform allows), nested
//! blocks as lists of objects by block type. The provider decides what it
//! honours.

use std::collections::BTreeMap;

use gantry_addrs::ModulePath;
use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Body, Module};
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics};

/// The configurations of provider `name` that called modules declare in
/// their own `provider` blocks (Terraform's legacy form), each evaluated in
/// its module's instance with the values the configuration gives before
/// any object exists. Terraform forbids `count`, `for_each` and
/// `depends_on` on such a call, so each module has one instance; one with
/// more, or a block whose values are not known yet, is an error.
pub fn module_provider_blocks(
    root: &Module,
    variables: &BTreeMap<String, Value>,
    graph: &gantry_graph::Graph,
    name: &str,
) -> (Vec<(ModulePath, Option<String>, Value)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    if !root
        .descendants()
        .iter()
        .any(|m| m.providers.iter().any(|p| p.name == name))
    {
        return (out, diags);
    }
    let graphs = crate::modules::Graphs::new(root, graph);
    // Problems of the values themselves were reported by validation.
    let mut quiet = Diagnostics::new();
    let evs = crate::modules::evaluate_tree(
        root,
        variables.clone(),
        &graphs,
        &BTreeMap::new(),
        false,
        &mut quiet,
    );
    for module in root.descendants() {
        let blocks: Vec<_> = module.providers.iter().filter(|p| p.name == name).collect();
        let Some(first) = blocks.first() else {
            continue;
        };
        let instances: Vec<_> = evs
            .iter()
            .filter(|(at, _)| at.module() == module.path)
            .collect();
        let [(_, ev)] = instances.as_slice() else {
            diags.push(
                Diagnostic::error("gantry::provider::module-instances", "Module is incompatible with count, for_each, and depends_on")
                    .with_detail(format!(
                        "{} declares its own provider configuration, so it cannot be called with count or for_each ({} instances). Declare the configuration in the root module and pass it with the providers argument instead.",
                        module.path,
                        instances.len()
                    ))
                    .with_span(first.name_span),
            );
            continue;
        };
        for p in blocks {
            let v = body(ev, &p.body, &mut diags);
            if !v.is_wholly_known() {
                diags.push(
                    Diagnostic::error("gantry::provider::unknown", "Provider configuration not known before apply")
                        .with_detail(format!(
                            "The provider \"{name}\" block of {} uses values that are not known until objects are created; gantry configures providers before planning.",
                            module.path
                        ))
                        .with_span(p.name_span),
                );
                continue;
            }
            out.push((module.path.clone(), p.alias.clone(), v));
        }
    }
    (out, diags)
}

/// Every configuration of provider `name` the module declares, by alias
/// (`None` for the default), in the order of the blocks.
pub fn provider_blocks(
    module: &Module,
    variables: &BTreeMap<String, Value>,
    name: &str,
) -> (Vec<(Option<String>, Value)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let ev = Evaluator::new(module, variables.clone());
    let blocks = module
        .providers
        .iter()
        .filter(|p| p.name == name)
        .map(|p| (p.alias.clone(), body(&ev, &p.body, &mut diags)))
        .collect();
    (blocks, diags)
}

fn body(ev: &Evaluator, b: &Body, diags: &mut Diagnostics) -> Value {
    let mut out = BTreeMap::new();
    for a in &b.attributes {
        out.insert(a.name.clone(), ev.eval(&a.value, &Scope::default(), diags));
    }
    let mut blocks: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for blk in &b.blocks {
        blocks
            .entry(blk.kind.clone())
            .or_default()
            .push(body(ev, &blk.body, diags));
    }
    for (kind, items) in blocks {
        out.insert(kind, Value::List(items.into()));
    }
    Value::Map(out.into())
}
