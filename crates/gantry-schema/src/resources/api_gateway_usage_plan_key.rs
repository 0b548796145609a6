//! AWS provider 5.100 (`internal/service/apigateway/usage_plan_key.go`):
//! every argument forces replacement.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_usage_plan_key",
    provider: AWS,
    doc: "Provides an API Gateway Usage Plan Key: an API key added to a usage plan.",
    import_id: "USAGE-PLAN-ID/USAGE-PLAN-KEY-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the key (the API key's ID)."),
        arg(
            "key_id",
            String,
            Required,
            "Identifier of the API key resource.",
        )
        .force_new(),
        arg(
            "key_type",
            String,
            Required,
            "Type of the API key resource. Currently, the valid key type is `API_KEY`.",
        )
        .force_new()
        .rules(&[Rule::OneOf(&["API_KEY"])]),
        arg(
            "usage_plan_id",
            String,
            Required,
            "Id of the usage plan resource representing to associate the key to.",
        )
        .force_new(),
        arg("name", String, Computed, "Name of a usage plan key."),
        arg("value", String, Computed, "Value of a usage plan key."),
    ],
    blocks: &[],
    conditions: &[],
};
