//! AWS provider 5.100 (`internal/service/lambda/alias.go`).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_lambda_alias",
    provider: AWS,
    doc: "Creates a Lambda function alias: a name pointing at a version (what an API Gateway integration invokes to reach a stable version).",
    import_id: "FUNCTION-NAME/ALIAS-NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ARN of the alias."),
        arg("name", String, Required, "Name of the alias.").force_new(),
        arg("function_name", String, Required, "Name or ARN of the Lambda function.").force_new(),
        arg("function_version", String, Required, "Version the alias points to, or `$LATEST`."),
        arg("description", String, Optional, "Description of the alias."),
        arg("arn", String, Computed, "ARN identifying the alias."),
        arg("invoke_arn", String, Computed, "ARN to invoke the alias from API Gateway (`uri` of an `aws_api_gateway_integration`)."),
    ],
    blocks: &[BlockType {
        name: "routing_config",
        min_items: 0,
        max_items: Some(1),
        force_new: false,
        computed: false,
        set: false,
        attribute_syntax: false,
        doc: "Traffic shifting between two versions.",
        blocks: &[],
        attributes: &[arg(
            "additional_version_weights",
            MapOfNumber,
            Optional,
            "A second version and the share of traffic (0 to 1) it receives.",
        )],
    }],
    conditions: &[],
};
