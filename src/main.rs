//! The `gantry` command line: gathers inputs (arguments, environment,
//! terminal), calls the library crates, renders what they return.

mod cli;
mod fmt_cmd;
mod output_fmt;
mod run_cmd;
mod state_cmd;
mod validate_cmd;
mod workspace;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::normalize_args(std::env::args_os());
    let parsed = match <cli::Cli as clap::Parser>::try_parse_from(args) {
        Ok(p) => p,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let dir = parsed
        .chdir
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    let code = match parsed.command {
        cli::Command::Plan(a) => run_cmd::plan_cmd(&dir, &a),
        cli::Command::Apply(a) => run_cmd::apply_cmd(&dir, &a, false),
        cli::Command::Destroy(a) => run_cmd::apply_cmd(&dir, &a, true),
        cli::Command::Refresh(a) => run_cmd::refresh_cmd(&dir, &a),
        cli::Command::Import(a) => run_cmd::import_cmd(&dir, &a),
        cli::Command::Show(a) => state_cmd::show_cmd(&dir, &a),
        cli::Command::Output(a) => state_cmd::output_cmd(&dir, &a),
        cli::Command::State(c) => state_cmd::state_cmd(&dir, &c),
        cli::Command::Graph(a) => state_cmd::graph_cmd(&dir, &a),
        cli::Command::ForceUnlock(a) => state_cmd::force_unlock_cmd(&dir, &a),
        cli::Command::Validate(a) => validate_cmd::run(&a),
        cli::Command::Fmt(a) => fmt_cmd::run(&a),
        cli::Command::Lsp => match gantry_lsp::run_stdio() {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("Error: {e}");
                1
            }
        },
        cli::Command::Version => {
            println!("gantry v{}", env!("CARGO_PKG_VERSION"));
            0
        }
    };
    ExitCode::from(code)
}
