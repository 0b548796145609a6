//! What a resource type implements to be planned and applied. The executor
//! knows nothing of AWS: the planner asks [`Provider::plan`] for the planned
//! object and the attributes that force replacement, and the apply walk
//! calls create, update and delete.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use async_trait::async_trait;
use gantry_addrs::AbsProviderConfig;
use gantry_config::value::Value;
use gantry_schema::{Attribute, BlockType, DefaultValue, Presence, ResourceType};

use crate::convert::{attr, unchanged};

/// A provider's answer to "what happens if this is applied".
#[derive(Debug, Clone)]
pub struct Planned {
    /// The object after apply, with unknowns for what only apply can tell.
    pub value: Value,
    /// Attributes whose change forces replacement, in schema order.
    pub requires_replace: Vec<String>,
}

/// A failure a provider reports: shown as a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderError {
    pub summary: String,
    pub detail: String,
    /// The call may have acted though it failed (no answer, a 5xx, a
    /// crash): a create that fails so keeps its intent open, and the next
    /// run looks for what it made.
    pub uncertain: bool,
}

impl ProviderError {
    pub fn new(summary: impl Into<String>, detail: impl Into<String>) -> ProviderError {
        ProviderError {
            summary: summary.into(),
            detail: detail.into(),
            uncertain: false,
        }
    }

    /// Marks the failure as one whose outcome is unknown.
    pub fn uncertain(mut self) -> ProviderError {
        self.uncertain = true;
        self
    }
}

#[async_trait]
pub trait Provider: Send + Sync {
    /// Plan-time normalisation: defaults, computed attributes, replacement.
    /// `prior` is `None` for a create (including the create half of a
    /// replacement).
    fn plan(
        &self,
        schema: &'static ResourceType,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<Planned, ProviderError> {
        Ok(schema_plan(schema, prior, config))
    }

    /// `intent` is the token of the create's journalled intent (for a
    /// [`remote`](Provider::remote) provider): a provider that can label
    /// the object with it finds it by that label after an interruption.
    /// The new object of a replacement of `prior`: by default planned as a
    /// create. (A provider whose reads store zero values for unset
    /// arguments keeps them, as Terraform's SDKv2 providers do.)
    fn plan_replacement(
        &self,
        schema: &'static ResourceType,
        prior: &Value,
        config: &Value,
    ) -> Result<Planned, ProviderError> {
        let _ = prior;
        self.plan(schema, None, config)
    }

    async fn create(
        &self,
        type_name: &str,
        planned: Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError>;

    /// Do this provider's objects live outside state? Only then can an
    /// interrupted create leave one behind, and only then does the walk
    /// journal an intent (one more fsync) before each create.
    fn remote(&self) -> bool {
        true
    }

    /// After a create whose outcome is unknown (the process died while it
    /// was in flight, or its answer was lost): the object that create made,
    /// or `None` when it made nothing. `planned` is what was sent (unknown
    /// values null); `since`, when it was about to be sent; `intent`, the
    /// token [`create`](Provider::create) was given. A provider that
    /// cannot tell answers an error, and the run stops rather than risk a
    /// second object.
    async fn find_created(
        &self,
        type_name: &str,
        planned: Value,
        since: std::time::SystemTime,
        intent: &str,
    ) -> Result<Option<Value>, ProviderError> {
        let _ = (planned, since, intent);
        Err(ProviderError::new(
            "Cannot look up an interrupted create",
            format!("The provider of {type_name} cannot find what an interrupted create made."),
        ))
    }

    /// The object as it is now; `None` when it no longer exists.
    async fn read(&self, type_name: &str, current: Value) -> Result<Option<Value>, ProviderError>;

    /// Refresh: the current objects of many instances (pairs of type and
    /// object in state), answered in order. A provider that can read many
    /// objects with fewer calls than one each overrides this.
    async fn read_many(
        &self,
        objects: Vec<(String, Value)>,
    ) -> Vec<Result<Option<Value>, ProviderError>> {
        let mut out = Vec::with_capacity(objects.len());
        for (type_name, current) in objects {
            out.push(self.read(&type_name, current).await);
        }
        out
    }

    async fn update(
        &self,
        type_name: &str,
        prior: Value,
        planned: Value,
    ) -> Result<Value, ProviderError>;

    async fn delete(&self, type_name: &str, prior: Value) -> Result<(), ProviderError>;

    async fn import(&self, type_name: &str, id: &str) -> Result<Value, ProviderError>;

    /// A data source's object for `config`, whose arguments are all known:
    /// every attribute of `schema`, the ones the source reads filled in.
    async fn read_data(
        &self,
        schema: &'static ResourceType,
        config: Value,
    ) -> Result<Value, ProviderError> {
        let _ = config;
        Err(ProviderError::new(
            "Data source not supported",
            format!("The provider cannot read data source {}.", schema.name),
        ))
    }
}

/// Providers by resource type prefix (`terraform_` for the built-in one):
/// the root module's default configurations; the others (`aws.west`) by
/// their address.
#[derive(Clone, Default)]
pub struct Providers {
    by_prefix: Vec<(String, Arc<dyn Provider>)>,
    configured: HashMap<AbsProviderConfig, Arc<dyn Provider>>,
}

impl Providers {
    pub fn with_builtin() -> Providers {
        let mut p = Providers::default();
        p.register(
            "terraform_data",
            Arc::new(crate::terraform_data::TerraformData),
        );
        p
    }

    /// `prefix` is a type name (`terraform_data`) or a prefix ending in `_`
    /// (`aws_`).
    pub fn register(&mut self, prefix: &str, provider: Arc<dyn Provider>) {
        self.by_prefix.push((prefix.to_string(), provider));
    }

    /// Registers a configuration other than the root module's default
    /// (`provider["registry.terraform.io/hashicorp/aws"].west`).
    pub fn register_config(&mut self, config: AbsProviderConfig, provider: Arc<dyn Provider>) {
        self.configured.insert(config, provider);
    }

    /// Plans with the resource's provider configuration, or from the
    /// type's table alone when no provider is registered (so AWS types
    /// plan before their provider exists).
    pub fn plan(
        &self,
        schema: &'static ResourceType,
        provider: &AbsProviderConfig,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<Planned, ProviderError> {
        match self.for_config(schema.name, provider) {
            Some(p) => p.plan(schema, prior, config),
            None => Ok(schema_plan(schema, prior, config)),
        }
    }

    /// See [`Provider::plan_replacement`].
    pub fn plan_replacement(
        &self,
        schema: &'static ResourceType,
        provider: &AbsProviderConfig,
        prior: &Value,
        config: &Value,
    ) -> Result<Planned, ProviderError> {
        match self.for_config(schema.name, provider) {
            Some(p) => p.plan_replacement(schema, prior, config),
            None => Ok(schema_plan(schema, None, config)),
        }
    }

    /// See [`Provider::read_data`].
    pub async fn read_data(
        &self,
        schema: &'static ResourceType,
        provider: &AbsProviderConfig,
        config: Value,
    ) -> Result<Value, ProviderError> {
        match self.for_config(schema.name, provider) {
            Some(p) => p.read_data(schema, config).await,
            None => Err(ProviderError::new(
                "No provider",
                format!(
                    "No provider is configured to read data source {}.",
                    schema.name
                ),
            )),
        }
    }

    /// The provider of a resource of `type_name` whose configuration state
    /// records as `provider`: the default by type for the root module's
    /// default configuration, else the one registered at that address
    /// (none: never another configuration's).
    pub fn for_config(
        &self,
        type_name: &str,
        provider: &AbsProviderConfig,
    ) -> Option<Arc<dyn Provider>> {
        if provider.module.is_root() && provider.alias.is_none() {
            self.for_type(type_name)
        } else {
            self.configured.get(provider).cloned()
        }
    }

    /// The root module's default configuration for `type_name`.
    pub fn for_type(&self, type_name: &str) -> Option<Arc<dyn Provider>> {
        self.by_prefix
            .iter()
            .find(|(p, _)| {
                type_name == p || (p.ends_with('_') && type_name.starts_with(p.as_str()))
            })
            .map(|(_, p)| p.clone())
    }
}

/// The planning every SDKv2 resource does: configured values, defaults for
/// unset optional arguments, prior values (or unknown on create) for
/// computed ones, and replacement when a force-new argument changes
/// (including to a value not yet known).
pub fn schema_plan(
    schema: &'static ResourceType,
    prior: Option<&Value>,
    config: &Value,
) -> Planned {
    let mut out = BTreeMap::new();
    let mut requires_replace = Vec::new();
    for a in schema.attributes {
        let p = prior.map(|p| attr(p, a.name));
        let mut v = plan_attribute(a, attr(config, a.name), p);
        // What the provider's schema calls sensitive is marked so, known
        // or not (Terraform shows "(sensitive value)" for both).
        if a.sensitive && !v.is_null() && !v.is_sensitive() {
            v = Value::Sensitive(Box::new(v));
        }
        if a.force_new {
            if let Some(p) = p {
                if !unchanged(p, &v) {
                    requires_replace.push(a.name.to_string());
                }
            }
        }
        out.insert(a.name.to_string(), v);
    }
    for b in schema.blocks {
        let p = prior.map(|p| attr(p, b.name));
        let mut v = plan_block(b, attr(config, b.name), p);
        crate::convert::order_block(b, &mut v);
        if b.force_new {
            if let Some(p) = p {
                if !unchanged(p, &v) {
                    requires_replace.push(b.name.to_string());
                }
            }
        }
        out.insert(b.name.to_string(), v);
    }
    Planned {
        value: Value::Map(out.into()),
        requires_replace,
    }
}

/// One argument or attribute: the configured value, or what stands for it
/// when unset (the prior value of a provider-decided one, the default,
/// unknown until apply).
fn plan_attribute(a: &Attribute, c: &Value, p: Option<&Value>) -> Value {
    match a.presence {
        Presence::Computed => p.cloned().unwrap_or(Value::Unknown),
        // Unset and provider-decided: the prior value stands (null
        // included, as in Terraform); on create only apply can tell.
        Presence::OptionalComputed if c.is_null() => match (p, a.default) {
            (Some(p), _) if !p.is_unknown() => p.clone(),
            (_, Some(d)) => d.to_value(),
            _ => Value::Unknown,
        },
        _ if c.is_null() => a.default.map(DefaultValue::to_value).unwrap_or(Value::Null),
        _ => c.clone(),
    }
}

/// A nested block's items, each attribute planned as at the top level
/// against the prior item at the same index.
fn plan_block(b: &BlockType, c: &Value, p: Option<&Value>) -> Value {
    let Value::List(items) = c.unmark().0 else {
        // Left out of the configuration, a computed block stays as read;
        // on create, only apply can tell.
        return match p {
            Some(p) if b.computed && c.is_null() && !p.is_unknown() => p.clone(),
            None if b.computed && c.is_null() => Value::Unknown,
            _ => c.clone(),
        };
    };
    // `egress = []` over a state with none (null, as no blocks are): no
    // change, where an empty list would plan an invisible one.
    if items.is_empty() && p.is_some_and(|p| p.is_null()) {
        return Value::Null;
    }
    let prior_items = match p.map(|p| p.unmark().0) {
        Some(Value::List(xs)) => xs.as_slice(),
        _ => &[],
    };
    Value::List(
        items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let pi = prior_items.get(i);
                let attrs = b.attributes.iter().map(|a| {
                    let v = plan_attribute(a, attr(item, a.name), pi.map(|x| attr(x, a.name)));
                    (a.name.to_string(), v)
                });
                let nested = b.blocks.iter().map(|nb| {
                    let v = plan_block(nb, attr(item, nb.name), pi.map(|x| attr(x, nb.name)));
                    (nb.name.to_string(), v)
                });
                Value::Map(attrs.chain(nested).collect())
            })
            .collect(),
    )
}
