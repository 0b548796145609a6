//! What every state-touching command shares: load and validate the
//! configuration, resolve variables, build the graph, find and lock the
//! state, print diagnostics.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use gantry_config::value::Value;
use gantry_config::vars::{CliInput, Inputs};
use gantry_config::Module;
use gantry_diagnostics::render::{render_all, RenderOptions};
use gantry_diagnostics::{Diagnostic, Diagnostics, Severity, Sources};
use gantry_graph::Graph;
use gantry_schema::ValidateOptions;
use gantry_state::{State, StateError, Store};

use crate::backends::Home;

use std::sync::Arc;

use gantry_aws::{AwsProvider, AwsSettings};
use gantry_executor::backend::{self, Backend};
use gantry_executor::Providers;

use crate::cli::VarArgs;

pub struct Workspace {
    pub module: Module,
    pub backend: Backend,
    /// The selected workspace (see [`crate::workspace_cmd::selected`]).
    pub name: String,
    pub graph: Graph,
    pub variables: BTreeMap<String, Value>,
}

pub fn color(no_color: bool) -> bool {
    !no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// `-compact-warnings`: set once, from the command line, before any
/// command runs (an option of how this process prints, like a terminal's
/// width, rather than of any one report).
static COMPACT_WARNINGS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();

pub fn set_compact_warnings(on: bool) {
    let _ = COMPACT_WARNINGS.set(on);
}

/// Diagnostics on stderr (warnings too); true when any is an error.
/// With -compact-warnings, warnings are one line each after the errors,
/// as Terraform prints them.
pub fn report(sources: &Sources, diags: &Diagnostics, no_color: bool) -> bool {
    if crate::json_ui::on() {
        for d in diags.iter().filter(|d| d.severity != Severity::Hint) {
            crate::json_ui::diagnostic(sources, d);
        }
        return diags.has_errors();
    }
    let compact = COMPACT_WARNINGS.get().copied().unwrap_or(false);
    let shown: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| d.severity != Severity::Hint)
        .filter(|d| !compact || d.severity == Severity::Error)
        .collect();
    let compacted: Vec<&Diagnostic> = diags
        .iter()
        .filter(|d| compact && d.severity == Severity::Warning)
        .collect();
    if !compacted.is_empty() {
        let mut lines = String::from("\nWarnings:\n\n");
        for d in &compacted {
            lines.push_str(&format!("- {}\n", d.summary));
            if let Some(span) = d.span {
                let file = sources.get(span.file);
                let line = file.position(span.range().start).line;
                lines.push_str(&format!("  on {} line {line}\n", file.name()));
            }
        }
        lines.push_str("\nTo see the full warning notes, run gantry without -compact-warnings.\n");
        eprint!("{lines}");
    }
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
    load_with(dir, args, require_all, false)
}

/// [`load`]; with `allow_empty`, a directory without configuration files
/// is an empty configuration (the console's, as Terraform's).
pub fn load_with(
    dir: &Path,
    args: &VarArgs,
    require_all: bool,
    allow_empty: bool,
) -> Result<Workspace, u8> {
    let (mut module, mut diags) = gantry_config::load_dir_with(dir, &gantry_schema::JsonBlocks);
    if allow_empty {
        diags.retain(|d| d.code != "gantry::load::empty");
    }
    let name = crate::workspace_cmd::selected(dir)?;
    module.set_workspace(&name);
    let loaded = diags.clone();
    let mut inputs = inputs(&args.vars, &args.var_files, require_all, &mut diags);
    let mut checked = gantry_graph::check(
        &mut module,
        &ValidateOptions {
            inputs: inputs.clone(),
        },
    );
    // On a terminal, Terraform asks for what is missing, then goes on.
    let var = |name: &str| {
        gantry_addrs::Variable {
            name: name.to_string(),
        }
        .to_string()
    };
    let missing: Vec<String> = module
        .variables
        .keys()
        .filter(|name| {
            checked.diagnostics.iter().any(|d| {
                d.code == "gantry::vars::missing" && d.address.as_deref() == Some(&var(name))
            })
        })
        .cloned()
        .collect();
    if !missing.is_empty() && asks_for_input(args.input) {
        for name in &missing {
            let description = module
                .variables
                .get(name)
                .and_then(|v| v.description.clone());
            let value = prompt_variable(&var(name), description.as_deref()).ok_or(1u8)?;
            inputs.cli.push(CliInput::Var(name.clone(), value));
        }
        // The files again (a check changes the module it checks); their
        // diagnostics are the ones already collected.
        (module, _) = gantry_config::load_dir_with(dir, &gantry_schema::JsonBlocks);
        module.set_workspace(&name);
        diags = loaded;
        checked = gantry_graph::check(&mut module, &ValidateOptions { inputs });
    }
    diags.extend(checked.diagnostics);
    let backend = with_backend(&module, dir, diags, args.no_color)?;
    Ok(Workspace {
        backend,
        name,
        module,
        graph: checked.graph,
        variables: checked.variables,
    })
}

/// Whether gantry may ask the user: -input (default true), TF_INPUT
/// (false or 0 turn it off, as in Terraform), and a terminal to ask on.
pub fn asks_for_input(input: bool) -> bool {
    let env_off = std::env::var("TF_INPUT")
        .map(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "false" | "0"))
        .unwrap_or(false);
    input && !env_off && std::io::stdin().is_terminal()
}

/// Terraform's prompt for a variable with no value; the line typed (a
/// closed input is `None`: nothing to go on with).
fn prompt_variable(address: &str, description: Option<&str>) -> Option<String> {
    use std::io::{BufRead, Write};
    let mut text = format!("{address}\n");
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        for line in d.lines() {
            text.push_str(&format!("  {line}\n"));
        }
        text.push('\n');
    }
    text.push_str("  Enter a value: ");
    print!("{text}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    match std::io::stdin().lock().read_line(&mut line) {
        Ok(0) | Err(_) => {
            eprintln!("\nError: No value for required variable\n\nThe input for {address} ended before a value was given.");
            None
        }
        Ok(_) => {
            println!();
            Some(line.trim_end_matches(['\n', '\r']).to_string())
        }
    }
}

/// The providers of one command: the built-in one and AWS, one for each
/// `provider "aws"` block of the root module (the default one configured
/// from nothing when there is no such block) and of called modules. An AWS
/// provider contacts nothing until a resource needs it.
pub struct ProviderSet {
    pub providers: Providers,
    /// The default configuration first, then the aliased ones.
    pub aws: Vec<Arc<AwsProvider>>,
}

impl Workspace {
    /// The backend, set up.
    pub fn home(&self, dir: &Path) -> Result<Home, u8> {
        Home::connect(&self.backend, dir)
    }

    /// Opens the selected workspace's state (see [`open_state`]).
    pub fn open_state(&self, dir: &Path, operation: &str, access: Access) -> Result<Opened, u8> {
        open_state(&self.home(dir)?, &self.name, operation, access)
    }

    pub fn providers(&self, dir: &Path, no_color: bool) -> Result<ProviderSet, u8> {
        let (configurations, diags) = gantry_executor::provider_config::configurations(
            &self.module,
            &self.variables,
            &self.graph,
            "aws",
        );
        if report(&self.module.sources, &diags, no_color) {
            return Err(1);
        }
        let mut providers = Providers::with_builtin();
        let mut aws = Vec::new();
        for (at, block) in configurations {
            let p = Arc::new(AwsProvider::new(
                AwsSettings::from_block(&block),
                dir.to_path_buf(),
            ));
            if at.module.is_root() && at.alias.is_none() {
                providers.register("aws_", p.clone());
                aws.insert(0, p);
            } else {
                providers.register_config(at, p.clone());
                aws.push(p);
            }
        }
        Ok(ProviderSet { providers, aws })
    }
}

impl ProviderSet {
    /// `-verbose`: what the run asked of AWS, on stderr.
    pub fn report_calls(&self, verbose: bool) {
        if !verbose {
            return;
        }
        let mut calls: std::collections::BTreeMap<String, u64> = Default::default();
        let (mut throttled, mut retried) = (0, 0);
        for aws in &self.aws {
            for (op, n) in aws.calls() {
                *calls.entry(op).or_default() += n;
            }
            let (t, r) = aws.retry_counts();
            throttled += t;
            retried += r;
        }
        let total: u64 = calls.values().sum();
        let list: Vec<String> = calls.iter().map(|(op, n)| format!("{op} {n}")).collect();
        eprintln!(
            "gantry: {total} AWS API call(s){}{}; {throttled} throttled, {retried} retried",
            if list.is_empty() { "" } else { ": " },
            list.join(", ")
        );
    }
}

/// The backend of the configuration in `dir`, for commands that read or
/// edit the state without planning (they load no more than the files).
pub fn backend_of(dir: &Path, no_color: bool) -> Result<Backend, u8> {
    let (module, diags) = gantry_config::load_dir_with(dir, &gantry_schema::JsonBlocks);
    with_backend(&module, dir, diags, no_color)
}

/// The backend (set up) and selected workspace of the configuration in
/// `dir`, for commands that read or edit the state without planning.
pub fn home_of(dir: &Path, no_color: bool) -> Result<(Home, String), u8> {
    let backend = backend_of(dir, no_color)?;
    Ok((
        Home::connect(&backend, dir)?,
        crate::workspace_cmd::selected(dir)?,
    ))
}

/// The module's backend, once `diags` and the backend's own error (if any)
/// are reported; `Err(1)` after any error.
fn with_backend(
    module: &Module,
    dir: &Path,
    mut diags: Diagnostics,
    no_color: bool,
) -> Result<Backend, u8> {
    let backend = backend::resolve(module, dir, &crate::workspace_cmd::data_dir(dir));
    if let Err(d) = &backend {
        diags.push((**d).clone());
    }
    diags.sort();
    if report(&module.sources, &diags, no_color) {
        return Err(1);
    }
    backend.map_err(|_| 1)
}

/// `user@host`, for the lock file.
pub fn who() -> String {
    // Terraform asks the user database (Go's user.Current); a CI job often
    // has no USER.
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .ok()
        .or_else(user_of_process)
        .unwrap_or_else(|| "unknown".into());
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .or_else(|_| std::fs::read_to_string("/etc/hostname"))
        .map(|h| h.trim().to_string())
        .unwrap_or_else(|_| "localhost".into());
    format!("{user}@{host}")
}

/// The name /etc/passwd gives this process's user.
fn user_of_process() -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self").ok()?.uid().to_string();
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let mut f = l.split(':');
        let name = f.next()?;
        (f.nth(1)? == uid).then(|| name.to_string())
    })
}

/// How a command uses the state. `lock`: `None` when the user opted out
/// of locking (-lock=false), else how long to keep trying to take a lock
/// another run holds (-lock-timeout).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Reads only (plan, show): never folds or removes a journal unless it
    /// holds the lock.
    Read { lock: Option<Duration> },
    /// Writes the state (apply, refresh, import, state edits).
    Write { lock: Option<Duration> },
}

/// An opened state: the store (holding the lock unless the command opted
/// out), the state, and whether a state file existed.
pub struct Opened {
    pub store: Store,
    pub state: State,
    pub existed: bool,
}

/// Opens `workspace`'s state for `operation` (Terraform's operation names,
/// shown to whoever finds the lock held).
pub fn open_state(
    home: &Home,
    workspace: &str,
    operation: &str,
    access: Access,
) -> Result<Opened, u8> {
    let (mut store, lock) = match access {
        Access::Read { lock } => (home.store(workspace, false), lock),
        Access::Write { lock } => (home.store(workspace, true), lock),
    };
    if let Some(timeout) = lock {
        // A workspace's directory appears when it is first used (one that
        // TF_WORKSPACE names, say), as Terraform's does.
        if !store.is_remote() {
            let path = store.path().to_path_buf();
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                if let Err(e) = std::fs::create_dir_all(parent) {
                    return Err(state_error(&StateError::io(parent, e)));
                }
            }
        }
        let deadline = Instant::now() + timeout;
        loop {
            match store.lock(operation, &who()) {
                Ok(_) => break,
                Err(e) if e.is_locked() && Instant::now() < deadline => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    std::thread::sleep(left.min(Duration::from_millis(200)));
                }
                Err(e) => return Err(state_error(&e)),
            }
        }
    }
    tracing::info!(state = %store.path().display(), workspace, operation, locked = lock.is_some(), "state opened");
    match store.read() {
        Ok(s) => Ok(Opened {
            existed: s.is_some(),
            state: s.unwrap_or_default(),
            store,
        }),
        Err(e) => Err(state_error(&e)),
    }
}

pub fn state_error(e: &StateError) -> u8 {
    let summary = match e {
        e if e.is_locked() => "Error acquiring the state lock",
        _ => "Error with the state",
    };
    if crate::json_ui::on() {
        crate::json_ui::error(summary, &e.to_string());
        return 1;
    }
    eprintln!("Error: {summary}\n\n{e}");
    1
}
