//! Where a working directory's states are, connected: the local backend's
//! files, or an S3 bucket. Every command that reads or writes a state, or
//! lists workspaces, goes through here, so no command can miss a backend.

use std::path::{Path, PathBuf};

use gantry_backend_s3::S3Backend;
use gantry_executor::backend::{Backend, LocalBackend, DEFAULT_WORKSPACE};
use gantry_state::{LockInfo, State, StateError, Store};

pub enum Home {
    Local(LocalBackend),
    S3 {
        backend: Box<S3Backend>,
        /// The working directory's data directory, where the journal of
        /// an apply against the bucket's state is kept.
        data_dir: PathBuf,
    },
}

impl Home {
    /// Sets the backend up (S3: credentials, region and endpoint; nothing
    /// is sent yet). `Err(1)` after saying why not.
    pub fn connect(backend: &Backend, dir: &Path) -> Result<Home, u8> {
        // The location only: a backend's settings hold credentials.
        tracing::info!(location = %backend.state_path(DEFAULT_WORKSPACE).display(), "backend");
        match backend {
            Backend::Local(l) => Ok(Home::Local(l.clone())),
            Backend::S3(config) => match S3Backend::connect(config) {
                Ok(b) => Ok(Home::S3 {
                    backend: Box::new(b),
                    data_dir: crate::workspace_cmd::data_dir(dir),
                }),
                Err(e) => {
                    eprintln!("\nError: Failed to configure the S3 backend\n\n{e}\n");
                    Err(1)
                }
            },
        }
    }

    /// The state file of a local workspace, or where an S3 one is.
    pub fn state_path(&self, workspace: &str) -> PathBuf {
        match self {
            Home::Local(l) => l.state_path(workspace),
            Home::S3 { backend, .. } => PathBuf::from(backend.config().location(workspace)),
        }
    }

    /// A store of `workspace`'s state; `writer` as [`Store::new`].
    pub fn store(&self, workspace: &str, writer: bool) -> Store {
        match self {
            Home::Local(l) => {
                let path = l.state_path(workspace);
                if writer {
                    Store::new(path)
                } else {
                    Store::reader(path)
                }
            }
            Home::S3 { backend, data_dir } => {
                let c = backend.config();
                // One journal per state object: the name says which.
                let id =
                    crc32fast::hash(format!("{}/{}", c.bucket, c.state_key(workspace)).as_bytes());
                let journal = data_dir
                    .join("gantry")
                    .join(format!("s3-{}-{id:08x}.journal", sanitize(workspace)));
                Store::remote(Box::new(backend.remote(workspace)), journal, writer)
            }
        }
    }

    /// Every workspace, "default" first.
    pub fn workspaces(&self) -> Result<Vec<String>, String> {
        match self {
            Home::Local(l) => l.workspaces().map_err(|e| e.to_string()),
            Home::S3 { backend, .. } => backend.workspaces(),
        }
    }

    /// Makes workspace `name` exist: a directory for the local backend,
    /// an empty state object in S3 (as Terraform writes one, under the
    /// lock, so that listing finds it).
    pub fn create_workspace(&self, name: &str) -> Result<(), String> {
        match self {
            Home::Local(l) => l.create_workspace(name).map_err(|e| e.to_string()),
            Home::S3 { .. } => {
                if name == DEFAULT_WORKSPACE {
                    return Ok(());
                }
                let mut store = self.store(name, true);
                store
                    .lock("init", &crate::workspace::who())
                    .map_err(|e| e.to_string())?;
                if store.read().map_err(|e| e.to_string())?.is_none() {
                    store
                        .write(&mut State::default())
                        .map_err(|e| e.to_string())?;
                }
                store.unlock().map_err(|e| e.to_string())
            }
        }
    }

    pub fn delete_workspace(&self, name: &str) -> Result<(), String> {
        match self {
            Home::Local(l) => l.delete_workspace(name).map_err(|e| e.to_string()),
            Home::S3 { backend, .. } => backend.delete_workspace(name),
        }
    }

    /// `force-unlock ID` of `workspace`'s state.
    pub fn force_unlock(&self, workspace: &str, id: &str) -> Result<LockInfo, StateError> {
        match self {
            Home::Local(l) => gantry_state::force_unlock(&l.state_path(workspace), id),
            Home::S3 { backend, .. } => {
                let mut remote = backend.remote(workspace);
                gantry_state::remote::force_unlock(&mut remote, id)
            }
        }
    }
}

/// A workspace name as part of a file name (names may hold `:` and `$`).
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}
