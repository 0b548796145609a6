//! Everything `gantry validate` checks, defined once: the commands that
//! load a configuration and the language server all run this.

use std::collections::BTreeMap;

use gantry_config::memo::ResourceMemo;
use gantry_config::value::Value;
use gantry_config::Module;
use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_schema::{validate_remembering, ValidateOptions};

use crate::{build_remembering, Graph, OutEdge};

/// The outcome of [`check`].
pub struct Checked {
    pub graph: Graph,
    /// Schema and reference problems, then cycles, sorted by position.
    pub diagnostics: Diagnostics,
    /// Input variable values as resolved for validation.
    pub variables: BTreeMap<String, Value>,
}

/// Validates `module` against the schemas and builds its graph, whose
/// cycles (and those of the modules it calls) are errors.
pub fn check(module: &mut Module, opts: &ValidateOptions) -> Checked {
    check_with(module, opts, None)
}

/// What [`check_remembering`] keeps between checks of one module: for each
/// resource block, what validation found in it and what it refers to.
#[derive(Default)]
pub struct CheckMemo {
    validation: ResourceMemo<Vec<Diagnostic>>,
    edges: ResourceMemo<Vec<OutEdge>>,
}

impl CheckMemo {
    /// How many resource blocks were checked again, and how many had
    /// their findings back, since the memo was made.
    pub fn counts(&self) -> (usize, usize) {
        let (hits, misses) = self.validation.counts();
        let (edge_hits, edge_misses) = self.edges.counts();
        (misses + edge_misses, hits + edge_hits)
    }
}

/// [`check`], re-checking only the resource blocks an edit can have changed
/// the findings of (see [`gantry_config::memo`]). The outcome is the one
/// [`check`] gives.
pub fn check_remembering(
    module: &mut Module,
    opts: &ValidateOptions,
    memo: &mut CheckMemo,
) -> Checked {
    check_with(module, opts, Some(memo))
}

fn check_with(
    module: &mut Module,
    opts: &ValidateOptions,
    mut memo: Option<&mut CheckMemo>,
) -> Checked {
    let (mut diagnostics, variables) =
        validate_remembering(module, opts, memo.as_deref_mut().map(|m| &mut m.validation));
    // What a block refers to depends on less than what validation finds
    // in it: the fingerprint validation began with (input values
    // included) serves the edges too, and the module is hashed once.
    let edges = memo.and_then(|m| Some((&mut m.edges, m.validation.context()?)));
    let (graph, cycles) = build_remembering(module, edges);
    let mut cyclic = cycles.has_errors();
    diagnostics.extend(cycles);
    diagnostics.extend(gantry_config::providers::check(
        module,
        &gantry_schema::provider_source,
    ));
    // Every called module's cycles too; then a loop that only shows once
    // calls are split into their inputs and outputs (one inside a module
    // is named by those, hop by hop).
    if !module.calls.is_empty() {
        let (graphs, cycles) = crate::ModuleGraphs::with_cycles(module, &graph);
        cyclic |= cycles.has_errors();
        diagnostics.extend(cycles);
        if !cyclic {
            if let Err(l) = graphs.walk_order() {
                diagnostics.push(l.diagnostic());
            }
        }
    }
    diagnostics.sort();
    Checked {
        graph,
        diagnostics,
        variables,
    }
}
