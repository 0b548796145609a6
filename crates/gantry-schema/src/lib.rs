//! Resource type tables and validation against them.
//!
//! Each resource type is one table ([`ResourceType`]) in `resources/`:
//! every argument's type, whether it is required, computed, its default,
//! whether a change forces replacement, its documentation line and its
//! rules. Validation (here), planning and the language server all read the
//! same tables; adding an argument is one edit.
//!
//! Invariant: depends on gantry-config and gantry-diagnostics only; no I/O.

mod json_blocks;
mod resources;
mod schema;
pub mod validate;

pub use json_blocks::JsonBlocks;
pub use resources::{
    aws_provider_has, data_source, legacy_sdk, provider_source, resource_type, table_for, timeouts,
    DATA_SOURCES, RESOURCE_TYPES,
};
pub use schema::*;
pub use validate::{
    legacy_map_blocks, validate_module, validate_remembering, validate_with_variables,
    ValidateOptions,
};
