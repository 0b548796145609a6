//! HCL at the token level: a lexer that produces the same token kinds as
//! Terraform's `hclsyntax` scanner, the rewrite of Terraform 0.11's
//! map-as-block form, and a formatter whose output is byte-identical to
//! `terraform fmt`.
//!
//! Why tokens and not hcl-edit's tree: `terraform fmt` is defined over tokens
//! (hclwrite's line/cell alignment), and the 0.11 form is not valid HCL 2, so
//! no HCL 2 parser can give us a tree for it.
//!
//! Also JSON documents of any depth ([`json`]), read by state, journal,
//! plan files and `jsondecode` alike.
//!
//! Invariant: pure functions over `&str`; no I/O, no other gantry crate.

pub mod format;
pub mod json;
pub mod legacy;
pub mod lexer;

pub use format::format_source;
pub use legacy::{
    find_legacy_map_blocks, rewrite as rewrite_legacy, without_bom, LegacyMapBlock, Rewritten,
};
pub use lexer::{lex, Token, TokenKind};
