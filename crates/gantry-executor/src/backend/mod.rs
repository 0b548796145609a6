//! Where the state lives: the `terraform { backend "..." }` block, with
//! what `init` recorded for it in `.terraform/terraform.tfstate`.
//!
//! The local and S3 backends are built. Any other backend (and a `cloud`
//! block) is an error naming it, never a quiet fall back to a local file:
//! planning against an empty local state would plan to create every object
//! that the team's remote state already holds. For the same reason a
//! configured S3 backend needs `init` first (as Terraform: the partial
//! configuration `-backend-config` adds lives only in what init recorded),
//! and a backend block that changed since needs `init` again.

pub mod metadata;
pub mod s3;
pub mod schema;

use std::path::{Path, PathBuf};

use gantry_config::model::{Block, Module};
use gantry_diagnostics::Diagnostic;
use gantry_diagnostics::Span;
use hcl_edit::expr::Expression;
use serde_json::{Map, Value};

pub use metadata::Metadata;
pub use s3::S3Config;

/// The state's home, resolved from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Local(LocalBackend),
    /// An object per workspace in an S3 bucket.
    S3(Box<S3Config>),
}

/// A file per workspace: the default workspace's is `path`
/// (`terraform.tfstate` in the working directory unless `backend "local" {
/// path = ... }` says otherwise), workspace NAME's is
/// `workspace_dir/NAME/terraform.tfstate` (`workspace_dir` defaults to
/// `terraform.tfstate.d`), as Terraform's local backend lays them out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalBackend {
    pub path: PathBuf,
    pub workspace_dir: PathBuf,
}

/// A backend block as the configuration files write it: its type, its
/// arguments typed (only those given), and Terraform's hash of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Configured {
    pub kind: String,
    pub kind_span: Span,
    pub config: Map<String, Value>,
    pub hash: u32,
}

/// The workspace every backend has, which cannot be deleted.
pub const DEFAULT_WORKSPACE: &str = "default";

impl Backend {
    /// The state file of `workspace` of a local backend; for S3, where
    /// the state is (`s3://bucket/key`), for messages.
    pub fn state_path(&self, workspace: &str) -> PathBuf {
        match self {
            Backend::Local(l) => l.state_path(workspace),
            Backend::S3(c) => PathBuf::from(c.location(workspace)),
        }
    }
}

impl LocalBackend {
    pub fn state_path(&self, workspace: &str) -> PathBuf {
        if workspace == DEFAULT_WORKSPACE {
            self.path.clone()
        } else {
            self.workspace_dir.join(workspace).join("terraform.tfstate")
        }
    }

    /// Every workspace, "default" first (it always exists).
    pub fn workspaces(&self) -> std::io::Result<Vec<String>> {
        let mut names = Vec::new();
        match std::fs::read_dir(&self.workspace_dir) {
            Ok(entries) => {
                for e in entries {
                    let e = e?;
                    if e.file_type()?.is_dir() {
                        if let Some(name) = e.file_name().to_str() {
                            names.push(name.to_string());
                        }
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        Ok(workspace_list(names))
    }

    /// Makes workspace `name` exist (its state stays absent until a
    /// command writes one).
    pub fn create_workspace(&self, name: &str) -> std::io::Result<()> {
        if name == DEFAULT_WORKSPACE {
            return Ok(());
        }
        std::fs::create_dir_all(self.workspace_dir.join(name))
    }

    /// Removes workspace `name` and its state. The default one cannot go.
    pub fn delete_workspace(&self, name: &str) -> std::io::Result<()> {
        if name == DEFAULT_WORKSPACE {
            return Err(std::io::Error::other("cannot delete default state"));
        }
        std::fs::remove_dir_all(self.workspace_dir.join(name))
    }
}

/// Workspace names as Terraform lists them: "default" first (every
/// backend has it), then the others sorted, each once.
pub fn workspace_list(mut names: Vec<String>) -> Vec<String> {
    names.retain(|n| n != DEFAULT_WORKSPACE);
    names.sort();
    names.dedup();
    names.insert(0, DEFAULT_WORKSPACE.to_string());
    names
}

/// Whether Terraform accepts `name` as a workspace name: one that Go's
/// `url.PathEscape` leaves as it is (letters, digits, `-._~` and
/// `$&+:=@`), not empty.
pub fn valid_workspace_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~$&+:=@".contains(c))
}

/// The backend block of `module`, typed, with Terraform's hash; `None`
/// when there is none (the implicit local backend).
pub fn configured(module: &Module) -> Result<Option<Configured>, Box<Diagnostic>> {
    let Some(settings) = &module.terraform else {
        return Ok(None);
    };
    if let Some(cloud) = settings.body.blocks_of("cloud").next() {
        return Err(Box::new(Diagnostic::error(
            "gantry::backend::unsupported",
            "HCP Terraform is not supported",
        )
        .with_span(cloud.kind_span)
        .with_label("a cloud block")
        .with_detail("This configuration keeps its state in HCP Terraform (a `cloud` block), which gantry cannot read or write yet. gantry stops here instead of planning against a local state, which would plan to create every object again.")));
    }
    let Some(backend) = &settings.backend else {
        return Ok(None);
    };
    let Some((kind, kind_span)) = backend.labels.first() else {
        return Err(Box::new(
            Diagnostic::error("gantry::backend::label", "Missing backend type")
                .with_span(backend.kind_span)
                .with_detail(
                    "A backend block needs one label, the backend type: backend \"local\" { ... }.",
                ),
        ));
    };
    let Some(schema) = schema::of(kind) else {
        return Err(Box::new(Diagnostic::error(
            "gantry::backend::unsupported",
            format!("Backend {kind:?} is not supported"),
        )
        .with_span(*kind_span)
        .with_label("this backend")
        .with_detail(format!("This configuration keeps its state in the {kind:?} backend, which gantry cannot read or write yet; \"local\" and \"s3\" are built. gantry stops here instead of planning against a local state, which would plan to create every object that the {kind:?} state already holds."))
        .with_help("Run this configuration with Terraform, or remove the backend block to use a local terraform.tfstate.")));
    };
    let config = arguments(backend, kind, schema)?;
    let hash = schema::hash(kind, schema, &schema::complete(schema, &config));
    Ok(Some(Configured {
        kind: kind.clone(),
        kind_span: *kind_span,
        config,
        hash,
    }))
}

/// The typed arguments a backend block gives (literals only).
fn arguments(
    block: &Block,
    kind: &str,
    schema: schema::Schema,
) -> Result<Map<String, Value>, Box<Diagnostic>> {
    let mut config = Map::new();
    for attr in &block.body.attributes {
        let Some(ty) = schema::lookup(schema, &attr.name) else {
            let expected: Vec<&str> = schema.iter().map(|(n, _)| *n).collect();
            let mut d = Diagnostic::error("gantry::backend::argument", "Unsupported argument")
                .with_span(attr.name_span)
                .with_detail(format!(
                    "An argument named {:?} is not expected here.",
                    attr.name
                ));
            if let Some(close) = expected
                .iter()
                .find(|n| strsim::jaro_winkler(n, &attr.name) > 0.85)
            {
                d = d.with_help(format!("Did you mean {close:?}?"));
            } else if kind == "local" {
                d = d.with_help("The local backend takes path and workspace_dir.");
            }
            return Err(Box::new(d));
        };
        let Some(value) = literal(&attr.value.expr) else {
            return Err(Box::new(
                Diagnostic::error("gantry::backend::not_literal", "Variables not allowed")
                    .with_span(attr.value.span)
                    .with_detail("Variables may not be used here: a backend's arguments must be literal values, because the backend is set up before any variable is known. Use -backend-config at init for values that differ between runs."),
            ));
        };
        let typed = schema::convert(&value, ty).map_err(|why| {
            Box::new(
                Diagnostic::error("gantry::backend::type", "Incorrect attribute value type")
                    .with_span(attr.value.span)
                    .with_detail(format!(
                        "Inappropriate value for attribute {:?}: {why}.",
                        attr.name
                    )),
            )
        })?;
        config.insert(attr.name.clone(), typed);
    }
    if let Some(b) = block.body.blocks.first() {
        return Err(Box::new(
            Diagnostic::error("gantry::backend::argument", "Unsupported block type")
                .with_span(b.kind_span)
                .with_detail(format!(
                    "Blocks of type {:?} are not expected here. Did you mean to define argument {:?}? If so, use the equals sign to assign it a value.",
                    b.kind, b.kind
                )),
        ));
    }
    Ok(config)
}

/// A constant's value as JSON (see [`gantry_config::typeexpr::constant`]);
/// `None` for anything that needs evaluating.
fn literal(e: &Expression) -> Option<Value> {
    gantry_config::typeexpr::constant(e)
        .ok()
        .map(|v| v.to_json())
}

/// What a command that uses the state needs before it can: the backend
/// the configuration and `init`'s record (in the data directory
/// `data_dir`) agree on, relative to the working directory `dir`.
pub fn resolve(module: &Module, dir: &Path, data_dir: &Path) -> Result<Backend, Box<Diagnostic>> {
    let configured = configured(module)?;
    let recorded = Metadata::read(data_dir).map_err(|e| {
        Box::new(
            Diagnostic::error(
                "gantry::backend::metadata",
                "Failed to read the backend record",
            )
            .with_detail(e),
        )
    })?;
    let init_required = |reason: String, span: Option<Span>| {
        let mut d = Diagnostic::error(
            "gantry::backend::init_required",
            "Backend initialization required, please run \"gantry init\"",
        )
        .with_detail(format!("Reason: {reason}\n\nThe \"backend\" is the interface that gantry uses to store state.\nChanges to backend configurations require reinitialization, which allows\ngantry to set up the new configuration, copying existing state if\nnecessary. Until then gantry stops, rather than use a state that is not\nthe team's."));
        if let Some(span) = span {
            d = d.with_span(span).with_label("this backend");
        }
        Box::new(d)
    };
    match (configured, recorded) {
        (None, Some(m)) if m.kind != "local" => Err(init_required(
            format!("Unsetting the previously set backend {:?}", m.kind),
            None,
        )),
        (None, _) => Ok(local(&Map::new(), dir)),
        // The local backend needs no record: its whole configuration is
        // in the block, and nothing is lost by reading it from there.
        (Some(c), _) if c.kind == "local" => Ok(local(&c.config, dir)),
        (Some(c), None) => Err(init_required(
            format!(
                "Initial configuration of the requested backend {:?}",
                c.kind
            ),
            Some(c.kind_span),
        )),
        (Some(c), Some(m)) if m.kind != c.kind || m.hash != c.hash => Err(init_required(
            if m.kind != c.kind {
                format!("Backend type changed from {:?} to {:?}", m.kind, c.kind)
            } else {
                "Backend configuration block has changed".to_string()
            },
            Some(c.kind_span),
        )),
        (Some(c), Some(m)) => from_config(&c.kind, &m.config, dir).map_err(|(summary, detail)| {
            Box::new(
                Diagnostic::error("gantry::backend::config", summary)
                    .with_span(c.kind_span)
                    .with_detail(detail),
            )
        }),
    }
}

/// The backend of type `kind` with the (complete, typed) configuration
/// `config`.
pub fn from_config(
    kind: &str,
    config: &Map<String, Value>,
    dir: &Path,
) -> Result<Backend, (String, String)> {
    match kind {
        "local" => Ok(local(config, dir)),
        "s3" => S3Config::from_config(config).map(|c| Backend::S3(Box::new(c))),
        other => Err((
            format!("Backend {other:?} is not supported"),
            "\"local\" and \"s3\" are built.".into(),
        )),
    }
}

fn local(config: &Map<String, Value>, dir: &Path) -> Backend {
    let get = |k: &str| config.get(k).and_then(Value::as_str);
    Backend::Local(LocalBackend {
        path: dir.join(get("path").unwrap_or("terraform.tfstate")),
        workspace_dir: dir.join(get("workspace_dir").unwrap_or("terraform.tfstate.d")),
    })
}

/// `-backend-config` items for a backend of type `kind`, merged in order:
/// `KEY=VALUE` (the value as a string, converted to the argument's type;
/// lists, maps and objects written in HCL), or the path of a file of
/// `KEY = VALUE` arguments, relative to `dir`. `Err` is (summary, detail).
pub fn cli_overrides(
    kind: &str,
    items: &[String],
    dir: &Path,
) -> Result<Map<String, Value>, (String, String)> {
    let schema = schema::of(kind)
        .ok_or_else(|| (format!("Backend {kind:?} is not supported"), String::new()))?;
    let mut out = Map::new();
    let unexpected = |name: &str, origin: &str| {
        (
            "Invalid backend configuration argument".to_string(),
            format!("The backend configuration argument {name:?} given {origin} is not expected for the selected backend type."),
        )
    };
    for item in items {
        let Some((name, raw)) = item.split_once('=') else {
            let path = dir.join(item);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                (
                    "Failed to read file".to_string(),
                    format!(
                        "The file {:?} could not be read: {e}",
                        path.display().to_string()
                    ),
                )
            })?;
            let body = hcl_edit::parser::parse_body(&text).map_err(|e| {
                (
                    "Invalid backend configuration file".to_string(),
                    format!("{}: {e}", path.display()),
                )
            })?;
            for structure in body.iter() {
                let Some(attr) = structure.as_attribute() else {
                    return Err((
                        "Invalid backend configuration file".to_string(),
                        format!(
                            "{}: only arguments (KEY = VALUE) may be set here, not blocks.",
                            path.display()
                        ),
                    ));
                };
                let name = attr.key.as_str();
                let ty = schema::lookup(schema, name)
                    .ok_or_else(|| unexpected(name, &format!("in {}", path.display())))?;
                let value = literal(&attr.value).ok_or_else(|| {
                    (
                        "Variables not allowed".to_string(),
                        format!("{}: {name:?} must be a literal value.", path.display()),
                    )
                })?;
                let typed = schema::convert(&value, ty).map_err(|why| {
                    (
                        "Invalid backend configuration argument".to_string(),
                        format!(
                            "{}: the value of {name:?} is not valid: {why}.",
                            path.display()
                        ),
                    )
                })?;
                out.insert(name.to_string(), typed);
            }
            continue;
        };
        let name = name.trim();
        let ty =
            schema::lookup(schema, name).ok_or_else(|| unexpected(name, "on the command line"))?;
        let value = match ty {
            schema::Ty::Str | schema::Ty::Bool | schema::Ty::Num => Value::String(raw.to_string()),
            _ => hcl_edit::parser::parse_expr(raw)
                .ok()
                .as_ref()
                .and_then(literal)
                .ok_or_else(|| {
                    (
                        "Invalid backend configuration argument".to_string(),
                        format!("The value of {name:?} given on the command line must be a literal HCL value."),
                    )
                })?,
        };
        let typed = schema::convert(&value, ty).map_err(|why| {
            (
                "Invalid backend configuration argument".to_string(),
                format!("The value of {name:?} given on the command line is not valid: {why}."),
            )
        })?;
        out.insert(name.to_string(), typed);
    }
    Ok(out)
}
