//! AWS provider 5.100 (`internal/service/apigateway/rest_api_policy.go`):
//! the REST API's `policy`, managed apart from the API.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_rest_api_policy",
    provider: AWS,
    doc: "Provides an API Gateway REST API Policy: the resource policy of a REST API, managed apart from the API (do not also set the API's `policy`).",
    import_id: "REST-API-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The ID of the REST API."),
        arg("rest_api_id", String, Required, "ID of the REST API.").force_new(),
        arg("policy", String, Required, "JSON formatted policy document that controls access to the API Gateway.")
            .rules(&[Rule::Json])
            .patch(Patch::Value("/policy")),
    ],
    blocks: &[],
    conditions: &[],
};
