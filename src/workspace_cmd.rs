//! Terraform's workspaces: which one is selected, and `gantry workspace
//! new/select/list/show/delete`, with Terraform's messages and files (the
//! selection in `.terraform/environment`, each workspace's state where the
//! backend keeps it), so Terraform and gantry share them.

use std::path::{Path, PathBuf};

use gantry_executor::backend::{valid_workspace_name, DEFAULT_WORKSPACE};

use crate::backends::Home;
use crate::cli::WorkspaceCommand;
use crate::workspace::{backend_of, open_state, Access};

/// Where Terraform keeps a working directory's own data: `TF_DATA_DIR`,
/// or `.terraform`.
pub fn data_dir(dir: &Path) -> PathBuf {
    match std::env::var_os("TF_DATA_DIR") {
        Some(d) if !d.is_empty() => dir.join(d),
        _ => dir.join(".terraform"),
    }
}

/// The file `workspace select` records the selection in.
fn environment_file(dir: &Path) -> PathBuf {
    data_dir(dir).join("environment")
}

/// The selected workspace: `TF_WORKSPACE`, else the one `workspace
/// select` recorded, else "default". `Err` (printed) for a `TF_WORKSPACE`
/// Terraform would refuse.
pub fn selected(dir: &Path) -> Result<String, u8> {
    if let Some(name) = overridden() {
        if !valid_workspace_name(&name) {
            eprintln!("\nError: Invalid workspace name set using TF_WORKSPACE\n");
            return Err(1);
        }
        return Ok(name);
    }
    Ok(recorded(dir))
}

fn overridden() -> Option<String> {
    std::env::var("TF_WORKSPACE").ok().filter(|w| !w.is_empty())
}

fn recorded(dir: &Path) -> String {
    std::fs::read_to_string(environment_file(dir))
        .ok()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| DEFAULT_WORKSPACE.to_string())
}

fn record(dir: &Path, name: &str) -> Result<(), u8> {
    let file = environment_file(dir);
    let written = std::fs::create_dir_all(data_dir(dir)).and_then(|()| std::fs::write(&file, name));
    written.map_err(|e| {
        eprintln!("Error: Failed to select workspace: {}: {e}", file.display());
        1
    })
}

pub fn run(dir: &Path, command: &WorkspaceCommand) -> u8 {
    let backend = match backend_of(dir, false).and_then(|b| Home::connect(&b, dir)) {
        Ok(b) => b,
        Err(code) => return code,
    };
    let result = match command {
        WorkspaceCommand::Show => selected(dir).map(|name| println!("{name}")),
        WorkspaceCommand::List { .. } => list(dir, &backend),
        WorkspaceCommand::New { name, .. } => new(dir, &backend, name),
        WorkspaceCommand::Select {
            name, or_create, ..
        } => select(dir, &backend, name, *or_create),
        WorkspaceCommand::Delete { name, force, flags } => {
            delete(dir, &backend, name, *force, flags.locks.locking())
        }
    };
    match result {
        Ok(()) => 0,
        Err(code) => code,
    }
}

fn workspaces(backend: &Home) -> Result<Vec<String>, u8> {
    backend.workspaces().map_err(|e| {
        eprintln!("Error: Failed to list workspaces: {e}");
        1
    })
}

fn list(dir: &Path, backend: &Home) -> Result<(), u8> {
    let current = selected(dir)?;
    for name in workspaces(backend)? {
        let mark = if name == current { "*" } else { " " };
        println!("{mark} {name}");
    }
    println!();
    if overridden().is_some() {
        println!("\nThe active workspace is being overridden using the TF_WORKSPACE environment\nvariable.\n");
    }
    Ok(())
}

/// Refuses to change the selection while `TF_WORKSPACE` overrides it.
fn not_overridden() -> Result<(), u8> {
    if overridden().is_some() {
        eprintln!("\nThe selected workspace is currently overridden using the TF_WORKSPACE\nenvironment variable.\n\nTo select a new workspace, either update this environment variable or unset\nit and then run this command again.\n");
        return Err(1);
    }
    Ok(())
}

fn valid(name: &str) -> Result<(), u8> {
    if !valid_workspace_name(name) {
        eprintln!("\nThe workspace name {name:?} is not allowed. The name must contain only URL safe\ncharacters, and no path separators.\n");
        return Err(1);
    }
    Ok(())
}

/// Terraform's error for a workspace that does not exist; the exit code.
fn no_such_workspace(name: &str) -> u8 {
    eprintln!("\nWorkspace {name:?} doesn't exist.\n\nYou can create this workspace with the \"new\" subcommand \nor include the \"-or-create\" flag with the \"select\" subcommand.");
    1
}

fn new(dir: &Path, backend: &Home, name: &str) -> Result<(), u8> {
    not_overridden()?;
    valid(name)?;
    if workspaces(backend)?.iter().any(|w| w == name) {
        eprintln!("Workspace {name:?} already exists");
        return Err(1);
    }
    create(dir, backend, name)
}

fn create(dir: &Path, backend: &Home, name: &str) -> Result<(), u8> {
    backend.create_workspace(name).map_err(|e| {
        eprintln!("Error: Failed to create workspace {name:?}: {e}");
        1u8
    })?;
    record(dir, name)?;
    println!("Created and switched to workspace {name:?}!\n\nYou're now on a new, empty workspace. Workspaces isolate their state,\nso if you run \"gantry plan\" gantry will not see any existing state\nfor this configuration.");
    Ok(())
}

fn select(dir: &Path, backend: &Home, name: &str, or_create: bool) -> Result<(), u8> {
    not_overridden()?;
    valid(name)?;
    if !workspaces(backend)?.iter().any(|w| w == name) {
        if or_create {
            return create(dir, backend, name);
        }
        return Err(no_such_workspace(name));
    }
    record(dir, name)?;
    println!("Switched to workspace {name:?}.");
    Ok(())
}

fn delete(
    dir: &Path,
    backend: &Home,
    name: &str,
    force: bool,
    lock: Option<std::time::Duration>,
) -> Result<(), u8> {
    valid(name)?;
    if !workspaces(backend)?.iter().any(|w| w == name) {
        return Err(no_such_workspace(name));
    }
    if selected(dir)? == name {
        eprintln!("Workspace {name:?} is your active workspace.\n\nYou cannot delete the currently active workspace. Please switch\nto another workspace and try again.");
        return Err(1);
    }
    if name == DEFAULT_WORKSPACE {
        eprintln!("cannot delete default state");
        return Err(1);
    }
    // Under the workspace's lock, as Terraform: no run may be using it.
    let opened = open_state(backend, name, "OperationTypeInvalid", Access::Read { lock })?;
    let tracked: Vec<String> = opened
        .state
        .instances()
        .filter(|(rs, _)| rs.mode == gantry_addrs::Mode::Managed)
        .map(|(rs, i)| format!("  - {}", rs.instance_address(i)))
        .collect();
    if !tracked.is_empty() && !force {
        eprintln!("\nError: Workspace is not empty\n\nWorkspace {name:?} is currently tracking the following resource instances:\n{}\n\nDeleting this workspace would cause gantry to lose track of any associated\nremote objects, which would then require you to delete them manually outside\nof gantry. You should destroy these objects with gantry before deleting\nthe workspace.\n\nIf you want to delete this workspace anyway, and have gantry forget about\nthese managed objects, use the -force option to disable this safety check.\n", tracked.join("\n"));
        return Err(1);
    }
    // The lock file is inside the workspace's directory: released first.
    drop(opened);
    backend.delete_workspace(name).map_err(|e| {
        eprintln!("Error: Failed to delete workspace {name:?}: {e}");
        1u8
    })?;
    println!("Deleted workspace {name:?}!");
    if !tracked.is_empty() {
        println!("WARNING: {name:?} was non-empty.\nThe resources managed by the deleted workspace may still exist,\nbut are no longer manageable by gantry since the state has\nbeen deleted.\n");
    }
    Ok(())
}
