//! One diagnostic type for all of gantry, with source spans.
//!
//! Every layer (syntax, configuration, schema, graph, ...) reports problems as
//! [`Diagnostic`] values that it *returns*; nothing here prints. The CLI renders
//! them with miette ([`render`]) or as `terraform validate -json` ([`json`]); the
//! language server turns the same values into LSP diagnostics.
//!
//! Invariant: this crate depends on no other gantry crate.

mod clip;
mod diagnostic;
pub mod json;
pub mod render;
mod source;

pub use diagnostic::{Diagnostic, Diagnostics, Edit, Fix, Label, Severity, Spanned};
pub use source::{is_json_syntax, FileId, Position, SourceFile, Sources, Span};
