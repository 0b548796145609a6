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
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a directory of .tf files: syntax, schemas, references.
    Validate(ValidateArgs),
    /// Rewrite .tf/.tfvars files in Terraform's canonical style (as `terraform fmt`).
    Fmt(FmtArgs),
    /// Print gantry's version.
    Version,
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
            take_value = (name == "var" || name == "var-file") && !s.contains('=');
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
