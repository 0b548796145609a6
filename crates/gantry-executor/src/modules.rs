//! Module calls while planning and applying: every module instance of the
//! configuration with its evaluator, built as the graph of the whole
//! configuration is walked. A call is expanded into its instances first;
//! each input variable is set once what the caller passes for it is known,
//! and each output is given back to the caller once it is evaluated, so a
//! reference may lead into a call and back out through an output that does
//! not depend on it (as Terraform walks them).

use std::collections::BTreeMap;

use gantry_addrs::{ConfigDeclaration, Declaration, InstanceKey, ModuleInstance, ModulePath};
use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Module, ModuleCall};
use gantry_config::value::Value;
use gantry_diagnostics::Diagnostics;
use gantry_graph::Graph;

/// The graph of every module of the configuration (see
/// [`gantry_graph::ModuleGraphs`]).
pub use gantry_graph::ModuleGraphs as Graphs;

/// Resource values by module instance, then resource.
pub type ResourceValues = BTreeMap<ModuleInstance, BTreeMap<gantry_addrs::Resource, Value>>;

/// One module instance: where it is, its configuration and graph, and the
/// evaluator its expressions see.
pub(crate) struct Frame<'a> {
    pub at: ModuleInstance,
    pub module: &'a Module,
    pub graph: &'a Graph,
    pub ev: Evaluator<'a>,
}

/// Every module instance expanded so far, with what each call instance has
/// given back.
pub(crate) struct Tree<'a> {
    graphs: &'a Graphs<'a>,
    pub frames: BTreeMap<ModuleInstance, Frame<'a>>,
    /// The instances of each module, in key order.
    by_path: BTreeMap<ModulePath, Vec<ModuleInstance>>,
    /// The scope (`count.index`, `each.key`) each call instance's inputs
    /// are evaluated in by its caller.
    scopes: BTreeMap<ModuleInstance, Scope>,
    /// The keys of each call's instances, by calling instance and call.
    calls: BTreeMap<(ModuleInstance, String), Vec<Option<InstanceKey>>>,
    /// The outputs each call instance has given back so far.
    outputs: BTreeMap<ModuleInstance, BTreeMap<String, Value>>,
    /// Resource values known before the walk, taken by each instance as it
    /// is expanded.
    known: ResourceValues,
    impure: bool,
}

impl<'a> Tree<'a> {
    /// The root module instance alone, with its input variables.
    pub fn new(
        root: &'a Module,
        graphs: &'a Graphs<'a>,
        variables: BTreeMap<String, Value>,
        known: ResourceValues,
        impure: bool,
    ) -> Tree<'a> {
        let mut tree = Tree {
            graphs,
            frames: BTreeMap::new(),
            by_path: BTreeMap::new(),
            scopes: BTreeMap::new(),
            calls: BTreeMap::new(),
            outputs: BTreeMap::new(),
            known,
            impure,
        };
        tree.insert(ModuleInstance::root(), root, graphs.root(), variables);
        tree
    }

    fn insert(
        &mut self,
        at: ModuleInstance,
        module: &'a Module,
        graph: &'a Graph,
        variables: BTreeMap<String, Value>,
    ) {
        let mut ev = Evaluator::new(module, variables);
        if self.impure {
            ev = ev.with_impure_functions();
        }
        ev.resources = self.known.remove(&at).unwrap_or_default();
        self.by_path
            .entry(at.module())
            .or_default()
            .push(at.clone());
        self.frames.insert(
            at.clone(),
            Frame {
                at,
                module,
                graph,
                ev,
            },
        );
    }

    /// The instances of the module at `path` expanded so far.
    pub fn instances(&self, path: &ModulePath) -> Vec<ModuleInstance> {
        self.by_path.get(path).cloned().unwrap_or_default()
    }

    /// The root module instance (inserted first, never removed).
    pub fn root(&self) -> &Frame<'a> {
        &self.frames[&ModuleInstance::root()]
    }

    /// Takes one step of the walk for what is not a resource: expands a
    /// call, sets an input variable, gives an output back. Locals are
    /// evaluated when read; the root module's variables and outputs are
    /// the command's.
    pub fn step(&mut self, node: &ConfigDeclaration, diags: &mut Diagnostics) {
        match &node.declaration {
            Declaration::Call(call) => self.expand(&node.module, &call.name, diags),
            Declaration::Variable(v) if !node.module.is_root() => {
                self.input(&node.module, &v.name, diags)
            }
            Declaration::Output(o) if !node.module.is_root() => {
                self.output(&node.module, &o.name, diags)
            }
            _ => {}
        }
    }

    /// Every instance of call `name` in every instance of the module at
    /// `at`; `module.NAME` unknown where `count` or `for_each` is.
    fn expand(&mut self, at: &ModulePath, name: &str, diags: &mut Diagnostics) {
        for parent in self.instances(at) {
            let Some(frame) = self.frames.get_mut(&parent) else {
                continue;
            };
            let module = frame.module;
            let (Some(call), Some(child)) = (module.calls.get(name), module.children.get(name))
            else {
                continue;
            };
            let Some(graph) = self.graphs.get(&child.path) else {
                continue;
            };
            let Some(instances) = call_instances(call, &frame.ev, diags) else {
                frame.ev.modules.insert(name.to_string(), Value::Unknown);
                continue;
            };
            let mut keys = Vec::new();
            for (key, scope) in instances {
                let inner = parent.child(name, key.clone());
                self.scopes.insert(inner.clone(), scope);
                self.insert(inner, child, graph, BTreeMap::new());
                keys.push(key);
            }
            self.calls.insert((parent.clone(), name.to_string()), keys);
            self.publish(&parent, call, child);
        }
    }

    /// Sets variable `name` of every instance of the module at `at` from
    /// what its caller passes; once an instance has all of its variables,
    /// their validation rules are checked.
    fn input(&mut self, at: &ModulePath, name: &str, diags: &mut Diagnostics) {
        for inner in self.instances(at) {
            let Some((parent, call, child)) = self.caller(&inner) else {
                continue;
            };
            let Some(decl) = child.variables.get(name) else {
                continue;
            };
            let scope = self.scopes.get(&inner).cloned().unwrap_or_default();
            let value =
                gantry_config::vars::call_input(&parent.ev, call, child, decl, &scope, diags);
            let Some(frame) = self.frames.get_mut(&inner) else {
                continue;
            };
            frame.ev.set_variable(name, value);
            if frame.ev.variables.len() == child.variables.len() {
                gantry_config::vars::check_rules(child, &frame.ev.variables, diags);
            }
        }
    }

    /// Evaluates output `name` of every instance of the module at `at` and
    /// gives it to the caller.
    fn output(&mut self, at: &ModulePath, name: &str, diags: &mut Diagnostics) {
        for inner in self.instances(at) {
            let Some(frame) = self.frames.get(&inner) else {
                continue;
            };
            let Some(o) = frame.module.outputs.get(name) else {
                continue;
            };
            let v = o
                .value
                .as_ref()
                .map_or(Value::Null, |e| frame.ev.eval(e, &Scope::default(), diags));
            let v = if o.sensitive && !v.is_sensitive() {
                Value::sensitive(v)
            } else {
                v
            };
            self.outputs
                .entry(inner.clone())
                .or_default()
                .insert(name.to_string(), v);
            if let Some((parent, call, child)) = self.caller(&inner) {
                let parent = parent.at.clone();
                self.publish(&parent, call, child);
            }
        }
    }

    /// The calling instance of `inner`, the call and the called module.
    fn caller(&self, inner: &ModuleInstance) -> Option<(&Frame<'a>, &'a ModuleCall, &'a Module)> {
        let parent = self.frames.get(&inner.parent()?)?;
        let name = &inner.steps.last()?.name;
        Some((
            parent,
            parent.module.calls.get(name)?,
            parent.module.children.get(name)?,
        ))
    }

    /// `module.NAME` in `parent` from the outputs its instances have given
    /// back so far; one not given yet is unknown (nothing that reads it
    /// comes before it in the walk).
    fn publish(&mut self, parent: &ModuleInstance, call: &ModuleCall, child: &Module) {
        let keys = self
            .calls
            .get(&(parent.clone(), call.name.clone()))
            .cloned()
            .unwrap_or_default();
        let values = keys
            .into_iter()
            .map(|key| {
                let given = self.outputs.get(&parent.child(&call.name, key.clone()));
                let object = child
                    .outputs
                    .keys()
                    .map(|o| {
                        let v = given.and_then(|g| g.get(o)).cloned();
                        (o.clone(), v.unwrap_or(Value::Unknown))
                    })
                    .collect::<BTreeMap<_, _>>();
                (key, Value::Map(object.into()))
            })
            .collect();
        if let Some(frame) = self.frames.get_mut(parent) {
            frame
                .ev
                .modules
                .insert(call.name.clone(), call_value(call, values));
        }
    }
}

/// The instances of `call` with the scope its arguments are evaluated in;
/// `None` (reported) when `count` or `for_each` is not known yet.
pub fn call_instances(
    call: &ModuleCall,
    ev: &Evaluator,
    diags: &mut Diagnostics,
) -> Option<Vec<(Option<InstanceKey>, Scope)>> {
    crate::plan::expand_repetition(call.count.as_ref(), call.for_each.as_ref(), ev, diags)
}

/// `module.NAME` as expressions read it: the one instance's object, a list
/// of them (`count`) or a map (`for_each`).
pub fn call_value(call: &ModuleCall, instances: Vec<(Option<InstanceKey>, Value)>) -> Value {
    let each = crate::plan::each_of(&call.count, &call.for_each);
    crate::plan::resource_value(each, instances)
}

/// Evaluators for every module instance of the configuration, built from
/// the resource values known now (`resources`): the apply walk's view once
/// objects change. A loop through module calls (reported by validation)
/// leaves the root alone.
pub fn evaluate_tree<'m>(
    root: &'m Module,
    variables: BTreeMap<String, Value>,
    graphs: &'m Graphs<'m>,
    resources: ResourceValues,
    impure: bool,
    diags: &mut Diagnostics,
) -> BTreeMap<ModuleInstance, Evaluator<'m>> {
    let mut tree = Tree::new(root, graphs, variables, resources, impure);
    if let Ok(order) = graphs.walk_order() {
        for node in order {
            tree.step(node, diags);
        }
    }
    tree.frames
        .into_iter()
        .map(|(at, frame)| (at, frame.ev))
        .collect()
}
