//! AWS provider 5.100 (`internal/service/apigateway/rest_api_put.go`, a
//! plugin-framework resource): one PutRestApi (mode `overwrite`) of an
//! OpenAPI document into an existing REST API. Every argument forces a new
//! put; deleting it changes nothing in AWS.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_rest_api_put",
    provider: AWS,
    doc: "Puts an OpenAPI document into an existing REST API (PutRestApi, mode `overwrite`), replacing its resources and methods. Destroying it leaves the API as it is.",
    import_id: "REST-API-ID",
    schema_version: 0,
    attributes: &[
        arg("rest_api_id", String, Required, "ID of the REST API to put the document into.").force_new(),
        arg("body", String, Required, "OpenAPI (or Swagger) document, JSON or YAML.").force_new(),
        arg("fail_on_warnings", Bool, OptionalComputed, "Whether to stop the put on a warning (the API's own default: no).").force_new(),
        arg("parameters", MapOfString, Optional, "Import parameters, e.g. `ignore = \"documentation\"`, `basepath = \"split\"`.").force_new(),
        arg("triggers", MapOfString, Optional, "Arbitrary values whose change puts the document again.").force_new(),
    ],
    blocks: &[],
    conditions: &[],
};
