//! Saved plans (`plan -out=FILE`). A plan file records the state (lineage
//! and serial) and configuration (a digest of its files) it was made
//! against, the variable values, and the actions per instance. `apply FILE`
//! refuses it when the state or configuration has moved on, and re-plans
//! with the recorded inputs, refusing again unless the result is the same
//! set of actions: what is applied is exactly what was reviewed.

use std::collections::BTreeMap;
use std::path::Path;

use gantry_config::model::Module;
use gantry_config::value::Value;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};
use sha2::{Digest, Sha256};

use crate::convert::{cty_type, typed_from_json, unmark_deep};
use crate::plan::Plan;
use gantry_state::State;

const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanFile {
    pub gantry_plan: u32,
    pub lineage: String,
    pub serial: u64,
    pub config_digest: String,
    pub destroy: bool,
    pub targets: Vec<String>,
    /// `-replace=ADDR` addresses (none in a file written before it existed).
    #[serde(default)]
    pub replace: Vec<String>,
    /// `{name: {value, type}}`.
    pub variables: Map<String, Json>,
    /// Address and JSON actions of every instance that changes.
    pub actions: Vec<(String, Vec<String>)>,
    /// What `show -json FILE` prints.
    pub plan: Json,
    /// A `-refresh-only` plan: applying it writes `refreshed` (the state
    /// as the plan's refresh found it, with the outputs it evaluated) and
    /// changes no object, as Terraform's apply of such a plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refreshed: Option<State>,
}

/// Why a saved plan cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stale {
    State {
        planned: (String, u64),
        now: (String, u64),
    },
    Config,
    Actions,
    /// A value known when the plan was reviewed is different now.
    Value {
        address: String,
        path: String,
        was: String,
        now: String,
    },
}

impl std::fmt::Display for Stale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stale::State { planned, now } => write!(
                f,
                "The plan was made against state serial {} (lineage {}), but the state is now serial {} (lineage {}). The state changed since the plan was made; create a new plan.",
                planned.1, planned.0, now.1, now.0
            ),
            Stale::Config => f.write_str("The configuration files changed since the plan was made; create a new plan."),
            Stale::Actions => f.write_str("Planning again with the saved inputs gives different actions than the saved plan (something outside the configuration and state changed); create a new plan."),
            Stale::Value { address, path, was, now } => write!(
                f,
                "When planning {address} again for apply, {path} has a different value than the plan that was reviewed: was {was}, but now {now}.\n\nSomething the configuration reads (a file, a data source, the environment) changed since the plan was made. gantry applies only what was reviewed; create a new plan."
            ),
        }
    }
}

/// A digest of the configuration files' names and contents.
pub fn config_digest(module: &Module) -> String {
    let mut h = Sha256::new();
    let mut files: Vec<(&str, &str)> = module
        .sources
        .iter()
        .filter(|(_, f)| f.name().ends_with(".tf"))
        .map(|(_, f)| (f.name(), f.text()))
        .collect();
    files.sort();
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update([0]);
        h.update(text.as_bytes());
        h.update([0]);
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn actions(plan: &Plan) -> Vec<(String, Vec<String>)> {
    plan.resource_changes()
        .map(|c| {
            (
                c.key(),
                c.action.json().iter().map(|s| s.to_string()).collect(),
            )
        })
        .collect()
}

impl PlanFile {
    /// `state` is the one the plan was made against, as refreshed.
    pub fn new(plan: &Plan, module: &Module, plan_json: Json, state: &State) -> PlanFile {
        let refreshed = plan.refresh_only.then(|| {
            let mut s = state.clone();
            crate::apply::record_refresh_only(plan, &mut s);
            s
        });
        PlanFile {
            gantry_plan: FORMAT,
            lineage: plan.prior.lineage.clone(),
            serial: plan.prior.serial,
            config_digest: config_digest(module),
            destroy: plan.destroy,
            targets: plan.targets.clone(),
            replace: plan.replace.clone(),
            variables: plan
                .variables
                .iter()
                .map(|(k, v)| {
                    let plain = unmark_deep(v);
                    (
                        k.clone(),
                        serde_json::json!({"value": plain.to_json(), "type": cty_type(&plain)}),
                    )
                })
                .collect(),
            actions: actions(plan),
            plan: plan_json,
            refreshed,
        }
    }

    pub fn save(&self, path: &Path) -> Result<(), gantry_state::StateError> {
        let text = serde_json::to_vec_pretty(self)
            .map_err(|e| gantry_state::StateError::Encode(e.to_string()))?;
        gantry_state::write_atomic(path, &text)
    }

    /// Reads a plan file; `Err` says what is wrong with it.
    pub fn load(path: &Path) -> Result<PlanFile, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let pf: PlanFile = gantry_syntax::json::from_str(&text)
            .map_err(|e| format!("{} is not a gantry plan file: {e}", path.display()))?;
        if pf.gantry_plan != FORMAT {
            return Err(format!(
                "{} has plan format {}, this gantry reads format {FORMAT}",
                path.display(),
                pf.gantry_plan
            ));
        }
        Ok(pf)
    }

    /// The recorded variable values, sensitive again where declared so.
    pub fn variables(&self, module: &Module) -> BTreeMap<String, Value> {
        self.variables
            .iter()
            .map(|(k, v)| {
                let value = typed_from_json(&v["value"], &v["type"]);
                let sensitive = module.variables.get(k).is_some_and(|d| d.sensitive);
                (
                    k.clone(),
                    if sensitive {
                        Value::sensitive(value)
                    } else {
                        value
                    },
                )
            })
            .collect()
    }

    /// Before re-planning: the state and configuration must be the ones
    /// the plan was made against. `state` is `None` when there is no state
    /// file: a plan made against no state (serial 0) still applies then.
    pub fn check_inputs(&self, state: Option<&State>, module: &Module) -> Result<(), Stale> {
        let now = state.map_or((String::new(), 0), |s| (s.lineage.clone(), s.serial));
        let fresh = state.is_none() && self.serial == 0;
        if !fresh && (self.lineage != now.0 || self.serial != now.1) {
            return Err(Stale::State {
                planned: (self.lineage.clone(), self.serial),
                now,
            });
        }
        if self.config_digest != config_digest(module) {
            return Err(Stale::Config);
        }
        Ok(())
    }

    /// After re-planning: the same actions on the same instances, and
    /// every value that was known when the plan was reviewed the same
    /// (`replanned` is the new plan's JSON). Like Terraform's "Provider
    /// produced inconsistent final plan", values unknown at review time may
    /// be anything now.
    pub fn check_replan(&self, plan: &Plan, replanned: &Json) -> Result<(), Stale> {
        if actions(plan) != self.actions {
            return Err(Stale::Actions);
        }
        let reviewed = changes_by_address(&self.plan);
        for (key, now) in changes_by_address(replanned) {
            let Some(was) = reviewed.get(&key) else {
                continue;
            };
            let field = |c: &Json, name: &str| c["change"][name].clone();
            let mut path = String::new();
            if let Some((path, was_v, now_v)) = compare(
                &Sides {
                    value: &field(was, "after"),
                    unknown: &field(was, "after_unknown"),
                    sensitive: &field(was, "after_sensitive"),
                },
                &Sides {
                    value: &field(&now, "after"),
                    unknown: &field(&now, "after_unknown"),
                    sensitive: &field(&now, "after_sensitive"),
                },
                &mut path,
            ) {
                return Err(Stale::Value {
                    address: key,
                    path: if path.is_empty() {
                        "the object".into()
                    } else {
                        path
                    },
                    was: was_v,
                    now: now_v,
                });
            }
        }
        Ok(())
    }
}

/// The first path where a value known in `planned` differs in `now`:
/// `(path, was, now)` with sensitive values masked; the walk's check of
/// each final plan against the reviewed one.
pub(crate) fn first_difference(planned: &Value, now: &Value) -> Option<(String, String, String)> {
    let (wv, wu, ws) = crate::plan_json::split(planned);
    let (nv, nu, ns) = crate::plan_json::split(now);
    let mut path = String::new();
    compare(
        &Sides {
            value: &wv,
            unknown: &wu,
            sensitive: &ws,
        },
        &Sides {
            value: &nv,
            unknown: &nu,
            sensitive: &ns,
        },
        &mut path,
    )
    .map(|(p, was, now)| {
        let p = if p.is_empty() { "the object".into() } else { p };
        (p, was, now)
    })
}

/// `resource_changes` by address (and deposed key).
fn changes_by_address(plan_json: &Json) -> BTreeMap<String, Json> {
    plan_json["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let mut key = c["address"].as_str().unwrap_or_default().to_string();
            if let Some(d) = c["deposed"].as_str() {
                key.push_str(&format!(" (deposed {d})"));
            }
            (key, c.clone())
        })
        .collect()
}

/// One side of a comparison: a value with its unknown and sensitive masks
/// (plan JSON's `after`, `after_unknown`, `after_sensitive`).
struct Sides<'a> {
    value: &'a Json,
    unknown: &'a Json,
    sensitive: &'a Json,
}

impl<'a> Sides<'a> {
    fn child(&self, step: &Step) -> (Json, Json, Json) {
        let get = |j: &Json| match step {
            Step::Key(k) => j.get(k.as_str()).cloned().unwrap_or(Json::Null),
            Step::Index(i) => j.get(*i).cloned().unwrap_or(Json::Null),
        };
        (get(self.value), get(self.unknown), get(self.sensitive))
    }

    fn shown(&self) -> String {
        if self.sensitive == &Json::Bool(true) {
            "(sensitive value)".into()
        } else if self.unknown == &Json::Bool(true) {
            "(known after apply)".into()
        } else {
            self.value.to_string()
        }
    }
}

enum Step {
    Key(String),
    Index(usize),
}

/// The first path where a value known on the reviewed side differs now:
/// `(path, was, now)`, sensitive values masked.
fn compare(was: &Sides, now: &Sides, path: &mut String) -> Option<(String, String, String)> {
    if was.unknown == &Json::Bool(true) {
        return None;
    }
    let steps: Vec<Step> = match (was.value, now.value) {
        (Json::Object(a), Json::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().map(|k| Step::Key(k.clone())).collect()
        }
        (Json::Array(a), Json::Array(b)) if a.len() == b.len() => {
            (0..a.len()).map(Step::Index).collect()
        }
        _ => {
            let differs = now.unknown == &Json::Bool(true) || was.value != now.value;
            return differs.then(|| (path.clone(), was.shown(), now.shown()));
        }
    };
    for step in steps {
        let len = path.len();
        match &step {
            Step::Key(k) if is_identifier(k) => path.push_str(&format!(".{k}")),
            Step::Key(k) => path.push_str(&format!("[{k:?}]")),
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
        let (wv, wu, ws) = was.child(&step);
        let (nv, nu, ns) = now.child(&step);
        let found = compare(
            &Sides {
                value: &wv,
                unknown: &wu,
                sensitive: &ws,
            },
            &Sides {
                value: &nv,
                unknown: &nu,
                sensitive: &ns,
            },
            path,
        );
        if found.is_some() {
            return found;
        }
        path.truncate(len);
    }
    None
}

fn is_identifier(k: &str) -> bool {
    let mut chars = k.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}
