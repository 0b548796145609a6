//! Terraform's addresses as types, at the bottom of the stack (as
//! Terraform's `internal/addrs` is used by its configs, states and plans):
//! module instances with their keys, resources and their instances,
//! outputs, variables and locals. Addresses are parsed in one place
//! ([`parse`]) and displayed in one place (the `Display` impls), so that
//! `module.api["dev"].module.route[0].aws_api_gateway_resource.this["pets"]`
//! means the same thing in a plan, a state file and a `-target`.

mod declaration;
mod key;
mod module;
pub mod parse;
mod provider;
mod reference;
mod resource;
mod values;

pub use declaration::{ConfigDeclaration, Declaration, ModuleCall};
pub use key::InstanceKey;
pub use module::{ModuleInstance, ModulePath, ModuleStep};
pub use parse::{AddrError, Target};
pub use provider::{AbsProviderConfig, LocalProviderConfig};
pub use reference::{reference, Ref, Referenceable, Step};
pub use resource::{
    AbsResource, AbsResourceInstance, ConfigResource, Mode, Resource, ResourceInstance,
};
pub use values::{AbsOutput, LocalValue, OutputValue, Variable};
