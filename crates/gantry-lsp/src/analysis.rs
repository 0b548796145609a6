//! One module directory checked the way `gantry validate` checks it, with
//! the editor's unsaved text in place of what is on disk.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use gantry_config::value::Value;
use gantry_config::vars::Inputs;
use gantry_config::Module;
use gantry_diagnostics::{Diagnostic, FileId, Severity, Span};
use gantry_schema::ValidateOptions;
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url};

use crate::text::LineIndex;

/// A file the editor holds: its text replaces the file on disk.
#[derive(Debug, Clone)]
pub struct Overlay {
    pub path: PathBuf,
    pub text: String,
    pub version: i32,
}

/// The result of checking one directory.
pub struct Analysis {
    pub dir: PathBuf,
    /// Which edit of the directory this reflects (see the scheduler).
    pub generation: u64,
    pub module: Module,
    /// Sorted as `validate` sorts them.
    pub diagnostics: Vec<Diagnostic>,
    /// Input variables as `validate` resolved them (defaults, tfvars,
    /// `TF_VAR_`), for hover.
    pub variables: BTreeMap<String, Value>,
    /// Versions of the editor texts that were used.
    pub versions: BTreeMap<PathBuf, i32>,
}

/// Stops an analysis that a newer edit has made pointless.
pub trait Cancel {
    fn cancelled(&self) -> bool;
}

impl<F: Fn() -> bool> Cancel for F {
    fn cancelled(&self) -> bool {
        self()
    }
}

/// What the checks of one directory keep for the next: each file's parse,
/// in top-level pieces (an edit parses again only the pieces it changed),
/// what each resource block was found to hold and refer to (checked again
/// only when its text or what it may read changed), and the texts of the files on disk, read again only when their size or
/// modification time changed.
#[derive(Default)]
pub struct Cache {
    parses: gantry_config::ParseCache,
    checks: gantry_graph::CheckMemo,
    disk: HashMap<PathBuf, DiskFile>,
    reads: usize,
}

struct DiskFile {
    stamp: Option<(SystemTime, u64)>,
    text: Result<String, Box<Diagnostic>>,
}

impl Cache {
    /// How many top-level pieces of files were parsed since the cache was
    /// made (the others were reused).
    pub fn pieces_parsed(&self) -> usize {
        self.parses.pieces_parsed()
    }

    /// How many files were read from disk since the cache was made.
    pub fn files_read(&self) -> usize {
        self.reads
    }

    /// How many resource blocks were checked, and how many had their
    /// findings back unchanged, since the cache was made.
    pub fn blocks_checked(&self) -> (usize, usize) {
        self.checks.counts()
    }

    /// The text of `path` on disk, read again only when it changed.
    fn read(&mut self, path: &Path) -> Result<String, Box<Diagnostic>> {
        let stamp = std::fs::metadata(path)
            .ok()
            .and_then(|m| Some((m.modified().ok()?, m.len())));
        if let Some(f) = self.disk.get(path) {
            if stamp.is_some() && f.stamp == stamp {
                return f.text.clone();
            }
        }
        self.reads += 1;
        let text = gantry_config::load::read_file(path);
        self.disk.insert(
            path.to_path_buf(),
            DiskFile {
                stamp,
                text: text.clone(),
            },
        );
        text
    }
}

/// Checks `dir`: every `*.tf` on disk, with `overlays` (the open
/// documents of this directory) in place of their files, checked as
/// `gantry validate` checks (`gantry_graph::check`). `None` when `cancel`
/// says a newer edit superseded this one; it is asked after loading.
pub fn analyze(
    dir: &Path,
    generation: u64,
    overlays: &[Overlay],
    env: &[(String, String)],
    cancel: &dyn Cancel,
) -> Option<Analysis> {
    analyze_with(dir, generation, overlays, env, cancel, None)
}

/// [`analyze`], keeping in `cache` what the next check of `dir` can reuse.
/// The analysis is the one [`analyze`] gives.
pub fn analyze_cached(
    dir: &Path,
    generation: u64,
    overlays: &[Overlay],
    env: &[(String, String)],
    cancel: &dyn Cancel,
    cache: &mut Cache,
) -> Option<Analysis> {
    analyze_with(dir, generation, overlays, env, cancel, Some(cache))
}

fn analyze_with(
    dir: &Path,
    generation: u64,
    overlays: &[Overlay],
    env: &[(String, String)],
    cancel: &dyn Cancel,
    mut cache: Option<&mut Cache>,
) -> Option<Analysis> {
    // The files on disk (a directory that cannot be read has none here:
    // its open documents still count), with the editor's texts in place
    // of theirs (those files are not read); files that cannot be read are
    // reported as `validate` reports them, unless the editor holds them.
    let mut files: BTreeMap<PathBuf, Result<String, Diagnostic>> = BTreeMap::new();
    let mut versions = BTreeMap::new();
    for o in overlays {
        if gantry_config::is_config_file(&o.path) {
            files.insert(o.path.clone(), Ok(o.text.clone()));
        }
        versions.insert(o.path.clone(), o.version);
    }
    let on_disk = gantry_config::load::config_files(dir).unwrap_or_default();
    if let Some(c) = cache.as_deref_mut() {
        c.disk.retain(|p, _| on_disk.contains(p));
    }
    for path in on_disk {
        if files.contains_key(&path) {
            continue;
        }
        let text = match cache.as_deref_mut() {
            Some(c) => c.read(&path),
            None => gantry_config::load::read_file(&path),
        }
        .map_err(|d| *d);
        files.insert(path, text);
    }
    // Terraform reads a directory's files in lexical order of their names,
    // which is the order of their paths within one directory.
    let mut named = Vec::new();
    let mut read_errors = Vec::new();
    for (path, text) in files {
        match text {
            Ok(text) => named.push((path.display().to_string(), text)),
            Err(d) => read_errors.push(d),
        }
    }

    let (mut module, mut diags) = match cache.as_deref_mut() {
        Some(c) => gantry_config::load_sources_cached(
            dir,
            named,
            &gantry_schema::JsonBlocks,
            &mut c.parses,
        ),
        None => gantry_config::load_sources_with(dir, named, &gantry_schema::JsonBlocks),
    };
    diags.extend(read_errors);
    gantry_config::load_children(&mut module, &gantry_schema::JsonBlocks, &mut diags);
    if cancel.cancelled() {
        return None;
    }
    let opts = ValidateOptions {
        inputs: Inputs {
            env: env.to_vec(),
            cli: Vec::new(),
            require_all: false,
        },
    };
    let checked = match cache {
        Some(c) => gantry_graph::check_remembering(&mut module, &opts, &mut c.checks),
        None => gantry_graph::check(&mut module, &opts),
    };
    diags.extend(checked.diagnostics);
    diags.adapt_fixes_to_json(&module.sources);
    diags.sort();
    Some(Analysis {
        dir: dir.to_path_buf(),
        generation,
        module,
        diagnostics: diags.into_vec(),
        variables: checked.variables,
        versions,
    })
}

impl Analysis {
    /// The file of this module at `path`, if it is one.
    pub fn file(&self, path: &Path) -> Option<FileId> {
        self.module.sources.find(&path.display().to_string())
    }

    pub fn path(&self, file: FileId) -> PathBuf {
        PathBuf::from(self.module.sources.get(file).name())
    }

    pub fn text(&self, file: FileId) -> &str {
        self.module.sources.get(file).text()
    }

    /// Every file the diagnostics may be published for: the `.tf` files
    /// and the tfvars files variable resolution read. The files of called
    /// modules are not among them: their own directory's analysis
    /// publishes theirs (a file has one set of diagnostics).
    pub fn files(&self) -> impl Iterator<Item = FileId> + '_ {
        let called: std::collections::BTreeSet<FileId> = self
            .module
            .descendants()
            .into_iter()
            .flat_map(|m| m.maps.iter().map(|f| f.file))
            .collect();
        self.module
            .sources
            .iter()
            .map(|(id, _)| id)
            .filter(move |id| !called.contains(id))
    }

    pub fn location(&self, span: Span) -> Option<Location> {
        let url = Url::from_file_path(self.path(span.file)).ok()?;
        let text = self.text(span.file);
        Some(Location::new(
            url,
            LineIndex::new(text).range(span.start, span.end),
        ))
    }

    /// The diagnostics of one file, each with its LSP form. Diagnostics
    /// without a place (few: a file that is not UTF-8, say) are shown at the
    /// top of the first file, so they are not lost.
    pub fn diagnostics_of(&self, file: FileId) -> Vec<(&Diagnostic, lsp_types::Diagnostic)> {
        let first = self.files().next();
        let index = LineIndex::new(self.text(file));
        self.diagnostics
            .iter()
            .filter(|d| match d.span {
                Some(s) => s.file == file,
                None => first == Some(file),
            })
            .map(|d| {
                let range = d
                    .span
                    .map_or_else(lsp_types::Range::default, |s| index.range(s.start, s.end));
                (d, self.lsp_diagnostic(d, range))
            })
            .collect()
    }

    /// The LSP diagnostics of one file, as published.
    pub fn lsp_diagnostics(&self, file: FileId) -> Vec<lsp_types::Diagnostic> {
        self.diagnostics_of(file)
            .into_iter()
            .map(|(_, l)| l)
            .collect()
    }

    fn lsp_diagnostic(&self, d: &Diagnostic, range: lsp_types::Range) -> lsp_types::Diagnostic {
        let mut message = d.summary.clone();
        if !d.detail.is_empty() {
            message.push_str("\n\n");
            message.push_str(&d.detail);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .filter_map(|l| {
                Some(DiagnosticRelatedInformation {
                    location: self.location(l.span)?,
                    message: l.message.clone(),
                })
            })
            .collect();
        lsp_types::Diagnostic {
            range,
            severity: Some(severity(d.severity)),
            code: Some(NumberOrString::String(d.code.to_string())),
            code_description: None,
            source: Some("gantry".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }
}

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_on_disk_are_read_again_only_when_they_change_and_open_ones_never() {
        let dir = tempfile::tempdir().unwrap();
        let disk = dir.path().join("a.tf");
        let open = dir.path().join("b.tf");
        std::fs::write(&disk, "locals {\n  a = 1\n}\n").unwrap();
        std::fs::write(&open, "this file on disk is never read").unwrap();
        let overlays = [Overlay {
            path: open.clone(),
            text: "locals {\n  b = local.a\n}\n".into(),
            version: 3,
        }];
        let never = || false;
        let mut cache = Cache::default();
        let check = |cache: &mut Cache| {
            analyze_cached(dir.path(), 0, &overlays, &[], &never, cache).unwrap()
        };
        assert!(check(&mut cache).diagnostics.is_empty());
        assert_eq!(cache.files_read(), 1, "only a.tf was read");
        let pieces = cache.pieces_parsed();
        check(&mut cache);
        assert_eq!(cache.files_read(), 1, "nothing changed on disk");
        assert_eq!(cache.pieces_parsed(), pieces, "nor in the editor");

        // A change on disk of another size is read.
        std::fs::write(&disk, "locals {\n  cc = 1\n}\n").unwrap();
        let a = check(&mut cache);
        assert_eq!(cache.files_read(), 2);
        assert!(
            a.diagnostics
                .iter()
                .any(|d| d.summary.contains("Reference to undeclared")),
            "{:?}",
            a.diagnostics
        );
        // A deleted file is gone from the check.
        std::fs::remove_file(&disk).unwrap();
        let a = check(&mut cache);
        assert_eq!(a.module.sources.iter().count(), 1);
    }
}
