//! AWS provider 5.100 (`internal/service/apigateway/method_response.go`).
//! `status_code` is not force-new in the provider (a change is sent as an
//! update of the response of the new code); gantry plans it as the
//! provider does.

use super::{AWS, HTTP_METHODS};
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_method_response",
    provider: AWS,
    doc: "Provides an HTTP Method Response for an API Gateway Resource.",
    import_id: "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE",
    schema_version: 0,
    attributes: &[
        arg(
            "id",
            String,
            Computed,
            "`agmr-{rest_api_id}-{resource_id}-{http_method}-{status_code}`.",
        ),
        arg(
            "rest_api_id",
            String,
            Required,
            "The string identifier of the associated REST API.",
        )
        .force_new(),
        arg(
            "resource_id",
            String,
            Required,
            "The Resource identifier for the method resource.",
        )
        .force_new(),
        arg(
            "http_method",
            String,
            Required,
            "The HTTP verb of the method resource.",
        )
        .force_new()
        .rules(&[Rule::OneOf(HTTP_METHODS)]),
        arg(
            "status_code",
            String,
            Required,
            "The method response's status code.",
        ),
        arg(
            "response_models",
            MapOfString,
            Optional,
            "A map of the API models used for the response's content type.",
        )
        .patch(Patch::Keys {
            path: "/responseModels",
            replace_kept: false,
        }),
        arg(
            "response_parameters",
            MapOfBool,
            Optional,
            "A map of response parameters that can be sent to the caller; `true` means required.",
        )
        .patch(Patch::Keys {
            path: "/responseParameters",
            replace_kept: false,
        }),
    ],
    blocks: &[],
    conditions: &[],
};
