//! Module calls while planning and applying: the instances a call
//! declares, the inputs each instance gets from its caller, the
//! `module.NAME` value its outputs give back, and every module instance's
//! evaluator from the objects known so far.

use std::collections::BTreeMap;

use gantry_addrs::{InstanceKey, ModuleInstance, Resource};
use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Module, ModuleCall};
use gantry_config::value::Value;
use gantry_diagnostics::Diagnostics;

/// The graph of every module of the configuration (see
/// [`gantry_graph::ModuleGraphs`]).
pub use gantry_graph::ModuleGraphs as Graphs;

/// The instances of `call` with the scope its arguments are evaluated in;
/// `None` (reported) when `count` or `for_each` is not known yet.
pub fn call_instances(
    call: &ModuleCall,
    ev: &Evaluator,
    diags: &mut Diagnostics,
) -> Option<Vec<(Option<InstanceKey>, Scope)>> {
    crate::plan::expand_repetition(call.count.as_ref(), call.for_each.as_ref(), ev, diags)
}

/// What one instance of a module gives its caller: an object of its
/// outputs (sensitive ones marked).
pub fn outputs_object(child: &Module, ev: &Evaluator, diags: &mut Diagnostics) -> Value {
    let mut fields = BTreeMap::new();
    for o in child.outputs.values() {
        let v = o
            .value
            .as_ref()
            .map_or(Value::Null, |e| ev.eval(e, &Scope::default(), diags));
        let v = if o.sensitive && !v.is_sensitive() {
            Value::sensitive(v)
        } else {
            v
        };
        fields.insert(o.name.clone(), v);
    }
    Value::Map(fields.into())
}

/// `module.NAME` as expressions read it: the one instance's object, a list
/// of them (`count`) or a map (`for_each`).
pub fn call_value(call: &ModuleCall, instances: Vec<(Option<InstanceKey>, Value)>) -> Value {
    let each = crate::plan::each_of(&call.count, &call.for_each);
    crate::plan::resource_value(each, instances)
}

/// Evaluators for every module instance of the configuration, built from
/// the resource values known now (`resources`, by module instance then
/// resource address): the apply walk's view once objects change.
pub fn evaluate_tree<'m>(
    root: &'m Module,
    variables: BTreeMap<String, Value>,
    graphs: &Graphs,
    resources: &BTreeMap<ModuleInstance, BTreeMap<Resource, Value>>,
    impure: bool,
    diags: &mut Diagnostics,
) -> BTreeMap<ModuleInstance, Evaluator<'m>> {
    let mut out = BTreeMap::new();
    evaluate_instance(
        root,
        ModuleInstance::root(),
        variables,
        graphs,
        resources,
        impure,
        &mut out,
        diags,
    );
    out
}

#[allow(clippy::too_many_arguments)]
fn evaluate_instance<'m>(
    module: &'m Module,
    at: ModuleInstance,
    variables: BTreeMap<String, Value>,
    graphs: &Graphs,
    resources: &BTreeMap<ModuleInstance, BTreeMap<Resource, Value>>,
    impure: bool,
    out: &mut BTreeMap<ModuleInstance, Evaluator<'m>>,
    diags: &mut Diagnostics,
) -> Value {
    let mut ev = Evaluator::new(module, variables);
    if impure {
        ev = ev.with_impure_functions();
    }
    ev.resources = resources.get(&at).cloned().unwrap_or_default();
    for call in graphs.call_order(module) {
        let Some(child) = module.children.get(&call.name) else {
            continue;
        };
        let Some(instances) = call_instances(call, &ev, diags) else {
            continue;
        };
        let mut values = Vec::new();
        for (key, scope) in instances {
            let inputs = gantry_config::vars::call_inputs(&ev, call, child, &scope, diags);
            let child_at = at.child(&call.name, key.clone());
            let v = evaluate_instance(
                child, child_at, inputs, graphs, resources, impure, out, diags,
            );
            values.push((key, v));
        }
        ev.modules
            .insert(call.name.clone(), call_value(call, values));
    }
    let value = outputs_object(module, &ev, diags);
    out.insert(at, ev);
    value
}
