//! AWS provider 5.100 (`internal/service/apigateway/account.go`): the
//! region's one API Gateway account settings. `throttle_settings` is a
//! computed list of objects in the provider; a computed block here (the
//! same in state).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_account",
    provider: AWS,
    doc: "Provides a settings of an API Gateway Account: the IAM role API Gateway uses to write CloudWatch logs, for the whole region.",
    import_id: "api-gateway-account",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`api-gateway-account`."),
        arg("cloudwatch_role_arn", String, OptionalComputed, "ARN of an IAM role for CloudWatch (to allow logging & monitoring).")
            .patch(Patch::Value("/cloudwatchRoleArn")),
        arg("reset_on_delete", Bool, Optional, "If true, destroying the resource resets the CloudWatch role ARN.")
            .rules(&[Rule::Deprecated("The reset_on_delete attribute will be removed in a future version of the provider.")]),
        arg("api_key_version", String, Computed, "The version of the API keys used for the account."),
        arg("features", SetOfString, Computed, "A list of features supported for the account."),
    ],
    blocks: &[BlockType {
        name: "throttle_settings",
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: true,
        set: false,
        attribute_syntax: false,
        doc: "Account-Level throttle settings (computed).",
        blocks: &[],
        attributes: &[
            arg("burst_limit", Number, Computed, "Absolute maximum number of times API Gateway allows the API to be called per second (RPS)."),
            arg("rate_limit", Number, Computed, "Number of times API Gateway allows the API to be called per second on average (RPS)."),
        ],
    }],
    conditions: &[],
};
