//! Planning: the configuration, evaluated with unknowns, against the prior
//! state, one resource *instance* at a time, in dependency order so that
//! planned values (and their unknowns) flow into dependents.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use gantry_addrs::{ConfigResource, Declaration, ModuleInstance};
use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Expr, Mode, Module, Resource};
use gantry_config::types::convert;
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_graph::Graph;
use gantry_schema::{resource_type, ResourceType};
use gantry_state::{Each, IndexKey, State};

use crate::addr::InstanceAddr;
use crate::convert::{same, shared_instance_value, typed_from_json};
pub(crate) use crate::modules::Frame;
use crate::modules::{Graphs, Tree};
use crate::provider::Providers;

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
    /// `-replace=ADDR`.
    ReplaceByRequest,
    ReplaceBecauseCannotUpdate,
    DeleteBecauseNoResourceConfig,
    DeleteBecauseNoModule,
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
            ActionReason::ReplaceByRequest => "replace_by_request",
            ActionReason::ReplaceBecauseCannotUpdate => "replace_because_cannot_update",
            ActionReason::DeleteBecauseNoResourceConfig => "delete_because_no_resource_config",
            ActionReason::DeleteBecauseNoModule => "delete_because_no_module",
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
    pub provider: gantry_addrs::AbsProviderConfig,
    /// How the resource repeats (`count`, `for_each`).
    pub each: Option<Each>,
    pub action: Action,
    pub reason: Option<ActionReason>,
    /// `Null` for a create. The object state holds, not a copy of it.
    pub before: Arc<Value>,
    /// `Null` for a delete; unknowns where only apply can tell.
    pub after: Value,
    /// Attributes whose change forces the replacement.
    pub replace_paths: Vec<String>,
    /// Why a replacement spreads: "`rest_api_id` refers to
    /// aws_api_gateway_rest_api.api, which must be replaced".
    pub why: Vec<String>,
    /// The resources of the configuration this instance depends on (kept
    /// in state), in the order of their text.
    pub dependencies: Vec<ConfigResource>,
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
    /// `-replace=ADDR` addresses, as given.
    pub replace: Vec<String>,
    /// `-refresh-only`: no object changes; applying it records `drift`
    /// and the outputs in the state.
    pub refresh_only: bool,
    /// What the refresh before planning found changed outside gantry.
    pub drift: Vec<crate::refresh::Drift>,
    /// The attributes the plan's changes read (Terraform's
    /// `relevant_attributes`).
    pub relevant: Vec<crate::relevance::RelevantAttr>,
}

impl Plan {
    pub fn has_changes(&self) -> bool {
        self.resource_changes().next().is_some()
            || self.outputs.iter().any(|o| o.action != Action::NoOp)
    }

    /// Whether applying the plan would change anything, objects or state,
    /// as Terraform's `Applyable`: a refresh-only plan is when the refresh
    /// found drift or an output changes; decides the "saved the plan"
    /// note and `-detailed-exitcode`.
    pub fn applyable(&self) -> bool {
        if self.refresh_only {
            !self.drift.is_empty() || self.outputs.iter().any(|o| o.action != Action::NoOp)
        } else {
            self.has_changes()
        }
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

    /// Terraform's summary line: "Plan: [N to import, ]A to add, C to
    /// change, D to destroy."
    pub fn summary(&self) -> String {
        let (add, change, destroy) = self.counts();
        let imports = match self.imports() {
            0 => String::new(),
            n => format!("{n} to import, "),
        };
        format!("Plan: {imports}{add} to add, {change} to change, {destroy} to destroy.")
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
    pub targets: Vec<gantry_addrs::Target>,
    /// Instances `import` blocks brought into the state being planned
    /// (address → import ID).
    pub importing: BTreeMap<String, String>,
    /// `-replace=ADDR`: instances to replace although nothing forces it.
    pub replace: Vec<InstanceAddr>,
    /// `-refresh-only`: plan no object changes; outputs and checks are
    /// evaluated against the (refreshed) state, and objects not in it yet
    /// are unknown, as Terraform's refresh-only walk sees them.
    pub refresh_only: bool,
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
    let any_moved = std::iter::once(module)
        .chain(module.descendants())
        .any(|m| !m.moved.is_empty());
    let (state, moves) = if !any_moved {
        (state, Vec::new())
    } else {
        let mut s = state.clone();
        let moves = crate::moves::apply_moved_blocks(module, &mut s);
        moved_state = s;
        (&moved_state, moves)
    };
    let graphs = Graphs::new(module, graph);
    let mut tree = Tree::new(module, &graphs, variables.clone(), BTreeMap::new(), false);
    let mut p = Planner {
        module,
        refresh_only: opts.refresh_only,
        replace: &opts.replace,
        graphs: &graphs,
        state,
        providers,
        changes: Vec::new(),
        data: Vec::new(),
        seen: BTreeSet::new(),
        expanded: BTreeSet::new(),
        forced_cbd: forced_create_before_destroy(module, &graphs),
    };
    if opts.destroy {
        p.destroy_all(&mut diags);
        if let Some(root) = tree.frames.get_mut(&ModuleInstance::root()) {
            for r in &module.resources {
                root.ev.resources.insert(r.addr(), Value::Unknown);
            }
        }
    } else {
        p.walk(&mut tree, &mut diags).await;
        p.expanded = tree.frames.keys().cloned().collect();
        if !opts.refresh_only {
            p.orphans(&mut diags);
        }
    }
    if let Some(d) = moves_outside_targets(&moves, &opts.targets) {
        diags.push(d);
    }
    let mut changes = p.changes;
    for c in changes.iter_mut().filter(|c| c.deposed.is_none()) {
        c.importing = opts.importing.get(&c.addr.to_string()).cloned();
        c.previous_address = moves
            .iter()
            .find(|(_, to)| *to == c.addr)
            .map(|(from, _)| from.clone());
    }
    spread_reasons(&graphs, &mut changes);
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
    let root = tree.root();
    let outputs = plan_outputs(module, &root.ev, state, opts.destroy, &mut diags);
    let checks = if opts.destroy {
        Vec::new()
    } else {
        crate::checks::evaluate(module, &root.ev, &mut diags)
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
        replace: opts.replace.iter().map(|a| a.to_string()).collect(),
        refresh_only: opts.refresh_only,
        drift: Vec::new(),
        relevant: Vec::new(),
    };
    if !opts.targets.is_empty() {
        apply_targets(&mut plan, &opts.targets, &graphs);
    }
    let instances: Vec<ModuleInstance> = tree.frames.keys().cloned().collect();
    plan.relevant = crate::relevance::relevant_attributes(&plan, module, &instances);
    plan.changes
        .sort_by(|a, b| a.addr.cmp(&b.addr).then(a.deposed.cmp(&b.deposed)));
    diags.sort();
    (plan, diags)
}

struct Planner<'a> {
    /// The root module.
    module: &'a Module,
    /// `-refresh-only`: values come from the state, no change is planned.
    refresh_only: bool,
    /// `-replace=ADDR`.
    replace: &'a [InstanceAddr],
    graphs: &'a Graphs<'a>,
    state: &'a State,
    providers: &'a Providers,
    changes: Vec<ResourceChange>,
    data: Vec<DataRead>,
    /// Instances the configuration declares.
    seen: BTreeSet<InstanceAddr>,
    /// Module instances the configuration declares.
    expanded: BTreeSet<ModuleInstance>,
    /// Resources replaced create-before-destroy though their own lifecycle
    /// does not say so (see [`forced_create_before_destroy`]).
    forced_cbd: BTreeSet<ConfigResource>,
}

/// Everything a `create_before_destroy` resource depends on, at any
/// depth and across modules: replaced, each of these must be created
/// before it is destroyed too, or its destroy (waiting for the dependent's
/// old object to go) and the dependent's replacement (waiting for its new
/// object) would wait for each other. Terraform's ForcedCBDTransformer;
/// its plan shows them as `+/-`.
fn forced_create_before_destroy(module: &Module, graphs: &Graphs) -> BTreeSet<ConfigResource> {
    let mut out = BTreeSet::new();
    for m in std::iter::once(module).chain(module.descendants()) {
        let cbd = m
            .resources
            .iter()
            .filter(|r| r.mode == Mode::Managed && r.lifecycle.create_before_destroy);
        for r in cbd {
            let node = Declaration::Resource(r.addr());
            out.extend(
                graphs
                    .dependencies(&m.path, &node, gantry_graph::Reach::Transitive)
                    .into_iter()
                    .filter(|d| d.resource.mode == Mode::Managed),
            );
        }
    }
    out
}

impl<'a> Planner<'a> {
    /// Plans every resource instance in the order of the graph of the whole
    /// configuration, expanding module calls, setting their inputs and
    /// giving their outputs back on the way.
    async fn walk(&mut self, tree: &mut Tree<'a>, diags: &mut Diagnostics) {
        let order = match self.graphs.walk_order() {
            Ok(order) => order,
            Err(cycle) => {
                // Never a module instance left out in silence (its objects
                // would plan as orphans): the plan fails.
                diags.push(cycle.diagnostic());
                return;
            }
        };
        for node in order {
            let Declaration::Resource(addr) = &node.declaration else {
                tree.step(node, diags);
                continue;
            };
            for at in tree.instances(&node.module) {
                let Some(frame) = tree.frames.get_mut(&at) else {
                    continue;
                };
                let module = frame.module;
                let Some(r) = module.resource(addr.mode, &addr.type_name, &addr.name) else {
                    continue;
                };
                match r.mode {
                    Mode::Data => self.data(frame, r, diags).await,
                    Mode::Managed => self.resource(frame, r, diags),
                }
            }
        }
    }

    /// The resources of the configuration `address` (in `frame`'s module)
    /// depends on, as state records them.
    fn dependencies(
        &self,
        frame: &Frame,
        resource: &gantry_addrs::Resource,
    ) -> Vec<ConfigResource> {
        let node = Declaration::Resource(resource.clone());
        self.graphs.dependency_list(&frame.at.module(), &node)
    }

    /// The provider configuration `r` (in `frame`'s module) uses, as state
    /// names it.
    fn provider_name(
        &self,
        frame: &Frame,
        r: &Resource,
        schema: &ResourceType,
    ) -> gantry_addrs::AbsProviderConfig {
        let at = frame.at.module();
        gantry_config::providers::of_resource(self.module, &at, r, schema.provider).config
    }

    fn resource(&mut self, frame: &mut Frame<'a>, r: &'a Resource, diags: &mut Diagnostics) {
        let address = r.addr();
        let Some(schema) = resource_type(&r.type_name) else {
            return;
        };
        let Some(instances) = expand(r, &frame.ev, diags) else {
            frame.ev.resources.insert(address, Value::Unknown);
            return;
        };
        let each = each_of(&r.count, &r.for_each);
        let dependencies = self.dependencies(frame, &address);
        let provider = self.provider_name(frame, r, schema);
        let create_before_destroy = r.lifecycle.create_before_destroy
            || self.forced_cbd.contains(&ConfigResource {
                module: frame.at.module(),
                resource: address.clone(),
            });
        let mut values: Vec<(Option<IndexKey>, Value)> = Vec::new();
        for (key, scope) in instances {
            let addr = instance_addr(&frame.at, r, &key);
            self.seen.insert(addr.clone());
            let config = config_object(&frame.ev, schema, &r.body, &scope, diags);
            let prior_inst = self.state.current_instance(&addr);
            let prior = prior_inst.map(shared_instance_value);
            if self.refresh_only {
                values.push((key, prior.as_deref().cloned().unwrap_or(Value::Unknown)));
                continue;
            }
            let forced = if prior_inst.is_some_and(|i| i.is_tainted()) {
                Some(ActionReason::ReplaceBecauseTainted)
            } else if self.replace.contains(&addr) {
                Some(ActionReason::ReplaceByRequest)
            } else {
                None
            };
            let config = ignore_changes_for(r, schema, prior.as_deref(), config);
            let planned = self.plan_instance(
                schema,
                &provider,
                prior.as_deref(),
                &config,
                forced,
                create_before_destroy,
            );
            let change = match planned {
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
                    prior.as_deref().cloned().unwrap_or(Value::Null)
                } else {
                    after.clone()
                },
            ));
            self.changes.push(ResourceChange {
                addr,
                schema,
                provider: provider.clone(),
                each,
                action,
                reason,
                before: prior.unwrap_or_else(|| Arc::new(Value::Null)),
                after,
                replace_paths,
                why: Vec::new(),
                dependencies: dependencies.clone(),
                create_before_destroy,
                deposed: None,
                importing: None,
                previous_address: None,
            });
        }
        frame
            .ev
            .resources
            .insert(address, resource_value(each, values));
    }

    #[allow(clippy::type_complexity)]
    fn plan_instance(
        &self,
        schema: &'static ResourceType,
        provider: &gantry_addrs::AbsProviderConfig,
        prior: Option<&Value>,
        config: &Value,
        forced: Option<ActionReason>,
        create_before_destroy: bool,
    ) -> Result<(Action, Option<ActionReason>, Value, Vec<String>), crate::ProviderError> {
        let run = |prior: Option<&Value>| self.providers.plan(schema, provider, prior, config);
        let replace = if create_before_destroy {
            Action::CreateThenDelete
        } else {
            Action::DeleteThenCreate
        };
        let Some(prior) = prior else {
            return Ok((Action::Create, None, run(None)?.value, Vec::new()));
        };
        if let Some(reason) = forced {
            return Ok((
                replace,
                Some(reason),
                self.providers
                    .plan_replacement(schema, provider, prior, config)?
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
                    .plan_replacement(schema, provider, prior, config)?
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
            if rs.mode != Mode::Managed {
                continue;
            }
            if inst.deposed.is_some() {
                self.delete(rs, inst, None);
                continue;
            }
            let addr = rs.instance_addr(inst);
            if self.seen.contains(&addr) {
                continue;
            }
            let config = self.config_of(rs);
            let reason = match (config, &inst.index_key) {
                _ if !self.expanded.contains(&rs.module) => ActionReason::DeleteBecauseNoModule,
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
        let addr = rs.resource_addr();
        addr.module.is_root()
            && self
                .module
                .removed
                .iter()
                .any(|r| !r.destroy && r.from == addr.resource)
    }

    fn destroy_all(&mut self, diags: &mut Diagnostics) {
        for (rs, inst) in self.state.instances() {
            if rs.mode != Mode::Managed {
                continue;
            }
            if inst.deposed.is_none() {
                if let Some(r) = self.config_of(rs).filter(|r| r.lifecycle.prevent_destroy) {
                    diags.push(prevent_destroy_error(r, &rs.instance_addr(inst)));
                    continue;
                }
            }
            self.delete(rs, inst, None);
        }
    }

    /// The managed resource block a state resource belongs to, if any.
    fn config_of(&self, rs: &gantry_state::ResourceState) -> Option<&'a Resource> {
        self.module.descendant(&rs.module.module())?.resource(
            Mode::Managed,
            &rs.type_name,
            &rs.name,
        )
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
        let resource = rs.resource_addr();
        // As Terraform's destroy graph: what the configuration still says a
        // resource refers to orders its destroy too (an imported object has
        // no recorded dependencies, and would go before what uses it).
        let mut dependencies = inst.dependencies.clone();
        if self.config_of(rs).is_some() {
            let path = resource.module.module();
            let node = Declaration::Resource(resource.resource.clone());
            for d in self.graphs.dependency_list(&path, &node) {
                if !dependencies.contains(&d) {
                    dependencies.push(d);
                }
            }
        }
        self.changes.push(ResourceChange {
            addr: rs.instance_addr(inst),
            schema,
            provider: rs.provider.clone(),
            each: rs.each,
            action: Action::Delete,
            reason,
            before: shared_instance_value(inst),
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

/// The address of `r`'s instance `key` in module instance `at`.
fn instance_addr(at: &ModuleInstance, r: &Resource, key: &Option<IndexKey>) -> InstanceAddr {
    r.addr().instance(key.clone()).absolute(at.clone())
}

/// How a resource (or a module call) repeats: a list of instances for
/// `count`, a map for `for_each`.
pub fn each_of(count: &Option<Expr>, for_each: &Option<Expr>) -> Option<Each> {
    if count.is_some() {
        Some(Each::List)
    } else if for_each.is_some() {
        Some(Each::Map)
    } else {
        None
    }
}

/// Every resource of the root module in `state` as expressions read it
/// (`aws_x.y`, a list for `count`, a map for `for_each`): what the console
/// evaluates against.
pub fn state_resource_values(state: &State) -> BTreeMap<gantry_addrs::Resource, Value> {
    /// A resource's repetition (`list`, `map`) and its instances.
    type Instances = (Option<Each>, Vec<(Option<IndexKey>, Value)>);
    let mut grouped: BTreeMap<gantry_addrs::Resource, Instances> = BTreeMap::new();
    for (rs, inst, value) in crate::convert::current_values(state) {
        if !rs.module.is_root() {
            continue;
        }
        let entry = grouped
            .entry(rs.resource_addr().resource)
            .or_insert_with(|| (rs.each, Vec::new()));
        entry.1.push((inst.index_key.clone(), value.clone()));
    }
    grouped
        .into_iter()
        .map(|(addr, (each, instances))| (addr, resource_value(each, instances)))
        .collect()
}

/// How expressions see a resource: its one object, a list of objects
/// (`count`) or a map of them (`for_each`). `instances` come in key order.
pub fn resource_value(
    each: Option<Each>,
    instances: impl IntoIterator<Item = (Option<IndexKey>, Value)>,
) -> Value {
    let mut instances = instances.into_iter();
    match each {
        None => instances.next().map(|(_, v)| v).unwrap_or(Value::Null),
        Some(Each::List) => Value::List(instances.map(|(_, v)| v).collect()),
        Some(Each::Map) => Value::Map(
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
    expand_repetition(r.count.as_ref(), r.for_each.as_ref(), ev, diags)
}

/// [`expand`] for any block with `count` or `for_each` (resources, module
/// calls).
pub(crate) fn expand_repetition(
    count: Option<&Expr>,
    for_each: Option<&Expr>,
    ev: &Evaluator,
    diags: &mut Diagnostics,
) -> Option<Vec<(Option<IndexKey>, Scope)>> {
    if let Some(count) = count {
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
    if let Some(fe) = for_each {
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
            .map(|ignored| ignored.argument.clone())
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
/// forcing argument refers to a resource (of the same module instance) that
/// is itself replaced (or created), so its new value is not known yet.
fn spread_reasons(graphs: &Graphs, changes: &mut [ResourceChange]) {
    // By module instance and the resource's address there, as the graph
    // names the dependency.
    let replaced: BTreeMap<(ModuleInstance, Declaration), Action> = changes
        .iter()
        .filter(|c| c.action.is_replace() || c.action == Action::Create)
        .map(|c| {
            let resource = Declaration::Resource(c.addr.instance.resource.clone());
            ((c.addr.module.clone(), resource), c.action)
        })
        .collect();
    for c in changes.iter_mut().filter(|c| c.action.is_replace()) {
        let Some(graph) = graphs.get(&c.addr.module.module()) else {
            continue;
        };
        let node = Declaration::Resource(c.addr.instance.resource.clone());
        for dep in graph.resource_dependencies(&node) {
            if !c.replace_paths.contains(&dep.attribute) {
                continue;
            }
            let Some(&action) = replaced.get(&(c.addr.module.clone(), dep.address.clone())) else {
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
                let via: Vec<String> = dep.via.iter().map(ToString::to_string).collect();
                format!(" (through {})", via.join(", "))
            };
            c.why.push(format!(
                "{} refers to {}{via}, which {what}",
                dep.attribute, dep.address
            ));
        }
    }
}

/// As Terraform: objects `moved` blocks move must be planned, so targets
/// must cover both ends of every move.
fn moves_outside_targets(
    moves: &[(InstanceAddr, InstanceAddr)],
    targets: &[gantry_addrs::Target],
) -> Option<Diagnostic> {
    if targets.is_empty() {
        return None;
    }
    let covered = |a: &InstanceAddr| targets.iter().any(|t| t.contains(a));
    let mut excluded: Vec<&InstanceAddr> = moves
        .iter()
        .flat_map(|(from, to)| [from, to])
        .filter(|a| !covered(a))
        .collect();
    if excluded.is_empty() {
        return None;
    }
    excluded.sort();
    excluded.dedup();
    let list: String = excluded
        .iter()
        .map(|a| format!("\n  -target={:?}", a.to_string()))
        .collect();
    Some(
        Diagnostic::error("gantry::plan::moved-targets", "Moved resource instances excluded by targeting")
            .with_detail(format!("Resource instances in your current state have moved to new addresses in the latest configuration. gantry must include those resource instances while planning in order to ensure a correct result, but your -target=... options do not fully cover all of those resource instances.\n\nTo create a valid plan, either remove your -target=... options altogether or add the following additional target options:{list}\n\nNote that adding these options may include further additional resource instances in your plan, in order to respect object dependencies.")),
    )
}

/// Keeps the targeted instances (a module instance targets everything in
/// it), what they depend on (or, destroying, what depends on them), and
/// drops every other change; root outputs stay when everything they derive
/// from is kept (as Terraform keeps them: outputs cannot be targeted).
fn apply_targets(plan: &mut Plan, targets: &[gantry_addrs::Target], graphs: &Graphs) {
    let config_of = |c: &ResourceChange| c.addr.resource().config();
    let mut keep: Vec<bool> = plan
        .changes
        .iter()
        .map(|c| targets.iter().any(|t| t.contains(&c.addr)))
        .collect();
    // To a fixed point: dependencies are resources of the configuration,
    // so every instance of one is kept; so are the objects of a module
    // instance no longer declared whose resource is kept.
    let kept_sets = |keep: &[bool]| {
        let mut resources: BTreeSet<ConfigResource> = BTreeSet::new();
        let mut needed: BTreeSet<ConfigResource> = BTreeSet::new();
        for (c, _) in plan.changes.iter().zip(keep).filter(|(_, k)| **k) {
            resources.insert(config_of(c));
            needed.extend(c.dependencies.iter().cloned());
        }
        (resources, needed)
    };
    loop {
        let (resources, needed) = kept_sets(&keep);
        let mut grew = false;
        for (c, k) in plan.changes.iter().zip(keep.iter_mut()) {
            if *k {
                continue;
            }
            let wanted = if plan.destroy {
                c.dependencies.iter().any(|d| resources.contains(d))
            } else {
                needed.contains(&config_of(c))
                    || (c.reason == Some(ActionReason::DeleteBecauseNoModule)
                        && resources.contains(&config_of(c)))
            };
            if wanted {
                *k = true;
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    let (resources, needed) = kept_sets(&keep);
    let kept: BTreeSet<ConfigResource> = resources.union(&needed).cloned().collect();
    let mut keep = keep.into_iter();
    plan.changes.retain(|_| keep.next().unwrap_or(false));
    plan.outputs.retain(|o| {
        let from = graphs.dependencies(
            &gantry_addrs::ModulePath::root(),
            &Declaration::output(&o.name),
            gantry_graph::Reach::Transitive,
        );
        !from.is_empty() && from.iter().all(|r| kept.contains(r))
    });
}
