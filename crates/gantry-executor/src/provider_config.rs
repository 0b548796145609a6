//! A `provider "NAME" { ... }` block as one value: its arguments
//! evaluated (variables and locals allowed, as Terraform allows), nested
//! blocks as lists of objects by block type. The provider decides what it
//! honours.

use std::collections::BTreeMap;

use gantry_addrs::{AbsProviderConfig, ModulePath};
use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Body, Module};
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics};

/// Every configuration of provider `name` with its block as one value, at
/// the address state gives it: the root module's blocks (its default
/// configured from nothing when no block declares it) and those called
/// modules declare themselves (Terraform's legacy form), each evaluated in
/// its module's one instance with the values the configuration gives
/// before any object exists. A block whose values are not known yet is an
/// error. Nothing for a provider gantry has no type of.
pub fn configurations(
    root: &Module,
    variables: &BTreeMap<String, Value>,
    graph: &gantry_graph::Graph,
    name: &str,
) -> (Vec<(AbsProviderConfig, Value)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    let Some(source) = gantry_schema::provider_source(name) else {
        return (out, diags);
    };
    let at = |module: &ModulePath, alias: &Option<String>| AbsProviderConfig {
        module: module.clone(),
        provider: source.to_string(),
        alias: alias.clone(),
    };
    let ev = Evaluator::new(root, variables.clone());
    for p in root.providers.iter().filter(|p| p.name == name) {
        out.push((at(&root.path, &p.alias), body(&ev, &p.body, &mut diags)));
    }
    if !root.has_provider_block(&gantry_addrs::LocalProviderConfig::new(name, None)) {
        out.insert(0, (at(&root.path, &None), Value::Null));
    }
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
        BTreeMap::new(),
        false,
        &mut quiet,
    );
    for module in root.descendants() {
        // Validation refuses count, for_each and depends_on on the call of
        // a module with provider blocks (`gantry::config::legacy-module`),
        // so the module has one instance.
        let Some(ev) = evs
            .iter()
            .find_map(|(i, ev)| (i.module() == module.path).then_some(ev))
        else {
            continue;
        };
        for p in module.providers.iter().filter(|p| p.name == name) {
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
            out.push((at(&module.path, &p.alias), v));
        }
    }
    (out, diags)
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
