//! Module paths: static (`module.api.module.route`, a place in the
//! configuration) and instanced (`module.api["dev"].module.route[0]`, a
//! place in the state).

use std::cmp::Ordering;
use std::fmt;

use crate::key::InstanceKey;

/// One `module.NAME[KEY]` step of a module instance's path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModuleStep {
    pub name: String,
    pub key: Option<InstanceKey>,
}

/// An instance of a module: the root (no steps) or a chain of calls, each
/// with its instance key.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct ModuleInstance {
    pub steps: Vec<ModuleStep>,
}

impl ModuleInstance {
    pub fn root() -> ModuleInstance {
        ModuleInstance::default()
    }

    pub fn is_root(&self) -> bool {
        self.steps.is_empty()
    }

    /// The instance of call `name` (with `key`) inside this one.
    pub fn child(&self, name: &str, key: Option<InstanceKey>) -> ModuleInstance {
        let mut steps = self.steps.clone();
        steps.push(ModuleStep {
            name: name.to_string(),
            key,
        });
        ModuleInstance { steps }
    }

    /// The instance this one was called from; the root has none.
    pub fn parent(&self) -> Option<ModuleInstance> {
        let (_, rest) = self.steps.split_last()?;
        Some(ModuleInstance {
            steps: rest.to_vec(),
        })
    }

    /// The configuration module this is an instance of (keys dropped).
    pub fn module(&self) -> ModulePath {
        ModulePath {
            names: self.steps.iter().map(|s| s.name.clone()).collect(),
        }
    }

    /// Whether `self` is `other` or inside it.
    pub fn is_within(&self, other: &ModuleInstance) -> bool {
        self.steps.starts_with(&other.steps)
    }
}

impl fmt::Display for ModuleInstance {
    /// `module.a["k"].module.b`; the root is the empty string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "module.{}", step.name)?;
            if let Some(key) = &step.key {
                write!(f, "{key}")?;
            }
        }
        Ok(())
    }
}

impl PartialOrd for ModuleInstance {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ModuleInstance {
    /// Terraform's order: shorter paths first, then step by step, name
    /// then key.
    fn cmp(&self, other: &Self) -> Ordering {
        self.steps.len().cmp(&other.steps.len()).then_with(|| {
            self.steps
                .iter()
                .zip(&other.steps)
                .map(|(a, b)| a.name.cmp(&b.name).then_with(|| a.key.cmp(&b.key)))
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        })
    }
}

/// A module of the configuration: the names of the calls that lead to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ModulePath {
    pub names: Vec<String>,
}

impl ModulePath {
    pub fn root() -> ModulePath {
        ModulePath::default()
    }

    pub fn is_root(&self) -> bool {
        self.names.is_empty()
    }

    pub fn child(&self, name: &str) -> ModulePath {
        let mut names = self.names.clone();
        names.push(name.to_string());
        ModulePath { names }
    }

    /// The calling module and the name of the call that leads here; `None`
    /// for the root.
    pub fn split_last(&self) -> Option<(ModulePath, &str)> {
        let (last, rest) = self.names.split_last()?;
        Some((
            ModulePath {
                names: rest.to_vec(),
            },
            last,
        ))
    }

    /// How Terraform's `.terraform/modules/modules.json` keys the module:
    /// the call names joined by dots (`api.route`), the root empty.
    pub fn manifest_key(&self) -> String {
        self.names.join(".")
    }
}

impl fmt::Display for ModulePath {
    /// `module.a.module.b`; the root is the empty string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.names.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "module.{name}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_display_and_order_as_terraform() {
        let api = ModuleInstance::root().child("api", Some("dev".into()));
        let route = api.child("route", Some(InstanceKey::Int(0)));
        assert_eq!(route.to_string(), r#"module.api["dev"].module.route[0]"#);
        assert_eq!(route.module().to_string(), "module.api.module.route");
        assert_eq!(route.module().manifest_key(), "api.route");
        let path = route.module();
        let (caller, call) = path.split_last().unwrap();
        assert_eq!((caller, call), (api.module(), "route"));
        assert_eq!(ModulePath::root().split_last(), None);
        assert_eq!(route.parent(), Some(api.clone()));
        assert!(route.is_within(&api) && !api.is_within(&route));
        assert_eq!(ModuleInstance::root().to_string(), "");
        let mut all = vec![
            route.clone(),
            ModuleInstance::root().child("b", None),
            api.clone(),
            ModuleInstance::root(),
        ];
        all.sort();
        assert_eq!(
            all,
            vec![
                ModuleInstance::root(),
                api,
                ModuleInstance::root().child("b", None),
                route
            ]
        );
    }
}
