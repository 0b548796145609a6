//! A state kept somewhere other than a local file (S3): the document and
//! its lock, behind a small synchronous interface that a backend crate
//! implements. The store keeps everything else (serials, the journal,
//! which stays a local file) the same for every place a state can live.

use crate::error::StateError;
use crate::lock::LockInfo;

/// One workspace's state object and its lock.
pub trait Remote: Send {
    /// Where the state lives, for messages: `s3://bucket/key`.
    fn describe(&self) -> String;

    /// The state document; `None` when there is none (or it is empty).
    fn get(&mut self) -> Result<Option<Vec<u8>>, StateError>;

    /// Replaces the state document.
    fn put(&mut self, bytes: &[u8]) -> Result<(), StateError>;

    /// Takes the lock with `info` (whose `path` the remote sets to what
    /// Terraform writes there), or fails with [`StateError::LockedRemotely`] naming
    /// the holder.
    fn lock(&mut self, info: &mut LockInfo) -> Result<(), StateError>;

    /// What the lock says now; `None` when nobody holds it.
    fn lock_info(&mut self) -> Result<Option<LockInfo>, StateError>;

    /// Removes the lock. The caller checked that `id` holds it.
    fn unlock(&mut self, id: &str) -> Result<(), StateError>;
}

/// `force-unlock ID` of a remote state: removes the lock when `id` is
/// the one holding it, as Terraform's S3 backend does.
pub fn force_unlock(remote: &mut dyn Remote, id: &str) -> Result<LockInfo, StateError> {
    let info = crate::lock::held_by(remote.lock_info()?, id)?;
    remote.unlock(id)?;
    Ok(info)
}
