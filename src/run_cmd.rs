//! `gantry plan`, `apply`, `destroy` and `refresh`.

use std::io::{BufRead, Write};
use std::path::Path;
use std::time::Duration;

use gantry_config::model::Module;
use gantry_executor::apply::{apply, ApplyOptions, Event, OpKind};
use gantry_executor::import::import_blocks;
use gantry_executor::plan_json::plan_json;
use gantry_executor::planfile::PlanFile;
use gantry_executor::refresh::refresh;
use gantry_executor::render::render_plan;
use gantry_executor::{parse_instance, parse_target, plan, Plan, PlanOptions, Providers};
use gantry_state::{State, Store};

use crate::cli::{ApplyArgs, ImportArgs, PlanArgs, VarArgs};
use crate::output_fmt::hcl;
use crate::workspace::{self, report, state_error, Access, Opened, ProviderSet, Workspace};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Deeply nested configurations (10,000 levels) are walked
        // recursively; give workers the CLI thread's stack.
        .thread_stack_size(gantry_config::DEEP_STACK)
        .enable_all()
        .build()
        .expect("a tokio runtime can be built")
}

fn targets(list: &[String]) -> Result<Vec<gantry_addrs::Target>, u8> {
    list.iter()
        .map(|t| {
            parse_target(t).map_err(|e| {
                eprintln!("Error: Invalid target address\n\n{t:?}: {e} Write it as TYPE.NAME, TYPE.NAME[0], TYPE.NAME[\"key\"] or module.NAME[KEY], optionally after module.NAME[KEY].");
                1
            })
        })
        .collect()
}

/// `-replace=ADDR`: resource instances (a resource without a key is its
/// instance without one, as in Terraform).
fn replace_addrs(list: &[String]) -> Result<Vec<gantry_addrs::AbsResourceInstance>, u8> {
    list.iter()
        .map(|a| match parse_target(a) {
            Ok(gantry_addrs::Target::Instance(i)) => Ok(i),
            Ok(gantry_addrs::Target::Resource(r)) => Ok(r.instance(None)),
            _ => {
                eprintln!("Error: Invalid force-replace address {a:?}\n\nA resource instance address is required here.");
                Err(1)
            }
        })
        .collect()
}

fn timestamp() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// The objects a refresh reads, in state order: the managed ones, not
/// deposed, with their ids.
fn refreshed_objects(
    state: &State,
) -> impl Iterator<Item = (gantry_executor::InstanceAddr, Option<&str>)> {
    state
        .instances()
        .filter(|(rs, inst)| rs.mode == gantry_addrs::Mode::Managed && inst.deposed.is_none())
        .map(|(rs, inst)| (rs.instance_addr(inst), inst.id()))
}

/// Terraform's "ADDR: Refreshing state... [id=ID]", one line for each
/// managed object a refresh reads, in state order.
fn refreshing_lines(state: &State) -> String {
    let mut out = String::new();
    for (addr, id) in refreshed_objects(state) {
        match id {
            Some(id) if !id.is_empty() => {
                out.push_str(&format!("{addr}: Refreshing state... [id={id}]\n"))
            }
            _ => out.push_str(&format!("{addr}: Refreshing state...\n")),
        }
    }
    out
}

/// Refreshes (when asked) and plans; prints diagnostics. `Err` is the exit
/// code after an error.
fn make_plan(
    rt: &tokio::runtime::Runtime,
    ws: &Workspace,
    providers: &Providers,
    state: &mut State,
    opts: &PlanOptions,
    do_refresh: bool,
    no_color: bool,
) -> Result<Plan, u8> {
    let mut drift = Vec::new();
    if do_refresh && !state.resources.is_empty() {
        if crate::json_ui::on() {
            for (addr, id) in refreshed_objects(state) {
                crate::json_ui::refreshed(&addr, id.unwrap_or_default());
            }
        } else {
            print!("{}", refreshing_lines(state));
        }
        let (found, diags) = rt.block_on(refresh(state, providers));
        if report(&ws.module.sources, &diags, no_color) {
            return Err(1);
        }
        drift = found;
        // By address, as Terraform lists drift.
        drift.sort_by(|a, b| a.addr.cmp(&b.addr));
    }
    let mut opts = opts.clone();
    if !opts.destroy && !opts.refresh_only && !ws.module.imports.is_empty() {
        let (imported, diags) =
            rt.block_on(import_blocks(&ws.module, &ws.variables, state, providers));
        if report(&ws.module.sources, &diags, no_color) {
            return Err(1);
        }
        opts.importing = imported;
    }
    let (p, diags) = rt.block_on(plan(
        &ws.module,
        &ws.graph,
        ws.variables.clone(),
        state,
        providers,
        &opts,
    ));
    if report(&ws.module.sources, &diags, no_color) {
        if !crate::json_ui::on() {
            println!("\nPlanning failed. gantry encountered an error while generating this plan.");
        }
        return Err(1);
    }
    let mut p = p;
    p.drift = drift;
    Ok(p)
}

/// What plan, apply, refresh and import share once the configuration is
/// loaded: the state (locked unless the command opted out), a runtime, the
/// providers, and no create of an interrupted run left unresolved.
struct Session {
    store: Store,
    state: State,
    /// A state file existed, or adopting an interrupted run's objects made
    /// one.
    existed: bool,
    rt: tokio::runtime::Runtime,
    set: ProviderSet,
}

fn session(
    ws: &Workspace,
    dir: &Path,
    operation: &str,
    access: Access,
    no_color: bool,
) -> Result<Session, u8> {
    let Opened {
        mut store,
        mut state,
        existed,
    } = ws.open_state(dir, operation, access)?;
    let rt = runtime();
    let set = ws.providers(dir, no_color)?;
    let adopted = resolve_intents(&rt, ws, &mut store, &mut state, &set.providers, no_color)?;
    Ok(Session {
        store,
        state,
        existed: existed || adopted,
        rt,
        set,
    })
}

/// Creates an interrupted run left open: each is looked up and adopted
/// into state, or forgotten when it made nothing, before anything plans.
/// Only a store that may write does (a lock holder, or a writer that opted
/// out of locking); a reader (`plan -lock=false`) says what it cannot see.
fn resolve_intents(
    rt: &tokio::runtime::Runtime,
    ws: &Workspace,
    store: &mut Store,
    state: &mut State,
    providers: &Providers,
    no_color: bool,
) -> Result<bool, u8> {
    if !store.may_write() {
        let open = store.open_intents().map_err(|e| state_error(&e))?;
        if !open.is_empty() {
            eprintln!("Warning: {} create(s) of an interrupted run are not resolved\n\nWithout the lock gantry cannot look them up; this plan may show them as new. Run a command that takes the lock (plan, apply) to adopt what they made.\n", open.len());
        }
        return Ok(false);
    }
    let resolved = match rt.block_on(gantry_executor::intents::resolve(store, state, providers)) {
        Ok(r) => r,
        Err(e) => return Err(state_error(&e)),
    };
    for a in &resolved.adopted {
        let id =
            a.id.as_ref()
                .map(|i| format!(" (id {i})"))
                .unwrap_or_default();
        let line = format!("Adopted {}{id} created by an interrupted run", a.address);
        if crate::json_ui::on() {
            crate::json_ui::log(&line);
        } else {
            println!("{line}");
        }
    }
    if !resolved.adopted.is_empty() && !crate::json_ui::on() {
        println!();
    }
    if report(&ws.module.sources, &resolved.diags, no_color) {
        return Err(1);
    }
    Ok(!resolved.adopted.is_empty())
}

pub fn plan_cmd(dir: &Path, args: &PlanArgs) -> u8 {
    if args.refresh_only {
        if let Some(refused) = refresh_only_conflict(args.destroy, !args.replace.is_empty()) {
            incompatible(&refused);
            return 1;
        }
    }
    let ws = match workspace::load(dir, &args.vars, true) {
        Ok(w) => w,
        Err(c) => return c,
    };
    let targets = match targets(&args.targets) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let access = Access::Read {
        lock: args.vars.locking(),
    };
    // The store holds the lock until the plan is made.
    let Session {
        store: _locked,
        mut state,
        rt,
        set,
        ..
    } = match session(&ws, dir, "OperationTypePlan", access, args.vars.no_color) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let replace = match replace_addrs(&args.replace) {
        Ok(r) => r,
        Err(c) => return c,
    };
    let opts = PlanOptions {
        destroy: args.destroy,
        targets,
        replace,
        refresh_only: args.refresh_only,
        ..Default::default()
    };
    let p = make_plan(
        &rt,
        &ws,
        &set.providers,
        &mut state,
        &opts,
        args.refresh,
        args.vars.no_color,
    );
    set.report_calls(args.vars.verbose);
    let p = match p {
        Ok(p) => p,
        Err(c) => return c,
    };
    if crate::json_ui::on() {
        crate::json_ui::plan(&p, "plan");
    } else {
        print!(
            "{}",
            crate::colors::maybe(render_plan(&p), args.vars.no_color)
        );
    }
    if let Some(out) = &args.out {
        let doc = plan_json(&p, &ws.module, &state, &timestamp());
        if let Err(e) = PlanFile::new(&p, &ws.module, doc, &state).save(&dir.join(out)) {
            return state_error(&e);
        }
    }
    // What to do next, for a plan that would do something (Terraform says
    // nothing more in -json mode or in automation).
    if p.applyable() && !crate::json_ui::on() && !in_automation() {
        print!("{}", rule());
        match &args.out {
            Some(out) => println!("\nSaved the plan to: {}\n\nTo perform exactly these actions, run the following command to apply:\n    gantry apply {:?}", out.display(), out.display().to_string()),
            None => println!("\nNote: You didn't use the -out option to save this plan, so gantry can't\nguarantee to take exactly these actions if you run \"gantry apply\" now."),
        }
    }
    if args.detailed_exitcode && p.applyable() {
        2
    } else {
        0
    }
}

/// `TF_IN_AUTOMATION` (any value): a pipeline runs gantry, so the notes
/// that tell a person what to type next are left out, as Terraform's.
fn in_automation() -> bool {
    std::env::var_os("TF_IN_AUTOMATION").is_some_and(|v| !v.is_empty())
}

/// The rule Terraform draws between a plan and what follows it (77
/// columns, its width off a terminal); nothing in automation.
fn rule() -> String {
    if in_automation() {
        String::new()
    } else {
        format!("\n{}\n", "─".repeat(77))
    }
}

fn confirm(destroy: bool) -> bool {
    if destroy {
        answered_yes("\nDo you really want to destroy all resources?\n  gantry will destroy all your managed infrastructure, as shown above.\n  There is no undo. Only 'yes' will be accepted to confirm.\n\n  Enter a value: ")
    } else {
        answered_yes("\nDo you want to perform these actions?\n  gantry will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ")
    }
}

/// Asks `prompt` on the terminal; whether the answer is "yes".
pub fn answered_yes(prompt: &str) -> bool {
    print!("{prompt}");
    let _ = std::io::stdout().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    println!();
    line.trim() == "yes"
}

/// Why `-refresh-only` cannot go with the other options given, if it
/// cannot.
fn refresh_only_conflict(destroy: bool, replace: bool) -> Option<String> {
    if destroy {
        Some("The -refresh-only and -destroy options are mutually exclusive. A refresh-only plan does not change any objects, so it cannot destroy them.".into())
    } else if replace {
        Some("A refresh-only plan does not change any objects, so it cannot replace any: -replace cannot go with -refresh-only.".into())
    } else {
        None
    }
}

/// "Incompatible plan options", as text or as a JSON diagnostic.
fn incompatible(detail: &str) {
    if crate::json_ui::on() {
        crate::json_ui::error("Incompatible plan options", detail);
    } else {
        eprintln!("Error: Incompatible plan options\n\n{detail}");
    }
}

pub fn apply_cmd(dir: &Path, args: &ApplyArgs, destroy: bool) -> u8 {
    if args.refresh_only {
        if args.plan_file.is_some() {
            eprintln!("Error: Can't set planning options when applying a saved plan\n\nThe -refresh-only option applies to planning; the saved plan already says what to do.");
            return 1;
        }
        if let Some(refused) = refresh_only_conflict(destroy, !args.replace.is_empty()) {
            incompatible(&refused);
            return 1;
        }
    }
    if args.json && !args.auto_approve && args.plan_file.is_none() {
        crate::json_ui::error("Plan file or auto-approve required", "gantry cannot ask for interactive approval when -json is set. You can either apply a saved plan file, or enable the -auto-approve option.");
        return 1;
    }
    let saved = match &args.plan_file {
        Some(f) => match PlanFile::load(&dir.join(f)) {
            Ok(pf) => Some(pf),
            Err(e) => {
                eprintln!("Error: Failed to load the plan file\n\n{e}");
                return 1;
            }
        },
        None => None,
    };
    let mut ws = match workspace::load(dir, &args.vars, saved.is_none()) {
        Ok(w) => w,
        Err(c) => return c,
    };
    let operation = if destroy {
        "OperationTypeDestroy"
    } else {
        "OperationTypeApply"
    };
    let access = Access::Write {
        lock: args.vars.locking(),
    };
    let Session {
        mut store,
        mut state,
        existed,
        rt,
        set,
    } = match session(&ws, dir, operation, access, args.vars.no_color) {
        Ok(s) => s,
        Err(c) => return c,
    };
    let (opts, do_refresh) = match &saved {
        Some(pf) => {
            if let Err(stale) = pf.check_inputs(existed.then_some(&state), &ws.module) {
                eprintln!("Error: Saved plan is stale\n\n{stale}");
                return 1;
            }
            if !existed {
                // The state this apply creates is the one the plan was made
                // for: a second plan of the same new project is then stale.
                state.lineage = pf.lineage.clone();
            }
            if let Some(refreshed) = &pf.refreshed {
                // A refresh-only plan: what its refresh found is the state.
                let before = state.clone();
                state.resources = refreshed.resources.clone();
                state.outputs = refreshed.outputs.clone();
                return record_state(&mut store, &before, &mut state, args.vars.no_color);
            }
            ws.variables = pf.variables(&ws.module);
            let (t, replace) = match (targets(&pf.targets), replace_addrs(&pf.replace)) {
                (Ok(t), Ok(r)) => (t, r),
                (Err(c), _) | (_, Err(c)) => return c,
            };
            (
                PlanOptions {
                    destroy: pf.destroy,
                    targets: t,
                    replace,
                    ..Default::default()
                },
                false,
            )
        }
        None => {
            let (t, replace) = match (targets(&args.targets), replace_addrs(&args.replace)) {
                (Ok(t), Ok(r)) => (t, r),
                (Err(c), _) | (_, Err(c)) => return c,
            };
            (
                PlanOptions {
                    destroy,
                    targets: t,
                    replace,
                    refresh_only: args.refresh_only,
                    ..Default::default()
                },
                args.refresh,
            )
        }
    };
    let p = match make_plan(
        &rt,
        &ws,
        &set.providers,
        &mut state,
        &opts,
        do_refresh,
        args.vars.no_color,
    ) {
        Ok(p) => p,
        Err(c) => {
            set.report_calls(args.vars.verbose);
            return c;
        }
    };
    if let Some(pf) = &saved {
        let replanned = plan_json(&p, &ws.module, &state, &timestamp());
        if let Err(stale) = pf.check_replan(&p, &replanned) {
            eprintln!("Error: Saved plan is stale\n\n{stale}");
            return 1;
        }
    }
    if crate::json_ui::on() {
        // A new plan is reported whole, as `plan -json` reports it; a
        // saved one by its changes only (its summary was the plan run's).
        crate::json_ui::plan(&p, if saved.is_some() { "apply" } else { "plan" });
    } else if saved.is_none() {
        print!(
            "{}",
            crate::colors::maybe(render_plan(&p), args.vars.no_color)
        );
        if p.refresh_only {
            if p.applyable() && !args.auto_approve && !answered_yes("\nWould you like to update the gantry state to reflect these detected changes?\n  gantry will write these changes to the state without modifying any real infrastructure.\n  There is no undo. Only 'yes' will be accepted to confirm.\n\n  Enter a value: ") {
                println!("Apply cancelled.");
                return 1;
            }
        } else if p.has_changes() && !args.auto_approve && !confirm(opts.destroy) {
            println!(
                "{} cancelled.",
                if opts.destroy { "Destroy" } else { "Apply" }
            );
            return 1;
        } else if p.has_changes() {
            println!();
        }
    }
    if p.refresh_only {
        let before = state.clone();
        gantry_executor::apply::record_refresh_only(&p, &mut state);
        set.report_calls(args.vars.verbose);
        return record_state(&mut store, &before, &mut state, args.vars.no_color);
    }
    let code = run_apply(
        &rt,
        &ws.module,
        &set.providers,
        &p,
        &mut state,
        &mut store,
        args,
        opts.destroy,
    );
    set.report_calls(args.vars.verbose);
    code
}

/// Writes `state` when it differs from `before`: a refresh that found
/// nothing new leaves the serial alone, as Terraform's does.
fn write_if_changed(store: &mut Store, before: &State, state: &mut State) -> Result<(), u8> {
    if serde_json::to_value(before).ok() != serde_json::to_value(&*state).ok() {
        store.write(state).map_err(|e| state_error(&e))?;
    }
    Ok(())
}

/// The end of an apply that changes no object (a refresh-only one): the
/// state is written when it differs from `before`, and the run ends as
/// an apply does, with its summary and outputs.
fn record_state(store: &mut Store, before: &State, state: &mut State, no_color: bool) -> u8 {
    if let Err(c) = write_if_changed(store, before, state) {
        return c;
    }
    let summary = gantry_executor::ApplySummary::default();
    let message = completion(&summary, false);
    if crate::json_ui::on() {
        crate::json_ui::change_summary(&message, 0, 0, 0, 0, "apply");
        crate::json_ui::outputs(state);
        return 0;
    }
    print!(
        "{}",
        crate::colors::maybe(format!("\n{message}\n"), no_color)
    );
    print_outputs(state);
    0
}

#[allow(clippy::too_many_arguments)]
fn run_apply(
    rt: &tokio::runtime::Runtime,
    module: &Module,
    providers: &Providers,
    p: &Plan,
    state: &mut State,
    store: &mut Store,
    args: &ApplyArgs,
    destroy: bool,
) -> u8 {
    let opts = ApplyOptions {
        parallelism: args.parallelism,
        progress_every: Duration::from_secs(10),
        stop: Some(crate::interrupt::graceful_stop(rt)),
    };
    let by_key: std::collections::HashMap<String, &gantry_executor::ResourceChange> =
        p.changes.iter().map(|c| (c.key(), c)).collect();
    let json = crate::json_ui::on();
    let mut on_event = |e: Event| {
        let line = progress_line(&e);
        if json {
            crate::json_ui::apply_event(&e, by_key.get(e.address()).copied(), &line);
        } else {
            let _ = writeln!(
                std::io::stdout().lock(),
                "{}",
                crate::colors::maybe(line, args.vars.no_color)
            );
        }
    };
    let result = rt.block_on(apply(
        module,
        p,
        state,
        store,
        providers,
        &opts,
        &mut on_event,
    ));
    let summary = match result {
        Ok(s) => s,
        Err(e) => return state_error(&e),
    };
    if report(&module.sources, &summary.diags, args.vars.no_color) {
        return 1;
    }
    let message = completion(&summary, destroy);
    if json {
        crate::json_ui::change_summary(
            &message,
            summary.added,
            summary.changed,
            summary.imported,
            summary.destroyed,
            if destroy { "destroy" } else { "apply" },
        );
        if !destroy {
            crate::json_ui::outputs(state);
        }
        return 0;
    }
    print!(
        "{}",
        crate::colors::maybe(format!("\n{message}\n"), args.vars.no_color)
    );
    if !destroy {
        print_outputs(state);
    }
    0
}

/// Terraform's last line of an apply or a destroy.
fn completion(summary: &gantry_executor::ApplySummary, destroy: bool) -> String {
    if destroy {
        return format!(
            "Destroy complete! Resources: {} destroyed.",
            summary.destroyed
        );
    }
    let imported = match summary.imported {
        0 => String::new(),
        n => format!("{n} imported, "),
    };
    format!(
        "Apply complete! Resources: {imported}{} added, {} changed, {} destroyed.",
        summary.added, summary.changed, summary.destroyed
    )
}

fn elapsed(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 {
        format!("{}m{}s", s / 60, s % 60)
    } else {
        format!("{s}s")
    }
}

/// Terraform's progress wording.
pub fn progress_line(e: &Event) -> String {
    let id = |id: &Option<String>| {
        id.as_ref()
            .map(|i| format!(" [id={i}]"))
            .unwrap_or_default()
    };
    match e {
        Event::Started {
            address,
            kind,
            id: i,
        } => match kind {
            OpKind::Create => format!("{address}: Creating..."),
            OpKind::Update => format!("{address}: Modifying...{}", id(i)),
            OpKind::Delete => format!("{address}: Destroying...{}", id(i)),
            OpKind::Read => format!("{address}: Reading..."),
        },
        Event::Still {
            address,
            kind,
            id: i,
            elapsed: t,
        } => {
            let verb = match kind {
                OpKind::Create => "creating",
                OpKind::Update => "modifying",
                OpKind::Delete => "destroying",
                OpKind::Read => "reading",
            };
            let idp = i.as_ref().map(|i| format!("id={i}, ")).unwrap_or_default();
            format!("{address}: Still {verb}... [{idp}{} elapsed]", elapsed(*t))
        }
        Event::Completed {
            address,
            kind,
            id: i,
            elapsed: t,
        } => match kind {
            OpKind::Create => format!(
                "{address}: Creation complete after {}{}",
                elapsed(*t),
                id(i)
            ),
            OpKind::Update => format!(
                "{address}: Modifications complete after {}{}",
                elapsed(*t),
                id(i)
            ),
            OpKind::Delete => format!("{address}: Destruction complete after {}", elapsed(*t)),
            OpKind::Read => format!("{address}: Read complete after {}{}", elapsed(*t), id(i)),
        },
        Event::Failed { address, kind } => {
            let what = match kind {
                OpKind::Create => "creation",
                OpKind::Update => "modification",
                OpKind::Delete => "destruction",
                OpKind::Read => "read",
            };
            format!("{address}: {what} failed")
        }
    }
}

pub fn print_outputs(state: &State) {
    if state.outputs.is_empty() {
        return;
    }
    println!("\nOutputs:\n");
    // By name, as Terraform prints them (the state keeps them as written).
    let mut names: Vec<&String> = state.outputs.keys().collect();
    names.sort();
    for name in names {
        println!("{name} = {}", output_text(&state.outputs[name]));
    }
}

pub fn output_text(o: &serde_json::Value) -> String {
    if o.get("sensitive")
        .and_then(|s| s.as_bool())
        .unwrap_or(false)
    {
        return "<sensitive>".into();
    }
    hcl(
        &gantry_executor::convert::typed_from_json(&o["value"], &o["type"]),
        0,
    )
}

pub fn refresh_cmd(dir: &Path, args: &VarArgs) -> u8 {
    let ws = match workspace::load(dir, args, true) {
        Ok(w) => w,
        Err(c) => return c,
    };
    let access = Access::Write {
        lock: args.locking(),
    };
    let Session {
        mut store,
        mut state,
        existed,
        rt,
        set,
    } = match session(&ws, dir, "OperationTypeRefresh", access, args.no_color) {
        Ok(s) => s,
        Err(c) => return c,
    };
    // Terraform's `refresh` is `apply -refresh-only -auto-approve` that
    // shows only the refresh and the outputs.
    let opts = PlanOptions {
        refresh_only: true,
        ..Default::default()
    };
    let p = make_plan(
        &rt,
        &ws,
        &set.providers,
        &mut state,
        &opts,
        true,
        args.no_color,
    );
    set.report_calls(args.verbose);
    let p = match p {
        Ok(p) => p,
        Err(c) => return c,
    };
    let before = state.clone();
    gantry_executor::apply::record_refresh_only(&p, &mut state);
    if existed || !state.resources.is_empty() {
        if let Err(c) = write_if_changed(&mut store, &before, &mut state) {
            return c;
        }
    }
    print_outputs(&state);
    0
}

/// `gantry import ADDR ID`, worded as Terraform's.
pub fn import_cmd(dir: &Path, args: &ImportArgs) -> u8 {
    let ws = match workspace::load(dir, &args.vars, true) {
        Ok(w) => w,
        Err(c) => return c,
    };
    let addr = match parse_instance(&args.address) {
        Ok(addr) => addr,
        Err(e) => {
            eprintln!(
                "Error: Invalid address\n\n{:?}: {e} Write it as TYPE.NAME, TYPE.NAME[0] or TYPE.NAME[\"key\"].",
                args.address
            );
            return 1;
        }
    };
    let access = Access::Write {
        lock: args.vars.locking(),
    };
    let Session {
        mut store,
        mut state,
        rt,
        set,
        ..
    } = match session(&ws, dir, "OperationTypeImport", access, args.vars.no_color) {
        Ok(s) => s,
        Err(c) => return c,
    };
    println!("{addr}: Importing from ID {:?}...", args.id);
    let result = rt.block_on(gantry_executor::import::import_one(
        &ws.module,
        &mut state,
        &set.providers,
        &addr,
        &args.id,
        None,
    ));
    set.report_calls(args.vars.verbose);
    if let Err(d) = result {
        let mut diags = gantry_diagnostics::Diagnostics::new();
        diags.push(d);
        report(&ws.module.sources, &diags, args.vars.no_color);
        return 1;
    }
    println!(
        "{addr}: Import prepared!\n  Prepared {} for import",
        addr.instance.resource.type_name
    );
    if let Err(e) = store.write(&mut state) {
        return state_error(&e);
    }
    println!("\nImport successful!\n\nThe resources that were imported are shown above. These resources are now in\nyour gantry state and will henceforth be managed by gantry.");
    0
}
