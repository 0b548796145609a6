//! AWS provider 5.100 (`internal/service/iam/policy.go`): a customer
//! managed policy; its document changes through a new default version.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_iam_policy",
    provider: AWS,
    doc: "Provides an IAM policy.",
    import_id: "POLICY-ARN",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ARN of the policy."),
        arg(
            "name",
            String,
            OptionalComputed,
            "Name of the policy. If omitted, Terraform assigns a random, unique name.",
        )
        .force_new()
        .rules(&[Rule::MaxLength(128)]),
        arg(
            "name_prefix",
            String,
            OptionalComputed,
            "Creates a unique name beginning with the specified prefix.",
        )
        .force_new(),
        arg(
            "path",
            String,
            Optional,
            "Path in which to create the policy.",
        )
        .default(DefaultValue::String("/"))
        .force_new(),
        arg(
            "description",
            String,
            Optional,
            "Description of the IAM policy.",
        )
        .force_new(),
        arg("policy", String, Required, "The policy document (JSON).").rules(&[Rule::Json]),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Map of resource tags for the IAM Policy.",
        ),
        arg(
            "tags_all",
            MapOfString,
            Computed,
            "Map of tags assigned to the resource, including provider default tags.",
        ),
        arg(
            "arn",
            String,
            Computed,
            "ARN assigned by AWS to this policy.",
        ),
        arg("policy_id", String, Computed, "Policy's ID."),
        arg(
            "attachment_count",
            Number,
            Computed,
            "Number of entities (users, groups, and roles) that the policy is attached to.",
        ),
    ],
    blocks: &[],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};
