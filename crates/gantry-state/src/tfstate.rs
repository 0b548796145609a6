//! The state in memory: resources with typed modes, repetition, instance
//! keys, object status, dependencies and providers, and objects whose
//! attributes are decoded values ([`Object`]). tfstate v4 text exists only
//! where the state is read and written (see `file`), as Terraform keeps
//! `internal/states` apart from `internal/states/statefile`.

use std::cmp::Ordering;
use std::sync::Arc;

use gantry_addrs::{
    AbsProviderConfig, AbsResource, AbsResourceInstance, ConfigResource, Mode, ModuleInstance,
};
use gantry_config::value::Value;
use gantry_schema::ResourceType;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::object::Object;

/// The only state format version gantry reads and writes.
pub const STATE_VERSION: u64 = 4;

/// What gantry writes as `terraform_version`. Terraform reads the field as
/// the version that last wrote the state and refuses states written by a
/// newer major line, so gantry names the Terraform release whose formats it
/// follows rather than its own version.
pub const TERRAFORM_VERSION: &str = "1.11.0";

/// Read and written as tfstate v4 (the `Serialize` and `Deserialize`
/// impls are in `file`).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub version: u64,
    pub terraform_version: String,
    pub serial: u64,
    pub lineage: String,
    pub outputs: Map<String, Json>,
    /// In Terraform's order (see [`State::sort`]). Behind pointers: a
    /// resource put in the middle moves a pointer per resource after it,
    /// not a whole entry (an apply puts every resource it creates), and
    /// copies of a state share the entries neither changed (the store
    /// keeps the state as read, to tell whether a write changes anything;
    /// a change copies only the entry it changes).
    pub resources: Vec<Arc<ResourceState>>,
    pub check_results: Json,
}

impl State {
    /// No resources and no outputs: nothing a user would lose.
    pub fn is_empty(&self) -> bool {
        self.resources.is_empty() && self.outputs.is_empty()
    }

    /// An empty state with a fresh lineage, as Terraform creates on the
    /// first apply.
    pub fn new() -> State {
        State {
            version: STATE_VERSION,
            terraform_version: TERRAFORM_VERSION.into(),
            serial: 0,
            lineage: uuid::Uuid::new_v4().to_string(),
            outputs: Map::new(),
            resources: Vec::new(),
            check_results: Json::Null,
        }
    }

    pub fn resource(&self, addr: &AbsResource) -> Option<&ResourceState> {
        self.position(addr).ok().map(|p| &*self.resources[p])
    }

    /// The current (not deposed) object of one instance.
    pub fn current_instance(&self, addr: &AbsResourceInstance) -> Option<&InstanceState> {
        let r = self.resource(&addr.resource())?;
        let key = addr.key().cloned();
        let p = slot(&r.instances, &key, &None).ok()?;
        Some(&r.instances[p])
    }

    /// [`State::current_instance`], to change (copying its resource's
    /// entry when a copy of the state shares it).
    pub fn current_instance_mut(
        &mut self,
        addr: &AbsResourceInstance,
    ) -> Option<&mut InstanceState> {
        let p = self.position(&addr.resource()).ok()?;
        let key = addr.key().cloned();
        let i = slot(&self.resources[p].instances, &key, &None).ok()?;
        Some(&mut Arc::make_mut(&mut self.resources[p]).instances[i])
    }

    /// Where `addr`'s entry is, or where it would go: the resources are
    /// kept in Terraform's order (see [`State::sort`]), so this is a binary
    /// search, not a scan.
    fn position(&self, addr: &AbsResource) -> Result<usize, usize> {
        let r = &addr.resource;
        self.resources.binary_search_by(|x| {
            file_order(
                (&x.module, x.mode, &x.type_name, &x.name),
                (&addr.module, r.mode, &r.type_name, &r.name),
            )
        })
    }

    /// Every instance with its resource, in state order.
    pub fn instances(&self) -> impl Iterator<Item = (&ResourceState, &InstanceState)> {
        self.resources
            .iter()
            .flat_map(|r| r.instances.iter().map(move |i| (&**r, i)))
    }

    /// Inserts or replaces one instance (the current object, or a deposed
    /// one), creating its resource entry when needed, in order.
    pub fn put_instance(&mut self, header: &ResourceHeader, instance: InstanceState) {
        let p = match self.position(&header.resource_addr()) {
            Ok(p) => p,
            Err(p) => {
                self.resources.insert(
                    p,
                    Arc::new(ResourceState {
                        module: header.module.clone(),
                        mode: header.mode,
                        type_name: header.type_name.clone(),
                        name: header.name.clone(),
                        each: header.each,
                        provider: header.provider.clone(),
                        instances: Vec::new(),
                    }),
                );
                p
            }
        };
        let r = Arc::make_mut(&mut self.resources[p]);
        r.each = header.each;
        r.provider = header.provider.clone();
        match slot(&r.instances, &instance.index_key, &instance.deposed) {
            Ok(i) => r.instances[i] = instance,
            Err(i) => r.instances.insert(i, instance),
        }
    }

    /// Removes one instance (the current object when `deposed` is `None`,
    /// else that deposed object); a resource left without instances goes
    /// too. Returns whether anything was removed.
    pub fn remove_instance(
        &mut self,
        addr: &AbsResourceInstance,
        deposed: &Option<String>,
    ) -> bool {
        let Ok(p) = self.position(&addr.resource()) else {
            return false;
        };
        let key = addr.key().cloned();
        let Ok(i) = slot(&self.resources[p].instances, &key, deposed) else {
            return false;
        };
        Arc::make_mut(&mut self.resources[p]).instances.remove(i);
        if self.resources[p].instances.is_empty() {
            self.resources.remove(p);
        }
        true
    }

    /// Terraform's order in the file: module (as the text it writes), mode,
    /// type, name; instances by key, current before deposed. A state read
    /// from a file is put in this order once; every change keeps it.
    pub fn sort(&mut self) {
        // A file gantry or Terraform wrote is in order already: checking
        // writes no module's text (the root's has none).
        let sorted = self
            .resources
            .is_sorted_by(|a, b| file_order(entry_key(a), entry_key(b)).is_le());
        if !sorted {
            self.resources.sort_by_cached_key(|r| {
                (
                    r.module.to_string(),
                    r.mode,
                    r.type_name.clone(),
                    r.name.clone(),
                )
            });
        }
        let order = |a: &InstanceState, b: &InstanceState| {
            compare_keys(&a.index_key, &b.index_key).then(a.deposed.cmp(&b.deposed))
        };
        for r in &mut self.resources {
            // Sorted entries stay shared.
            if !r.instances.is_sorted_by(|a, b| order(a, b).is_le()) {
                Arc::make_mut(r).instances.sort_by(order);
            }
        }
    }
}

fn entry_key(r: &ResourceState) -> (&ModuleInstance, Mode, &str, &str) {
    (&r.module, r.mode, &r.type_name, &r.name)
}

/// Compares two resource entries as [`State::sort`] orders them, writing a
/// module's text only when it is not the root's.
fn file_order(
    a: (&ModuleInstance, Mode, &str, &str),
    b: (&ModuleInstance, Mode, &str, &str),
) -> Ordering {
    let modules = match (a.0.is_root(), b.0.is_root()) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.0.to_string().cmp(&b.0.to_string()),
    };
    modules
        .then(a.1.cmp(&b.1))
        .then_with(|| a.2.cmp(b.2))
        .then_with(|| a.3.cmp(b.3))
}

/// Where the object with `key` and `deposed` is among a resource's
/// instances (sorted by key, then deposed key), or where it would go.
fn slot(
    instances: &[InstanceState],
    key: &Option<IndexKey>,
    deposed: &Option<String>,
) -> Result<usize, usize> {
    instances
        .binary_search_by(|i| compare_keys(&i.index_key, key).then_with(|| i.deposed.cmp(deposed)))
}

impl Default for State {
    fn default() -> State {
        State::new()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResourceState {
    /// The module instance (the root's for a root module resource).
    pub module: ModuleInstance,
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
    /// How the resource repeats: a list for count, a map for for_each.
    pub each: Option<Each>,
    pub provider: AbsProviderConfig,
    pub instances: Vec<InstanceState>,
}

impl ResourceState {
    /// The resource with its module instance.
    pub fn resource_addr(&self) -> AbsResource {
        gantry_addrs::Resource::new(self.mode, &self.type_name, &self.name)
            .absolute(self.module.clone())
    }

    /// One of its instances, with its module instance.
    pub fn instance_addr(&self, instance: &InstanceState) -> AbsResourceInstance {
        self.resource_addr().instance(instance.index_key.clone())
    }

    /// Whether this is the entry of `addr`.
    pub fn is(&self, addr: &AbsResource) -> bool {
        self.module == addr.module
            && self.mode == addr.resource.mode
            && self.type_name == addr.resource.type_name
            && self.name == addr.resource.name
    }

    /// `module.m.aws_x.n` or `data.aws_x.n`.
    pub fn address(&self) -> String {
        self.resource_addr().to_string()
    }

    /// `aws_x.n`, `module.m.aws_x.n[0]` or `aws_x.n["k"]` for one of its
    /// instances.
    pub fn instance_address(&self, instance: &InstanceState) -> String {
        self.instance_addr(instance).to_string()
    }

    pub fn header(&self) -> ResourceHeader {
        ResourceHeader {
            module: self.module.clone(),
            mode: self.mode,
            type_name: self.type_name.clone(),
            name: self.name.clone(),
            each: self.each,
            provider: self.provider.clone(),
        }
    }
}

/// A resource entry without its instances (what a journal record carries).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResourceHeader {
    #[serde(
        default,
        skip_serializing_if = "ModuleInstance::is_root",
        with = "crate::file::module_field"
    )]
    pub module: ModuleInstance,
    pub mode: Mode,
    #[serde(rename = "type")]
    pub type_name: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub each: Option<Each>,
    #[serde(with = "crate::file::provider_field")]
    pub provider: AbsProviderConfig,
}

impl ResourceHeader {
    /// The entry of `resource`, with its repetition (`"list"`, `"map"`)
    /// and its provider as state names it.
    pub fn new(
        resource: &AbsResource,
        each: Option<Each>,
        provider: AbsProviderConfig,
    ) -> ResourceHeader {
        ResourceHeader {
            module: resource.module.clone(),
            mode: resource.resource.mode,
            type_name: resource.resource.type_name.clone(),
            name: resource.resource.name.clone(),
            each,
            provider,
        }
    }

    /// The resource with its module instance.
    pub fn resource_addr(&self) -> AbsResource {
        gantry_addrs::Resource::new(self.mode, &self.type_name, &self.name)
            .absolute(self.module.clone())
    }

    /// `aws_x.n`, `module.m.aws_x.n[0]` or `aws_x.n["k"]` for the
    /// instance `key`.
    pub fn instance_address(&self, key: &Option<IndexKey>) -> String {
        self.resource_addr().instance(key.clone()).to_string()
    }
}

/// How a resource repeats, as tfstate v4's `each` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Each {
    /// `count`: instances keyed by number.
    List,
    /// `for_each`: instances keyed by string.
    Map,
}

/// An object's status other than ready (tfstate v4 writes nothing then).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectStatus {
    /// Its creation did not finish as planned: the next plan replaces it.
    Tainted,
}

/// One object: the current one of an instance, or a deposed one.
#[derive(Debug, Clone, PartialEq)]
pub struct InstanceState {
    pub index_key: Option<IndexKey>,
    pub status: Option<ObjectStatus>,
    pub deposed: Option<String>,
    pub schema_version: u64,
    /// Its attributes, decoded.
    pub object: Object,
    pub private: Option<String>,
    /// The resources of the configuration this object depended on when
    /// it was last applied.
    pub dependencies: Vec<ConfigResource>,
    pub create_before_destroy: bool,
}

impl InstanceState {
    /// A current object holding `value` (made by a plan, an apply, an
    /// import or a read), with no dependencies or lifecycle recorded yet.
    pub fn new(schema: &ResourceType, index_key: Option<IndexKey>, value: &Value) -> InstanceState {
        InstanceState {
            index_key,
            status: None,
            deposed: None,
            schema_version: schema.schema_version,
            object: Object::new(schema, value),
            private: None,
            dependencies: Vec::new(),
            create_before_destroy: false,
        }
    }

    pub fn is_tainted(&self) -> bool {
        self.status == Some(ObjectStatus::Tainted)
    }

    /// The `id` attribute, when it is a string.
    pub fn id(&self) -> Option<&str> {
        self.object.id()
    }
}

/// `count.index` (a number) or `each.key` (a string): the address
/// crate's instance key, under the name tfstate v4 gives it.
pub use gantry_addrs::InstanceKey as IndexKey;

/// Numbers before strings, then natural order (Terraform sorts instances
/// this way).
pub fn compare_keys(a: &Option<IndexKey>, b: &Option<IndexKey>) -> Ordering {
    a.cmp(b)
}
