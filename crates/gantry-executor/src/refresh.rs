//! Refresh: ask each provider for the current object of every instance in
//! state (one batch per provider); objects gone outside gantry leave the
//! state (and are then planned for creation again), and every difference
//! is reported as drift, "changes made outside of gantry".

use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_state::State;
use tokio::task::JoinSet;

use std::sync::Arc;

use gantry_config::value::Value;

use crate::addr::InstanceAddr;
use crate::convert::{copy_marks, instance_value, same, unmark_deep};
use crate::provider::{Provider, Providers};

/// One provider's objects to read, with their places in state
/// (resource index, instance index).
type Batch = (Arc<dyn Provider>, Vec<(usize, usize)>, Vec<(String, Value)>);

/// An object that changed outside gantry since the state recorded it.
#[derive(Debug, Clone)]
pub struct Drift {
    pub addr: InstanceAddr,
    pub schema: &'static gantry_schema::ResourceType,
    pub provider: gantry_addrs::AbsProviderConfig,
    pub before: Value,
    /// `None`: the object is gone.
    pub after: Option<Value>,
}

impl Drift {
    /// The drift as a change from what the state recorded to what is
    /// there: an update, or a delete when the object is gone.
    pub fn as_change(&self) -> crate::plan::ResourceChange {
        crate::plan::ResourceChange {
            addr: self.addr.clone(),
            schema: self.schema,
            provider: self.provider.clone(),
            each: None,
            action: if self.after.is_some() {
                crate::plan::Action::Update
            } else {
                crate::plan::Action::Delete
            },
            reason: None,
            before: Arc::new(self.before.clone()),
            after: self.after.clone().unwrap_or(Value::Null),
            replace_paths: Vec::new(),
            why: Vec::new(),
            dependencies: Vec::new(),
            create_before_destroy: false,
            deposed: None,
            importing: None,
            previous_address: None,
        }
    }
}

/// Refreshes `state` in place; returns what changed outside gantry, in
/// state order.
pub async fn refresh(state: &mut State, providers: &Providers) -> (Vec<Drift>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut drift = Vec::new();
    // One batch per provider, so a provider can read many objects at once.
    let mut batches: Vec<Batch> = Vec::new();
    for (ri, rs) in state.resources.iter().enumerate() {
        if rs.mode != gantry_addrs::Mode::Managed {
            continue;
        }
        let (Some(_), Some(p)) = (
            gantry_schema::resource_type(&rs.type_name),
            providers.for_config(&rs.type_name, &rs.provider),
        ) else {
            continue;
        };
        let slot = match batches.iter().position(|(q, _, _)| Arc::ptr_eq(q, &p)) {
            Some(i) => i,
            None => {
                batches.push((p, Vec::new(), Vec::new()));
                batches.len() - 1
            }
        };
        for (ii, inst) in rs.instances.iter().enumerate() {
            batches[slot].1.push((ri, ii));
            // Providers read values without marks.
            batches[slot]
                .2
                .push((rs.type_name.clone(), unmark_deep(&instance_value(inst))));
        }
    }
    let mut tasks = JoinSet::new();
    for (p, places, objects) in batches {
        tasks.spawn(async move {
            let answers = p.read_many(objects).await;
            places.into_iter().zip(answers).collect::<Vec<_>>()
        });
    }
    let mut results = Vec::new();
    while let Some(r) = tasks.join_next().await {
        if let Ok(r) = r {
            results.extend(r.into_iter().map(|((ri, ii), a)| (ri, ii, a)));
        }
    }
    results.sort_by_key(|r| std::cmp::Reverse((r.0, r.1)));
    for (ri, ii, result) in results {
        let rs = &state.resources[ri];
        let address = rs.instance_address(&rs.instances[ii]);
        let Some(schema) = gantry_schema::resource_type(&rs.type_name) else {
            continue;
        };
        let addr = rs.instance_addr(&rs.instances[ii]);
        let before = instance_value(&rs.instances[ii]);
        match result {
            Ok(Some(v)) => {
                // What was sensitive stays so: the provider reads values
                // without marks.
                let object = gantry_state::Object::new(schema, &copy_marks(&before, v));
                let after = object.value().cloned().unwrap_or(Value::Null);
                if !same(&before, &after) {
                    drift.push(Drift {
                        addr,
                        schema,
                        provider: rs.provider.clone(),
                        before,
                        after: Some(after),
                    });
                }
                // An unchanged entry stays shared with the state as read.
                if state.resources[ri].instances[ii].object != object {
                    std::sync::Arc::make_mut(&mut state.resources[ri]).instances[ii].object =
                        object;
                }
            }
            Ok(None) => {
                drift.push(Drift {
                    addr: addr.clone(),
                    schema,
                    provider: rs.provider.clone(),
                    before,
                    after: None,
                });
                let deposed = rs.instances[ii].deposed.clone();
                state.remove_instance(&addr, &deposed);
            }
            Err(e) => diags.push(
                Diagnostic::error("gantry::refresh::provider", e.summary)
                    .with_detail(e.detail)
                    .with_address(address),
            ),
        }
    }
    drift.reverse();
    (drift, diags)
}
