//! `gantry validate`.

use std::io::IsTerminal;

use gantry_config::vars::{CliInput, Inputs};
use gantry_diagnostics::render::{render_all, RenderOptions};
use gantry_diagnostics::{json, Diagnostic, Severity};
use gantry_schema::{validate_module, ValidateOptions};

use crate::cli::ValidateArgs;

pub fn run(args: &ValidateArgs) -> u8 {
    let (mut module, mut diags) = gantry_config::load_dir(&args.dir);
    let mut cli = Vec::new();
    for v in &args.vars {
        match v.split_once('=') {
            Some((k, val)) => cli.push(CliInput::Var(k.to_string(), val.to_string())),
            None => diags.push(
                Diagnostic::error("gantry::cli::var", "Invalid -var option")
                    .with_detail(format!("The given -var option {v:?} is not correctly specified. It must be a variable name and value separated by an equals sign, like -var=\"key=value\".")),
            ),
        }
    }
    cli.extend(args.var_files.iter().cloned().map(CliInput::File));
    let opts = ValidateOptions {
        inputs: Inputs {
            env: Inputs::env_from(std::env::vars()),
            cli,
            require_all: false,
        },
    };
    diags.extend(validate_module(&mut module, &opts));
    diags.extend(gantry_graph::build(&module).1);
    diags.sort();
    let failed = diags.has_errors();
    if args.json {
        print!(
            "{}",
            json::validate_output(&module.sources, &diags, args.hints)
        );
    } else {
        let color = !args.no_color
            && std::env::var_os("NO_COLOR").is_none()
            && std::io::stdout().is_terminal();
        let shown: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| args.hints || d.severity != Severity::Hint)
            .collect();
        print!(
            "{}",
            render_all(
                &module.sources,
                shown.iter().copied(),
                RenderOptions { color, width: 100 }
            )
        );
        if !failed {
            if diags.count(Severity::Warning) > 0 {
                println!("Success! The configuration is valid, but there were some validation warnings as shown above.");
            } else {
                println!("Success! The configuration is valid.");
            }
        }
    }
    u8::from(failed)
}
