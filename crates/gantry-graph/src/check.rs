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
/// cycles are errors.
pub fn check(module: &mut Module, opts: &ValidateOptions) -> Checked {
    let (mut diagnostics, variables) = validate_with_variables(module, opts);
    let (graph, cycles) = build(module);
    diagnostics.extend(cycles);
    diagnostics.sort();
    Checked {
        graph,
        diagnostics,
        variables,
    }
}
