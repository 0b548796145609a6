//! Which provider configuration each resource uses, as Terraform resolves
//! it: a resource names a configuration of its own module (`provider =
//! aws.west`, or the default of the provider its type implies); a module
//! declaring no such `provider` block gets it from its caller, through the
//! call's `providers` map or, for a default configuration, by inheriting
//! the caller's.

use gantry_addrs::{AbsProviderConfig, LocalProviderConfig, ModulePath};
use gantry_diagnostics::{Diagnostic, Diagnostics, Span};

use crate::model::{Module, Resource};

/// The provider a resource type implies: its name up to the first
/// underscore (`aws` for `aws_api_gateway_rest_api`, `terraform` for
/// `terraform_data`).
pub fn implied(type_name: &str) -> LocalProviderConfig {
    let name = type_name.split('_').next().unwrap_or(type_name);
    LocalProviderConfig::new(name, None)
}

/// The configuration `r` names in its own module.
pub fn local_config(r: &Resource) -> LocalProviderConfig {
    match &r.provider {
        Some((p, _)) => p.clone(),
        None => implied(&r.type_name),
    }
}

/// Where resolution ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The configuration, as state records it (`source` is the provider's
    /// source address, `registry.terraform.io/hashicorp/aws`).
    pub config: AbsProviderConfig,
    /// Whether a `provider` block declares it (or it is the root module's
    /// default, which needs none).
    pub present: bool,
    /// The `providers` map item that led to a configuration not present.
    pub passed_at: Option<Span>,
}

/// The configuration resource `r` of the module at `path` uses, `source`
/// being its provider's source address.
pub fn of_resource(root: &Module, path: &ModulePath, r: &Resource, source: &str) -> Resolved {
    resolve(root, path, &local_config(r), source)
}

/// Resolves configuration `local` of the module at `path` in `root`'s tree.
pub fn resolve(
    root: &Module,
    path: &ModulePath,
    local: &LocalProviderConfig,
    source: &str,
) -> Resolved {
    let mut path = path.clone();
    let mut local = local.clone();
    let mut passed_at = None;
    loop {
        let here = |present: bool, passed_at: Option<Span>| Resolved {
            config: AbsProviderConfig {
                module: path.clone(),
                provider: source.to_string(),
                alias: local.alias.clone(),
            },
            present,
            passed_at,
        };
        let Some(module) = root.descendant(&path) else {
            return here(false, passed_at);
        };
        if module.has_provider_block(&local) {
            return here(true, None);
        }
        let Some((parent, call_name)) = path.split_last() else {
            return here(local.alias.is_none(), passed_at);
        };
        let given = root
            .descendant(&parent)
            .and_then(|m| m.calls.get(call_name))
            .and_then(|c| c.providers.iter().find(|(child, _, _)| *child == local));
        match given {
            Some((_, from, span)) => {
                local = from.clone();
                passed_at = Some(*span);
            }
            // A default configuration is inherited when not passed.
            None if local.alias.is_none() => {}
            None => return here(false, passed_at),
        }
        path = parent;
    }
}

/// What validation says about provider configurations across the tree:
/// a `providers` map item naming a configuration its module does not have,
/// a module needing an aliased configuration its caller does not pass, and
/// (as Terraform warns) a map item for a name the child does not declare
/// in `required_providers`.
pub fn check(root: &Module, source_of: &dyn Fn(&str) -> Option<&'static str>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let modules = std::iter::once(root).chain(root.descendants());
    for module in modules {
        for call in module.calls.values() {
            let child = module.children.get(&call.name);
            if let Some(d) = legacy_module_repeated(module, call, child) {
                diags.push(d);
            }
            for (to, from, span) in &call.providers {
                let Some(source) = source_of(&from.name) else {
                    continue;
                };
                let r = resolve(root, &module.path, from, source);
                if !r.present && r.passed_at.is_none() {
                    diags.push(
                        Diagnostic::error("gantry::config::provider", "Reference to undefined provider")
                            .with_detail(format!(
                                "There is no provider configuration {from} in {}: declare it with a provider \"{}\" block{}.",
                                module.display_name(),
                                from.name,
                                from.alias.as_ref().map_or(String::new(), |a| format!(" whose alias is \"{a}\"")),
                            ))
                            .with_span(*span),
                    );
                }
                let declared = child
                    .and_then(|c| c.terraform.as_ref())
                    .is_some_and(|t| t.required_providers.contains(&to.name));
                if child.is_some() && !declared {
                    diags.push(
                        Diagnostic::warning("gantry::config::provider-undeclared", "Reference to undefined provider")
                            .with_detail(format!(
                                "There is no explicit declaration for local provider name \"{}\" in {}, so gantry is assuming you mean to pass a configuration for \"hashicorp/{}\".\n\nIf you also control the child module, add a required_providers entry named \"{}\" with the source address \"hashicorp/{}\".",
                                to.name,
                                module.path.child(&call.name),
                                to.name,
                                to.name,
                                to.name,
                            ))
                            .with_span(*span),
                    );
                }
            }
        }
        if module.path.is_root() {
            continue;
        }
        // A configuration the module uses (or requires) that resolution
        // cannot find, reported once at the call that should pass it.
        let mut missing: Vec<LocalProviderConfig> = Vec::new();
        let needed = module.resources.iter().map(local_config).chain(
            module
                .terraform
                .iter()
                .flat_map(|t| t.configuration_aliases.clone()),
        );
        for local in needed {
            let Some(source) = source_of(&local.name) else {
                continue;
            };
            let r = resolve(root, &module.path, &local, source);
            if !r.present && r.passed_at.is_none() && !missing.contains(&local) {
                missing.push(local);
            }
        }
        let Some(call) = call_of(root, &module.path) else {
            continue;
        };
        for local in missing {
            diags.push(
                Diagnostic::error("gantry::config::provider-missing", "Missing required provider configuration")
                    .with_detail(format!(
                        "The child module requires an additional configuration for provider hashicorp/{}, with the local name \"{local}\".\n\nRefer to the module's documentation to understand the intended purpose of this additional provider configuration, and then add an entry for {local} in the \"providers\" meta-argument in the module block to choose which provider configuration the module should use for that purpose.",
                        local.name
                    ))
                    .with_span(call.header_span),
            );
        }
    }
    diags
}

/// A call with `count`, `for_each` or `depends_on` of a module declaring
/// its own provider configurations, which Terraform refuses.
fn legacy_module_repeated(
    caller: &Module,
    call: &crate::model::ModuleCall,
    child: Option<&Module>,
) -> Option<Diagnostic> {
    if child?.providers.is_empty() {
        return None;
    }
    let span = call
        .count
        .as_ref()
        .or(call.for_each.as_ref())
        .map(|e| e.span)
        .or_else(|| call.depends_on.first().map(|d| d.span))?;
    Some(
        Diagnostic::error("gantry::config::legacy-module", "Module is incompatible with count, for_each, and depends_on")
            .with_detail(format!(
                "The module at {} is a legacy module which contains its own local provider configurations, and so calls to it may not use the count, for_each, or depends_on arguments.\n\nIf you also control the module {:?}, consider updating this module to instead expect provider configurations to be passed by its caller.",
                caller.path.child(&call.name),
                call.source
            ))
            .with_span(span),
    )
}

/// The `module` block that calls the module at `path`.
fn call_of<'m>(root: &'m Module, path: &ModulePath) -> Option<&'m crate::model::ModuleCall> {
    let (parent, name) = path.split_last()?;
    root.descendant(&parent)?.calls.get(name)
}
