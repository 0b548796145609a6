//! `gantry init`: installs the configuration's modules as `terraform
//! init` does, printing its lines. (Backends and providers need no
//! initialisation in gantry: the AWS provider is built in and the state
//! is local.)

use std::path::Path;

use gantry_modules::{install, InstallOptions};

use crate::cli::InitArgs;
use crate::workspace::report;

pub fn run(dir: &Path, args: &InitArgs) -> u8 {
    println!("Initializing modules...");
    let installed = install(
        dir,
        &InstallOptions {
            upgrade: args.upgrade,
        },
        &mut |line| println!("{line}"),
    );
    if report(&installed.sources, &installed.diagnostics, args.no_color) {
        return 1;
    }
    println!("\ngantry has been successfully initialized!");
    0
}
