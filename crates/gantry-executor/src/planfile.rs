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
    /// `{name: {value, type}}`.
    pub variables: Map<String, Json>,
    /// Address and JSON actions of every instance that changes.
    pub actions: Vec<(String, Vec<String>)>,
    /// What `show -json FILE` prints.
    pub plan: Json,
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
    pub fn new(plan: &Plan, module: &Module, plan_json: Json) -> PlanFile {
        PlanFile {
            gantry_plan: FORMAT,
            lineage: plan.prior.lineage.clone(),
            serial: plan.prior.serial,
            config_digest: config_digest(module),
            destroy: plan.destroy,
            targets: plan.targets.clone(),
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
        let pf: PlanFile = serde_json::from_str(&text)
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

    /// After re-planning: the same actions on the same instances.
    pub fn check_replan(&self, plan: &Plan) -> Result<(), Stale> {
        if actions(plan) != self.actions {
            return Err(Stale::Actions);
        }
        Ok(())
    }
}
