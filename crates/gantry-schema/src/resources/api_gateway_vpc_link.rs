use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_vpc_link",
    provider: AWS,
    doc: "Provides an API Gateway VPC Link.",
    import_id: "VPC-LINK-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The identifier of the VpcLink."),
        arg("name", String, Required, "The name used to label and identify the VPC link.")
            .patch(Patch::Value("/name")),
        arg("description", String, Optional, "The description of the VPC link.")
            .patch(Patch::Value("/description")),
        arg("target_arns", ListOfString, Required, "The list of network load balancer ARNs in the VPC targeted by the VPC link. Currently AWS only supports 1 target.")
            .force_new()
            .rules(&[Rule::MinItems(1), Rule::MaxItems(1)]),
        arg("tags", MapOfString, Optional, "Key-value map of resource tags."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "ARN: `arn:aws:apigateway:{region}::/vpclinks/{id}`."),
    ],
    blocks: &[],
    conditions: &[],
};
