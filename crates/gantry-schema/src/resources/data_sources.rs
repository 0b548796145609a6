use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static REGION: ResourceType = ResourceType {
    name: "aws_region",
    provider: AWS,
    doc: "Provides details about the current AWS region.",
    import_id: "",
    attributes: &[
        arg("id", String, Computed, "The region name."),
        arg(
            "name",
            String,
            OptionalComputed,
            "Full name of the region to select (defaults to the provider's region).",
        ),
        arg(
            "endpoint",
            String,
            OptionalComputed,
            "EC2 endpoint of the region.",
        ),
        arg("description", String, Computed, "Region's description."),
    ],
    blocks: &[],
    conditions: &[],
};

pub static CALLER_IDENTITY: ResourceType = ResourceType {
    name: "aws_caller_identity",
    provider: AWS,
    doc: "Gives the effective Account ID, User ID and ARN in which Terraform is authorized.",
    import_id: "",
    attributes: &[
        arg("id", String, Computed, "Account ID."),
        arg(
            "account_id",
            String,
            Computed,
            "AWS Account ID number of the account that owns or contains the calling entity.",
        ),
        arg(
            "arn",
            String,
            Computed,
            "ARN associated with the calling entity.",
        ),
        arg(
            "user_id",
            String,
            Computed,
            "Unique identifier of the calling entity.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

pub static PARTITION: ResourceType = ResourceType {
    name: "aws_partition",
    provider: AWS,
    doc: "Gives the AWS partition identifier (e.g. `aws`, `aws-cn`) for building ARNs.",
    import_id: "",
    attributes: &[
        arg(
            "id",
            String,
            Computed,
            "Identifier of the current partition.",
        ),
        arg(
            "partition",
            String,
            Computed,
            "Identifier of the current partition (e.g. `aws`).",
        ),
        arg(
            "dns_suffix",
            String,
            Computed,
            "Base DNS domain name for the current partition (e.g. `amazonaws.com`).",
        ),
        arg(
            "reverse_dns_prefix",
            String,
            Computed,
            "Prefix of service names (e.g. `com.amazonaws`).",
        ),
    ],
    blocks: &[],
    conditions: &[],
};
