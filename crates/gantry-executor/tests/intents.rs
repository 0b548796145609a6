//! Resolving the creates an interrupted run left open: what was made is
//! adopted into state, what was not is forgotten, and a lookup that fails
//! keeps the intent and stops the run.

use std::sync::Arc;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_executor::intents::resolve;
use gantry_executor::{Provider, ProviderError, Providers};
use gantry_state::{InstanceState, Intent, ResourceHeader, State, Store};

/// Finds an object for input "made", nothing for "never", and fails for
/// "unreachable".
struct Remote;

#[async_trait]
impl Provider for Remote {
    async fn create(&self, _: &str, _: Value, _: Option<&str>) -> Result<Value, ProviderError> {
        unreachable!("resolving never creates")
    }
    async fn find_created(
        &self,
        _: &str,
        planned: Value,
        _since: std::time::SystemTime,
        _: &str,
    ) -> Result<Option<Value>, ProviderError> {
        match gantry_executor::convert::attr(&planned, "input").as_str() {
            Some("made") => {
                let mut v = planned.clone();
                if let Value::Map(m) = &mut v {
                    m.insert("id".into(), Value::string("found-1"));
                }
                Ok(Some(v))
            }
            Some("never") => Ok(None),
            _ => Err(ProviderError::new(
                "Lookup failed",
                "the API is unreachable",
            )),
        }
    }
    async fn read(&self, _: &str, v: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(v))
    }
    async fn update(&self, _: &str, _: Value, n: Value) -> Result<Value, ProviderError> {
        Ok(n)
    }
    async fn delete(&self, _: &str, _: Value) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn import(&self, _: &str, _: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::new("no", ""))
    }
}

fn intent(name: &str, input: &str) -> Intent {
    let header = ResourceHeader {
        module: Default::default(),
        mode: gantry_addrs::Mode::Managed,
        type_name: "terraform_data".into(),
        name: name.into(),
        each: None,
        provider: gantry_addrs::AbsProviderConfig::root("terraform.io/builtin/terraform"),
    };
    let attrs = serde_json::json!({"id": null, "input": {"value": input, "type": "string"}, "output": null, "triggers_replace": null});
    let mut i = Intent::new(
        header,
        InstanceState {
            index_key: None,
            status: None,
            deposed: None,
            schema_version: 0,
            object: gantry_state::Object::decode(
                gantry_addrs::Mode::Managed,
                "terraform_data",
                gantry_state::Raw {
                    attributes: attrs.as_object().cloned().unwrap(),
                    sensitive_attributes: vec![],
                },
            ),
            private: None,
            dependencies: vec![
                gantry_addrs::parse::config_resource("terraform_data.other").unwrap()
            ],
            create_before_destroy: false,
        },
    );
    // Old enough that "not found" is conclusive at once.
    i.since = "2020-01-01T00:00:00Z".into();
    i
}

#[test]
fn made_objects_are_adopted_and_the_rest_forgotten_or_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("terraform.tfstate");
    let mut store = Store::new(&path);
    store.lock("OperationTypeApply", "test").unwrap();
    let mut state = State::new();
    store.write(&mut state).unwrap();
    let mut j = store.begin_journal(&state).unwrap();
    for i in [
        intent("a", "made"),
        intent("b", "never"),
        intent("c", "unreachable"),
    ] {
        j.intent(&i).unwrap();
    }
    drop(j);
    drop(store);

    let mut store = Store::new(&path);
    store.lock("OperationTypeApply", "test").unwrap();
    let mut state = store.read().unwrap().unwrap();
    let mut providers = Providers::default();
    providers.register("terraform_data", Arc::new(Remote));
    let rt = tokio::runtime::Runtime::new().unwrap();
    let resolved = rt
        .block_on(resolve(&mut store, &mut state, &providers))
        .unwrap();
    assert_eq!(resolved.adopted.len(), 1);
    assert_eq!(resolved.adopted[0].address, "terraform_data.a");
    assert_eq!(resolved.adopted[0].id.as_deref(), Some("found-1"));
    assert_eq!(resolved.forgotten, 1);
    let errors: Vec<_> = resolved.diags.iter().collect();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].summary.contains("terraform_data.c"),
        "{}",
        errors[0].summary
    );

    // The adopted object is on disk with what the intent recorded; only
    // the unresolved intent stays open.
    let on_disk = Store::reader(&path).read().unwrap().unwrap();
    let a = on_disk
        .resource(
            &gantry_addrs::Resource::managed("terraform_data", "a").absolute(Default::default()),
        )
        .unwrap();
    assert_eq!(a.instances[0].id(), Some("found-1"));
    assert_eq!(
        a.instances[0].dependencies[0].to_string(),
        "terraform_data.other"
    );
    let open = store.open_intents().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].resource.name, "c");
}
