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
    // Every called module's cycles too, once per directory (a module called
    // twice has one set of files).
    let mut seen = std::collections::BTreeSet::new();
    for child in module.descendants() {
        if seen.insert(&child.dir) {
            let cycles = build(child).1;
            cyclic |= cycles.has_errors();
            diagnostics.extend(cycles);
        }
    }
    // A loop that only shows once calls are split into their inputs and
    // outputs; one inside a module was named above, hop by hop.
    if !cyclic && !module.calls.is_empty() {
        if let Err(l) = crate::ModuleGraphs::new(module, &graph).walk_order() {
            diagnostics.push(l.diagnostic());
        }
    }
    diagnostics.sort();
    Checked {
        graph,
        diagnostics,
        variables,
    }
}
