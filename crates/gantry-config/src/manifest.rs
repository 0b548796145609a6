//! `.terraform/modules/modules.json`, Terraform's record of where each
//! module call's source was installed. `init` writes it; loading a
//! configuration reads it for the calls whose source is not a local path.
//! The format is Terraform's, so that either tool can use what the other
//! installed.

use std::path::{Path, PathBuf};

use serde_json::{json, Value as Json};

/// One installed call: `Key` is the call path (`api`, `api.route`; the
/// root is `""`), `Dir` relative to the root module's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub source: String,
    /// The registry version chosen, for registry sources.
    pub version: Option<String>,
    pub dir: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    pub entries: Vec<Entry>,
}

/// The data directory (`TF_DATA_DIR`, else `.terraform`) of the root
/// module in `root`.
pub fn data_dir(root: &Path) -> PathBuf {
    let data = std::env::var_os("TF_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(".terraform"));
    root.join(data)
}

/// Where the manifest of the root module in `root` lives.
pub fn path(root: &Path) -> PathBuf {
    data_dir(root).join("modules").join("modules.json")
}

impl Manifest {
    /// The manifest of the root module in `root`; empty when there is
    /// none or it cannot be read (then every non-local call is "not
    /// installed", which says what to do).
    pub fn read(root: &Path) -> Manifest {
        let Ok(text) = std::fs::read_to_string(path(root)) else {
            return Manifest::default();
        };
        let Ok(json) = serde_json::from_str::<Json>(&text) else {
            return Manifest::default();
        };
        let entries = json["Modules"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| {
                Some(Entry {
                    key: m["Key"].as_str()?.to_string(),
                    source: m["Source"].as_str().unwrap_or_default().to_string(),
                    version: m["Version"].as_str().map(str::to_string),
                    dir: m["Dir"].as_str()?.to_string(),
                })
            })
            .collect();
        Manifest { entries }
    }

    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key == key)
    }

    /// Terraform's layout: compact, sorted by key, the root first.
    pub fn to_json(&self) -> String {
        let mut entries = self.entries.clone();
        if !entries.iter().any(|e| e.key.is_empty()) {
            entries.push(Entry {
                key: String::new(),
                source: String::new(),
                version: None,
                dir: ".".into(),
            });
        }
        entries.sort_by(|a, b| a.key.cmp(&b.key));
        let modules: Vec<Json> = entries
            .iter()
            .map(|e| match &e.version {
                Some(v) => json!({"Key": e.key, "Source": e.source, "Version": v, "Dir": e.dir}),
                None => json!({"Key": e.key, "Source": e.source, "Dir": e.dir}),
            })
            .collect();
        json!({ "Modules": modules }).to_string()
    }

    /// Writes the manifest of the root module in `root`.
    pub fn write(&self, root: &Path) -> std::io::Result<()> {
        let path = path(root);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, self.to_json())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_as_terraform_writes_it() {
        let m = Manifest {
            entries: vec![
                Entry {
                    key: "l".into(),
                    source: "./local".into(),
                    version: None,
                    dir: "local".into(),
                },
                Entry {
                    key: "g".into(),
                    source: "git::file:///r.git?ref=v1".into(),
                    version: None,
                    dir: ".terraform/modules/g".into(),
                },
            ],
        };
        // Byte for byte what Terraform 1.11 wrote for the same calls.
        assert_eq!(
            m.to_json(),
            r#"{"Modules":[{"Key":"","Source":"","Dir":"."},{"Key":"g","Source":"git::file:///r.git?ref=v1","Dir":".terraform/modules/g"},{"Key":"l","Source":"./local","Dir":"local"}]}"#
        );
    }
}
