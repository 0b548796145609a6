//! The apply walk. One coordinator owns the evaluator and the state; it
//! starts an operation as soon as everything it waits for has finished
//! (up to `parallelism` at once), evaluates its configuration with the
//! values applied so far (so "known after apply" values flow into
//! dependents), and records each completion in the journal before anything
//! that depends on it starts. Destroys run in reverse dependency order. A
//! failure stops its dependents; running and independent work finishes.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use gantry_addrs::{AbsResource, ConfigResource, ModuleInstance, Resource};
use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Mode, Module};
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_state::{
    IndexKey, InstanceState, Intent, Journal, ResourceHeader, State, StateError, Store,
};
use serde_json::json;
use tokio::task::JoinSet;

use crate::convert::{cty_type, unmark_deep};
use crate::modules::Graphs;
use crate::plan::{config_object, Action, Plan, ResourceChange};
use crate::provider::{Provider, ProviderError, Providers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Create,
    Update,
    Delete,
    /// A data source whose read waited for the apply.
    Read,
}

/// What the walk reports as it goes (the CLI prints these).
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    Started {
        address: String,
        kind: OpKind,
        id: Option<String>,
    },
    Still {
        address: String,
        kind: OpKind,
        id: Option<String>,
        elapsed: Duration,
    },
    Completed {
        address: String,
        kind: OpKind,
        id: Option<String>,
        elapsed: Duration,
    },
    Failed {
        address: String,
        kind: OpKind,
    },
}

impl Event {
    /// The address of the instance (or deposed object) the event is for.
    pub fn address(&self) -> &str {
        match self {
            Event::Started { address, .. }
            | Event::Still { address, .. }
            | Event::Completed { address, .. }
            | Event::Failed { address, .. } => address,
        }
    }
}

#[derive(Debug, Clone)]
pub struct ApplyOptions {
    pub parallelism: usize,
    /// How often "Still creating..." repeats.
    pub progress_every: Duration,
    /// Becomes true on an interrupt: Terraform's graceful stop. No
    /// operation starts after it; those in flight finish and are recorded.
    pub stop: Option<tokio::sync::watch::Receiver<bool>>,
}

impl Default for ApplyOptions {
    fn default() -> ApplyOptions {
        ApplyOptions {
            parallelism: 10,
            progress_every: Duration::from_secs(10),
            stop: None,
        }
    }
}

#[derive(Debug, Default)]
pub struct ApplySummary {
    pub imported: usize,
    pub added: usize,
    pub changed: usize,
    pub destroyed: usize,
    pub diags: Diagnostics,
    /// How many times the journal waited for the disk.
    pub journal_syncs: usize,
}

struct Op {
    change: usize,
    kind: OpKind,
    waits_for: Vec<usize>,
    /// For the create half of a create-before-destroy replacement: the
    /// deposed key the old object moves to.
    deposed: Option<String>,
}

type Outcome = (usize, Result<Option<Value>, ProviderError>);

/// Applies `plan`. `state` must be the state the plan was made against; it
/// ends up holding every completed change, on disk.
pub async fn apply(
    module: &Module,
    plan: &Plan,
    state: &mut State,
    store: &mut Store,
    providers: &Providers,
    opts: &ApplyOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<ApplySummary, StateError> {
    let mut summary = ApplySummary::default();
    let changes: Vec<&ResourceChange> = plan.changes.iter().collect();
    if let Some(d) = missing_providers(&changes, providers) {
        summary.diags.push(d);
        return Ok(summary);
    }
    let ops = build_ops(&changes);
    let stuck = stuck_ops(&ops);
    if !stuck.is_empty() {
        let stuck: Vec<String> = stuck
            .into_iter()
            .map(|i| {
                let kind = match ops[i].kind {
                    OpKind::Create => "create",
                    OpKind::Update => "update",
                    OpKind::Delete => "destroy",
                    OpKind::Read => "read",
                };
                format!("{} ({kind})", changes[ops[i].change].key())
            })
            .collect();
        // Nothing is started: a walk would do what it can and then stop
        // halfway, with the rest waiting on each other.
        summary.diags.push(
            Diagnostic::error("gantry::apply::cycle", "Cycle in the plan's operations")
                .with_detail(format!(
                    "These operations wait for each other, so none of them can start; nothing was changed:\n  {}",
                    stuck.join("\n  ")
                )),
        );
        return Ok(summary);
    }
    let mut journal = store.begin_journal(state)?;
    // Objects import blocks brought in are in `state` already (the plan
    // was made with them); record them before anything else happens.
    for c in changes.iter().filter(|c| c.importing.is_some()) {
        let imported = state.current_instance(&c.addr).cloned();
        if let Some(inst) = imported {
            journal.stage_put(&header(c), &inst, None)?;
            summary.imported += 1;
        }
    }
    // Objects `moved` blocks moved (the plan was made with them at their
    // new addresses): moved here too, and recorded, before anything else.
    for c in changes.iter().filter(|c| c.deposed.is_none()) {
        let Some(prev) = &c.previous_address else {
            continue;
        };
        if crate::moves::move_objects(state, prev, &c.addr).is_err() {
            continue;
        }
        journal.stage_remove(prev, &None)?;
        let moved = state.current_instance(&c.addr).cloned();
        if let Some(inst) = moved {
            journal.stage_put(&header(c), &inst, None)?;
        }
    }
    // Objects `removed` blocks let go of (destroy = false): out of state,
    // left alone in the cloud.
    for c in changes.iter().filter(|c| c.action == Action::Forget) {
        state.remove_instance(&c.addr, &c.deposed);
        journal.stage_remove(&c.addr, &c.deposed)?;
    }
    record_data(plan, state, &mut journal)?;
    // All of the above durable with one fsync, before any provider call.
    journal.sync()?;
    // Module calls need each module's graph to order their evaluation.
    let root_graph = if module.calls.is_empty() {
        gantry_graph::Graph::default()
    } else {
        gantry_graph::build(module).0
    };
    let graphs = Graphs::new(module, &root_graph);
    let mut w = Walk {
        module,
        changes: &changes,
        providers,
        graphs: &graphs,
        variables: plan.variables.clone(),
        evs: BTreeMap::from([(
            ModuleInstance::root(),
            Evaluator::new(module, plan.variables.clone()).with_impure_functions(),
        )]),
        stale: false,
        instances: BTreeMap::new(),
    };
    w.seed_values(state);

    let (mut remaining, dependents) = waits(ops.as_slice());
    let mut ready: VecDeque<usize> = (0..ops.len()).filter(|&i| remaining[i] == 0).collect();
    let mut skipped = vec![false; ops.len()];
    let mut started: BTreeMap<usize, (Instant, Option<String>)> = BTreeMap::new();
    let mut tasks: JoinSet<Outcome> = JoinSet::new();
    // Which operation each task runs, to blame a panic on its resource.
    let mut task_op: HashMap<tokio::task::Id, usize> = HashMap::new();
    let parallelism = opts.parallelism.max(1);
    let mut ticker = tokio::time::interval(Duration::from_secs(1).min(opts.progress_every));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut last_report: BTreeMap<usize, u64> = BTreeMap::new();
    let mut ran = vec![false; ops.len()];
    // The open intent of each create in flight, by operation.
    let mut intents: HashMap<usize, String> = HashMap::new();
    let mut stop = opts.stop.clone();
    let mut stopping = false;
    let mut jobs = Vec::new();

    loop {
        stopping = stopping || stop.as_ref().is_some_and(|s| *s.borrow());
        let mut intents_staged = false;
        while tasks.len() + jobs.len() < parallelism && !stopping {
            let Some(i) = ready.pop_front() else { break };
            if skipped[i] {
                continue;
            }
            ran[i] = true;
            let op = &ops[i];
            let c = changes[op.change];
            let id = id_of(&c.before);
            on_event(Event::Started {
                address: c.key(),
                kind: op.kind,
                id: if op.kind == OpKind::Create {
                    None
                } else {
                    id.clone()
                },
            });
            // The create half of a create-before-destroy moves the old
            // object aside first; a delete of a deposed object finds it
            // there already.
            if let (OpKind::Create, Some(key)) = (op.kind, &op.deposed) {
                depose(state, &mut journal, c, key)?;
            }
            match w.prepare(i, op) {
                Ok((intent, job)) => {
                    if let Some(intent) = intent {
                        journal.stage_intent(&intent)?;
                        intents.insert(i, intent.token);
                        intents_staged = true;
                    }
                    jobs.push((i, id, job));
                }
                Err(e) => {
                    fail(&mut summary.diags, module, c, op.kind, e, on_event);
                    skip_dependents(i, &dependents, &mut skipped);
                }
            }
        }
        // Write-ahead: the intents of the creates starting together are on
        // disk (one fsync) before any of them is sent.
        if intents_staged {
            journal.sync()?;
        }
        for (i, id, job) in jobs.drain(..) {
            started.insert(i, (Instant::now(), id));
            let handle = tasks.spawn(job);
            task_op.insert(handle.id(), i);
        }
        if tasks.is_empty() {
            break;
        }
        tokio::select! {
            done = tasks.join_next_with_id() => {
                let Some(first) = done else { continue };
                // Completions that finished together share one fsync
                // (group commit).
                let mut batch = vec![first];
                while let Some(more) = tasks.try_join_next_with_id() {
                    batch.push(more);
                }
                let mut completed = Vec::new();
                let mut durable = false;
                for done in batch {
                    let (i, result) = match done {
                        Ok((id, r)) => {
                            task_op.remove(&id);
                            r
                        }
                        Err(e) => match task_op.remove(&e.id()) {
                            // A provider task panicked: that operation
                            // failed, and its dependents must not start.
                            Some(i) => (i, Err(crashed(&ops[i], changes[ops[i].change], e))),
                            None => continue,
                        },
                    };
                    let op = &ops[i];
                    let c = changes[op.change];
                    let (t0, old_id) = started.remove(&i).unwrap_or((Instant::now(), None));
                    last_report.remove(&i);
                    let token = intents.remove(&i);
                    match result {
                        Ok(value) => {
                            let (id, remote) =
                                w.record(op, value, state, &mut journal, token.as_deref())?;
                            durable |= remote;
                            match op.kind {
                                OpKind::Create => summary.added += 1,
                                OpKind::Update => summary.changed += 1,
                                OpKind::Delete => summary.destroyed += 1,
                                OpKind::Read => {}
                            }
                            completed.push((i, id.or(old_id), t0.elapsed()));
                        }
                        Err(e) => {
                            // An answer that says nothing was made settles
                            // the intent; without one, the next run looks.
                            if let (Some(token), false) = (&token, e.uncertain) {
                                journal.settle(token)?;
                            }
                            fail(&mut summary.diags, module, c, op.kind, e, on_event);
                            skip_dependents(i, &dependents, &mut skipped);
                        }
                    }
                }
                // What dependents build on is durable before they start,
                // unless it is nothing outside the state (terraform_data,
                // data reads): a crash that loses that record loses nothing
                // the next apply cannot make again, and any later fsync
                // covers it.
                if durable {
                    journal.sync()?;
                }
                // A remote state gets the progress every persist interval
                // (the journal is local: a machine that is gone takes it).
                store.checkpoint(state, &mut journal)?;
                for (i, id, elapsed) in completed {
                    let op = &ops[i];
                    on_event(Event::Completed {
                        address: changes[op.change].key(),
                        kind: op.kind,
                        id: id.filter(|_| op.kind != OpKind::Delete),
                        elapsed,
                    });
                    for &d in &dependents[i] {
                        remaining[d] -= 1;
                        if remaining[d] == 0 {
                            ready.push_back(d);
                        }
                    }
                }
            }
            // Wakes the loop so that nothing more starts; a closed channel
            // (no sender left) can never stop the walk.
            Ok(()) = async { match stop.as_mut() {
                Some(s) if !stopping => s.changed().await,
                _ => std::future::pending().await,
            } } => {}
            _ = ticker.tick() => {
                let every = opts.progress_every.as_secs_f64().max(0.001);
                for (&i, (t0, id)) in &started {
                    let n = (t0.elapsed().as_secs_f64() / every) as u64;
                    if n >= 1 && last_report.get(&i) != Some(&n) {
                        last_report.insert(i, n);
                        let c = changes[ops[i].change];
                        on_event(Event::Still {
                            address: c.key(),
                            kind: ops[i].kind,
                            id: id.clone(),
                            elapsed: t0.elapsed(),
                        });
                    }
                }
            }
        }
    }

    let not_started: Vec<String> = (0..ops.len())
        .filter(|&i| !ran[i])
        .map(|i| changes[ops[i].change].key())
        .collect();
    if stopping {
        summary.diags.push(
            Diagnostic::error("gantry::apply::interrupted", "Operation interrupted")
                .with_detail(format!(
                    "gantry stopped after an interrupt: the operations in flight finished and are in the state; {} operation(s) did not start:\n  {}",
                    not_started.len(),
                    not_started.join("\n  ")
                )),
        );
    } else if !not_started.is_empty() {
        summary.diags.push(
            Diagnostic::warning(
                "gantry::apply::not_started",
                format!("{} operation(s) not started", not_started.len()),
            )
            .with_detail(format!(
                "These depend on an operation that failed, so gantry did not start them; they are unchanged:\n  {}",
                not_started.join("\n  ")
            )),
        );
    }

    if !plan.destroy {
        w.refresh();
        state.outputs = w.outputs(&mut summary.diags);
        crate::checks::evaluate(module, w.root(), &mut summary.diags);
    } else {
        state.outputs.clear();
    }
    journal.outputs(&state.outputs)?;
    summary.journal_syncs = journal.syncs();
    store.finish_journal(state, journal)?;
    Ok(summary)
}

/// An operation's error, at the block of the resource it was for (as
/// Terraform's "with ADDRESS, on FILE line N"), when the configuration
/// still declares it.
fn fail(
    diags: &mut Diagnostics,
    module: &Module,
    c: &ResourceChange,
    kind: OpKind,
    e: ProviderError,
    on_event: &mut dyn FnMut(Event),
) {
    on_event(Event::Failed {
        address: c.key(),
        kind,
    });
    let r = &c.addr.instance.resource;
    let block = module
        .descendant(&c.addr.module.module())
        .and_then(|m| m.resource(r.mode, &r.type_name, &r.name));
    let mut d = Diagnostic::error("gantry::apply::provider", e.summary)
        .with_detail(e.detail)
        .with_address(c.addr.to_string());
    if let Some(block) = block {
        d = d
            .with_span(block.header_span)
            .with_label(format!("with {}", c.addr));
    }
    diags.push(d);
}

/// The error of an operation whose provider task panicked.
fn crashed(op: &Op, c: &ResourceChange, e: tokio::task::JoinError) -> ProviderError {
    let why = match e.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into()),
        Err(e) => e.to_string(),
    };
    let verb = match op.kind {
        OpKind::Create => "creating",
        OpKind::Update => "updating",
        OpKind::Delete => "destroying",
        OpKind::Read => "reading",
    };
    ProviderError::new(
        "Provider crashed",
        format!(
            "The provider crashed while {verb} {}: {why}\n\nThis is a bug in gantry. The operation may or may not have reached the remote API; the next run looks for what it made.",
            c.key()
        ),
    )
    .uncertain()
}

fn skip_dependents(i: usize, dependents: &[Vec<usize>], skipped: &mut [bool]) {
    let mut queue = vec![i];
    while let Some(n) = queue.pop() {
        for &d in &dependents[n] {
            if !skipped[d] {
                skipped[d] = true;
                queue.push(d);
            }
        }
    }
}

fn missing_providers(changes: &[&ResourceChange], providers: &Providers) -> Option<Diagnostic> {
    let changing = changes.iter().filter(|c| c.action != Action::NoOp);
    let mut missing: Vec<&str> = changing
        .clone()
        .map(|c| c.addr.instance.resource.type_name.as_str())
        .filter(|t| providers.for_type(t).is_none())
        .collect();
    missing.sort();
    missing.dedup();
    if missing.is_empty() {
        // A configuration other than the default that was never set up
        // (never one used in its place).
        let unconfigured = changing
            .filter(|c| {
                let type_name = &c.addr.instance.resource.type_name;
                providers.for_config(type_name, &c.provider).is_none()
            })
            .min_by_key(|c| c.addr.to_string())?;
        return Some(
            Diagnostic::error("gantry::apply::no-provider", "Provider configuration not present")
                .with_detail(format!(
                    "To work with {} its provider configuration {} is required, but gantry has not configured it. Nothing was changed.",
                    unconfigured.addr, unconfigured.provider
                ))
                .with_address(unconfigured.addr.to_string()),
        );
    }
    Some(
        Diagnostic::error("gantry::apply::no-provider", "No provider can apply these resource types")
            .with_detail(format!(
                "gantry can plan {} but has no provider to apply changes to {} yet. Nothing was changed.",
                missing.join(", "),
                if missing.len() == 1 { "it" } else { "them" }
            ))
            .with_help("apply the built-in terraform_data resources with -target, or wait for the AWS provider"),
    )
}

/// Operations and what each waits for.
fn build_ops(changes: &[&ResourceChange]) -> Vec<Op> {
    let mut ops: Vec<Op> = Vec::new();
    // Per change: (apply op, delete op).
    let mut slots: Vec<(Option<usize>, Option<usize>)> = Vec::new();
    for (ci, c) in changes.iter().enumerate() {
        let mut push = |kind, deposed| {
            ops.push(Op {
                change: ci,
                kind,
                waits_for: Vec::new(),
                deposed,
            });
            ops.len() - 1
        };
        let slot = match c.action {
            // Forgetting calls no provider; see `apply`.
            Action::NoOp | Action::Forget => (None, None),
            Action::Create => (Some(push(OpKind::Create, None)), None),
            Action::Update => (Some(push(OpKind::Update, None)), None),
            Action::Read => (Some(push(OpKind::Read, None)), None),
            Action::Delete => (None, Some(push(OpKind::Delete, c.deposed.clone()))),
            Action::DeleteThenCreate => {
                let d = push(OpKind::Delete, None);
                let a = push(OpKind::Create, None);
                ops[a].waits_for.push(d);
                (Some(a), Some(d))
            }
            Action::CreateThenDelete => {
                let key = format!("{:08x}", rand_u32());
                let a = push(OpKind::Create, Some(key.clone()));
                let d = push(OpKind::Delete, Some(key));
                ops[d].waits_for.push(a);
                (Some(a), Some(d))
            }
        };
        slots.push(slot);
    }
    // The changes of each resource of the configuration, so that wiring a
    // change to what it depends on is a lookup per dependency.
    let mut by_resource: HashMap<ConfigResource, Vec<usize>> = HashMap::new();
    for (i, c) in changes.iter().enumerate() {
        by_resource
            .entry(c.addr.resource().config())
            .or_default()
            .push(i);
    }
    for (ci, c) in changes.iter().enumerate() {
        let others = c
            .dependencies
            .iter()
            .filter_map(|d| by_resource.get(d))
            .flatten()
            .copied();
        for cj in others {
            let other = &changes[cj];
            if ci == cj {
                continue;
            }
            // c depends on other: c's apply after other's apply; other's
            // delete after c's delete (dependents go first); with
            // create-before-destroy, other's delete also waits until c
            // points at the new object.
            if let (Some(a), Some(b)) = (slots[ci].0, slots[cj].0) {
                ops[a].waits_for.push(b);
            }
            if let (Some(d_other), Some(d_c)) = (slots[cj].1, slots[ci].1) {
                ops[d_other].waits_for.push(d_c);
            }
            if other.action == Action::CreateThenDelete {
                if let (Some(d_other), Some(a_c)) = (slots[cj].1, slots[ci].0) {
                    ops[d_other].waits_for.push(a_c);
                }
            }
        }
    }
    for o in &mut ops {
        o.waits_for.sort();
        o.waits_for.dedup();
    }
    ops
}

/// Per operation, how many it waits for, and which wait for it.
fn waits(ops: &[Op]) -> (Vec<usize>, Vec<Vec<usize>>) {
    let counts = ops.iter().map(|o| o.waits_for.len()).collect();
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); ops.len()];
    for (i, o) in ops.iter().enumerate() {
        for &w in &o.waits_for {
            dependents[w].push(i);
        }
    }
    (counts, dependents)
}

/// The operations that can never start because they wait, directly or
/// not, on each other: what is left once everything that can run in some
/// order is taken away (empty when every operation can run).
fn stuck_ops(ops: &[Op]) -> Vec<usize> {
    let (mut waiting, dependents) = waits(ops);
    let mut ready: Vec<usize> = (0..ops.len()).filter(|&i| waiting[i] == 0).collect();
    let mut done = vec![false; ops.len()];
    while let Some(i) = ready.pop() {
        done[i] = true;
        for &d in &dependents[i] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.push(d);
            }
        }
    }
    (0..ops.len()).filter(|&i| !done[i]).collect()
}

fn rand_u32() -> u32 {
    let b = uuid::Uuid::new_v4().into_bytes();
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn id_of(v: &Value) -> Option<String> {
    crate::convert::attr(v, "id").as_str().map(str::to_string)
}

/// Keeps the object being replaced under a deposed key until its delete
/// completes, so a crash in between leaves both objects on record.
fn depose(
    state: &mut State,
    journal: &mut Journal,
    c: &ResourceChange,
    key: &str,
) -> Result<(), StateError> {
    let header = header(c);
    let Some(current) = state.current_instance(&c.addr).cloned() else {
        return Ok(());
    };
    let mut deposed = current;
    deposed.deposed = Some(key.to_string());
    state.put_instance(&header, deposed.clone());
    journal.put(&header, &deposed)
}

/// Data sources read while planning go into state as Terraform records
/// them, and data instances the configuration no longer reads leave it.
/// Unchanged ones are not written again.
fn record_data(plan: &Plan, state: &mut State, journal: &mut Journal) -> Result<(), StateError> {
    for change in data_changes(plan, state) {
        match change {
            DataChange::Stale(addr) => {
                state.remove_instance(&addr, &None);
                journal.stage_remove(&addr, &None)?;
            }
            DataChange::Read(header, inst) => {
                state.put_instance(&header, (*inst).clone());
                journal.stage_put(&header, &inst, None)?;
            }
        }
    }
    Ok(())
}

/// What `gantry refresh` does with data sources, as `terraform refresh`
/// does: the plan's reads go into `state`, and data instances the
/// configuration no longer reads leave it (the caller writes the state).
pub fn record_data_reads(plan: &Plan, state: &mut State) {
    for change in data_changes(plan, state) {
        match change {
            DataChange::Stale(addr) => {
                state.remove_instance(&addr, &None);
            }
            DataChange::Read(header, inst) => state.put_instance(&header, *inst),
        }
    }
}

/// What applying a refresh-only plan made against the refreshed `state`
/// records, as Terraform's apply of such a plan: the data sources it read
/// and the root outputs as it evaluated them (an output whose value is
/// not known, or null, is not kept). No object changes.
pub fn record_refresh_only(plan: &Plan, state: &mut State) {
    record_data_reads(plan, state);
    state.outputs = plan
        .outputs
        .iter()
        .filter(|o| o.action != Action::Delete)
        .filter_map(|o| Some((o.name.clone(), output_entry(&o.after, o.sensitive)?)))
        .collect();
}

/// A root output as state records it: value, type and sensitivity; none
/// for a value not wholly known or null (Terraform keeps no null output).
fn output_entry(v: &Value, sensitive: bool) -> Option<serde_json::Value> {
    if !v.is_wholly_known() || v.is_null() {
        return None;
    }
    let plain = unmark_deep(v);
    let mut entry = serde_json::Map::new();
    entry.insert("value".into(), plain.to_json());
    entry.insert("type".into(), cty_type(&plain));
    if sensitive {
        entry.insert("sensitive".into(), json!(true));
    }
    Some(serde_json::Value::Object(entry))
}

enum DataChange {
    /// A data instance no longer read.
    Stale(crate::addr::InstanceAddr),
    /// A data instance read, different from what state holds.
    Read(ResourceHeader, Box<InstanceState>),
}

fn data_changes(plan: &Plan, state: &State) -> Vec<DataChange> {
    let reads: BTreeSet<&crate::addr::InstanceAddr> = plan
        .data
        .iter()
        .map(|d| &d.addr)
        .chain(
            plan.changes
                .iter()
                .filter(|c| c.action == Action::Read)
                .map(|c| &c.addr),
        )
        .collect();
    let mut out: Vec<DataChange> = state
        .instances()
        .filter(|(rs, _)| rs.mode == Mode::Data)
        .map(|(rs, i)| rs.instance_addr(i))
        .filter(|a| !reads.contains(a))
        .map(DataChange::Stale)
        .collect();
    for d in &plan.data {
        let resource = &d.addr.instance.resource;
        let Some(schema) = gantry_schema::data_source(&resource.type_name) else {
            continue;
        };
        let header = ResourceHeader::new(&d.addr.resource(), d.each, d.provider.clone());
        let inst = InstanceState::new(schema, d.addr.instance.key.clone(), &d.value);
        let current = state.current_instance(&d.addr);
        if current != Some(&inst) {
            out.push(DataChange::Read(header, Box::new(inst)));
        }
    }
    out
}

fn header(c: &ResourceChange) -> ResourceHeader {
    ResourceHeader::new(&c.addr.resource(), c.each, c.provider.clone())
}

/// A resource's `each` mode and its current object per instance key.
type Instances = (
    Option<gantry_state::Each>,
    BTreeMap<Option<IndexKey>, Value>,
);

struct Walk<'a> {
    module: &'a Module,
    changes: &'a [&'a ResourceChange],
    providers: &'a Providers,
    graphs: &'a Graphs<'a>,
    /// The root module's input variables.
    variables: BTreeMap<String, Value>,
    /// The evaluator of every module instance (just the root's without
    /// module calls).
    evs: BTreeMap<ModuleInstance, Evaluator<'a>>,
    /// Whether `evs` lags behind `instances`: with module calls, a changed
    /// object can change any module's inputs and outputs, so they are
    /// evaluated again before the next use.
    stale: bool,
    /// Current values per resource, per instance key.
    instances: BTreeMap<AbsResource, Instances>,
}

impl<'a> Walk<'a> {
    /// Before anything runs: prior objects for unchanged instances, planned
    /// objects (with unknowns) for the rest.
    fn seed_values(&mut self, state: &State) {
        for (rs, inst, value) in crate::convert::current_values(state) {
            self.instances
                .entry(rs.resource_addr())
                .or_insert_with(|| (rs.each, BTreeMap::new()))
                .1
                .insert(inst.index_key.clone(), value.clone());
        }
        for c in self.changes {
            let entry = self
                .instances
                .entry(c.addr.resource())
                .or_insert_with(|| (c.each, BTreeMap::new()));
            entry.0 = c.each;
            if c.deposed.is_some() {
                // A left-over object is nobody's current value.
            } else if c.action == Action::Delete {
                entry.1.remove(&c.addr.instance.key);
            } else if c.action != Action::NoOp {
                entry.1.insert(c.addr.instance.key.clone(), c.after.clone());
            }
        }
        let addrs: Vec<AbsResource> = self.instances.keys().cloned().collect();
        for a in addrs {
            self.publish(&a);
        }
    }

    /// How expressions see a resource's current instances.
    fn value_of(&self, address: &AbsResource) -> Option<Value> {
        let (each, values) = self.instances.get(address)?;
        Some(crate::plan::resource_value(
            *each,
            values.iter().map(|(k, v)| (k.clone(), v.clone())),
        ))
    }

    /// Makes a resource's current instances visible to expressions.
    fn publish(&mut self, address: &AbsResource) {
        if !self.module.calls.is_empty() {
            self.stale = true;
            return;
        }
        let Some(v) = self.value_of(address) else {
            return;
        };
        if let Some(ev) = self.evs.get_mut(&ModuleInstance::root()) {
            ev.resources.insert(address.resource.clone(), v);
        }
    }

    /// Evaluates every module instance again from the current objects when
    /// something changed since the last time. Problems were reported by
    /// planning; here they leave values unknown, which the configuration
    /// check of each operation then reports.
    fn refresh(&mut self) {
        if !self.stale {
            return;
        }
        let mut by_module: BTreeMap<ModuleInstance, BTreeMap<Resource, Value>> = BTreeMap::new();
        for address in self.instances.keys() {
            if let Some(v) = self.value_of(address) {
                by_module
                    .entry(address.module.clone())
                    .or_default()
                    .insert(address.resource.clone(), v);
            }
        }
        let mut quiet = Diagnostics::new();
        self.evs = crate::modules::evaluate_tree(
            self.module,
            self.variables.clone(),
            self.graphs,
            by_module,
            true,
            &mut quiet,
        );
        self.stale = false;
    }

    /// The root module's evaluator.
    fn root(&self) -> &Evaluator<'a> {
        &self.evs[&ModuleInstance::root()]
    }

    /// The provider call for one operation, ready to spawn, and for a
    /// create of a remote object the planned object it sends (what its
    /// intent records).
    fn prepare(
        &mut self,
        i: usize,
        op: &Op,
    ) -> Result<
        (
            Option<Intent>,
            impl std::future::Future<Output = Outcome> + Send + 'static,
        ),
        ProviderError,
    > {
        self.refresh();
        let c = self.changes[op.change];
        let type_name = c.addr.instance.resource.type_name.clone();
        let provider: Arc<dyn Provider> = self
            .providers
            .for_config(&type_name, &c.provider)
            .ok_or_else(|| ProviderError::new("No provider", type_name.clone()))?;
        let prior = unmark_deep(&c.before);
        let planned = match op.kind {
            OpKind::Delete => Value::Null,
            OpKind::Read => unmark_deep(&self.data_config(c)?),
            OpKind::Create | OpKind::Update => unmark_deep(&self.final_plan(c, op.kind)?),
        };
        let kind = op.kind;
        let schema = c.schema;
        // Only a create of a remote object can leave one behind unknown.
        let intent = (kind == OpKind::Create && provider.remote())
            .then(|| Intent::new(header(c), self.instance_state(c, &planned)));
        let token = intent.as_ref().map(|i| i.token.clone());
        Ok((intent, async move {
            let r = match kind {
                OpKind::Create => provider
                    .create(&type_name, planned, token.as_deref())
                    .await
                    .map(Some),
                OpKind::Update => provider.update(&type_name, prior, planned).await.map(Some),
                OpKind::Delete => provider.delete(&type_name, prior).await.map(|()| None),
                OpKind::Read => provider.read_data(schema, planned).await.map(Some),
            };
            (i, r)
        }))
    }

    /// A deferred data source's configuration, now that what it waited for
    /// has been applied.
    fn data_config(&self, c: &ResourceChange) -> Result<Value, ProviderError> {
        let config = self.config(c, Mode::Data)?;
        if !config.is_wholly_known() {
            return Err(ProviderError::new(
                "Invalid configuration at apply time",
                format!(
                    "The configuration of {} still refers to values not known after the resources it depends on were applied.",
                    c.addr
                ),
            ));
        }
        Ok(config)
    }

    /// The configuration of `c`'s instance evaluated with everything
    /// applied so far.
    fn config(&self, c: &ResourceChange, mode: Mode) -> Result<Value, ProviderError> {
        let Some(r) = self.config_of(c, mode) else {
            return Ok(c.after.clone());
        };
        let Some(ev) = self.evs.get(&c.addr.module) else {
            return Err(ProviderError::new(
                "Invalid configuration at apply time",
                format!(
                    "{} is no longer declared by its module call's count or for_each",
                    c.addr.module
                ),
            ));
        };
        let mut diags = Diagnostics::new();
        // The same expansion as planning, so `each.value` and
        // `count.index` mean the same at apply time.
        let scope = crate::plan::expand(r, ev, &mut diags)
            .and_then(|all| all.into_iter().find(|(k, _)| *k == c.addr.instance.key))
            .map(|(_, s)| s)
            .ok_or_else(|| {
                ProviderError::new(
                    "Invalid configuration at apply time",
                    format!("{} is no longer declared by its count or for_each", c.addr),
                )
            })?;
        let config = config_object(ev, c.schema, &r.body, &scope, &mut diags);
        let config = crate::plan::ignore_changes_for(
            r,
            c.schema,
            (!c.before.is_null()).then_some(&c.before),
            config,
        );
        if let Some(first) = diags.iter().find(|d| d.is_error()) {
            return Err(ProviderError::new(
                "Invalid configuration at apply time",
                first.summary.clone(),
            ));
        }
        Ok(config)
    }

    /// The configuration re-evaluated with everything applied so far, then
    /// planned again by the provider: the final planned object.
    /// The block of `c`'s resource, if the configuration still has it.
    fn config_of(
        &self,
        c: &ResourceChange,
        mode: Mode,
    ) -> Option<&'a gantry_config::model::Resource> {
        let r = &c.addr.instance.resource;
        self.module
            .descendant(&c.addr.module.module())?
            .resource(mode, &r.type_name, &r.name)
    }

    fn final_plan(&self, c: &ResourceChange, kind: OpKind) -> Result<Value, ProviderError> {
        if self.config_of(c, Mode::Managed).is_none() {
            return Ok(c.after.clone());
        }
        let config = self.config(c, Mode::Managed)?;
        let planned = match kind {
            OpKind::Update => {
                self.providers
                    .plan(c.schema, &c.provider, Some(&c.before), &config)?
            }
            // The create half of a replacement, planned as planning did.
            _ if !c.before.is_null() => {
                self.providers
                    .plan_replacement(c.schema, &c.provider, &c.before, &config)?
            }
            _ => self.providers.plan(c.schema, &c.provider, None, &config)?,
        }
        .value;
        // What was known when the plan was reviewed must not change now
        // that more is known (Terraform's "Provider produced inconsistent
        // final plan"): a file or an applied object read differently since.
        if let Some((path, was, now)) = crate::planfile::first_difference(&c.after, &planned) {
            return Err(ProviderError::new(
                "Inconsistent final plan",
                format!(
                    "When expanding the plan for {} to include new values learned so far during apply, {path} changed: it was {was} when the plan was made, but now it is {now}.\n\nSomething the configuration reads changed during the apply. gantry applies only what was planned; plan and apply again.",
                    c.addr
                ),
            ));
        }
        Ok(planned)
    }

    /// Records a completed operation in state and stages it in the
    /// journal (the caller syncs), and makes the new object visible to
    /// dependents. Returns the object's id, and whether the record must be
    /// durable before dependents start: whether the operation changed an
    /// object outside the state.
    fn record(
        &mut self,
        op: &Op,
        value: Option<Value>,
        state: &mut State,
        journal: &mut Journal,
        settles: Option<&str>,
    ) -> Result<(Option<String>, bool), StateError> {
        let c = self.changes[op.change];
        let remote = op.kind != OpKind::Read
            && self
                .providers
                .for_config(&c.addr.instance.resource.type_name, &c.provider)
                .is_none_or(|p| p.remote());
        let address = c.addr.resource();
        let header = header(c);
        match (op.kind, value) {
            (OpKind::Delete, _) | (_, None) => {
                let deposed = op.deposed.clone();
                state.remove_instance(&c.addr, &deposed);
                journal.stage_remove(&c.addr, &deposed)?;
                if deposed.is_none() && c.action == Action::Delete {
                    if let Some(e) = self.instances.get_mut(&address) {
                        e.1.remove(&c.addr.instance.key);
                    }
                    self.publish(&address);
                }
                Ok((None, remote))
            }
            (_, Some(v)) => {
                let inst = self.instance_state(c, &v);
                state.put_instance(&header, inst.clone());
                journal.stage_put(&header, &inst, settles)?;
                let id = id_of(&v);
                self.instances
                    .entry(address.clone())
                    .or_insert_with(|| (c.each, BTreeMap::new()))
                    .1
                    .insert(c.addr.instance.key.clone(), v);
                self.publish(&address);
                Ok((id, remote))
            }
        }
    }

    /// `value` as the state holds it for `c`'s instance.
    fn instance_state(&self, c: &ResourceChange, value: &Value) -> InstanceState {
        // Providers answer without marks; what the plan marked stays marked.
        let marked = crate::convert::copy_marks(&c.after, value.clone());
        let base = InstanceState::new(c.schema, c.addr.instance.key.clone(), &marked);
        InstanceState {
            // As Terraform, data instances record no dependencies.
            dependencies: if c.action == Action::Read {
                Vec::new()
            } else {
                c.dependencies.clone()
            },
            create_before_destroy: c.create_before_destroy,
            ..base
        }
    }

    /// Root outputs with the final values; unknown ones (after a failure)
    /// are left out.
    fn outputs(&self, diags: &mut Diagnostics) -> serde_json::Map<String, serde_json::Value> {
        let mut out = serde_json::Map::new();
        for o in self.module.outputs.values() {
            let Some(e) = &o.value else { continue };
            let v = self.root().eval(e, &Scope::default(), diags);
            if let Some(entry) = output_entry(&v, o.sensitive) {
                out.insert(o.name.clone(), entry);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(waits_for: Vec<usize>) -> Op {
        Op {
            change: 0,
            kind: OpKind::Create,
            waits_for,
            deposed: None,
        }
    }

    #[test]
    fn operations_that_wait_for_each_other_are_stuck_and_nothing_else() {
        // 0 free; 1 -> 2 -> 3 -> 1 a cycle; 4 waits on the cycle; 5 on 0.
        let ops = vec![
            op(vec![]),
            op(vec![3]),
            op(vec![1]),
            op(vec![2]),
            op(vec![2]),
            op(vec![0]),
        ];
        assert_eq!(stuck_ops(&ops), vec![1, 2, 3, 4]);
        assert!(stuck_ops(&[op(vec![]), op(vec![0])]).is_empty());
    }
}
