//! AWS provider 5.100 (`internal/service/ec2/vpc_.go`, `vpc_subnet.go`):
//! the network a VPC link's load balancer and a private API's endpoint
//! live in.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static VPC: ResourceType = ResourceType {
    name: "aws_vpc",
    provider: AWS,
    doc: "Provides a VPC resource.",
    import_id: "VPC-ID",
    schema_version: 1,
    attributes: &[
        arg("id", String, Computed, "ID of the VPC."),
        arg(
            "cidr_block",
            String,
            OptionalComputed,
            "IPv4 CIDR block of the VPC.",
        )
        .force_new(),
        arg(
            "instance_tenancy",
            String,
            Optional,
            "Tenancy of instances launched into the VPC: `default` or `dedicated`.",
        )
        .default(DefaultValue::String("default"))
        .force_new()
        .rules(&[Rule::OneOf(&["default", "dedicated"])]),
        arg(
            "enable_dns_support",
            Bool,
            Optional,
            "Whether DNS resolution is supported in the VPC.",
        )
        .default(DefaultValue::Bool(true)),
        arg(
            "enable_dns_hostnames",
            Bool,
            OptionalComputed,
            "Whether instances in the VPC get public DNS hostnames.",
        ),
        arg(
            "enable_network_address_usage_metrics",
            Bool,
            OptionalComputed,
            "Whether Network Address Usage metrics are enabled.",
        ),
        arg(
            "assign_generated_ipv6_cidr_block",
            Bool,
            Optional,
            "Request an Amazon-provided /56 IPv6 CIDR block.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "ipv4_ipam_pool_id",
            String,
            Optional,
            "IPAM pool to allocate the IPv4 CIDR from.",
        )
        .force_new(),
        arg(
            "ipv4_netmask_length",
            Number,
            Optional,
            "Netmask length of the IPv4 CIDR allocated from the IPAM pool.",
        )
        .force_new(),
        arg(
            "ipv6_ipam_pool_id",
            String,
            Optional,
            "IPAM pool to allocate the IPv6 CIDR from.",
        ),
        arg(
            "ipv6_netmask_length",
            Number,
            Optional,
            "Netmask length of the IPv6 CIDR allocated from the IPAM pool.",
        ),
        arg(
            "ipv6_cidr_block",
            String,
            OptionalComputed,
            "IPv6 CIDR block of the VPC.",
        ),
        arg(
            "ipv6_cidr_block_network_border_group",
            String,
            OptionalComputed,
            "Network border group of the IPv6 CIDR block.",
        ),
        arg(
            "ipv6_association_id",
            String,
            Computed,
            "Association ID of the IPv6 CIDR block.",
        ),
        arg("arn", String, Computed, "ARN of the VPC."),
        arg(
            "owner_id",
            String,
            Computed,
            "ID of the AWS account that owns the VPC.",
        ),
        arg(
            "main_route_table_id",
            String,
            Computed,
            "ID of the main route table.",
        ),
        arg(
            "default_route_table_id",
            String,
            Computed,
            "ID of the route table created by default.",
        ),
        arg(
            "default_network_acl_id",
            String,
            Computed,
            "ID of the network ACL created by default.",
        ),
        arg(
            "default_security_group_id",
            String,
            Computed,
            "ID of the security group created by default.",
        ),
        arg(
            "dhcp_options_id",
            String,
            Computed,
            "ID of the DHCP options set.",
        ),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Map of tags to assign to the VPC.",
        ),
        arg(
            "tags_all",
            MapOfString,
            Computed,
            "Map of tags assigned to the VPC, including provider default tags.",
        ),
    ],
    blocks: &[],
    conditions: &[Condition::ConflictsWith("cidr_block", "ipv4_ipam_pool_id")],
};

pub static SUBNET: ResourceType = ResourceType {
    name: "aws_subnet",
    provider: AWS,
    doc: "Provides a VPC subnet resource.",
    import_id: "SUBNET-ID",
    schema_version: 1,
    attributes: &[
        arg("id", String, Computed, "ID of the subnet."),
        arg("vpc_id", String, Required, "VPC of the subnet.").force_new(),
        arg(
            "cidr_block",
            String,
            Optional,
            "IPv4 CIDR block of the subnet.",
        )
        .force_new(),
        arg(
            "availability_zone",
            String,
            OptionalComputed,
            "Availability zone of the subnet.",
        )
        .force_new(),
        arg(
            "availability_zone_id",
            String,
            OptionalComputed,
            "Availability zone ID of the subnet.",
        )
        .force_new(),
        arg(
            "map_public_ip_on_launch",
            Bool,
            Optional,
            "Whether instances launched into the subnet get a public IP address.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "assign_ipv6_address_on_creation",
            Bool,
            Optional,
            "Whether network interfaces created in the subnet get an IPv6 address.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "ipv6_cidr_block",
            String,
            Optional,
            "IPv6 CIDR block of the subnet.",
        ),
        arg(
            "ipv6_cidr_block_association_id",
            String,
            Computed,
            "Association ID of the IPv6 CIDR block.",
        ),
        arg(
            "ipv6_native",
            Bool,
            Optional,
            "Whether the subnet is IPv6 only.",
        )
        .default(DefaultValue::Bool(false))
        .force_new(),
        arg(
            "enable_dns64",
            Bool,
            Optional,
            "Whether DNS queries for IPv4-only names return synthetic IPv6 addresses.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "enable_lni_at_device_index",
            Number,
            Optional,
            "Device position for local network interfaces (Outposts).",
        ),
        arg(
            "enable_resource_name_dns_a_record_on_launch",
            Bool,
            Optional,
            "Whether to answer DNS queries for instance hostnames with A records.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "enable_resource_name_dns_aaaa_record_on_launch",
            Bool,
            Optional,
            "Whether to answer DNS queries for instance hostnames with AAAA records.",
        )
        .default(DefaultValue::Bool(false)),
        arg(
            "private_dns_hostname_type_on_launch",
            String,
            OptionalComputed,
            "Hostname type of instances launched into the subnet: `ip-name` or `resource-name`.",
        ),
        arg(
            "customer_owned_ipv4_pool",
            String,
            Optional,
            "Customer owned IPv4 address pool (Outposts).",
        ),
        arg(
            "map_customer_owned_ip_on_launch",
            Bool,
            Optional,
            "Whether instances get a customer-owned IP address (Outposts).",
        ),
        arg("outpost_arn", String, Optional, "ARN of the Outpost."),
        arg("arn", String, Computed, "ARN of the subnet."),
        arg(
            "owner_id",
            String,
            Computed,
            "ID of the AWS account that owns the subnet.",
        ),
        arg(
            "tags",
            MapOfString,
            Optional,
            "Map of tags to assign to the subnet.",
        ),
        arg(
            "tags_all",
            MapOfString,
            Computed,
            "Map of tags assigned to the subnet, including provider default tags.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

pub static VPC_ENDPOINT: ResourceType = ResourceType {
    name: "aws_vpc_endpoint",
    provider: AWS,
    doc: "Provides a VPC Endpoint resource (an `execute-api` interface endpoint is what a private REST API is called through).",
    import_id: "VPC-ENDPOINT-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the VPC endpoint."),
        arg("arn", String, Computed, "ARN of the VPC endpoint."),
        arg("vpc_id", String, Required, "VPC of the endpoint.").force_new(),
        arg("service_name", String, Optional, "Service name, e.g. `com.amazonaws.us-east-1.execute-api`.").force_new(),
        arg("vpc_endpoint_type", String, Optional, "`Gateway` (the default), `Interface`, `GatewayLoadBalancer`, `Resource` or `ServiceNetwork`.")
            .default(DefaultValue::String("Gateway"))
            .force_new()
            .rules(&[Rule::OneOf(&["Gateway", "Interface", "GatewayLoadBalancer", "Resource", "ServiceNetwork"])]),
        arg("auto_accept", Bool, Optional, "Accept the endpoint (same-account services)."),
        arg("policy", String, OptionalComputed, "Policy document controlling access to the service.").rules(&[Rule::Json]),
        arg("private_dns_enabled", Bool, OptionalComputed, "Whether a private hosted zone is associated with the VPC (interface endpoints)."),
        arg("ip_address_type", String, OptionalComputed, "`ipv4`, `dualstack` or `ipv6`.").rules(&[Rule::OneOf(&["ipv4", "dualstack", "ipv6"])]),
        arg("route_table_ids", SetOfString, OptionalComputed, "Route tables of a gateway endpoint."),
        arg("subnet_ids", SetOfString, OptionalComputed, "Subnets of an interface endpoint's network interfaces."),
        arg("security_group_ids", SetOfString, OptionalComputed, "Security groups of an interface endpoint's network interfaces."),
        arg("resource_configuration_arn", String, Optional, "ARN of a resource configuration (`Resource` endpoints).").force_new(),
        arg("service_network_arn", String, Optional, "ARN of a service network (`ServiceNetwork` endpoints).").force_new(),
        arg("service_region", String, OptionalComputed, "Region of the endpoint service.").force_new(),
        arg("cidr_blocks", ListOfString, Computed, "CIDR blocks of the prefix list of a gateway endpoint's service."),
        arg("prefix_list_id", String, Computed, "Prefix list of a gateway endpoint's service."),
        arg("dns_entry", ListOfStringObjects(&["dns_name", "hosted_zone_id"]), Computed, "DNS entries of the endpoint: `dns_name` and `hosted_zone_id`."),
        arg("network_interface_ids", SetOfString, Computed, "Network interfaces of an interface endpoint."),
        arg("owner_id", String, Computed, "ID of the AWS account that owns the endpoint."),
        arg("requester_managed", Bool, Computed, "Whether the endpoint is managed by its service."),
        arg("state", String, Computed, "State of the endpoint."),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the endpoint."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the endpoint, including provider default tags."),
    ],
    blocks: &[
        block("dns_options", "DNS options of an interface endpoint.", &[
            arg("dns_record_ip_type", String, OptionalComputed, "`ipv4`, `dualstack`, `service-defined` or `ipv6`."),
            arg("private_dns_only_for_inbound_resolver_endpoint", Bool, Optional, "Whether private DNS is only for the inbound resolver endpoint."),
        ])
        .one()
        .computed(),
        block("subnet_configuration", "Addresses of the endpoint in a subnet.", &[
            arg("ipv4", String, OptionalComputed, "IPv4 address in the subnet."),
            arg("ipv6", String, OptionalComputed, "IPv6 address in the subnet."),
            arg("subnet_id", String, OptionalComputed, "ID of the subnet."),
        ])
        .set()
        .computed(),
    ],
    conditions: &[],
};
