use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_resource",
    provider: AWS,
    doc: "Provides an API Gateway Resource.",
    import_id: "REST-API-ID/RESOURCE-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The resource's identifier."),
        arg(
            "rest_api_id",
            String,
            Required,
            "The ID of the associated REST API.",
        )
        .force_new(),
        arg(
            "parent_id",
            String,
            Required,
            "The ID of the parent API resource.",
        )
        .patch(Patch::Value("/parentId")),
        arg(
            "path_part",
            String,
            Required,
            "The last path segment of this API resource.",
        )
        .patch(Patch::Value("/pathPart")),
        arg(
            "path",
            String,
            Computed,
            "The complete path for this API resource, including all parent paths.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};
