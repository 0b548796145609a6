//! AWS provider 5.100 (`internal/service/ec2/vpc_security_group.go`): the
//! firewall of a VPC link's load balancer, a private API's VPC endpoint
//! and a Lambda function's network interfaces.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

/// One rule of `ingress` or `egress`. In the provider both are sets of
/// objects written as blocks (`ConfigModeAttr`); SDKv2 fills every unset
/// field of an item with its zero value, so the plan shows
/// `description = ""` and `ipv6_cidr_blocks = []`.
const RULE: &[Attribute] = &[
    arg(
        "cidr_blocks",
        ListOfString,
        Optional,
        "IPv4 CIDR blocks the rule allows.",
    )
    .default(DefaultValue::Empty),
    arg("description", String, Optional, "Description of the rule.")
        .default(DefaultValue::String(""))
        .rules(&[Rule::MaxLength(255)]),
    arg(
        "from_port",
        Number,
        Required,
        "Start of the port range (or ICMP type).",
    ),
    arg(
        "ipv6_cidr_blocks",
        ListOfString,
        Optional,
        "IPv6 CIDR blocks the rule allows.",
    )
    .default(DefaultValue::Empty),
    arg(
        "prefix_list_ids",
        ListOfString,
        Optional,
        "Prefix list IDs the rule allows.",
    )
    .default(DefaultValue::Empty),
    arg(
        "protocol",
        String,
        Required,
        "Protocol: `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or a protocol number. Stored by name (`6` as `tcp`, `all` as `-1`).",
    ),
    arg(
        "security_groups",
        SetOfString,
        Optional,
        "Security group IDs (or `OWNER/ID`) the rule allows.",
    )
    .default(DefaultValue::Empty),
    arg(
        "self",
        Bool,
        Optional,
        "Whether the security group itself is a source (ingress) or destination (egress).",
    )
    .default(DefaultValue::Bool(false)),
    arg(
        "to_port",
        Number,
        Required,
        "End of the port range (or ICMP code).",
    ),
];

const fn rules(name: &'static str, doc: &'static str) -> BlockType {
    BlockType {
        name,
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: true,
        set: true,
        attribute_syntax: true,
        doc,
        attributes: RULE,
        blocks: &[],
    }
}

pub static SECURITY_GROUP: ResourceType = ResourceType {
    name: "aws_security_group",
    provider: AWS,
    doc: "Provides a security group resource.",
    import_id: "SECURITY-GROUP-ID",
    schema_version: 1,
    attributes: &[
        arg("id", String, Computed, "ID of the security group."),
        arg("arn", String, Computed, "ARN of the security group."),
        arg(
            "name",
            String,
            OptionalComputed,
            "Name of the security group; unique in the VPC.",
        )
        .force_new()
        .rules(&[Rule::MaxLength(255)]),
        arg(
            "name_prefix",
            String,
            OptionalComputed,
            "Creates a unique name beginning with the specified prefix.",
        )
        .force_new()
        .rules(&[Rule::MaxLength(229)]),
        arg(
            "description",
            String,
            Optional,
            "Description of the security group.",
        )
        .default(DefaultValue::String("Managed by Terraform"))
        .force_new()
        .rules(&[Rule::MaxLength(255)]),
        arg(
            "vpc_id",
            String,
            OptionalComputed,
            "VPC of the security group (the default VPC when unset).",
        )
        .force_new(),
        arg(
            "revoke_rules_on_delete",
            Bool,
            Optional,
            "Revoke every rule before deleting the group (for rules that reference other groups).",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "owner_id",
            String,
            Computed,
            "ID of the AWS account that owns the security group.",
        ),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Map of tags to assign to the security group.",
        ),
        arg(
            "tags_all",
            MapOfString,
            Computed,
            "Map of tags assigned to the security group, including provider default tags.",
        ),
    ],
    blocks: &[
        rules("ingress", "An inbound rule."),
        rules("egress", "An outbound rule."),
    ],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};
