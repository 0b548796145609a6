//! The local state file: atomic writes (temp file, fsync, rename, fsync of
//! the directory), `terraform.tfstate.backup`, mode 0600, serial bumps
//! only when content changes, and recovery from the journal an interrupted
//! apply left behind.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::error::StateError;
use crate::journal::{self, Intent, Journal};
use crate::lock::{self, Lock, LockInfo};
use crate::remote::Remote;
use crate::tfstate::{State, STATE_VERSION};

/// How often an apply's progress is written to a remote state (the local
/// journal has every step at once): Terraform's interval for remote
/// backends.
pub const REMOTE_PERSIST_INTERVAL: Duration = Duration::from_secs(20);

pub struct Store {
    /// The state file; for a remote state, its description
    /// (`s3://bucket/key`) as a path, for messages.
    path: PathBuf,
    /// Where a remote state's document and lock are; `None` for a file.
    remote: Option<RemotePlace>,
    /// Held from [`Store::lock`] until the store is dropped.
    lock: Option<Held>,
    /// A reader never changes a file: it may run beside an apply, whose
    /// live journal only the lock holder may fold.
    writer: bool,
    /// The state as last read or written, to tell whether a write changes
    /// anything (Terraform bumps `serial` only then).
    last: Option<State>,
    backed_up: bool,
}

struct RemotePlace {
    remote: Box<dyn Remote>,
    /// The journal of an apply against this state: a local file (in the
    /// working directory's data directory), so that a killed run loses
    /// nothing it did; the next run folds it into the remote state.
    journal: PathBuf,
    /// Whether the remote document exists (as far as this store knows).
    exists: bool,
    /// When the document was last written, for [`Store::checkpoint`].
    persisted: Instant,
    every: Duration,
}

enum Held {
    File(Lock),
    Remote(LockInfo),
}

impl Store {
    /// A store that may write (under the lock, unless the user opted out
    /// with `-lock=false`).
    pub fn new(path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            remote: None,
            lock: None,
            writer: true,
            last: None,
            backed_up: false,
        }
    }

    /// A store that only reads: it sees a journal's records without folding
    /// or removing the journal, and refuses to write.
    pub fn reader(path: impl Into<PathBuf>) -> Store {
        let mut store = Store::new(path);
        store.writer = false;
        store
    }

    /// A store of a remote state whose apply journal is the local file
    /// `journal`; `writer` as for [`Store::new`] / [`Store::reader`].
    pub fn remote(remote: Box<dyn Remote>, journal: PathBuf, writer: bool) -> Store {
        Store {
            path: PathBuf::from(remote.describe()),
            remote: Some(RemotePlace {
                remote,
                journal,
                exists: false,
                persisted: Instant::now(),
                every: REMOTE_PERSIST_INTERVAL,
            }),
            lock: None,
            writer,
            last: None,
            backed_up: false,
        }
    }

    /// How often [`Store::checkpoint`] writes a remote state.
    pub fn persist_every(mut self, every: Duration) -> Store {
        if let Some(r) = &mut self.remote {
            r.every = every;
        }
        self
    }

    /// Takes the state lock for `operation`, held until the store is
    /// dropped. A lock holder may fold a journal even as a reader.
    pub fn lock(&mut self, operation: &str, who: &str) -> Result<&LockInfo, StateError> {
        if self.lock.is_none() {
            self.lock = Some(match &mut self.remote {
                None => Held::File(lock::acquire(&self.path, operation, who)?),
                Some(r) => {
                    let mut info = LockInfo::new(operation, who, String::new());
                    r.remote.lock(&mut info)?;
                    Held::Remote(info)
                }
            });
        }
        Ok(match self.lock.as_ref().expect("just set") {
            Held::File(l) => &l.info,
            Held::Remote(info) => info,
        })
    }

    /// Releases the lock now, saying why not if it cannot (dropping the
    /// store releases it too, but can only print a failure).
    pub fn unlock(&mut self) -> Result<(), StateError> {
        match (self.lock.take(), &mut self.remote) {
            (Some(Held::Remote(info)), Some(r)) => r.remote.unlock(&info.id),
            _ => Ok(()),
        }
    }

    /// May this store change files? A writer, or a reader that holds the
    /// lock (no apply can be running then).
    pub fn may_write(&self) -> bool {
        self.writer || self.lock.is_some()
    }

    /// The state file, or a remote state's description.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn is_remote(&self) -> bool {
        self.remote.is_some()
    }

    pub fn backup_path(&self) -> PathBuf {
        backup_path(&self.path)
    }

    pub fn journal_path(&self) -> PathBuf {
        match &self.remote {
            Some(r) => r.journal.clone(),
            None => sibling(&self.path, ".journal"),
        }
    }

    /// Reads the state; `None` when there is no state file yet. A journal
    /// (an interrupted apply's, or a running one's) is part of the state:
    /// a store that may write folds it into the file first (see
    /// [`Store::recover`]); a reader replays it in memory and leaves
    /// both files as they are.
    pub fn read(&mut self) -> Result<Option<State>, StateError> {
        if self.may_write() {
            self.recover()?;
            return self.read_file();
        }
        // The journal before the state: if the apply finishes in between,
        // its records are replayed onto the folded state, which changes
        // nothing (replay is idempotent). The other order could miss them.
        let jpath = self.journal_path();
        let journal = match fs::read_to_string(&jpath) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(StateError::io(&jpath, e)),
        };
        let state = self.read_file()?;
        let Some(text) = journal else {
            return Ok(state);
        };
        let mut state = state.unwrap_or_default();
        journal::replay(&jpath, &text, &mut state)?;
        Ok(Some(state))
    }

    fn read_file(&mut self) -> Result<Option<State>, StateError> {
        let state = self.on_disk()?;
        self.last = state.clone();
        Ok(state)
    }

    /// The state file as it is now; `None` when there is none. An empty
    /// file is no state too: Terraform's local backend creates one to lock
    /// it, and so does [`lock::acquire`].
    fn on_disk(&mut self) -> Result<Option<State>, StateError> {
        if let Some(r) = &mut self.remote {
            let Some(bytes) = r.remote.get()? else {
                r.exists = false;
                return Ok(None);
            };
            r.exists = true;
            let text = String::from_utf8(bytes).map_err(|e| StateError::Parse {
                path: self.path.clone(),
                line: 1,
                column: 1,
                message: format!("the state is not UTF-8: {e}"),
            })?;
            if text.trim().is_empty() {
                return Ok(None);
            }
            return parse(&self.path, &text).map(Some);
        }
        match fs::read_to_string(&self.path) {
            Ok(text) if text.trim().is_empty() => Ok(None),
            Ok(text) => parse(&self.path, &text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StateError::io(&self.path, e)),
        }
    }

    /// Writes `state` if its content differs from what was last read or
    /// written, bumping `serial`. The previous file becomes the backup on
    /// the first write of this run. Returns whether it wrote.
    pub fn write(&mut self, state: &mut State) -> Result<bool, StateError> {
        if !self.may_write() {
            return Err(StateError::ReadOnly(self.path.clone()));
        }
        if let Some(last) = &self.last {
            let mut same = state.clone();
            same.serial = last.serial;
            if &same == last && self.exists() {
                state.serial = last.serial;
                return Ok(false);
            }
            state.serial = last.serial + 1;
        } else {
            // Written by someone else since we started: never go backwards.
            // No state yet (or the empty file a lock creates): the first
            // write is serial 1, as Terraform's.
            let floor = match self.on_disk() {
                Ok(Some(on_disk)) => on_disk.serial + 1,
                _ => 1,
            };
            state.serial = state.serial.max(floor);
        }
        self.put(state)?;
        Ok(true)
    }

    /// Writes `state` as it is, serial and lineage included (`state
    /// push`: the caller checked them), with the backup [`Store::write`]
    /// makes.
    pub fn replace(&mut self, state: &State) -> Result<(), StateError> {
        if !self.may_write() {
            return Err(StateError::ReadOnly(self.path.clone()));
        }
        self.put(state)
    }

    /// Whether the state document exists now.
    fn exists(&self) -> bool {
        match &self.remote {
            Some(r) => r.exists,
            None => self.path.exists(),
        }
    }

    /// During an apply: writes `state` to a remote state when the last
    /// write is older than the persist interval, and restarts `journal`
    /// from it (its records are in the remote state now). A local state
    /// needs nothing: the journal is the file's progress.
    pub fn checkpoint(
        &mut self,
        state: &mut State,
        journal: &mut Journal,
    ) -> Result<(), StateError> {
        match &self.remote {
            Some(r) if r.persisted.elapsed() >= r.every => {}
            _ => return Ok(()),
        }
        self.write(state)?;
        journal.restart(state)
    }

    fn put(&mut self, state: &State) -> Result<(), StateError> {
        let mut text =
            serde_json::to_string_pretty(state).map_err(|e| StateError::Encode(e.to_string()))?;
        text.push('\n');
        if let Some(r) = &mut self.remote {
            r.remote.put(text.as_bytes())?;
            r.exists = true;
            r.persisted = Instant::now();
            self.last = Some(state.clone());
            return Ok(());
        }
        let exists = fs::metadata(&self.path).is_ok_and(|m| m.len() > 0);
        if !self.backed_up && exists {
            fs::copy(&self.path, self.backup_path())
                .map_err(|e| StateError::io(&self.backup_path(), e))?;
            set_private(&self.backup_path());
            self.backed_up = true;
        }
        let lock = match &mut self.lock {
            Some(Held::File(l)) => Some(l),
            _ => None,
        };
        write_atomic_locked(&self.path, text.as_bytes(), lock)?;
        self.last = Some(state.clone());
        Ok(())
    }

    /// Starts a journal for an apply against `state` (which must be on
    /// disk already, or empty).
    pub fn begin_journal(&self, state: &State) -> Result<Journal, StateError> {
        if !self.may_write() {
            return Err(StateError::ReadOnly(self.path.clone()));
        }
        if self.remote.is_some() {
            let jpath = self.journal_path();
            if let Some(dir) = jpath.parent().filter(|d| !d.as_os_str().is_empty()) {
                fs::create_dir_all(dir).map_err(|e| StateError::io(dir, e))?;
            }
        }
        let carried = self.open_intents()?;
        Journal::create(&self.journal_path(), state, &carried)
    }

    /// Folds `state` (everything the apply did) into the state file and
    /// drops the journal. The state file is written before the journal is
    /// removed, so a crash in between replays records already applied,
    /// which is harmless: replay is idempotent.
    pub fn finish_journal(
        &mut self,
        state: &mut State,
        journal: Journal,
    ) -> Result<(), StateError> {
        // Creates whose answer was lost stay open for the next run; the
        // journal knows which without being read again.
        let open = journal.open_intents().to_vec();
        drop(journal);
        self.write(state)?;
        self.keep_only(state, &open)
    }

    /// Replays a journal left by an apply that did not finish. Returns how
    /// many records it applied (`None` when there was no journal).
    pub fn recover(&mut self) -> Result<Option<usize>, StateError> {
        if !self.may_write() {
            return Err(StateError::ReadOnly(self.path.clone()));
        }
        let jpath = self.journal_path();
        let text = match fs::read_to_string(&jpath) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StateError::io(&jpath, e)),
        };
        let mut state = self.read_file()?.unwrap_or_default();
        if self.remote.is_some() {
            self.check_remote_base(&jpath, &text, &state)?;
        }
        let replayed = journal::replay(&jpath, &text, &mut state)?;
        self.write(&mut state)?;
        self.keep_only(&state, &replayed.open)?;
        Ok(Some(replayed.applied))
    }

    /// A remote state may have moved on since a local journal was left
    /// (another machine applied after a force-unlock): its records would
    /// then overwrite newer objects. The journal applies to the serial in
    /// its header, or to the next one (the run wrote the state and died
    /// before restarting the journal); anything newer is refused.
    fn check_remote_base(&self, jpath: &Path, text: &str, state: &State) -> Result<(), StateError> {
        let Some((lineage, serial)) = journal::base(text) else {
            return Ok(());
        };
        let same_lineage = state.resources.is_empty() || lineage == state.lineage;
        if same_lineage && state.serial <= serial + 1 {
            return Ok(());
        }
        Err(StateError::Journal {
            path: jpath.to_path_buf(),
            line: 1,
            message: format!(
                "this journal of an interrupted apply records changes to serial {serial} of state {lineage}, but {} now holds serial {} of state {}: another run wrote the state since. gantry does not replay old records over newer ones; compare the journal's records with the state, then move the journal away",
                self.path.display(),
                state.serial,
                state.lineage
            ),
        })
    }

    /// Creates of an interrupted run whose outcome is unknown: each must be
    /// looked up (and adopted, or found never made) before a plan may
    /// create the same object again. Read after the journal was folded.
    pub fn open_intents(&self) -> Result<Vec<Intent>, StateError> {
        let jpath = self.journal_path();
        match fs::read_to_string(&jpath) {
            Ok(text) => journal::open_intents(&jpath, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(StateError::io(&jpath, e)),
        }
    }

    /// Drops the intents named by `tokens` (resolved: adopted into `state`,
    /// which the caller wrote first, or found never made).
    pub fn settle(&mut self, state: &State, tokens: &[String]) -> Result<(), StateError> {
        if !self.may_write() {
            return Err(StateError::ReadOnly(self.path.clone()));
        }
        let mut open = self.open_intents()?;
        open.retain(|i| !tokens.contains(&i.token));
        self.keep_only(state, &open)
    }

    /// The journal becomes `open` intents alone, or goes when there are none.
    fn keep_only(&self, state: &State, open: &[Intent]) -> Result<(), StateError> {
        let jpath = self.journal_path();
        if open.is_empty() {
            return match fs::remove_file(&jpath) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                Err(e) => Err(StateError::io(&jpath, e)),
            };
        }
        write_atomic(&jpath, &journal::intents_only(state, open)?)
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        if let Some(Held::Remote(info)) = &self.lock {
            let id = info.id.clone();
            if let Err(e) = self.unlock() {
                // Nobody else can say it: the lock stays until someone
                // removes it.
                eprintln!("\nError: Error releasing the state lock\n\nError message: {e}\n\ngantry acquired a lock on {} (ID {id}) and could not release it.\nRun \"gantry force-unlock {id}\" once no run is using the state.", self.path.display());
            }
        }
    }
}

/// Parses a state document, checking the format version.
pub fn parse(path: &Path, text: &str) -> Result<State, StateError> {
    let parse_error = |e: serde_json::Error| StateError::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    // The version first, reading nothing else into memory, so that a
    // document of another format says so instead of failing on a field;
    // then the state itself, straight from the text (a whole document as
    // a JSON tree beside the state was the peak of reading a big one).
    #[derive(serde::Deserialize)]
    struct Version {
        #[serde(default)]
        version: serde_json::Value,
    }
    let Version { version } = gantry_syntax::json::from_str(text).map_err(parse_error)?;
    let version = version.as_u64().unwrap_or(0);
    if version != STATE_VERSION {
        return Err(StateError::UnsupportedVersion {
            path: path.to_path_buf(),
            version,
        });
    }
    gantry_syntax::json::from_str(text).map_err(parse_error)
}

/// Where the state file `path` keeps its previous content
/// (`terraform.tfstate.backup`).
pub fn backup_path(path: &Path) -> PathBuf {
    sibling(path, ".backup")
}

/// `dir/name` + suffix: `terraform.tfstate` → `terraform.tfstate.backup`.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

/// Temp file in the same directory, fsync, rename over the target, fsync
/// the directory: a reader sees the old or the new file, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StateError> {
    write_atomic_locked(path, bytes, None)
}

/// [`write_atomic`]; with a held lock, the new file is locked before the
/// rename puts it at the path, and stays locked until the lock is dropped.
fn write_atomic_locked(
    path: &Path,
    bytes: &[u8],
    lock: Option<&mut Lock>,
) -> Result<(), StateError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = sibling(path, &format!(".tmp{}", std::process::id()));
    let result = (|| -> Result<(), StateError> {
        let io = |e| StateError::io(path, e);
        let mut f = private_options().read(true).open(&tmp).map_err(io)?;
        f.write_all(bytes).map_err(io)?;
        f.sync_all().map_err(io)?;
        if let Some(lock) = lock {
            lock.install(f)?;
        }
        fs::rename(&tmp, path).map_err(io)?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

pub(crate) fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

fn set_private(path: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(path, fs::Permissions::from_mode(0o600));
    }
}

/// Makes a rename or a new file durable. Best effort: some filesystems
/// refuse to open directories.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}
