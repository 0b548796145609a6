//! The `gantry` command line: gathers inputs (arguments, environment,
//! terminal), calls the library crates, renders what they return.

mod backends;
mod cli;
mod colors;
mod console_cmd;
mod fmt_cmd;
mod init_cmd;
mod interrupt;
mod json_ui;
mod logging;
mod output_fmt;
mod run_cmd;
mod state_cmd;
mod validate_cmd;
mod workspace;
mod workspace_cmd;

use std::process::ExitCode;

// Allocation dominated the profiles of the language server's checks and of
// large plans (glibc's malloc and free were a third of their CPU time);
// mimalloc halves that. The language server's latency benchmark runs with
// it too.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A closed standard output (`gantry plan | head -1`) ends the process
/// quietly, as it ends Terraform (Go dies of SIGPIPE), instead of with
/// `println!`'s panic. Every write that matters (state, journal, plan
/// file) happens before the output that reports it.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload_as_str().unwrap_or("");
        if message.starts_with("failed printing to std") && message.contains("Broken pipe") {
            // 128 + SIGPIPE, what a shell reports for a process SIGPIPE ended.
            std::process::exit(141);
        }
        default(info)
    }));
}

fn main() -> ExitCode {
    // The command runs on a thread with a stack deep enough for the
    // nesting Terraform accepts (see gantry_config::DEEP_STACK).
    let command = std::thread::Builder::new()
        .name("gantry".into())
        .stack_size(gantry_config::DEEP_STACK)
        .spawn(run);
    match command.map(|t| t.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(e) => {
            eprintln!("Error: cannot start gantry's command thread: {e}");
            ExitCode::from(1)
        }
    }
}

fn run() -> ExitCode {
    quiet_on_broken_pipe();
    let args = match cli::with_env_args(std::env::args_os().collect(), |name| {
        std::env::var(name).ok()
    }) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("Error: {e}");
            return ExitCode::from(1);
        }
    };
    logging::init(|name| std::env::var(name).ok());
    let args = cli::normalize_args(args);
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
    // As Terraform: -chdir switches the working directory before the
    // command runs, so every command (validate and fmt too) and every
    // relative path (plan files, -var-file, backend paths) sees it.
    if let Some(dir) = &parsed.chdir {
        if let Err(e) = std::env::set_current_dir(dir) {
            eprintln!("Error handling -chdir option: chdir {}: {e}", dir.display());
            return ExitCode::from(1);
        }
    }
    let dir = std::path::PathBuf::from(".");
    let compact = match &parsed.command {
        cli::Command::Plan(a) => a.vars.compact_warnings,
        cli::Command::Apply(a) | cli::Command::Destroy(a) => a.vars.compact_warnings,
        cli::Command::Refresh(a) => a.compact_warnings,
        cli::Command::Import(a) => a.vars.compact_warnings,
        _ => false,
    };
    workspace::set_compact_warnings(compact);
    let json = match &parsed.command {
        cli::Command::Plan(a) => a.json,
        cli::Command::Apply(a) | cli::Command::Destroy(a) => a.json,
        _ => false,
    };
    if json {
        json_ui::enable();
        json_ui::version();
    }
    let code = match parsed.command {
        cli::Command::Init(a) => init_cmd::run(&dir, &a),
        cli::Command::Plan(a) => run_cmd::plan_cmd(&dir, &a),
        cli::Command::Apply(a) => run_cmd::apply_cmd(&dir, &a, false),
        cli::Command::Destroy(a) => run_cmd::apply_cmd(&dir, &a, true),
        cli::Command::Refresh(a) => run_cmd::refresh_cmd(&dir, &a),
        cli::Command::Import(a) => run_cmd::import_cmd(&dir, &a),
        cli::Command::Show(a) => state_cmd::show_cmd(&dir, &a),
        cli::Command::Output(a) => state_cmd::output_cmd(&dir, &a),
        cli::Command::Console(a) => console_cmd::run(&dir, &a),
        cli::Command::State(c) => state_cmd::state_cmd(&dir, &c),
        cli::Command::Graph(a) => state_cmd::graph_cmd(&dir, &a),
        cli::Command::ForceUnlock(a) => state_cmd::force_unlock_cmd(&dir, &a),
        cli::Command::Workspace(c) => workspace_cmd::run(&dir, &c),
        cli::Command::Taint(a) => state_cmd::taint_cmd(&dir, &a, true),
        cli::Command::Untaint(a) => state_cmd::taint_cmd(&dir, &a, false),
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
