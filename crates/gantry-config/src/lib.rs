//! gantry's configuration layer: loading `.tf` files into a model, resolving
//! input variables, evaluating expressions (with unknown and sensitive
//! values) and collecting every reference with its span.
//!
//! Invariant: depends only on gantry-diagnostics and gantry-syntax; knows
//! nothing of resource schemas (those arrive through [`eval::ResourceScope`]).
//! It reads files (configuration, `file()`, tfvars) and, for functions,
//! the clock and `HOME` (`pathexpand`), but no other part of the process
//! environment: callers pass `TF_VAR_*` values in.

mod build;
pub mod eval;
pub mod functions;
pub mod json_syntax;
pub mod load;
pub mod model;
pub mod number;
pub mod references;
pub mod suggest;
pub mod typeexpr;
pub mod types;
pub mod value;
pub mod vars;

pub use load::{
    format_text, is_config_file, legacy_map_block_warning, load_dir, load_dir_with, load_sources,
    load_sources_with, parse_expression, rewrite_checked,
};
pub use model::Module;
pub use number::Number;
pub use value::Value;
