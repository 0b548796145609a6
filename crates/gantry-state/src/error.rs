//! What can go wrong with state, each naming the file involved.

use std::path::{Path, PathBuf};

use crate::lock::LockInfo;

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: the state file is not valid JSON: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{}: state format version {version} is not supported; gantry reads version 4 (Terraform 0.12 and later)", path.display())]
    UnsupportedVersion { path: PathBuf, version: u64 },
    #[error("{}:{line}: the apply journal cannot be replayed: {message}", path.display())]
    Journal {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("could not encode the state: {0}")]
    Encode(String),
    #[error("Error message: resource temporarily unavailable\nLock Info:\n{0}\n\ngantry acquires a state lock to protect the state from being written\nby multiple users at the same time. The process above holds it until it\nexits; wait for it to finish. For most commands, you can disable locking\nwith the \"-lock=false\" flag, but this is not recommended.")]
    Locked(Box<LockInfo>),
    #[error("Error message: the lock object {object} exists: another run holds the state.\nLock Info:\n{info}\n\ngantry acquires a state lock to protect the state from being written\nby multiple users at the same time. Wait for the run above to finish. If it\nwas killed, its lock stays: once you are sure it is not running, remove the\nlock with \"gantry force-unlock {}\". For most commands, you can disable\nlocking with the \"-lock=false\" flag, but this is not recommended.", info.id)]
    LockedRemotely { info: Box<LockInfo>, object: String },
    #[error("Local state cannot be unlocked by another process: the process that holds the lock is still running.\nLock Info:\n{0}")]
    HeldByLiveProcess(Box<LockInfo>),
    #[error("lock ID {given:?} does not match the lock held (ID {held:?})")]
    LockMismatch { given: String, held: String },
    #[error("{}: a read-only command cannot change the state", .0.display())]
    ReadOnly(PathBuf),
    #[error("the state is not locked")]
    NotLocked,
    #[error("{place}: {message}")]
    Remote { place: String, message: String },
}

impl StateError {
    /// Another run holds the lock (trying again later may succeed).
    pub fn is_locked(&self) -> bool {
        matches!(
            self,
            StateError::Locked(_) | StateError::LockedRemotely { .. }
        )
    }

    pub fn io(path: &Path, source: std::io::Error) -> StateError {
        StateError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}
