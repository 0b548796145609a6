//! From a validated configuration and its state to a plan, and from a plan
//! to changes applied through providers, with every completed resource
//! recorded before the walk moves on.

pub mod addr;
pub mod apply;
pub mod backend;
pub mod checks;
pub mod convert;
pub mod import;
pub mod intents;
pub mod modules;
pub mod moves;
pub mod plan;
pub mod plan_json;
pub mod planfile;
pub mod provider;
pub mod provider_config;
pub mod refresh;
pub mod relevance;
pub mod render;
pub mod terraform_data;

pub use addr::{parse_instance, parse_target, InstanceAddr, ResourceAddr};
pub use apply::{apply, ApplyOptions, ApplySummary, Event, OpKind};
pub use plan::{plan, Action, ActionReason, OutputChange, Plan, PlanOptions, ResourceChange};
pub use provider::{Planned, Provider, ProviderError, Providers};
