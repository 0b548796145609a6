//! The module installation walk of `init`: every call of the root module
//! and of the modules it calls, fetched where needed, recorded in the
//! manifest (see [`gantry_config::manifest`]) that loading reads.

use std::path::{Path, PathBuf};

use gantry_config::children::join_clean;
use gantry_config::json_syntax::NoSchema;
use gantry_config::load::display_name;
use gantry_config::manifest::{self, Entry, Manifest};
use gantry_config::model::ModuleCall;
use gantry_config::Module;
use gantry_diagnostics::{Diagnostic, Diagnostics, Sources, Span};

use crate::git;
use crate::registry::{self, Registry};
use crate::source::{self, RegistryAddr, Source};

#[derive(Debug, Clone, Default)]
pub struct InstallOptions {
    /// `-upgrade`: fetch remote sources again even when the manifest says
    /// they are installed from the same address.
    pub upgrade: bool,
}

/// What `init` did: the manifest it wrote (or would have, on errors), the
/// sources its diagnostics point into, and its progress lines.
pub struct Installed {
    pub manifest: Manifest,
    pub sources: Sources,
    pub diagnostics: Diagnostics,
}

/// Installs the modules the configuration in `root` calls and writes the
/// manifest; `progress` receives Terraform's lines ("- api in modules/api",
/// "Downloading … for api...").
pub fn install(root: &Path, opts: &InstallOptions, progress: &mut dyn FnMut(&str)) -> Installed {
    let mut walk = Walk {
        root: root.to_path_buf(),
        previous: Manifest::read(root),
        opts: opts.clone(),
        entries: Vec::new(),
        diags: Diagnostics::new(),
        progress,
        registry: None,
    };
    let sources = match walk.load_root() {
        Some(mut module) => {
            // The walk through the calls is the loader's; init's part is
            // putting each source in place. Of the called modules' own
            // problems only those of loading them count here (the rest is
            // validate's).
            let mut loading = Diagnostics::new();
            let mut fetch = |key: &str, call: &ModuleCall, parent: &Path, _: &mut Diagnostics| {
                walk.fetch(key, call, parent)
            };
            gantry_config::load_children_with(&mut module, &NoSchema, &mut fetch, &mut loading);
            walk.diags.extend(loading.into_iter().filter(|d| {
                ["gantry::module::", "gantry::load::"]
                    .iter()
                    .any(|p| d.code.starts_with(p))
            }));
            module.sources
        }
        None => Sources::new(),
    };
    let manifest = Manifest {
        entries: walk.entries,
    };
    let mut diags = walk.diags;
    if !diags.has_errors() {
        if let Err(e) = manifest.write(root) {
            diags.push(
                Diagnostic::error(
                    "gantry::init::manifest",
                    "Failed to write the module manifest",
                )
                .with_detail(format!("{}: {e}", manifest::path(root).display())),
            );
        }
    }
    Installed {
        manifest,
        sources,
        diagnostics: diags,
    }
}

struct Walk<'p> {
    root: PathBuf,
    previous: Manifest,
    opts: InstallOptions,
    entries: Vec<Entry>,
    diags: Diagnostics,
    progress: &'p mut dyn FnMut(&str),
    /// Made when the first registry source is met.
    registry: Option<Registry>,
}

impl Walk<'_> {
    /// The root module's own files (its calls are what init reads).
    fn load_root(&mut self) -> Option<Module> {
        let files = match gantry_config::load::read_dir(&self.root) {
            Ok(files) => files,
            Err(d) => {
                self.diags.push(*d);
                return None;
            }
        };
        let mut texts = Vec::new();
        for (file, text) in files {
            match text {
                Ok(text) => texts.push((display_name(Path::new("."), &file), text)),
                Err(d) => self.diags.push(d),
            }
        }
        let (module, _) = gantry_config::load_sources_with(&self.root, texts, &NoSchema);
        Some(module)
    }

    /// Puts the source of call `key` (of the module in `parent`) in place
    /// and records its directory, relative to the root, in the manifest;
    /// where it is.
    fn fetch(&mut self, key: &str, call: &ModuleCall, parent: &Path) -> Option<PathBuf> {
        let (raw, constraint, span) = (
            call.source.as_str(),
            call.version.as_deref(),
            call.source_span,
        );
        let parent = relative(&self.root, parent);
        let invalid = |detail: String| {
            Diagnostic::error("gantry::init::source", "Invalid module source address")
                .with_detail(detail)
                .with_span(span)
        };
        let source = match source::parse(raw) {
            Ok(s) => s,
            Err(e) => {
                self.diags.push(invalid(e.0));
                return None;
            }
        };
        let (dir, version, recorded): (PathBuf, Option<String>, String) = match source {
            Source::Local(path) => (join_clean(&parent, &path), None, raw.to_string()),
            Source::Git(g) => {
                let dest = self.dest(key);
                let reuse = !self.opts.upgrade
                    && self.previous.get(key).is_some_and(|e| e.source == raw)
                    && self.root.join(&dest).is_dir();
                if !reuse {
                    (self.progress)(&format!("Downloading {raw} for {key}..."));
                    if let Err(e) = git::fetch(&g, &self.root.join(&dest)) {
                        self.diags.push(download_failed(key, raw, &e, span));
                        return None;
                    }
                }
                (within(dest, &g.subdir), None, raw.to_string())
            }
            Source::Registry(addr) => {
                let recorded = addr.to_string();
                let dest = self.dest(key);
                let kept = self.previous.get(key).filter(|e| {
                    !self.opts.upgrade
                        && e.source == recorded
                        && self.root.join(&dest).is_dir()
                        && e.version
                            .as_deref()
                            .is_some_and(|v| registry::choose(&[v.to_string()], constraint).is_ok())
                });
                let version = match kept.and_then(|e| e.version.clone()) {
                    Some(v) => v,
                    None => match self.install_from_registry(key, &addr, constraint, &dest) {
                        Ok(v) => v,
                        Err(d) => {
                            self.diags.push(d.with_span(span));
                            return None;
                        }
                    },
                };
                (within(dest, &addr.subdir), Some(version), recorded)
            }
            Source::Other(raw) => {
                self.diags.push(
                    Diagnostic::error("gantry::init::getter", "Unsupported module source")
                        .with_detail(format!("gantry init installs local paths and git repositories; {raw:?} needs another of Terraform's getters. Install it with terraform init, whose .terraform/modules gantry reads."))
                        .with_span(span),
                );
                return None;
            }
        };
        (self.progress)(&format!("- {key} in {}", dir.display()));
        self.entries.push(Entry {
            key: key.to_string(),
            source: recorded,
            version,
            dir: dir.display().to_string(),
        });
        Some(join_clean(&self.root, &dir.display().to_string()))
    }
}

impl Walk<'_> {
    /// Where remote call `key` is installed, relative to the root.
    fn dest(&self, key: &str) -> PathBuf {
        join_clean(&manifest::data_dir(Path::new(".")), "./modules").join(key)
    }

    /// Resolves `addr` to a version and its real source through the
    /// registry protocol and fetches it into `dest`; the version chosen.
    fn install_from_registry(
        &mut self,
        key: &str,
        addr: &RegistryAddr,
        constraint: Option<&str>,
        dest: &Path,
    ) -> Result<String, Box<Diagnostic>> {
        let registry = self.registry.get_or_insert_with(Registry::from_cli_config);
        let versions = registry.versions(addr).map_err(|e| {
            Box::new(
                Diagnostic::error(
                    "gantry::init::registry",
                    "Error accessing remote module registry",
                )
                .with_detail(format!(
                    "Failed to retrieve available versions for module \"{key}\" from {}: {e}.",
                    addr.host
                )),
            )
        })?;
        let version = registry::choose(&versions, constraint).map_err(|e| {
            Box::new(Diagnostic::error("gantry::init::version", "Unresolvable module version constraint")
                .with_detail(format!("There is no available version of module \"{key}\" ({addr}) which matches the given version constraint: {e}.")))
        })?;
        (self.progress)(&format!("Downloading {addr} {version} for {key}..."));
        let location = registry.download_source(addr, &version).map_err(|e| {
            Box::new(
                Diagnostic::error(
                    "gantry::init::registry",
                    "Error accessing remote module registry",
                )
                .with_detail(format!(
                    "Failed to retrieve a download URL for {addr} {version}: {e}."
                )),
            )
        })?;
        let git = match source::parse(&location) {
            Ok(Source::Git(g)) => g,
            _ => {
                return Err(Box::new(Diagnostic::error("gantry::init::getter", "Unsupported module source")
                    .with_detail(format!("The registry gives {location:?} for {addr} {version}; gantry init fetches git sources only. Install it with terraform init, whose .terraform/modules gantry reads."))))
            }
        };
        git::fetch(&git, &self.root.join(dest)).map_err(|e| {
            Box::new(
                Diagnostic::error("gantry::init::download", "Failed to download module")
                    .with_detail(format!(
                        "Could not download module \"{key}\" source code from {location:?}: {e}"
                    )),
            )
        })?;
        Ok(version)
    }
}

fn download_failed(key: &str, raw: &str, e: &str, span: Span) -> Diagnostic {
    Diagnostic::error("gantry::init::download", "Failed to download module")
        .with_detail(format!(
            "Could not download module \"{key}\" source code from {raw:?}: {e}"
        ))
        .with_span(span)
}

/// `dir`, or its subdirectory `sub`.
fn within(dir: PathBuf, sub: &Option<String>) -> PathBuf {
    match sub {
        Some(sub) => join_clean(&dir, &format!("./{sub}")),
        None => dir,
    }
}

/// `path` (under `root`) relative to `root`, as the manifest records
/// directories.
fn relative(root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(join_clean(root, ".")) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        Ok(_) => PathBuf::from("."),
        Err(_) => path.to_path_buf(),
    }
}
