//! Loading the modules a configuration calls: local paths relative to the
//! calling module, anything else from where `init` installed it
//! (`.terraform/modules/modules.json`, Terraform's manifest, so a
//! directory `terraform init` prepared works as well).

use std::path::{Component, Path, PathBuf};

use gantry_diagnostics::{Diagnostic, Diagnostics};

use crate::json_syntax::NestedBlocks;
use crate::load::{display_name, load_into, read_dir};
use crate::manifest::Manifest;
use crate::model::{is_local_source, Module, ModuleCall};

/// Terraform's limit would be the stack; a chain this long is a mistake.
const MAX_DEPTH: usize = 64;

/// Where call `key` (`api`, `api.route`) of the module in directory
/// `parent` finds its module; `None` when it cannot, after saying why in
/// the diagnostics.
pub type Resolver<'r> =
    dyn FnMut(&str, &ModuleCall, &Path, &mut Diagnostics) -> Option<PathBuf> + 'r;

/// Loads the module of every call in `module`, and theirs, into
/// `module.children`: local sources from their path, the others from where
/// init installed them; the calls that cannot be loaded become diagnostics
/// at their `source`.
pub fn load_children(module: &mut Module, blocks: &dyn NestedBlocks, diags: &mut Diagnostics) {
    let installed = Manifest::read(&module.dir);
    let root = module.dir.clone();
    let mut installed_dir = |key: &str,
                             call: &ModuleCall,
                             parent: &Path,
                             diags: &mut Diagnostics| {
        if is_local_source(&call.source) {
            return Some(join_clean(parent, &call.source));
        }
        match installed.get(key) {
            Some(entry) => Some(join_clean(&root, &entry.dir)),
            None => {
                diags.push(
                    Diagnostic::error("gantry::module::not-installed", "Module not installed")
                        .with_detail(format!("This module is not yet installed. Run \"gantry init\" (or \"terraform init\") to install all modules required by this configuration; module \"{}\" comes from {:?}.", call.name, call.source))
                        .with_span(call.source_span),
                );
                None
            }
        }
    };
    load_children_with(module, blocks, &mut installed_dir, diags);
}

/// [`load_children`] with the directory of each call found by `resolve`
/// (init's, which puts each source in place as it goes).
pub fn load_children_with(
    module: &mut Module,
    blocks: &dyn NestedBlocks,
    resolve: &mut Resolver,
    diags: &mut Diagnostics,
) {
    let mut chain = vec![identity(&module.dir)];
    load_calls(module, blocks, resolve, &mut chain, diags);
}

fn load_calls(
    module: &mut Module,
    blocks: &dyn NestedBlocks,
    resolve: &mut Resolver,
    chain: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) {
    let names: Vec<String> = module
        .calls
        .values()
        .filter(|c| !c.source.is_empty())
        .map(|c| c.name.clone())
        .collect();
    for name in names {
        let key = module.path.child(&name).manifest_key();
        let call = &module.calls[&name];
        let span = call.source_span;
        let Some(dir) = resolve(&key, call, &module.dir, diags) else {
            continue;
        };
        let files = match read_dir(&dir) {
            Ok(files) => files,
            Err(_) => {
                diags.push(
                    Diagnostic::error("gantry::module::unreadable", "Unreadable module directory")
                        .with_detail(format!(
                            "The directory {} could not be read for module \"{name}\".",
                            dir.display()
                        ))
                        .with_span(span),
                );
                continue;
            }
        };
        let id = identity(&dir);
        if chain.contains(&id) || chain.len() >= MAX_DEPTH {
            diags.push(
                Diagnostic::error("gantry::module::recursive", "Module calls itself")
                    .with_detail(format!("Module \"{name}\" loads {}, which is already being loaded by one of its callers; a module cannot contain itself.", dir.display()))
                    .with_span(span),
            );
            continue;
        }
        let mut texts = Vec::new();
        for (path, text) in files {
            match text {
                Ok(text) => texts.push((display_name(&dir, &path), text)),
                Err(d) => diags.push(d),
            }
        }
        let sources = std::mem::take(&mut module.sources);
        let (mut child, more) = load_into(&dir, sources, texts, blocks);
        diags.extend(more);
        child.path = module.path.child(&name);
        chain.push(id);
        load_calls(&mut child, blocks, resolve, chain, diags);
        chain.pop();
        module.sources = child.sources.clone();
        module.children.insert(name, child);
    }
}

/// A directory's identity for the recursion check: canonical when it
/// exists.
fn identity(dir: &Path) -> PathBuf {
    std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// `dir` joined with a relative `source`, `.` and `..` resolved
/// lexically, so file names read `modules/api/main.tf` as Terraform shows
/// them.
pub fn join_clean(dir: &Path, source: &str) -> PathBuf {
    let mut out: Vec<Component> = Vec::new();
    let source = source.replace('\\', "/");
    for c in dir.components().chain(Path::new(&source).components()) {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                _ => out.push(c),
            },
            other => out.push(other),
        }
    }
    if out.is_empty() {
        return PathBuf::from(".");
    }
    out.iter().collect()
}

#[cfg(test)]
mod tests {
    use super::join_clean;
    use std::path::{Path, PathBuf};

    #[test]
    fn sources_join_lexically() {
        assert_eq!(join_clean(Path::new("."), "./a"), PathBuf::from("a"));
        assert_eq!(join_clean(Path::new("x/y"), "../z"), PathBuf::from("x/z"));
        assert_eq!(join_clean(Path::new("."), "../z"), PathBuf::from("../z"));
        assert_eq!(
            join_clean(Path::new("/r/m"), "./a/../b"),
            PathBuf::from("/r/m/b")
        );
    }
}
