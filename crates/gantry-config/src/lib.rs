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
pub mod children;
pub mod eval;
pub mod functions;
pub mod json_syntax;
pub mod load;
pub mod manifest;
pub mod memo;
pub mod model;
pub mod number;
pub mod pieces;
pub mod providers;
pub mod references;
pub mod suggest;
pub mod typeexpr;
pub mod types;
mod unify;
pub mod value;
pub mod vars;
pub mod version;

pub use children::{load_children, load_children_with};
pub use load::{
    format_text, is_config_file, legacy_map_block_warning, load_dir, load_dir_with, load_sources,
    load_sources_cached, load_sources_with, parse_expression, rewrite_checked,
};
pub use model::Module;
pub use pieces::ParseCache;

/// Stack left below which a recursive walk over an expression continues
/// on a new segment (see `stacker`): configurations nest as deep as
/// Terraform's parser accepts, far beyond what a thread's stack holds.
pub const STACK_RED_ZONE: usize = 256 * 1024;
/// The size of each new stack segment.
pub const STACK_SEGMENT: usize = 4 * 1024 * 1024;
/// The stack of every thread that loads, checks, plans or prints a
/// configuration (the CLI's, tokio's workers, the language server's): the
/// walks that do not grow segments (printing, JSON, references, formatting)
/// recurse once per nesting level, and the parser accepts 10,000 levels.
/// Only the pages a thread touches are committed.
pub const DEEP_STACK: usize = 256 << 20;
pub use number::Number;
pub use value::Value;
