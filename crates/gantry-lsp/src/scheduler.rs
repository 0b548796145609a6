//! The editor's documents and the checks of their directories.
//!
//! Every edit bumps its directory's generation and marks the directory
//! pending. One worker thread checks pending directories after a short
//! quiet period (typing fast queues nothing: a directory is pending once,
//! whatever the number of edits), and an edit that arrives while a check
//! runs supersedes it: the check stops once loaded, or its result is
//! dropped, and the newer text is checked instead.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::analysis::{analyze_cached, Analysis, Cache, Overlay};

/// How long a directory must be quiet before it is checked.
pub const QUIET: Duration = Duration::from_millis(15);

#[derive(Default)]
struct Dir {
    generation: u64,
    pending: Option<Instant>,
    latest: Option<Arc<Analysis>>,
}

#[derive(Default)]
struct State {
    documents: BTreeMap<PathBuf, Overlay>,
    dirs: BTreeMap<PathBuf, Dir>,
    shutdown: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    env: Vec<(String, String)>,
    /// Each directory's [`Cache`], taken out while a check uses it (a
    /// request checking at the same time as the worker starts afresh).
    caches: Mutex<BTreeMap<PathBuf, Cache>>,
}

/// What the worker does with a finished check.
pub trait Publish: Send + 'static {
    fn publish(&mut self, analysis: &Analysis);
}

pub struct Scheduler {
    shared: Arc<Shared>,
    worker: Option<JoinHandle<()>>,
}

fn dir_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half
        // written in a way that matters more than stopping would.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn generation(&self, dir: &Path) -> u64 {
        self.lock().dirs.get(dir).map_or(0, |d| d.generation)
    }

    /// [`analyze_cached`] with `dir`'s cache.
    fn analyze(
        &self,
        dir: &Path,
        generation: u64,
        docs: &[Overlay],
        cancel: &dyn crate::analysis::Cancel,
    ) -> Option<Analysis> {
        let caches = || self.caches.lock().unwrap_or_else(|e| e.into_inner());
        let mut cache = caches().remove(dir).unwrap_or_default();
        let analysis = analyze_cached(dir, generation, docs, &self.env, cancel, &mut cache);
        caches().insert(dir.to_path_buf(), cache);
        analysis
    }
}

fn overlays(state: &State, dir: &Path) -> Vec<Overlay> {
    state
        .documents
        .values()
        .filter(|o| o.path.parent() == Some(dir))
        .cloned()
        .collect()
}

impl Scheduler {
    /// Starts the worker. `env` is the process environment, for `TF_VAR_`
    /// values as `validate` reads them.
    pub fn start(env: Vec<(String, String)>, mut publish: impl Publish) -> Scheduler {
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            env,
            caches: Mutex::default(),
        });
        let worker_shared = Arc::clone(&shared);
        // Checking deeply nested configurations (10,000 levels) recurses;
        // the worker gets the CLI thread's stack.
        let worker = std::thread::Builder::new()
            .name("gantry-lsp-check".into())
            .stack_size(gantry_config::DEEP_STACK)
            .spawn(move || {
                while let Some(job) = next_job(&worker_shared) {
                    let (dir, generation, docs) = match job {
                        Job::Check {
                            dir,
                            generation,
                            docs,
                        } => (dir, generation, docs),
                        Job::Publish(done) => {
                            publish.publish(&done);
                            continue;
                        }
                    };
                    let cancel = || worker_shared.generation(&dir) != generation;
                    // A bug in a check must not end the checking of later edits.
                    let checked = catch_unwind(AssertUnwindSafe(|| {
                        worker_shared.analyze(&dir, generation, &docs, &cancel)
                    }));
                    let Ok(Some(analysis)) = checked else {
                        continue;
                    };
                    let analysis = Arc::new(analysis);
                    {
                        let mut state = worker_shared.lock();
                        let entry = state.dirs.entry(dir).or_default();
                        if entry.generation != generation {
                            continue;
                        }
                        entry.latest = Some(Arc::clone(&analysis));
                    }
                    publish.publish(&analysis);
                }
            })
            .expect("the check worker thread starts");
        Scheduler {
            shared,
            worker: Some(worker),
        }
    }

    /// Applies `f` to the state; when it changed something, `path`'s
    /// directory is due for a check.
    fn change(&self, path: &Path, f: impl FnOnce(&mut State) -> bool) {
        let mut state = self.shared.lock();
        if f(&mut state) {
            touch(&mut state, dir_of(path));
            self.shared.wake.notify_all();
        }
    }

    /// Records the text of an open document (opened or changed).
    pub fn set_document(&self, path: PathBuf, text: String, version: i32) {
        self.change(&path.clone(), |state| {
            let doc = Overlay {
                path: path.clone(),
                text,
                version,
            };
            state.documents.insert(path, doc);
            true
        });
    }

    /// Edits an open document in place; nothing when it is not open.
    pub fn edit_document(&self, path: &Path, version: i32, edit: impl FnOnce(&mut String)) {
        self.change(path, |state| {
            let Some(doc) = state.documents.get_mut(path) else {
                return false;
            };
            edit(&mut doc.text);
            doc.version = version;
            true
        });
    }

    /// A document was closed: its file on disk counts again.
    pub fn close_document(&self, path: &Path) {
        self.change(path, |state| {
            state.documents.remove(path);
            true
        });
    }

    /// Files of `path`'s directory changed on disk (saved, created,
    /// deleted): check it again.
    pub fn disk_changed(&self, path: &Path) {
        self.change(path, |_| true);
    }

    pub fn document(&self, path: &Path) -> Option<Overlay> {
        self.shared.lock().documents.get(path).cloned()
    }

    /// The analysis of `path`'s directory as the documents are now: the
    /// worker's when it is current, otherwise checked here and now
    /// (requests must not answer from text that has since changed).
    pub fn analysis(&self, path: &Path) -> Arc<Analysis> {
        let dir = dir_of(path);
        let (generation, docs) = {
            let state = self.shared.lock();
            let entry = state.dirs.get(&dir);
            let generation = entry.map_or(0, |d| d.generation);
            if let Some(latest) = entry.and_then(|d| d.latest.as_ref()) {
                if latest.generation == generation {
                    return Arc::clone(latest);
                }
            }
            (generation, overlays(&state, &dir))
        };
        let never = || false;
        let analysis = Arc::new(
            self.shared
                .analyze(&dir, generation, &docs, &never)
                .expect("an analysis that is never cancelled finishes"),
        );
        let mut state = self.shared.lock();
        let entry = state.dirs.entry(dir).or_default();
        if entry.generation == generation {
            entry.latest = Some(Arc::clone(&analysis));
        }
        analysis
    }
}

fn touch(state: &mut State, dir: PathBuf) {
    let entry = state.dirs.entry(dir).or_default();
    entry.generation += 1;
    entry.pending = Some(Instant::now());
}

/// What the worker does next for a directory whose quiet period passed.
enum Job {
    Check {
        dir: PathBuf,
        generation: u64,
        docs: Vec<Overlay>,
    },
    /// A request already checked this generation: publish that.
    Publish(Arc<Analysis>),
}

/// Waits for a directory whose quiet period has passed; `None` at shutdown.
fn next_job(shared: &Shared) -> Option<Job> {
    let mut state = shared.lock();
    loop {
        if state.shutdown {
            return None;
        }
        let now = Instant::now();
        let due = state
            .dirs
            .iter()
            .filter_map(|(dir, d)| d.pending.map(|at| (at + QUIET, dir.clone())))
            .min();
        match due {
            None => state = shared.wake.wait(state).unwrap_or_else(|e| e.into_inner()),
            Some((at, dir)) if at <= now => {
                let entry = state.dirs.entry(dir.clone()).or_default();
                entry.pending = None;
                let generation = entry.generation;
                if let Some(done) = entry.latest.as_ref().filter(|a| a.generation == generation) {
                    return Some(Job::Publish(Arc::clone(done)));
                }
                let docs = overlays(&state, &dir);
                return Some(Job::Check {
                    dir,
                    generation,
                    docs,
                });
            }
            Some((at, _)) => {
                state = shared
                    .wake
                    .wait_timeout(state, at - now)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        self.shared.lock().shutdown = true;
        self.shared.wake.notify_all();
        if let Some(w) = self.worker.take() {
            let _ = w.join();
        }
    }
}

/// Directories whose diagnostics were published, per file, so a file that
/// leaves the module gets an empty list.
#[derive(Default)]
pub struct Published {
    files: BTreeMap<PathBuf, BTreeSet<PathBuf>>,
}

impl Published {
    /// Records the files published for `dir`; returns those published
    /// before that are not among them.
    pub fn replace(&mut self, dir: &Path, now: BTreeSet<PathBuf>) -> Vec<PathBuf> {
        let before = self.files.insert(dir.to_path_buf(), now.clone());
        before
            .unwrap_or_default()
            .into_iter()
            .filter(|p| !now.contains(p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::{channel, Sender};

    use super::*;
    use crate::analysis::analyze;

    struct Record(Sender<(u64, Option<i32>, usize)>);

    impl Publish for Record {
        fn publish(&mut self, a: &Analysis) {
            let version = a.versions.values().next().copied();
            let _ = self.0.send((a.generation, version, a.diagnostics.len()));
        }
    }

    #[test]
    fn a_burst_of_edits_is_checked_once_with_the_last_text() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("main.tf");
        let (tx, rx) = channel();
        let scheduler = Scheduler::start(Vec::new(), Record(tx));
        scheduler.set_document(path.clone(), "locals {\n  a = 1\n}\n".into(), 0);
        // 50 keystrokes, each leaving an undeclared reference but the last.
        for version in 1..=50 {
            scheduler.edit_document(&path, version, |text| {
                *text = if version == 50 {
                    "locals {\n  a = 1\n}\n".into()
                } else {
                    format!("locals {{\n  a = local.b{version}\n}}\n")
                };
            });
        }
        let mut published = Vec::new();
        loop {
            let got = rx
                .recv_timeout(Duration::from_secs(20))
                .expect("a check within 20 s");
            published.push(got);
            if got.0 == 51 {
                break;
            }
        }
        let (_, version, diagnostics) = published[published.len() - 1];
        assert_eq!(version, Some(50));
        assert_eq!(diagnostics, 0, "the last text is valid");
        // The edits took microseconds, well inside one quiet period; a very
        // slow machine may check once or twice more, never once per edit.
        assert!(published.len() <= 3, "checked {} times", published.len());
        std::thread::sleep(QUIET * 4);
        assert!(rx.try_recv().is_err(), "nothing left queued");
    }

    #[test]
    fn a_generation_a_request_already_checked_is_published_not_checked_again() {
        let dir = tempfile::tempdir().unwrap();
        let never = || false;
        let done = Arc::new(analyze(dir.path(), 3, &[], &[], &never).unwrap());
        let shared = Shared {
            state: Mutex::new(State::default()),
            wake: Condvar::new(),
            env: Vec::new(),
            caches: Mutex::default(),
        };
        let due = Instant::now() - QUIET;
        shared.lock().dirs.insert(
            dir.path().to_path_buf(),
            Dir {
                generation: 3,
                pending: Some(due),
                latest: Some(Arc::clone(&done)),
            },
        );
        match next_job(&shared) {
            Some(Job::Publish(a)) => assert!(Arc::ptr_eq(&a, &done)),
            _ => panic!("expected the request's analysis to be published"),
        }
        // One generation later, it is checked.
        let mut state = shared.lock();
        let entry = state.dirs.get_mut(dir.path()).unwrap();
        entry.generation = 4;
        entry.pending = Some(due);
        drop(state);
        assert!(matches!(
            next_job(&shared),
            Some(Job::Check { generation: 4, .. })
        ));
    }

    #[test]
    fn a_superseded_check_stops() {
        let dir = tempfile::tempdir().unwrap();
        let cancelled = || true;
        assert!(analyze(dir.path(), 1, &[], &[], &cancelled).is_none());
    }
}
