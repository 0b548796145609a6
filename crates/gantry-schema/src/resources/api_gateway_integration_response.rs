//! AWS provider 5.100 (`internal/service/apigateway/integration_response.go`).
//! No patch paths: an in-place update puts the whole response again, as
//! the provider does (it never calls UpdateIntegrationResponse; LocalStack
//! also ignores patches of `responseParameters`).

use super::{AWS, HTTP_METHODS};
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_integration_response",
    provider: AWS,
    doc: "Provides an HTTP Method Integration Response for an API Gateway Resource.",
    import_id: "REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`agir-{rest_api_id}-{resource_id}-{http_method}-{status_code}`."),
        arg("rest_api_id", String, Required, "The ID of the associated REST API.").force_new(),
        arg("resource_id", String, Required, "The API resource ID.").force_new(),
        arg("http_method", String, Required, "The HTTP method (`GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `OPTIONS`, `ANY`).")
            .force_new()
            .rules(&[Rule::OneOf(HTTP_METHODS)]),
        arg("status_code", String, Required, "The HTTP status code of the method response it maps to."),
        arg("selection_pattern", String, Optional, "Regular expression pattern used to choose an integration response based on the response from the backend. Omit it for the default response."),
        arg("response_templates", MapOfString, Optional, "A map specifying the templates used to transform the integration response body."),
        arg("response_parameters", MapOfString, Optional, "A map of response parameters that can be read from the backend response, e.g. `{ \"method.response.header.X-Some-Header\" = \"integration.response.header.X-Some-Other-Header\" }`."),
        arg("content_handling", String, Optional, "How to handle request payload content type conversions: `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.")
            .rules(&[Rule::OneOf(&["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"])]),
    ],
    blocks: &[],
    conditions: &[],
};
