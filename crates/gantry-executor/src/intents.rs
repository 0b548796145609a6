//! Resolving the creates an interrupted run left open (see
//! `gantry_state::Intent`): before anything is planned, each is looked up
//! with its provider. What a create made is adopted into state, so the plan
//! sees it instead of planning a second one; a create that made nothing is
//! forgotten. A lookup that fails stops the run: planning a create again
//! without knowing could leave an orphan or a duplicate.

use std::time::{Duration, SystemTime};

use gantry_diagnostics::{Diagnostic, Diagnostics};
use gantry_state::{Intent, State, StateError, Store};

use crate::convert::{copy_marks, instance_value};
use crate::provider::Providers;

/// A create sent shortly before the process died may still be on its way
/// through the service: a lookup that finds nothing is conclusive only
/// once the create is this old. (The SDK's connect timeout is 10 s; a
/// request the service had not taken by then is not taken.)
pub const SETTLE: Duration = Duration::from_secs(10);

/// An object an interrupted create made, now in state.
#[derive(Debug, Clone, PartialEq)]
pub struct Adopted {
    pub address: String,
    pub id: Option<String>,
}

/// What resolving found.
#[derive(Debug, Default)]
pub struct Resolved {
    pub adopted: Vec<Adopted>,
    /// Creates that made nothing.
    pub forgotten: usize,
    /// Errors for intents that stay open.
    pub diags: Diagnostics,
}

/// Resolves every open intent of `store` (which must hold the lock) into
/// `state`, writing the state when anything was adopted.
pub async fn resolve(
    store: &mut Store,
    state: &mut State,
    providers: &Providers,
) -> Result<Resolved, StateError> {
    let open = store.open_intents()?;
    let mut out = Resolved::default();
    if open.is_empty() {
        return Ok(out);
    }
    let mut settled = Vec::new();
    for intent in &open {
        match resolve_one(intent, state, providers).await {
            Ok(Some(adopted)) => {
                out.adopted.push(adopted);
                settled.push(intent.token.clone());
            }
            Ok(None) => {
                out.forgotten += 1;
                settled.push(intent.token.clone());
            }
            Err(d) => out.diags.push(*d),
        }
    }
    if !out.adopted.is_empty() {
        store.write(state)?;
    }
    // After the state: a crash in between finds the adopted object in
    // state next time and settles its intent then.
    store.settle(state, &settled)?;
    Ok(out)
}

async fn resolve_one(
    intent: &Intent,
    state: &mut State,
    providers: &Providers,
) -> Result<Option<Adopted>, Box<Diagnostic>> {
    let address = intent.address();
    let r = &intent.resource;
    let key = &intent.instance.index_key;
    if state
        .current_instance(&r.resource_addr().instance(key.clone()))
        .is_some()
    {
        // Settled already: the object is in state.
        return Ok(None);
    }
    let failed = |detail: String| {
        Box::new(
            Diagnostic::error(
                "gantry::intent::unresolved",
                format!("Cannot tell whether an interrupted create of {address} made an object"),
            )
            .with_detail(format!("{detail}\n\ngantry will not plan this create again until it knows, because a second create could leave an orphan or a duplicate. Run the command again when the lookup can succeed."))
            .with_address(address.clone()),
        )
    };
    let (Some(provider), Some(schema)) = (
        providers.for_config(&r.type_name, &r.provider),
        gantry_schema::resource_type(&r.type_name),
    ) else {
        return Err(failed(format!("No provider manages {}.", r.type_name)));
    };
    let since = humantime::parse_rfc3339_weak(&intent.since).map_err(|e| {
        failed(format!(
            "The intent's time {:?} is invalid: {e}",
            intent.since
        ))
    })?;
    let recorded = instance_value(&intent.instance);
    let planned = crate::convert::unmark_deep(&recorded);
    let look = || async {
        provider
            .find_created(&r.type_name, planned.clone(), since, &intent.token)
            .await
            .map_err(|e| failed(format!("{}: {}", e.summary, e.detail)))
    };
    let mut found = look().await?;
    if found.is_none() {
        // Too recent to tell "never made" from "not made yet": wait until
        // it is not, and look again.
        let settled_at = since + SETTLE;
        if let Ok(wait) = settled_at.duration_since(SystemTime::now()) {
            tokio::time::sleep(wait).await;
            found = look().await?;
        }
    }
    let Some(value) = found else {
        return Ok(None);
    };
    let marked = copy_marks(&recorded, value);
    let mut instance = intent.instance.clone();
    instance.object = gantry_state::Object::new(schema, &marked);
    let id = instance.id().map(str::to_string);
    state.put_instance(r, instance);
    Ok(Some(Adopted { address, id }))
}
