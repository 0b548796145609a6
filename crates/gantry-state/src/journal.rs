//! The apply journal: one JSON line per completed resource, appended and
//! fsynced before the apply moves on, so durability costs the same for the
//! 2,000th resource as for the first. Terraform instead rewrites the whole
//! state after every resource, which is quadratic in the state's size.
//!
//! The first line names the state (lineage and serial) the records apply
//! to. A crash can leave a torn last line; replay ignores it, because that
//! record's resource had not been reported complete.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::StateError;
use crate::store::sync_dir;
use crate::tfstate::{IndexKey, InstanceState, ResourceHeader, State};

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    journal: u32,
    lineage: String,
    serial: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Record {
    Put {
        resource: ResourceHeader,
        instance: Box<InstanceState>,
    },
    Remove {
        mode: String,
        #[serde(rename = "type")]
        type_name: String,
        name: String,
        #[serde(default)]
        index_key: Option<IndexKey>,
        #[serde(default)]
        deposed: Option<String>,
    },
    Outputs(serde_json::Map<String, serde_json::Value>),
}

pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    pub(crate) fn create(path: &Path, state: &State) -> Result<Journal, StateError> {
        // Private like the state: records hold the same attribute values.
        let file = crate::store::private_options()
            .open(path)
            .map_err(|e| StateError::io(path, e))?;
        let mut j = Journal {
            file,
            path: path.to_path_buf(),
        };
        j.append(&Header {
            journal: 1,
            lineage: state.lineage.clone(),
            serial: state.serial,
        })?;
        if let Some(dir) = path.parent() {
            sync_dir(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            });
        }
        Ok(j)
    }

    /// Records a created, updated or imported instance.
    pub fn put(
        &mut self,
        resource: &ResourceHeader,
        instance: &InstanceState,
    ) -> Result<(), StateError> {
        self.append(&Record::Put {
            resource: resource.clone(),
            instance: Box::new(instance.clone()),
        })
    }

    /// Records a destroyed instance.
    pub fn remove(
        &mut self,
        mode: &str,
        type_name: &str,
        name: &str,
        index_key: &Option<IndexKey>,
        deposed: &Option<String>,
    ) -> Result<(), StateError> {
        self.append(&Record::Remove {
            mode: mode.into(),
            type_name: type_name.into(),
            name: name.into(),
            index_key: index_key.clone(),
            deposed: deposed.clone(),
        })
    }

    pub fn outputs(
        &mut self,
        outputs: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), StateError> {
        self.append(&Record::Outputs(outputs.clone()))
    }

    /// One line, then `fdatasync`: the record is on disk when this returns.
    fn append(&mut self, record: &impl Serialize) -> Result<(), StateError> {
        let mut line = serde_json::to_vec(record).map_err(|e| StateError::Encode(e.to_string()))?;
        line.push(b'\n');
        self.file
            .write_all(&line)
            .and_then(|()| self.file.sync_data())
            .map_err(|e| StateError::io(&self.path, e))?;
        Ok(())
    }
}

/// Applies the records of `text` to `state`; returns how many it applied.
pub(crate) fn replay(path: &Path, text: &str, state: &mut State) -> Result<usize, StateError> {
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    let mut lines = complete.lines().enumerate();
    let Some((_, first)) = lines.next() else {
        return Ok(0);
    };
    let header: Header = serde_json::from_str(first).map_err(|e| StateError::Journal {
        path: path.to_path_buf(),
        line: 1,
        message: e.to_string(),
    })?;
    if header.lineage != state.lineage && !state.resources.is_empty() {
        return Err(StateError::Journal {
            path: path.to_path_buf(),
            line: 1,
            message: format!(
                "the journal belongs to state lineage {}, but the state file has lineage {}",
                header.lineage, state.lineage
            ),
        });
    }
    state.lineage = header.lineage;
    state.serial = state.serial.max(header.serial);
    let mut applied = 0;
    for (i, line) in lines {
        let record: Record = serde_json::from_str(line).map_err(|e| StateError::Journal {
            path: path.to_path_buf(),
            line: i + 1,
            message: e.to_string(),
        })?;
        match record {
            Record::Put { resource, instance } => state.put_instance(&resource, *instance),
            Record::Remove {
                mode,
                type_name,
                name,
                index_key,
                deposed,
            } => {
                state.remove_instance(&mode, &type_name, &name, &index_key, &deposed);
            }
            Record::Outputs(o) => state.outputs = o,
        }
        applied += 1;
    }
    Ok(applied)
}
