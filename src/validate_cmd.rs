//! `gantry validate`.

use std::io::IsTerminal;

use gantry_diagnostics::render::{render_all, RenderOptions};
use gantry_diagnostics::{json, Diagnostic, Severity};
use gantry_schema::ValidateOptions;

use crate::cli::ValidateArgs;

pub fn run(args: &ValidateArgs) -> u8 {
    let (mut module, mut diags) =
        gantry_config::load_dir_with(&args.dir, &gantry_schema::JsonBlocks);
    let opts = ValidateOptions {
        // `terraform validate` leaves variables without a value unknown.
        inputs: crate::workspace::inputs(&args.vars, &args.var_files, false, &mut diags),
    };
    diags.extend(gantry_graph::check(&mut module, &opts).diagnostics);
    diags.adapt_fixes_to_json(&module.sources);
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
