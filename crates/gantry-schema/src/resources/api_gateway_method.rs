use super::{AWS, HTTP_METHODS};
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_method",
    provider: AWS,
    doc: "Provides a HTTP Method for an API Gateway Resource.",
    import_id: "REST-API-ID/RESOURCE-ID/HTTP-METHOD",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`agm-{rest_api_id}-{resource_id}-{http_method}`."),
        arg("rest_api_id", String, Required, "The ID of the associated REST API.").force_new(),
        arg("resource_id", String, Required, "The API resource ID.").force_new(),
        arg("http_method", String, Required, "The HTTP Method (`GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `OPTIONS`, `ANY`).")
            .force_new()
            .rules(&[Rule::OneOf(HTTP_METHODS)]),
        // The provider has no enum here; these are the values the API accepts.
        arg("authorization", String, Required, "The type of authorization used for the method: `NONE`, `CUSTOM`, `AWS_IAM` or `COGNITO_USER_POOLS`.")
            .rules(&[Rule::OneOf(&["NONE", "CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"])])
            .patch(Patch::Value("/authorizationType")),
        arg("authorizer_id", String, Optional, "The authorizer id to be used when the authorization is `CUSTOM` or `COGNITO_USER_POOLS`.")
            .patch(Patch::Value("/authorizerId")),
        arg("authorization_scopes", SetOfString, Optional, "The authorization scopes used when the authorization is `COGNITO_USER_POOLS`.")
            .patch(Patch::ItemsAsValue("/authorizationScopes")),
        arg("api_key_required", Bool, Optional, "Specify if the method requires an API key.").default(DefaultValue::Bool(false))
            .patch(Patch::Value("/apiKeyRequired")),
        arg("operation_name", String, Optional, "The function name that will be given to the method when generating an SDK.")
            .patch(Patch::Value("/operationName")),
        arg("request_models", MapOfString, Optional, "A map of the API models used for the request's content type, e.g. `{ \"application/json\" = \"Error\" }`.")
            .patch(Patch::Keys { path: "/requestModels", replace_kept: true }),
        arg("request_parameters", MapOfBool, Optional, "A map of request parameters (from the path, query string and headers) that should be passed to the integration; `true` means required.")
            .patch(Patch::Keys { path: "/requestParameters", replace_kept: false }),
        arg("request_validator_id", String, Optional, "The ID of a `aws_api_gateway_request_validator`.")
            .patch(Patch::Value("/requestValidatorId")),
        arg("request_parameters_in_json", String, Optional, "Deprecated: use `request_parameters`.")
            .rules(&[Rule::Deprecated("Use field request_parameters instead. (Removed in AWS provider 2.0.)")]),
    ],
    blocks: &[],
    conditions: &[Condition::ConflictsWith("request_parameters", "request_parameters_in_json")],
};
