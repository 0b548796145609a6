//! The human plan, in Terraform's layout.

use std::collections::{BTreeMap, BTreeSet};

use gantry_config::value::Value;
use gantry_schema::ResourceType;
use gantry_state::IndexKey;

use crate::plan::{Action, ActionReason, OutputChange, Plan, ResourceChange};

mod values;

pub use values::{entry, full, quote, Keys, SENSITIVE, UNKNOWN};
use values::{line, object_diff, spaces, whole_object};

/// The whole plan, as Terraform's renderer lays it out: the drift that
/// may have affected it, the legend, one block per changing instance, the
/// summary line and output changes.
pub fn render_plan(plan: &Plan) -> String {
    let drift = crate::relevance::shown_drift(plan);
    let mut out = render_drift_as(&drift, plan.refresh_only);
    let outputs: Vec<&OutputChange> = plan
        .outputs
        .iter()
        .filter(|o| o.action != Action::NoOp && !prints_the_same(o))
        .collect();
    if plan.resource_changes().next().is_none() && outputs.is_empty() {
        if plan.refresh_only {
            // The drift section already said what applying would do.
            if drift.is_empty() {
                out.push_str("\nNo changes. Your infrastructure still matches the configuration.\n\ngantry has checked that the real remote objects still match the result of\nyour most recent changes, and found no differences.\n");
            }
        } else if plan.destroy {
            out.push_str("\nNo changes. No objects need to be destroyed.\n\nEither you have not created any objects yet or the existing objects were\nalready deleted outside of gantry.\n");
        } else {
            out.push_str("\nNo changes. Your infrastructure matches the configuration.\n\ngantry has compared your real infrastructure against your configuration\nand found no differences, so no changes are needed.\n");
        }
        return out;
    }
    if !drift.is_empty() {
        out.push('\n');
        out.push_str(&"─".repeat(77));
        out.push('\n');
    }
    let actions: BTreeSet<u8> = plan
        .resource_changes()
        .filter(|c| !matches!(c.action, Action::NoOp | Action::Forget))
        .map(|c| legend_order(c.action))
        .collect();
    if plan.resource_changes().next().is_some() {
        if !actions.is_empty() {
            out.push_str("\ngantry used the selected providers to generate the following execution\nplan. Resource actions are indicated with the following symbols:\n");
        }
        for a in &actions {
            out.push_str(match a {
                0 => "  + create\n",
                1 => "  ~ update in-place\n",
                2 => "  - destroy\n",
                3 => "-/+ destroy and then create replacement\n",
                4 => "+/- create replacement and then destroy\n",
                _ => " <= read (data resources)\n",
            });
        }
        out.push_str("\ngantry will perform the following actions:\n\n");
        for c in plan.resource_changes() {
            out.push_str(&render_change(c));
            out.push('\n');
        }
        out.push_str(&plan.summary());
        out.push('\n');
    }
    if !outputs.is_empty() {
        out.push_str("\nChanges to Outputs:\n");
        out.push_str(&render_outputs(&outputs));
        if actions.is_empty() {
            out.push_str("\nYou can apply this plan to save these new output values to the state,\nwithout changing any real infrastructure.\n");
        }
    }
    out
}

/// Terraform's "Objects have changed outside of Terraform" section, with
/// the sentence that says what follows from it (no rule after it).
fn render_drift_as(drift: &[crate::refresh::Drift], refresh_only: bool) -> String {
    if drift.is_empty() {
        return String::new();
    }
    // One heading for both kinds of plan, as Terraform's.
    let mut out = String::from(
        "\nNote: Objects have changed outside of gantry\n\ngantry detected the following changes made outside of gantry since the\nlast \"gantry apply\" which may have affected this plan:\n\n",
    );
    for d in drift {
        let c = d.as_change();
        let block = render_block(
            &c,
            &c.key(),
            if d.after.is_some() {
                "has changed"
            } else {
                "has been deleted"
            },
        );
        out.push_str(&block);
        out.push('\n');
    }
    out.push_str(if refresh_only {
        "\nThis is a refresh-only plan, so gantry will not take any actions to undo\nthese. If you were expecting these changes then you can apply this plan to\nrecord the updated values in the gantry state without changing any remote\nobjects.\n"
    } else {
        "\nUnless you have made equivalent changes to your configuration, or ignored the\nrelevant attributes using ignore_changes, the following plan may include\nactions to undo or respond to these changes.\n"
    });
    out
}

fn legend_order(a: Action) -> u8 {
    match a {
        Action::Create => 0,
        Action::Update => 1,
        Action::Delete => 2,
        Action::DeleteThenCreate => 3,
        Action::CreateThenDelete | Action::NoOp | Action::Forget => 4,
        Action::Read => 5,
    }
}

fn symbol(a: Action) -> &'static str {
    match a {
        Action::Create => "  +",
        Action::Update => "  ~",
        Action::Delete => "  -",
        Action::DeleteThenCreate => "-/+",
        Action::CreateThenDelete => "+/-",
        Action::NoOp => "   ",
        Action::Read => " <=",
        Action::Forget => " .",
    }
}

/// One instance's block.
pub fn render_change(c: &ResourceChange) -> String {
    if c.action == Action::Forget {
        // Shown as unchanged (the object stays as it is), in Terraform's
        // own layout for this one: one space less.
        let mut kept = c.clone();
        kept.after = (*c.before).clone();
        kept.reason = None;
        let block = render_block(
            &kept,
            &c.key(),
            "will no longer be managed by gantry, but will not be destroyed",
        );
        let mut lines = block.lines();
        let mut out = String::new();
        if let Some(first) = lines.next() {
            out.push_str(&first[1..]);
            out.push_str("\n # (destroy = false is set in the configuration)\n");
        }
        for l in lines {
            out.push_str(l);
            out.push('\n');
        }
        return out;
    }
    if let (Action::NoOp, None, Some(prev)) = (c.action, &c.importing, &c.previous_address) {
        return render_block(c, &prev.to_string(), &format!("has moved to {}", c.addr));
    }
    let what = match (c.action, c.reason) {
        (Action::NoOp, _) => "will be imported",
        (Action::Create, _) => "will be created",
        (Action::Update, _) => "will be updated in-place",
        (Action::Delete, _) => "will be destroyed",
        (Action::Read, _) => "will be read during apply",
        (_, Some(ActionReason::ReplaceBecauseTainted)) => "is tainted, so must be replaced",
        (_, Some(ActionReason::ReplaceByRequest)) => "will be replaced, as requested",
        _ => "must be replaced",
    };
    render_block(c, &c.key(), what)
}

/// An instance's block under the header `# {subject} {what}`.
fn render_block(c: &ResourceChange, subject: &str, what: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("  # {subject} {what}\n"));
    if let (Some(prev), false) = (&c.previous_address, c.action == Action::NoOp) {
        out.push_str(&format!("  # (moved from {prev})\n"));
    }
    if c.deposed.is_some() {
        out.push_str("  # (left over from a partially-failed replacement of this instance)\n");
    }
    if let (Some(id), false) = (&c.importing, c.action == Action::NoOp) {
        out.push_str(&format!("  # (imported from {})\n", quote(id)));
    }
    match c.reason {
        Some(ActionReason::ReadBecauseConfigUnknown) => {
            out.push_str("  # (config refers to values not yet known)\n")
        }
        Some(ActionReason::ReadBecauseDependencyPending) => {
            out.push_str("  # (depends on a resource or a module with changes pending)\n")
        }
        _ => {}
    }
    if let Some(reason) = delete_reason(c) {
        out.push_str(&format!("  # (because {reason})\n"));
    }
    for why in &c.why {
        out.push_str(&format!("  # (because {why})\n"));
    }
    let kind = if c.action == Action::Read {
        "data"
    } else {
        "resource"
    };
    out.push_str(&format!(
        "{} {kind} \"{}\" \"{}\" {{\n",
        symbol(c.action),
        c.addr.instance.resource.type_name,
        c.addr.instance.resource.name
    ));
    let mut lines = Vec::new();
    body(&mut lines, c);
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out.push_str("    }\n");
    out
}

fn delete_reason(c: &ResourceChange) -> Option<String> {
    let key = c.addr.key().map(IndexKey::to_string).unwrap_or_default();
    Some(match c.reason? {
        ActionReason::DeleteBecauseNoResourceConfig => {
            format!("{} is not in configuration", c.addr.resource())
        }
        ActionReason::DeleteBecauseNoModule => {
            format!("{} is not in configuration", c.addr.module)
        }
        ActionReason::DeleteBecauseCountIndex => format!("index {key} is out of range for count"),
        ActionReason::DeleteBecauseEachKey => format!("key {key} is not in for_each map"),
        ActionReason::DeleteBecauseWrongRepetition => {
            format!("{} is not in configuration", c.addr)
        }
        _ => return None,
    })
}

/// Attributes first (in name order, as Terraform sorts them), then nested
/// blocks.
fn body(out: &mut Vec<String>, c: &ResourceChange) {
    let schema = c.schema;
    let fields = |v: &Value| -> BTreeMap<String, Value> {
        match v.unmark().0 {
            Value::Map(m) => m
                .iter()
                .filter(|(k, _)| schema.block(k).is_none())
                .map(|(k, x)| (k.clone(), x.clone()))
                .collect(),
            _ => BTreeMap::new(),
        }
    };
    let (before, after) = (fields(&c.before), fields(&c.after));
    // Terraform renders a dynamic attribute's known value as JSON, which
    // carries no "forces replacement" (terraform_data's `triggers_replace`
    // "v1" -> "v2"); only an unknown or sensitive one gets it.
    let forces: BTreeSet<String> = c
        .replace_paths
        .iter()
        .filter(|p| {
            let dynamic = schema
                .attribute(p)
                .is_some_and(|a| matches!(a.ty, gantry_schema::AttrType::Dynamic));
            let after = after.get(p.as_str());
            !dynamic || after.is_some_and(|v| v.is_unknown() || v.is_sensitive())
        })
        .cloned()
        .collect();
    let col = 8;
    let legacy = legacy_sdk(schema);
    match c.action {
        Action::Create | Action::Delete | Action::Read => {
            let sym = if c.action == Action::Delete { '-' } else { '+' };
            let src = if c.action != Action::Delete {
                &after
            } else {
                &before
            };
            whole_object(out, col, sym, src, &|k| keys_of(schema, k), legacy);
        }
        _ => object_diff(
            out,
            col,
            &before,
            &after,
            &|k| keys_of(schema, k),
            Keys::Object,
            &forces,
            // Terraform always shows these, changed or not.
            &["id", "name", "tags"],
            true,
            legacy,
        ),
    }
    blocks(out, c, col, &forces);
}

/// Whether Terraform's renderer reads an empty string as null in
/// `schema`'s objects (a legacy-SDK type's).
fn legacy_sdk(schema: &ResourceType) -> bool {
    gantry_schema::legacy_sdk(schema.name)
}

fn keys_of(schema: &ResourceType, attr: &str) -> Keys {
    match schema.attribute(attr).map(|a| a.ty) {
        Some(t) if t.is_map() => Keys::Map,
        _ => Keys::Object,
    }
}

/// Nested blocks, each as `name { ... }`.
fn blocks(out: &mut Vec<String>, c: &ResourceChange, col: usize, forces: &BTreeSet<String>) {
    let legacy = legacy_sdk(c.schema);
    nested(
        out,
        c.schema.blocks,
        &c.before,
        &c.after,
        col,
        forces,
        legacy,
    );
}

/// The items of `types` in `before` and `after` (objects holding them),
/// their own nested blocks inside, at any depth.
fn nested(
    out: &mut Vec<String>,
    types: &[gantry_schema::BlockType],
    before: &Value,
    after: &Value,
    col: usize,
    forces: &BTreeSet<String>,
    legacy: bool,
) {
    let items = |v: &Value, name: &str| -> Vec<Value> {
        match crate::convert::attr(v, name).unmark().0 {
            Value::List(items) => items
                .iter()
                .filter(|i| matches!(i.unmark().0, Value::Map(_)))
                .cloned()
                .collect(),
            _ => Vec::new(),
        }
    };
    // An item's arguments, without its nested blocks (shown as blocks).
    let arguments = |b: &gantry_schema::BlockType, v: Option<&Value>| -> BTreeMap<String, Value> {
        match v.map(|v| v.unmark().0) {
            Some(Value::Map(m)) => m
                .iter()
                .filter(|(k, _)| !b.blocks.iter().any(|nb| nb.name == k.as_str()))
                .map(|(k, x)| (k.clone(), x.clone()))
                .collect(),
            _ => BTreeMap::new(),
        }
    };
    let mut hidden = 0;
    for b in types {
        // Blocks a dynamic block will generate from a collection known
        // only after apply.
        if crate::convert::attr(after, b.name).is_unknown() {
            let sym = if items(before, b.name).is_empty() {
                '+'
            } else {
                '~'
            };
            out.push(String::new());
            out.push(line(col, sym, &format!("{} (known after apply)", b.name)));
            continue;
        }
        let (before, after) = (items(before, b.name), items(after, b.name));
        let n = before.len().max(after.len());
        for i in 0..n {
            let (x, y) = (before.get(i), after.get(i));
            let sym = match (x, y) {
                (None, Some(_)) => '+',
                (Some(_), None) => '-',
                (Some(p), Some(q)) if p == q => {
                    hidden += 1;
                    continue;
                }
                _ => '~',
            };
            let force = if forces.contains(b.name) {
                " # forces replacement"
            } else {
                ""
            };
            out.push(String::new());
            out.push(line(col, sym, &format!("{} {{{force}", b.name)));
            let (xa, ya) = (arguments(b, x), arguments(b, y));
            match sym {
                '+' | '-' => {
                    let m = if sym == '+' { ya } else { xa };
                    whole_object(out, col + 4, sym, &m, &|_| Keys::Object, legacy);
                }
                _ => object_diff(
                    out,
                    col + 4,
                    &xa,
                    &ya,
                    &|_| Keys::Object,
                    Keys::Object,
                    &BTreeSet::new(),
                    &[],
                    true,
                    legacy,
                ),
            }
            let none = Value::Null;
            nested(
                out,
                b.blocks,
                x.unwrap_or(&none),
                y.unwrap_or(&none),
                col + 4,
                &BTreeSet::new(),
                legacy,
            );
            out.push(format!("{}}}", spaces(col)));
        }
    }
    if hidden > 0 {
        out.push(String::new());
        let what = if hidden == 1 { "block" } else { "blocks" };
        out.push(format!(
            "{}# ({hidden} unchanged {what} hidden)",
            spaces(col)
        ));
    }
}

/// An update whose old and new values have the same JSON: Terraform
/// renders plans from their JSON and leaves it out (a 53-bit `pow(2, 100)`
/// against the 512-bit number state holds for it is such an update).
fn prints_the_same(o: &OutputChange) -> bool {
    o.action == Action::Update
        && o.before.is_wholly_known()
        && o.after.is_wholly_known()
        && !o.before.has_marks()
        && !o.after.has_marks()
        && o.before.to_json() == o.after.to_json()
}

/// `Changes to Outputs:` lines.
pub fn render_outputs(outputs: &[&OutputChange]) -> String {
    let pad = outputs
        .iter()
        .map(|o| o.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for o in outputs {
        let name = format!("{:pad$}", o.name);
        let hide = |v: &Value| {
            if o.sensitive && !v.is_null() {
                Value::Sensitive(Box::new(v.clone()))
            } else {
                v.clone()
            }
        };
        let (b, a) = (hide(&o.before), hide(&o.after));
        let b = (!b.is_null()).then_some(&b);
        let a = (o.action != Action::Delete).then_some(&a);
        entry(&mut lines, 4, &name, b, a, false, Keys::Object, true, true);
    }
    let mut out = String::new();
    for l in lines {
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_with_only_nested_blocks_renders_as_its_blocks() {
        // aws_lb_target_group's `target_group_health` holds two blocks and
        // no argument of its own; destroying one rendered by slicing an
        // empty object's lines.
        let schema = gantry_schema::resource_type("aws_lb_target_group").unwrap();
        let item = |count: Value| {
            Value::Map(
                [("minimum_healthy_targets_count".to_string(), count)]
                    .into_iter()
                    .collect(),
            )
        };
        let health = Value::List(
            vec![Value::Map(
                [
                    (
                        "dns_failover".to_string(),
                        Value::List(vec![item(Value::string("off"))].into()),
                    ),
                    (
                        "unhealthy_state_routing".to_string(),
                        Value::List(vec![item(Value::int(1))].into()),
                    ),
                ]
                .into_iter()
                .collect(),
            )]
            .into(),
        );
        let before = Value::Map(
            [("target_group_health".to_string(), health)]
                .into_iter()
                .collect(),
        );
        let mut out = Vec::new();
        nested(
            &mut out,
            schema.blocks,
            &before,
            &Value::Null,
            4,
            &BTreeSet::new(),
            true,
        );
        let text = out.join("\n");
        assert!(text.contains("- target_group_health {"), "{text}");
        assert!(text.contains("- dns_failover {"), "{text}");
        assert!(
            text.contains("- minimum_healthy_targets_count = \"off\" -> null"),
            "{text}"
        );
    }

    fn object(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn change(type_name: &str, action: Action, before: Value, after: Value) -> ResourceChange {
        let schema = gantry_schema::resource_type(type_name).unwrap();
        let mut c = crate::refresh::Drift {
            addr: crate::parse_instance(&format!("{type_name}.x")).unwrap(),
            schema,
            provider: gantry_addrs::AbsProviderConfig::root(schema.provider),
            before,
            after: Some(after),
        }
        .as_change();
        c.action = action;
        c
    }

    /// As Terraform 1.11 renders the AWS provider's (legacy SDK) objects,
    /// checked against it on the emulator: an empty string reads as null
    /// (a destroyed object's `""` attributes are unchanged and hidden, one
    /// set to a value is added, one emptied is removed), and a destroyed
    /// object's nested blocks end each attribute in `-> null`.
    #[test]
    fn legacy_sdk_objects_read_empty_strings_as_null() {
        let api = object(&[
            ("id", Value::string("a1")),
            ("name", Value::string("api")),
            ("policy", Value::string("")),
            ("minimum_compression_size", Value::string("")),
            ("description", Value::string("")),
            (
                "endpoint_configuration",
                Value::List(
                    vec![object(&[
                        ("ip_address_type", Value::string("ipv4")),
                        ("types", Value::List(vec![Value::string("EDGE")].into())),
                    ])]
                    .into(),
                ),
            ),
        ]);
        let c = change(
            "aws_api_gateway_rest_api",
            Action::Delete,
            api.clone(),
            Value::Null,
        );
        let text = render_change(&c);
        assert!(!text.contains("policy"), "{text}");
        assert!(!text.contains("\"\" -> null"), "{text}");
        assert!(
            text.contains(
                "        # (3 unchanged attributes hidden)\n\n      - endpoint_configuration {"
            ),
            "{text}"
        );
        // The padding counts the hidden names too, as Terraform's.
        assert!(
            text.contains("      - id                       = \"a1\" -> null"),
            "{text}"
        );
        assert!(
            text.contains("          - ip_address_type = \"ipv4\" -> null"),
            "{text}"
        );
        assert!(text.contains("            ] -> null"), "{text}");

        let mut updated = api.clone();
        if let Value::Map(m) = &mut updated {
            m.entries.insert("description".into(), Value::string("now"));
            m.entries.insert("policy".into(), Value::Null);
        }
        let mut emptied = api.clone();
        if let Value::Map(m) = &mut emptied {
            m.entries.insert("name".into(), Value::string(""));
        }
        let text = render_change(&change(
            "aws_api_gateway_rest_api",
            Action::Update,
            api.clone(),
            updated,
        ));
        assert!(text.contains("      + description"), "{text}");
        assert!(!text.contains("policy"), "{text}");
        let text = render_change(&change(
            "aws_api_gateway_rest_api",
            Action::Update,
            api,
            emptied,
        ));
        assert!(text.contains("      - name"), "{text}");
        assert!(text.contains("\"api\" -> null"), "{text}");

        // terraform_data is no legacy SDK object: its "" stays.
        let data = object(&[("id", Value::string("d")), ("input", Value::string(""))]);
        let c = change("terraform_data", Action::Delete, data, Value::Null);
        assert!(
            render_change(&c).contains("- input = \"\" -> null"),
            "{}",
            render_change(&c)
        );
    }
}
