//! What every state-touching command shares: load and validate the
//! configuration, resolve variables, build the graph, find and lock the
//! state, print diagnostics.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use gantry_config::value::Value;
use gantry_config::vars::{CliInput, Inputs};
use gantry_config::Module;
use gantry_diagnostics::render::{render_all, RenderOptions};
use gantry_diagnostics::{Diagnostic, Diagnostics, Severity, Sources};
use gantry_graph::Graph;
use gantry_schema::ValidateOptions;
use gantry_state::{LocalStore, Lock, State, StateError};

use std::sync::Arc;

use gantry_aws::{AwsProvider, AwsSettings};
use gantry_executor::Providers;

use crate::cli::VarArgs;

pub struct Workspace {
    pub module: Module,
    pub graph: Graph,
    pub variables: BTreeMap<String, Value>,
}

pub fn color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Diagnostics on stderr (warnings too); true when any is an error.
pub fn report(sources: &Sources, diags: &Diagnostics, no_color: bool) -> bool {
    let shown: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity != Severity::Hint)
        .collect();
    if !shown.is_empty() {
        eprint!(
            "{}",
            render_all(
                sources,
                shown.iter().copied(),
                RenderOptions {
                    color: color(no_color),
                    width: 100
                }
            )
        );
    }
    diags.has_errors()
}

/// `-var`, `-var-file` and `TF_VAR_*`, in the order Terraform applies them.
pub fn inputs(
    vars: &[String],
    var_files: &[PathBuf],
    require_all: bool,
    diags: &mut Diagnostics,
) -> Inputs {
    let mut cli = Vec::new();
    for v in vars {
        match v.split_once('=') {
            Some((k, val)) => cli.push(CliInput::Var(k.to_string(), val.to_string())),
            None => diags.push(
                Diagnostic::error("gantry::cli::var", "Invalid -var option")
                    .with_detail(format!("The given -var option {v:?} is not correctly specified. It must be a variable name and value separated by an equals sign, like -var=\"key=value\".")),
            ),
        }
    }
    cli.extend(var_files.iter().cloned().map(CliInput::File));
    Inputs {
        env: Inputs::env_from(std::env::vars()),
        cli,
        require_all,
    }
}

/// Loads, validates (including the graph) and resolves variables;
/// `Err(exit code)` after printing why not. `require_all`: every variable
/// needs a value (not when a saved plan brings them).
pub fn load(dir: &Path, args: &VarArgs, require_all: bool) -> Result<Workspace, u8> {
    let (mut module, mut diags) = gantry_config::load_dir(dir);
    let inputs = inputs(&args.vars, &args.var_files, require_all, &mut diags);
    let checked = gantry_graph::check(&mut module, &ValidateOptions { inputs });
    diags.extend(checked.diagnostics);
    diags.sort();
    if report(&module.sources, &diags, args.no_color) {
        return Err(1);
    }
    Ok(Workspace {
        module,
        graph: checked.graph,
        variables: checked.variables,
    })
}

/// The providers of one command: the built-in one and AWS, configured
/// from the `provider "aws"` block. The AWS provider contacts nothing
/// until a resource needs it.
pub struct ProviderSet {
    pub providers: Providers,
    pub aws: Arc<AwsProvider>,
}

impl Workspace {
    pub fn providers(&self, dir: &Path, no_color: bool) -> Result<ProviderSet, u8> {
        let (block, diags) =
            gantry_executor::provider_config::provider_block(&self.module, &self.variables, "aws");
        if report(&self.module.sources, &diags, no_color) {
            return Err(1);
        }
        let aws = Arc::new(AwsProvider::new(
            AwsSettings::from_block(&block),
            dir.to_path_buf(),
        ));
        let mut providers = Providers::with_builtin();
        providers.register("aws_", aws.clone());
        Ok(ProviderSet { providers, aws })
    }
}

impl ProviderSet {
    /// `-verbose`: what the run asked of AWS, on stderr.
    pub fn report_calls(&self, verbose: bool) {
        if !verbose {
            return;
        }
        let calls = self.aws.calls();
        let total: u64 = calls.values().sum();
        let (throttled, retried) = self.aws.retry_counts();
        let list: Vec<String> = calls.iter().map(|(op, n)| format!("{op} {n}")).collect();
        eprintln!(
            "gantry: {total} AWS API call(s){}{}; {throttled} throttled, {retried} retried",
            if list.is_empty() { "" } else { ": " },
            list.join(", ")
        );
    }
}

pub fn state_path(dir: &Path) -> PathBuf {
    dir.join("terraform.tfstate")
}

/// `user@host`, for the lock file.
fn who() -> String {
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    format!("{user}@{host}")
}

/// The state store, locked unless `lock` is false, and the current state
/// (a new empty one when there is no file).
pub fn open_state(
    dir: &Path,
    operation: &str,
    lock: bool,
) -> Result<(LocalStore, Option<Lock>, State), u8> {
    let path = state_path(dir);
    let held = if lock {
        match gantry_state::acquire(&path, operation, &who()) {
            Ok(l) => Some(l),
            Err(e) => return Err(state_error(&e)),
        }
    } else {
        None
    };
    let mut store = LocalStore::new(&path);
    let state = match store.read() {
        Ok(s) => s.unwrap_or_default(),
        Err(e) => return Err(state_error(&e)),
    };
    Ok((store, held, state))
}

pub fn state_error(e: &StateError) -> u8 {
    let summary = match e {
        StateError::Locked(_) => "Error acquiring the state lock",
        _ => "Error with the state",
    };
    eprintln!("Error: {summary}\n\n{e}");
    1
}
