//! A `provider "NAME" { ... }` block as one value: its arguments
//! evaluated (variables and locals allowed, as Terraform allows), nested
//! blocks as lists of objects by block type. The provider decides what it
//! honours.

use std::collections::BTreeMap;

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Body, Module};
use gantry_config::value::Value;
use gantry_diagnostics::Diagnostics;

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
