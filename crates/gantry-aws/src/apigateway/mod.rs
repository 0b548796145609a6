//! API Gateway (REST, v1): REST APIs, resources, methods, integrations and
//! VPC links, and the bulk read that refreshes a whole API with a few
//! GetResources pages.

use aws_sdk_apigateway::types::{Op as SdkOp, PatchOperation};

use gantry_config::value::Value;
use gantry_schema::ResourceType;

use crate::patch::{Op, PatchOp};
use crate::values::{Args, Object};

pub mod bulk;
pub mod integration;
pub mod method;
pub mod resource;
pub mod rest_api;
pub mod vpc_link;

pub fn sdk_patch(ops: Vec<PatchOp>) -> Vec<PatchOperation> {
    ops.into_iter()
        .map(|o| {
            PatchOperation::builder()
                .op(match o.op {
                    Op::Add => SdkOp::Add,
                    Op::Remove => SdkOp::Remove,
                    Op::Replace => SdkOp::Replace,
                })
                .path(o.path)
                .set_value(o.value)
                .build()
        })
        .collect()
}

/// `actual` with every argument the configuration sets (`planned`,
/// known and not null) put over it: what the API should hold. Comparing
/// the two with `patch_ops` gives what a create did not take.
pub fn configured_over(schema: &'static ResourceType, actual: &Value, planned: &Value) -> Value {
    let mut wanted = Object::from(schema, actual);
    for a in schema.attributes.iter().filter(|a| a.is_settable()) {
        let v = Args(planned).get(a.name);
        if !v.is_null() && !v.is_unknown() {
            wanted.set(a.name, v.clone());
        }
    }
    wanted.build()
}

/// Splits a slash-separated import id into exactly `n` non-empty parts.
pub fn import_parts<'a>(
    id: &'a str,
    n: usize,
    format: &str,
) -> Result<Vec<&'a str>, gantry_executor::ProviderError> {
    let parts: Vec<&str> = id.split('/').collect();
    if parts.len() != n || parts.iter().any(|p| p.is_empty()) {
        return Err(gantry_executor::ProviderError::new(
            "Invalid import ID",
            format!("Unexpected format of ID ({id:?}), expected {format}"),
        ));
    }
    Ok(parts)
}
