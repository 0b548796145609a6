//! The AWS provider's resources are built on terraform-plugin-sdk v2,
//! whose "legacy type system" does not tell an unset optional argument
//! from its zero value: a read stores `""`, `false` or `0` where the API
//! has nothing, and an argument the configuration leaves unset plans no
//! change against that zero value. (Terraform 1.11 with provider 5.100 on
//! the emulator: a stage read as `description = ""` and
//! `xray_tracing_enabled = false`, not configured, plans "No changes".)
//! SDKv2 also cannot hold a map with some values unknown: such a map is
//! unknown as a whole (`triggers = (known after apply)`).

use std::collections::BTreeMap;

use gantry_config::value::Value;
use gantry_executor::convert::attr;
use gantry_schema::{Attribute, BlockType, Presence, ResourceType};

/// Is `v` what SDKv2 reads for "nothing"?
fn is_zero(v: &Value) -> bool {
    match v.unmark().0 {
        Value::String(s) => s.is_empty(),
        Value::Bool(b) => !b,
        Value::Number(n) => n.is_zero(),
        Value::List(items) | Value::Set(items) => items.is_empty(),
        Value::Map(m) => m.is_empty(),
        _ => false,
    }
}

/// Is a block's value what SDKv2 reads for "nothing": no items, or items
/// holding only zero values? (Terraform 1.11 + provider 5.100: an
/// `aws_lb` read as `access_logs = [{bucket = "", enabled = false,
/// prefix = ""}]`, not configured, plans no change.)
fn block_is_zero(v: &Value) -> bool {
    match v.unmark().0 {
        Value::List(items) => items.iter().all(|item| match item.unmark().0 {
            Value::Map(fields) => fields.values().all(|f| is_zero(f) || block_is_zero(f)),
            _ => false,
        }),
        _ => is_zero(v),
    }
}

/// In `planned`: a map with unknown values becomes unknown, and every
/// optional argument the configuration leaves unset (and that has no
/// default) keeps a zero value `prior` holds, instead of planning it away.
/// The new object of a `replacement` keeps only scalar zero values: empty
/// collections plan to null there (Terraform 1.11 + provider 5.100 show
/// `- cache_key_parameters = [] -> null` when an integration is replaced,
/// and no change to its `""` strings).
pub fn adjust(
    schema: &ResourceType,
    prior: Option<&Value>,
    config: &Value,
    planned: &mut Value,
    replacement: bool,
) {
    let Value::Map(out) = planned else { return };
    for a in schema.attributes.iter().filter(|a| a.ty.is_map()) {
        if let Some(v) = out.get_mut(a.name) {
            let partly_unknown =
                matches!(v.unmark().0, Value::Map(m) if m.values().any(|x| !x.is_wholly_known()));
            if partly_unknown {
                *v = Value::Unknown;
            }
        }
    }
    let Some(prior) = prior else { return };
    keep_zeros(schema.attributes, config, prior, out, !replacement);
    for b in schema.blocks {
        let p = attr(prior, b.name);
        if attr(config, b.name).is_null() && block_is_zero(p) && !replacement {
            out.insert(b.name.to_string(), p.clone());
            continue;
        }
        // Inside each item, the same rule as at the top level.
        let (Some(Value::List(items)), Value::List(prior_items), Value::List(config_items)) = (
            out.get_mut(b.name),
            p.unmark().0,
            attr(config, b.name).unmark().0,
        ) else {
            continue;
        };
        for ((item, pi), ci) in items.iter_mut().zip(prior_items).zip(config_items) {
            item_zeros(b, ci, pi, item);
        }
    }
}

/// The provider's DiffSuppressFuncs that decide what state stores: a
/// suppressed diff leaves the prior value (nothing, on a create) in place
/// of the configured one.
/// - `aws_api_gateway_rest_api.put_rest_api_mode`: `overwrite` over
///   nothing is suppressed, so Terraform stores null for it.
/// - Policy documents (`policy`, `assume_role_policy`): an equivalent
///   document plans no change (`verify.SuppressEquivalentPolicyDiffs`;
///   here, equal as JSON values), so a policy stored normalized does not
///   differ from its configured text.
pub fn suppress_diffs(schema: &ResourceType, prior: Option<&Value>, planned: &mut Value) {
    let Value::Map(out) = planned else { return };
    if let Some(prior) = prior {
        for a in schema.attributes.iter().filter(|a| {
            matches!(a.name, "policy" | "assume_role_policy")
                && a.rules.contains(&gantry_schema::Rule::Json)
        }) {
            let (Some(old), Some(new)) = (attr(prior, a.name).as_str(), out.get(a.name)) else {
                continue;
            };
            let parse = |t: &str| serde_json::from_str::<serde_json::Value>(t).ok();
            if let (Some(x), Some(y)) = (parse(old), new.as_str().and_then(parse)) {
                if x == y && old != new.as_str().unwrap_or_default() {
                    out.insert(a.name.to_string(), Value::string(old));
                }
            }
        }
    }
    if schema.name == "aws_api_gateway_rest_api" {
        let old = prior.map(|p| attr(p, "put_rest_api_mode").clone());
        let old_empty = old
            .as_ref()
            .is_none_or(|v| v.is_null() || v.as_str() == Some(""));
        if old_empty && out.get("put_rest_api_mode").and_then(Value::as_str) == Some("overwrite") {
            out.insert("put_rest_api_mode".into(), old.unwrap_or(Value::Null));
        }
    }
}

/// The provider's StateFuncs and CustomizeDiffs: what the plan (and so
/// state) holds in place of the configured value.
/// - `aws_security_group` rules' `protocol`: by name (`6` is `tcp`, `all`
///   is `-1`). Set items are reordered after.
/// - `aws_lb`: the defaults of its load balancer type
///   ([`crate::elb::load_balancer::plan_defaults`]).
pub fn customize(schema: &ResourceType, config: &Value, planned: &mut Value) {
    if schema.name == "aws_lb" {
        crate::elb::load_balancer::plan_defaults(config, planned);
    }
    let Value::Map(out) = planned else { return };
    if schema.name == "aws_security_group" {
        for name in ["ingress", "egress"] {
            let Some(Value::List(items)) = out.get_mut(name) else {
                continue;
            };
            for item in items {
                if let Value::Map(fields) = item {
                    if let Some(Value::String(p)) = fields.get_mut("protocol") {
                        *p = crate::ec2::protocol_name(p);
                    }
                }
            }
        }
        gantry_executor::convert::order_sets(schema.blocks, planned);
    }
}

/// Inside one block item, the same rule as at the top level, at any depth.
fn item_zeros(b: &BlockType, config: &Value, prior: &Value, item: &mut Value) {
    let Value::Map(fields) = item else { return };
    keep_zeros(b.attributes, config, prior, fields, false);
    for nb in b.blocks {
        let (Some(Value::List(items)), Value::List(prior_items), Value::List(config_items)) = (
            fields.get_mut(nb.name),
            attr(prior, nb.name).unmark().0,
            attr(config, nb.name).unmark().0,
        ) else {
            continue;
        };
        for ((item, pi), ci) in items.iter_mut().zip(prior_items).zip(config_items) {
            item_zeros(nb, ci, pi, item);
        }
    }
}

/// Every optional argument of `attrs` that `config` leaves unset (and
/// that has no default) takes the zero value `prior` holds: a scalar
/// always, an empty collection only when `collections`.
fn keep_zeros(
    attrs: &[Attribute],
    config: &Value,
    prior: &Value,
    out: &mut BTreeMap<String, Value>,
    collections: bool,
) {
    for a in attrs {
        let p = attr(prior, a.name);
        let collection = matches!(p.unmark().0, Value::List(_) | Value::Set(_) | Value::Map(_));
        if a.presence == Presence::Optional
            && a.default.is_none()
            && attr(config, a.name).is_null()
            && is_zero(p)
            && (collections || !collection)
        {
            out.insert(a.name.to_string(), p.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect::<BTreeMap<_, _>>()
                .into(),
        )
    }

    #[test]
    fn unset_arguments_keep_the_zero_values_a_read_stored() {
        let schema = gantry_schema::resource_type("aws_api_gateway_stage").unwrap();
        let prior = obj(&[
            ("description", Value::string("")),
            ("xray_tracing_enabled", Value::Bool(false)),
            ("client_certificate_id", Value::string("cert")),
            ("access_log_settings", Value::List(vec![].into())),
        ]);
        let config = obj(&[("stage_name", Value::string("test"))]);
        let mut planned =
            gantry_executor::provider::schema_plan(schema, Some(&prior), &config).value;
        adjust(schema, Some(&prior), &config, &mut planned, false);
        assert_eq!(attr(&planned, "description"), &Value::string(""));
        assert_eq!(attr(&planned, "xray_tracing_enabled"), &Value::Bool(false));
        assert_eq!(
            attr(&planned, "access_log_settings"),
            &Value::List(vec![].into())
        );
        // A real value unset in configuration is still planned away.
        assert_eq!(attr(&planned, "client_certificate_id"), &Value::Null);
    }

    #[test]
    fn a_map_with_an_unknown_value_is_unknown() {
        let schema = gantry_schema::resource_type("aws_api_gateway_deployment").unwrap();
        let config = obj(&[(
            "triggers",
            obj(&[("a", Value::string("x")), ("b", Value::Unknown)]),
        )]);
        let mut planned = gantry_executor::provider::schema_plan(schema, None, &config).value;
        adjust(schema, None, &config, &mut planned, false);
        assert_eq!(attr(&planned, "triggers"), &Value::Unknown);
    }

    #[test]
    fn an_equivalent_policy_document_plans_no_change() {
        let schema = gantry_schema::resource_type("aws_iam_role_policy").unwrap();
        let policy = |p: &str| obj(&[("policy", Value::string(p))]);
        let stored = r#"{"Version":"2012-10-17","Statement":[]}"#;
        let mut planned = policy("{\"Statement\": [], \"Version\": \"2012-10-17\"}");
        suppress_diffs(schema, Some(&policy(stored)), &mut planned);
        assert_eq!(attr(&planned, "policy"), &Value::string(stored));
        // A different document is a change.
        let changed = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny"}]}"#;
        let mut planned = policy(changed);
        suppress_diffs(schema, Some(&policy(stored)), &mut planned);
        assert_eq!(attr(&planned, "policy"), &Value::string(changed));
    }

    #[test]
    fn overwrite_put_mode_over_nothing_is_stored_as_null() {
        let schema = gantry_schema::resource_type("aws_api_gateway_rest_api").unwrap();
        let mode = |m: &str| obj(&[("put_rest_api_mode", Value::string(m))]);
        let mut planned = mode("overwrite");
        suppress_diffs(schema, None, &mut planned);
        assert_eq!(attr(&planned, "put_rest_api_mode"), &Value::Null);
        // A change from merge back to overwrite is a change.
        let mut planned = mode("overwrite");
        suppress_diffs(schema, Some(&mode("merge")), &mut planned);
        assert_eq!(
            attr(&planned, "put_rest_api_mode"),
            &Value::string("overwrite")
        );
        let mut planned = mode("merge");
        suppress_diffs(schema, None, &mut planned);
        assert_eq!(attr(&planned, "put_rest_api_mode"), &Value::string("merge"));
    }
}
