//! Terraform-compatible state: the tfstate v4 document, the local file
//! store (atomic, backed up, private), the lock, and the apply journal that
//! keeps per-resource durability cheap.

pub mod codec;
mod error;
mod file;
mod journal;
pub mod lock;
mod object;
pub mod remote;
mod store;
mod tfstate;

pub use error::StateError;
pub use journal::{Intent, Journal};
pub use lock::{acquire, force_unlock, is_held, Lock, LockInfo};
pub use object::{Object, Raw};
pub use remote::Remote;
pub use store::{backup_path, parse, write_atomic, Store, REMOTE_PERSIST_INTERVAL};
pub use tfstate::*;
