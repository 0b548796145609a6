//! AWS provider 5.100 (`internal/service/apigateway/gateway_response.go`):
//! created and updated by PutGatewayResponse.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_gateway_response",
    provider: AWS,
    doc: "Provides an API Gateway Gateway Response: what API Gateway answers itself (unauthorized, throttled, missing authentication token, ...).",
    import_id: "REST-API-ID/RESPONSE-TYPE",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`aggr-{rest_api_id}-{response_type}`."),
        arg("rest_api_id", String, Required, "String identifier of the associated REST API.").force_new(),
        arg("response_type", String, Required, "Response type of the associated GatewayResponse, e.g. `UNAUTHORIZED`, `DEFAULT_4XX`.")
            .force_new(),
        arg("status_code", String, Optional, "HTTP status code of the Gateway Response."),
        arg("response_templates", MapOfString, Optional, "Map of templates used to transform the response body."),
        arg("response_parameters", MapOfString, Optional, "Map of parameters (paths, query strings and headers) of the Gateway Response."),
    ],
    blocks: &[],
    conditions: &[],
};
