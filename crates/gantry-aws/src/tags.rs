//! `tags` and `tags_all`: what the configuration sets, and that merged
//! over the provider's `default_tags` (what the API actually holds).

use std::collections::{BTreeMap, HashMap};

use gantry_config::value::Value;

use crate::settings::AwsSettings;
use crate::values::{Args, Object};

/// The tags to send: default tags, overridden by the resource's own.
pub fn wanted(settings: &AwsSettings, planned: &Value) -> HashMap<String, String> {
    let mut all: HashMap<String, String> = settings.default_tags.clone().into_iter().collect();
    all.extend(Args(planned).map("tags"));
    all
}

/// The tags an object holds, without gantry's intent label: that is
/// gantry's bookkeeping, never the user's, and an emulator that cannot
/// remove it (LocalStack keeps create-time tags apart from
/// UntagResource's) must not make every plan remove it.
pub fn held_tags(held: Option<&HashMap<String, String>>) -> BTreeMap<String, String> {
    held.map(|h| {
        h.iter()
            .filter(|(k, _)| k.as_str() != crate::intent::TAG)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    })
    .unwrap_or_default()
}

/// [`held_tags`] as a map value (what data sources store).
pub fn held_value(held: Option<&HashMap<String, String>>) -> Value {
    Value::Map(
        held_tags(held)
            .into_iter()
            .map(|(k, v)| (k, Value::string(v)))
            .collect(),
    )
}

/// Records the tags the API holds: all of them in `tags_all`; in `tags`,
/// those that are not default tags (or that the configuration sets).
pub fn record(
    obj: &mut Object,
    settings: &AwsSettings,
    base: &Value,
    held: Option<&HashMap<String, String>>,
) {
    let configured = Args(base).map("tags");
    let held = held_tags(held);
    let own: BTreeMap<String, Value> = held
        .iter()
        .filter(|(k, v)| configured.contains_key(*k) || settings.default_tags.get(*k) != Some(v))
        .map(|(k, v)| (k.clone(), Value::string(v)))
        .collect();
    obj.map("tags", Some(own));
    obj.set(
        "tags_all",
        Value::Map(
            held.into_iter()
                .map(|(k, v)| (k, Value::string(v)))
                .collect(),
        ),
    );
}

/// What to add and remove to go from the tags `prior` holds (its
/// `tags_all`) to the tags `planned` wants.
pub fn changes(
    settings: &AwsSettings,
    prior: &Value,
    planned: &Value,
) -> (HashMap<String, String>, Vec<String>) {
    let held = Args(prior).map("tags_all");
    let wanted = wanted(settings, planned);
    let add = wanted
        .iter()
        .filter(|(k, v)| held.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut remove: Vec<String> = held
        .keys()
        .filter(|k| !wanted.contains_key(*k))
        .cloned()
        .collect();
    remove.sort();
    (add, remove)
}

/// Brings an object's tags from `prior`'s to `planned`'s: `untag` with the
/// keys to remove, then `tag` with the tags to add or change, each called
/// only when there is something to send.
pub async fn apply_changes<U, UF, T, TF>(
    settings: &AwsSettings,
    prior: &Value,
    planned: &Value,
    untag: U,
    tag: T,
) -> Result<(), gantry_executor::ProviderError>
where
    U: FnOnce(Vec<String>) -> UF,
    UF: std::future::Future<Output = Result<(), crate::error::ApiError>>,
    T: FnOnce(HashMap<String, String>) -> TF,
    TF: std::future::Future<Output = Result<(), crate::error::ApiError>>,
{
    let (add, remove) = changes(settings, prior, planned);
    if !remove.is_empty() {
        untag(remove).await.map_err(|e| e.during("untagging"))?;
    }
    if !add.is_empty() {
        tag(add).await.map_err(|e| e.during("tagging"))?;
    }
    Ok(())
}
