use std::fs;

use gantry_state::*;
use serde_json::json;

fn header(name: &str) -> ResourceHeader {
    ResourceHeader {
        module: Default::default(),
        mode: gantry_addrs::Mode::Managed,
        type_name: "terraform_data".into(),
        name: name.into(),
        each: None,
        provider: gantry_addrs::AbsProviderConfig::root("terraform.io/builtin/terraform"),
    }
}

fn addr(name: &str) -> gantry_addrs::AbsResourceInstance {
    gantry_addrs::AbsResourceInstance::root(
        gantry_addrs::Resource::managed("terraform_data", name),
        None,
    )
}

fn instance(id: &str) -> InstanceState {
    let attrs = json!({"id": id, "input": null, "output": null, "triggers_replace": null});
    InstanceState {
        index_key: None,
        status: None,
        deposed: None,
        schema_version: 0,
        object: gantry_state::Object::decode(
            gantry_addrs::Mode::Managed,
            "terraform_data",
            gantry_state::Raw {
                attributes: attrs.as_object().cloned().unwrap_or_default(),
                sensitive_attributes: vec![],
            },
        ),
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

/// Objects are decoded once, when the state is read: a type gantry knows
/// becomes a value (sensitive paths become marks); what its table does not
/// describe (a newer provider's attribute) and a type gantry does not know
/// are kept as written, so that writing the state back loses nothing.
#[test]
fn objects_are_decoded_on_read_and_written_back_whole() {
    let text = r#"{
  "version": 4,
  "terraform_version": "1.11.4",
  "serial": 1,
  "lineage": "9eb9cc7d-507b-66d9-bf71-153dbdbf6308",
  "outputs": {},
  "resources": [
    {
      "mode": "managed",
      "type": "aws_s3_bucket",
      "name": "logs",
      "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "bucket": "logs",
            "id": "logs"
          },
          "sensitive_attributes": []
        }
      ]
    },
    {
      "mode": "managed",
      "type": "terraform_data",
      "name": "a",
      "provider": "provider[\"terraform.io/builtin/terraform\"]",
      "instances": [
        {
          "schema_version": 0,
          "attributes": {
            "from_a_newer_provider": "kept",
            "id": "69bae817",
            "input": {
              "value": "secret",
              "type": "string"
            },
            "output": null,
            "triggers_replace": null
          },
          "sensitive_attributes": [
            [
              {
                "type": "get_attr",
                "value": "input"
              }
            ],
            [
              {
                "type": "get_attr",
                "value": "from_a_newer_provider"
              }
            ]
          ]
        }
      ]
    }
  ],
  "check_results": null
}
"#;
    let state = parse(std::path::Path::new("t"), text).unwrap();
    let bucket = &state.resources[0].instances[0];
    assert!(matches!(bucket.object, gantry_state::Object::Opaque(_)));
    assert_eq!(bucket.id(), Some("logs"));
    let data = &state.resources[1].instances[0];
    let value = data.object.value().expect("terraform_data is decoded");
    let gantry_config::value::Value::Map(fields) = value else {
        panic!("an object is a map: {value:?}");
    };
    assert!(fields["input"].is_sensitive(), "the path became a mark");
    assert_eq!(data.id(), Some("69bae817"));
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
fn a_document_of_no_version_or_a_wrong_field_is_refused_with_its_place() {
    let path = std::path::Path::new("t");
    let err = parse(path, r#"{"serial": 1}"#).unwrap_err();
    assert!(
        err.to_string().contains("version 0 is not supported"),
        "{err}"
    );
    // The version is read first: a document of another format says so.
    let err = parse(path, r#"{"version": 3, "resources": {"a": 1}}"#).unwrap_err();
    assert!(err.to_string().contains("version 3"), "{err}");
    let err = parse(
        path,
        "{\n  \"version\": 4,\n  \"terraform_version\": \"1.11.4\",\n  \"serial\": 1,\n  \"lineage\": \"x\",\n  \"resources\": [\n    {\"mode\": \"managed\", \"type\": 7}\n  ]\n}",
    )
    .unwrap_err();
    match err {
        StateError::Parse { line, .. } => assert_eq!(line, 7, "the line of the wrong field"),
        other => panic!("{other}"),
    }
}

/// The store keeps the state as read to tell whether a write changes
/// anything; that copy shares every resource entry with the state the
/// caller changes, until the caller changes one.
#[test]
fn the_state_as_read_shares_what_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut s = State::new();
    s.put_instance(&header("a"), instance("1"));
    s.put_instance(&header("b"), instance("2"));
    Store::new(&path).write(&mut s).unwrap();

    let mut store = Store::new(&path);
    let mut read = store.read().unwrap().unwrap();
    let shared = |s: &State| {
        s.resources
            .iter()
            .map(std::sync::Arc::strong_count)
            .collect::<Vec<_>>()
    };
    assert_eq!(shared(&read), [2, 2]);
    read.put_instance(&header("b"), instance("3"));
    assert_eq!(shared(&read), [2, 1], "only the changed entry is copied");
    assert!(store.write(&mut read).unwrap(), "and the change is seen");
}

#[test]
fn writes_are_private_backed_up_and_bump_serial_only_on_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut store = Store::new(&path);
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
    let mut store = Store::new(&path);
    let mut s = State::new();
    s.put_instance(&header("a"), instance("1"));
    store.write(&mut s).unwrap();
    let mut j = store.begin_journal(&s).unwrap();
    j.put(&header("b"), &instance("2")).unwrap();
    j.put(&header("c"), &instance("3")).unwrap();
    j.remove(&addr("a"), &None).unwrap();
    drop(j);
    // A crash in the middle of the next record.
    let mut f = fs::OpenOptions::new()
        .append(true)
        .open(store.journal_path())
        .unwrap();
    std::io::Write::write_all(&mut f, br#"{"put":{"resource":{"mode":"man"#).unwrap();
    drop(f);

    let mut fresh = Store::new(&path);
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
fn a_second_lock_names_the_holder_and_dies_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let held = acquire(&path, "OperationTypeApply", "alice@host").unwrap();
    // Open-file-description locks conflict within one process too.
    let err = acquire(&path, "OperationTypePlan", "bob@host").unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("alice@host") && msg.contains(&held.info.id),
        "{msg}"
    );
    assert!(is_held(&path).unwrap());
    assert!(force_unlock(&path, "wrong").is_err());
    let live = force_unlock(&path, &held.info.id).unwrap_err();
    assert!(
        live.to_string()
            .contains("cannot be unlocked by another process"),
        "{live}"
    );
    assert!(
        lock::lock_path(&path).exists(),
        "a live lock's info file stays"
    );
    drop(held);
    assert!(!is_held(&path).unwrap());
    assert!(!lock::lock_path(&path).exists());
    assert!(
        !path.exists(),
        "the empty state file made to lock is removed again, as Terraform does"
    );
}

#[test]
fn a_lock_info_file_without_a_holder_is_no_lock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    // What a crashed run leaves: the info file, no process.
    let info = lock::lock_path(&path);
    fs::write(
        &info,
        r#"{"ID":"abc","Operation":"OperationTypeApply","Info":"","Who":"ghost@host","Version":"1.11.4","Created":"now","Path":"terraform.tfstate"}"#,
    )
    .unwrap();
    assert!(!is_held(&path).unwrap());
    let mut store = Store::new(&path);
    let held = store.lock("OperationTypePlan", "bob@host").unwrap();
    let written: LockInfo = serde_json::from_str(&fs::read_to_string(&info).unwrap()).unwrap();
    assert_eq!(written.id, held.id, "the stale info is replaced");
    drop(store);
    // force-unlock clears a stale info file by its ID.
    fs::write(
        &info,
        r#"{"ID":"abc","Operation":"OperationTypeApply","Info":"","Who":"ghost@host","Version":"1.11.4","Created":"now","Path":"terraform.tfstate"}"#,
    )
    .unwrap();
    assert_eq!(force_unlock(&path, "abc").unwrap().who, "ghost@host");
    assert!(!info.exists());
}

#[test]
fn the_lock_holds_across_state_writes_that_replace_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut store = Store::new(&path);
    store.lock("OperationTypeApply", "alice@host").unwrap();
    assert!(store.read().unwrap().is_none(), "an empty file is no state");
    let mut s = State::new();
    s.put_instance(&header("a"), instance("1"));
    store.write(&mut s).unwrap();
    s.put_instance(&header("b"), instance("2"));
    store.write(&mut s).unwrap();
    // The path now names a file that did not exist when the lock was
    // taken; whoever opens it finds it locked.
    assert!(is_held(&path).unwrap());
    let err = acquire(&path, "OperationTypePlan", "bob@host").unwrap_err();
    assert!(err.to_string().contains("alice@host"), "{err}");
    drop(store);
    assert!(!is_held(&path).unwrap());
    assert!(path.exists(), "a written state stays");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let mut store = Store::new(&path);
        store.lock("OperationTypeApply", "alice@host").unwrap();
        assert_eq!(mode(&lock::lock_path(&path)), 0o600);
        let s = store.read().unwrap().unwrap();
        drop(store.begin_journal(&s).unwrap());
        assert_eq!(mode(&store.journal_path()), 0o600);
    }
}

#[test]
fn a_reader_sees_a_live_journal_without_touching_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut applier = Store::new(&path);
    applier.lock("OperationTypeApply", "alice@host").unwrap();
    let mut s = State::new();
    s.put_instance(&header("a"), instance("1"));
    applier.write(&mut s).unwrap();
    let mut j = applier.begin_journal(&s).unwrap();
    j.put(&header("b"), &instance("2")).unwrap();

    let state_before = fs::read(&path).unwrap();
    let journal_before = fs::read(applier.journal_path()).unwrap();
    let mut reader = Store::reader(&path);
    let seen = reader.read().unwrap().unwrap();
    let names: Vec<_> = seen.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["a", "b"], "the reader sees the completed record");
    assert_eq!(fs::read(&path).unwrap(), state_before);
    assert_eq!(fs::read(applier.journal_path()).unwrap(), journal_before);
    assert!(reader.write(&mut seen.clone()).is_err());

    // The apply goes on after the reader and then crashes: nothing it
    // completed is lost.
    j.put(&header("c"), &instance("3")).unwrap();
    drop(j);
    drop(applier);
    let mut next = Store::new(&path);
    next.lock("OperationTypeApply", "bob@host").unwrap();
    let recovered = next.read().unwrap().unwrap();
    let names: Vec<_> = recovered
        .resources
        .iter()
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
}

/// A locked store with an empty state on disk in `dir`, and the journal of
/// an apply against that state.
fn applying(dir: &std::path::Path) -> (Store, State, Journal) {
    let mut store = Store::new(dir.join("terraform.tfstate"));
    store.lock("OperationTypeApply", "alice@host").unwrap();
    let mut s = State::new();
    store.write(&mut s).unwrap();
    let j = store.begin_journal(&s).unwrap();
    (store, s, j)
}

#[test]
fn open_intents_outlive_folding_until_settled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let (store, _, mut j) = applying(dir.path());
    // Created and recorded: settled by its put.
    let done = Intent::new(header("a"), instance(""));
    j.intent(&done).unwrap();
    j.stage_put(&header("a"), &instance("1"), Some(&done.token))
        .unwrap();
    j.sync().unwrap();
    // Refused by the API: settled explicitly.
    let refused = Intent::new(header("b"), instance(""));
    j.intent(&refused).unwrap();
    j.settle(&refused.token).unwrap();
    // In flight when the process died.
    let lost = Intent::new(header("c"), instance(""));
    j.intent(&lost).unwrap();
    drop(j);
    drop(store);

    let mut next = Store::new(&path);
    next.lock("OperationTypePlan", "bob@host").unwrap();
    let folded = next.read().unwrap().unwrap();
    assert_eq!(folded.resources.len(), 1);
    let open = next.open_intents().unwrap();
    assert_eq!(
        open,
        vec![lost.clone()],
        "only the create in flight is open"
    );
    assert_eq!(open[0].address(), "terraform_data.c");
    // A new apply carries it over; folding again keeps it.
    drop(next.begin_journal(&folded).unwrap());
    assert_eq!(next.read().unwrap().unwrap().resources.len(), 1);
    assert_eq!(next.open_intents().unwrap(), vec![lost.clone()]);
    // A reader sees the state and leaves the intent alone.
    let mut reader = Store::reader(&path);
    assert_eq!(reader.read().unwrap().unwrap().resources.len(), 1);
    next.settle(&folded, std::slice::from_ref(&lost.token))
        .unwrap();
    assert!(next.open_intents().unwrap().is_empty());
    assert!(!next.journal_path().exists());
}

/// Staged records share one fsync, a sync with nothing staged costs none,
/// and staged records are part of what a recovery replays.
#[test]
fn staged_records_share_one_sync() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, mut j) = applying(dir.path());
    let at_start = j.syncs();
    for name in ["a", "b", "c"] {
        j.stage_put(&header(name), &instance(name), None).unwrap();
    }
    assert_eq!(j.syncs(), at_start, "staging does not wait for the disk");
    j.sync().unwrap();
    j.sync().unwrap();
    assert_eq!(j.syncs(), at_start + 1, "one fsync for the three");
    // An intent syncs whatever was staged before it.
    j.stage_remove(&addr("a"), &None).unwrap();
    j.intent(&Intent::new(header("d"), instance(""))).unwrap();
    j.sync().unwrap();
    assert_eq!(j.syncs(), at_start + 2);
    drop(j);
    // The apply "crashed": recovery replays the staged records.
    assert_eq!(store.recover().unwrap(), Some(4));
    let state = store.read().unwrap().unwrap();
    let names: Vec<&str> = state.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["b", "c"]);
}

/// A hand-edited file may list resources in any order; the state in
/// memory (and so the file gantry writes) is in Terraform's order: the root
/// module first, then modules by their text; mode, type, name.
#[test]
fn a_file_out_of_order_is_read_in_terraforms_order() {
    let resource = |module: Option<&str>, name: &str| {
        let mut r = json!({
            "mode": "managed", "type": "terraform_data", "name": name,
            "provider": "provider[\"terraform.io/builtin/terraform\"]",
            "instances": [{"schema_version": 0, "attributes": {"id": name}}]
        });
        if let Some(m) = module {
            r["module"] = json!(m);
        }
        r
    };
    let doc = json!({
        "version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "x",
        "resources": [
            resource(Some("module.b"), "a"),
            resource(None, "z"),
            resource(Some("module.a"), "z"),
            resource(None, "a"),
        ]
    });
    let state = parse(std::path::Path::new("t"), &doc.to_string()).unwrap();
    let order: Vec<String> = state
        .resources
        .iter()
        .map(|r| format!("{}/{}", r.module, r.name))
        .collect();
    assert_eq!(order, ["/a", "/z", "module.a/z", "module.b/a"]);
}
