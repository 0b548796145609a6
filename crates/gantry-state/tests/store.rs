use std::fs;

use gantry_state::*;
use serde_json::json;

fn header(name: &str) -> ResourceHeader {
    ResourceHeader {
        mode: "managed".into(),
        type_name: "terraform_data".into(),
        name: name.into(),
        each: None,
        provider: "provider[\"terraform.io/builtin/terraform\"]".into(),
    }
}

fn instance(id: &str) -> InstanceState {
    let attrs = json!({"id": id, "input": null, "output": null, "triggers_replace": null});
    InstanceState {
        index_key: None,
        status: None,
        deposed: None,
        schema_version: 0,
        attributes: attrs.as_object().cloned().unwrap_or_default(),
        sensitive_attributes: vec![],
        private: None,
        dependencies: vec![],
        create_before_destroy: false,
    }
}

#[test]
fn round_trip_keeps_terraforms_shape() {
    let text = r#"{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 3,
  "lineage": "9eb9cc7d-507b-66d9-bf71-153dbdbf6308",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "terraform_data",
      "name": "a",
      "provider": "provider[\"terraform.io/builtin/terraform\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "id": "69bae817-fee7-ba4d-b009-4782a82809f1",
            "input": {
              "value": "hello",
              "type": "string"
            },
            "output": null,
            "triggers_replace": null
          },
          "sensitive_attributes": []
        }
      ]
    }
  ],
  "check_results": null
}
"#;
    let state = parse(std::path::Path::new("t"), text).unwrap();
    let mut out = serde_json::to_string_pretty(&state).unwrap();
    out.push('\n');
    assert_eq!(out, text);
}

#[test]
fn version_3_is_refused_with_a_message() {
    let err = parse(std::path::Path::new("t"), r#"{"version": 3}"#).unwrap_err();
    assert!(
        err.to_string().contains("version 3 is not supported"),
        "{err}"
    );
}

#[test]
fn writes_are_private_backed_up_and_bump_serial_only_on_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut store = LocalStore::new(&path);
    assert!(store.read().unwrap().is_none());
    let mut s = State::new();
    s.put_instance(&header("a"), instance("1"));
    assert!(store.write(&mut s).unwrap());
    assert_eq!(s.serial, 1);
    assert!(
        !store.write(&mut s).unwrap(),
        "unchanged content is not rewritten"
    );
    assert_eq!(s.serial, 1);
    s.put_instance(&header("b"), instance("2"));
    assert!(store.write(&mut s).unwrap());
    assert_eq!(s.serial, 2);
    let backup = parse(&path, &fs::read_to_string(store.backup_path()).unwrap()).unwrap();
    assert_eq!(
        backup.serial, 1,
        "the backup is the state as this run found it"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn an_interrupted_journal_is_replayed_and_a_torn_line_ignored() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut store = LocalStore::new(&path);
    let mut s = State::new();
    s.put_instance(&header("a"), instance("1"));
    store.write(&mut s).unwrap();
    let mut j = store.begin_journal(&s).unwrap();
    j.put(&header("b"), &instance("2")).unwrap();
    j.put(&header("c"), &instance("3")).unwrap();
    j.remove("managed", "terraform_data", "a", &None, &None)
        .unwrap();
    drop(j);
    // A crash in the middle of the next record.
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(store.journal_path())
        .unwrap();
    std::io::Write::write_all(&mut f, br#"{"put":{"resource":{"mode":"man"#).unwrap();
    drop(f);

    let mut fresh = LocalStore::new(&path);
    let recovered = fresh.read().unwrap().unwrap();
    let names: Vec<_> = recovered
        .resources
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["b", "c"]);
    assert_eq!(recovered.lineage, s.lineage);
    assert!(recovered.serial > s.serial);
    assert!(
        !store.journal_path().exists(),
        "the journal is folded and removed"
    );
}

#[test]
fn a_second_lock_names_the_holder_and_force_unlock_needs_the_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let held = acquire(&path, "OperationTypeApply", "alice@host").unwrap();
    let err = acquire(&path, "OperationTypePlan", "bob@host").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("alice@host") && msg.contains(&held.info.id),
        "{msg}"
    );
    assert!(force_unlock(&path, "wrong").is_err());
    force_unlock(&path, &held.info.id).unwrap();
    let again = acquire(&path, "OperationTypePlan", "bob@host").unwrap();
    drop(held); // must not release bob's lock
    assert!(lock::lock_path(&path).exists());
    drop(again);
    assert!(!lock::lock_path(&path).exists());
}
