//! The shape of a resource type table.

use gantry_config::types::Type;
use gantry_config::value::Value;

/// An argument's value type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    String,
    Number,
    Bool,
    ListOfString,
    SetOfString,
    MapOfString,
    MapOfBool,
    /// A map of numbers (a Lambda alias's version weights).
    MapOfNumber,
    /// Any value (`terraform_data.input`).
    Dynamic,
    /// A list of objects whose fields (named here) are strings (a VPC
    /// endpoint's `dns_entry`).
    ListOfStringObjects(&'static [&'static str]),
}

impl AttrType {
    pub fn to_type(self) -> Type {
        match self {
            AttrType::String => Type::String,
            AttrType::Number => Type::Number,
            AttrType::Bool => Type::Bool,
            AttrType::ListOfString => Type::List(Box::new(Type::String)),
            AttrType::SetOfString => Type::Set(Box::new(Type::String)),
            AttrType::MapOfString => Type::Map(Box::new(Type::String)),
            AttrType::MapOfBool => Type::Map(Box::new(Type::Bool)),
            AttrType::MapOfNumber => Type::Map(Box::new(Type::Number)),
            AttrType::Dynamic => Type::Any,
            AttrType::ListOfStringObjects(fields) => Type::List(Box::new(Type::Object(
                fields
                    .iter()
                    .map(|f| (f.to_string(), Type::String))
                    .collect(),
                Default::default(),
            ))),
        }
    }

    pub fn is_map(self) -> bool {
        matches!(
            self,
            AttrType::MapOfString | AttrType::MapOfBool | AttrType::MapOfNumber
        )
    }
}

/// Who sets the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Required,
    Optional,
    /// Optional, and when unset the provider decides (shown as known after
    /// apply, then kept).
    OptionalComputed,
    /// Only the provider sets it (exported attributes such as `arn`).
    Computed,
}

/// A default the provider fills in when the argument is unset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DefaultValue {
    String(&'static str),
    Number(f64),
    Bool(bool),
    /// An empty list or set: what SDKv2 fills in for an unset collection
    /// inside a set item (a security group rule's `ipv6_cidr_blocks`).
    Empty,
}

impl DefaultValue {
    /// The value the provider fills in.
    pub fn to_value(self) -> Value {
        match self {
            DefaultValue::String(s) => Value::string(s),
            DefaultValue::Number(n) => Value::float(n),
            DefaultValue::Bool(b) => Value::Bool(b),
            DefaultValue::Empty => Value::List(Vec::new().into()),
        }
    }
}

/// A check on one argument's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// The string (or each element) must be one of these (case-sensitive).
    OneOf(&'static [&'static str]),
    /// An integer within this inclusive range.
    IntRange(i64, i64),
    /// At most this many characters.
    MaxLength(usize),
    /// A list with at most this many elements.
    MaxItems(usize),
    MinItems(usize),
    /// The string must parse as JSON (policies).
    Json,
    /// The argument is deprecated; the text says what to use instead.
    Deprecated(&'static str),
}

/// How an in-place change of an argument reaches API Gateway: the
/// JSON-patch operation(s) its Update* call carries. Paths are the API's
/// (camelCase); keys and items placed in a path are escaped as RFC 6901
/// says (`~` as `~0`, `/` as `~1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patch {
    /// `replace` at this path with the new value as a string (numbers and
    /// booleans stringified; no value when unset).
    Value(&'static str),
    /// A map: per key `remove`, `add` or `replace` at `path/<key>`.
    /// `replace_kept` sends `replace` for every key still present, changed
    /// or not (what the provider does for templates and models).
    Keys {
        path: &'static str,
        replace_kept: bool,
    },
    /// A map whose keys are set with `replace`, new or changed, and
    /// removed with `remove` (stage variables, as the provider sends them).
    KeysReplaced(&'static str),
    /// A set: `add`/`remove` at `path/<item>` (cache key parameters,
    /// binary media types).
    ItemsInPath(&'static str),
    /// A set: `add`/`remove` at `path` with the item as the value
    /// (authorization scopes, VPC endpoint ids).
    ItemsAsValue(&'static str),
}

/// One argument or exported attribute.
#[derive(Debug, Clone, Copy)]
pub struct Attribute {
    pub name: &'static str,
    pub ty: AttrType,
    pub presence: Presence,
    pub default: Option<DefaultValue>,
    pub force_new: bool,
    pub sensitive: bool,
    pub doc: &'static str,
    pub rules: &'static [Rule],
    /// How an in-place update reaches the API (API Gateway types only).
    pub patch: Option<Patch>,
}

/// Table-building shorthands, so each table reads like the docs.
pub const fn arg(
    name: &'static str,
    ty: AttrType,
    presence: Presence,
    doc: &'static str,
) -> Attribute {
    Attribute {
        name,
        ty,
        presence,
        default: None,
        force_new: false,
        sensitive: false,
        doc,
        rules: &[],
        patch: None,
    }
}

impl Attribute {
    pub const fn force_new(mut self) -> Attribute {
        self.force_new = true;
        self
    }
    pub const fn default(mut self, d: DefaultValue) -> Attribute {
        self.default = Some(d);
        self
    }
    pub const fn rules(mut self, rules: &'static [Rule]) -> Attribute {
        self.rules = rules;
        self
    }
    pub const fn patch(mut self, p: Patch) -> Attribute {
        self.patch = Some(p);
        self
    }
    pub const fn sensitive(mut self) -> Attribute {
        self.sensitive = true;
        self
    }
    pub fn is_settable(&self) -> bool {
        self.presence != Presence::Computed
    }
    pub fn is_deprecated(&self) -> Option<&'static str> {
        self.rules.iter().find_map(|r| match r {
            Rule::Deprecated(m) => Some(*m),
            _ => None,
        })
    }
}

/// A nested block type (`endpoint_configuration { ... }`).
#[derive(Debug, Clone, Copy)]
pub struct BlockType {
    pub name: &'static str,
    pub min_items: usize,
    pub max_items: Option<usize>,
    pub force_new: bool,
    /// Optional and computed: left out of the configuration, the block
    /// the provider reads stays (the REST API's endpoint configuration,
    /// which the API always reports).
    pub computed: bool,
    /// A set of items (`TypeSet` in the provider): unordered and without
    /// duplicates, kept in Terraform's order for sets (see
    /// `gantry_config::value::Value::set`), its items matched to prior ones
    /// by value, not position.
    pub set: bool,
    /// Also written as an attribute holding a list of objects
    /// (`egress = []`): the provider's "attributes as blocks" mode
    /// (`ConfigModeAttr`), which lets a configuration say "none" where
    /// leaving the blocks out says "not managed". Every field of an item
    /// must be given in that syntax.
    pub attribute_syntax: bool,
    pub doc: &'static str,
    pub attributes: &'static [Attribute],
    /// Blocks nested in this one (a usage plan stage's `throttle`, a
    /// policy statement's `principals`).
    pub blocks: &'static [BlockType],
}

/// A nested block of any number of items, none required; the builder
/// methods below say otherwise.
pub const fn block(
    name: &'static str,
    doc: &'static str,
    attributes: &'static [Attribute],
) -> BlockType {
    BlockType {
        name,
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: false,
        set: false,
        attribute_syntax: false,
        doc,
        attributes,
        blocks: &[],
    }
}

impl BlockType {
    /// At most one item.
    pub const fn one(mut self) -> BlockType {
        self.max_items = Some(1);
        self
    }
    pub const fn max(mut self, n: usize) -> BlockType {
        self.max_items = Some(n);
        self
    }
    pub const fn required(mut self) -> BlockType {
        self.min_items = 1;
        self
    }
    pub const fn computed(mut self) -> BlockType {
        self.computed = true;
        self
    }
    pub const fn set(mut self) -> BlockType {
        self.set = true;
        self
    }
    pub const fn force_new(mut self) -> BlockType {
        self.force_new = true;
        self
    }
    pub const fn attribute_syntax(mut self) -> BlockType {
        self.attribute_syntax = true;
        self
    }
    pub const fn blocks(mut self, blocks: &'static [BlockType]) -> BlockType {
        self.blocks = blocks;
        self
    }
}

impl BlockType {
    /// The type of the block type written in attribute syntax: a list of
    /// objects of every attribute and nested block (itself such a list).
    pub fn attribute_type(&self) -> Type {
        let mut fields: std::collections::BTreeMap<String, Type> = self
            .attributes
            .iter()
            .filter(|a| a.is_settable())
            .map(|a| (a.name.to_string(), a.ty.to_type()))
            .collect();
        for b in self.blocks {
            fields.insert(b.name.to_string(), b.attribute_type());
        }
        Type::List(Box::new(Type::Object(fields, Default::default())))
    }
}

/// How a conditional rule is enforced. The seed documents four rules; the
/// provider enforces only some of them at plan time (see the facts file),
/// the API rejects others at apply time, and one (`passthrough_behavior`
/// with `request_templates`) nobody enforces because the API defaults it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enforcement {
    Error,
    /// A quiet suggestion (shown with `-hints`).
    Hint,
}

/// A rule across arguments.
#[derive(Debug, Clone, Copy)]
pub enum Condition {
    /// `attr` is required when `when` is one of `values`.
    RequiredWhenOneOf {
        attr: &'static str,
        when: &'static str,
        values: &'static [&'static str],
        enforcement: Enforcement,
        why: &'static str,
    },
    /// `attr` is required when `when` is set.
    RequiredWhenSet {
        attr: &'static str,
        when: &'static str,
        enforcement: Enforcement,
        why: &'static str,
    },
    /// At most one of these may be set.
    ConflictsWith(&'static str, &'static str),
    /// Exactly one of these must be set.
    ExactlyOneOf(&'static [&'static str]),
}

/// One resource (or data source) type.
#[derive(Debug, Clone, Copy)]
pub struct ResourceType {
    pub name: &'static str,
    /// `registry.terraform.io/hashicorp/aws` or `terraform.io/builtin/terraform`.
    pub provider: &'static str,
    pub doc: &'static str,
    pub attributes: &'static [Attribute],
    pub blocks: &'static [BlockType],
    pub conditions: &'static [Condition],
    /// How `import` IDs are written, e.g. `REST-API-ID/RESOURCE-ID/HTTP-METHOD`.
    pub import_id: &'static str,
    /// The provider's schema version, stored with each instance (Terraform
    /// upgrades state written with an older one, so it must be exact).
    pub schema_version: u64,
}

impl ResourceType {
    pub fn attribute(&self, name: &str) -> Option<&'static Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn block(&self, name: &str) -> Option<&'static BlockType> {
        self.blocks.iter().find(|b| b.name == name)
    }

    /// Every name a reference may read: arguments, exported attributes and
    /// nested blocks.
    pub fn readable_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.attributes
            .iter()
            .map(|a| a.name)
            .chain(self.blocks.iter().map(|b| b.name))
    }
}
