//! `gantry show -json`: Terraform's machine-readable plan format
//! (format_version 1.2), so tools written for `terraform show -json` read
//! gantry's plans.

use std::collections::BTreeMap;

use gantry_addrs::ModuleInstance;
use gantry_config::eval::Evaluator;
use gantry_config::model::{Body, Expr, Module};
use gantry_config::references;
use gantry_config::value::Value;
use gantry_state::{IndexKey, State, TERRAFORM_VERSION};
use serde_json::{json, Map, Value as Json};

use crate::convert::{typed_from_json, unmark_deep};
use crate::plan::{Action, Plan, ResourceChange};

/// A value as plan JSON wants it: the known parts, where it is unknown,
/// and where it is sensitive. Unknown object attributes are omitted from
/// the value; unknown list elements become null.
pub fn split(v: &Value) -> (Json, Json, Json) {
    match v {
        Value::Unknown => (Json::Null, json!(true), json!(false)),
        Value::Sensitive(inner) => {
            let (value, unknown, _) = split(inner);
            (value, unknown, json!(true))
        }
        Value::List(items) | Value::Set(items) => {
            let parts: Vec<_> = items.iter().map(split).collect();
            (
                Json::Array(parts.iter().map(|p| p.0.clone()).collect()),
                Json::Array(parts.iter().map(|p| p.1.clone()).collect()),
                Json::Array(parts.iter().map(|p| p.2.clone()).collect()),
            )
        }
        Value::Map(m) => {
            let (mut value, mut unknown, mut sensitive) = (Map::new(), Map::new(), Map::new());
            for (k, x) in m {
                let (a, b, c) = split(x);
                if x.is_unknown() {
                    unknown.insert(k.clone(), json!(true));
                    continue;
                }
                value.insert(k.clone(), a);
                // Only a plain `false` is left out: a collection keeps its
                // shape (`[false]`, `[]`, `{}`), as Terraform's
                // unknownAsBool and sensitiveAsBool write it.
                if b != json!(false) {
                    unknown.insert(k.clone(), b);
                }
                if c != json!(false) {
                    sensitive.insert(k.clone(), c);
                }
            }
            (
                Json::Object(value),
                Json::Object(unknown),
                Json::Object(sensitive),
            )
        }
        other => (other.to_json(), json!(false), json!(false)),
    }
}

/// Nested blocks without items as Terraform's JSON shows them: `[]`, at
/// any depth (gantry holds them as null).
fn blocks_as_lists(blocks: &[gantry_schema::BlockType], v: &Value) -> Value {
    let Value::Map(m) = v else {
        return v.clone();
    };
    let mut m = m.clone();
    for b in blocks {
        let items = match m.get(b.name).map(|x| x.unmark().0) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::List(items)) => {
                items.iter().map(|i| blocks_as_lists(b.blocks, i)).collect()
            }
            Some(_) => continue,
        };
        m.insert(b.name.to_string(), Value::List(items.into()));
    }
    Value::Map(m)
}

/// Terraform's sensitivity of a value not known yet is shaped by its type:
/// `{}` for an object or map, `[]` for a list or set (nothing can be said
/// of the elements), nothing for a primitive. Adds those shapes for the
/// attributes and blocks of `schema` that are unknown in `v` to
/// `sensitive` (`split`'s third part); a `terraform_data`'s `output` has
/// the type of its `input`.
fn unknown_shapes(schema: &gantry_schema::ResourceType, v: &Value, sensitive: Json) -> Json {
    use gantry_schema::AttrType as T;
    let Value::Map(m) = v.unmark().0 else {
        return sensitive;
    };
    let kind = |x: &Value| match x.unmark().0 {
        Value::Map(_) => Some(json!({})),
        Value::List(_) | Value::Set(_) => Some(json!([])),
        _ => None,
    };
    let mut shapes = Map::new();
    for a in schema.attributes {
        if !m.get(a.name).is_some_and(Value::is_unknown) {
            continue;
        }
        let shape = match a.ty {
            T::ListOfString | T::SetOfString | T::ListOfStringObjects(_) => Some(json!([])),
            T::MapOfString | T::MapOfBool | T::MapOfNumber => Some(json!({})),
            T::Dynamic if schema.name == "terraform_data" && a.name == "output" => {
                m.get("input").and_then(kind)
            }
            _ => None,
        };
        if let Some(shape) = shape {
            shapes.insert(a.name.to_string(), shape);
        }
    }
    for b in schema.blocks {
        if m.get(b.name).is_some_and(Value::is_unknown) {
            shapes.insert(b.name.to_string(), json!([]));
        }
    }
    if shapes.is_empty() {
        return sensitive;
    }
    let mut out = match sensitive {
        Json::Object(o) => o,
        _ => Map::new(),
    };
    for (k, shape) in shapes {
        out.entry(k).or_insert(shape);
    }
    // By name, as Terraform's JSON objects are.
    let mut sorted: Vec<(String, Json)> = out.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    Json::Object(sorted.into_iter().collect())
}

fn provider_name(c: &ResourceChange) -> String {
    c.schema.provider.to_string()
}

fn index_json(k: &Option<IndexKey>) -> Option<Json> {
    k.as_ref().map(|k| match k {
        IndexKey::Int(i) => json!(i),
        IndexKey::Str(s) => json!(s),
    })
}

/// The identifying fields of a resource entry; a resource change's also
/// name its module instance and where a `moved` block moved it from.
fn resource_head(c: &ResourceChange, change: bool) -> Map<String, Json> {
    let mut m = Map::new();
    let resource = &c.addr.instance.resource;
    m.insert("address".into(), json!(c.addr.to_string()));
    if change {
        if let Some(prev) = &c.previous_address {
            m.insert("previous_address".into(), json!(prev.to_string()));
        }
        if !c.addr.module.is_root() {
            m.insert("module_address".into(), json!(c.addr.module.to_string()));
        }
    }
    m.insert("mode".into(), json!(resource.mode.as_str()));
    m.insert("type".into(), json!(resource.type_name));
    m.insert("name".into(), json!(resource.name));
    if let Some(i) = index_json(&c.addr.instance.key) {
        m.insert("index".into(), i);
    }
    m.insert("provider_name".into(), json!(provider_name(c)));
    m
}

/// One entry of `resource_changes` (or `resource_drift`).
fn change_entry(c: &ResourceChange) -> Json {
    let (before, _, before_sensitive) = split(&blocks_as_lists(c.schema.blocks, &c.before));
    let (after, after_unknown, after_sensitive) =
        split(&blocks_as_lists(c.schema.blocks, &c.after));
    let after_sensitive = unknown_shapes(c.schema, &c.after, after_sensitive);
    let mut change = Map::new();
    change.insert("actions".into(), json!(c.action.json()));
    change.insert("before".into(), before);
    change.insert(
        "after".into(),
        if c.action == Action::Delete {
            Json::Null
        } else {
            after
        },
    );
    change.insert(
        "after_unknown".into(),
        if after_unknown == json!(false) {
            json!({})
        } else {
            after_unknown
        },
    );
    // A side that is null has no sensitivity to speak of.
    let side = |v: &Value, sensitive: Json| if v.is_null() { json!(false) } else { sensitive };
    change.insert("before_sensitive".into(), side(&c.before, before_sensitive));
    change.insert("after_sensitive".into(), side(&c.after, after_sensitive));
    if let Some(id) = &c.importing {
        change.insert("importing".into(), json!({"id": id}));
    }
    if c.action.is_replace() {
        change.insert(
            "replace_paths".into(),
            json!(c
                .replace_paths
                .iter()
                .map(|p| vec![p.clone()])
                .collect::<Vec<_>>()),
        );
    }
    let mut r = resource_head(c, true);
    if let Some(d) = &c.deposed {
        r.insert("deposed".into(), json!(d));
    }
    r.insert("change".into(), Json::Object(change));
    if let Some(reason) = c.reason {
        r.insert("action_reason".into(), json!(reason.json()));
    }
    Json::Object(r)
}

/// The whole document.
pub fn plan_json(plan: &Plan, module: &Module, state: &State, timestamp: &str) -> Json {
    let mut doc = Map::new();
    doc.insert("format_version".into(), json!("1.2"));
    doc.insert("terraform_version".into(), json!(TERRAFORM_VERSION));
    let vars: Map<String, Json> = plan
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), json!({"value": v.to_json()})))
        .collect();
    if !vars.is_empty() {
        doc.insert("variables".into(), Json::Object(vars));
    }

    let mut planned = Vec::new();
    let mut changes = Vec::new();
    for c in &plan.changes {
        if c.action != Action::Delete {
            let (values, _, sensitive) = split(&blocks_as_lists(c.schema.blocks, &c.after));
            let sensitive = unknown_shapes(c.schema, &c.after, sensitive);
            let mut r = resource_head(c, false);
            r.insert("schema_version".into(), json!(c.schema.schema_version));
            r.insert("values".into(), values);
            r.insert(
                "sensitive_values".into(),
                if sensitive == json!(false) {
                    json!({})
                } else {
                    sensitive
                },
            );
            planned.push((c.addr.module.clone(), Json::Object(r)));
        }
        changes.push(change_entry(c));
    }

    let mut planned_outputs = Map::new();
    let mut output_changes = Map::new();
    for o in &plan.outputs {
        let (after, after_unknown, _) = split(&o.after);
        if o.action != Action::Delete {
            // Value and type only when wholly known, as Terraform's
            // marshalPlannedOutputs writes them.
            let mut po = Map::new();
            po.insert("sensitive".into(), json!(o.sensitive));
            if o.after.is_wholly_known() {
                po.insert(
                    "type".into(),
                    crate::convert::cty_type(&unmark_deep(&o.after)),
                );
                po.insert("value".into(), after.clone());
            }
            planned_outputs.insert(o.name.clone(), Json::Object(po));
        }
        let mut change = Map::new();
        change.insert("actions".into(), json!(o.action.json()));
        change.insert("before".into(), o.before.to_json());
        // An unknown value has no `after`, only `after_unknown`.
        if o.action == Action::Delete {
            change.insert("after".into(), Json::Null);
        } else if !o.after.is_unknown() {
            change.insert("after".into(), after);
        }
        change.insert("after_unknown".into(), after_unknown);
        // The plan knows only whether the output is sensitive: both say
        // that, as Terraform's.
        change.insert("before_sensitive".into(), json!(o.sensitive));
        change.insert("after_sensitive".into(), json!(o.sensitive));
        output_changes.insert(o.name.clone(), Json::Object(change));
    }
    doc.insert(
        "planned_values".into(),
        json!({"outputs": planned_outputs, "root_module": module_tree(planned)}),
    );
    // Every drifted object, as Terraform's plan JSON lists them (the human
    // plan shows only the relevant ones).
    if !plan.drift.is_empty() {
        let drift = plan
            .drift
            .iter()
            .map(|d| change_entry(&d.as_change()))
            .collect();
        doc.insert("resource_drift".into(), Json::Array(drift));
    }
    if !changes.is_empty() {
        doc.insert("resource_changes".into(), Json::Array(changes));
    }
    if !output_changes.is_empty() {
        doc.insert("output_changes".into(), Json::Object(output_changes));
    }
    // The prior state is the refreshed one, into which planning wrote
    // every output value it already knows (Terraform's walk does): a new
    // project's constant outputs are there too.
    let mut prior = state_json(&moved_prior(plan, state));
    for o in &plan.outputs {
        let known = planned_outputs
            .get(&o.name)
            .filter(|po| po.get("value").is_some());
        if let (Some(po), Some(outs)) = (known, prior["values"]["outputs"].as_object_mut()) {
            outs.insert(
                o.name.clone(),
                json!({"sensitive": po["sensitive"], "value": po["value"], "type": po["type"]}),
            );
        }
    }
    // By name, as Terraform's JSON maps are.
    if let Some(outs) = prior["values"]["outputs"].as_object_mut() {
        let mut sorted: Vec<(String, Json)> = std::mem::take(outs).into_iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(&b.0));
        outs.extend(sorted);
    }
    let prior_outputs = prior["values"]["outputs"]
        .as_object()
        .is_some_and(|o| !o.is_empty());
    if !state.resources.is_empty() || prior_outputs {
        doc.insert("prior_state".into(), prior);
    }
    doc.insert("configuration".into(), configuration(module));
    if !plan.relevant.is_empty() {
        let relevant = plan
            .relevant
            .iter()
            .map(|r| json!({"resource": r.resource, "attribute": r.attribute}))
            .collect();
        doc.insert("relevant_attributes".into(), Json::Array(relevant));
    }
    if !plan.checks.is_empty() {
        doc.insert("checks".into(), crate::checks::checks_json(&plan.checks));
    }
    doc.insert("timestamp".into(), json!(timestamp));
    doc.insert("applyable".into(), json!(plan.applyable()));
    doc.insert("complete".into(), json!(plan.targets.is_empty()));
    doc.insert("errored".into(), json!(false));
    Json::Object(doc)
}

/// The state the plan was made against: as Terraform's prior state, with
/// the objects `moved` blocks moved at their new addresses.
fn moved_prior(plan: &Plan, state: &State) -> State {
    let mut prior = state.clone();
    for c in plan.changes.iter().filter(|c| c.deposed.is_none()) {
        if let Some(prev) = &c.previous_address {
            let _ = crate::moves::move_objects(&mut prior, prev, &c.addr);
        }
    }
    prior
}

/// `terraform show -json` of a state.
pub fn state_json(state: &State) -> Json {
    let mut resources = Vec::new();
    for (rs, inst) in state.instances() {
        if inst.deposed.is_some() {
            continue;
        }
        let address = rs.instance_address(inst);
        // Sensitivity shaped as Terraform's sensitiveAsBool: `[false]` for a
        // known list, `{}` for a map without sensitive values.
        let (values, sensitive) = match &inst.object {
            gantry_state::Object::Decoded { value, .. } => {
                let (values, _, sensitive) = split(value);
                let sensitive = if sensitive.is_object() {
                    sensitive
                } else {
                    json!({})
                };
                (values, sensitive)
            }
            gantry_state::Object::Opaque(raw) => (Json::Object(raw.attributes.clone()), json!({})),
        };
        let mut r = Map::new();
        r.insert("address".into(), json!(address));
        r.insert("mode".into(), json!(rs.mode));
        r.insert("type".into(), json!(rs.type_name));
        r.insert("name".into(), json!(rs.name));
        if let Some(i) = index_json(&inst.index_key) {
            r.insert("index".into(), i);
        }
        r.insert("provider_name".into(), json!(rs.provider.provider));
        r.insert("schema_version".into(), json!(inst.schema_version));
        r.insert("values".into(), values);
        r.insert("sensitive_values".into(), sensitive);
        if !inst.dependencies.is_empty() {
            let deps: Vec<String> = inst.dependencies.iter().map(ToString::to_string).collect();
            r.insert("depends_on".into(), json!(deps));
        }
        resources.push((rs.module.clone(), Json::Object(r)));
    }
    let outputs: Map<String, Json> = state
        .outputs
        .iter()
        .map(|(k, o)| {
            let v = typed_from_json(&o["value"], &o["type"]);
            let sensitive = o
                .get("sensitive")
                .and_then(|s| s.as_bool())
                .unwrap_or(false);
            (
                k.clone(),
                json!({"sensitive": sensitive, "value": v.to_json(), "type": o["type"]}),
            )
        })
        .collect();
    // A state without resources has an empty root module, as Terraform
    // writes it.
    let root = if resources.is_empty() {
        json!({})
    } else {
        module_tree(resources)
    };
    json!({
        "format_version": "1.0",
        "terraform_version": state.terraform_version,
        "values": {"outputs": outputs, "root_module": root},
    })
}

/// `{constant_value}` or `{references}`. `ev` has no variable values:
/// only reference-free expressions are evaluated.
fn expression(ev: &Evaluator, e: &Expr) -> Json {
    let (refs, _) = references::collect(ev.module, e);
    if refs.is_empty() {
        let mut d = gantry_diagnostics::Diagnostics::new();
        let v = ev.eval(e, &Default::default(), &mut d);
        return json!({"constant_value": v.to_json()});
    }
    let mut out: Vec<String> = Vec::new();
    for r in refs {
        if let Some((a, _)) = r.attributes.first() {
            let read = gantry_addrs::Ref {
                subject: r.subject.clone(),
                remaining: vec![gantry_addrs::Step::Attr(a.clone())],
            };
            out.push(read.to_string());
        }
        out.push(r.subject.to_string());
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|x| seen.insert(x.clone()));
    json!({"references": out})
}

fn body_expressions(ev: &Evaluator, body: &Body) -> Map<String, Json> {
    let mut m = Map::new();
    for a in &body.attributes {
        m.insert(a.name.clone(), expression(ev, &a.value));
    }
    for b in &body.blocks {
        let entry = m.entry(b.kind.clone()).or_insert_with(|| json!([]));
        if let Json::Array(items) = entry {
            items.push(Json::Object(body_expressions(ev, &b.body)));
        }
    }
    m
}

/// Resources by module instance, nested as Terraform's JSON nests them:
/// each module's `resources`, then its `child_modules` with their
/// `address`, in address order.
fn module_tree(resources: Vec<(ModuleInstance, Json)>) -> Json {
    let mut by_module: BTreeMap<ModuleInstance, Vec<Json>> = BTreeMap::new();
    for (m, r) in resources {
        // Every module on the way holds the one below it.
        let mut at = m.clone();
        while let Some(parent) = at.parent() {
            by_module.entry(parent.clone()).or_default();
            at = parent;
        }
        by_module.entry(m).or_default().push(r);
    }
    by_module.entry(ModuleInstance::root()).or_default();
    fn node(at: &ModuleInstance, by_module: &BTreeMap<ModuleInstance, Vec<Json>>) -> Json {
        let mut m = Map::new();
        let resources = by_module.get(at).cloned().unwrap_or_default();
        if !resources.is_empty() || at.is_root() {
            m.insert("resources".into(), Json::Array(resources));
        }
        if !at.is_root() {
            m.insert("address".into(), json!(at.to_string()));
        }
        let mut children: Vec<&ModuleInstance> = by_module
            .keys()
            .filter(|k| k.parent().as_ref() == Some(at))
            .collect();
        // Terraform sorts child modules by their address text.
        children.sort_by_cached_key(|k| k.to_string());
        if !children.is_empty() {
            m.insert(
                "child_modules".into(),
                Json::Array(children.into_iter().map(|c| node(c, by_module)).collect()),
            );
        }
        Json::Object(m)
    }
    node(&ModuleInstance::root(), &by_module)
}

fn configuration(module: &Module) -> Json {
    let ev = &Evaluator::new(module, Default::default());
    let mut provider_config = Map::new();
    for p in &module.providers {
        let key = gantry_addrs::LocalProviderConfig::new(&p.name, p.alias.as_deref()).to_string();
        let full_name = gantry_schema::provider_source(&p.name).map_or_else(
            || format!("registry.terraform.io/hashicorp/{}", p.name),
            str::to_string,
        );
        let mut c = Map::new();
        c.insert("name".into(), json!(p.name));
        c.insert("full_name".into(), json!(full_name));
        if let Some(alias) = &p.alias {
            c.insert("alias".into(), json!(alias));
        }
        c.insert(
            "expressions".into(),
            Json::Object(body_expressions(ev, &p.body)),
        );
        provider_config.insert(key, Json::Object(c));
    }
    // Providers the configuration uses without a block, as Terraform lists
    // them: name and source only.
    for r in std::iter::once(module)
        .chain(module.descendants())
        .flat_map(|m| &m.resources)
    {
        let name = gantry_config::providers::local_config(r).name;
        if provider_config.contains_key(&name) {
            continue;
        }
        let full_name = gantry_schema::provider_source(&name).map_or_else(
            || format!("registry.terraform.io/hashicorp/{name}"),
            str::to_string,
        );
        provider_config.insert(name.clone(), json!({"name": name, "full_name": full_name}));
    }
    json!({"provider_config": provider_config, "root_module": config_module(module, module)})
}

/// `provider_config_key` of `r` (in `module`): the key of the configuration
/// it resolves to in `provider_config` (`aws.west`, also for a resource of
/// a called module given it), prefixed by the declaring module's address
/// when a called module declares it (`module.legacy:aws`).
fn provider_config_key(
    root: &Module,
    module: &Module,
    r: &gantry_config::model::Resource,
) -> String {
    let source = gantry_schema::table_for(r.mode, &r.type_name).map_or("", |s| s.provider);
    let resolved = gantry_config::providers::of_resource(root, &module.path, r, source).config;
    let key = gantry_addrs::LocalProviderConfig {
        name: gantry_config::providers::local_config(r).name,
        alias: resolved.alias,
    }
    .to_string();
    if resolved.module.is_root() {
        key
    } else {
        format!("{}:{key}", resolved.module)
    }
}

/// One module of the configuration, and the modules it calls.
fn config_module(root: &Module, module: &Module) -> Json {
    let ev = &Evaluator::new(module, Default::default());
    let mut resources = Vec::new();
    for r in &module.resources {
        let mut m = Map::new();
        m.insert("address".into(), json!(r.address()));
        m.insert("mode".into(), json!(r.mode.as_str()));
        m.insert("type".into(), json!(r.type_name));
        m.insert("name".into(), json!(r.name));
        let key = provider_config_key(root, module, r);
        m.insert("provider_config_key".into(), json!(key));
        m.insert(
            "expressions".into(),
            Json::Object(body_expressions(ev, &r.body)),
        );
        let version =
            gantry_schema::table_for(r.mode, &r.type_name).map_or(0, |s| s.schema_version);
        m.insert("schema_version".into(), json!(version));
        if let Some(c) = &r.count {
            m.insert("count_expression".into(), expression(ev, c));
        }
        if let Some(f) = &r.for_each {
            m.insert("for_each_expression".into(), expression(ev, f));
        }
        if !r.depends_on.is_empty() {
            m.insert(
                "depends_on".into(),
                json!(r
                    .depends_on
                    .iter()
                    .map(|d| d.subject.to_string())
                    .collect::<Vec<_>>()),
            );
        }
        resources.push(Json::Object(m));
    }
    let outputs: Map<String, Json> = module
        .outputs
        .values()
        .map(|o| {
            let mut m = Map::new();
            if let Some(v) = &o.value {
                m.insert("expression".into(), expression(ev, v));
            }
            if o.sensitive {
                m.insert("sensitive".into(), json!(true));
            }
            (o.name.clone(), Json::Object(m))
        })
        .collect();
    let variables: Map<String, Json> = module
        .variables
        .values()
        .map(|v| {
            let mut m = Map::new();
            if let Some(d) = &v.default {
                if let Json::Object(e) = expression(ev, d) {
                    if let Some(c) = e.get("constant_value") {
                        m.insert("default".into(), c.clone());
                    }
                }
            }
            if let Some(d) = &v.description {
                m.insert("description".into(), json!(d));
            }
            if v.sensitive {
                m.insert("sensitive".into(), json!(true));
            }
            (v.name.clone(), Json::Object(m))
        })
        .collect();
    let mut calls = Map::new();
    let mut by_name: Vec<_> = module.calls.values().collect();
    by_name.sort_by(|a, b| a.name.cmp(&b.name));
    for call in by_name {
        let mut m = Map::new();
        m.insert("source".into(), json!(call.source));
        // In name order, as Terraform's JSON writes maps.
        let expressions: Map<String, Json> = call
            .inputs
            .iter()
            .map(|i| (i.name.clone(), expression(ev, &i.value)))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .collect();
        if !expressions.is_empty() {
            m.insert("expressions".into(), Json::Object(expressions));
        }
        if let Some(c) = &call.count {
            m.insert("count_expression".into(), expression(ev, c));
        }
        if let Some(f) = &call.for_each {
            m.insert("for_each_expression".into(), expression(ev, f));
        }
        if let Some(child) = module.children.get(&call.name) {
            m.insert("module".into(), config_module(root, child));
        }
        if let Some(v) = &call.version {
            m.insert("version_constraint".into(), json!(v));
        }
        if !call.depends_on.is_empty() {
            m.insert(
                "depends_on".into(),
                json!(call
                    .depends_on
                    .iter()
                    .map(|d| d.subject.to_string())
                    .collect::<Vec<_>>()),
            );
        }
        calls.insert(call.name.clone(), Json::Object(m));
    }
    let mut out = Map::new();
    if !outputs.is_empty() {
        out.insert("outputs".into(), Json::Object(outputs));
    }
    if !resources.is_empty() || module.path.is_root() {
        out.insert("resources".into(), Json::Array(resources));
    }
    if !calls.is_empty() {
        out.insert("module_calls".into(), Json::Object(calls));
    }
    if !variables.is_empty() {
        out.insert("variables".into(), Json::Object(variables));
    }
    Json::Object(out)
}
