//! AWS provider 5.100 (`internal/service/apigateway/stage.go`): everything
//! but the API and the name changes in place through UpdateStage.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_stage",
    provider: AWS,
    doc: "Manages an API Gateway Stage: a named reference to a deployment, which clients call.",
    import_id: "REST-API-ID/STAGE-NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`ags-{rest_api_id}-{stage_name}`."),
        arg("rest_api_id", String, Required, "ID of the associated REST API.").force_new(),
        arg("stage_name", String, Required, "Name of the stage.").force_new(),
        arg("deployment_id", String, Required, "ID of the deployment that the stage points to.")
            .patch(Patch::Value("/deploymentId")),
        arg("description", String, Optional, "Description of the stage.")
            .patch(Patch::Value("/description")),
        arg("cache_cluster_enabled", Bool, Optional, "Whether a cache cluster is enabled for the stage.")
            .patch(Patch::Value("/cacheClusterEnabled")),
        arg("cache_cluster_size", String, Optional, "Size of the cache cluster for the stage, if enabled.")
            .rules(&[Rule::OneOf(&["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"])])
            .patch(Patch::Value("/cacheClusterSize")),
        arg("client_certificate_id", String, Optional, "Identifier of a client certificate for the stage.")
            .patch(Patch::Value("/clientCertificateId")),
        arg("documentation_version", String, Optional, "Version of the associated API documentation.")
            .patch(Patch::Value("/documentationVersion")),
        arg("variables", MapOfString, Optional, "Map that defines the stage variables.")
            .patch(Patch::KeysReplaced("/variables")),
        arg("xray_tracing_enabled", Bool, Optional, "Whether active tracing with X-ray is enabled.")
            .patch(Patch::Value("/tracingEnabled")),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the resource."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "ARN: `arn:aws:apigateway:{region}::/restapis/{rest_api_id}/stages/{stage_name}`."),
        arg("execution_arn", String, Computed, "Execution ARN to be used in `aws_lambda_permission`'s `source_arn`: `arn:aws:execute-api:{region}:{account}:{rest_api_id}/{stage_name}`."),
        arg("invoke_url", String, Computed, "URL to invoke the API pointing to the stage."),
        arg("web_acl_arn", String, Computed, "ARN of the WebAcl associated with the stage."),
    ],
    blocks: &[
        BlockType {
            name: "access_log_settings",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "Where and how access logs are written.",
            blocks: &[],
            attributes: &[
                arg("destination_arn", String, Required, "ARN of the CloudWatch Logs log group or Kinesis Data Firehose delivery stream to receive access logs.")
                    .patch(Patch::Value("/accessLogSettings/destinationArn")),
                arg("format", String, Required, "Formatting and values recorded in the logs.")
                    .patch(Patch::Value("/accessLogSettings/format")),
            ],
        },
        BlockType {
            name: "canary_settings",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "Configuration settings of a canary deployment.",
            blocks: &[],
            attributes: &[
                arg("deployment_id", String, Required, "ID of the deployment that the canary points to.")
                    .patch(Patch::Value("/canarySettings/deploymentId")),
                arg("percent_traffic", Number, Optional, "Percent 0.0 - 100.0 of traffic to divert to the canary deployment.")
                    .default(DefaultValue::Number(0.0))
                    .patch(Patch::Value("/canarySettings/percentTraffic")),
                arg("stage_variable_overrides", MapOfString, Optional, "Map of overridden stage variables (including new variables) for the canary deployment.")
                    .patch(Patch::KeysReplaced("/canarySettings/stageVariableOverrides")),
                arg("use_stage_cache", Bool, Optional, "Whether the canary deployment uses the stage cache.")
                    .patch(Patch::Value("/canarySettings/useStageCache")),
            ],
        },
    ],
    conditions: &[],
};
