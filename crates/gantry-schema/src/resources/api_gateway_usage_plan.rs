//! AWS provider 5.100 (`internal/service/apigateway/usage_plan.go`).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_usage_plan",
    provider: AWS,
    doc: "Provides an API Gateway Usage Plan: quotas and throttling for the API keys added to it, on the stages it names.",
    import_id: "USAGE-PLAN-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the usage plan."),
        arg("name", String, Required, "Name of the usage plan."),
        arg("description", String, Optional, "Description of a usage plan."),
        arg("product_code", String, Optional, "AWS Marketplace product identifier to associate with the usage plan as a SaaS product on AWS Marketplace."),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the usage plan."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "ARN: `arn:aws:apigateway:{region}::/usageplans/{id}`."),
    ],
    blocks: &[
        BlockType {
            name: "api_stages",
            min_items: 0,
            max_items: None,
            force_new: false,
            computed: false,
            set: true,
            attribute_syntax: false,
            doc: "Associated API stages of the usage plan.",
            blocks: &[BlockType {
                name: "throttle",
                min_items: 0,
                max_items: None,
                force_new: false,
                computed: false,
                set: true,
                attribute_syntax: false,
                doc: "Throttling limits of one method of the stage.",
                blocks: &[],
                attributes: &[
                    arg("path", String, Required, "Method to apply the throttle settings for: `RESOURCE_PATH/HTTP_METHOD`, e.g. `/pets/GET`."),
                    arg("burst_limit", Number, Optional, "The API request burst limit."),
                    arg("rate_limit", Number, Optional, "The API request steady-state rate limit."),
                ],
            }],
            attributes: &[
                arg("api_id", String, Required, "API Id of the associated API stage in a usage plan."),
                arg("stage", String, Required, "API stage name of the associated API stage in a usage plan."),
            ],
        },
        BlockType {
            name: "quota_settings",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "The quota settings of the usage plan.",
            blocks: &[],
            attributes: &[
                arg("limit", Number, Required, "Maximum number of requests that can be made in a given time period."),
                arg("offset", Number, Optional, "Number of requests subtracted from the given limit in the initial time period.")
                    .default(DefaultValue::Number(0.0)),
                arg("period", String, Required, "Time period in which the limit applies: `DAY`, `WEEK` or `MONTH`.")
                    .rules(&[Rule::OneOf(&["DAY", "WEEK", "MONTH"])]),
            ],
        },
        BlockType {
            name: "throttle_settings",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "The throttling limits of the usage plan.",
            blocks: &[],
            attributes: &[
                arg("burst_limit", Number, Optional, "The API request burst limit, the maximum rate limit over a time ranging from one to a few seconds.")
                    .default(DefaultValue::Number(0.0)),
                arg("rate_limit", Number, Optional, "The API request steady-state rate limit.")
                    .default(DefaultValue::Number(0.0)),
            ],
        },
    ],
    conditions: &[],
};
