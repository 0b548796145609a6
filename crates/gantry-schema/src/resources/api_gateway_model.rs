//! AWS provider 5.100 (`internal/service/apigateway/model.go`).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_model",
    provider: AWS,
    doc: "Provides a Model for a REST API Gateway: a JSON schema that methods and responses name.",
    import_id: "REST-API-ID/NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The ID of the model."),
        arg(
            "rest_api_id",
            String,
            Required,
            "ID of the associated REST API.",
        )
        .force_new(),
        arg(
            "name",
            String,
            Required,
            "Name of the model (alphanumeric).",
        )
        .force_new(),
        arg(
            "content_type",
            String,
            Required,
            "Content type of the model, e.g. `application/json`.",
        )
        .force_new(),
        arg("description", String, Optional, "Description of the model.")
            .patch(Patch::Value("/description")),
        arg(
            "schema",
            String,
            Optional,
            "Schema of the model in a JSON form.",
        )
        .rules(&[Rule::Json])
        .patch(Patch::Value("/schema")),
    ],
    blocks: &[],
    conditions: &[],
};
