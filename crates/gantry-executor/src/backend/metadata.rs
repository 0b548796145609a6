//! `.terraform/terraform.tfstate`: what `init` recorded about the backend,
//! in the format Terraform writes (and reads), so that either tool can
//! run in a working directory the other initialised.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The recorded backend: its type, its whole configuration (every
/// argument, null when unset, `-backend-config` values included) and the
/// hash of the configuration files' backend block.
#[derive(Debug, Clone, PartialEq)]
pub struct Metadata {
    pub kind: String,
    pub config: Map<String, Value>,
    pub hash: u32,
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    terraform_version: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    backend: Option<FileBackend>,
}

#[derive(Serialize, Deserialize)]
struct FileBackend {
    #[serde(rename = "type")]
    kind: String,
    config: Map<String, Value>,
    hash: u64,
}

pub fn path(data_dir: &Path) -> PathBuf {
    data_dir.join("terraform.tfstate")
}

impl Metadata {
    /// The record in `data_dir`; `None` when there is none (or it records
    /// no backend).
    pub fn read(data_dir: &Path) -> Result<Option<Metadata>, String> {
        let p = path(data_dir);
        let text = match std::fs::read_to_string(&p) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(format!("{}: {e}", p.display())),
        };
        let file: File = serde_json::from_str(&text)
            .map_err(|e| format!("{}: not a backend record gantry can read: {e}", p.display()))?;
        Ok(file.backend.map(|b| Metadata {
            kind: b.kind,
            config: b.config,
            hash: b.hash as u32,
        }))
    }

    /// Writes the record (atomically, private: it may hold credentials).
    pub fn write(&self, data_dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        let file = File {
            version: 3,
            terraform_version: gantry_state::TERRAFORM_VERSION.into(),
            backend: Some(FileBackend {
                kind: self.kind.clone(),
                config: self.config.clone(),
                hash: self.hash as u64,
            }),
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        text.push('\n');
        gantry_state::write_atomic(&path(data_dir), text.as_bytes()).map_err(|e| e.to_string())
    }

    /// Forgets the record (the configuration went back to the implicit
    /// local backend).
    pub fn remove(data_dir: &Path) -> Result<(), String> {
        match std::fs::remove_file(path(data_dir)) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("{}: {e}", path(data_dir).display())),
        }
    }
}
