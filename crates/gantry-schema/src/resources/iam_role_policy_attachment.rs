//! AWS provider 5.100 (`internal/service/iam/role_policy_attachment.go`):
//! every argument forces replacement.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_iam_role_policy_attachment",
    provider: AWS,
    doc: "Attaches a Managed IAM Policy to an IAM role.",
    import_id: "ROLE-NAME/POLICY-ARN",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`{role}-` and a unique suffix."),
        arg(
            "role",
            String,
            Required,
            "The name of the IAM role to which the policy should be applied.",
        )
        .force_new(),
        arg(
            "policy_arn",
            String,
            Required,
            "The ARN of the policy you want to apply.",
        )
        .force_new(),
    ],
    blocks: &[],
    conditions: &[],
};
