//! Arguments. Terraform users write `-json`, `-var-file=x`; clap wants
//! `--json`. [`normalize_args`] turns single-dash long options into double
//! dash, so both spellings work.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "gantry",
    version,
    about = "Plan and apply AWS API Gateway configurations written in Terraform's language"
)]
pub struct Cli {
    /// Run in this directory (as Terraform's -chdir): configuration,
    /// state and plan files are read and written there.
    #[arg(long, global = true, value_name = "DIR")]
    pub chdir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Prepare the working directory: install the modules the
    /// configuration calls into .terraform/modules (as `terraform init`).
    Init(InitArgs),
    /// Check a directory of .tf files: syntax, schemas, references.
    Validate(ValidateArgs),
    /// Rewrite .tf/.tfvars files in Terraform's canonical style (as `terraform fmt`).
    Fmt(FmtArgs),
    /// Language server for editors, over stdio: validate's diagnostics as
    /// you type, hover, completion, definitions, quick fixes, formatting.
    Lsp,
    /// Show what apply would change (compare configuration with state).
    Plan(PlanArgs),
    /// Apply the changes of a new plan, or of a saved plan file.
    Apply(ApplyArgs),
    /// Destroy every object in the state.
    Destroy(ApplyArgs),
    /// Update the state from the real objects (no-op for terraform_data).
    Refresh(VarArgs),
    /// Bring an existing object under management: gantry import ADDR ID.
    Import(ImportArgs),
    /// Show a saved plan, or the state.
    Show(ShowArgs),
    /// Print output values from the state.
    Output(OutputArgs),
    /// Evaluate expressions against the configuration, variables and state.
    Console(ConsoleArgs),
    /// Inspect and edit the state.
    #[command(subcommand)]
    State(StateCommand),
    /// Print the dependency graph in DOT (or SVG with graphviz).
    Graph(GraphArgs),
    /// Release a stuck state lock.
    ForceUnlock(ForceUnlockArgs),
    /// Mark a resource instance for replacement by the next plan.
    Taint(TaintArgs),
    /// Take back a taint.
    Untaint(TaintArgs),
    /// Workspaces: separate states of one configuration (as `terraform
    /// workspace`).
    #[command(subcommand)]
    Workspace(WorkspaceCommand),
    /// Print gantry's version.
    Version,
}

#[derive(Debug, Args, Default, Clone)]
pub struct InitArgs {
    /// Fetch remote modules again even when already installed from the
    /// same source.
    #[arg(long)]
    pub upgrade: bool,
    /// No colour.
    #[arg(long)]
    pub no_color: bool,
    /// Ask for approval on a terminal (-input=false: never ask; a state
    /// migration then needs -force-copy).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub input: bool,
    /// Partial backend configuration: KEY=VALUE, or a file of such
    /// arguments (repeatable; later ones win).
    #[arg(long = "backend-config", value_name = "KEY=VALUE|FILE")]
    pub backend_config: Vec<String>,
    /// Set up the backend (-backend=false keeps what init recorded).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub backend: bool,
    /// Copy the existing states to a changed backend.
    #[arg(long)]
    pub migrate_state: bool,
    /// Answer yes to copying states (implies -migrate-state).
    #[arg(long)]
    pub force_copy: bool,
    /// Use the backend as configured now, ignoring what init recorded
    /// and copying no state.
    #[arg(long)]
    pub reconfigure: bool,
    #[command(flatten)]
    pub locks: LockArgs,
}

/// Input variables, shared by the commands that evaluate configuration.
#[derive(Debug, Args, Default, Clone)]
pub struct VarArgs {
    /// Set an input variable: -var 'name=value' (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Load input variables from a file (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// No colour.
    #[arg(long)]
    pub no_color: bool,
    /// Warnings as one line each (errors stay in full).
    #[arg(long)]
    pub compact_warnings: bool,
    #[command(flatten)]
    pub locks: LockArgs,
    /// Ask for variables that have no value, on a terminal (-input=false
    /// or TF_INPUT=false: never ask; such a variable is an error).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub input: bool,
    /// Print the AWS API calls made (and throttling met) on stderr.
    #[arg(long)]
    pub verbose: bool,
}

impl VarArgs {
    /// Whether to lock the state, and how long to wait for it.
    pub fn locking(&self) -> Option<std::time::Duration> {
        self.locks.locking()
    }
}

/// Terraform's state locking options, for every command that takes the
/// lock.
#[derive(Debug, Args, Default, Clone)]
pub struct LockArgs {
    /// Lock the state (-lock=false skips locking, as Terraform).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub lock: bool,
    /// How long to keep trying to take a state lock another run holds
    /// (-lock-timeout=30s); by default, fail at once.
    #[arg(long, value_name = "DURATION", default_value = "0s", value_parser = humantime::parse_duration)]
    pub lock_timeout: std::time::Duration,
}

impl LockArgs {
    /// Whether to lock the state, and how long to wait for it.
    pub fn locking(&self) -> Option<std::time::Duration> {
        self.lock.then_some(self.lock_timeout)
    }
}

#[derive(Debug, Args, Default, Clone)]
pub struct ImportArgs {
    #[command(flatten)]
    pub vars: VarArgs,
    /// The resource address to import to, as the configuration declares it.
    pub address: String,
    /// The object's import ID (e.g. REST-API-ID/RESOURCE-ID/HTTP-METHOD).
    pub id: String,
}

#[derive(Debug, Args, Default, Clone)]
pub struct PlanArgs {
    /// Terraform's machine-readable UI: one JSON message per line.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub vars: VarArgs,
    /// Save the plan to this file for `gantry apply FILE`.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Plan to destroy everything in the state.
    #[arg(long)]
    pub destroy: bool,
    /// Limit planning to this resource (and what it depends on); repeatable.
    #[arg(long = "target", value_name = "ADDR")]
    pub targets: Vec<String>,
    /// Replace this resource instance although nothing forces it; repeatable.
    #[arg(long = "replace", value_name = "ADDR")]
    pub replace: Vec<String>,
    /// Exit 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Read the real objects before planning (-refresh=false skips it).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub refresh: bool,
    /// Only show what changed outside gantry; plan no actions.
    #[arg(long)]
    pub refresh_only: bool,
}

#[derive(Debug, Args, Default, Clone)]
pub struct ApplyArgs {
    /// Terraform's machine-readable UI: one JSON message per line.
    #[arg(long)]
    pub json: bool,
    /// A plan file saved with `gantry plan -out=FILE`.
    pub plan_file: Option<PathBuf>,
    #[command(flatten)]
    pub vars: VarArgs,
    /// Apply without asking for confirmation.
    #[arg(long)]
    pub auto_approve: bool,
    /// Limit to this resource (and what it depends on); repeatable.
    #[arg(long = "target", value_name = "ADDR")]
    pub targets: Vec<String>,
    /// Replace this resource instance although nothing forces it; repeatable.
    #[arg(long = "replace", value_name = "ADDR")]
    pub replace: Vec<String>,
    /// How many operations run at once.
    #[arg(long, default_value_t = 10)]
    pub parallelism: usize,
    /// Read the real objects before planning (-refresh=false skips it).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub refresh: bool,
    /// Only record in the state what changed outside gantry; change no
    /// object.
    #[arg(long)]
    pub refresh_only: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A saved plan file; without it, the state.
    pub file: Option<PathBuf>,
    /// Terraform's machine-readable JSON.
    #[arg(long)]
    pub json: bool,
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Debug, Args)]
pub struct ConsoleArgs {
    #[command(flatten)]
    pub vars: VarArgs,
}

#[derive(Debug, Args)]
pub struct OutputArgs {
    /// One output; without it, all.
    pub name: Option<String>,
    /// JSON, as `terraform output -json`.
    #[arg(long)]
    pub json: bool,
    /// The bare string value, for scripts.
    #[arg(long)]
    pub raw: bool,
    #[arg(long)]
    pub no_color: bool,
}

#[derive(Debug, Subcommand)]
pub enum StateCommand {
    /// List the instances in the state (optionally only these addresses).
    List { addresses: Vec<String> },
    /// Show one instance's attributes.
    Show { address: String },
    /// Forget instances (the real objects stay).
    Rm {
        #[arg(required = true)]
        addresses: Vec<String>,
    },
    /// Rename an instance or resource in the state.
    Mv { source: String, destination: String },
    /// Print the state as stored (nothing when there is none).
    Pull,
    /// Change the provider of every resource that uses FROM to TO (source
    /// addresses such as hashicorp/aws or registry.terraform.io/-/aws).
    ReplaceProvider {
        from: String,
        to: String,
        /// Change without asking.
        #[arg(long)]
        auto_approve: bool,
        #[command(flatten)]
        locks: LockArgs,
    },
    /// Replace the state with a state file (`-` for standard input).
    Push {
        path: String,
        /// Push even over a state of another lineage or a newer serial.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        locks: LockArgs,
    },
}

#[derive(Debug, Subcommand)]
pub enum WorkspaceCommand {
    /// Print the selected workspace.
    Show,
    /// List the workspaces, the selected one marked with *.
    List {
        #[command(flatten)]
        flags: WorkspaceFlags,
    },
    /// Create a workspace and select it.
    New {
        name: String,
        #[command(flatten)]
        flags: WorkspaceFlags,
    },
    /// Select a workspace.
    Select {
        name: String,
        /// Create the workspace when it does not exist.
        #[arg(long)]
        or_create: bool,
        #[command(flatten)]
        flags: WorkspaceFlags,
    },
    /// Delete a workspace and its state (not the selected one).
    Delete {
        name: String,
        /// Delete even when its state still tracks objects.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        flags: WorkspaceFlags,
    },
}

/// What Terraform's workspace commands accept besides their own options.
#[derive(Debug, Args, Default, Clone)]
pub struct WorkspaceFlags {
    /// No colour (gantry's workspace messages have none).
    #[arg(long)]
    pub no_color: bool,
    #[command(flatten)]
    pub locks: LockArgs,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// `plan`: every node (variables, locals, outputs) and edge labels.
    #[arg(long = "type")]
    pub graph_type: Option<String>,
    /// `dot` (default) or `svg` (needs graphviz's `dot`).
    #[arg(long, default_value = "dot")]
    pub format: String,
}

#[derive(Debug, Args)]
pub struct TaintArgs {
    /// The resource instance: TYPE.NAME, TYPE.NAME[KEY], module.M.TYPE.NAME.
    pub address: String,
    /// Succeed (with a warning) when the state has no such instance.
    #[arg(long)]
    pub allow_missing: bool,
    #[arg(long)]
    pub no_color: bool,
    #[command(flatten)]
    pub locks: LockArgs,
}

#[derive(Debug, Args)]
pub struct ForceUnlockArgs {
    /// The lock ID from the "state is locked" message.
    pub id: String,
    /// Do not ask for confirmation.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Module directory (default: the current directory).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Output in the format of `terraform validate -json`.
    #[arg(long)]
    pub json: bool,
    /// No colour, even on a terminal.
    #[arg(long)]
    pub no_color: bool,
    /// Also show style hints (quiet by default).
    #[arg(long)]
    pub hints: bool,
    /// Set an input variable: -var 'name=value' (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
    /// Load input variables from a file (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Files or directories to format; `-` reads standard input.
    #[arg(default_value = ".")]
    pub targets: Vec<PathBuf>,
    /// Exit non-zero (3) if any file is not formatted; write nothing.
    #[arg(long)]
    pub check: bool,
    /// Show the formatting changes as a unified diff.
    #[arg(long)]
    pub diff: bool,
    /// Also process subdirectories.
    #[arg(long)]
    pub recursive: bool,
    /// Write results back to the files (`-write=false` only reports).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub write: bool,
    /// List files whose formatting changed (`-list=false` is quiet).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub list: bool,
    /// No colour.
    #[arg(long)]
    pub no_color: bool,
}

/// `-json` → `--json`, `-var-file=x` → `--var-file=x`; leaves `-` (stdin),
/// `--x`, short flags like `-h`, and values after `-var` alone.
pub fn normalize_args(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let mut out = Vec::new();
    let mut take_value = false;
    for (i, a) in args.into_iter().enumerate() {
        if i == 0 || take_value {
            take_value = false;
            out.push(a);
            continue;
        }
        let s = a.to_string_lossy().to_string();
        let is_long_single = s.starts_with('-')
            && !s.starts_with("--")
            && s.len() > 2
            && s[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic());
        if is_long_single {
            let name = s[1..].split('=').next().unwrap_or("");
            take_value =
                matches!(name, "var" | "var-file" | "target" | "out" | "chdir") && !s.contains('=');
            out.push(OsString::from(format!("-{s}")));
        } else {
            out.push(a);
        }
    }
    out
}

/// Commands whose next word names a subcommand (`state list`).
const COMMAND_GROUPS: &[&str] = &["state", "workspace"];

/// Terraform's `TF_CLI_ARGS` and `TF_CLI_ARGS_<command>` (`plan`,
/// `workspace_select`, `force_unlock`): arguments from the environment,
/// split as a shell splits them, inserted right after the command's name,
/// the command's own before the general ones and both before those typed
/// (so a typed `-var` comes last and wins). `env` reads a variable.
pub fn with_env_args(
    args: Vec<OsString>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Vec<OsString>, String> {
    let words: Vec<(usize, String)> = args
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, a)| (i, a.to_string_lossy().into_owned()))
        .filter(|(_, a)| !a.starts_with('-'))
        .take(2)
        .collect();
    let Some((first_at, first)) = words.first().cloned() else {
        return Ok(args);
    };
    let (name, after) = match words.get(1) {
        Some((i, second)) if COMMAND_GROUPS.contains(&first.as_str()) && *i == first_at + 1 => {
            (format!("{first} {second}"), i + 1)
        }
        _ => (first, first_at + 1),
    };
    let mut args = args;
    let own = format!("TF_CLI_ARGS_{}", name.replace([' ', '-'], "_"));
    for var in ["TF_CLI_ARGS", own.as_str()] {
        let Some(value) = env(var).filter(|v| !v.trim().is_empty()) else {
            continue;
        };
        let extra = shlex::split(&value)
            .ok_or_else(|| format!("Error parsing extra CLI args from {var}: invalid quoting"))?;
        args.splice(after..after, extra.into_iter().map(OsString::from));
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_env(v: &[&str], env: &[(&str, &str)]) -> Vec<String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        with_env_args(v.iter().map(OsString::from).collect(), |name| {
            env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
        .unwrap()
        .into_iter()
        .map(|s| s.to_string_lossy().into_owned())
        .collect()
    }

    #[test]
    fn environment_arguments_go_right_after_the_command() {
        let env = [
            ("TF_CLI_ARGS", "-no-color"),
            ("TF_CLI_ARGS_plan", "-input=false -var 'name=a b'"),
            ("TF_CLI_ARGS_workspace_select", "-or-create"),
            ("TF_CLI_ARGS_force_unlock", "-force"),
        ];
        assert_eq!(
            with_env(&["g", "-chdir=x", "plan", "-var=name=c"], &env),
            [
                "g",
                "-chdir=x",
                "plan",
                "-input=false",
                "-var",
                "name=a b",
                "-no-color",
                "-var=name=c"
            ]
        );
        assert_eq!(
            with_env(&["g", "workspace", "select", "dev"], &env),
            ["g", "workspace", "select", "-or-create", "-no-color", "dev"]
        );
        assert_eq!(
            with_env(&["g", "force-unlock", "ID"], &env),
            ["g", "force-unlock", "-force", "-no-color", "ID"]
        );
        assert_eq!(with_env(&["g"], &env), ["g"]);
        assert_eq!(with_env(&["g", "apply"], &[]), ["g", "apply"]);
        let broken = with_env_args(vec![OsString::from("g"), OsString::from("plan")], |_| {
            Some("'unclosed".to_string())
        });
        assert!(broken.unwrap_err().contains("TF_CLI_ARGS"));
    }

    fn norm(v: &[&str]) -> Vec<String> {
        normalize_args(v.iter().map(OsString::from))
            .into_iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn single_dash_long_options_become_double() {
        assert_eq!(
            norm(&["g", "validate", "-json", "dir"]),
            ["g", "validate", "--json", "dir"]
        );
        assert_eq!(
            norm(&["g", "validate", "-var", "-x=1"]),
            ["g", "validate", "--var", "-x=1"]
        );
        assert_eq!(
            norm(&["g", "fmt", "-write=false", "-"]),
            ["g", "fmt", "--write=false", "-"]
        );
        assert_eq!(norm(&["g", "-h"]), ["g", "-h"]);
    }
}
