//! The apply journal: one JSON line per completed resource, appended and
//! fsynced before the apply moves on, so durability costs the same for the
//! 2,000th resource as for the first. Terraform instead rewrites the whole
//! state after every resource, which is quadratic in the state's size.
//!
//! A record can also be *staged*: written, and made durable by the next
//! [`Journal::sync`] (or by any later synced record: one fsync covers every
//! line before it). The apply stages the completions that finish together
//! and syncs once for all of them (group commit), and does not wait for the
//! disk at all after completions that leave nothing outside the state
//! (`terraform_data`): losing such a record in a crash loses nothing that
//! the next apply cannot make again.
//!
//! The first line names the state (lineage and serial) the records apply
//! to. A crash can leave a torn last line; replay ignores it, because that
//! record's resource had not been reported complete.
//!
//! Before each create, an [`Intent`] is appended (and fsynced) with what the
//! create is about to make; the record of the created object settles it. An
//! intent still open when the journal is read again is a create whose
//! outcome is unknown (the process died, or the answer was lost): the next
//! lock holder looks the object up and adopts it, or finds that nothing was
//! made, before anything plans a second create. Folding the journal into
//! the state keeps its open intents in the journal file until then.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::StateError;
use crate::store::sync_dir;
use gantry_addrs::{AbsResourceInstance, ModuleInstance};

use crate::file::InstanceFile;
use crate::tfstate::{IndexKey, InstanceState, ResourceHeader, State};

#[derive(Debug, Serialize, Deserialize)]
struct Header {
    journal: u32,
    lineage: String,
    serial: u64,
}

/// A create about to be sent: enough to find what it made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "IntentFile", from = "IntentFile")]
pub struct Intent {
    /// Unique per create; the record that settles it names it.
    pub token: String,
    /// When the create was about to be sent (RFC 3339): an object found by
    /// name is this create's only if it was made after this.
    pub since: String,
    pub resource: ResourceHeader,
    /// The planned object (unknown values null), with the instance key,
    /// dependencies and lifecycle the created object will have in state.
    pub instance: InstanceState,
}

impl Intent {
    pub fn new(resource: ResourceHeader, instance: InstanceState) -> Intent {
        Intent {
            token: uuid::Uuid::new_v4().to_string(),
            since: humantime::format_rfc3339_micros(std::time::SystemTime::now()).to_string(),
            resource,
            instance,
        }
    }

    /// `type.name` or `type.name[key]`.
    pub fn address(&self) -> String {
        self.resource.instance_address(&self.instance.index_key)
    }
}

/// An [`Intent`] as its journal line writes it.
#[derive(Serialize, Deserialize)]
struct IntentFile {
    token: String,
    since: String,
    resource: ResourceHeader,
    instance: InstanceFile,
}

impl From<Intent> for IntentFile {
    fn from(i: Intent) -> IntentFile {
        let instance = InstanceFile::encode(i.resource.mode, &i.resource.type_name, &i.instance);
        IntentFile {
            token: i.token,
            since: i.since,
            resource: i.resource,
            instance,
        }
    }
}

impl From<IntentFile> for Intent {
    fn from(f: IntentFile) -> Intent {
        let instance = f.instance.decode(f.resource.mode, &f.resource.type_name);
        Intent {
            token: f.token,
            since: f.since,
            resource: f.resource,
            instance,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Record {
    Intent(Box<Intent>),
    /// The create (or the lookup after a crash) is over: nothing more to
    /// find for this token.
    Settle(String),
    Put {
        resource: ResourceHeader,
        instance: Box<InstanceFile>,
        /// The intent this object settles.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        settles: Option<String>,
    },
    Remove {
        #[serde(
            default,
            skip_serializing_if = "ModuleInstance::is_root",
            with = "crate::file::module_field"
        )]
        module: ModuleInstance,
        mode: gantry_addrs::Mode,
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
    /// Lines written since the last fsync.
    unsynced: bool,
    syncs: usize,
    /// The intents written (or carried over) that no record settled yet,
    /// in order: what the journal keeps when the apply folds it.
    open: Vec<Intent>,
}

impl Journal {
    /// A new journal for an apply against `state`, carrying `open` intents
    /// over from the last one.
    pub(crate) fn create(
        path: &Path,
        state: &State,
        open: &[Intent],
    ) -> Result<Journal, StateError> {
        // Private like the state: records hold the same attribute values.
        let file = crate::store::private_options()
            .open(path)
            .map_err(|e| StateError::io(path, e))?;
        let mut j = Journal {
            file,
            path: path.to_path_buf(),
            unsynced: false,
            syncs: 0,
            open: open.to_vec(),
        };
        // The header and the carried intents, durable with one fsync.
        j.write_lines(&intents_only(state, open)?)?;
        j.sync()?;
        if let Some(dir) = path.parent() {
            sync_dir(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            });
        }
        Ok(j)
    }

    /// Starts the journal again from `state`, which holds every record so
    /// far (it was just written): the header and the open intents only.
    pub fn restart(&mut self, state: &State) -> Result<(), StateError> {
        // A new file renamed over the old one: a crash in between leaves
        // the old journal (whose records the state holds: replay changes
        // nothing), never one without the open intents.
        crate::store::write_atomic(&self.path, &intents_only(state, &self.open)?)?;
        self.file = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.path)
            .map_err(|e| StateError::io(&self.path, e))?;
        self.unsynced = false;
        Ok(())
    }

    /// Records a created, updated or imported instance.
    pub fn put(
        &mut self,
        resource: &ResourceHeader,
        instance: &InstanceState,
    ) -> Result<(), StateError> {
        self.stage_put(resource, instance, None)?;
        self.sync()
    }

    /// [`Journal::put`], durable from the next [`Journal::sync`]; with
    /// `settles`, the record of the object a create made, settling its
    /// intent in the same line.
    pub fn stage_put(
        &mut self,
        resource: &ResourceHeader,
        instance: &InstanceState,
        settles: Option<&str>,
    ) -> Result<(), StateError> {
        self.write(&Record::Put {
            resource: resource.clone(),
            instance: Box::new(InstanceFile::encode(
                resource.mode,
                &resource.type_name,
                instance,
            )),
            settles: settles.map(str::to_string),
        })?;
        if let Some(token) = settles {
            self.open.retain(|o| o.token != token);
        }
        Ok(())
    }

    /// Write-ahead: on disk before the create is sent.
    pub fn intent(&mut self, intent: &Intent) -> Result<(), StateError> {
        self.stage_intent(intent)?;
        self.sync()
    }

    /// [`Journal::intent`], durable from the next [`Journal::sync`], which
    /// must come before the create is sent.
    pub fn stage_intent(&mut self, intent: &Intent) -> Result<(), StateError> {
        self.write(&Record::Intent(Box::new(intent.clone())))?;
        self.open.push(intent.clone());
        Ok(())
    }

    /// The create failed with an answer that says nothing was made.
    pub fn settle(&mut self, token: &str) -> Result<(), StateError> {
        self.append(&Record::Settle(token.to_string()))?;
        self.open.retain(|o| o.token != token);
        Ok(())
    }

    /// The intents no record has settled: creates whose outcome is
    /// unknown, if the apply ended now.
    pub fn open_intents(&self) -> &[Intent] {
        &self.open
    }

    /// Records a destroyed instance.
    pub fn remove(
        &mut self,
        addr: &AbsResourceInstance,
        deposed: &Option<String>,
    ) -> Result<(), StateError> {
        self.stage_remove(addr, deposed)?;
        self.sync()
    }

    /// [`Journal::remove`], durable from the next [`Journal::sync`].
    pub fn stage_remove(
        &mut self,
        addr: &AbsResourceInstance,
        deposed: &Option<String>,
    ) -> Result<(), StateError> {
        let resource = &addr.instance.resource;
        self.write(&Record::Remove {
            module: addr.module.clone(),
            mode: resource.mode,
            type_name: resource.type_name.clone(),
            name: resource.name.clone(),
            index_key: addr.instance.key.clone(),
            deposed: deposed.clone(),
        })
    }

    pub fn outputs(
        &mut self,
        outputs: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), StateError> {
        self.append(&Record::Outputs(outputs.clone()))
    }

    /// One line, then `fdatasync`: the record (and every one before it)
    /// is on disk when this returns.
    fn append(&mut self, record: &impl Serialize) -> Result<(), StateError> {
        self.write(record)?;
        self.sync()
    }

    /// One line, handed to the OS, not yet durable.
    fn write(&mut self, record: &impl Serialize) -> Result<(), StateError> {
        self.write_lines(&json_line(record)?)
    }

    /// Whole lines, handed to the OS, not yet durable.
    fn write_lines(&mut self, lines: &[u8]) -> Result<(), StateError> {
        self.file
            .write_all(lines)
            .map_err(|e| StateError::io(&self.path, e))?;
        self.unsynced = true;
        Ok(())
    }

    /// Makes every line written so far durable: one `fdatasync`, none when
    /// nothing was written since the last.
    pub fn sync(&mut self) -> Result<(), StateError> {
        if self.unsynced {
            self.file
                .sync_data()
                .map_err(|e| StateError::io(&self.path, e))?;
            self.unsynced = false;
            self.syncs += 1;
        }
        Ok(())
    }

    /// How many times this journal waited for the disk.
    pub fn syncs(&self) -> usize {
        self.syncs
    }
}

/// The lineage and serial a journal's records apply to (its header);
/// `None` when it has no complete first line.
pub(crate) fn base(text: &str) -> Option<(String, u64)> {
    let first = text
        .split_inclusive('\n')
        .next()
        .filter(|l| l.ends_with('\n'))?;
    let h: Header = gantry_syntax::json::from_str(first.trim_end()).ok()?;
    Some((h.lineage, h.serial))
}

/// What a journal held beyond its changes to the state.
#[derive(Debug, Default)]
pub(crate) struct Replayed {
    pub applied: usize,
    /// Intents no record settled, in the order they were written.
    pub open: Vec<Intent>,
}

/// Applies the records of `text` to `state`.
pub(crate) fn replay(path: &Path, text: &str, state: &mut State) -> Result<Replayed, StateError> {
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    let mut lines = complete.lines().enumerate();
    let Some((_, first)) = lines.next() else {
        return Ok(Replayed::default());
    };
    let header: Header = gantry_syntax::json::from_str(first).map_err(|e| StateError::Journal {
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
    let mut open: Vec<Intent> = Vec::new();
    for (i, line) in lines {
        let record: Record =
            gantry_syntax::json::from_str(line).map_err(|e| StateError::Journal {
                path: path.to_path_buf(),
                line: i + 1,
                message: e.to_string(),
            })?;
        match record {
            Record::Intent(intent) => {
                open.push(*intent);
                continue;
            }
            Record::Settle(token) => {
                open.retain(|o| o.token != token);
                continue;
            }
            Record::Put {
                resource,
                instance,
                settles,
            } => {
                if let Some(token) = settles {
                    open.retain(|o| o.token != token);
                }
                let instance = instance.decode(resource.mode, &resource.type_name);
                state.put_instance(&resource, instance)
            }
            Record::Remove {
                module,
                mode,
                type_name,
                name,
                index_key,
                deposed,
            } => {
                let addr = gantry_addrs::Resource::new(mode, &type_name, &name)
                    .instance(index_key)
                    .absolute(module);
                state.remove_instance(&addr, &deposed);
            }
            Record::Outputs(o) => state.outputs = o,
        }
        applied += 1;
    }
    Ok(Replayed { applied, open })
}

/// One journal line: the record's JSON and a newline.
fn json_line(record: &impl Serialize) -> Result<Vec<u8>, StateError> {
    let mut line = serde_json::to_vec(record).map_err(|e| StateError::Encode(e.to_string()))?;
    line.push(b'\n');
    Ok(line)
}

/// A journal that holds nothing but `open` intents against `state`.
pub(crate) fn intents_only(state: &State, open: &[Intent]) -> Result<Vec<u8>, StateError> {
    let mut out = json_line(&Header {
        journal: 1,
        lineage: state.lineage.clone(),
        serial: state.serial,
    })?;
    for intent in open {
        out.extend(json_line(&Record::Intent(Box::new(intent.clone())))?);
    }
    Ok(out)
}

/// Parses only the open intents of a journal's text (replayed onto an
/// empty state, which no lineage check applies to).
pub(crate) fn open_intents(path: &Path, text: &str) -> Result<Vec<Intent>, StateError> {
    Ok(replay(path, text, &mut State::new())?.open)
}
