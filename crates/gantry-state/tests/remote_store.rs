//! The store over a remote state (a fake bucket in memory): serials, the
//! lock and its holder, the local journal of an apply, the periodic
//! write, and the refusal to replay a journal over a state that moved on.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use gantry_state::*;
use serde_json::json;

#[derive(Default)]
struct Bucket {
    state: Option<Vec<u8>>,
    lock: Option<LockInfo>,
    puts: usize,
}

#[derive(Clone, Default)]
struct Fake(Arc<Mutex<Bucket>>);

impl Remote for Fake {
    fn describe(&self) -> String {
        "s3://bucket/key".into()
    }
    fn get(&mut self) -> Result<Option<Vec<u8>>, StateError> {
        Ok(self.0.lock().unwrap().state.clone())
    }
    fn put(&mut self, bytes: &[u8]) -> Result<(), StateError> {
        let mut b = self.0.lock().unwrap();
        b.state = Some(bytes.to_vec());
        b.puts += 1;
        Ok(())
    }
    fn lock(&mut self, info: &mut LockInfo) -> Result<(), StateError> {
        let mut b = self.0.lock().unwrap();
        info.path = "bucket/key".into();
        if let Some(held) = &b.lock {
            return Err(StateError::LockedRemotely {
                info: Box::new(held.clone()),
                object: "s3://bucket/key.tflock".into(),
            });
        }
        b.lock = Some(info.clone());
        Ok(())
    }
    fn lock_info(&mut self) -> Result<Option<LockInfo>, StateError> {
        Ok(self.0.lock().unwrap().lock.clone())
    }
    fn unlock(&mut self, id: &str) -> Result<(), StateError> {
        let mut b = self.0.lock().unwrap();
        match &b.lock {
            Some(l) if l.id == id => {
                b.lock = None;
                Ok(())
            }
            Some(l) => Err(StateError::LockMismatch {
                given: id.into(),
                held: l.id.clone(),
            }),
            None => Err(StateError::NotLocked),
        }
    }
}

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

fn instance(id: &str) -> InstanceState {
    let attrs = json!({"id": id, "input": null, "output": null, "triggers_replace": null});
    InstanceState {
        index_key: None,
        status: None,
        deposed: None,
        schema_version: 0,
        object: Object::decode(
            gantry_addrs::Mode::Managed,
            "terraform_data",
            Raw {
                attributes: attrs.as_object().cloned().unwrap_or_default(),
                sensitive_attributes: vec![],
            },
        ),
        private: None,
        dependencies: vec![],
        create_before_destroy: false,
    }
}

fn names(s: &State) -> Vec<String> {
    s.resources.iter().map(|r| r.name.clone()).collect()
}

fn store(fake: &Fake, dir: &std::path::Path) -> Store {
    Store::remote(
        Box::new(fake.clone()),
        dir.join("data/gantry/s3.journal"),
        true,
    )
}

#[test]
fn a_remote_state_is_read_and_written_through_the_remote_only() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let mut s = store(&fake, dir.path());
    assert_eq!(s.path().to_str(), Some("s3://bucket/key"));
    assert!(s.read().unwrap().is_none());
    let mut state = State::new();
    state.put_instance(&header("a"), instance("1"));
    assert!(s.write(&mut state).unwrap());
    assert_eq!(state.serial, 1, "a first write is serial 1");
    // The same content again: no write, no new serial.
    assert!(!s.write(&mut state.clone()).unwrap());
    assert_eq!(fake.0.lock().unwrap().puts, 1);
    let read = store(&fake, dir.path()).read().unwrap().unwrap();
    assert_eq!(names(&read), ["a"]);
    assert_eq!(read.lineage, state.lineage);
    // Nothing local but what a journal would need.
    assert!(!dir.path().join("data").exists());
}

#[test]
fn the_lock_names_its_holder_and_goes_with_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let mut first = store(&fake, dir.path());
    let id = first
        .lock("OperationTypeApply", "alice@host")
        .unwrap()
        .id
        .clone();
    assert_eq!(
        fake.0.lock().unwrap().lock.as_ref().unwrap().path,
        "bucket/key"
    );
    let mut second = store(&fake, dir.path());
    match second.lock("OperationTypePlan", "bob@host") {
        Err(e @ StateError::LockedRemotely { .. }) => {
            assert!(e.is_locked());
            let text = e.to_string();
            assert!(text.contains("alice@host") && text.contains(&id), "{text}");
            assert!(
                text.contains(&format!("gantry force-unlock {id}")),
                "{text}"
            );
        }
        other => panic!("expected the lock to be held: {other:?}"),
    }
    drop(first);
    assert!(
        fake.0.lock().unwrap().lock.is_none(),
        "dropping releases it"
    );
    second.lock("OperationTypePlan", "bob@host").unwrap();
    second.unlock().unwrap();
    assert!(fake.0.lock().unwrap().lock.is_none());
    // force-unlock checks the ID, as Terraform's.
    let mut r = fake.clone();
    let mut held = LockInfo::new("OperationTypeApply", "ghost@host", String::new());
    r.lock(&mut held).unwrap();
    assert!(matches!(
        remote::force_unlock(&mut r, "not-it"),
        Err(StateError::LockMismatch { .. })
    ));
    assert_eq!(
        remote::force_unlock(&mut r, &held.id).unwrap().who,
        "ghost@host"
    );
    assert!(matches!(
        remote::force_unlock(&mut r, &held.id),
        Err(StateError::NotLocked)
    ));
}

#[test]
fn a_killed_apply_loses_nothing_and_the_next_run_folds_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let mut s = store(&fake, dir.path());
    s.lock("OperationTypeApply", "alice@host").unwrap();
    let mut state = State::new();
    s.write(&mut state).unwrap();
    let mut j = s.begin_journal(&state).unwrap();
    j.put(&header("a"), &instance("1")).unwrap();
    // Killed: no final write, and the lock is left behind.
    std::mem::forget(s);
    drop(j);
    assert!(fake.0.lock().unwrap().lock.is_some());
    fake.0.lock().unwrap().lock = None; // force-unlock

    let mut next = store(&fake, dir.path());
    next.lock("OperationTypeApply", "bob@host").unwrap();
    let recovered = next.read().unwrap().unwrap();
    assert_eq!(names(&recovered), ["a"]);
    // Folded into the remote state, journal gone.
    let remote = parse(
        std::path::Path::new("r"),
        std::str::from_utf8(fake.0.lock().unwrap().state.as_ref().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(names(&remote), ["a"]);
    assert!(!next.journal_path().exists());
}

#[test]
fn progress_reaches_the_remote_every_interval_and_restarts_the_journal() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let mut s = store(&fake, dir.path()).persist_every(Duration::ZERO);
    s.lock("OperationTypeApply", "alice@host").unwrap();
    let mut state = State::new();
    s.write(&mut state).unwrap();
    let mut j = s.begin_journal(&state).unwrap();
    let lost = Intent::new(header("b"), instance(""));
    j.intent(&lost).unwrap();
    state.put_instance(&header("a"), instance("1"));
    j.put(&header("a"), &instance("1")).unwrap();
    s.checkpoint(&mut state, &mut j).unwrap();
    let remote = parse(
        std::path::Path::new("r"),
        std::str::from_utf8(fake.0.lock().unwrap().state.as_ref().unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(names(&remote), ["a"], "the progress is in the bucket");
    let journal = std::fs::read_to_string(s.journal_path()).unwrap();
    assert_eq!(
        journal.lines().count(),
        2,
        "header and the open intent: {journal}"
    );
    assert!(journal.contains(&lost.token));
    // Appending goes on after the restart.
    j.put(&header("c"), &instance("3")).unwrap();
    drop(j);
    std::mem::forget(s);
    fake.0.lock().unwrap().lock = None;
    let mut next = store(&fake, dir.path());
    next.lock("OperationTypeApply", "bob@host").unwrap();
    assert_eq!(names(&next.read().unwrap().unwrap()), ["a", "c"]);
    assert_eq!(next.open_intents().unwrap(), vec![lost]);
}

#[test]
fn a_journal_is_not_replayed_over_a_state_that_moved_on() {
    let dir = tempfile::tempdir().unwrap();
    let fake = Fake::default();
    let mut s = store(&fake, dir.path());
    s.lock("OperationTypeApply", "alice@host").unwrap();
    let mut state = State::new();
    s.write(&mut state).unwrap();
    let mut j = s.begin_journal(&state).unwrap();
    j.put(&header("a"), &instance("old")).unwrap();
    drop(j);
    std::mem::forget(s);
    fake.0.lock().unwrap().lock = None;
    // Another machine applies twice meanwhile.
    let mut other = Store::remote(
        Box::new(fake.clone()),
        dir.path().join("elsewhere.journal"),
        true,
    );
    let mut theirs = other.read().unwrap_or_default().unwrap_or_default();
    for id in ["x", "y"] {
        theirs.put_instance(&header("a"), instance(id));
        other.write(&mut theirs).unwrap();
    }
    drop(other);
    let mut next = store(&fake, dir.path());
    next.lock("OperationTypeApply", "bob@host").unwrap();
    let err = next.read().unwrap_err().to_string();
    assert!(err.contains("another run wrote the state since"), "{err}");
    assert!(
        next.journal_path().exists(),
        "the journal is kept for the user"
    );
}
