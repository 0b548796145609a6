//! Where the state lives: the `terraform { backend "..." }` block.
//!
//! Only the local backend is built. Any other backend (and a `cloud`
//! block) is an error naming it, never a quiet fall back to a local file:
//! planning against an empty local state would plan to create every object
//! that the team's remote state already holds.

use std::path::{Path, PathBuf};

use gantry_config::model::{Block, Module};
use gantry_diagnostics::Diagnostic;
use hcl_edit::expr::Expression;

/// The state's home, resolved from the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A file per workspace: the default workspace's is `path`
    /// (`terraform.tfstate` in the working directory unless `backend
    /// "local" { path = ... }` says otherwise), workspace NAME's is
    /// `workspace_dir/NAME/terraform.tfstate` (`workspace_dir` defaults to
    /// `terraform.tfstate.d`), as Terraform's local backend lays them out.
    Local {
        path: PathBuf,
        workspace_dir: PathBuf,
    },
}

/// The workspace every backend has, which cannot be deleted.
pub const DEFAULT_WORKSPACE: &str = "default";

impl Backend {
    /// The state file of `workspace`.
    pub fn state_path(&self, workspace: &str) -> PathBuf {
        match self {
            Backend::Local {
                path,
                workspace_dir,
            } => {
                if workspace == DEFAULT_WORKSPACE {
                    path.clone()
                } else {
                    workspace_dir.join(workspace).join("terraform.tfstate")
                }
            }
        }
    }

    /// Every workspace, sorted, "default" first (it always exists).
    pub fn workspaces(&self) -> std::io::Result<Vec<String>> {
        let Backend::Local { workspace_dir, .. } = self;
        let mut names = Vec::new();
        match std::fs::read_dir(workspace_dir) {
            Ok(entries) => {
                for e in entries {
                    let e = e?;
                    if e.file_type()?.is_dir() {
                        if let Some(name) = e.file_name().to_str() {
                            if name != DEFAULT_WORKSPACE {
                                names.push(name.to_string());
                            }
                        }
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        names.sort();
        names.insert(0, DEFAULT_WORKSPACE.to_string());
        Ok(names)
    }

    /// Makes workspace `name` exist (its state stays absent until a
    /// command writes one).
    pub fn create_workspace(&self, name: &str) -> std::io::Result<()> {
        let Backend::Local { workspace_dir, .. } = self;
        if name == DEFAULT_WORKSPACE {
            return Ok(());
        }
        std::fs::create_dir_all(workspace_dir.join(name))
    }

    /// Removes workspace `name` and its state. The default one cannot go.
    pub fn delete_workspace(&self, name: &str) -> std::io::Result<()> {
        let Backend::Local { workspace_dir, .. } = self;
        if name == DEFAULT_WORKSPACE {
            return Err(std::io::Error::other("cannot delete default state"));
        }
        std::fs::remove_dir_all(workspace_dir.join(name))
    }
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

/// The backend `module` configures, relative to the working directory
/// `dir`.
pub fn resolve(module: &Module, dir: &Path) -> Result<Backend, Box<Diagnostic>> {
    let default = Backend::Local {
        path: dir.join("terraform.tfstate"),
        workspace_dir: dir.join("terraform.tfstate.d"),
    };
    let Some(settings) = &module.terraform else {
        return Ok(default);
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
        return Ok(default);
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
    match kind.as_str() {
        "local" => local(backend, dir),
        other => Err(Box::new(Diagnostic::error(
            "gantry::backend::unsupported",
            format!("Backend {other:?} is not supported"),
        )
        .with_span(*kind_span)
        .with_label("this backend")
        .with_detail(format!("This configuration keeps its state in the {other:?} backend, which gantry cannot read or write yet; only \"local\" is built. gantry stops here instead of planning against a local state, which would plan to create every object that the {other:?} state already holds."))
        .with_help("Run this configuration with Terraform, or remove the backend block to use a local terraform.tfstate."))),
    }
}

fn local(block: &Block, dir: &Path) -> Result<Backend, Box<Diagnostic>> {
    let mut path = dir.join("terraform.tfstate");
    let mut workspace_dir = dir.join("terraform.tfstate.d");
    for attr in &block.body.attributes {
        match attr.name.as_str() {
            name @ ("path" | "workspace_dir") => {
                let Expression::String(s) = &attr.value.expr else {
                    return Err(Box::new(Diagnostic::error(
                        "gantry::backend::not_literal",
                        "Variables not allowed",
                    )
                    .with_span(attr.value.span)
                    .with_detail("A backend's arguments must be literal strings: the backend is set up before any variable is known.")));
                };
                let value = dir.join(s.value().as_str());
                if name == "path" {
                    path = value;
                } else {
                    workspace_dir = value;
                }
            }
            other => {
                return Err(Box::new(Diagnostic::error(
                    "gantry::backend::argument",
                    "Unsupported argument",
                )
                .with_span(attr.name_span)
                .with_detail(format!(
                    "An argument named {other:?} is not expected here: the local backend takes path and workspace_dir."
                ))))
            }
        }
    }
    if let Some(b) = block.body.blocks.first() {
        return Err(Box::new(
            Diagnostic::error("gantry::backend::argument", "Unsupported block type")
                .with_span(b.kind_span)
                .with_detail(format!(
                    "Blocks of type {:?} are not expected in the local backend.",
                    b.kind
                )),
        ));
    }
    Ok(Backend::Local {
        path,
        workspace_dir,
    })
}
