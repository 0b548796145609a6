//! AWS provider 5.100 (`internal/service/apigateway/request_validator.go`).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_request_validator",
    provider: AWS,
    doc: "Manages an API Gateway Request Validator, which methods name in `request_validator_id`.",
    import_id: "REST-API-ID/REQUEST-VALIDATOR-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The unique ID of the request validator."),
        arg("rest_api_id", String, Required, "ID of the associated REST API.").force_new(),
        arg("name", String, Required, "Name of the request validator.")
            .patch(Patch::Value("/name")),
        arg("validate_request_body", Bool, Optional, "Whether to validate the request body according to the configured Model schema for the method.")
            .default(DefaultValue::Bool(false))
            .patch(Patch::Value("/validateRequestBody")),
        arg("validate_request_parameters", Bool, Optional, "Whether to validate request parameters.")
            .default(DefaultValue::Bool(false))
            .patch(Patch::Value("/validateRequestParameters")),
    ],
    blocks: &[],
    conditions: &[],
};
