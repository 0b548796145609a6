//! Which attributes of which resources a plan's changes read: Terraform's
//! `relevant_attributes`. Plan JSON lists them, and the human plan shows
//! only the drift they cover ("Objects have changed outside of gantry"
//! names what may have affected this plan, not every refreshed difference).

use std::collections::BTreeSet;

use gantry_addrs::{ModuleInstance, Referenceable as R};
use gantry_config::model::{Body, Expr, Module};
use gantry_config::references;
use gantry_config::value::Value;

use crate::plan::{Action, Plan};
use crate::refresh::Drift;

/// An attribute (path of names; empty: the whole object) of a resource or
/// resource instance, as an address string with its module prefix.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RelevantAttr {
    pub resource: String,
    pub attribute: Vec<String>,
}

/// Queues the outputs (`only` one, or all) of `module`'s call `call`,
/// instance `child_at`, that were not followed yet.
fn follow_outputs<'m>(
    module: &'m Module,
    child_at: &ModuleInstance,
    call: &str,
    only: Option<&str>,
    seen: &mut BTreeSet<(String, &'static str, String)>,
    pending: &mut Vec<(ModuleInstance, &'m Module, &'m Expr)>,
) {
    let Some(child) = module.children.get(call) else {
        return;
    };
    let wanted = child
        .outputs
        .iter()
        .filter(|(name, _)| only.is_none_or(|o| o == name.as_str()));
    for (name, o) in wanted {
        let Some(e) = &o.value else { continue };
        if seen.insert((child_at.to_string(), "output", name.clone())) {
            pending.push((child_at.clone(), child, e));
        }
    }
}

/// The attributes of resources that changing resources and changing
/// outputs read (every output of a module instance changes, as Terraform
/// keeps none in state), directly, through locals, through the arguments
/// of the resources they read in turn, and across module boundaries (a
/// child's variable is the call's argument in the caller; a call's output
/// is the child's expression; a whole call, all its outputs), as
/// Terraform's `ContributingResourceReferences`; sorted. `instances` are
/// the module instances the plan expanded.
pub fn relevant_attributes(
    plan: &Plan,
    root: &Module,
    instances: &[ModuleInstance],
) -> Vec<RelevantAttr> {
    let mut found = BTreeSet::new();
    // (module instance, its configuration, expression) still to read.
    let mut pending: Vec<(ModuleInstance, &Module, &Expr)> = Vec::new();
    for at in instances.iter().filter(|i| !i.is_root()) {
        if let Some(module) = root.descendant(&at.module()) {
            for o in module.outputs.values() {
                if let Some(e) = &o.value {
                    pending.push((at.clone(), module, e));
                }
            }
        }
    }
    for c in plan.changes.iter().filter(|c| c.action != Action::NoOp) {
        let Some(module) = root.descendant(&c.addr.module.module()) else {
            continue;
        };
        let r = &c.addr.instance.resource;
        let Some(config) = module.resource(r.mode, &r.type_name, &r.name) else {
            continue;
        };
        let mut exprs: Vec<&Expr> = config.count.iter().chain(&config.for_each).collect();
        body_exprs(&config.body, &mut exprs);
        pending.extend(
            exprs
                .into_iter()
                .map(|e| (c.addr.module.clone(), module, e)),
        );
    }
    for o in plan.outputs.iter().filter(|o| o.action != Action::NoOp) {
        if let Some(e) = root.outputs.get(&o.name).and_then(|d| d.value.as_ref()) {
            pending.push((ModuleInstance::root(), root, e));
        }
    }
    // Locals, variables and outputs already followed, by instance.
    let mut named_seen: BTreeSet<(String, &'static str, String)> = BTreeSet::new();
    let mut visited: BTreeSet<(String, Vec<String>)> = BTreeSet::new();
    while let Some((at, module, e)) = pending.pop() {
        for reference in references::collect(module, e).0 {
            let (subject, resource) = match &reference.subject {
                R::Resource(res) => (res.to_string(), res.clone()),
                R::ResourceInstance(i) => (i.to_string(), i.resource.clone()),
                R::Local(l) => {
                    if named_seen.insert((at.to_string(), "local", l.name.clone())) {
                        if let Some(local) = module.locals.get(l.name.as_str()) {
                            pending.push((at.clone(), module, &local.value));
                        }
                    }
                    continue;
                }
                R::Variable(v) => {
                    // The caller's argument, read in the caller.
                    let (Some(caller_at), Some(step)) = (at.parent(), at.steps.last()) else {
                        continue;
                    };
                    if !named_seen.insert((at.to_string(), "var", v.name.clone())) {
                        continue;
                    }
                    let caller = root.descendant(&caller_at.module());
                    let argument = caller
                        .and_then(|c| Some((c, c.calls.get(&step.name)?)))
                        .and_then(|(c, call)| {
                            Some((c, call.inputs.iter().find(|a| a.name == v.name)?))
                        });
                    if let Some((caller, a)) = argument {
                        pending.push((caller_at, caller, &a.value));
                    }
                    continue;
                }
                R::ModuleOutput { call, key, output } => {
                    let child_at = at.child(call, key.clone());
                    let only = Some(output.as_str());
                    follow_outputs(module, &child_at, call, only, &mut named_seen, &mut pending);
                    continue;
                }
                R::ModuleCall { name, key } => {
                    let child_at = at.child(name, key.clone());
                    follow_outputs(module, &child_at, name, None, &mut named_seen, &mut pending);
                    continue;
                }
                _ => continue,
            };
            let prefix = if at.is_root() {
                String::new()
            } else {
                format!("{at}.")
            };
            let path: Vec<String> = reference
                .attributes
                .iter()
                .map(|(a, _)| a.clone())
                .collect();
            let key = (format!("{prefix}{subject}"), path.clone());
            found.insert(key.clone());
            if !visited.insert(key) {
                continue;
            }
            // What that argument is made of contributes too.
            let Some(config) = module.resource(resource.mode, &resource.type_name, &resource.name)
            else {
                continue;
            };
            let mut exprs = Vec::new();
            match path.first() {
                None => body_exprs(&config.body, &mut exprs),
                Some(name) => {
                    if let Some(a) = config.body.attribute(name) {
                        exprs.push(&a.value);
                    }
                    for b in config.body.blocks.iter().filter(|b| &b.kind == name) {
                        if let Some(d) = &b.dynamic {
                            exprs.push(&d.for_each);
                        }
                        body_exprs(&b.body, &mut exprs);
                    }
                }
            }
            pending.extend(exprs.into_iter().map(|e| (at.clone(), module, e)));
        }
    }
    found
        .into_iter()
        .map(|(resource, attribute)| RelevantAttr {
            resource,
            attribute,
        })
        .collect()
}

fn body_exprs<'a>(body: &'a Body, out: &mut Vec<&'a Expr>) {
    for a in &body.attributes {
        out.push(&a.value);
    }
    for b in &body.blocks {
        if let Some(d) = &b.dynamic {
            out.push(&d.for_each);
            out.extend(&d.labels);
        }
        body_exprs(&b.body, out);
    }
}

/// The drift a plan shows, as Terraform's renderer picks it: all of it in
/// a refresh-only plan; otherwise none when the plan changes nothing, and
/// of each drifted object only the attributes the plan reads (an object
/// nothing reads, or whose read attributes did not change, is left out).
pub fn shown_drift(plan: &Plan) -> Vec<Drift> {
    if plan.refresh_only {
        return plan.drift.clone();
    }
    if !plan.has_changes() {
        return Vec::new();
    }
    let mut shown = Vec::new();
    for d in &plan.drift {
        let address = d.addr.to_string();
        let resource = {
            let mut a = d.addr.clone();
            a.instance.key = None;
            a.to_string()
        };
        let paths: Vec<&[String]> = plan
            .relevant
            .iter()
            .filter(|r| r.resource == address || r.resource == resource)
            .map(|r| r.attribute.as_slice())
            .collect();
        if paths.is_empty() {
            continue;
        }
        let Some(after) = &d.after else {
            shown.push(d.clone());
            continue;
        };
        if paths.iter().any(|p| p.is_empty()) {
            shown.push(d.clone());
            continue;
        }
        let mut view = d.before.clone();
        for p in &paths {
            copy_path(&mut view, after, p);
        }
        if view != d.before {
            shown.push(Drift {
                after: Some(view),
                ..d.clone()
            });
        }
    }
    shown
}

/// Sets the value at `path` in `into` to the one in `from` (the whole
/// value where the path leaves the objects).
fn copy_path(into: &mut Value, from: &Value, path: &[String]) {
    let Some((first, rest)) = path.split_first() else {
        *into = from.clone();
        return;
    };
    match (into, from) {
        (Value::Map(i), Value::Map(f)) => match (i.entries.get_mut(first), f.entries.get(first)) {
            (Some(iv), Some(fv)) => copy_path(iv, fv, rest),
            (None, Some(fv)) => {
                i.entries.insert(first.clone(), fv.clone());
            }
            (Some(_), None) => {
                i.entries.remove(first);
            }
            (None, None) => {}
        },
        (into, from) => *into = from.clone(),
    }
}
