//! The tfstate v4 document, field for field, in Terraform's key order
//! (serde keeps declaration order), so `terraform show` and `terraform
//! plan` read what gantry writes. The state in memory ([`crate::State`])
//! is read from and written as these, and nothing else sees them.

use gantry_addrs::{AbsProviderConfig, ConfigResource, Mode, ModuleInstance};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value as Json};

use crate::object::{Object, Raw};
use crate::tfstate::{Each, IndexKey, InstanceState, ObjectStatus, ResourceState, State};

#[derive(Deserialize)]
struct StateFile {
    version: u64,
    terraform_version: String,
    serial: u64,
    lineage: String,
    #[serde(default)]
    outputs: Map<String, Json>,
    /// Decoded as they are read: only one resource's attributes exist as
    /// JSON at a time.
    #[serde(default)]
    resources: Decoded,
    #[serde(default)]
    check_results: Json,
}

#[derive(Default)]
struct Decoded(Vec<std::sync::Arc<ResourceState>>);

impl<'de> Deserialize<'de> for Decoded {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Decoded, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Decoded;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of resources")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Decoded, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(r) = seq.next_element::<ResourceFile>()? {
                    out.push(std::sync::Arc::new(r.decode()));
                }
                Ok(Decoded(out))
            }
        }
        d.deserialize_seq(Visitor)
    }
}

impl ResourceFile {
    fn decode(self) -> ResourceState {
        let (mode, type_name) = (self.mode, self.type_name);
        ResourceState {
            instances: self
                .instances
                .into_iter()
                .map(|i| i.decode(mode, &type_name))
                .collect(),
            module: self.module,
            mode,
            type_name,
            name: self.name,
            each: self.each,
            provider: self.provider,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct ResourceFile {
    /// The module instance, written as Terraform writes it
    /// (`module.api["dev"]`) and left out for the root module.
    #[serde(
        default,
        skip_serializing_if = "ModuleInstance::is_root",
        with = "module_field"
    )]
    module: ModuleInstance,
    mode: Mode,
    #[serde(rename = "type")]
    type_name: String,
    name: String,
    /// How the resource repeats: `"list"` for count, `"map"` for for_each.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    each: Option<Each>,
    #[serde(with = "provider_field")]
    provider: AbsProviderConfig,
    #[serde(default)]
    instances: Vec<InstanceFile>,
}

/// One object as tfstate v4 (and the journal) writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct InstanceFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    index_key: Option<IndexKey>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status: Option<ObjectStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deposed: Option<String>,
    #[serde(default)]
    schema_version: u64,
    #[serde(default)]
    attributes: Map<String, Json>,
    #[serde(default)]
    sensitive_attributes: Vec<Json>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    private: Option<String>,
    /// Written as Terraform writes them.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        with = "dependencies_field"
    )]
    dependencies: Vec<ConfigResource>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    create_before_destroy: bool,
}

impl InstanceFile {
    /// `instance` (of a `mode` resource of `type_name`) as written.
    pub(crate) fn encode(mode: Mode, type_name: &str, instance: &InstanceState) -> InstanceFile {
        let raw = instance.object.encode(mode, type_name);
        InstanceFile {
            index_key: instance.index_key.clone(),
            status: instance.status,
            deposed: instance.deposed.clone(),
            schema_version: instance.schema_version,
            attributes: raw.attributes,
            sensitive_attributes: raw.sensitive_attributes,
            private: instance.private.clone(),
            dependencies: instance.dependencies.clone(),
            create_before_destroy: instance.create_before_destroy,
        }
    }

    /// The instance as state holds it, its attributes decoded.
    pub(crate) fn decode(self, mode: Mode, type_name: &str) -> InstanceState {
        let raw = Raw {
            attributes: self.attributes,
            sensitive_attributes: self.sensitive_attributes,
        };
        InstanceState {
            index_key: self.index_key,
            status: self.status,
            deposed: self.deposed,
            schema_version: self.schema_version,
            object: Object::decode(mode, type_name, raw),
            private: self.private,
            dependencies: self.dependencies,
            create_before_destroy: self.create_before_destroy,
        }
    }
}

impl From<StateFile> for State {
    /// The state in memory, in Terraform's order whatever the file's (a
    /// hand-edited file may have another).
    fn from(f: StateFile) -> State {
        let mut state = State {
            version: f.version,
            terraform_version: f.terraform_version,
            serial: f.serial,
            lineage: f.lineage,
            outputs: f.outputs,
            resources: f.resources.0,
            check_results: f.check_results,
        };
        state.sort();
        state
    }
}

impl<'de> Deserialize<'de> for State {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<State, D::Error> {
        StateFile::deserialize(d).map(State::from)
    }
}

/// Written resource by resource, so that only one resource's JSON exists
/// at a time.
impl Serialize for State {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Resources<'a>(&'a [std::sync::Arc<ResourceState>]);
        impl Serialize for Resources<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(|r| {
                    ResourceFile {
                        module: r.module.clone(),
                        mode: r.mode,
                        type_name: r.type_name.clone(),
                        name: r.name.clone(),
                        each: r.each,
                        provider: r.provider.clone(),
                        instances: r
                            .instances
                            .iter()
                            .map(|i| InstanceFile::encode(r.mode, &r.type_name, i))
                            .collect(),
                    }
                }))
            }
        }
        let mut st = s.serialize_struct("State", 7)?;
        st.serialize_field("version", &self.version)?;
        st.serialize_field("terraform_version", &self.terraform_version)?;
        st.serialize_field("serial", &self.serial)?;
        st.serialize_field("lineage", &self.lineage)?;
        st.serialize_field("outputs", &self.outputs)?;
        st.serialize_field("resources", &Resources(&self.resources))?;
        st.serialize_field("check_results", &self.check_results)?;
        st.end()
    }
}

/// Reads an address tfstate v4 writes as text; one that is not an address
/// is refused, naming what it should have been and the text.
fn from_text<T, E: serde::de::Error>(
    text: &str,
    what: &str,
    parse: impl Fn(&str) -> Result<T, gantry_addrs::AddrError>,
) -> Result<T, E> {
    parse(text).map_err(|e| E::custom(format!("invalid {what} {text:?}: {}", e.message)))
}

/// tfstate v4's `dependencies`: configuration resource addresses as text
/// (`module.api.aws_x.n`).
pub(crate) mod dependencies_field {
    use gantry_addrs::ConfigResource;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(deps: &[ConfigResource], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(deps.iter().map(ToString::to_string))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ConfigResource>, D::Error> {
        Vec::<String>::deserialize(d)?
            .iter()
            .map(|text| super::from_text(text, "dependency", gantry_addrs::parse::config_resource))
            .collect()
    }
}

/// tfstate v4's `provider` field: the provider configuration's address as
/// text (`provider["registry.terraform.io/hashicorp/aws"].west`).
pub(crate) mod provider_field {
    use gantry_addrs::AbsProviderConfig;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(p: &AbsProviderConfig, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(p)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<AbsProviderConfig, D::Error> {
        let text = String::deserialize(d)?;
        super::from_text(&text, "provider address", AbsProviderConfig::parse)
    }
}

/// tfstate v4's `module` field: the module instance's address as text.
pub(crate) mod module_field {
    use gantry_addrs::ModuleInstance;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(m: &ModuleInstance, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(m)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ModuleInstance, D::Error> {
        let text = String::deserialize(d)?;
        super::from_text(
            &text,
            "module address",
            gantry_addrs::parse::module_instance,
        )
    }
}
