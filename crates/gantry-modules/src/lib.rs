//! Module installation (`gantry init`), as Terraform's: the calls of a
//! configuration, their sources fetched into `.terraform/modules/`, and
//! `modules.json` recording where each one is.

mod git;
mod install;
pub mod registry;
pub mod source;

pub use install::{install, InstallOptions, Installed};
