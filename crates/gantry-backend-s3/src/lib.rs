//! The S3 backend, as Terraform 1.11's: one object per workspace (`KEY`
//! for the default one, `PREFIX/NAME/KEY` for the others), and with
//! `use_lockfile` the lock `KEY.tflock`, created with a conditional put
//! (`If-None-Match: *`) so that exactly one of any number of Terraform and
//! gantry runs gets it. The lock object holds Terraform's lock info JSON,
//! which is how a run that finds it held names the holder. With
//! `dynamodb_table`, the lock is (also, when both are set, as Terraform
//! 1.11 takes both) an item in that table.

mod bridge;
mod client;
mod dynamo;

use std::sync::Arc;

use gantry_executor::backend::S3Config;
use gantry_state::lock::held_by;
use gantry_state::{LockInfo, Remote, StateError};

use md5::Digest;

use crate::bridge::Bridge;
use crate::client::{Client, Failure};

/// A connected S3 backend: its workspaces and their states.
pub struct S3Backend {
    config: Arc<S3Config>,
    client: Client,
    bridge: Bridge,
}

impl S3Backend {
    /// Sets up the client (credentials, region, endpoint) without sending
    /// anything. `Err` says what is missing, in Terraform's words.
    pub fn connect(config: &S3Config) -> Result<S3Backend, String> {
        let bridge = Bridge::start().map_err(|e| format!("starting the S3 client: {e}"))?;
        let config = Arc::new(config.clone());
        let c = config.clone();
        let client = bridge
            .run(async move { Client::new(&c).await })
            .ok_or("the S3 client stopped")??;
        Ok(S3Backend {
            config,
            client,
            bridge,
        })
    }

    pub fn config(&self) -> &S3Config {
        &self.config
    }

    /// The state of `workspace`.
    pub fn remote(&self, workspace: &str) -> S3State {
        S3State {
            key: self.config.state_key(workspace),
            lock_key: format!("{}.tflock", self.config.state_key(workspace)),
            bucket: self.config.bucket.clone(),
            locking: self.config.use_lockfile,
            client: self.client.clone(),
            bridge: self.bridge.clone(),
        }
    }

    /// Every workspace, as Terraform lists them: those with a state object
    /// at their key.
    pub fn workspaces(&self) -> Result<Vec<String>, String> {
        let client = self.client.clone();
        let bucket = self.config.bucket.clone();
        let prefix = self.config.workspace_list_prefix();
        let keys = self
            .bridge
            .run(async move { client.list(&bucket, &prefix).await })
            .ok_or("the S3 client stopped")?
            .map_err(|f| f.to_string())?;
        Ok(gantry_executor::backend::workspace_list(
            keys.iter()
                .filter_map(|k| self.config.workspace_of(k))
                .collect(),
        ))
    }

    /// Removes workspace `name`'s state object.
    pub fn delete_workspace(&self, name: &str) -> Result<(), String> {
        if name == gantry_executor::backend::DEFAULT_WORKSPACE {
            return Err("can't delete default state".into());
        }
        let client = self.client.clone();
        let bucket = self.config.bucket.clone();
        let key = self.config.state_key(name);
        self.bridge
            .run(async move {
                client.delete(&bucket, &key).await?;
                if let Some(t) = &client.dynamo {
                    t.delete_digest(&format!("{bucket}/{key}")).await?;
                }
                Ok::<(), crate::client::Failure>(())
            })
            .ok_or("the S3 client stopped")?
            .map_err(|f| f.to_string())
    }
}

/// One workspace's state object and lock.
pub struct S3State {
    bucket: String,
    key: String,
    lock_key: String,
    /// `use_lockfile`: without it (and without a DynamoDB table) the S3
    /// backend does not lock, as Terraform's.
    locking: bool,
    client: Client,
    bridge: Bridge,
}

impl S3State {
    fn run<T: Send + 'static>(
        &self,
        f: impl std::future::Future<Output = Result<T, Failure>> + Send + 'static,
    ) -> Result<T, StateError> {
        match self.bridge.run(f) {
            Some(Ok(v)) => Ok(v),
            Some(Err(f)) => Err(StateError::Remote {
                place: self.describe(),
                message: f.to_string(),
            }),
            None => Err(StateError::Remote {
                place: self.describe(),
                message: "the S3 client stopped".into(),
            }),
        }
    }

    fn locked(&self, held: LockInfo) -> StateError {
        StateError::LockedRemotely {
            info: Box::new(held),
            object: format!("s3://{}/{}", self.bucket, self.lock_key),
        }
    }

    fn read_lock(&self) -> Result<Option<LockInfo>, StateError> {
        let (client, bucket, key) = (
            self.client.clone(),
            self.bucket.clone(),
            self.lock_key.clone(),
        );
        let Some(bytes) = self.run(async move { client.get(&bucket, &key).await })? else {
            return Ok(None);
        };
        serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| StateError::Remote {
                place: format!("s3://{}/{}", self.bucket, self.lock_key),
                message: format!("the lock object is not lock info: {e}"),
            })
    }
}

impl Remote for S3State {
    fn describe(&self) -> String {
        format!("s3://{}/{}", self.bucket, self.key)
    }

    fn get(&mut self) -> Result<Option<Vec<u8>>, StateError> {
        let (client, bucket, key) = (self.client.clone(), self.bucket.clone(), self.key.clone());
        let got = self.run(async move { client.get(&bucket, &key).await })?;
        Ok(got.filter(|b| !b.is_empty()))
    }

    fn put(&mut self, bytes: &[u8]) -> Result<(), StateError> {
        let (client, bucket, key) = (self.client.clone(), self.bucket.clone(), self.key.clone());
        let body = bytes.to_vec();
        let digest = format!("{:x}", md5::Md5::digest(bytes));
        self.run(async move {
            client.put(&bucket, &key, body, false).await?;
            if let Some(t) = &client.dynamo {
                t.put_digest(&format!("{bucket}/{key}"), &digest).await?;
            }
            Ok(())
        })
    }

    fn lock(&mut self, info: &mut LockInfo) -> Result<(), StateError> {
        // Terraform's S3 lock info names the state as bucket/key.
        info.path = format!("{}/{}", self.bucket, self.key);
        if self.locking {
            self.lock_file(info)?;
        }
        if self.client.dynamo.is_some() {
            if let Err(e) = self.lock_item(info) {
                // All or nothing: the lock file goes again.
                if self.locking {
                    let _ = self.remove_lock_file(&info.id);
                }
                return Err(e);
            }
        }
        Ok(())
    }

    fn lock_info(&mut self) -> Result<Option<LockInfo>, StateError> {
        if self.locking {
            if let Some(info) = self.read_lock()? {
                return Ok(Some(info));
            }
        }
        self.read_lock_item()
    }

    fn unlock(&mut self, id: &str) -> Result<(), StateError> {
        let mut found = false;
        if self.locking {
            found |= self.remove_lock_file(id)?;
        }
        if self.client.dynamo.is_some() {
            found |= self.remove_lock_item(id)?;
        }
        if !found && (self.locking || self.client.dynamo.is_some()) {
            return Err(StateError::NotLocked);
        }
        Ok(())
    }
}

impl S3State {
    /// The lock file `KEY.tflock`, created only where none exists.
    fn lock_file(&self, info: &LockInfo) -> Result<(), StateError> {
        for _ in 0..2 {
            let body = serde_json::to_vec(info).map_err(|e| StateError::Encode(e.to_string()))?;
            let (client, bucket, key) = (
                self.client.clone(),
                self.bucket.clone(),
                self.lock_key.clone(),
            );
            if self.run(async move { client.put(&bucket, &key, body, true).await })? {
                return Ok(());
            }
            match self.read_lock()? {
                // Our own put, retried after its answer was lost.
                Some(held) if held.id == info.id => return Ok(()),
                Some(held) => return Err(self.locked(held)),
                // Released in between: try once more.
                None => continue,
            }
        }
        Err(self.locked(
            self.read_lock()?
                .unwrap_or_else(|| unknown_holder(&self.lock_key)),
        ))
    }

    /// Removes the lock file if `id` holds it; whether there was one.
    fn remove_lock_file(&self, id: &str) -> Result<bool, StateError> {
        let Some(held) = self.read_lock()? else {
            return Ok(false);
        };
        held_by(Some(held), id)?;
        let (client, bucket, key) = (
            self.client.clone(),
            self.bucket.clone(),
            self.lock_key.clone(),
        );
        self.run(async move { client.delete(&bucket, &key).await })?;
        Ok(true)
    }

    fn lock_item_id(&self) -> String {
        format!("{}/{}", self.bucket, self.key)
    }

    fn lock_item(&self, info: &LockInfo) -> Result<(), StateError> {
        let body = serde_json::to_string(info).map_err(|e| StateError::Encode(e.to_string()))?;
        let (client, id) = (self.client.clone(), self.lock_item_id());
        let created = self.run(async move {
            match &client.dynamo {
                Some(t) => t.lock(&id, &body).await,
                None => Ok(true),
            }
        })?;
        if created {
            return Ok(());
        }
        match self.read_lock_item()? {
            Some(held) if held.id == info.id => Ok(()),
            held => Err(StateError::LockedRemotely {
                info: Box::new(held.unwrap_or_else(|| unknown_holder(&self.lock_item_id()))),
                object: self.item_description(),
            }),
        }
    }

    fn item_description(&self) -> String {
        format!(
            "{} in DynamoDB table {:?}",
            self.lock_item_id(),
            self.client
                .dynamo
                .as_ref()
                .map(|t| t.name())
                .unwrap_or_default()
        )
    }

    fn read_lock_item(&self) -> Result<Option<LockInfo>, StateError> {
        let (client, id) = (self.client.clone(), self.lock_item_id());
        let Some(text) = self.run(async move {
            match &client.dynamo {
                Some(t) => t.info(&id).await,
                None => Ok(None),
            }
        })?
        else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| StateError::Remote {
                place: self.item_description(),
                message: format!("the lock item is not lock info: {e}"),
            })
    }

    fn remove_lock_item(&self, id: &str) -> Result<bool, StateError> {
        let Some(held) = self.read_lock_item()? else {
            return Ok(false);
        };
        held_by(Some(held), id)?;
        let (client, lock_id) = (self.client.clone(), self.lock_item_id());
        self.run(async move {
            match &client.dynamo {
                Some(t) => t.delete(&lock_id).await,
                None => Ok(()),
            }
        })?;
        Ok(true)
    }
}

fn unknown_holder(lock_key: &str) -> LockInfo {
    let mut info = LockInfo::new("unknown", "unknown", lock_key.into());
    info.id = String::new();
    info.pid = 0;
    info.info = format!("the lock object {lock_key} exists but could not be read");
    info
}
