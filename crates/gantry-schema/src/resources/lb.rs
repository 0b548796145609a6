use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_lb",
    provider: AWS,
    doc: "Provides a Load Balancer resource (a network load balancer is what a VPC link targets).",
    import_id: "LOAD-BALANCER-ARN",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ARN of the load balancer."),
        arg("name", String, OptionalComputed, "Name of the LB: at most 32 characters, alphanumerics and hyphens.").force_new().rules(&[Rule::MaxLength(32)]),
        arg("name_prefix", String, OptionalComputed, "Creates a unique name beginning with the specified prefix.").force_new(),
        arg("internal", Bool, OptionalComputed, "If true, the LB will be internal.").force_new(),
        arg("load_balancer_type", String, Optional, "Type of load balancer: `application` (default), `network` or `gateway`.")
            .default(DefaultValue::String("application"))
            .force_new()
            .rules(&[Rule::OneOf(&["application", "network", "gateway"])]),
        arg("subnets", SetOfString, OptionalComputed, "List of subnet IDs to attach to the LB."),
        arg("security_groups", SetOfString, OptionalComputed, "List of security group IDs to assign to the LB."),
        arg("ip_address_type", String, OptionalComputed, "Type of IP addresses used by the subnets: `ipv4` or `dualstack`.").rules(&[Rule::OneOf(&["ipv4", "dualstack"])]),
        arg("enable_deletion_protection", Bool, Optional, "If true, deletion of the load balancer will be disabled via the AWS API.").default(DefaultValue::Bool(false)),
        arg("enable_cross_zone_load_balancing", Bool, OptionalComputed, "If true, cross-zone load balancing of the load balancer will be enabled."),
        arg("idle_timeout", Number, Optional, "Time in seconds that the connection is allowed to be idle (application load balancers).").default(DefaultValue::Number(60.0)),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the resource."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "ARN of the load balancer."),
        arg("arn_suffix", String, Computed, "ARN suffix for use with CloudWatch Metrics."),
        arg("dns_name", String, Computed, "DNS name of the load balancer."),
        arg("zone_id", String, Computed, "Canonical hosted zone ID of the load balancer."),
        arg("vpc_id", String, Computed, "ID of the VPC of the load balancer."),
    ],
    blocks: &[BlockType {
        name: "subnet_mapping",
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: false,
        set: true,
        doc: "Subnet mapping block.",
        blocks: &[],
        attributes: &[
            arg("subnet_id", String, Required, "ID of the subnet to attach."),
            arg("allocation_id", String, Optional, "Allocation ID of the Elastic IP address for an internet-facing load balancer."),
            arg("private_ipv4_address", String, Optional, "Private IPv4 address for an internal load balancer."),
        ],
    }],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};
