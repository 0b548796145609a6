//! The lock file beside the state (`.terraform.tfstate.lock.info`, as
//! Terraform's local backend names it). Creating it with `O_EXCL` is the
//! lock; its JSON says who holds it, so a second run can name the holder.

use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::StateError;

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
    #[serde(rename = "Pid", default)]
    pub pid: u32,
}

impl fmt::Display for LockInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "  ID:        {}\n  Path:      {}\n  Operation: {}\n  Who:       {} (pid {})\n  Version:   {}\n  Created:   {}\n  Info:      {}",
            self.id, self.path, self.operation, self.who, self.pid, self.version, self.created, self.info
        )
    }
}

/// A held lock; dropping it releases it.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    pub info: LockInfo,
}

/// Where the lock file for `state_path` lives.
pub fn lock_path(state_path: &Path) -> PathBuf {
    let name = state_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "terraform.tfstate".into());
    state_path.with_file_name(format!(".{name}.lock.info"))
}

/// Takes the lock or says who holds it.
pub fn acquire(state_path: &Path, operation: &str, who: &str) -> Result<Lock, StateError> {
    let path = lock_path(state_path);
    let info = LockInfo {
        id: uuid::Uuid::new_v4().to_string(),
        operation: operation.into(),
        info: String::new(),
        who: who.into(),
        version: format!("gantry {}", env!("CARGO_PKG_VERSION")),
        created: humantime::format_rfc3339_micros(std::time::SystemTime::now()).to_string(),
        path: state_path.display().to_string(),
        pid: std::process::id(),
    };
    let created = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    match created {
        Ok(mut f) => {
            let text = serde_json::to_vec(&info).map_err(|e| StateError::Encode(e.to_string()))?;
            f.write_all(&text)
                .and_then(|()| f.sync_all())
                .map_err(|e| StateError::io(&path, e))?;
            Ok(Lock { path, info })
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(StateError::Locked(Box::new(read_info(&path)?)))
        }
        Err(e) => Err(StateError::io(&path, e)),
    }
}

fn read_info(path: &Path) -> Result<LockInfo, StateError> {
    let text = fs::read_to_string(path).map_err(|e| StateError::io(path, e))?;
    Ok(serde_json::from_str(&text).unwrap_or_else(|_| LockInfo {
        id: String::new(),
        operation: "unknown".into(),
        info: format!("unreadable lock file {}", path.display()),
        who: "unknown".into(),
        version: String::new(),
        created: String::new(),
        path: path.display().to_string(),
        pid: 0,
    }))
}

/// `gantry force-unlock ID`: removes the lock if `id` is the one held.
pub fn force_unlock(state_path: &Path, id: &str) -> Result<LockInfo, StateError> {
    let path = lock_path(state_path);
    if !path.exists() {
        return Err(StateError::NotLocked);
    }
    let info = read_info(&path)?;
    if info.id != id {
        return Err(StateError::LockMismatch {
            given: id.into(),
            held: info.id,
        });
    }
    fs::remove_file(&path).map_err(|e| StateError::io(&path, e))?;
    Ok(info)
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Only our own lock: a force-unlock may have replaced it.
        if read_info(&self.path).is_ok_and(|i| i.id == self.info.id) {
            let _ = fs::remove_file(&self.path);
        }
    }
}
