//! Resources and their instances, relative to a module or absolute.

use std::fmt;

use crate::key::InstanceKey;
use crate::module::{ModuleInstance, ModulePath};

/// A `resource` block or a `data` block. Terraform sorts data sources
/// first (its `Less` on instance addresses), hence the order here.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Data,
    Managed,
}

impl Mode {
    /// As tfstate v4 writes it: `"managed"` or `"data"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Managed => "managed",
            Mode::Data => "data",
        }
    }
}

/// `aws_x.n` or `data.aws_x.n` inside some module.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Resource {
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
}

impl Resource {
    pub fn new(mode: Mode, type_name: &str, name: &str) -> Resource {
        Resource {
            mode,
            type_name: type_name.to_string(),
            name: name.to_string(),
        }
    }

    pub fn managed(type_name: &str, name: &str) -> Resource {
        Resource::new(Mode::Managed, type_name, name)
    }

    pub fn data(type_name: &str, name: &str) -> Resource {
        Resource::new(Mode::Data, type_name, name)
    }

    pub fn instance(&self, key: Option<InstanceKey>) -> ResourceInstance {
        ResourceInstance {
            resource: self.clone(),
            key,
        }
    }

    pub fn absolute(&self, module: ModuleInstance) -> AbsResource {
        AbsResource {
            module,
            resource: self.clone(),
        }
    }
}

impl fmt::Display for Resource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mode == Mode::Data {
            f.write_str("data.")?;
        }
        write!(f, "{}.{}", self.type_name, self.name)
    }
}

/// One instance of a resource: `aws_x.n`, `aws_x.n[0]`, `aws_x.n["k"]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourceInstance {
    pub resource: Resource,
    pub key: Option<InstanceKey>,
}

impl ResourceInstance {
    pub fn absolute(&self, module: ModuleInstance) -> AbsResourceInstance {
        AbsResourceInstance {
            module,
            instance: self.clone(),
        }
    }
}

impl fmt::Display for ResourceInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.resource)?;
        if let Some(key) = &self.key {
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

/// A resource in a module instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbsResource {
    pub module: ModuleInstance,
    pub resource: Resource,
}

impl AbsResource {
    pub fn instance(&self, key: Option<InstanceKey>) -> AbsResourceInstance {
        AbsResourceInstance {
            module: self.module.clone(),
            instance: self.resource.instance(key),
        }
    }
}

impl fmt::Display for AbsResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "{}", self.resource)
    }
}

/// A resource of the configuration: in a module, whatever instances it
/// and the module calls on the way have. What tfstate v4 records as an
/// instance's `dependencies` (`module.api.aws_x.n`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConfigResource {
    pub module: ModulePath,
    pub resource: Resource,
}

impl fmt::Display for ConfigResource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "{}", self.resource)
    }
}

impl AbsResource {
    /// The configuration's resource this is an instance of (module keys
    /// dropped).
    pub fn config(&self) -> ConfigResource {
        ConfigResource {
            module: self.module.module(),
            resource: self.resource.clone(),
        }
    }
}

/// One instance of a resource in a module instance: what a plan changes
/// and a state holds. Ordered as Terraform orders them (module, mode,
/// type, name, key).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbsResourceInstance {
    pub module: ModuleInstance,
    pub instance: ResourceInstance,
}

impl AbsResourceInstance {
    /// An instance in the root module.
    pub fn root(resource: Resource, key: Option<InstanceKey>) -> AbsResourceInstance {
        resource.instance(key).absolute(ModuleInstance::root())
    }

    pub fn resource(&self) -> AbsResource {
        AbsResource {
            module: self.module.clone(),
            resource: self.instance.resource.clone(),
        }
    }

    pub fn key(&self) -> Option<&InstanceKey> {
        self.instance.key.as_ref()
    }
}

impl fmt::Display for AbsResourceInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "{}", self.instance)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instances_display_and_order_as_terraform() {
        let module = ModuleInstance::root().child("api", Some("dev".into()));
        let pets = Resource::managed("aws_api_gateway_resource", "this")
            .instance(Some("pets".into()))
            .absolute(module.clone());
        assert_eq!(
            pets.to_string(),
            r#"module.api["dev"].aws_api_gateway_resource.this["pets"]"#
        );
        assert_eq!(
            pets.resource().to_string(),
            r#"module.api["dev"].aws_api_gateway_resource.this"#
        );
        let region = AbsResourceInstance::root(Resource::data("aws_region", "current"), None);
        assert_eq!(region.to_string(), "data.aws_region.current");
        let a0 = AbsResourceInstance::root(Resource::managed("a", "x"), Some(0.into()));
        let a10 = AbsResourceInstance::root(Resource::managed("a", "x"), Some(10.into()));
        let b = AbsResourceInstance::root(Resource::managed("b", "x"), None);
        let mut all = vec![
            pets.clone(),
            b.clone(),
            a10.clone(),
            region.clone(),
            a0.clone(),
        ];
        all.sort();
        assert_eq!(all, vec![region, a0, a10, b, pets]);
    }
}
