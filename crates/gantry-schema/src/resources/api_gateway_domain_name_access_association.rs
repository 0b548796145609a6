//! AWS provider 5.100
//! (`internal/service/apigateway/domain_name_access_association.go`, a
//! plugin-framework resource): lets a VPC endpoint reach a private custom
//! domain name. Everything but the tags forces replacement.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_domain_name_access_association",
    provider: AWS,
    doc: "Associates a private custom domain name with a VPC endpoint, so that clients in the VPC can call it.",
    import_id: "ARN",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The ARN of the association (deprecated by the provider: use `arn`)."),
        arg("arn", String, Computed, "ARN of the domain name access association."),
        arg("access_association_source", String, Required, "Identifier of the source: a VPC endpoint ID.").force_new(),
        arg("access_association_source_type", String, Required, "Type of the source: `VPCE`.")
            .force_new()
            .rules(&[Rule::OneOf(&["VPCE"])]),
        arg("domain_name_arn", String, Required, "ARN of the private custom domain name (`aws_api_gateway_domain_name.arn`).").force_new(),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the association."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the association, including provider default tags."),
    ],
    blocks: &[],
    conditions: &[],
};
