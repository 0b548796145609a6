//! AWS provider 5.100 (`internal/service/logs/group.go`): where a stage's
//! access logs and a Lambda function's logs go.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

/// The retention periods CloudWatch Logs accepts (0: never expire).
const RETENTION_DAYS: &[&str] = &[
    "0", "1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545",
    "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653",
];

pub static TYPE: ResourceType = ResourceType {
    name: "aws_cloudwatch_log_group",
    provider: AWS,
    doc: "Provides a CloudWatch Log Group resource.",
    import_id: "NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "Name of the log group."),
        arg(
            "name",
            String,
            OptionalComputed,
            "Name of the log group. If omitted, Terraform assigns a random, unique name.",
        )
        .force_new()
        .rules(&[Rule::MaxLength(512)]),
        arg(
            "name_prefix",
            String,
            OptionalComputed,
            "Creates a unique name beginning with the specified prefix.",
        )
        .force_new(),
        arg(
            "retention_in_days",
            Number,
            Optional,
            "Days to keep log events (0: never expire).",
        )
        .default(DefaultValue::Number(0.0))
        .rules(&[Rule::OneOf(RETENTION_DAYS)]),
        arg(
            "kms_key_id",
            String,
            Optional,
            "ARN of the KMS key to encrypt log data with.",
        ),
        arg(
            "log_group_class",
            String,
            OptionalComputed,
            "`STANDARD` (default), `INFREQUENT_ACCESS` or `DELIVERY`.",
        )
        .force_new()
        .rules(&[Rule::OneOf(&["STANDARD", "INFREQUENT_ACCESS", "DELIVERY"])]),
        arg(
            "skip_destroy",
            Bool,
            Optional,
            "Keep the log group (forget it only) when the resource is destroyed.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Map of tags to assign to the log group.",
        ),
        arg(
            "tags_all",
            MapOfString,
            Computed,
            "Map of tags assigned to the log group, including provider default tags.",
        ),
        arg(
            "arn",
            String,
            Computed,
            "ARN of the log group (without the `:*` suffix).",
        ),
    ],
    blocks: &[],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};
