//! Moving objects between addresses in the state: `moved` blocks before a
//! plan, and `gantry state mv`.

use gantry_addrs::{ModuleInstance, Target};
use gantry_config::model::Module;
use gantry_state::{IndexKey, InstanceState, ResourceState, State};

use crate::addr::{moved_instance, InstanceAddr};

/// Why a move cannot happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefusal {
    TypesDiffer,
    /// A module instance and a resource: a module instance moves only to
    /// another module instance.
    KindsDiffer,
    /// Nothing at the source address.
    NothingToMove,
    /// Something is already at the destination.
    DestinationTaken,
}

fn selects(pattern: &InstanceAddr, r: &ResourceState, i: &InstanceState) -> bool {
    r.is(&pattern.resource()) && (pattern.key().is_none() || pattern.key() == i.index_key.as_ref())
}

/// One object a move took: its old and new address, and its deposed key
/// when it is left over from a replacement.
pub type MovedObject = (InstanceAddr, InstanceAddr, Option<String>);

/// Moves what `state` holds at `src` (a resource, or one instance) to
/// `dst`.
pub fn move_objects(
    state: &mut State,
    src: &InstanceAddr,
    dst: &InstanceAddr,
) -> Result<Vec<MovedObject>, MoveRefusal> {
    if src.instance.resource.type_name != dst.instance.resource.type_name {
        return Err(MoveRefusal::TypesDiffer);
    }
    // A key on either side makes this a move of one instance (a resource
    // without count moving to an instance is its no-key instance, as
    // Terraform unifies the endpoints); otherwise every object of the
    // resource moves, deposed ones too.
    let one_instance = src.key().is_some() || dst.key().is_some();
    let moving: Vec<(ResourceState, InstanceState)> = state
        .instances()
        .filter(|(r, i)| {
            selects(src, r, i)
                && (!one_instance || (i.index_key.as_ref() == src.key() && i.deposed.is_none()))
        })
        .map(|(r, i)| (r.clone(), i.clone()))
        .collect();
    if moving.is_empty() {
        return Err(MoveRefusal::NothingToMove);
    }
    let taken = state
        .instances()
        .any(|(r, i)| selects(dst, r, i) && (dst.key().is_some() || src.key().is_none()));
    if taken {
        return Err(MoveRefusal::DestinationTaken);
    }
    let mut done = Vec::new();
    for (r, i) in &moving {
        let from = r.instance_addr(i);
        state.remove_instance(&from, &i.deposed);
        let mut h = r.header();
        h.module = dst.module.clone();
        h.name = dst.instance.resource.name.clone();
        let mut moved = i.clone();
        if one_instance {
            moved.index_key = dst.instance.key.clone();
            h.each = match &dst.instance.key {
                None => None,
                Some(IndexKey::Int(_)) => Some(gantry_state::Each::List),
                Some(IndexKey::Str(_)) => Some(gantry_state::Each::Map),
            };
        }
        let to = h.resource_addr().instance(moved.index_key.clone());
        done.push((from, to, moved.deposed.clone()));
        state.put_instance(&h, moved);
    }
    Ok(done)
}

/// Moves what `from` names to `to`: a module instance (and everything in
/// it) to another, or a resource or one instance to a resource or
/// instance.
pub fn move_target(
    state: &mut State,
    from: &Target,
    to: &Target,
) -> Result<Vec<MovedObject>, MoveRefusal> {
    match (from, to) {
        (Target::Module(src), Target::Module(dst)) => move_module(state, src, dst),
        _ => match (moved_instance(from), moved_instance(to)) {
            (Some(src), Some(dst)) => move_objects(state, &src, &dst),
            _ => Err(MoveRefusal::KindsDiffer),
        },
    }
}

/// Moves every object in module instance `src` (and the modules it calls)
/// to the same place in `dst`, as `moved { from = module.a to = module.b }`
/// does. Refused when `dst` holds anything already.
fn move_module(
    state: &mut State,
    src: &ModuleInstance,
    dst: &ModuleInstance,
) -> Result<Vec<MovedObject>, MoveRefusal> {
    let moving: Vec<(ResourceState, InstanceState, ModuleInstance)> = state
        .instances()
        .filter_map(|(r, i)| Some((r.clone(), i.clone(), moved_module(&r.module, src, dst)?)))
        .collect();
    if moving.is_empty() {
        return Err(MoveRefusal::NothingToMove);
    }
    // Something that stays where the move would put objects.
    let taken = state.resources.iter().any(|r| {
        moved_module(&r.module, src, dst).is_none()
            && moving.iter().any(|(_, _, to)| r.module.is_within(to))
    });
    if taken {
        return Err(MoveRefusal::DestinationTaken);
    }
    let mut done = Vec::new();
    for (r, i, to_module) in moving {
        let from = r.instance_addr(&i);
        state.remove_instance(&from, &i.deposed);
        let mut h = r.header();
        h.module = to_module;
        let to = h.resource_addr().instance(i.index_key.clone());
        done.push((from, to, i.deposed.clone()));
        state.put_instance(&h, i);
    }
    Ok(done)
}

/// Where a `moved` block from module `src` to `dst` takes module instance
/// `at`, if it takes it at all: `at` is `src` or inside it; or, where
/// `src` names a call without a key, any instance of that call, whose key
/// `dst` keeps when it names a call without a key too (`module.a` →
/// `module.b` moves `module.a["k"]` to `module.b["k"]`).
fn moved_module(
    at: &ModuleInstance,
    src: &ModuleInstance,
    dst: &ModuleInstance,
) -> Option<ModuleInstance> {
    let n = src.steps.len();
    let (last, rest) = src.steps.split_last()?;
    let step = at.steps.get(n - 1)?;
    let exact = at.is_within(src);
    let any_key = last.key.is_none() && at.steps.starts_with(rest) && step.name == last.name;
    if !exact && !any_key {
        return None;
    }
    let mut steps = dst.steps.clone();
    if let Some(d) = steps.last_mut() {
        if !exact && d.key.is_none() {
            d.key = step.key.clone();
        }
    }
    steps.extend_from_slice(&at.steps[n..]);
    Some(ModuleInstance { steps })
}

/// Applies the configuration's `moved` blocks to `state`, as Terraform
/// does before planning: the root module's, then each called module's
/// (callers before the modules they call, so that a call moved by its
/// caller is found at its new address), in each instance of that module
/// the state holds, in the order written. A move whose source holds
/// nothing, or whose destination is taken, does nothing. Chains (`a` →
/// `b`, `b` → `c`) follow through. Returns each object's previous and new
/// address.
pub fn apply_moved_blocks(root: &Module, state: &mut State) -> Vec<(InstanceAddr, InstanceAddr)> {
    let mut all: Vec<(InstanceAddr, InstanceAddr)> = Vec::new();
    // `descendants` lists callers before the modules they call.
    for module in std::iter::once(root).chain(root.descendants()) {
        if module.moved.is_empty() {
            continue;
        }
        for at in instances_in_state(state, &module.path) {
            for m in &module.moved {
                let (from, to) = (m.from.within(&at), m.to.within(&at));
                let Ok(done) = move_target(state, &from, &to) else {
                    continue;
                };
                for (from, to, _) in done.into_iter().filter(|(_, _, deposed)| deposed.is_none()) {
                    // A chain keeps the first address the object had.
                    match all.iter_mut().find(|(_, t)| *t == from) {
                        Some(entry) => entry.1 = to,
                        None => all.push((from, to)),
                    }
                }
            }
        }
    }
    all
}

/// The instances of the module at `path` that hold objects in `state`
/// (themselves or in modules they call), in order.
fn instances_in_state(state: &State, path: &gantry_addrs::ModulePath) -> Vec<ModuleInstance> {
    let n = path.names.len();
    let mut found: Vec<ModuleInstance> = state
        .resources
        .iter()
        .filter(|r| {
            r.module.steps.len() >= n
                && r.module.steps[..n]
                    .iter()
                    .zip(&path.names)
                    .all(|(s, name)| s.name == *name)
        })
        .map(|r| ModuleInstance {
            steps: r.module.steps[..n].to_vec(),
        })
        .collect();
    found.sort();
    found.dedup();
    found
}
