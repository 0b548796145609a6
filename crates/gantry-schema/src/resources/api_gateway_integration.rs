use super::{AWS, HTTP_METHODS};
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub(crate) const INTEGRATION_TYPES: &[&str] = &["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"];

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_integration",
    provider: AWS,
    doc: "Provides an HTTP Method Integration for an API Gateway Integration.",
    import_id: "REST-API-ID/RESOURCE-ID/HTTP-METHOD",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`agi-{rest_api_id}-{resource_id}-{http_method}`."),
        arg("rest_api_id", String, Required, "The ID of the associated REST API.").force_new(),
        arg("resource_id", String, Required, "The API resource ID.").force_new(),
        arg("http_method", String, Required, "The HTTP method (`GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `OPTIONS`, `ANY`) when calling the associated resource.")
            .force_new()
            .rules(&[Rule::OneOf(HTTP_METHODS)]),
        arg("integration_http_method", String, Optional, "The integration HTTP method specifying how API Gateway will interact with the back end. Required if `type` is `AWS`, `AWS_PROXY`, `HTTP` or `HTTP_PROXY`; Lambda functions can only be invoked via `POST`.")
            .force_new()
            .rules(&[Rule::OneOf(HTTP_METHODS)]),
        arg("type", String, Required, "The integration input's type: `HTTP`, `MOCK`, `AWS`, `AWS_PROXY` or `HTTP_PROXY`.")
            .force_new()
            .rules(&[Rule::OneOf(INTEGRATION_TYPES)]),
        arg("connection_type", String, Optional, "`INTERNET` (default) or `VPC_LINK` for private connections to a network load balancer in a VPC.")
            .default(DefaultValue::String("INTERNET"))
            .rules(&[Rule::OneOf(&["INTERNET", "VPC_LINK"])])
            .patch(Patch::Value("/connectionType")),
        arg("connection_id", String, Optional, "The id of the VpcLink used for the integration. Required if `connection_type` is `VPC_LINK`.")
            .patch(Patch::Value("/connectionId")),
        arg("uri", String, Optional, "The input's URI. Required if `type` is `HTTP` or `AWS`: a fully formed HTTP(S) URL, or `arn:aws:apigateway:{region}:{service}:{path|action}/{service_api}`.")
            .patch(Patch::Value("/uri")),
        arg("credentials", String, Optional, "The credentials required for the integration: an IAM role ARN for API Gateway to assume, or `arn:aws:iam::*:user/*` to pass the caller's identity through.").force_new(),
        arg("request_templates", MapOfString, Optional, "A map of the integration's request templates, keyed by content type.")
            .patch(Patch::Keys { path: "/requestTemplates", replace_kept: true }),
        arg("request_parameters", MapOfString, Optional, "A map of request query string parameters and headers that should be passed to the backend responder.")
            .patch(Patch::Keys { path: "/requestParameters", replace_kept: false }),
        arg("request_parameters_in_json", String, Optional, "Deprecated: use `request_parameters`.")
            .rules(&[Rule::Deprecated("Use field request_parameters instead. (Removed in AWS provider 2.0.)")]),
        arg("passthrough_behavior", String, OptionalComputed, "The integration passthrough behavior: `WHEN_NO_MATCH`, `WHEN_NO_TEMPLATES` or `NEVER`. API Gateway uses `WHEN_NO_MATCH` when unset.")
            .force_new()
            .rules(&[Rule::OneOf(&["WHEN_NO_MATCH", "WHEN_NO_TEMPLATES", "NEVER"])]),
        arg("cache_key_parameters", SetOfString, Optional, "A list of cache key parameters for the integration.")
            .patch(Patch::ItemsInPath("/cacheKeyParameters")),
        arg("cache_namespace", String, OptionalComputed, "The integration's cache namespace.")
            .patch(Patch::Value("/cacheNamespace")),
        arg("content_handling", String, Optional, "How to handle request payload content type conversions: `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.")
            .rules(&[Rule::OneOf(&["CONVERT_TO_BINARY", "CONVERT_TO_TEXT"])])
            .patch(Patch::Value("/contentHandling")),
        // The seed allows 50..29,000 ms; providers since mid-2024 allow up to
        // 300,000 (AWS raised the limit). DEVELOPERS.md: follow the seed.
        arg("timeout_milliseconds", Number, Optional, "Custom timeout between 50 and 29,000 milliseconds. The default value is 29,000 milliseconds.")
            .default(DefaultValue::Number(29000.0))
            .rules(&[Rule::IntRange(50, 29000)])
            .patch(Patch::Value("/timeoutInMillis")),
    ],
    blocks: &[BlockType {
        name: "tls_config",
        min_items: 0,
        max_items: Some(1),
        force_new: false,
        computed: false,
        set: false,
        attribute_syntax: false,
        doc: "TLS configuration for HTTP integrations.",
        blocks: &[],
        attributes: &[arg("insecure_skip_verification", Bool, Optional, "Whether API Gateway skips verification that the backend's certificate was issued by a supported authority.")
            .patch(Patch::Value("/tlsConfig/insecureSkipVerification"))],
    }],
    conditions: &[
        // The provider leaves these to the API, which rejects the call at
        // apply time; catching them at validate time saves a failed apply.
        Condition::RequiredWhenOneOf {
            attr: "integration_http_method",
            when: "type",
            values: &["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY"],
            enforcement: Enforcement::Error,
            why: "API Gateway rejects such an integration (\"Enumeration value for HttpMethod must be non-empty\").",
        },
        Condition::RequiredWhenOneOf {
            attr: "uri",
            when: "type",
            values: &["HTTP", "AWS"],
            enforcement: Enforcement::Error,
            why: "API Gateway needs the backend's URI for this integration type.",
        },
        Condition::RequiredWhenOneOf {
            attr: "connection_id",
            when: "connection_type",
            values: &["VPC_LINK"],
            enforcement: Enforcement::Error,
            why: "A private integration needs the id of the VPC link to connect through.",
        },
        // Documented as required, but the provider declares it
        // Optional+Computed and the API defaults it to WHEN_NO_MATCH, so the
        // seed's own first example omits it: only a hint.
        Condition::RequiredWhenSet {
            attr: "passthrough_behavior",
            when: "request_templates",
            enforcement: Enforcement::Hint,
            why: "Without it API Gateway uses WHEN_NO_MATCH: requests whose content type has no template pass through untransformed.",
        },
        Condition::ConflictsWith("request_parameters", "request_parameters_in_json"),
    ],
};
