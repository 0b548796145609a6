//! `gantry init`: installs the configuration's modules and sets up the
//! backend as `terraform init` does: the backend's configuration (with
//! `-backend-config`) is recorded in `.terraform/terraform.tfstate` in
//! Terraform's format, and a change of backend copies the states over
//! (`-migrate-state`, `-force-copy`) or is recorded as it is
//! (`-reconfigure`). The AWS provider is built in: nothing to install.

use std::io::IsTerminal;
use std::path::Path;

use gantry_executor::backend::{self, schema, Backend, Metadata};
use gantry_modules::{install, InstallOptions};
use gantry_state::State;
use serde_json::Map;

use crate::backends::Home;
use crate::cli::InitArgs;
use crate::workspace::{open_state, report, Access};
use crate::workspace_cmd::data_dir;

pub fn run(dir: &Path, args: &InitArgs) -> u8 {
    if args.backend {
        if let Err(code) = init_backend(dir, args) {
            return code;
        }
    }
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

fn fail(summary: &str, detail: &str) -> u8 {
    eprintln!("\nError: {summary}\n\n{detail}\n");
    1
}

/// What init records for the configuration as it is now (with the
/// command line's partial configuration): `None` for the implicit local
/// backend.
fn wanted(dir: &Path, args: &InitArgs) -> Result<Option<Metadata>, u8> {
    let (module, mut diags) = gantry_config::load_dir_with(dir, &gantry_schema::JsonBlocks);
    // Modules are installed next: not yet being installed is no error here.
    diags.retain(|d| !d.code.starts_with("gantry::module::"));
    let configured = match backend::configured(&module) {
        Ok(c) => c,
        Err(d) => {
            diags.push(*d);
            None
        }
    };
    diags.sort();
    if report(&module.sources, &diags, args.no_color) {
        return Err(1);
    }
    let Some(c) = configured else {
        if !args.backend_config.is_empty() {
            return Err(fail("Missing backend configuration", "-backend-config was used without a \"backend\" block in the configuration.\n\nIf you intended to override the default local backend configuration,\nno action is required, but you may add an explicit backend block to your\nconfiguration to clear this warning:\n\nterraform {\n  backend \"local\" {}\n}\n\nHowever, if you intended to override a defined backend, please verify that\nthe backend configuration is present and valid."));
        }
        return Ok(None);
    };
    let overrides = backend::cli_overrides(&c.kind, &args.backend_config, dir)
        .map_err(|(s, d)| fail(&s, &d))?;
    let mut given = c.config.clone();
    given.extend(overrides);
    let schema = schema::of(&c.kind).expect("configured backends have a schema");
    let config = schema::complete(schema, &given);
    if let Err((s, d)) = backend::from_config(&c.kind, &config, dir) {
        return Err(fail(&s, &d));
    }
    Ok(Some(Metadata {
        kind: c.kind,
        config,
        hash: c.hash,
    }))
}

/// The backend a record (or its absence) stands for.
fn backend_of(record: Option<&Metadata>, dir: &Path) -> Result<Backend, u8> {
    let empty = Map::new();
    let (kind, config) = match record {
        Some(m) => (m.kind.as_str(), &m.config),
        None => ("local", &empty),
    };
    backend::from_config(kind, config, dir).map_err(|(s, d)| fail(&s, &d))
}

fn init_backend(dir: &Path, args: &InitArgs) -> Result<(), u8> {
    println!("Initializing the backend...");
    let data = data_dir(dir);
    let wanted = wanted(dir, args)?;
    let recorded =
        Metadata::read(&data).map_err(|e| fail("Failed to read the backend record", &e))?;
    let record = |m: &Option<Metadata>| -> Result<(), u8> {
        let written = match m {
            Some(m) => m.write(&data),
            None => Metadata::remove(&data),
        };
        written.map_err(|e| fail("Failed to save the backend record", &e))?;
        if let Some(m) = m {
            println!("\nSuccessfully configured the backend {:?}! gantry will automatically\nuse this backend unless the backend configuration changes.", m.kind);
        }
        Ok(())
    };
    if wanted == recorded {
        return Ok(());
    }
    if args.reconfigure {
        return record(&wanted);
    }
    let from = backend_of(recorded.as_ref(), dir)?;
    let to = backend_of(wanted.as_ref(), dir)?;
    if from == to {
        return record(&wanted);
    }
    // A recorded backend that changed needs the user to say what to do
    // with its states, as Terraform; from the implicit local backend,
    // init offers to copy (and copies nothing when there is nothing).
    let migrate = args.migrate_state || args.force_copy;
    if recorded.is_some() && !migrate {
        return Err(fail(
            "Backend configuration changed",
            "A change in the backend configuration has been detected, which may require\nmigrating existing state.\n\nIf you wish to attempt automatic migration of the state, use \"gantry init\n-migrate-state\".\nIf you wish to store the current configuration with no changes to the state,\nuse \"gantry init -reconfigure\".",
        ));
    }
    let from_home = Home::connect(&from, dir)?;
    let to_home = Home::connect(&to, dir)?;
    migrate_states(&from_home, &to_home, args)?;
    record(&wanted)
}

/// Copies every workspace's state of `from` that holds anything to `to`,
/// as it is (lineage and serial kept), after asking (or -force-copy).
/// A local source is emptied afterwards, its last content kept as
/// `terraform.tfstate.backup`, as Terraform leaves it.
fn migrate_states(from: &Home, to: &Home, args: &InitArgs) -> Result<(), u8> {
    let lock = args.locks.locking();
    let names = from
        .workspaces()
        .map_err(|e| fail("Failed to list the workspaces of the previous backend", &e))?;
    let mut states: Vec<(String, State)> = Vec::new();
    for name in names {
        let opened = open_state(from, &name, "OperationTypeInvalid", Access::Read { lock })?;
        if opened.existed && !opened.state.is_empty() {
            states.push((name, opened.state));
        }
    }
    if states.is_empty() {
        return Ok(());
    }
    if !args.force_copy {
        if !args.input || !std::io::stdin().is_terminal() {
            return Err(fail(
                "Can't ask approval for state migration when interactive input is disabled.",
                "Please remove the \"-input=false\" option and try again, or use -force-copy to copy the states without asking.",
            ));
        }
        let names: Vec<&str> = states.iter().map(|(n, _)| n.as_str()).collect();
        if !crate::run_cmd::answered_yes(&format!("Do you want to copy existing state to the new backend?\n  The previous backend holds state for the workspace(s) {}.\n  Enter \"yes\" to copy it to the new backend, and anything else to stop\n  without changing either.\n\n  Enter a value: ", names.join(", "))) {
            return Err(fail("Migration cancelled.", "gantry changed nothing: the backend record and both backends' states are as they were."));
        }
    }
    for (name, state) in &states {
        let mut dest = open_state(to, name, "OperationTypeInvalid", Access::Write { lock })?;
        let occupied =
            dest.existed && !dest.state.is_empty() && dest.state.lineage != state.lineage;
        if occupied && !args.force_copy {
            return Err(fail(
                "The new backend already holds a state",
                &format!("Workspace {name:?} of the new backend holds a different state (lineage {}) than the one to copy (lineage {}). gantry stops rather than overwrite it; use -force-copy to overwrite it, or -reconfigure to use the new backend's state as it is.", dest.state.lineage, state.lineage),
            ));
        }
        if let Err(e) = dest.store.replace(state) {
            return Err(crate::workspace::state_error(&e));
        }
        if let Err(e) = dest.store.unlock() {
            return Err(crate::workspace::state_error(&e));
        }
    }
    if let Home::Local(_) = from {
        for (name, _) in &states {
            let path = from.state_path(name);
            let backup = gantry_state::backup_path(&path);
            let emptied = std::fs::copy(&path, &backup).and_then(|_| std::fs::write(&path, b""));
            if let Err(e) = emptied {
                return Err(fail(
                    "Failed to empty the previous local state",
                    &format!("{}: {e}\n\nThe state was copied to the new backend; remove the local state file by hand so that nothing reads it by mistake.", path.display()),
                ));
            }
        }
    }
    Ok(())
}
