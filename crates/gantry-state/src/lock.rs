//! The local state lock, as Terraform's local backend takes it: an `fcntl`
//! write lock over the whole of `terraform.tfstate`, and
//! `.terraform.tfstate.lock.info` beside it only to say who holds it.
//!
//! The kernel lock is the lock: it dies with its process, so a crash never
//! leaves a stale lock, and Terraform (which sets the same lock with
//! `F_SETLK`) and gantry exclude each other both ways. gantry uses
//! open-file-description locks (`F_OFD_SETLK`) where the system has them:
//! they conflict with Terraform's process locks, but unlike those they are
//! not dropped when this process closes some other descriptor of the state
//! file (every read of it opens one).
//!
//! gantry replaces the state file by renaming a new file over it, which puts
//! a new inode at the path. [`Lock::install`] locks each new file before the
//! rename and keeps every locked file open until the lock is dropped, so
//! whichever inode another process opens, it finds it locked.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::StateError;
use crate::store::private_options;

/// Terraform's lock info fields, plus the holder's process id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LockInfo {
    #[serde(rename = "ID")]
    pub id: String,
    #[serde(rename = "Operation")]
    pub operation: String,
    #[serde(rename = "Info", default)]
    pub info: String,
    #[serde(rename = "Who")]
    pub who: String,
    #[serde(rename = "Version")]
    pub version: String,
    #[serde(rename = "Created")]
    pub created: String,
    #[serde(rename = "Path")]
    pub path: String,
    /// Terraform does not write it; 0 then.
    #[serde(rename = "Pid", default)]
    pub pid: u32,
}

impl LockInfo {
    /// A new lock's info: a fresh ID, now, this process.
    pub fn new(operation: &str, who: &str, path: String) -> LockInfo {
        LockInfo {
            id: uuid::Uuid::new_v4().to_string(),
            operation: operation.into(),
            info: String::new(),
            who: who.into(),
            version: format!("gantry {}", env!("CARGO_PKG_VERSION")),
            created: humantime::format_rfc3339_micros(std::time::SystemTime::now()).to_string(),
            path,
            pid: std::process::id(),
        }
    }
}

impl fmt::Display for LockInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pid = if self.pid == 0 {
            String::new()
        } else {
            format!(" (pid {})", self.pid)
        };
        write!(
            f,
            "  ID:        {}\n  Path:      {}\n  Operation: {}\n  Who:       {}{pid}\n  Version:   {}\n  Created:   {}\n  Info:      {}",
            self.id, self.path, self.operation, self.who, self.version, self.created, self.info
        )
    }
}

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Lock {
    info_path: PathBuf,
    state_path: PathBuf,
    pub info: LockInfo,
    /// Every locked open file of the state path: the one taken by
    /// [`acquire`] and one per [`Lock::install`].
    held: Vec<File>,
    /// The state file did not exist before [`acquire`] created it to lock
    /// it; an empty one is removed again on release, as Terraform does.
    created: bool,
}

/// Where the lock info file for `state_path` lives.
pub fn lock_path(state_path: &Path) -> PathBuf {
    let name = state_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "terraform.tfstate".into());
    state_path.with_file_name(format!(".{name}.lock.info"))
}

/// Opens the state file for locking, creating it (empty, private) when
/// missing; says whether it created it.
fn open_state_file(state_path: &Path) -> Result<(File, bool), StateError> {
    let mut create = OpenOptions::new();
    create.read(true).write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        create.mode(0o600);
    }
    match create.open(state_path) {
        Ok(f) => Ok((f, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => OpenOptions::new()
            .read(true)
            .write(true)
            .open(state_path)
            .map(|f| (f, false))
            .map_err(|e| StateError::io(state_path, e)),
        Err(e) => Err(StateError::io(state_path, e)),
    }
}

/// Takes the lock or says who holds it.
pub fn acquire(state_path: &Path, operation: &str, who: &str) -> Result<Lock, StateError> {
    let info_path = lock_path(state_path);
    let (file, created) = open_state_file(state_path)?;
    match os::try_lock(&file) {
        Ok(true) => {}
        Ok(false) => {
            drop(file);
            return Err(StateError::Locked(Box::new(holder(state_path))));
        }
        Err(e) => return Err(StateError::io(state_path, e)),
    }
    let info = LockInfo::new(operation, who, state_path.display().to_string());
    let lock = Lock {
        info_path,
        state_path: state_path.to_path_buf(),
        info,
        held: vec![file],
        created,
    };
    // A lock info file left by a crash is overwritten: the kernel lock, not
    // the file, says whether anyone holds the state.
    let text = serde_json::to_vec(&lock.info).map_err(|e| StateError::Encode(e.to_string()))?;
    private_options()
        .open(&lock.info_path)
        .and_then(|mut f| f.write_all(&text))
        .map_err(|e| StateError::io(&lock.info_path, e))?;
    Ok(lock)
}

impl Lock {
    /// Locks `file`, which is about to be renamed over the state path, and
    /// keeps it open for as long as this lock is held.
    pub(crate) fn install(&mut self, file: File) -> Result<(), StateError> {
        match os::try_lock(&file) {
            Ok(true) => {
                self.held.push(file);
                Ok(())
            }
            Ok(false) => Err(StateError::Locked(Box::new(holder(&self.state_path)))),
            Err(e) => Err(StateError::io(&self.state_path, e)),
        }
    }
}

/// What the lock info file says, or a placeholder when it says nothing.
fn holder(state_path: &Path) -> LockInfo {
    let info_path = lock_path(state_path);
    read_info(&info_path).unwrap_or_else(|| LockInfo {
        id: String::new(),
        operation: "unknown".into(),
        info: format!(
            "another process holds the lock on {}, but {} does not say who",
            state_path.display(),
            info_path.display()
        ),
        who: "unknown".into(),
        version: String::new(),
        created: String::new(),
        path: state_path.display().to_string(),
        pid: 0,
    })
}

fn read_info(path: &Path) -> Option<LockInfo> {
    let text = fs::read_to_string(path).ok()?;
    serde_json::from_str(&text).ok()
}

/// `gantry force-unlock ID` for the local state: a lock whose process is
/// gone is already free, and this removes its leftover info file; a lock
/// held by a running process cannot be broken from outside it (Terraform:
/// "Local state cannot be unlocked by another process").
pub fn force_unlock(state_path: &Path, id: &str) -> Result<LockInfo, StateError> {
    let info_path = lock_path(state_path);
    let info = held_by(read_info(&info_path), id)?;
    if is_held(state_path)? {
        return Err(StateError::HeldByLiveProcess(Box::new(info)));
    }
    fs::remove_file(&info_path).map_err(|e| StateError::io(&info_path, e))?;
    Ok(info)
}

/// The lock `held`, if it is lock `id`: [`StateError::NotLocked`] when
/// there is none, [`StateError::LockMismatch`] when another holds it.
/// Checked before any lock is removed (Terraform's rule: never remove a
/// lock another run took after ours was broken).
pub fn held_by(held: Option<LockInfo>, id: &str) -> Result<LockInfo, StateError> {
    match held {
        None => Err(StateError::NotLocked),
        Some(h) if h.id != id => Err(StateError::LockMismatch {
            given: id.into(),
            held: h.id,
        }),
        Some(h) => Ok(h),
    }
}

/// Whether some process holds the lock on `state_path` now.
pub fn is_held(state_path: &Path) -> Result<bool, StateError> {
    match File::open(state_path) {
        Ok(f) => os::locked_elsewhere(&f).map_err(|e| StateError::io(state_path, e)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StateError::io(state_path, e)),
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // The info file goes first, while the kernel lock still keeps out a
        // next holder whose info file we would otherwise delete.
        if read_info(&self.info_path).is_some_and(|i| i.id == self.info.id) {
            let _ = fs::remove_file(&self.info_path);
        }
        if self.created && fs::metadata(&self.state_path).is_ok_and(|m| m.len() == 0) {
            let _ = fs::remove_file(&self.state_path);
        }
        // Closing the files releases the kernel locks.
        self.held.clear();
    }
}

#[cfg(unix)]
mod os {
    //! `fcntl` record locks over a whole file.

    use std::fs::File;
    use std::os::fd::AsRawFd;

    #[cfg(any(target_os = "linux", target_os = "android"))]
    const SET: libc::c_int = libc::F_OFD_SETLK;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const GET: libc::c_int = libc::F_OFD_GETLK;
    // Without OFD locks, process locks: still excluded by Terraform and
    // other gantry processes, which is what matters.
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const SET: libc::c_int = libc::F_SETLK;
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    const GET: libc::c_int = libc::F_GETLK;

    fn whole_file(kind: libc::c_int) -> libc::flock {
        // SAFETY: `flock` is plain old data; all-zero is a valid value
        // (and `l_pid` must be 0 for OFD locks).
        let mut fl: libc::flock = unsafe { std::mem::zeroed() };
        fl.l_type = kind as _;
        fl.l_whence = libc::SEEK_SET as _;
        fl.l_start = 0;
        fl.l_len = 0;
        fl
    }

    /// A write lock without waiting: `Ok(false)` when another holds one.
    pub fn try_lock(file: &File) -> std::io::Result<bool> {
        let fl = whole_file(libc::F_WRLCK);
        // SAFETY: a valid descriptor and a valid `flock` for the call.
        let rc = unsafe { libc::fcntl(file.as_raw_fd(), SET, &fl) };
        if rc == 0 {
            return Ok(true);
        }
        let e = std::io::Error::last_os_error();
        match e.raw_os_error() {
            Some(libc::EAGAIN) | Some(libc::EACCES) => Ok(false),
            _ => Err(e),
        }
    }

    /// Whether a write lock held elsewhere would conflict, without taking
    /// one (so probing never holds the lock even for an instant).
    pub fn locked_elsewhere(file: &File) -> std::io::Result<bool> {
        let mut fl = whole_file(libc::F_WRLCK);
        // SAFETY: as above; the kernel writes the conflicting lock into `fl`.
        let rc = unsafe { libc::fcntl(file.as_raw_fd(), GET, &mut fl) };
        if rc != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(fl.l_type != libc::F_UNLCK as libc::c_short)
    }
}

#[cfg(not(unix))]
mod os {
    use std::fs::File;

    pub fn try_lock(file: &File) -> std::io::Result<bool> {
        match file.try_lock() {
            Ok(()) => Ok(true),
            Err(std::fs::TryLockError::WouldBlock) => Ok(false),
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        }
    }

    pub fn locked_elsewhere(file: &File) -> std::io::Result<bool> {
        try_lock(file).map(|free| !free)
    }
}
