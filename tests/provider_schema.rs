//! gantry's resource tables against the real AWS provider's schema.
//!
//! `testdata/provider-schema/aws-5.100.json` holds what
//! `terraform providers schema -json` says of every AWS type gantry
//! supports (resources and data sources), reduced to what a table states:
//! attribute types, who sets each attribute (required, optional,
//! optional and computed, computed), sensitivity, nested blocks with
//! their nesting and item limits, and the operations of `timeouts`.
//! Every table must say the same, except where a deviation is listed
//! below with its reason. Where Terraform and the provider mirror are
//! installed, a second test checks the extract against the provider
//! itself (`UPDATE_GOLDEN=1` rewrites it).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gantry_config::model::Mode;
use gantry_schema::{AttrType, Attribute, BlockType, Presence, ResourceType};
use serde_json::{json, Value};

mod common;

const PROVIDER: &str = "registry.terraform.io/hashicorp/aws";

fn extract_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/provider-schema/aws-5.100.json")
}

/// The AWS types gantry has a table for, by mode.
fn aws_tables() -> Vec<(Mode, &'static ResourceType)> {
    let managed = gantry_schema::RESOURCE_TYPES
        .iter()
        .map(|t| (Mode::Managed, *t));
    let data = gantry_schema::DATA_SOURCES.iter().map(|t| (Mode::Data, *t));
    managed
        .chain(data)
        .filter(|(_, t)| t.provider == PROVIDER)
        .collect()
}

fn mode_key(mode: Mode) -> &'static str {
    match mode {
        Mode::Managed => "resource",
        Mode::Data => "data",
    }
}

/// Deliberate differences, as "MODE TYPE PATH: what gantry says". Each has
/// its reason; anything else that differs is a bug in a table.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "resource aws_api_gateway_method.attributes.request_parameters_in_json",
        "the seed documents it (deprecated, for request_parameters); provider 5.100 removed it",
    ),
    (
        "resource aws_api_gateway_integration.attributes.request_parameters_in_json",
        "the seed documents it (deprecated, for request_parameters); provider 5.100 removed it",
    ),
    (
        "resource aws_vpc_endpoint.blocks.subnet_configuration.block.attributes.ipv4.presence",
        "the API fills in what a subnet_configuration leaves out; gantry plans it as known after apply",
    ),
    (
        "resource aws_vpc_endpoint.blocks.subnet_configuration.block.attributes.ipv6.presence",
        "the API fills in what a subnet_configuration leaves out; gantry plans it as known after apply",
    ),
    (
        "resource aws_vpc_endpoint.blocks.subnet_configuration.block.attributes.subnet_id.presence",
        "the API fills in what a subnet_configuration leaves out; gantry plans it as known after apply",
    ),
];

// ---------------------------------------------------------------------------
// The provider's side: `providers schema -json`, reduced.

fn reduce_block(block: &Value) -> (Value, Vec<String>) {
    let mut attributes = serde_json::Map::new();
    if let Some(attrs) = block["attributes"].as_object() {
        for (name, a) in attrs {
            let flag = |k: &str| a[k].as_bool().unwrap_or(false);
            let presence = match (flag("required"), flag("optional"), flag("computed")) {
                (true, _, _) => "required",
                (_, true, true) => "optional_computed",
                (_, true, false) => "optional",
                _ => "computed",
            };
            attributes.insert(
                name.clone(),
                json!({"type": a["type"], "presence": presence, "sensitive": flag("sensitive")}),
            );
        }
    }
    let mut blocks = serde_json::Map::new();
    let mut timeouts = Vec::new();
    if let Some(types) = block["block_types"].as_object() {
        for (name, b) in types {
            if name == "timeouts" {
                timeouts = b["block"]["attributes"]
                    .as_object()
                    .map(|a| a.keys().cloned().collect())
                    .unwrap_or_default();
                continue;
            }
            let (inner, _) = reduce_block(&b["block"]);
            blocks.insert(
                name.clone(),
                json!({
                    "nesting": b["nesting_mode"],
                    "min_items": b["min_items"].as_u64().unwrap_or(0),
                    "max_items": b["max_items"].as_u64(),
                    "block": inner,
                }),
            );
        }
    }
    (
        json!({"attributes": attributes, "blocks": blocks}),
        timeouts,
    )
}

/// The extract of the types gantry supports from the provider's schema
/// document.
fn extract(schema: &Value) -> Value {
    let provider = &schema["provider_schemas"][PROVIDER];
    let mut out: BTreeMap<&str, BTreeMap<&str, Value>> = BTreeMap::new();
    for (mode, table) in aws_tables() {
        let section = match mode {
            Mode::Managed => "resource_schemas",
            Mode::Data => "data_source_schemas",
        };
        let Some(found) = provider[section].get(table.name) else {
            continue;
        };
        let (mut block, timeouts) = reduce_block(&found["block"]);
        block["version"] = found["version"].clone();
        block["timeouts"] = json!(timeouts);
        out.entry(mode_key(mode))
            .or_default()
            .insert(table.name, block);
    }
    serde_json::to_value(out).unwrap()
}

// ---------------------------------------------------------------------------
// gantry's side: the same shape from a table.

fn attr_type(ty: AttrType) -> Value {
    match ty {
        AttrType::String => json!("string"),
        AttrType::Number => json!("number"),
        AttrType::Bool => json!("bool"),
        AttrType::ListOfString => json!(["list", "string"]),
        AttrType::SetOfString => json!(["set", "string"]),
        AttrType::MapOfString => json!(["map", "string"]),
        AttrType::MapOfBool => json!(["map", "bool"]),
        AttrType::MapOfNumber => json!(["map", "number"]),
        AttrType::Dynamic => json!("dynamic"),
        AttrType::ListOfStringObjects(fields) => {
            let fields: serde_json::Map<String, Value> = fields
                .iter()
                .map(|f| (f.to_string(), json!("string")))
                .collect();
            json!(["list", ["object", fields]])
        }
    }
}

fn presence(p: Presence) -> &'static str {
    match p {
        Presence::Required => "required",
        Presence::Optional => "optional",
        Presence::OptionalComputed => "optional_computed",
        Presence::Computed => "computed",
    }
}

/// A block whose every attribute only the provider sets: what the
/// provider's schema declares as a computed attribute of a list (or set)
/// of objects. Both are read alike (`x[0].y`) and never written.
fn read_only(b: &BlockType) -> bool {
    b.attributes
        .iter()
        .all(|a| a.presence == Presence::Computed)
        && b.blocks.iter().all(read_only)
}

fn object_type(b: &BlockType) -> Value {
    let mut fields: serde_json::Map<String, Value> = b
        .attributes
        .iter()
        .map(|a| (a.name.to_string(), attr_type(a.ty)))
        .collect();
    for inner in b.blocks {
        fields.insert(inner.name.to_string(), collection_of(inner));
    }
    json!(["object", fields])
}

fn collection_of(b: &BlockType) -> Value {
    json!([if b.set { "set" } else { "list" }, object_type(b)])
}

/// A table's attributes and blocks, reduced as the provider's are.
fn table_block(attrs: &[Attribute], blocks: &[BlockType]) -> Value {
    let mut attributes: serde_json::Map<String, Value> = attrs
        .iter()
        .map(|a| {
            (
                a.name.to_string(),
                json!({"type": attr_type(a.ty), "presence": presence(a.presence), "sensitive": a.sensitive}),
            )
        })
        .collect();
    let mut nested = serde_json::Map::new();
    for b in blocks {
        // The provider declares these as attributes (that also take block
        // syntax), as gantry's tables do with `attribute_syntax`.
        if b.attribute_syntax {
            let presence = if b.computed {
                "optional_computed"
            } else {
                "optional"
            };
            attributes.insert(
                b.name.to_string(),
                json!({"type": collection_of(b), "presence": presence, "sensitive": false}),
            );
            continue;
        }
        if read_only(b) {
            attributes.insert(
                b.name.to_string(),
                json!({"type": collection_of(b), "presence": "computed", "sensitive": false}),
            );
            continue;
        }
        nested.insert(
            b.name.to_string(),
            json!({
                "nesting": if b.set { "set" } else { "list" },
                "min_items": b.min_items,
                "max_items": b.max_items,
                "block": table_block(b.attributes, b.blocks),
            }),
        );
    }
    json!({"attributes": attributes, "blocks": nested})
}

fn table(mode: Mode, t: &ResourceType) -> Value {
    let mut v = table_block(t.attributes, t.blocks);
    v["version"] = json!(t.schema_version);
    v["timeouts"] = json!(gantry_schema::timeouts(mode, t.name));
    v
}

/// What the legacy plugin SDK declares but does not mean: it gives every
/// type an optional and computed `id`, and rejects a configured one
/// ("Invalid or unknown key", Terraform 1.11 + provider 5.100); and
/// `tags_all`, optional and computed, is the provider's union of `tags`
/// and `default_tags`, which gantry refuses in configuration as it
/// refuses other computed attributes (Terraform accepts it and plans it
/// as written, though the provider then computes its own).
fn without_sdk_artifacts(mode_and_type: (Mode, &str), provider: &mut Value) {
    if !gantry_schema::legacy_sdk(mode_and_type.1) {
        return;
    }
    for name in ["id", "tags_all"] {
        if let Some(p) = provider["attributes"]
            .get_mut(name)
            .and_then(|a| a.get_mut("presence"))
        {
            if p == "optional_computed" {
                *p = json!("computed");
            }
        }
    }
}

/// Every difference between two reduced blocks, as "PATH: gantry X,
/// provider Y" lines.
fn differences(path: &str, ours: &Value, theirs: &Value, out: &mut Vec<(String, String)>) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for k in keys {
                let p = format!("{path}.{k}");
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) => differences(&p, x, y, out),
                    (Some(_), None) => out.push((p, "only in gantry".into())),
                    (None, Some(y)) => out.push((p, format!("missing in gantry (provider: {y})"))),
                    (None, None) => unreachable!(),
                }
            }
        }
        (a, b) if a == b => {}
        (a, b) => out.push((path.to_string(), format!("gantry {a}, provider {b}"))),
    }
}

#[test]
fn tables_say_what_the_providers_schema_says() {
    let text = std::fs::read_to_string(extract_path()).expect("the extract is checked in");
    let provider: Value = serde_json::from_str(&text).unwrap();
    let mut found = Vec::new();
    for (mode, t) in aws_tables() {
        let key = mode_key(mode);
        let mut theirs = provider[key][t.name].clone();
        if theirs.is_null() {
            found.push((
                format!("{key} {}", t.name),
                "not in the extract (UPDATE_GOLDEN=1 with Terraform)".to_string(),
            ));
            continue;
        }
        without_sdk_artifacts((mode, t.name), &mut theirs);
        differences(
            &format!("{key} {}", t.name),
            &table(mode, t),
            &theirs,
            &mut found,
        );
    }
    let unexpected: Vec<String> = found
        .iter()
        .filter(|(path, _)| !DEVIATIONS.iter().any(|(p, _)| p == path))
        .map(|(path, what)| format!("{path}: {what}"))
        .collect();
    let stale: Vec<&str> = DEVIATIONS
        .iter()
        .filter(|(p, _)| !found.iter().any(|(path, _)| path == p))
        .map(|(p, _)| *p)
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "{} difference(s) from the provider's schema:\n{}\nlisted deviations that no longer differ: {stale:?}",
        unexpected.len(),
        unexpected.join("\n")
    );
}

#[cfg_attr(
    gantry_no_terraform_aws,
    ignore = "Terraform or the AWS provider mirror (/opt/tf-plugins) is not installed"
)]
#[test]
fn the_extract_is_the_providers_schema() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let cli = dir.join("cli.tfrc");
    common::write_mirror_cli_config(&cli);
    std::fs::write(
        dir.join("main.tf"),
        "terraform {\n  required_providers {\n    aws = { source = \"hashicorp/aws\", version = \"5.100.0\" }\n  }\n}\n",
    )
    .unwrap();
    let init = common::terraform(dir, &cli, &["init", "-input=false", "-no-color"]);
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let out = common::terraform(dir, &cli, &["providers", "schema", "-json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let fresh = serde_json::to_string_pretty(&extract(&schema)).unwrap() + "\n";
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(extract_path().parent().unwrap()).unwrap();
        std::fs::write(extract_path(), &fresh).unwrap();
        return;
    }
    let kept = std::fs::read_to_string(extract_path()).unwrap_or_default();
    assert!(
        kept == fresh,
        "testdata/provider-schema/aws-5.100.json is not what the provider says (UPDATE_GOLDEN=1 rewrites it)"
    );
}
