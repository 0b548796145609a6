//! Commands that read or edit the state without planning: `state list`,
//! `state show`, `state rm`, `state mv`, `output`, `show`, `force-unlock`,
//! and `graph`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use gantry_addrs::Target;
use gantry_executor::convert::typed_from_json;
use gantry_executor::moves::MoveRefusal;
use gantry_executor::plan_json::state_json;
use gantry_executor::planfile::PlanFile;
use gantry_executor::{parse_instance, parse_target};
use gantry_graph::{to_dot, DotStyle};
use gantry_state::{InstanceState, ResourceState, State};

use crate::cli::{ForceUnlockArgs, GraphArgs, OutputArgs, ShowArgs, StateCommand, TaintArgs};
use crate::output_fmt::hcl;
use crate::run_cmd::output_text;
use crate::workspace::{self, report, state_error, Access, Opened};

/// One instance as `state show` and `show` print it: its attributes that
/// are not null, in HCL syntax.
fn print_instance(r: &ResourceState, i: &InstanceState) {
    println!("# {}:", r.instance_address(i));
    println!("resource \"{}\" \"{}\" {{", r.type_name, r.name);
    let opaque;
    let values = match &i.object {
        gantry_state::Object::Decoded { value, .. } => value,
        gantry_state::Object::Opaque(raw) => {
            opaque = gantry_config::value::Value::from_json(&serde_json::Value::Object(
                raw.attributes.clone(),
            ));
            &opaque
        }
    };
    if let gantry_config::value::Value::Map(m) = values {
        let shown: Vec<_> = m.iter().filter(|(_, v)| !v.is_null()).collect();
        let width = shown.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (k, v) in shown {
            println!("    {k:width$} = {}", hcl(v, 4));
        }
    }
    println!("}}");
}

/// Does `pattern` (a module instance, a resource or an instance) select
/// this instance?
fn selects(pattern: &Target, r: &ResourceState, i: &InstanceState) -> bool {
    pattern.contains(&r.instance_addr(i))
}

fn parse_addrs(list: &[String]) -> Result<Vec<Target>, u8> {
    list.iter()
        .map(|a| {
            parse_target(a).map_err(|e| {
                eprintln!("Error: Invalid address\n\n{a:?}: {e}");
                1
            })
        })
        .collect()
}

/// The state as a reader sees it: without the lock, and without changing
/// any file (a running apply's journal is replayed in memory only).
fn read_only(dir: &Path) -> Result<State, u8> {
    let (home, name) = workspace::home_of(dir, false)?;
    let mut store = home.store(&name, false);
    match store.read() {
        Ok(s) => Ok(s.unwrap_or_default()),
        Err(e) => Err(state_error(&e)),
    }
}

pub fn state_cmd(dir: &Path, cmd: &StateCommand) -> u8 {
    match cmd {
        StateCommand::Pull => pull(dir),
        StateCommand::ReplaceProvider {
            from,
            to,
            auto_approve,
            locks,
        } => replace_provider(dir, from, to, *auto_approve, locks.locking()),
        StateCommand::Push { path, force, locks } => push(dir, path, *force, locks.locking()),
        StateCommand::List { addresses } => {
            let patterns = match parse_addrs(addresses) {
                Ok(p) => p,
                Err(c) => return c,
            };
            let state = match read_only(dir) {
                Ok(s) => s,
                Err(c) => return c,
            };
            // In Terraform's order of addresses (modules by depth), which
            // is not the file's (modules by their text).
            let mut listed: Vec<_> = state
                .instances()
                .filter(|(r, i)| {
                    i.deposed.is_none()
                        && (patterns.is_empty() || patterns.iter().any(|p| selects(p, r, i)))
                })
                .map(|(r, i)| r.instance_addr(i))
                .collect();
            listed.sort_by(|a, b| a.module.cmp(&b.module));
            for addr in listed {
                println!("{addr}");
            }
            0
        }
        StateCommand::Show { address } => {
            let pattern = match parse_instance(address) {
                Ok(pattern) => pattern,
                Err(e) => {
                    eprintln!("Error: Invalid address\n\n{address:?}: {e}");
                    return 1;
                }
            };
            let state = match read_only(dir) {
                Ok(s) => s,
                Err(c) => return c,
            };
            let found = state
                .instances()
                .find(|(r, i)| i.deposed.is_none() && r.instance_addr(i) == pattern);
            let Some((r, i)) = found else {
                eprintln!("Error: No instance found for the given address!\n\nThis command requires that the address references one specific instance.\nTo view the available instances, use \"gantry state list\".");
                return 1;
            };
            print_instance(r, i);
            0
        }
        StateCommand::Rm { addresses } => edit(dir, "OperationTypeInvalid", |state| {
            let patterns = parse_addrs(addresses)?;
            let mut removed = Vec::new();
            for (r, i) in state.instances() {
                if patterns.iter().any(|p| selects(p, r, i)) {
                    removed.push((r.instance_addr(i), i.deposed.clone()));
                }
            }
            if removed.is_empty() {
                eprintln!("Error: Invalid target address\n\nNo matching objects found. To view the available instances, use \"gantry state list\".");
                return Err(1);
            }
            for (addr, deposed) in &removed {
                state.remove_instance(addr, deposed);
                if deposed.is_none() {
                    println!("Removed {addr}");
                }
            }
            println!(
                "Successfully removed {} resource instance(s).",
                removed.len()
            );
            Ok(())
        }),
        StateCommand::Mv {
            source,
            destination,
        } => edit(dir, "OperationTypeInvalid", |state| {
            let (Ok(src), Ok(dst)) = (parse_target(source), parse_target(destination)) else {
                eprintln!("Error: Invalid address\n\nBoth addresses must be module, resource or instance addresses.");
                return Err(1);
            };
            let moved = match gantry_executor::moves::move_target(state, &src, &dst) {
                Ok(moved) => moved,
                Err(MoveRefusal::KindsDiffer) => {
                    eprintln!("Error: Invalid state move request\n\nCannot move {src} to {dst}: a module instance moves only to another module instance.");
                    return Err(1);
                }
                Err(MoveRefusal::TypesDiffer) => {
                    eprintln!("Error: Invalid state move request\n\nCannot move {src} to {dst}: the resource types differ.");
                    return Err(1);
                }
                Err(MoveRefusal::NothingToMove) => {
                    eprintln!("Error: Invalid source address\n\nCannot move {src}: there is no such object in the state.");
                    return Err(1);
                }
                Err(MoveRefusal::DestinationTaken) => {
                    eprintln!("Error: Invalid target address\n\nCannot move to {dst}: there is already an object at that address.");
                    return Err(1);
                }
            };
            println!(
                "Move {source:?} to {destination:?}\nSuccessfully moved {} object(s).",
                moved.len()
            );
            Ok(())
        }),
    }
}

/// Lock, read, change, write (with backup and serial bump).
fn edit(dir: &Path, operation: &str, change: impl FnOnce(&mut State) -> Result<(), u8>) -> u8 {
    edit_locking(dir, operation, Some(std::time::Duration::ZERO), change)
}

/// [`edit`], locking as the user asked (`None`: -lock=false).
fn edit_locking(
    dir: &Path,
    operation: &str,
    lock: Option<std::time::Duration>,
    change: impl FnOnce(&mut State) -> Result<(), u8>,
) -> u8 {
    let (home, name) = match workspace::home_of(dir, false) {
        Ok(h) => h,
        Err(c) => return c,
    };
    let Opened {
        mut store,
        mut state,
        ..
    } = match workspace::open_state(&home, &name, operation, Access::Write { lock }) {
        Ok(s) => s,
        Err(c) => return c,
    };
    if let Err(c) = change(&mut state) {
        return c;
    }
    match store.write(&mut state) {
        Ok(_) => 0,
        Err(e) => state_error(&e),
    }
}

/// A provider source address in full, as Terraform reads one: `aws` and
/// `hashicorp/aws` are `registry.terraform.io/hashicorp/aws`; `-` is the
/// legacy namespace of 0.12 states.
fn provider_source(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split('/').collect();
    let ok = |p: &&str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    };
    if !parts.iter().all(ok) {
        return None;
    }
    match parts.as_slice() {
        [t] => Some(format!("registry.terraform.io/hashicorp/{t}")),
        [ns, t] => Some(format!("registry.terraform.io/{ns}/{t}")),
        [host, ns, t] => Some(format!("{host}/{ns}/{t}")),
        _ => None,
    }
}

/// `state replace-provider FROM TO`, with Terraform's messages.
fn replace_provider(
    dir: &Path,
    from: &str,
    to: &str,
    auto_approve: bool,
    lock: Option<std::time::Duration>,
) -> u8 {
    let Some(from) = provider_source(from) else {
        eprintln!("Error: Invalid \"from\" provider address\n\nThe given address {from:?} is invalid: provider source addresses are [HOSTNAME/]NAMESPACE/TYPE.");
        return 1;
    };
    let Some(to) = provider_source(to) else {
        eprintln!("Error: Invalid \"to\" provider address\n\nThe given address {to:?} is invalid: provider source addresses are [HOSTNAME/]NAMESPACE/TYPE.");
        return 1;
    };
    edit_locking(dir, "OperationTypeInvalid", lock, |state| {
        let matching: Vec<usize> = state
            .resources
            .iter()
            .enumerate()
            .filter(|(_, r)| r.provider.provider == from)
            .map(|(i, _)| i)
            .collect();
        if matching.is_empty() {
            println!("No matching resources found.");
            return Ok(());
        }
        println!("gantry will perform the following actions:\n\n  ~ Updating provider:\n    - {from}\n    + {to}\n\nChanging {} resources:\n", matching.len());
        for &i in &matching {
            println!("  {}", state.resources[i].resource_addr());
        }
        if !auto_approve
            && !crate::run_cmd::answered_yes("\nDo you want to make these changes?\nOnly 'yes' will be accepted to continue.\n\nEnter a value: ")
        {
            eprintln!("Error: Operation cancelled.");
            return Err(1);
        }
        for &i in &matching {
            std::sync::Arc::make_mut(&mut state.resources[i])
                .provider
                .provider = to.clone();
        }
        println!(
            "\nSuccessfully replaced provider for {} resources.",
            matching.len()
        );
        Ok(())
    })
}

/// `state pull`: the state as gantry (and Terraform) writes it; nothing
/// when there is none.
fn pull(dir: &Path) -> u8 {
    let (home, name) = match workspace::home_of(dir, false) {
        Ok(h) => h,
        Err(c) => return c,
    };
    let state = match home.store(&name, false).read() {
        Ok(Some(s)) => s,
        Ok(None) => return 0,
        Err(e) => return state_error(&e),
    };
    match serde_json::to_string_pretty(&state) {
        Ok(text) => {
            println!("{text}");
            0
        }
        Err(e) => {
            eprintln!("Error: cannot encode the state: {e}");
            1
        }
    }
}

/// `state push FILE|-`: the state becomes FILE's, as it is, unless it
/// belongs to another lineage or is older than the state it replaces
/// (Terraform's checks, which `-force` skips).
fn push(dir: &Path, from: &str, force: bool, lock: Option<std::time::Duration>) -> u8 {
    let text = if from == "-" {
        let mut t = String::new();
        match std::io::Read::read_to_string(&mut std::io::stdin(), &mut t) {
            Ok(_) => t,
            Err(e) => {
                eprintln!("Error: Failed to read state from standard input: {e}");
                return 1;
            }
        }
    } else {
        match std::fs::read_to_string(dir.join(from)) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("Error: Failed to read state file {from}: {e}");
                return 1;
            }
        }
    };
    let pushed = match gantry_state::parse(Path::new(from), &text) {
        Ok(s) => s,
        Err(e) => return state_error(&e),
    };
    let (home, name) = match workspace::home_of(dir, false) {
        Ok(h) => h,
        Err(c) => return c,
    };
    let Opened {
        mut store,
        state,
        existed,
    } = match workspace::open_state(&home, &name, "OperationTypeInvalid", Access::Write { lock }) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let empty = !existed || state.is_empty();
    if !force && !empty {
        if pushed.lineage != state.lineage {
            eprintln!("Failed to write state: cannot import state with lineage {:?} over unrelated state with lineage {:?}", pushed.lineage, state.lineage);
            return 1;
        }
        if pushed.serial < state.serial {
            eprintln!("Failed to write state: cannot import state with serial {} over newer state with serial {}", pushed.serial, state.serial);
            return 1;
        }
    }
    match store.replace(&pushed) {
        Ok(()) => 0,
        Err(e) => state_error(&e),
    }
}

/// `taint ADDR` (the next plan replaces the instance) and `untaint ADDR`,
/// with Terraform's messages.
pub fn taint_cmd(dir: &Path, args: &TaintArgs, taint: bool) -> u8 {
    let addr = match parse_target(&args.address) {
        Ok(Target::Instance(i)) => i,
        Ok(Target::Resource(r)) => r.instance(None),
        _ => {
            eprintln!(
                "Error: Invalid address\n\n{:?} is not a resource instance address.",
                args.address
            );
            return 1;
        }
    };
    let lock = args.locks.locking();
    edit_locking(dir, "OperationTypeInvalid", lock, |state| {
        let Some(inst) = state.current_instance_mut(&addr) else {
            if args.allow_missing {
                eprintln!("Warning: No such resource instance\n\nResource instance {addr} was not found, but this is not an error because -allow-missing was set.");
                return Ok(());
            }
            let what = if taint { "tainted" } else { "untainted" };
            eprintln!("Error: No such resource instance\n\nThere is no resource instance in the state with the address\n{addr}. If the resource configuration has just been added, you\nmust run \"gantry apply\" once to create the corresponding instance(s)\nbefore they can be {what}.");
            return Err(1);
        };
        if taint {
            inst.status = Some(gantry_state::ObjectStatus::Tainted);
            println!("Resource instance {addr} has been marked as tainted.");
        } else {
            if !inst.is_tainted() {
                eprintln!("Error: Resource instance is not tainted\n\nResource instance {addr} is not currently tainted, and so it cannot\nbe untainted.");
                return Err(1);
            }
            inst.status = None;
            println!("Resource instance {addr} has been successfully untainted.");
        }
        Ok(())
    })
}

pub fn output_cmd(dir: &Path, args: &OutputArgs) -> u8 {
    let state = match read_only(dir) {
        Ok(s) => s,
        Err(c) => return c,
    };
    if let Some(name) = &args.name {
        let Some(o) = state.outputs.get(name) else {
            eprintln!("Error: Output {name:?} not found\n\nThe output variable requested could not be found in the state\nfile. If you recently added this to your configuration, be\nsure to run `gantry apply`, since the state won't be updated\nwith new output variables until that command is run.");
            return 1;
        };
        if args.json {
            // One line, as `terraform output -json NAME` prints it.
            println!("{}", serde_json::to_string(&o["value"]).unwrap_or_default());
        } else if args.raw {
            match typed_from_json(&o["value"], &o["type"]).to_string_primitive() {
                Some(s) => print!("{s}"),
                None => {
                    eprintln!("Error: Unsupported value for raw output\n\nThe -raw option only supports strings, numbers, and boolean values, but output value {name:?} is not one of them.");
                    return 1;
                }
            }
        } else {
            let v = typed_from_json(&o["value"], &o["type"]);
            println!("{}", hcl(&v, 0));
        }
        return 0;
    }
    if args.json {
        let all: serde_json::Map<String, serde_json::Value> = state
            .outputs
            .iter()
            .map(|(k, o)| {
                let sensitive = o.get("sensitive").and_then(|s| s.as_bool()).unwrap_or(false);
                (k.clone(), serde_json::json!({"sensitive": sensitive, "type": o["type"], "value": o["value"]}))
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&all).unwrap_or_default());
        return 0;
    }
    if state.outputs.is_empty() {
        eprintln!("Warning: No outputs found\n\nThe state file either has no outputs defined, or all the defined outputs\nare empty. Please define an output in your configuration with the `output`\nkeyword and run `gantry refresh` for it to become available.");
        return 0;
    }
    for (name, o) in &state.outputs {
        println!("{name} = {}", output_text(o));
    }
    0
}

pub fn show_cmd(dir: &Path, args: &ShowArgs) -> u8 {
    if let Some(f) = &args.file {
        let pf = match PlanFile::load(&dir.join(f)) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("Error: Failed to read the plan file\n\n{e}");
                return 1;
            }
        };
        if args.json {
            println!("{}", serde_json::to_string(&pf.plan).unwrap_or_default());
        } else {
            let actions: Vec<String> = pf
                .actions
                .iter()
                .map(|(a, acts)| format!("  {a}: {}", acts.join(", ")))
                .collect();
            let drift: Vec<String> = pf.plan["resource_drift"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| {
                    let acts = d["change"]["actions"].as_array().into_iter().flatten();
                    let acts: Vec<&str> = acts.filter_map(|a| a.as_str()).collect();
                    format!(
                        "  {}: {}",
                        d["address"].as_str().unwrap_or_default(),
                        acts.join(", ")
                    )
                })
                .collect();
            if pf.refreshed.is_some() {
                if drift.is_empty() {
                    println!("Refresh-only plan: no objects changed outside gantry.");
                } else {
                    println!(
                        "Refresh-only plan (serial {} of lineage {}); objects changed outside gantry:\n{}",
                        pf.serial,
                        pf.lineage,
                        drift.join("\n")
                    );
                }
            } else if actions.is_empty() {
                println!("No changes. Your infrastructure matches the configuration.");
            } else {
                println!(
                    "Saved plan actions (serial {} of lineage {}):\n{}",
                    pf.serial,
                    pf.lineage,
                    actions.join("\n")
                );
            }
        }
        return 0;
    }
    let state = match read_only(dir) {
        Ok(s) => s,
        Err(c) => return c,
    };
    if args.json {
        println!(
            "{}",
            serde_json::to_string(&state_json(&state)).unwrap_or_default()
        );
        return 0;
    }
    if state.is_empty() {
        println!("The state file is empty. No resources are represented.");
        return 0;
    }
    for (r, i) in state.instances() {
        if i.deposed.is_some() {
            continue;
        }
        print_instance(r, i);
        println!();
    }
    if !state.outputs.is_empty() {
        println!("\nOutputs:\n");
        for (name, o) in &state.outputs {
            println!("{name} = {}", output_text(o));
        }
    }
    0
}

pub fn force_unlock_cmd(dir: &Path, args: &ForceUnlockArgs) -> u8 {
    if !args.force {
        // The one prompt of every command: Terraform's input ends its line
        // after the answer.
        if !crate::run_cmd::answered_yes("Do you really want to force-unlock?\n  gantry will remove the lock on the state.\n  This will allow local gantry commands to modify this state, even though it\n  may still be in use. Only 'yes' will be accepted to confirm.\n\n  Enter a value: ") {
            println!("force-unlock cancelled.");
            return 1;
        }
    }
    let (home, name) = match workspace::home_of(dir, false) {
        Ok(h) => h,
        Err(c) => return c,
    };
    match home.force_unlock(&name, &args.id) {
        Ok(info) => {
            println!("gantry state has been successfully unlocked!\n\nThe lock held by {} ({}) was removed.", info.who, info.operation);
            0
        }
        Err(e) => {
            eprintln!("Error: Failed to unlock state\n\n{e}");
            1
        }
    }
}

pub fn graph_cmd(dir: &Path, args: &GraphArgs) -> u8 {
    let (module, mut diags) = gantry_config::load_dir_with(dir, &gantry_schema::JsonBlocks);
    let (graph, cycles) = gantry_graph::build(&module);
    diags.extend(cycles);
    diags.sort();
    if report(&module.sources, &diags, false) {
        return 1;
    }
    let style = match args.graph_type.as_deref() {
        None => DotStyle::Resources,
        Some("plan") => DotStyle::Plan,
        Some(other) => {
            eprintln!("Error: Invalid graph type\n\n{other:?} is not a graph type; use -type=plan, or leave it out for the resource graph.");
            return 1;
        }
    };
    // What state holds beside the configuration is drawn too.
    let in_state = match read_only(dir) {
        Ok(state) => state
            .resources
            .iter()
            .filter(|r| r.mode == gantry_addrs::Mode::Managed)
            .map(|r| r.resource_addr().config())
            .collect(),
        Err(c) => return c,
    };
    let dot = to_dot(&module, &graph, style, &in_state);
    match args.format.as_str() {
        "dot" => {
            print!("{dot}");
            0
        }
        "svg" => svg(&dot),
        other => {
            eprintln!(
                "Error: Invalid format\n\n{other:?} is not an output format; use dot or svg."
            );
            1
        }
    }
}

fn svg(dot: &str) -> u8 {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::inherit())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("Error: graphviz is not installed\n\n-format=svg renders the graph with graphviz's `dot` command, which is not on PATH.\nInstall graphviz (Debian/Ubuntu: sudo apt-get install graphviz; Fedora: sudo dnf install graphviz;\nmacOS: brew install graphviz), or print DOT with -format=dot and render it elsewhere.");
            return 1;
        }
        Err(e) => {
            eprintln!("Error: could not run dot: {e}");
            return 1;
        }
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(dot.as_bytes());
    }
    match child.wait() {
        Ok(s) if s.success() => 0,
        _ => {
            eprintln!("Error: dot failed to render the graph");
            1
        }
    }
}
