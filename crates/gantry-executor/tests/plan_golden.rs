//! Plan goldens. For every documentation example: the plan from empty
//! state, human (`testdata/examples/<name>/plan.txt`) and JSON
//! (`plan.json`). For every case in `testdata/plan/<case>/`: `before/` is
//! applied with a deterministic stand-in provider for the AWS types, then
//! `after/` is planned against the resulting state (`plan.txt`,
//! `plan.json`). Input variables come from `vars.tfvars` beside the
//! expected files. `UPDATE_GOLDEN=1` rewrites the expected files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_executor::apply::{apply, ApplyOptions};
use gantry_executor::plan_json::plan_json;
use gantry_executor::render::render_plan;
use gantry_executor::{plan, PlanOptions, Provider, ProviderError, Providers};
use gantry_schema::{validate_with_variables, AttrType, ValidateOptions};
use gantry_state::{State, Store};
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Stands in for the AWS provider: fills every unknown attribute with a
/// value derived from the type and the planned object, so ids are stable
/// from run to run.
struct FakeAws;

fn fill(type_name: &str, planned: &Value) -> Value {
    let Some(schema) = gantry_schema::resource_type(type_name) else {
        return planned.clone();
    };
    fill_with(schema, planned)
}

fn fill_with(schema: &gantry_schema::ResourceType, planned: &Value) -> Value {
    let digest = Sha256::digest(serde_json::to_vec(&planned.to_json()).unwrap_or_default());
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    let Value::Map(mut m) = planned.clone() else {
        return planned.clone();
    };
    for a in schema.attributes {
        if m.get(a.name).is_some_and(Value::is_unknown) {
            let v = match a.ty {
                AttrType::Number => Value::int(0),
                AttrType::Bool => Value::Bool(false),
                AttrType::ListOfString | AttrType::SetOfString => Value::List(vec![].into()),
                AttrType::MapOfString | AttrType::MapOfBool | AttrType::MapOfNumber => {
                    Value::Map(BTreeMap::new().into())
                }
                _ => Value::string(format!("{}-{short}", a.name)),
            };
            m.insert(a.name.to_string(), v);
        }
    }
    Value::Map(m)
}

#[async_trait]
impl Provider for FakeAws {
    async fn create(
        &self,
        type_name: &str,
        planned: Value,
        _: Option<&str>,
    ) -> Result<Value, ProviderError> {
        Ok(fill(type_name, &planned))
    }
    async fn read(&self, _: &str, current: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(current))
    }
    async fn update(
        &self,
        type_name: &str,
        _: Value,
        planned: Value,
    ) -> Result<Value, ProviderError> {
        Ok(fill(type_name, &planned))
    }
    async fn delete(&self, _: &str, _: Value) -> Result<(), ProviderError> {
        Ok(())
    }
    async fn import(&self, _: &str, _: &str) -> Result<Value, ProviderError> {
        Err(ProviderError::new("not importable", ""))
    }
    /// Every attribute the data source reports, derived from its
    /// configuration.
    async fn read_data(
        &self,
        schema: &'static gantry_schema::ResourceType,
        config: Value,
    ) -> Result<Value, ProviderError> {
        let planned = gantry_executor::provider::schema_plan(schema, None, &config).value;
        Ok(fill_with(schema, &planned))
    }
}

/// The built-in `terraform_data`, but with ids derived from the input
/// instead of random, so goldens are stable.
struct StableData;

#[async_trait]
impl Provider for StableData {
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
        let Value::Map(mut m) = gantry_executor::terraform_data::TerraformData
            .create(t, planned.clone(), None)
            .await?
        else {
            return Err(ProviderError::new("unexpected", ""));
        };
        let digest = Sha256::digest(serde_json::to_vec(&planned.to_json()).unwrap_or_default());
        let id: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        m.insert("id".into(), Value::string(id));
        Ok(Value::Map(m))
    }
    async fn read(&self, _: &str, current: Value) -> Result<Option<Value>, ProviderError> {
        Ok(Some(current))
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
        Err(ProviderError::new("not importable", ""))
    }
}

fn providers() -> Providers {
    let mut p = Providers::default();
    p.register("terraform_data", Arc::new(StableData));
    p.register("aws_", Arc::new(FakeAws));
    p
}

/// Loads and validates `dir` with the variables of `vars` (a tfvars file,
/// when it exists), requiring every variable to have a value; panics with
/// the diagnostics if invalid.
fn load(
    dir: &Path,
    vars: &Path,
) -> (
    gantry_config::Module,
    gantry_graph::Graph,
    BTreeMap<String, Value>,
) {
    let (mut module, mut diags) = gantry_config::load_dir(dir);
    let inputs = gantry_config::vars::Inputs {
        env: Vec::new(),
        cli: if vars.exists() {
            vec![gantry_config::vars::CliInput::File(vars.to_path_buf())]
        } else {
            Vec::new()
        },
        require_all: true,
    };
    let (more, values) = validate_with_variables(&mut module, &ValidateOptions { inputs });
    diags.extend(more);
    let (graph, cycles) = gantry_graph::build(&module);
    diags.extend(cycles);
    assert!(!diags.has_errors(), "{}: {:?}", dir.display(), diags);
    (module, graph, values)
}

fn plan_outputs(dir: &Path, vars: &Path, state: &State) -> (String, String) {
    let (module, graph, vars) = load(dir, vars);
    let (p, diags) = block(plan(
        &module,
        &graph,
        vars,
        state,
        &providers(),
        &PlanOptions::default(),
    ));
    assert!(!diags.has_errors(), "{}: {:?}", dir.display(), diags);
    let mut json =
        serde_json::to_string_pretty(&plan_json(&p, &module, state, "2026-01-01T00:00:00Z"))
            .unwrap();
    json.push('\n');
    (render_plan(&p), json)
}

fn apply_dir(dir: &Path, vars: &Path, state_dir: &Path) -> State {
    let (module, graph, vars) = load(dir, vars);
    let mut store = Store::new(state_dir.join("terraform.tfstate"));
    let mut state = State::new();
    let (p, diags) = block(plan(
        &module,
        &graph,
        vars,
        &state,
        &providers(),
        &PlanOptions::default(),
    ));
    assert!(!diags.has_errors(), "{diags:?}");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let summary = rt
        .block_on(apply(
            &module,
            &p,
            &mut state,
            &mut store,
            &providers(),
            &ApplyOptions::default(),
            &mut |_| {},
        ))
        .unwrap();
    assert!(!summary.diags.has_errors(), "{:?}", summary.diags);
    state
}

fn check(path: &Path, actual: &str, failures: &mut Vec<String>) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        Ok(expected) => failures.push(format!(
            "{} differs:\n{}",
            path.display(),
            similar::TextDiff::from_lines(&expected, actual).unified_diff()
        )),
        Err(_) => failures.push(format!(
            "{} is missing (run with UPDATE_GOLDEN=1)",
            path.display()
        )),
    }
}

#[test]
fn documentation_examples_plan_from_empty_state() {
    let mut failures = Vec::new();
    let examples = root().join("examples");
    let mut names: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    for name in names {
        let dir = examples.join(&name);
        let out = root().join("testdata/examples").join(&name);
        std::fs::create_dir_all(&out).unwrap();
        let (text, json) = plan_outputs(&dir, &out.join("vars.tfvars"), &State::new());
        check(&out.join("plan.txt"), &text, &mut failures);
        check(&out.join("plan.json"), &json, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn edited_copies_plan_against_applied_state() {
    let mut failures = Vec::new();
    let cases = root().join("testdata/plan");
    let mut names: Vec<_> = std::fs::read_dir(&cases)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    names.sort();
    assert!(names.len() >= 6, "expected the plan cases, found {names:?}");
    for name in names {
        let case = cases.join(&name);
        let tmp = tempfile::tempdir().unwrap();
        let vars = case.join("vars.tfvars");
        let state = apply_dir(&case.join("before"), &vars, tmp.path());
        let (text, json) = plan_outputs(&case.join("after"), &vars, &state);
        check(&case.join("plan.txt"), &text, &mut failures);
        check(&case.join("plan.json"), &json, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Plans on a runtime of its own (planning reads data sources).
fn block<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(f)
}
