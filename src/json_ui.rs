//! `plan -json` and `apply -json`: Terraform's machine-readable UI, one
//! JSON object per line on stdout (version, planned_change, refresh_start,
//! refresh_complete, resource_drift, apply_start, apply_progress,
//! apply_complete, apply_errored, change_summary, outputs, diagnostic,
//! log), with the
//! fields Terraform 1.11 writes. Nothing else is printed in this mode.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use gantry_diagnostics::{Diagnostic, Severity, Sources};
use gantry_executor::apply::{Event, OpKind};
use gantry_executor::plan::{Action, Plan, ResourceChange};
use gantry_executor::InstanceAddr;
use gantry_state::State;
use serde_json::{json, Map, Value};

/// The UI's version, as Terraform 1.11 reports it.
const UI_VERSION: &str = "1.2";

/// Set once from the command line (`-json`), before any output.
static ON: AtomicBool = AtomicBool::new(false);

pub fn enable() {
    ON.store(true, Ordering::Relaxed);
}

pub fn on() -> bool {
    ON.load(Ordering::Relaxed)
}

fn emit(level: &str, message: &str, kind: &str, fields: Map<String, Value>) {
    let mut line = Map::new();
    line.insert("@level".into(), json!(level));
    line.insert("@message".into(), json!(message));
    line.insert("@module".into(), json!("terraform.ui"));
    line.insert(
        "@timestamp".into(),
        json!(humantime::format_rfc3339_micros(std::time::SystemTime::now()).to_string()),
    );
    line.extend(fields);
    line.insert("type".into(), json!(kind));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", Value::Object(line));
    let _ = out.flush();
}

fn fields(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

/// The first message of every run.
pub fn version() {
    let tf = gantry_state::TERRAFORM_VERSION;
    emit(
        "info",
        &format!("gantry {} (Terraform {tf})", env!("CARGO_PKG_VERSION")),
        "version",
        fields(json!({"terraform": tf, "gantry": env!("CARGO_PKG_VERSION"), "ui": UI_VERSION})),
    );
}

/// Terraform's resource object of a hook or change.
pub fn resource(addr: &InstanceAddr) -> Value {
    let r = &addr.instance.resource;
    let local = addr.instance.to_string();
    let key = match &addr.instance.key {
        None => Value::Null,
        Some(gantry_addrs::InstanceKey::Int(i)) => json!(i),
        Some(gantry_addrs::InstanceKey::Str(s)) => json!(s),
    };
    json!({
        "addr": addr.to_string(),
        "module": addr.module.to_string(),
        "resource": local,
        "implied_provider": gantry_config::providers::implied(&r.type_name).name,
        "resource_type": r.type_name,
        "resource_name": r.name,
        "resource_key": key,
    })
}

fn action_word(a: Action) -> &'static str {
    match a {
        Action::NoOp => "noop",
        Action::Create => "create",
        Action::Update => "update",
        Action::DeleteThenCreate | Action::CreateThenDelete => "replace",
        Action::Delete => "delete",
        Action::Read => "read",
        Action::Forget => "remove",
    }
}

fn plan_verb(a: Action) -> &'static str {
    match a {
        Action::Create => "Plan to create",
        Action::Update => "Plan to update",
        Action::DeleteThenCreate | Action::CreateThenDelete => "Plan to replace",
        Action::Delete => "Plan to delete",
        Action::Read => "Plan to read",
        Action::Forget => "Plan to remove",
        Action::NoOp => "No changes",
    }
}

fn planned_change(c: &ResourceChange) {
    let mut change = json!({"resource": resource(&c.addr), "action": action_word(c.action)});
    if let Some(prev) = &c.previous_address {
        change["previous_resource"] = resource(prev);
        if c.action == Action::NoOp {
            change["action"] = json!("move");
        }
    }
    if let Some(id) = &c.importing {
        change["importing"] = json!({"id": id});
        if c.action == Action::NoOp {
            change["action"] = json!("import");
        }
    }
    let verb = match change["action"].as_str() {
        Some("move") => "Plan to move",
        Some("import") => "Plan to import",
        _ => plan_verb(c.action),
    };
    emit(
        "info",
        &format!("{}: {verb}", c.key()),
        "planned_change",
        fields(json!({"change": change})),
    );
}

/// A plan's drift and changes; for operation "plan", its summary and its
/// outputs' changes too, as Terraform's JSON view reports a plan.
pub fn plan(p: &Plan, operation: &str) {
    drift(&p.drift);
    for c in p.resource_changes() {
        planned_change(c);
    }
    let (add, change, remove) = p.counts();
    let import = p.imports();
    if operation == "plan" {
        change_summary(&p.summary(), add, change, import, remove, operation);
        // Every root output, unchanged ones as "noop".
        let outs: Map<String, Value> = p
            .outputs
            .iter()
            .map(|o| {
                (
                    o.name.clone(),
                    json!({"sensitive": o.sensitive, "action": action_word(o.action)}),
                )
            })
            .collect();
        if !outs.is_empty() {
            emit(
                "info",
                &format!("Outputs: {}", outs.len()),
                "outputs",
                fields(json!({"outputs": outs})),
            );
        }
    }
}

pub fn change_summary(
    message: &str,
    add: usize,
    change: usize,
    import: usize,
    remove: usize,
    operation: &str,
) {
    emit(
        "info",
        message,
        "change_summary",
        fields(
            json!({"changes": {"add": add, "change": change, "import": import, "remove": remove, "operation": operation}}),
        ),
    );
}

/// The outputs after an apply, with their values (not a sensitive one's).
pub fn outputs(state: &State) {
    let outs: Map<String, Value> = state
        .outputs
        .iter()
        .map(|(name, o)| {
            let sensitive = o.get("sensitive").and_then(Value::as_bool).unwrap_or(false);
            let mut v = json!({"sensitive": sensitive});
            if let Some(t) = o.get("type") {
                v["type"] = t.clone();
            }
            if !sensitive {
                if let Some(value) = o.get("value") {
                    v["value"] = value.clone();
                }
            }
            (name.clone(), v)
        })
        .collect();
    emit(
        "info",
        &format!("Outputs: {}", outs.len()),
        "outputs",
        fields(json!({"outputs": outs})),
    );
}

/// "Refreshing state..." of one object, as its start and completion.
pub fn refreshed(addr: &InstanceAddr, id: &str) {
    let hook = json!({"resource": resource(addr), "id_key": "id", "id_value": id});
    emit(
        "info",
        &format!("{addr}: Refreshing state... [id={id}]"),
        "refresh_start",
        fields(json!({"hook": hook})),
    );
    emit(
        "info",
        &format!("{addr}: Refresh complete [id={id}]"),
        "refresh_complete",
        fields(json!({"hook": hook})),
    );
}

/// What a refresh found changed outside gantry, one `resource_drift`
/// message per object ("update", or "delete" for one that is gone).
pub fn drift(found: &[gantry_executor::refresh::Drift]) {
    for d in found {
        let action = if d.after.is_some() {
            "update"
        } else {
            "delete"
        };
        emit(
            "info",
            &format!("{}: Drift detected ({action})", d.addr),
            "resource_drift",
            fields(json!({"change": {"resource": resource(&d.addr), "action": action}})),
        );
    }
}

fn op_word(k: OpKind) -> &'static str {
    match k {
        OpKind::Create => "create",
        OpKind::Update => "update",
        OpKind::Delete => "delete",
        OpKind::Read => "read",
    }
}

/// An apply's progress event, with the resource of the change it is for
/// (looked up by its address as the event names it).
pub fn apply_event(e: &Event, change: Option<&ResourceChange>, human: &str) {
    let res = change.map(|c| resource(&c.addr)).unwrap_or(Value::Null);
    match e {
        Event::Started { kind, id, .. } => {
            let mut hook = json!({"resource": res, "action": op_word(*kind)});
            if let Some(id) = id {
                hook["id_key"] = json!("id");
                hook["id_value"] = json!(id);
            }
            emit("info", human, "apply_start", fields(json!({"hook": hook})));
        }
        Event::Still { kind, elapsed, .. } => emit(
            "info",
            human,
            "apply_progress",
            fields(
                json!({"hook": {"resource": res, "action": op_word(*kind), "elapsed_seconds": elapsed.as_secs()}}),
            ),
        ),
        Event::Completed {
            kind, id, elapsed, ..
        } => {
            let mut hook = json!({"resource": res, "action": op_word(*kind)});
            if let Some(id) = id {
                hook["id_key"] = json!("id");
                hook["id_value"] = json!(id);
            }
            hook["elapsed_seconds"] = json!(elapsed.as_secs());
            emit(
                "info",
                human,
                "apply_complete",
                fields(json!({"hook": hook})),
            );
        }
        Event::Failed { kind, .. } => emit(
            "error",
            human,
            "apply_errored",
            fields(
                json!({"hook": {"resource": res, "action": op_word(*kind), "elapsed_seconds": 0}}),
            ),
        ),
    }
}

/// A diagnostic, as a `diagnostic` message.
pub fn diagnostic(sources: &Sources, d: &Diagnostic) {
    let (level, word) = match d.severity {
        Severity::Error => ("error", "Error"),
        _ => ("warn", "Warning"),
    };
    emit(
        level,
        &format!("{word}: {}", d.summary),
        "diagnostic",
        fields(json!({"diagnostic": gantry_diagnostics::json::diagnostic_value(sources, d)})),
    );
}

/// A message without a place (errors gantry prints as text otherwise).
pub fn error(summary: &str, detail: &str) {
    emit(
        "error",
        &format!("Error: {summary}"),
        "diagnostic",
        fields(json!({"diagnostic": {"severity": "error", "summary": summary, "detail": detail}})),
    );
}

/// Anything else worth saying, as a `log` message.
pub fn log(message: &str) {
    emit("info", message, "log", Map::new());
}
