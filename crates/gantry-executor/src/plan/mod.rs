//! Planning: the configuration, evaluated with unknowns, against the prior
//! state, one resource *instance* at a time, in dependency order so that
//! planned values (and their unknowns) flow into dependents.

use std::collections::{BTreeMap, BTreeSet};

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Mode, Module, Resource};
use gantry_config::types::convert;
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_graph::{Graph, NodeKind};
use gantry_schema::{resource_type, ResourceType};
use gantry_state::{IndexKey, State};

use crate::addr::{InstanceAddr, ResourceAddr};
use crate::convert::{instance_value, same, typed_from_json};
use crate::provider::{state_provider_name, Providers};

mod config;
mod data;

pub use config::config_object;
pub use data::DataRead;

/// What happens to one instance (or output).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    NoOp,
    Create,
    Update,
    DeleteThenCreate,
    CreateThenDelete,
    Delete,
    /// A data source read during apply (Terraform's `<=`).
    Read,
    /// Dropped from state, the object left alone (`removed` with
    /// `lifecycle { destroy = false }`).
    Forget,
}

impl Action {
    pub fn is_replace(self) -> bool {
        matches!(self, Action::DeleteThenCreate | Action::CreateThenDelete)
    }

    /// Terraform's JSON `actions`.
    pub fn json(self) -> &'static [&'static str] {
        match self {
            Action::NoOp => &["no-op"],
            Action::Create => &["create"],
            Action::Update => &["update"],
            Action::DeleteThenCreate => &["delete", "create"],
            Action::CreateThenDelete => &["create", "delete"],
            Action::Delete => &["delete"],
            Action::Read => &["read"],
            Action::Forget => &["forget"],
        }
    }
}

/// Why an action was chosen, when Terraform says so (`action_reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionReason {
    ReplaceBecauseTainted,
    ReplaceBecauseCannotUpdate,
    DeleteBecauseNoResourceConfig,
    DeleteBecauseCountIndex,
    DeleteBecauseEachKey,
    DeleteBecauseWrongRepetition,
    ReadBecauseConfigUnknown,
    ReadBecauseDependencyPending,
}

impl ActionReason {
    pub fn json(self) -> &'static str {
        match self {
            ActionReason::ReplaceBecauseTainted => "replace_because_tainted",
            ActionReason::ReplaceBecauseCannotUpdate => "replace_because_cannot_update",
            ActionReason::DeleteBecauseNoResourceConfig => "delete_because_no_resource_config",
            ActionReason::DeleteBecauseCountIndex => "delete_because_count_index",
            ActionReason::DeleteBecauseEachKey => "delete_because_each_key",
            ActionReason::DeleteBecauseWrongRepetition => "delete_because_wrong_repetition",
            ActionReason::ReadBecauseConfigUnknown => "read_because_config_unknown",
            ActionReason::ReadBecauseDependencyPending => "read_because_dependency_pending",
        }
    }
}

#[derive(Debug, Clone)]
pub struct ResourceChange {
    pub addr: InstanceAddr,
    pub schema: &'static ResourceType,
    /// As state names it: `provider["registry.terraform.io/hashicorp/aws"]`.
    pub provider: String,
    /// `"list"` (count) or `"map"` (for_each).
    pub each: Option<String>,
    pub action: Action,
    pub reason: Option<ActionReason>,
    /// `Null` for a create.
    pub before: Value,
    /// `Null` for a delete; unknowns where only apply can tell.
    pub after: Value,
    /// Attributes whose change forces the replacement.
    pub replace_paths: Vec<String>,
    /// Why a replacement spreads: "`rest_api_id` refers to
    /// aws_api_gateway_rest_api.api, which must be replaced".
    pub why: Vec<String>,
    /// Resource addresses this instance depends on (kept in state).
    pub dependencies: Vec<String>,
    pub create_before_destroy: bool,
    /// The deposed key when this change deletes an object left over from
    /// an interrupted create-before-destroy replacement.
    pub deposed: Option<String>,
    /// The import ID when an `import` block brings this object in.
    pub importing: Option<String>,
    /// Where the object was before a `moved` block moved it here.
    pub previous_address: Option<InstanceAddr>,
}

impl ResourceChange {
    /// The address, plus the deposed key for a left-over object: unique
    /// among a plan's changes.
    pub fn key(&self) -> String {
        match &self.deposed {
            Some(d) => format!("{} (deposed object {d})", self.addr),
            None => self.addr.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct OutputChange {
    pub name: String,
    pub action: Action,
    pub before: Value,
    pub after: Value,
    pub sensitive: bool,
}

/// The state a plan was made against, so a saved plan can refuse to apply
/// to anything else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorState {
    pub lineage: String,
    pub serial: u64,
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub changes: Vec<ResourceChange>,
    /// Data sources read while planning (the deferred ones are `Read`
    /// changes).
    pub data: Vec<DataRead>,
    pub outputs: Vec<OutputChange>,
    /// The check blocks' assertions, as the plan sees them.
    pub checks: Vec<crate::checks::CheckResult>,
    pub variables: BTreeMap<String, Value>,
    pub destroy: bool,
    pub prior: PriorState,
    pub targets: Vec<String>,
}

impl Plan {
    pub fn has_changes(&self) -> bool {
        self.resource_changes().next().is_some()
            || self.outputs.iter().any(|o| o.action != Action::NoOp)
    }

    /// Changes worth showing: every action but no-op, and imports.
    pub fn resource_changes(&self) -> impl Iterator<Item = &ResourceChange> {
        self.changes.iter().filter(|c| {
            c.action != Action::NoOp || c.importing.is_some() || c.previous_address.is_some()
        })
    }

    /// How many objects the plan imports.
    pub fn imports(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.importing.is_some())
            .count()
    }

    /// (add, change, destroy) as the summary line counts them.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut n = (0, 0, 0);
        for c in &self.changes {
            match c.action {
                Action::Create => n.0 += 1,
                Action::Update => n.1 += 1,
                Action::Delete => n.2 += 1,
                Action::DeleteThenCreate | Action::CreateThenDelete => {
                    n.0 += 1;
                    n.2 += 1
                }
                Action::NoOp | Action::Read | Action::Forget => {}
            }
        }
        n
    }
}

#[derive(Debug, Clone, Default)]
pub struct PlanOptions {
    pub destroy: bool,
    /// `-target=ADDR`: only these (and what they depend on; for destroy,
    /// what depends on them).
    pub targets: Vec<InstanceAddr>,
    /// Instances `import` blocks brought into the state being planned
    /// (address → import ID).
    pub importing: BTreeMap<String, String>,
}

/// Plans `module` against `state`, reading data sources through their
/// providers. Errors leave the plan partial; callers check
/// `diags.has_errors()`.
pub async fn plan(
    module: &Module,
    graph: &Graph,
    variables: BTreeMap<String, Value>,
    state: &State,
    providers: &Providers,
    opts: &PlanOptions,
) -> (Plan, Diagnostics) {
    let mut diags = Diagnostics::new();
    // `moved` blocks act first, on a copy: the plan is made against the
    // objects at their new addresses (apply records the moves).
    let moved_state;
    let (state, moves) = if module.moved.is_empty() {
        (state, Vec::new())
    } else {
        let mut s = state.clone();
        let moves = crate::moves::apply_moved_blocks(module, &mut s);
        moved_state = s;
        (&moved_state, moves)
    };
    let mut p = Planner {
        module,
        graph,
        state,
        providers,
        ev: Evaluator::new(module, variables.clone()),
        changes: Vec::new(),
        data: Vec::new(),
        seen: BTreeSet::new(),
    };
    if opts.destroy {
        p.destroy_all(&mut diags);
        for r in &module.resources {
            p.ev.resources.insert(r.address(), Value::Unknown);
        }
    } else if let Some(order) = graph.dependency_order() {
        for node in order {
            if let NodeKind::Resource { mode } = node.kind {
                let found = module
                    .resources
                    .iter()
                    .find(|r| r.mode == mode && r.address() == node.address);
                match found {
                    Some(r) if r.mode == Mode::Data => p.data(r, &mut diags).await,
                    Some(r) => p.resource(r, &mut diags),
                    None => {}
                }
            }
        }
        p.orphans(&mut diags);
    }
    let mut changes = p.changes;
    for c in changes.iter_mut().filter(|c| c.deposed.is_none()) {
        c.importing = opts.importing.get(&c.addr.to_string()).cloned();
        c.previous_address = moves
            .iter()
            .find(|(_, to)| *to == c.addr)
            .map(|(from, _)| from.clone());
    }
    spread_reasons(graph, &mut changes);
    let forgotten: Vec<String> = changes
        .iter()
        .filter(|c| c.action == Action::Forget)
        .map(|c| format!(" - {}", c.addr))
        .collect();
    if !forgotten.is_empty() {
        diags.push(
            Diagnostic::warning("gantry::plan::forget", "Some objects will no longer be managed by gantry")
                .with_detail(format!("If you apply this plan, gantry will discard its tracking information for the following objects, but it will not delete them:\n{}\n\nAfter applying this plan, gantry will no longer manage these objects. You will need to import them into gantry to manage them again.", forgotten.join("\n"))),
        );
    }
    let outputs = plan_outputs(module, &p.ev, state, opts.destroy, &mut diags);
    let checks = if opts.destroy {
        Vec::new()
    } else {
        crate::checks::evaluate(module, &p.ev, &mut diags)
    };
    let mut plan = Plan {
        changes,
        data: p.data,
        outputs,
        checks,
        variables,
        destroy: opts.destroy,
        prior: PriorState {
            lineage: state.lineage.clone(),
            serial: state.serial,
        },
        targets: opts.targets.iter().map(|t| t.to_string()).collect(),
    };
    if !opts.targets.is_empty() {
        apply_targets(&mut plan, graph, &opts.targets);
    }
    plan.changes
        .sort_by(|a, b| a.addr.cmp(&b.addr).then(a.deposed.cmp(&b.deposed)));
    diags.sort();
    (plan, diags)
}

struct Planner<'a> {
    module: &'a Module,
    graph: &'a Graph,
    state: &'a State,
    providers: &'a Providers,
    ev: Evaluator<'a>,
    changes: Vec<ResourceChange>,
    data: Vec<DataRead>,
    /// Instances the configuration declares.
    seen: BTreeSet<InstanceAddr>,
}

impl<'a> Planner<'a> {
    /// The resource addresses `address` depends on, as state records them.
    fn dependencies(&self, address: &str) -> Vec<String> {
        let mut d: Vec<String> = self
            .graph
            .resource_dependencies(address)
            .into_iter()
            .map(|d| d.address)
            .collect();
        d.dedup();
        d
    }

    /// How state names the provider of `schema`'s type.
    fn provider_name(&self, schema: &ResourceType) -> String {
        self.providers
            .for_type(schema.name)
            .map(|p| p.state_name().to_string())
            .unwrap_or_else(|| state_provider_name(schema))
    }

    fn resource(&mut self, r: &'a Resource, diags: &mut Diagnostics) {
        let address = r.address();
        let Some(schema) = resource_type(&r.type_name) else {
            return;
        };
        let Some(instances) = expand(r, &self.ev, diags) else {
            self.ev.resources.insert(address, Value::Unknown);
            return;
        };
        let each = each_of(r);
        let dependencies = self.dependencies(&address);
        let provider = self.provider_name(schema);
        let mut values: Vec<(Option<IndexKey>, Value)> = Vec::new();
        for (key, scope) in instances {
            let addr = instance_addr(r, &key);
            self.seen.insert(addr.clone());
            let config = config_object(&self.ev, schema, &r.body, &scope, diags);
            let prior_inst = self
                .state
                .current_instance("managed", &r.type_name, &r.name, &key);
            let prior = prior_inst.map(|i| instance_value(schema, i));
            let tainted = prior_inst.is_some_and(|i| i.is_tainted());
            let config = ignore_changes_for(r, schema, prior.as_ref(), config);
            let change = match self.plan_instance(schema, prior.as_ref(), &config, tainted, r) {
                Ok(c) => c,
                Err(e) => {
                    diags.push(
                        Diagnostic::error("gantry::plan::provider", e.summary)
                            .with_detail(e.detail)
                            .with_span(r.header_span)
                            .with_address(addr.to_string()),
                    );
                    values.push((key, Value::Unknown));
                    continue;
                }
            };
            let (action, reason, after, replace_paths) = change;
            if r.lifecycle.prevent_destroy && action.is_replace() {
                diags.push(prevent_destroy_error(r, &addr));
            }
            values.push((
                key,
                if action == Action::NoOp {
                    prior.clone().unwrap_or(Value::Null)
                } else {
                    after.clone()
                },
            ));
            self.changes.push(ResourceChange {
                addr,
                schema,
                provider: provider.clone(),
                each: each.clone(),
                action,
                reason,
                before: prior.unwrap_or(Value::Null),
                after,
                replace_paths,
                why: Vec::new(),
                dependencies: dependencies.clone(),
                create_before_destroy: r.lifecycle.create_before_destroy,
                deposed: None,
                importing: None,
                previous_address: None,
            });
        }
        self.ev
            .resources
            .insert(address, resource_value(each.as_deref(), values));
    }

    #[allow(clippy::type_complexity)]
    fn plan_instance(
        &self,
        schema: &'static ResourceType,
        prior: Option<&Value>,
        config: &Value,
        tainted: bool,
        r: &Resource,
    ) -> Result<(Action, Option<ActionReason>, Value, Vec<String>), crate::ProviderError> {
        let run = |prior: Option<&Value>| self.providers.plan(schema, prior, config);
        let replace = if r.lifecycle.create_before_destroy {
            Action::CreateThenDelete
        } else {
            Action::DeleteThenCreate
        };
        let Some(prior) = prior else {
            return Ok((Action::Create, None, run(None)?.value, Vec::new()));
        };
        if tainted {
            return Ok((
                replace,
                Some(ActionReason::ReplaceBecauseTainted),
                self.providers
                    .plan_replacement(schema, prior, config)?
                    .value,
                Vec::new(),
            ));
        }
        let planned = run(Some(prior))?;
        if !planned.requires_replace.is_empty() {
            return Ok((
                replace,
                Some(ActionReason::ReplaceBecauseCannotUpdate),
                self.providers
                    .plan_replacement(schema, prior, config)?
                    .value,
                planned.requires_replace,
            ));
        }
        if same(prior, &planned.value) {
            return Ok((Action::NoOp, None, planned.value, Vec::new()));
        }
        Ok((Action::Update, None, planned.value, Vec::new()))
    }

    /// Instances in state that the configuration no longer declares, and
    /// objects deposed by an interrupted create-before-destroy.
    fn orphans(&mut self, diags: &mut Diagnostics) {
        for (rs, inst) in self.state.instances() {
            if rs.mode != "managed" {
                continue;
            }
            if inst.deposed.is_some() {
                self.delete(rs, inst, None);
                continue;
            }
            let addr = InstanceAddr {
                resource: crate::addr::resource_from_state(&rs.mode, &rs.type_name, &rs.name),
                key: inst.index_key.clone(),
            };
            if self.seen.contains(&addr) {
                continue;
            }
            let config = self.config_of(rs);
            let reason = match (config, &inst.index_key) {
                (None, _) => ActionReason::DeleteBecauseNoResourceConfig,
                (Some(r), Some(IndexKey::Int(_))) if r.count.is_some() => {
                    ActionReason::DeleteBecauseCountIndex
                }
                (Some(r), Some(IndexKey::Str(_))) if r.for_each.is_some() => {
                    ActionReason::DeleteBecauseEachKey
                }
                (Some(_), _) => ActionReason::DeleteBecauseWrongRepetition,
            };
            // As in Terraform, a resource whose block is gone entirely has
            // no lifecycle left to protect it; one whose block remains
            // keeps protecting the instances it no longer declares.
            if let Some(r) = config.filter(|r| r.lifecycle.prevent_destroy) {
                diags.push(prevent_destroy_error(r, &addr));
                continue;
            }
            self.delete(rs, inst, Some(reason));
            if config.is_none() && self.forgotten(rs) {
                if let Some(c) = self.changes.last_mut() {
                    c.action = Action::Forget;
                }
            }
        }
    }

    /// Whether a `removed` block with `destroy = false` names `rs`.
    fn forgotten(&self, rs: &gantry_state::ResourceState) -> bool {
        self.module
            .removed
            .iter()
            .any(|r| !r.destroy && r.from.to_string() == rs.address())
    }

    fn destroy_all(&mut self, diags: &mut Diagnostics) {
        for (rs, inst) in self.state.instances() {
            if rs.mode != "managed" {
                continue;
            }
            if inst.deposed.is_none() {
                if let Some(r) = self.config_of(rs).filter(|r| r.lifecycle.prevent_destroy) {
                    let addr = InstanceAddr {
                        resource: crate::addr::resource_from_state(
                            &rs.mode,
                            &rs.type_name,
                            &rs.name,
                        ),
                        key: inst.index_key.clone(),
                    };
                    diags.push(prevent_destroy_error(r, &addr));
                    continue;
                }
            }
            self.delete(rs, inst, None);
        }
    }

    /// The managed resource block a state resource belongs to, if any.
    fn config_of(&self, rs: &gantry_state::ResourceState) -> Option<&'a Resource> {
        self.module.resource(Mode::Managed, &rs.type_name, &rs.name)
    }

    fn delete(
        &mut self,
        rs: &gantry_state::ResourceState,
        inst: &gantry_state::InstanceState,
        reason: Option<ActionReason>,
    ) {
        let Some(schema) = resource_type(&rs.type_name) else {
            return;
        };
        let resource = crate::addr::resource_from_state(&rs.mode, &rs.type_name, &rs.name);
        // As Terraform's destroy graph: what the configuration still says a
        // resource refers to orders its destroy too (an imported object has
        // no recorded dependencies, and would go before what uses it).
        let mut dependencies = inst.dependencies.clone();
        if self.config_of(rs).is_some() {
            for d in self.graph.resource_dependencies(&resource.to_string()) {
                if !dependencies.contains(&d.address) {
                    dependencies.push(d.address);
                }
            }
        }
        self.changes.push(ResourceChange {
            addr: InstanceAddr {
                resource,
                key: inst.index_key.clone(),
            },
            schema,
            provider: rs.provider.clone(),
            each: rs.each.clone(),
            action: Action::Delete,
            reason,
            before: instance_value(schema, inst),
            after: Value::Null,
            replace_paths: Vec::new(),
            why: Vec::new(),
            dependencies,
            create_before_destroy: inst.create_before_destroy,
            deposed: inst.deposed.clone(),
            importing: None,
            previous_address: None,
        });
    }
}

fn prevent_destroy_error(r: &Resource, addr: &InstanceAddr) -> Diagnostic {
    Diagnostic::error("gantry::plan::prevent-destroy", "Instance cannot be destroyed")
        .with_detail(format!(
            "Resource {addr} has lifecycle.prevent_destroy set, but the plan calls for this resource to be destroyed. To avoid this error and continue with the plan, either disable lifecycle.prevent_destroy or reduce the scope of the plan using the -target option."
        ))
        .with_span(r.header_span)
        .with_address(addr.to_string())
}

/// The address of `r`'s instance `key`.
fn instance_addr(r: &Resource, key: &Option<IndexKey>) -> InstanceAddr {
    InstanceAddr {
        resource: ResourceAddr {
            mode: r.mode,
            type_name: r.type_name.clone(),
            name: r.name.clone(),
        },
        key: key.clone(),
    }
}

/// How state records a resource's repetition: `"list"` for `count`,
/// `"map"` for `for_each`.
pub fn each_of(r: &Resource) -> Option<String> {
    if r.count.is_some() {
        Some("list".into())
    } else if r.for_each.is_some() {
        Some("map".into())
    } else {
        None
    }
}

/// Every resource in `state` as expressions read it (`aws_x.y`, a list for
/// `count`, a map for `for_each`), by address: what the console evaluates
/// against.
pub fn state_resource_values(state: &State) -> BTreeMap<String, Value> {
    /// A resource's repetition (`list`, `map`) and its instances.
    type Instances = (Option<String>, Vec<(Option<IndexKey>, Value)>);
    let mut grouped: BTreeMap<String, Instances> = BTreeMap::new();
    for (rs, inst, value) in crate::convert::current_values(state) {
        let entry = grouped
            .entry(rs.address())
            .or_insert_with(|| (rs.each.clone(), Vec::new()));
        entry.1.push((inst.index_key.clone(), value));
    }
    grouped
        .into_iter()
        .map(|(addr, (each, instances))| (addr, resource_value(each.as_deref(), instances)))
        .collect()
}

/// How expressions see a resource: its one object, a list of objects
/// (`count`, `each` = "list") or a map of them (`for_each`, "map").
/// `instances` come in key order.
pub fn resource_value(
    each: Option<&str>,
    instances: impl IntoIterator<Item = (Option<IndexKey>, Value)>,
) -> Value {
    let mut instances = instances.into_iter();
    match each {
        None => instances.next().map(|(_, v)| v).unwrap_or(Value::Null),
        Some("list") => Value::List(instances.map(|(_, v)| v).collect()),
        Some(_) => Value::Map(
            instances
                .filter_map(|(k, v)| match k {
                    Some(IndexKey::Str(s)) => Some((s, v)),
                    _ => None,
                })
                .collect(),
        ),
    }
}

/// The instances `count` or `for_each` declare, each with its scope;
/// `None` when the repetition is not known yet (an error).
pub(crate) fn expand(
    r: &Resource,
    ev: &Evaluator,
    diags: &mut Diagnostics,
) -> Option<Vec<(Option<IndexKey>, Scope)>> {
    if let Some(count) = &r.count {
        let v = ev.eval(count, &Scope::default(), diags);
        let n = match convert(v.unmark().0, &gantry_config::types::Type::Number) {
            Ok(Value::Number(n)) if n.to_i64().is_some_and(|i| i >= 0) => n.to_i64().unwrap_or(0),
            Ok(Value::Unknown) => {
                diags.push(
                    Diagnostic::error("gantry::plan::count-unknown", "Invalid count argument")
                        .with_detail("The \"count\" value depends on resource attributes that cannot be determined until apply, so gantry cannot predict how many instances will be created. To work around this, use -target to first apply only the resources that the count depends on.")
                        .with_span(count.span),
                );
                return None;
            }
            // Invalid values were reported by validation.
            _ => return None,
        };
        return Some(
            (0..n)
                .map(|i| {
                    let mut s = Scope::default();
                    s.count_index = Some(Value::Number(i.into()));
                    (Some(IndexKey::Int(i)), s)
                })
                .collect(),
        );
    }
    if let Some(fe) = &r.for_each {
        let v = ev.eval(fe, &Scope::default(), diags);
        let pairs: Vec<(String, Value)> = match v.unmark().0 {
            Value::Map(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Value::Set(items) if items.iter().all(|i| i.as_str().is_some()) => items
                .iter()
                .filter_map(|i| i.as_str().map(|s| (s.to_string(), i.clone())))
                .collect(),
            Value::Unknown => {
                diags.push(
                    Diagnostic::error("gantry::plan::for-each-unknown", "Invalid for_each argument")
                        .with_detail("The \"for_each\" map includes keys derived from resource attributes that cannot be determined until apply, and so gantry cannot determine the full set of keys that will identify the instances of this resource. Use literal keys, or use -target to first apply only the resources that the for_each value depends on.")
                        .with_span(fe.span),
                );
                return None;
            }
            _ => return None,
        };
        return Some(
            pairs
                .into_iter()
                .map(|(k, v)| {
                    let mut s = Scope::default();
                    s.each = Some((Value::string(k.clone()), v));
                    (Some(IndexKey::Str(k)), s)
                })
                .collect(),
        );
    }
    Some(vec![(None, Scope::default())])
}

/// `lifecycle { ignore_changes = [...] }`: the configuration takes the
/// prior value of each ignored argument (as Terraform does).
pub fn ignore_changes_for(
    r: &Resource,
    schema: &ResourceType,
    prior: Option<&Value>,
    config: Value,
) -> Value {
    let (Some(prior), Value::Map(mut m)) = (prior, config.clone()) else {
        return config;
    };
    let names: Vec<String> = if r.lifecycle.ignore_all_changes {
        schema
            .attributes
            .iter()
            .filter(|a| a.is_settable())
            .map(|a| a.name.to_string())
            .chain(schema.blocks.iter().map(|b| b.name.to_string()))
            .collect()
    } else {
        r.lifecycle
            .ignore_changes
            .iter()
            .map(|(n, _)| n.split('.').next().unwrap_or(n).to_string())
            .collect()
    };
    for n in names {
        m.insert(n.clone(), crate::convert::attr(prior, &n).clone());
    }
    Value::Map(m)
}

fn plan_outputs(
    module: &Module,
    ev: &Evaluator,
    state: &State,
    destroy: bool,
    diags: &mut Diagnostics,
) -> Vec<OutputChange> {
    let mut out = Vec::new();
    let prior = |name: &str| {
        state
            .outputs
            .get(name)
            .map(|o| typed_from_json(&o["value"], &o["type"]))
    };
    for o in module.outputs.values() {
        let before = prior(&o.name);
        let after = if destroy {
            Value::Null
        } else {
            o.value
                .as_ref()
                .map_or(Value::Null, |e| ev.eval(e, &Scope::default(), diags))
        };
        let action = match (&before, destroy) {
            (None, true) => continue,
            (Some(_), true) => Action::Delete,
            (None, false) => Action::Create,
            (Some(b), false) if same(b, &after) => Action::NoOp,
            (Some(_), false) => Action::Update,
        };
        out.push(OutputChange {
            name: o.name.clone(),
            action,
            before: before.unwrap_or(Value::Null),
            after,
            sensitive: o.sensitive,
        });
    }
    for (name, o) in &state.outputs {
        if !module.outputs.contains_key(name) {
            out.push(OutputChange {
                name: name.clone(),
                action: Action::Delete,
                before: typed_from_json(&o["value"], &o["type"]),
                after: Value::Null,
                sensitive: o
                    .get("sensitive")
                    .and_then(|s| s.as_bool())
                    .unwrap_or(false),
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// Explains replacements that come from an upstream replacement: the
/// forcing argument refers to a resource that is itself replaced (or
/// created), so its new value is not known yet.
fn spread_reasons(graph: &Graph, changes: &mut [ResourceChange]) {
    let replaced: BTreeMap<String, Action> = changes
        .iter()
        .filter(|c| c.action.is_replace() || c.action == Action::Create)
        .map(|c| (c.addr.resource.to_string(), c.action))
        .collect();
    for c in changes.iter_mut().filter(|c| c.action.is_replace()) {
        for dep in graph.resource_dependencies(&c.addr.resource.to_string()) {
            if !c.replace_paths.contains(&dep.attribute) {
                continue;
            }
            let Some(action) = replaced.get(&dep.address) else {
                continue;
            };
            let what = if action.is_replace() {
                "must be replaced"
            } else {
                "will be created"
            };
            let via = if dep.via.is_empty() {
                String::new()
            } else {
                format!(" (through {})", dep.via.join(", "))
            };
            c.why.push(format!(
                "{} refers to {}{via}, which {what}",
                dep.attribute, dep.address
            ));
        }
    }
}

/// Keeps the targeted instances, what they depend on (or, destroying,
/// what depends on them), and drops every other change.
fn apply_targets(plan: &mut Plan, graph: &Graph, targets: &[InstanceAddr]) {
    let mut keep: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = targets.iter().map(|t| t.resource.to_string()).collect();
    while let Some(a) = queue.pop() {
        if !keep.insert(a.clone()) {
            continue;
        }
        if plan.destroy {
            queue.extend(graph.resource_dependents(&a));
        } else {
            queue.extend(
                graph
                    .resource_dependencies(&a)
                    .into_iter()
                    .map(|d| d.address),
            );
        }
    }
    let exact: BTreeSet<&InstanceAddr> = targets.iter().filter(|t| t.key.is_some()).collect();
    plan.changes.retain(|c| {
        let resource = c.addr.resource.to_string();
        if !keep.contains(&resource) {
            return false;
        }
        // `-target=aws_x.n[0]` keeps only that instance of aws_x.n.
        let targeted_instances: Vec<_> = exact
            .iter()
            .filter(|t| t.resource == c.addr.resource)
            .collect();
        targeted_instances.is_empty() || targeted_instances.iter().any(|t| ***t == c.addr)
    });
    plan.outputs.clear();
}
