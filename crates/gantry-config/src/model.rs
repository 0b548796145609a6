//! The configuration model: what a directory of `.tf` files declares, with
//! every name and expression tied to its source span.

use std::collections::HashMap;

use std::path::PathBuf;

use gantry_diagnostics::{FileId, Sources, Span};
use gantry_syntax::Rewritten;
use hcl_edit::expr::Expression;
use indexmap::IndexMap;

use crate::json_syntax::OffsetMap;
use crate::pieces::PieceMap;
use crate::types::Type;

/// The blocks a module's top level may hold.
pub const TOP_LEVEL_BLOCKS: &[&str] = &[
    "check",
    "data",
    "import",
    "locals",
    "moved",
    "output",
    "provider",
    "removed",
    "resource",
    "terraform",
    "variable",
];

/// The arguments of a `variable` block (`validation` is a nested block).
pub const VARIABLE_ARGUMENTS: &[&str] = &[
    "default",
    "description",
    "ephemeral",
    "nullable",
    "sensitive",
    "type",
];

/// The arguments of an `output` block.
pub const OUTPUT_ARGUMENTS: &[&str] = &[
    "depends_on",
    "description",
    "ephemeral",
    "precondition",
    "sensitive",
    "value",
];

/// The arguments of a resource's `lifecycle` block.
pub const LIFECYCLE_ARGUMENTS: &[&str] = &[
    "create_before_destroy",
    "ignore_changes",
    "prevent_destroy",
    "replace_triggered_by",
];

/// The meta-arguments every resource block accepts besides its type's own.
pub const RESOURCE_META_ARGUMENTS: &[&str] = &["count", "depends_on", "for_each", "provider"];

/// An expression and the file it came from. Spans inside `expr` are offsets
/// in the *parsed* text (after the legacy rewrite); [`Module::span`] maps
/// them back to what the user wrote.
#[derive(Debug, Clone)]
pub struct Expr {
    pub file: FileId,
    pub expr: Expression,
    pub span: Span,
    /// The iterators of the `dynamic` blocks this expression sits in
    /// (`access_logs` in `access_logs.value`): names that are not
    /// references to anything declared.
    pub iterators: Vec<String>,
}

/// `name = expr` inside a block.
#[derive(Debug, Clone)]
pub struct Attribute {
    pub name: String,
    pub name_span: Span,
    pub value: Expr,
    /// The whole `name = value` item.
    pub span: Span,
}

/// A nested block (`lifecycle { ... }`, `endpoint_configuration { ... }`).
/// A `dynamic "kind"` block is a block of that kind whose body is its
/// `content`, generated once per element of its `for_each`.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: String,
    pub kind_span: Span,
    pub labels: Vec<(String, Span)>,
    pub body: Body,
    pub span: Span,
    pub dynamic: Option<Box<Dynamic>>,
}

/// What makes a block dynamic.
#[derive(Debug, Clone)]
pub struct Dynamic {
    pub for_each: Expr,
    /// The name the content reads each element through: the block's kind
    /// unless `iterator` says otherwise.
    pub iterator: String,
    /// `labels = [...]`, for block types that take labels.
    pub labels: Option<Expr>,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

impl Body {
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name == name)
    }

    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }
}

/// `resource` or `data`: the address crate's mode.
pub use gantry_addrs::{LocalProviderConfig, Mode};

/// `lifecycle { ... }` of a resource.
#[derive(Debug, Clone, Default)]
pub struct Lifecycle {
    pub create_before_destroy: bool,
    pub prevent_destroy: bool,
    /// The arguments listed (`ignore_changes = all` is the flag below).
    pub ignore_changes: Vec<IgnoredChange>,
    pub ignore_all_changes: bool,
}

/// One item of `ignore_changes`: `tags`, `tags["Name"]`.
#[derive(Debug, Clone)]
pub struct IgnoredChange {
    /// The top-level argument, the unit gantry ignores.
    pub argument: String,
    /// Keys and attributes inside it, as written.
    pub path: Vec<String>,
    pub span: Span,
}

/// A `resource` or `data` block.
#[derive(Debug, Clone)]
pub struct Resource {
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
    pub type_span: Span,
    pub name_span: Span,
    /// The block header (`resource "t" "n"`), for "declared here" labels.
    pub header_span: Span,
    /// The whole block, header to closing brace.
    pub span: Span,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub depends_on: Vec<DependsOn>,
    /// `provider = aws.west`: the configuration the resource uses.
    pub provider: Option<(LocalProviderConfig, Span)>,
    pub lifecycle: Lifecycle,
    /// Everything but the meta-arguments.
    pub body: Body,
    /// The check block (index in [`Module::checks`]) a data source is
    /// scoped to: only that check may refer to it.
    pub check: Option<usize>,
}

impl Resource {
    /// The block's address in its module.
    pub fn addr(&self) -> gantry_addrs::Resource {
        gantry_addrs::Resource::new(self.mode, &self.type_name, &self.name)
    }

    /// `aws_x.name` or `data.aws_x.name`.
    pub fn address(&self) -> String {
        self.addr().to_string()
    }
}

/// One entry of `depends_on`: the object it names (a resource, one of its
/// instances, a module call, a variable or a local), and where.
#[derive(Debug, Clone)]
pub struct DependsOn {
    pub subject: gantry_addrs::Referenceable,
    pub span: Span,
}

/// `variable "name" { ... }`.
#[derive(Debug, Clone)]
pub struct Variable {
    pub name: String,
    pub name_span: Span,
    pub header_span: Span,
    pub default: Option<Expr>,
    pub type_constraint: Type,
    /// `-var` and `TF_VAR_` values are HCL expressions only when the type is
    /// declared and not primitive; otherwise they are literal strings
    /// (Terraform's `VariableParseLiteral`).
    pub parse_as_hcl: bool,
    pub description: Option<String>,
    pub sensitive: bool,
    pub nullable: bool,
    pub validations: Vec<Validation>,
}

#[derive(Debug, Clone)]
pub struct Validation {
    pub condition: Expr,
    pub error_message: Expr,
}

#[derive(Debug, Clone)]
pub struct Local {
    pub name: String,
    pub name_span: Span,
    pub value: Expr,
}

#[derive(Debug, Clone)]
pub struct Output {
    pub name: String,
    pub name_span: Span,
    pub value: Option<Expr>,
    pub description: Option<String>,
    pub sensitive: bool,
    pub depends_on: Vec<DependsOn>,
}

/// `provider "aws" { ... }`: kept as data until the AWS provider reads it.
#[derive(Debug, Clone)]
pub struct Provider {
    pub name: String,
    pub alias: Option<String>,
    pub name_span: Span,
    pub body: Body,
}

/// `moved { from = ADDR  to = ADDR }`: what state holds at `from` is now
/// `to`. Addresses as written (`aws_x.a`, `aws_x.a[0]`, `aws_x.a["k"]`).
#[derive(Debug, Clone)]
pub struct Moved {
    pub from: gantry_addrs::Target,
    pub from_span: Span,
    pub to: gantry_addrs::Target,
    pub to_span: Span,
    pub span: Span,
}

/// `check "name" { data ... {}  assert { condition, error_message } }`
/// (Terraform 1.5): assertions reported as warnings after plan and apply.
/// Its scoped data sources are among the module's resources.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: String,
    pub name_span: Span,
    pub asserts: Vec<Assertion>,
    pub span: Span,
}

/// A condition and the message shown when it is false.
#[derive(Debug, Clone)]
pub struct Assertion {
    pub condition: Expr,
    pub error_message: Expr,
}

/// `removed { from = ADDR  lifecycle { destroy = false } }` (Terraform
/// 1.7): the resource left the configuration; its objects are destroyed,
/// or with `destroy = false` only forgotten.
#[derive(Debug, Clone)]
pub struct Removed {
    pub from: gantry_addrs::Resource,
    pub from_span: Span,
    pub destroy: bool,
    pub span: Span,
}

/// `import { to = ADDRESS, id = "..." }` (Terraform 1.5): bring an existing
/// object under management at the next apply.
#[derive(Debug, Clone)]
pub struct Import {
    /// The target: `aws_x.n`, `aws_x.n[0]`, `aws_x.n["key"]`.
    pub to: gantry_addrs::AbsResourceInstance,
    pub to_span: Span,
    pub id: Expr,
    pub span: Span,
}

/// `terraform { required_version, backend ... }`.
#[derive(Debug, Clone, Default)]
pub struct TerraformSettings {
    /// The constraint as written, and where.
    pub required_version: Option<(String, Span)>,
    pub backend: Option<Block>,
    /// The local names `required_providers` declares (`aws`).
    pub required_providers: Vec<String>,
    /// `configuration_aliases = [aws.east]` in `required_providers`: the
    /// aliased configurations a caller must pass this module.
    pub configuration_aliases: Vec<LocalProviderConfig>,
    pub body: Body,
}

/// Per parsed file: how to map parsed offsets back to the original.
#[derive(Debug, Clone)]
pub struct FileMap {
    pub file: FileId,
    pub origin: Origin,
}

/// What the parsed text of a file was made from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// HCL, with Terraform 0.11 map blocks rewritten.
    Hcl(Rewritten),
    /// A `.tf.json` file translated to HCL.
    Json(OffsetMap),
    /// HCL parsed in top-level pieces (the language server's loads; see
    /// [`crate::pieces`]).
    Pieces(PieceMap),
}

impl Origin {
    pub fn to_original(&self, offset: usize) -> usize {
        match self {
            Origin::Hcl(r) => r.to_original(offset),
            Origin::Json(m) => m.to_original(offset),
            Origin::Pieces(m) => m.to_original(offset),
        }
    }
}

/// Everything one directory declares.
#[derive(Debug, Clone, Default)]
pub struct Module {
    pub dir: PathBuf,
    /// Where in the configuration this module is called (the root: empty).
    pub path: gantry_addrs::ModulePath,
    pub sources: Sources,
    pub maps: Vec<FileMap>,
    pub variables: IndexMap<String, Variable>,
    pub locals: IndexMap<String, Local>,
    pub outputs: IndexMap<String, Output>,
    /// Resource and data blocks, in the order of the files. Added with
    /// [`Module::add_resource`], which keeps the index [`Module::resource`]
    /// looks them up in.
    pub resources: Vec<Resource>,
    resource_index: ResourceIndex,
    pub providers: Vec<Provider>,
    pub imports: Vec<Import>,
    pub moved: Vec<Moved>,
    pub removed: Vec<Removed>,
    pub checks: Vec<Check>,
    pub terraform: Option<TerraformSettings>,
    /// `module` blocks, by name.
    pub calls: IndexMap<String, ModuleCall>,
    /// The loaded configuration of each call whose source could be found,
    /// by call name; its files share this module's [`Sources`] numbering.
    pub children: IndexMap<String, Module>,
    /// The workspace the configuration runs in (`terraform.workspace`),
    /// when the command set one; "default" otherwise.
    pub workspace: Option<String>,
}

/// Where each resource of a module is in its list, by mode, type and name
/// (looked up with borrowed names, without building an address).
#[derive(Debug, Clone, Default)]
struct ResourceIndex {
    managed: HashMap<String, HashMap<String, usize>>,
    data: HashMap<String, HashMap<String, usize>>,
    /// How many resources were indexed: the index is whole while this is
    /// the length of the list.
    len: usize,
}

impl ResourceIndex {
    fn of(&self, mode: Mode) -> &HashMap<String, HashMap<String, usize>> {
        match mode {
            Mode::Managed => &self.managed,
            Mode::Data => &self.data,
        }
    }

    fn get(&self, mode: Mode, type_name: &str, name: &str) -> Option<usize> {
        self.of(mode).get(type_name)?.get(name).copied()
    }

    fn insert(&mut self, mode: Mode, type_name: &str, name: &str, at: usize) {
        let by_type = match mode {
            Mode::Managed => &mut self.managed,
            Mode::Data => &mut self.data,
        };
        by_type
            .entry(type_name.to_string())
            .or_default()
            .entry(name.to_string())
            .or_insert(at);
        self.len += 1;
    }
}

/// A `module "NAME" { source = ... }` block.
#[derive(Debug, Clone)]
pub struct ModuleCall {
    pub name: String,
    pub name_span: Span,
    /// `module "NAME"`, for "declared here" labels and call-site errors.
    pub header_span: Span,
    pub span: Span,
    /// The `source` string and its span; empty when missing or not a
    /// literal (already reported).
    pub source: String,
    pub source_span: Span,
    pub version: Option<String>,
    pub count: Option<Expr>,
    pub for_each: Option<Expr>,
    pub depends_on: Vec<DependsOn>,
    /// `providers = { aws = aws.west }`: the configuration as the child
    /// names it, the caller's configuration it is, and the item's span.
    pub providers: Vec<(LocalProviderConfig, LocalProviderConfig, Span)>,
    /// The input variables given, in order.
    pub inputs: Vec<Attribute>,
}

/// The arguments of a `module` block that are not input variables.
pub const MODULE_META_ARGUMENTS: &[&str] = &[
    "source",
    "version",
    "count",
    "for_each",
    "depends_on",
    "providers",
];

/// Whether `source` names a directory relative to the calling module, as
/// Terraform recognises local paths: `./x`, `../x` (also with backslashes).
pub fn is_local_source(source: &str) -> bool {
    ["./", "../", ".\\", "..\\"]
        .iter()
        .any(|p| source.starts_with(p))
}

impl Module {
    /// Runs the configuration, the modules it calls included, in workspace
    /// `name`.
    pub fn set_workspace(&mut self, name: &str) {
        self.workspace = Some(name.to_string());
        for child in self.children.values_mut() {
            child.set_workspace(name);
        }
    }

    /// `terraform.workspace`.
    pub fn workspace(&self) -> &str {
        self.workspace.as_deref().unwrap_or("default")
    }

    /// As Terraform's messages name a module: "the root module" or
    /// "module.a.module.b".
    pub fn display_name(&self) -> String {
        if self.path.is_root() {
            "the root module".into()
        } else {
            self.path.to_string()
        }
    }

    /// Maps a parsed-text range of `file` to a span in the original text.
    pub fn span(&self, file: FileId, range: std::ops::Range<usize>) -> Span {
        match self.maps.iter().find(|m| m.file == file) {
            Some(m) => Span::new(
                file,
                m.origin.to_original(range.start)..m.origin.to_original(range.end),
            ),
            None => Span::new(file, range),
        }
    }

    /// Span of any hcl-edit node, falling back to `fallback`.
    pub fn node_span(&self, file: FileId, node: &impl hcl_edit::Span, fallback: Span) -> Span {
        node.span().map_or(fallback, |r| self.span(file, r))
    }

    pub fn resource(&self, mode: Mode, type_name: &str, name: &str) -> Option<&Resource> {
        let is = |r: &Resource| r.mode == mode && r.type_name == type_name && r.name == name;
        if self.resource_index.len == self.resources.len() {
            // Every resource went through `add_resource`: the index is
            // the answer (a miss included).
            let found = self.resource_index.get(mode, type_name, name);
            return found.map(|i| &self.resources[i]).filter(|r| is(r));
        }
        self.resources.iter().find(|r| is(r))
    }

    /// Adds a resource or data block, indexed by its address.
    pub fn add_resource(&mut self, r: Resource) {
        if self.resource_index.len == self.resources.len() {
            self.resource_index
                .insert(r.mode, &r.type_name, &r.name, self.resources.len());
        }
        self.resources.push(r);
    }

    /// Whether a `provider` block here declares configuration `p`.
    pub fn has_provider_block(&self, p: &LocalProviderConfig) -> bool {
        self.providers
            .iter()
            .any(|x| x.name == p.name && x.alias == p.alias)
    }

    /// Every loaded module below this one, at any depth.
    pub fn descendants(&self) -> Vec<&Module> {
        let mut out: Vec<&Module> = self.children.values().collect();
        let mut i = 0;
        while i < out.len() {
            let m = out[i];
            out.extend(m.children.values());
            i += 1;
        }
        out
    }

    /// The loaded module at `path` below this one (itself for the empty
    /// path); `None` when a call on the way is not loaded.
    pub fn descendant(&self, path: &gantry_addrs::ModulePath) -> Option<&Module> {
        path.names
            .iter()
            .try_fold(self, |m, name| m.children.get(name))
    }
}
