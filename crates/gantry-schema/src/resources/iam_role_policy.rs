//! AWS provider 5.100 (`internal/service/iam/role_policy.go`): an inline
//! policy of a role, put whole on create and update.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_iam_role_policy",
    provider: AWS,
    doc: "Provides an IAM role inline policy.",
    import_id: "ROLE-NAME:POLICY-NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`{role}:{name}`."),
        arg(
            "name",
            String,
            OptionalComputed,
            "The name of the role policy. If omitted, Terraform assigns a random, unique name.",
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
            "role",
            String,
            Required,
            "The name of the IAM role to attach to the policy.",
        )
        .force_new(),
        arg(
            "policy",
            String,
            Required,
            "The inline policy document (JSON).",
        )
        .rules(&[Rule::Json]),
    ],
    blocks: &[],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};
