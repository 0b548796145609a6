use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_iam_role",
    provider: AWS,
    doc: "Provides an IAM role.",
    import_id: "ROLE-NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "Name of the role."),
        arg(
            "name",
            String,
            OptionalComputed,
            "Friendly name of the role. If omitted, Terraform assigns a random, unique name.",
        )
        .force_new()
        .rules(&[Rule::MaxLength(64)]),
        arg(
            "name_prefix",
            String,
            OptionalComputed,
            "Creates a unique friendly name beginning with the specified prefix.",
        )
        .force_new(),
        arg(
            "assume_role_policy",
            String,
            Required,
            "Policy that grants an entity permission to assume the role (JSON).",
        )
        .rules(&[Rule::Json]),
        arg("path", String, Optional, "Path to the role.")
            .default(DefaultValue::String("/"))
            .force_new(),
        arg("description", String, Optional, "Description of the role."),
        arg(
            "max_session_duration",
            Number,
            Optional,
            "Maximum session duration (in seconds), from 3600 to 43200.",
        )
        .default(DefaultValue::Number(3600.0))
        .rules(&[Rule::IntRange(3600, 43200)]),
        arg(
            "force_detach_policies",
            Bool,
            Optional,
            "Whether to force detaching any policies the role has before destroying it.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "permissions_boundary",
            String,
            Optional,
            "ARN of the policy that is used to set the permissions boundary for the role.",
        )
        .rules(&[Rule::MaxLength(2048)]),
        arg(
            "managed_policy_arns",
            SetOfString,
            OptionalComputed,
            "Set of exclusive IAM managed policy ARNs to attach to the IAM role.",
        ),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Key-value mapping of tags for the IAM role.",
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
            "Amazon Resource Name (ARN) specifying the role.",
        ),
        arg(
            "unique_id",
            String,
            Computed,
            "Stable and unique string identifying the role.",
        ),
        arg(
            "create_date",
            String,
            Computed,
            "Creation date of the IAM role.",
        ),
    ],
    blocks: &[BlockType {
        name: "inline_policy",
        min_items: 0,
        max_items: None,
        force_new: false,
        // Read back as the role's inline policies only when configured:
        // left out, it stays as recorded (an empty list).
        computed: true,
        set: true,
        attribute_syntax: false,
        doc: "Exclusive inline policies of the role (deprecated in favour of aws_iam_role_policy; gantry records them but does not manage them yet).",
        blocks: &[],
        attributes: &[
            arg("name", String, Optional, "Name of the role policy."),
            arg("policy", String, Optional, "Policy document as a JSON formatted string."),
        ],
    }],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};
