//! The `gantry` command line: gathers inputs (arguments, environment,
//! terminal), calls the library crates, renders what they return.

mod cli;
mod fmt_cmd;
mod validate_cmd;

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
    let code = match parsed.command {
        cli::Command::Validate(a) => validate_cmd::run(&a),
        cli::Command::Fmt(a) => fmt_cmd::run(&a),
        cli::Command::Version => {
            println!("gantry v{}", env!("CARGO_PKG_VERSION"));
            0
        }
    };
    ExitCode::from(code)
}
