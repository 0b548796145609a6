//! Moving objects between addresses in the state: `moved` blocks before a
//! plan, and `gantry state mv`.

use gantry_config::model::Module;
use gantry_state::{IndexKey, InstanceState, ResourceState, State};

use crate::addr::{root_instance, InstanceAddr};

/// Why a move cannot happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveRefusal {
    TypesDiffer,
    /// Nothing at the source address.
    NothingToMove,
    /// Something is already at the destination.
    DestinationTaken,
}

fn selects(pattern: &InstanceAddr, r: &ResourceState, i: &InstanceState) -> bool {
    pattern.resource.to_string() == r.address()
        && (pattern.key.is_none() || pattern.key == i.index_key)
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
    if src.resource.type_name != dst.resource.type_name {
        return Err(MoveRefusal::TypesDiffer);
    }
    // A key on either side makes this a move of one instance (a resource
    // without count moving to an instance is its no-key instance, as
    // Terraform unifies the endpoints); otherwise every object of the
    // resource moves, deposed ones too.
    let one_instance = src.key.is_some() || dst.key.is_some();
    let moving: Vec<(ResourceState, InstanceState)> = state
        .instances()
        .filter(|(r, i)| {
            selects(src, r, i) && (!one_instance || (i.index_key == src.key && i.deposed.is_none()))
        })
        .map(|(r, i)| (r.clone(), i.clone()))
        .collect();
    if moving.is_empty() {
        return Err(MoveRefusal::NothingToMove);
    }
    let taken = state
        .instances()
        .any(|(r, i)| selects(dst, r, i) && (dst.key.is_some() || src.key.is_none()));
    if taken {
        return Err(MoveRefusal::DestinationTaken);
    }
    let mut done = Vec::new();
    for (r, i) in &moving {
        state.remove_instance(&r.mode, &r.type_name, &r.name, &i.index_key, &i.deposed);
        let mut h = r.header();
        h.name = dst.resource.name.clone();
        let mut moved = i.clone();
        if one_instance {
            moved.index_key = dst.key.clone();
            h.each = match &dst.key {
                None => None,
                Some(IndexKey::Int(_)) => Some("list".into()),
                Some(IndexKey::Str(_)) => Some("map".into()),
            };
        }
        let from = InstanceAddr {
            resource: src.resource.clone(),
            key: i.index_key.clone(),
        };
        let to = InstanceAddr {
            resource: dst.resource.clone(),
            key: moved.index_key.clone(),
        };
        done.push((from, to, moved.deposed.clone()));
        state.put_instance(&h, moved);
    }
    Ok(done)
}

/// Applies the configuration's `moved` blocks to `state`, in the order
/// written, as Terraform does before planning: a move whose source holds
/// nothing, or whose destination is taken, does nothing. Chains
/// (`a` → `b`, `b` → `c`) follow through. Returns each object's previous
/// and new address.
pub fn apply_moved_blocks(module: &Module, state: &mut State) -> Vec<(InstanceAddr, InstanceAddr)> {
    let mut all: Vec<(InstanceAddr, InstanceAddr)> = Vec::new();
    for m in &module.moved {
        let (Some(src), Some(dst)) = (root_instance(&m.from), root_instance(&m.to)) else {
            continue;
        };
        if let Ok(done) = move_objects(state, &src, &dst) {
            for (from, to, _) in done.into_iter().filter(|(_, _, deposed)| deposed.is_none()) {
                // A chain keeps the first address the object had.
                match all.iter_mut().find(|(_, t)| *t == from) {
                    Some(entry) => entry.1 = to,
                    None => all.push((from, to)),
                }
            }
        }
    }
    all
}
