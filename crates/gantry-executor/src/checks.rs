//! `check` blocks: their assertions, evaluated after a plan and after an
//! apply. A false one is a warning, never an error, as in Terraform; one
//! that is not known yet waits for the apply.

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::Module;
use gantry_config::types::{convert, Type};
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics, Severity};
use serde_json::{json, Value as Json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    Pass,
    Fail,
    /// Some condition is not known until apply.
    Unknown,
}

impl CheckStatus {
    fn json(self) -> &'static str {
        match self {
            CheckStatus::Pass => "pass",
            CheckStatus::Fail => "fail",
            CheckStatus::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone)]
pub struct CheckResult {
    pub name: String,
    pub status: CheckStatus,
    /// The error messages of the failed assertions.
    pub problems: Vec<String>,
}

/// Evaluates every check block's assertions with `ev`'s values, adding a
/// warning per failed assertion. Problems evaluating them are warnings too.
pub fn evaluate(module: &Module, ev: &Evaluator, diags: &mut Diagnostics) -> Vec<CheckResult> {
    let mut out = Vec::new();
    for check in &module.checks {
        let mut status = CheckStatus::Pass;
        let mut problems = Vec::new();
        for a in &check.asserts {
            let mut found = Diagnostics::new();
            let v = ev.eval(&a.condition, &Scope::default(), &mut found);
            let ok = match convert(v.unmark().0, &Type::Bool) {
                Ok(Value::Bool(b)) => Some(b),
                _ => None,
            };
            diags.extend(found.into_vec().into_iter().map(as_warning));
            match ok {
                Some(true) => {}
                None => {
                    if status == CheckStatus::Pass {
                        status = CheckStatus::Unknown;
                    }
                    if v.is_unknown() {
                        diags.push(
                            Diagnostic::warning("gantry::check::unknown", "Check block assertion known after apply")
                                .with_detail("The condition could not be evaluated at this time, a result will be known when this plan is applied.")
                                .with_span(a.condition.span),
                        );
                    }
                }
                Some(false) => {
                    status = CheckStatus::Fail;
                    let mut found = Diagnostics::new();
                    let message = ev.eval(&a.error_message, &Scope::default(), &mut found);
                    let message = message
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| "The check's assertion failed.".to_string());
                    diags.push(
                        Diagnostic::warning(
                            "gantry::check::failed",
                            "Check block assertion failed",
                        )
                        .with_detail(message.clone())
                        .with_span(a.condition.span),
                    );
                    problems.push(message);
                }
            }
        }
        out.push(CheckResult {
            name: check.name.clone(),
            status,
            problems,
        });
    }
    out
}

fn as_warning(mut d: Diagnostic) -> Diagnostic {
    d.severity = Severity::Warning;
    d
}

/// Plan JSON's `checks`, as Terraform writes it for check blocks.
pub fn checks_json(results: &[CheckResult]) -> Json {
    let mut sorted: Vec<&CheckResult> = results.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    Json::Array(
        sorted
            .into_iter()
            .map(|r| {
                let display = format!("check.{}", r.name);
                let mut instance = json!({
                    "address": {"to_display": display},
                    "status": r.status.json(),
                });
                if !r.problems.is_empty() {
                    instance["problems"] =
                        Json::Array(r.problems.iter().map(|m| json!({"message": m})).collect());
                }
                json!({
                    "address": {"kind": "check", "name": r.name, "to_display": display},
                    "status": r.status.json(),
                    "instances": [instance],
                })
            })
            .collect(),
    )
}
