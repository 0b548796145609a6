//! Bringing existing objects under management: `gantry import ADDR ID`
//! and Terraform 1.5's `import { to = ..., id = ... }` blocks. Both ask the
//! type's provider to read the object by its import ID and record it in
//! state at the address, which the configuration must declare.

use std::collections::BTreeMap;

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Mode, Module};
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostic, Diagnostics, Span};
use gantry_state::{InstanceState, ResourceHeader, State};

use crate::addr::InstanceAddr;
use crate::provider::Providers;

/// Imports `id` into `addr` (in `state`, in memory). Errors are
/// diagnostics at `span` (the import block, or none for the CLI).
pub async fn import_one(
    module: &Module,
    state: &mut State,
    providers: &Providers,
    addr: &InstanceAddr,
    id: &str,
    span: Option<Span>,
) -> Result<(), Diagnostic> {
    let at = |d: Diagnostic| match span {
        Some(s) => d.with_span(s),
        None => d,
    };
    let r = &addr.instance.resource;
    let Some(config) = module
        .descendant(&addr.module.module())
        .and_then(|m| m.resource(Mode::Managed, &r.type_name, &r.name))
    else {
        return Err(at(Diagnostic::error("gantry::import::no-config", "Configuration for import target does not exist")
            .with_detail(format!("The configuration for the given import target {addr} does not exist. All target instances must have an associated configuration to be imported."))));
    };
    let repeated = config.count.is_some() || config.for_each.is_some();
    if repeated != addr.key().is_some() {
        return Err(at(Diagnostic::error(
            "gantry::import::key",
            "Invalid import address",
        )
        .with_detail(if repeated {
            format!(
                "{} uses count or for_each: name one instance, like {}[0] or {}[\"key\"].",
                r, r, r
            )
        } else {
            format!("{r} has no count or for_each, so its address takes no index.")
        })));
    }
    if state.current_instance(addr).is_some() {
        return Err(at(Diagnostic::error("gantry::import::exists", "Resource already managed by gantry")
            .with_detail(format!("gantry is already managing a remote object for {addr}. To import to this address you must first remove the existing object from the state."))));
    }
    let schema = gantry_schema::resource_type(&r.type_name);
    let path = addr.module.module();
    let provider_config = schema
        .map(|s| gantry_config::providers::of_resource(module, &path, config, s.provider).config);
    let provider = provider_config
        .as_ref()
        .and_then(|p| providers.for_config(&r.type_name, p));
    let (Some(schema), Some(provider), Some(provider_config)) = (schema, provider, provider_config)
    else {
        return Err(at(Diagnostic::error(
            "gantry::import::unsupported",
            "Resource type not importable",
        )
        .with_detail(format!(
            "gantry has no provider that can import {}.",
            r.type_name
        ))));
    };
    let value = provider.import(&r.type_name, id).await.map_err(|e| {
        at(Diagnostic::error("gantry::import::provider", e.summary)
            .with_detail(e.detail)
            .with_address(addr.to_string()))
    })?;
    let header = ResourceHeader::new(
        &addr.resource(),
        crate::plan::each_of(&config.count, &config.for_each),
        provider_config,
    );
    state.put_instance(
        &header,
        InstanceState::new(schema, addr.instance.key.clone(), &value),
    );
    Ok(())
}

/// Runs the configuration's import blocks whose targets are not in state
/// yet; returns address → import ID of what was imported.
pub async fn import_blocks(
    module: &Module,
    variables: &BTreeMap<String, Value>,
    state: &mut State,
    providers: &Providers,
) -> (BTreeMap<String, String>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut imported = BTreeMap::new();
    let ev = Evaluator::new(module, variables.clone());
    for imp in &module.imports {
        let addr = imp.to.clone();
        let managed = state.resource(&addr.resource()).is_some_and(|rs| {
            rs.instances
                .iter()
                .any(|i| i.index_key.as_ref() == addr.key())
        });
        if managed {
            // Already imported (or created): the block has done its job.
            continue;
        }
        let id = match ev.eval(&imp.id, &Scope::default(), &mut diags).unmark().0 {
            Value::String(s) => s.clone(),
            Value::Unknown => {
                diags.push(
                    Diagnostic::error("gantry::import::id", "Invalid import id argument")
                        .with_detail("The import ID cannot be known before apply; it must come from values known at plan time.")
                        .with_span(imp.id.span),
                );
                continue;
            }
            other => {
                diags.push(
                    Diagnostic::error("gantry::import::id", "Invalid import id argument")
                        .with_detail(format!(
                            "The import ID must be a string, not {}.",
                            other.type_name()
                        ))
                        .with_span(imp.id.span),
                );
                continue;
            }
        };
        match import_one(module, state, providers, &addr, &id, Some(imp.span)).await {
            Ok(()) => {
                imported.insert(addr.to_string(), id);
            }
            Err(d) => diags.push(d),
        }
    }
    (imported, diags)
}
