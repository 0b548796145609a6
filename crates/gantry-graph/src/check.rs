//! Everything `gantry validate` checks, defined once: the commands that
//! load a configuration and the language server all run this.

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_config::Module;
use gantry_diagnostics::Diagnostics;
use gantry_schema::{validate_with_variables, ValidateOptions};

use crate::{build, Graph};

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
    let (mut diagnostics, variables) = validate_with_variables(module, opts);
    let (graph, cycles) = build(module);
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
