//! AWS provider 5.100 (`internal/service/apigateway/authorizer.go`). The
//! provider also forces replacement when `type` changes to or from
//! COGNITO_USER_POOLS; gantry plans such a change in place, which the API
//! rejects (a known gap).

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_authorizer",
    provider: AWS,
    doc: "Provides an API Gateway Authorizer: a Lambda function (TOKEN or REQUEST) or a Cognito user pool that authorizes calls to methods.",
    import_id: "REST-API-ID/AUTHORIZER-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The ID of the authorizer."),
        arg("rest_api_id", String, Required, "ID of the associated REST API.").force_new(),
        arg("name", String, Required, "Name of the authorizer.")
            .patch(Patch::Value("/name")),
        arg("type", String, Optional, "Type of the authorizer: `TOKEN` (a Lambda function with a single authorization token), `REQUEST` (a Lambda function with request parameters) or `COGNITO_USER_POOLS`.")
            .default(DefaultValue::String("TOKEN"))
            .rules(&[Rule::OneOf(&["TOKEN", "REQUEST", "COGNITO_USER_POOLS"])])
            .patch(Patch::Value("/type")),
        arg("authorizer_uri", String, Optional, "Authorizer's Uniform Resource Identifier: for TOKEN and REQUEST, a Lambda function's `invoke_arn`.")
            .patch(Patch::Value("/authorizerUri")),
        arg("authorizer_credentials", String, Optional, "Credentials required for the authorizer: the ARN of an IAM role API Gateway assumes to invoke it.")
            .patch(Patch::Value("/authorizerCredentials")),
        arg("authorizer_result_ttl_in_seconds", Number, Optional, "TTL of cached authorizer results in seconds (0 disables caching).")
            .default(DefaultValue::Number(300.0))
            .rules(&[Rule::IntRange(0, 3600)])
            .patch(Patch::Value("/authorizerResultTtlInSeconds")),
        arg("identity_source", String, Optional, "Source of the identity in an incoming request.")
            .default(DefaultValue::String("method.request.header.Authorization"))
            .patch(Patch::Value("/identitySource")),
        arg("identity_validation_expression", String, Optional, "Validation expression for the incoming identity (TOKEN only).")
            .patch(Patch::Value("/identityValidationExpression")),
        arg("provider_arns", SetOfString, Optional, "List of the Amazon Cognito user pool ARNs (COGNITO_USER_POOLS only).")
            .patch(Patch::ItemsAsValue("/providerARNs")),
        arg("arn", String, Computed, "ARN: `arn:aws:apigateway:{region}::/restapis/{rest_api_id}/authorizers/{id}`."),
    ],
    blocks: &[],
    conditions: &[
        Condition::RequiredWhenOneOf {
            attr: "authorizer_uri",
            when: "type",
            values: &["TOKEN", "REQUEST"],
            enforcement: Enforcement::Error,
            why: "A Lambda authorizer needs the function to call (the provider checks this at plan time).",
        },
        Condition::RequiredWhenOneOf {
            attr: "provider_arns",
            when: "type",
            values: &["COGNITO_USER_POOLS"],
            enforcement: Enforcement::Error,
            why: "A Cognito authorizer needs the user pools to check tokens against (the provider checks this at plan time).",
        },
    ],
};
