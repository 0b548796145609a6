//! AWS provider 5.100 (`internal/service/apigateway/method_settings.go`):
//! one method's (or every method's, `*/*`) settings in a stage, set with
//! UpdateStage at `/{method_path}/...`.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_method_settings",
    provider: AWS,
    doc: "Manages API Gateway Stage Method Settings: metrics, logging, throttling and caching of one method or all.",
    import_id: "REST-API-ID/STAGE-NAME/METHOD-PATH",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`{rest_api_id}-{stage_name}-{method_path}`."),
        arg("rest_api_id", String, Required, "ID of the REST API.").force_new(),
        arg("stage_name", String, Required, "Name of the stage.").force_new(),
        arg("method_path", String, Required, "Method path `{resource_path}/{http_method}` (without the leading slash) for one method, or `*/*` for all methods of the stage.")
            .force_new(),
    ],
    blocks: &[BlockType {
        name: "settings",
        min_items: 1,
        max_items: Some(1),
        force_new: false,
        computed: false,
        set: false,
        attribute_syntax: false,
        doc: "Settings block.",
        blocks: &[],
        attributes: &[
            arg("metrics_enabled", Bool, OptionalComputed, "Whether Amazon CloudWatch metrics are enabled for this method."),
            arg("logging_level", String, OptionalComputed, "Logging level for this method: `OFF`, `ERROR` or `INFO`.")
                .rules(&[Rule::OneOf(&["OFF", "ERROR", "INFO"])]),
            arg("data_trace_enabled", Bool, OptionalComputed, "Whether data trace logging is enabled for this method."),
            arg("throttling_burst_limit", Number, Optional, "Throttling burst limit (-1 for no throttling).")
                .default(DefaultValue::Number(-1.0)),
            arg("throttling_rate_limit", Number, Optional, "Throttling rate limit (-1 for no throttling).")
                .default(DefaultValue::Number(-1.0)),
            arg("caching_enabled", Bool, OptionalComputed, "Whether responses should be cached and returned for requests."),
            arg("cache_ttl_in_seconds", Number, OptionalComputed, "Time to live (TTL), in seconds, for cached responses."),
            arg("cache_data_encrypted", Bool, OptionalComputed, "Whether the cached responses are encrypted."),
            arg("require_authorization_for_cache_control", Bool, OptionalComputed, "Whether authorization is required for a cache invalidation request."),
            arg("unauthorized_cache_control_header_strategy", String, OptionalComputed, "How to handle unauthorized requests for cache invalidation.")
                .rules(&[Rule::OneOf(&["FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER"])]),
        ],
    }],
    conditions: &[],
};
