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
    /// Accepted for pipelines (-input=false): init never asks anything.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub input: bool,
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
    /// Wait for no lock (-lock=false skips locking, as Terraform).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub lock: bool,
    /// Print the AWS API calls made (and throttling met) on stderr.
    #[arg(long)]
    pub verbose: bool,
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
    /// Exit 0 when there are no changes, 2 when there are, 1 on error.
    #[arg(long)]
    pub detailed_exitcode: bool,
    /// Read the real objects before planning (-refresh=false skips it).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub refresh: bool,
}

#[derive(Debug, Args, Default, Clone)]
pub struct ApplyArgs {
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
    /// How many operations run at once.
    #[arg(long, default_value_t = 10)]
    pub parallelism: usize,
    /// Read the real objects before planning (-refresh=false skips it).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub refresh: bool,
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

#[cfg(test)]
mod tests {
    use super::*;

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
