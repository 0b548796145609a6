//! AWS provider 5.100 (`internal/service/apigateway/documentation_version.go`).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_documentation_version",
    provider: AWS,
    doc: "Provides a resource to manage an API Gateway Documentation Version: a snapshot of an API's documentation parts.",
    import_id: "REST-API-ID/VERSION",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`{rest_api_id}/{version}`."),
        arg("rest_api_id", String, Required, "ID of the associated REST API.").force_new(),
        arg("version", String, Required, "Version identifier of the API documentation snapshot.")
            .patch(Patch::Value("/version")),
        arg("description", String, Optional, "Description of the API documentation version.")
            .patch(Patch::Value("/description")),
    ],
    blocks: &[],
    conditions: &[],
};
