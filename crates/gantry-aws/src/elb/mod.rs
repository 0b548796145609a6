//! Elastic Load Balancing v2: `aws_lb` (what a VPC link targets), its
//! target groups and listeners. All three keep part of their settings as
//! "attributes" (key/value pairs read and written apart from the object);
//! [`AttrInfo`] tables say which argument each key holds, for which kinds
//! of object, as the provider's tables do.

use std::collections::HashMap;

use aws_sdk_elasticloadbalancingv2::types::Tag;
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;

use crate::ctx::{call, Ctx};
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

pub mod listener;
pub mod load_balancer;
pub mod target_group;

fn elb_tags(t: &HashMap<String, String>) -> Vec<Tag> {
    let mut v: Vec<Tag> = t
        .iter()
        .map(|(k, v)| Tag::builder().key(k).value(v).build())
        .collect();
    v.sort_by(|a, b| a.key().cmp(&b.key()));
    v
}

/// The tags an ELBv2 object holds.
async fn held_tags(
    ctx: &Ctx<'_>,
    arn: &str,
    what: &str,
) -> Result<HashMap<String, String>, ProviderError> {
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DescribeTags",
        ctx.c.elbv2.describe_tags().resource_arns(arn)
    )
    .map_err(|e| e.during(&format!("reading {what} tags")))?;
    Ok(out
        .tag_descriptions()
        .iter()
        .flat_map(|d| d.tags())
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect())
}

/// Tags changed in place: RemoveTags, then AddTags.
async fn update_tags(
    ctx: &Ctx<'_>,
    arn: &str,
    prior: &Value,
    planned: &Value,
) -> Result<(), ProviderError> {
    tags::apply_changes(
        ctx.settings,
        prior,
        planned,
        |remove| async move {
            call!(
                ctx,
                Repeat::Harmless,
                "RemoveTags",
                ctx.c
                    .elbv2
                    .remove_tags()
                    .resource_arns(arn)
                    .set_tag_keys(Some(remove.clone()))
            )
            .map(|_| ())
        },
        |add| async move {
            let tags = elb_tags(&add);
            call!(
                ctx,
                Repeat::Harmless,
                "AddTags",
                ctx.c
                    .elbv2
                    .add_tags()
                    .resource_arns(arn)
                    .set_tags(Some(tags.clone()))
            )
            .map(|_| ())
        },
    )
    .await
}

/// How an attribute's value is written in the API and in state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttrKind {
    Bool,
    Int,
    Str,
    /// A bool the schema holds as a string, `""` meaning unset
    /// (`nullable.TypeNullableBool`).
    NullableBool,
    /// An integer the schema holds as a string (`nullable.TypeNullableInt`).
    NullableInt,
}

/// One argument kept as an attribute: its name, the API's key, and the
/// kinds of object (load balancer types, target types, listener
/// protocols) that have it.
#[derive(Debug, Clone, Copy)]
struct AttrInfo {
    name: &'static str,
    key: &'static str,
    kind: AttrKind,
    kinds: &'static [&'static str],
}

const fn attr(
    name: &'static str,
    key: &'static str,
    kind: AttrKind,
    kinds: &'static [&'static str],
) -> AttrInfo {
    AttrInfo {
        name,
        key,
        kind,
        kinds,
    }
}

/// When an attribute is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Send {
    /// Every supported attribute, its zero value included (load balancers).
    Always,
    /// On create, only values other than zero; on update, what changed
    /// (target groups and listeners).
    Set,
}

/// The attributes of `planned` for an object of kind `kind`; on an update
/// (`prior` given) only the changed ones.
fn expand_attributes(
    table: &[AttrInfo],
    kind: &str,
    planned: &Value,
    prior: Option<&Value>,
    send: Send,
) -> Vec<(String, String)> {
    let a = Args(planned);
    let mut out = Vec::new();
    for info in table.iter().filter(|i| i.kinds.contains(&kind)) {
        let v = a.get(info.name);
        if v.is_unknown() {
            continue;
        }
        if let Some(p) = prior {
            if unchanged(Args(p).get(info.name), v) {
                continue;
            }
        }
        let update = prior.is_some();
        let value = match info.kind {
            AttrKind::Bool => {
                let b = matches!(v, Value::Bool(true));
                (b || update || send == Send::Always).then(|| b.to_string())
            }
            AttrKind::Int => {
                let n = Args(planned).int(info.name).unwrap_or(0);
                (n > 0 || update || send == Send::Always).then(|| n.to_string())
            }
            AttrKind::Str => {
                let s = v.as_str().unwrap_or_default();
                (!s.is_empty() || (update && send == Send::Set)).then(|| s.to_string())
            }
            AttrKind::NullableBool | AttrKind::NullableInt => {
                Some(v.to_string_primitive().unwrap_or_default()).filter(|s| !s.is_empty())
            }
        };
        if let Some(value) = value {
            out.push((info.key.to_string(), value));
        }
    }
    out
}

/// An attribute's reported text as the value state holds: `true`/`false`
/// for a bool, a number (0 when unreadable) for an int, the text itself
/// otherwise (nullable kinds keep their string form).
fn reported_value(kind: AttrKind, v: &str) -> Value {
    match kind {
        AttrKind::Bool => Value::Bool(v == "true"),
        AttrKind::Int => Value::int(v.parse::<i64>().unwrap_or(0)),
        AttrKind::Str | AttrKind::NullableBool | AttrKind::NullableInt => Value::string(v),
    }
}

/// The fields of a block item filled from reported attributes: each
/// `(key, field, kind)` that was reported.
fn reported_fields(
    reported: &[(String, String)],
    fields: &[(&str, &str, AttrKind)],
) -> std::collections::BTreeMap<String, Value> {
    fields
        .iter()
        .filter_map(|(key, field, kind)| {
            let (_, v) = reported.iter().find(|(k, _)| k == key)?;
            Some((field.to_string(), reported_value(*kind, v)))
        })
        .collect()
}

/// Sets on `o` every attribute of `table` the API reported (for kind
/// `kind`, when given); the others keep their value.
fn flatten_attributes(
    table: &[AttrInfo],
    kind: Option<&str>,
    o: &mut Object,
    reported: &[(String, String)],
) {
    for info in table {
        if kind.is_some_and(|k| !info.kinds.contains(&k)) {
            continue;
        }
        if let Some((_, v)) = reported.iter().find(|(k, _)| k == info.key) {
            o.set(info.name, reported_value(info.kind, v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[AttrInfo] = &[
        attr("flag", "x.flag", AttrKind::Bool, &["network"]),
        attr("secs", "x.secs", AttrKind::Int, &["application"]),
        attr("mode", "x.mode", AttrKind::Str, &["network"]),
        attr("delay", "x.delay", AttrKind::NullableInt, &["network"]),
    ];

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    #[test]
    fn attributes_are_sent_for_their_kind_of_object_only() {
        let planned = obj(&[
            ("flag", Value::Bool(false)),
            ("secs", Value::int(60)),
            ("mode", Value::string("")),
            ("delay", Value::string("300")),
        ]);
        let pairs = |v: Vec<(String, String)>| {
            v.into_iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            pairs(expand_attributes(
                TABLE,
                "network",
                &planned,
                None,
                Send::Always
            )),
            ["x.flag=false", "x.delay=300"]
        );
        assert_eq!(
            pairs(expand_attributes(
                TABLE,
                "network",
                &planned,
                None,
                Send::Set
            )),
            ["x.delay=300"]
        );
        let prior = obj(&[("flag", Value::Bool(true)), ("delay", Value::string("300"))]);
        assert_eq!(
            pairs(expand_attributes(
                TABLE,
                "network",
                &planned,
                Some(&prior),
                Send::Set
            )),
            ["x.flag=false", "x.mode="]
        );
    }
}
