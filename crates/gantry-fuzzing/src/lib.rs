//! What each fuzz target does with an input, kept here so that the fuzz
//! crate (`fuzz/`, outside the workspace: it needs libFuzzer) and the
//! regression test (`tests/regressions.rs`, in every `cargo test`) run the
//! same code. Each body must return for any input; a panic is the finding.
//!
//! The configuration is read as if from a directory that does not exist,
//! so no input makes the fuzzer read the project's own files (tfvars).

use std::path::Path;

use gantry_config::load_sources;
use gantry_diagnostics::render::{render_all, RenderOptions};
use gantry_diagnostics::Diagnostics;
use gantry_executor::{plan_json::plan_json, render::render_plan, PlanOptions, Providers};
use gantry_schema::ValidateOptions;
use gantry_state::State;

/// Where the fuzzed configuration pretends to live.
const DIR: &str = "/nonexistent/gantry-fuzz";

/// The targets, by name: `fuzz/fuzz_targets/<name>.rs` and
/// `fuzz/regressions/<name>/`.
/// A fuzz target: its name and the function fed each input.
pub type Target = (&'static str, fn(&[u8]));

pub const TARGETS: &[Target] = &[("validate", validate), ("fmt", fmt), ("plan", plan)];

fn render(sources: &gantry_diagnostics::Sources, diags: &Diagnostics) -> String {
    render_all(
        sources,
        diags.iter(),
        RenderOptions {
            color: false,
            width: 100,
        },
    )
}

/// `gantry validate`: load, check schemas, references and cycles, render.
pub fn validate(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (mut module, mut diags) =
        load_sources(Path::new(DIR), vec![("main.tf".into(), text.into())]);
    diags.extend(gantry_graph::check(&mut module, &ValidateOptions::default()).diagnostics);
    let _ = render(&module.sources, &diags);
    let _ = gantry_diagnostics::json::validate_output(&module.sources, &diags, true);
}

/// `gantry fmt`, and the diagnostic of a text that does not parse.
///
/// No idempotence check: fmt's contract is to equal `terraform fmt`, and
/// that is not idempotent either (`}\n  \t` at the end of a file becomes
/// `}\n   \n`, then `}\n\n`; the fuzzer found it, Terraform 1.11 agrees).
pub fn fmt(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = gantry_config::format_text("main.tf", text) {
        let (sources, diag) = *e;
        let mut diags = Diagnostics::new();
        diags.push(diag);
        let _ = render(&sources, &diags);
    }
}

/// `gantry plan` of `terraform_data` (no cloud): load, check, plan against
/// an empty state, render the plan and its JSON.
pub fn plan(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (mut module, diags) = load_sources(Path::new(DIR), vec![("main.tf".into(), text.into())]);
    if diags.has_errors() {
        return;
    }
    let checked = gantry_graph::check(&mut module, &ValidateOptions::default());
    if checked.diagnostics.has_errors() {
        let _ = render(&module.sources, &checked.diagnostics);
        return;
    }
    let state = State::new();
    // No provider of terraform_data waits on anything: a current-thread
    // runtime drives the plan to completion.
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    let (p, diags) = rt.block_on(gantry_executor::plan(
        &module,
        &checked.graph,
        checked.variables,
        &state,
        &Providers::with_builtin(),
        &PlanOptions::default(),
    ));
    let _ = render(&module.sources, &diags);
    if !diags.has_errors() {
        let _ = render_plan(&p);
        let _ = plan_json(&p, &module, &state, "2026-01-01T00:00:00Z");
    }
}
