//! The apply walk's rules, with a scripted provider: a failure stops its
//! dependents but not independent work, every success is in state (and on
//! disk), and `parallelism` bounds concurrency.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_executor::apply::{apply, ApplyOptions, ApplySummary, Event};
use gantry_executor::{plan, PlanOptions, Provider, ProviderError, Providers};
use gantry_state::{State, Store};

/// `terraform_data` that fails to create objects whose input is "fail",
/// sleeps a little, and counts how many calls run at once.
struct Scripted {
    running: AtomicUsize,
    peak: AtomicUsize,
}

#[async_trait]
impl Provider for Scripted {
    fn plan(
        &self,
        schema: &'static gantry_schema::ResourceType,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<gantry_executor::Planned, ProviderError> {
        gantry_executor::terraform_data::TerraformData.plan(schema, prior, config)
    }
    async fn create(
        &self,
        t: &str,
        planned: Value,
        _: Option<&str>,
    ) -> Result<Value, ProviderError> {
        let now = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(20)).await;
        self.running.fetch_sub(1, Ordering::SeqCst);
        if gantry_executor::convert::attr(&planned, "input").as_str() == Some("panic") {
            panic!("boom inside the provider");
        }
        if gantry_executor::convert::attr(&planned, "input").as_str() == Some("fail") {
            return Err(ProviderError::new(
                "Error creating thing",
                "the API said no",
            ));
        }
        gantry_executor::terraform_data::TerraformData
            .create(t, planned, None)
            .await
    }
    async fn read(&self, _: &str, v: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(v))
    }
    async fn update(&self, t: &str, p: Value, n: Value) -> Result<Value, ProviderError> {
        gantry_executor::terraform_data::TerraformData
            .update(t, p, n)
            .await
    }
    async fn delete(&self, _: &str, _: Value) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn import(&self, _: &str, _: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::new("no", ""))
    }
}

fn run(
    src: &str,
    parallelism: usize,
) -> (
    State,
    Vec<Event>,
    gantry_diagnostics::Diagnostics,
    usize,
    State,
) {
    let provider = Arc::new(Scripted {
        running: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    });
    let (state, events, summary, on_disk) = apply_with(src, parallelism, provider.clone());
    (
        state,
        events,
        summary.diags,
        provider.peak.load(Ordering::SeqCst),
        on_disk,
    )
}

/// Plans and applies `src` with `provider` for `terraform_data`: the state
/// in memory, the events, the summary and the state on disk.
fn apply_with(
    src: &str,
    parallelism: usize,
    provider: Arc<dyn Provider>,
) -> (State, Vec<Event>, ApplySummary, State) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), src).unwrap();
    let (module, diags) = gantry_config::load_dir(dir.path());
    assert!(!diags.has_errors(), "{diags:?}");
    let (graph, _) = gantry_graph::build(&module);
    let mut providers = Providers::default();
    providers.register("terraform_data", provider);
    let mut state = State::new();
    let (p, diags) = block(plan(
        &module,
        &graph,
        Default::default(),
        &state,
        &providers,
        &PlanOptions::default(),
    ));
    assert!(!diags.has_errors(), "{diags:?}");
    let mut store = Store::new(dir.path().join("terraform.tfstate"));
    let mut events = Vec::new();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let summary = rt
        .block_on(apply(
            &module,
            &p,
            &mut state,
            &mut store,
            &providers,
            &ApplyOptions {
                parallelism,
                progress_every: Duration::from_secs(10),
                ..Default::default()
            },
            &mut |e| events.push(e),
        ))
        .unwrap();
    let on_disk = Store::new(dir.path().join("terraform.tfstate"))
        .read()
        .unwrap()
        .unwrap();
    (state, events, summary, on_disk)
}

/// The journal waits for the disk once for the intents of creates that
/// start together, and once per group of completions that finish together
/// (never more than once per completion); objects with nothing outside the
/// state (terraform_data) do not wait for it at all.
#[test]
fn the_journal_syncs_once_per_group_and_never_for_local_objects() {
    const N: usize = 12;
    let independent: String = (0..N)
        .map(|i| format!("resource \"terraform_data\" \"r{i}\" {{\n  input = \"v{i}\"\n}}\n"))
        .collect();
    let remote = Arc::new(Scripted {
        running: AtomicUsize::new(0),
        peak: AtomicUsize::new(0),
    });
    let (state, _, summary, on_disk) = apply_with(&independent, N, remote);
    assert_eq!(state.resources.len(), N);
    assert_eq!(on_disk.resources, state.resources);
    // One per record was 2N + 2 (each intent, each completion, the header
    // and the outputs); the intents now share one.
    assert!(
        summary.journal_syncs <= N + 3,
        "{} syncs for {N} creates",
        summary.journal_syncs
    );

    let chained: String = (0..N)
        .map(|i| match i {
            0 => "resource \"terraform_data\" \"r0\" {\n  input = \"start\"\n}\n".to_string(),
            _ => format!(
                "resource \"terraform_data\" \"r{i}\" {{\n  input = terraform_data.r{}.output\n}}\n",
                i - 1
            ),
        })
        .collect();
    let local = Arc::new(gantry_executor::terraform_data::TerraformData);
    let (state, _, summary, on_disk) = apply_with(&chained, 10, local);
    assert_eq!(state.resources.len(), N);
    assert_eq!(on_disk.resources, state.resources, "all on disk at the end");
    // The header and the outputs: nothing in between waited.
    assert_eq!(summary.journal_syncs, 2);
}

#[test]
fn a_failure_stops_dependents_and_keeps_every_success() {
    let src = r#"
resource "terraform_data" "ok" {
  input = "fine"
}
resource "terraform_data" "bad" {
  input = "fail"
}
resource "terraform_data" "after_bad" {
  input = terraform_data.bad.output
}
resource "terraform_data" "after_after" {
  input = terraform_data.after_bad.id
}
resource "terraform_data" "after_ok" {
  input = terraform_data.ok.output
}
"#;
    let (state, events, diags, _, on_disk) = run(src, 10);
    let names: Vec<&str> = state.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["after_ok", "ok"]);
    assert_eq!(
        on_disk.resources, state.resources,
        "every success is on disk"
    );
    assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 1);
    let d = diags.iter().next().unwrap();
    assert_eq!(d.summary, "Error creating thing");
    assert_eq!(d.address.as_deref(), Some("terraform_data.bad"));
    let started: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Started { address, .. } => Some(address.clone()),
            _ => None,
        })
        .collect();
    assert!(
        !started
            .iter()
            .any(|a| a.contains("after_bad") || a.contains("after_after")),
        "{started:?}"
    );
    let after_ok = gantry_executor::convert::instance_value(
        &state
            .resource(
                &gantry_addrs::Resource::managed("terraform_data", "after_ok")
                    .absolute(Default::default()),
            )
            .unwrap()
            .instances[0],
    );
    assert_eq!(
        gantry_executor::convert::attr(&after_ok, "input"),
        &Value::string("fine"),
        "the applied output flowed into the dependent"
    );
}

#[test]
fn a_provider_panic_fails_its_resource_and_its_dependents_are_reported() {
    let src = r#"
resource "terraform_data" "ok" {
  input = "fine"
}
resource "terraform_data" "bad" {
  input = "panic"
}
resource "terraform_data" "after_bad" {
  input = terraform_data.bad.output
}
resource "terraform_data" "after_after" {
  input = terraform_data.after_bad.id
}
"#;
    let (state, events, diags, _, on_disk) = run(src, 10);
    let names: Vec<&str> = state.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["ok"]);
    assert_eq!(on_disk.resources, state.resources);
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 1, "{diags:?}");
    assert_eq!(errors[0].summary, "Provider crashed");
    assert_eq!(errors[0].address.as_deref(), Some("terraform_data.bad"));
    assert!(
        errors[0]
            .detail
            .contains("while creating terraform_data.bad: boom inside the provider"),
        "{}",
        errors[0].detail
    );
    assert!(events.contains(&Event::Failed {
        address: "terraform_data.bad".into(),
        kind: gantry_executor::apply::OpKind::Create,
    }));
    let warning = diags
        .iter()
        .find(|d| d.code == "gantry::apply::not_started")
        .expect("the dependents are reported");
    assert_eq!(warning.summary, "2 operation(s) not started");
    assert!(
        warning.detail.contains("terraform_data.after_bad")
            && warning.detail.contains("terraform_data.after_after"),
        "{}",
        warning.detail
    );
}

#[test]
fn parallelism_bounds_concurrent_operations() {
    let mut src = String::new();
    for i in 0..12 {
        src.push_str(&format!(
            "resource \"terraform_data\" \"r{i}\" {{\n  input = {i}\n}}\n"
        ));
    }
    let (_, _, _, peak, _) = run(&src, 3);
    assert!((2..=3).contains(&peak), "peak concurrency {peak}");
    let (_, _, _, peak, _) = run(&src, 1);
    assert_eq!(peak, 1);
}

/// Plans on a runtime of its own (planning reads data sources).
fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
