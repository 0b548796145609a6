//! Planning and applying rules beyond the plain create/update/delete:
//! `-target`, `lifecycle { prevent_destroy, ignore_changes }`, objects
//! deposed by an interrupted create-before-destroy, and the "Still
//! creating..." progress of a slow operation. Built on Terraform's
//! `terraform_data`, so every rule is checked without a cloud.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_diagnostics::Diagnostics;
use gantry_executor::apply::{apply, ApplyOptions, Event, OpKind};
use gantry_executor::render::render_plan;
use gantry_executor::terraform_data::TerraformData;
use gantry_executor::{plan, Action, Plan, PlanOptions, Provider, ProviderError, Providers};
use gantry_state::{InstanceState, State, Store};

struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    fn new(src: &str) -> Workdir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), src).unwrap();
        Workdir { dir }
    }

    fn edit(&self, src: &str) {
        std::fs::write(self.dir.path().join("main.tf"), src).unwrap();
    }

    fn plan(&self, state: &State, opts: &PlanOptions) -> (Plan, Diagnostics) {
        self.plan_with(state, opts, &Providers::with_builtin())
    }

    fn plan_with(
        &self,
        state: &State,
        opts: &PlanOptions,
        providers: &Providers,
    ) -> (Plan, Diagnostics) {
        let (module, diags) = gantry_config::load_dir(self.dir.path());
        assert!(!diags.has_errors(), "{diags:?}");
        let (graph, _) = gantry_graph::build(&module);
        block(plan(
            &module,
            &graph,
            Default::default(),
            state,
            providers,
            opts,
        ))
    }

    /// Plans and applies; returns the events and the diagnostics.
    fn apply(
        &self,
        state: &mut State,
        opts: &PlanOptions,
        providers: &Providers,
        apply_opts: &ApplyOptions,
    ) -> (Vec<Event>, Diagnostics) {
        let (module, diags) = gantry_config::load_dir(self.dir.path());
        assert!(!diags.has_errors(), "{diags:?}");
        let (graph, _) = gantry_graph::build(&module);
        let (p, diags) = block(plan(
            &module,
            &graph,
            Default::default(),
            state,
            providers,
            opts,
        ));
        assert!(!diags.has_errors(), "{diags:?}");
        let mut store = Store::new(self.dir.path().join("terraform.tfstate"));
        let mut events = Vec::new();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let summary = rt
            .block_on(apply(
                &module,
                &p,
                state,
                &mut store,
                providers,
                apply_opts,
                &mut |e| events.push(e),
            ))
            .unwrap();
        (events, summary.diags)
    }

    fn applied(&self, state: &mut State) {
        let (_, diags) = self.apply(
            state,
            &PlanOptions::default(),
            &Providers::with_builtin(),
            &ApplyOptions::default(),
        );
        assert!(!diags.has_errors(), "{diags:?}");
    }
}

/// (address, JSON actions) of every change, in plan order.
fn actions(p: &Plan) -> Vec<(String, &'static [&'static str])> {
    p.resource_changes()
        .map(|c| (c.key(), c.action.json()))
        .collect()
}

fn targets(addrs: &[&str]) -> PlanOptions {
    PlanOptions {
        destroy: false,
        targets: addrs
            .iter()
            .map(|a| gantry_executor::parse_target(a).expect("valid address"))
            .collect(),
        ..Default::default()
    }
}

const CHAIN: &str = r#"
resource "terraform_data" "api" {
  input = "api"
}
resource "terraform_data" "route" {
  count = 3
  input = "${terraform_data.api.output}/${count.index}"
}
resource "terraform_data" "unrelated" {
  input = "x"
}
"#;

#[test]
fn target_plans_the_target_and_what_it_needs_only() {
    let w = Workdir::new(CHAIN);
    let state = State::new();

    let (p, diags) = w.plan(&state, &targets(&["terraform_data.route[1]"]));
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(
        actions(&p),
        [
            ("terraform_data.api".to_string(), &["create"][..]),
            ("terraform_data.route[1]".to_string(), &["create"][..]),
        ]
    );
    assert!(
        p.outputs.is_empty(),
        "outputs are not planned under -target"
    );

    let (p, _) = w.plan(&state, &targets(&["terraform_data.route"]));
    assert_eq!(p.resource_changes().count(), 4, "every instance of route");

    let (p, _) = w.plan(&state, &targets(&["terraform_data.unrelated"]));
    assert_eq!(
        actions(&p),
        [("terraform_data.unrelated".to_string(), &["create"][..])]
    );
}

#[test]
fn targeted_destroy_takes_the_dependents_along() {
    let w = Workdir::new(CHAIN);
    let mut state = State::new();
    w.applied(&mut state);
    let mut opts = targets(&["terraform_data.api"]);
    opts.destroy = true;
    let (p, diags) = w.plan(&state, &opts);
    assert!(!diags.has_errors(), "{diags:?}");
    let deleted: Vec<String> = actions(&p).into_iter().map(|(a, _)| a).collect();
    assert_eq!(
        deleted,
        [
            "terraform_data.api",
            "terraform_data.route[0]",
            "terraform_data.route[1]",
            "terraform_data.route[2]"
        ]
    );
}

const PROTECTED: &str = r#"
resource "terraform_data" "keep" {
  count = 2
  input = "v1"
  triggers_replace = "one"

  lifecycle {
    prevent_destroy = true
  }
}
"#;

fn errors(diags: &Diagnostics) -> Vec<(String, Option<String>)> {
    diags
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.summary.clone(), d.address.clone()))
        .collect()
}

#[test]
fn prevent_destroy_refuses_replacement_removal_of_an_instance_and_destroy() {
    let w = Workdir::new(PROTECTED);
    let mut state = State::new();
    w.applied(&mut state);
    let protected = |addr: &str| {
        (
            "Instance cannot be destroyed".to_string(),
            Some(addr.to_string()),
        )
    };

    // An update in place is fine.
    w.edit(&PROTECTED.replace("\"v1\"", "\"v2\""));
    let (p, diags) = w.plan(&state, &PlanOptions::default());
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(p.counts(), (0, 2, 0));

    // A replacement is not.
    w.edit(&PROTECTED.replace("\"one\"", "\"two\""));
    let (_, diags) = w.plan(&state, &PlanOptions::default());
    assert_eq!(
        errors(&diags),
        [
            protected("terraform_data.keep[0]"),
            protected("terraform_data.keep[1]")
        ]
    );

    // Nor is dropping an instance the block still protects.
    w.edit(&PROTECTED.replace("count = 2", "count = 1"));
    let (p, diags) = w.plan(&state, &PlanOptions::default());
    assert_eq!(errors(&diags), [protected("terraform_data.keep[1]")]);
    assert!(
        !p.resource_changes().any(|c| c.action == Action::Delete),
        "a protected instance is never planned for deletion"
    );

    // Nor destroying everything.
    w.edit(PROTECTED);
    let (_, diags) = w.plan(
        &state,
        &PlanOptions {
            destroy: true,
            targets: Vec::new(),
            ..Default::default()
        },
    );
    assert_eq!(
        errors(&diags),
        [
            protected("terraform_data.keep[0]"),
            protected("terraform_data.keep[1]")
        ]
    );

    // With the block gone, nothing protects the objects any more (as in
    // Terraform): they are planned for deletion.
    w.edit("");
    let (p, diags) = w.plan(&state, &PlanOptions::default());
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(p.counts(), (0, 0, 2));
}

#[test]
fn ignore_changes_keeps_the_prior_value_of_an_argument_that_changed() {
    let src = r#"
resource "terraform_data" "t" {
  input = "first"
  triggers_replace = "a"

  lifecycle {
    ignore_changes = [input]
  }
}
"#;
    let w = Workdir::new(src);
    let mut state = State::new();
    w.applied(&mut state);

    w.edit(&src.replace("\"first\"", "\"second\""));
    let (p, diags) = w.plan(&state, &PlanOptions::default());
    assert!(!diags.has_errors(), "{diags:?}");
    assert!(!p.has_changes(), "{}", render_plan(&p));

    // Arguments not listed still count.
    w.edit(
        &src.replace("\"first\"", "\"second\"")
            .replace("\"a\"", "\"b\""),
    );
    let (p, _) = w.plan(&state, &PlanOptions::default());
    assert_eq!(
        actions(&p),
        [("terraform_data.t".to_string(), &["delete", "create"][..])]
    );
    let after = &p.changes[0].after;
    assert_eq!(
        gantry_executor::convert::attr(after, "input"),
        &Value::string("first"),
        "the replacement keeps the ignored argument's prior value"
    );

    // Without ignore_changes the same edit is an update.
    w.edit(
        &src.replace("\"first\"", "\"second\"")
            .replace("ignore_changes = [input]", "ignore_changes = []"),
    );
    let (p, _) = w.plan(&state, &PlanOptions::default());
    assert_eq!(
        actions(&p),
        [("terraform_data.t".to_string(), &["update"][..])]
    );
}

#[test]
fn deposed_objects_are_planned_for_deletion_and_deleted() {
    let src = r#"
resource "terraform_data" "t" {
  input = "new"
}
"#;
    let w = Workdir::new(src);
    let mut state = State::new();
    w.applied(&mut state);
    // What an apply interrupted between the create and the delete of a
    // create-before-destroy replacement leaves: the old object, deposed.
    let rs = state
        .resource(
            &gantry_addrs::Resource::managed("terraform_data", "t").absolute(Default::default()),
        )
        .unwrap();
    let header = rs.header();
    let current = rs.instances[0].clone();
    let mut old: InstanceState = current.clone();
    old.deposed = Some("0a1b2c3d".into());
    let mut raw = old
        .object
        .encode(gantry_addrs::Mode::Managed, "terraform_data");
    raw.attributes
        .insert("id".into(), serde_json::json!("old-object-id"));
    old.object = gantry_state::Object::decode(gantry_addrs::Mode::Managed, "terraform_data", raw);
    state.put_instance(&header, old);

    let (p, diags) = w.plan(&state, &PlanOptions::default());
    assert!(!diags.has_errors(), "{diags:?}");
    assert_eq!(
        actions(&p),
        [(
            "terraform_data.t (deposed object 0a1b2c3d)".to_string(),
            &["delete"][..]
        )]
    );
    let text = render_plan(&p);
    assert!(
        text.contains("  # terraform_data.t (deposed object 0a1b2c3d) will be destroyed\n  # (left over from a partially-failed replacement of this instance)\n  - resource \"terraform_data\" \"t\" {"),
        "{text}"
    );
    assert!(
        text.contains("Plan: 0 to add, 0 to change, 1 to destroy."),
        "{text}"
    );

    let (events, diags) = w.apply(
        &mut state,
        &PlanOptions::default(),
        &Providers::with_builtin(),
        &ApplyOptions::default(),
    );
    assert!(!diags.has_errors(), "{diags:?}");
    assert!(events.contains(&Event::Started {
        address: "terraform_data.t (deposed object 0a1b2c3d)".into(),
        kind: OpKind::Delete,
        id: Some("old-object-id".into()),
    }));
    let instances = &state
        .resource(
            &gantry_addrs::Resource::managed("terraform_data", "t").absolute(Default::default()),
        )
        .unwrap()
        .instances;
    assert_eq!(instances, &[current], "only the current object is left");
    let on_disk = Store::new(w.dir.path().join("terraform.tfstate"))
        .read()
        .unwrap()
        .unwrap();
    assert_eq!(on_disk.resources, state.resources);
}

#[test]
fn create_before_destroy_keeps_the_old_object_deposed_until_it_is_deleted() {
    let src = r#"
resource "terraform_data" "t" {
  triggers_replace = "one"
  lifecycle {
    create_before_destroy = true
  }
}
"#;
    let w = Workdir::new(src);
    let mut state = State::new();
    w.applied(&mut state);
    let old_id = state.resources[0].instances[0].id().map(str::to_string);
    w.edit(&src.replace("\"one\"", "\"two\""));
    // Deletes fail, as if the API refused: the old object must stay on
    // record, deposed, with its own attributes.
    let mut providers = Providers::default();
    providers.register("terraform_data", Arc::new(Slow::failing_deletes()));
    let (_, diags) = w.apply(
        &mut state,
        &PlanOptions::default(),
        &providers,
        &ApplyOptions::default(),
    );
    assert_eq!(errors(&diags).len(), 1, "{diags:?}");
    let instances = &state.resources[0].instances;
    assert_eq!(instances.len(), 2);
    assert_eq!(instances[0].deposed, None);
    assert_ne!(instances[0].id().map(str::to_string), old_id);
    assert!(instances[1].deposed.is_some());
    assert_eq!(instances[1].id().map(str::to_string), old_id);

    // The next plan cleans up the left-over object.
    let (p, _) = w.plan(&state, &PlanOptions::default());
    assert_eq!(p.counts(), (0, 0, 1));
    assert!(p.changes.iter().any(|c| c.deposed.is_some()));
}

/// `terraform_data` whose creates take a while, or whose deletes fail.
struct Slow {
    create_delay: Duration,
    fail_deletes: bool,
}

impl Slow {
    fn failing_deletes() -> Slow {
        Slow {
            create_delay: Duration::ZERO,
            fail_deletes: true,
        }
    }
}

#[async_trait]
impl Provider for Slow {
    fn plan(
        &self,
        schema: &'static gantry_schema::ResourceType,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<gantry_executor::Planned, ProviderError> {
        TerraformData.plan(schema, prior, config)
    }
    async fn create(
        &self,
        t: &str,
        planned: Value,
        token: Option<&str>,
    ) -> Result<Value, ProviderError> {
        tokio::time::sleep(self.create_delay).await;
        TerraformData.create(t, planned, token).await
    }
    async fn read(&self, _: &str, v: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(v))
    }
    async fn update(&self, t: &str, p: Value, n: Value) -> Result<Value, ProviderError> {
        TerraformData.update(t, p, n).await
    }
    async fn delete(&self, _: &str, _: Value) -> Result<(), ProviderError> {
        if self.fail_deletes {
            return Err(ProviderError::new("Error deleting", "refused"));
        }
        Ok(())
    }
    async fn import(&self, _: &str, _: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::new("no", ""))
    }
}

#[test]
fn a_slow_operation_reports_still_creating_until_it_completes() {
    let w = Workdir::new("resource \"terraform_data\" \"slow\" {\n  input = 1\n}\n");
    let mut state = State::new();
    let mut providers = Providers::default();
    providers.register(
        "terraform_data",
        Arc::new(Slow {
            create_delay: Duration::from_millis(2600),
            fail_deletes: false,
        }),
    );
    let (events, diags) = w.apply(
        &mut state,
        &PlanOptions::default(),
        &providers,
        &ApplyOptions {
            parallelism: 10,
            progress_every: Duration::from_secs(1),
            ..Default::default()
        },
    );
    assert!(!diags.has_errors(), "{diags:?}");
    let still: Vec<Duration> = events
        .iter()
        .filter_map(|e| match e {
            Event::Still {
                address,
                kind: OpKind::Create,
                elapsed,
                ..
            } if address == "terraform_data.slow" => Some(*elapsed),
            _ => None,
        })
        .collect();
    // At most one report per full second elapsed (at 1 s and 2 s; a tick
    // that a loaded machine delays is skipped, not doubled), none before a
    // second has passed, none after the completion at 2.6 s.
    assert!((1..=2).contains(&still.len()), "{events:?}");
    let seconds: Vec<u64> = still.iter().map(Duration::as_secs).collect();
    assert!(seconds.iter().all(|s| (1..=2).contains(s)), "{events:?}");
    assert!(seconds.windows(2).all(|w| w[0] < w[1]), "{events:?}");
    assert!(matches!(events.last(), Some(Event::Completed { .. })));
}

/// Creates like `terraform_data`, and rewrites a file on its first create:
/// something the configuration reads changes in the middle of an apply.
struct RewritesFile(std::path::PathBuf);

#[async_trait]
impl Provider for RewritesFile {
    fn plan(
        &self,
        schema: &'static gantry_schema::ResourceType,
        prior: Option<&Value>,
        config: &Value,
    ) -> Result<gantry_executor::Planned, ProviderError> {
        TerraformData.plan(schema, prior, config)
    }
    async fn create(
        &self,
        t: &str,
        planned: Value,
        token: Option<&str>,
    ) -> Result<Value, ProviderError> {
        std::fs::write(&self.0, "changed").unwrap();
        TerraformData.create(t, planned, token).await
    }
    async fn read(&self, _: &str, v: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(v))
    }
    async fn update(&self, t: &str, p: Value, n: Value) -> Result<Value, ProviderError> {
        TerraformData.update(t, p, n).await
    }
    async fn delete(&self, _: &str, _: Value) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn import(&self, _: &str, _: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::new("no", ""))
    }
}

#[test]
fn a_value_known_at_plan_time_that_changes_during_apply_stops_that_resource() {
    let w = Workdir::new(
        r#"
resource "terraform_data" "first" {
  input = "x"
}
resource "terraform_data" "second" {
  input      = file("${path.module}/body.txt")
  depends_on = [terraform_data.first]
}
"#,
    );
    let body = w.dir.path().join("body.txt");
    std::fs::write(&body, "reviewed").unwrap();
    let mut state = State::new();
    let mut providers = Providers::default();
    providers.register("terraform_data", Arc::new(RewritesFile(body)));
    let (_, diags) = w.apply(
        &mut state,
        &PlanOptions::default(),
        &providers,
        &ApplyOptions::default(),
    );
    let text = format!("{diags:?}");
    assert!(text.contains("Inconsistent final plan"), "{text}");
    assert!(
        text.contains(".input changed: it was \\\"reviewed\\\"")
            && text.contains("now it is \\\"changed\\\""),
        "{text}"
    );
    let addrs: Vec<String> = state
        .resources
        .iter()
        .map(|r| format!("{}.{}", r.type_name, r.name))
        .collect();
    assert_eq!(addrs, ["terraform_data.first"], "second never created");
}

/// Plans on a runtime of its own (planning reads data sources).
fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}

/// A plan's prior values are the objects state holds, not copies: a plan
/// of a big state holds its values once.
#[test]
fn a_plan_shares_its_prior_values_with_the_state() {
    let w = Workdir::new(CHAIN);
    let mut state = State::new();
    w.applied(&mut state);
    let (p, diags) = w.plan(&state, &PlanOptions::default());
    assert!(!diags.has_errors(), "{diags:?}");
    assert!(!p.has_changes(), "{}", render_plan(&p));
    let mut shared = 0;
    for c in &p.changes {
        let addr = c.addr.to_string();
        let inst = state.current_instance(&c.addr).expect("in state");
        let prior = inst.object.shared_value().expect("decoded");
        assert!(Arc::ptr_eq(&c.before, prior), "{addr}: a copy");
        shared += 1;
    }
    assert_eq!(shared, 5);
}

/// An operation's error says which resource and where it is declared, as
/// Terraform's "with ADDRESS, on FILE line N"; one whose block is gone
/// from the configuration names the address alone.
#[test]
fn an_apply_error_points_at_the_resource_block() {
    let src = "resource \"terraform_data\" \"a\" {\n  input = 1\n}\n\nresource \"terraform_data\" \"b\" {\n  input = 2\n}\n";
    let w = Workdir::new(src);
    let mut state = State::new();
    w.applied(&mut state);
    let mut providers = Providers::default();
    providers.register("terraform_data", Arc::new(Slow::failing_deletes()));
    let destroy = PlanOptions {
        destroy: true,
        ..Default::default()
    };
    let (_, diags) = w.apply(&mut state, &destroy, &providers, &ApplyOptions::default());
    let mut found: Vec<(String, Option<String>, Option<usize>)> = diags
        .iter()
        .map(|d| {
            (
                d.address.clone().unwrap_or_default(),
                d.label.clone(),
                d.span.map(|s| s.start),
            )
        })
        .collect();
    found.sort();
    let at = |name: &str| {
        src.find(&format!("resource \"terraform_data\" \"{name}\""))
            .unwrap()
    };
    assert_eq!(
        found,
        [
            (
                "terraform_data.a".into(),
                Some("with terraform_data.a".into()),
                Some(at("a"))
            ),
            (
                "terraform_data.b".into(),
                Some("with terraform_data.b".into()),
                Some(at("b"))
            ),
        ]
    );

    // Removed from the configuration: the address alone.
    w.edit("resource \"terraform_data\" \"a\" {\n  input = 1\n}\n");
    let (_, diags) = w.apply(
        &mut state,
        &PlanOptions::default(),
        &providers,
        &ApplyOptions::default(),
    );
    let d = diags.iter().next().expect("the delete of b fails");
    assert_eq!(d.address.as_deref(), Some("terraform_data.b"));
    assert_eq!(d.span, None);
}
