//! AWS provider 5.100 (`internal/service/apigateway/deployment.go`): only
//! `description` changes in place; `stage_name`, `stage_description` and
//! `canary_settings` are deprecated in favour of `aws_api_gateway_stage`
//! but still create (and on delete remove) the stage they name.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

const STAGE_DEPRECATED: &str = "Use the aws_api_gateway_stage resource instead.";

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_deployment",
    provider: AWS,
    doc: "Manages an API Gateway REST Deployment: a snapshot of the REST API configuration that a stage serves.",
    import_id: "REST-API-ID/DEPLOYMENT-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The ID of the deployment."),
        arg("rest_api_id", String, Required, "REST API identifier.").force_new(),
        arg("description", String, Optional, "Description of the deployment.")
            .patch(Patch::Value("/description")),
        arg("triggers", MapOfString, Optional, "Map of arbitrary keys and values that, when changed, will trigger a redeployment.")
            .force_new(),
        arg("variables", MapOfString, Optional, "Map to set on the stage managed by the `stage_name` argument.")
            .force_new(),
        arg("stage_name", String, Optional, "Name of the stage to create with this deployment.")
            .force_new()
            .rules(&[Rule::Deprecated(STAGE_DEPRECATED)]),
        arg("stage_description", String, Optional, "Description to set on the stage managed by the `stage_name` argument.")
            .force_new()
            .rules(&[Rule::Deprecated(STAGE_DEPRECATED)]),
        arg("created_date", String, Computed, "Creation date of the deployment."),
        arg("execution_arn", String, Computed, "Execution ARN of the stage named by `stage_name`."),
        arg("invoke_url", String, Computed, "URL to invoke the stage named by `stage_name`."),
    ],
    blocks: &[BlockType {
        name: "canary_settings",
        min_items: 0,
        max_items: Some(1),
        force_new: true,
        computed: false,
        set: false,
        attribute_syntax: false,
        doc: "Canary settings for the stage named by `stage_name` (deprecated).",
        blocks: &[],
        attributes: &[
            arg("percent_traffic", Number, Optional, "Percentage (0.0-100.0) of traffic routed to the canary deployment.")
                .default(DefaultValue::Number(0.0)),
            arg("stage_variable_overrides", MapOfString, Optional, "Stage variables overridden for the canary."),
            arg("use_stage_cache", Bool, Optional, "Whether the canary uses the stage cache."),
        ],
    }],
    conditions: &[],
};
