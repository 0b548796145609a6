//! A resource block's configuration as one object, shaped by its table:
//! every settable argument (null when unset), nested blocks as lists.

use std::collections::BTreeMap;

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::Body;
use gantry_config::types::convert;
use gantry_config::value::Value;
use gantry_diagnostics::Diagnostics;
use gantry_schema::{Attribute, BlockType, ResourceType};

pub fn config_object(
    ev: &Evaluator,
    schema: &ResourceType,
    body: &Body,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> Value {
    Value::Map(object(ev, schema.attributes, schema.blocks, body, scope, diags).into())
}

/// Arguments, then each nested block type as the list of its items (null
/// when there are none), at any depth.
fn object(
    ev: &Evaluator,
    attrs: &[Attribute],
    blocks: &[BlockType],
    body: &Body,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Value> {
    let mut out = attributes(ev, attrs, body, scope, diags);
    for b in blocks {
        if let Some(x) = body.attribute(b.name).filter(|_| b.attribute_syntax) {
            // `egress = [...]`: the items as written, `[]` included (none
            // at all, where leaving the blocks out manages nothing).
            let v = ev.eval(&x.value, scope, diags);
            // Validation has reported values of the wrong type already.
            let v = convert(&v, &b.attribute_type()).unwrap_or(Value::Unknown);
            out.insert(b.name.to_string(), v);
            continue;
        }
        // A dynamic block whose for_each is unknown makes the whole list
        // of blocks unknown, as in Terraform.
        let value = match ev.block_instances(body, b.name, scope, diags) {
            None => Value::Unknown,
            Some(instances) if instances.is_empty() => Value::Null,
            Some(instances) => Value::List(
                instances
                    .into_iter()
                    .map(|(blk, sc)| {
                        Value::Map(object(ev, b.attributes, b.blocks, &blk.body, &sc, diags).into())
                    })
                    .collect(),
            ),
        };
        out.insert(b.name.to_string(), value);
    }
    out
}

fn attributes(
    ev: &Evaluator,
    attrs: &[Attribute],
    body: &Body,
    scope: &Scope,
    diags: &mut Diagnostics,
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for a in attrs.iter().filter(|a| a.is_settable()) {
        let v = if let Some(x) = body.attribute(a.name) {
            ev.eval(&x.value, scope, diags)
        } else if let Some(blk) = body.blocks_of(a.name).next().filter(|_| a.ty.is_map()) {
            // `tags { Name = "x" }`, Terraform 0.11's map-as-block with
            // identifier keys (validation warns about it).
            Value::Map(
                blk.body
                    .attributes
                    .iter()
                    .map(|x| (x.name.clone(), ev.eval(&x.value, scope, diags)))
                    .collect(),
            )
        } else {
            Value::Null
        };
        // Validation has reported values of the wrong type already.
        let v = convert(&v, &a.ty.to_type()).unwrap_or(Value::Unknown);
        out.insert(a.name.to_string(), v);
    }
    out
}
