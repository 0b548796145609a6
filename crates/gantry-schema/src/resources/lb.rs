//! AWS provider 5.100 (`internal/service/elbv2/load_balancer.go`,
//! `target_group.go`, `listener.go`): what a VPC link targets (a network
//! load balancer), its targets and its listeners. Several arguments of
//! `aws_lb` default by load balancer type (the provider's CustomizeDiff);
//! the AWS provider plans those (`gantry_aws::elb`), so they have no
//! default here.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

const LOGS: &[Attribute] = &[
    arg("bucket", String, Required, "S3 bucket the logs go to."),
    arg("enabled", Bool, Optional, "Whether the logs are written.")
        .default(DefaultValue::Bool(false)),
    arg("prefix", String, Optional, "S3 key prefix of the logs."),
];

pub static TYPE: ResourceType = ResourceType {
    name: "aws_lb",
    provider: AWS,
    doc: "Provides a Load Balancer resource (a network load balancer is what a VPC link targets).",
    import_id: "LOAD-BALANCER-ARN",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ARN of the load balancer."),
        arg("name", String, OptionalComputed, "Name of the LB: at most 32 characters, alphanumerics and hyphens.").force_new().rules(&[Rule::MaxLength(32)]),
        arg("name_prefix", String, OptionalComputed, "Creates a unique name beginning with the specified prefix.").force_new().rules(&[Rule::MaxLength(6)]),
        arg("internal", Bool, OptionalComputed, "If true, the LB will be internal.").force_new(),
        arg("load_balancer_type", String, Optional, "Type of load balancer: `application` (default), `network` or `gateway`.")
            .default(DefaultValue::String("application"))
            .force_new()
            .rules(&[Rule::OneOf(&["application", "network", "gateway"])]),
        arg("subnets", SetOfString, OptionalComputed, "List of subnet IDs to attach to the LB."),
        arg("security_groups", SetOfString, OptionalComputed, "List of security group IDs to assign to the LB."),
        arg("ip_address_type", String, OptionalComputed, "Type of IP addresses used by the subnets: `ipv4`, `dualstack` or `dualstack-without-public-ipv4`.").rules(&[Rule::OneOf(&["ipv4", "dualstack", "dualstack-without-public-ipv4"])]),
        arg("customer_owned_ipv4_pool", String, Optional, "ID of the customer owned IPv4 address pool (Outposts).").force_new(),
        arg("enforce_security_group_inbound_rules_on_private_link_traffic", String, OptionalComputed, "Whether inbound security group rules apply to PrivateLink traffic (network load balancers): `on` or `off`.").rules(&[Rule::OneOf(&["on", "off"])]),
        arg("enable_deletion_protection", Bool, Optional, "If true, deletion of the load balancer will be disabled via the AWS API.").default(DefaultValue::Bool(false)),
        arg("enable_cross_zone_load_balancing", Bool, Optional, "If true, cross-zone load balancing is enabled (network and gateway load balancers; default false)."),
        arg("enable_zonal_shift", Bool, Optional, "Whether zonal shift is enabled (application and network load balancers; default false)."),
        arg("dns_record_client_routing_policy", String, Optional, "How traffic is distributed among the availability zones (network load balancers; default `any_availability_zone`).").rules(&[Rule::OneOf(&["any_availability_zone", "availability_zone_affinity", "partial_availability_zone_affinity"])]),
        arg("idle_timeout", Number, Optional, "Time in seconds that a connection may be idle (application load balancers; default 60)."),
        arg("client_keep_alive", Number, Optional, "Client keep-alive in seconds (application load balancers; default 3600).").rules(&[Rule::IntRange(60, 604800)]),
        arg("desync_mitigation_mode", String, Optional, "How the load balancer handles requests that might pose a security risk (application load balancers; default `defensive`).").rules(&[Rule::OneOf(&["monitor", "defensive", "strictest"])]),
        arg("drop_invalid_header_fields", Bool, Optional, "Whether invalid HTTP header fields are dropped (application load balancers; default false)."),
        arg("enable_http2", Bool, Optional, "Whether HTTP/2 is enabled (application load balancers; default true)."),
        arg("enable_tls_version_and_cipher_suite_headers", Bool, Optional, "Whether the TLS version and cipher suite headers are added (application load balancers; default false)."),
        arg("enable_waf_fail_open", Bool, Optional, "Whether requests are routed to targets when WAF cannot be reached (application load balancers; default false)."),
        arg("enable_xff_client_port", Bool, Optional, "Whether X-Forwarded-For keeps the client's source port (application load balancers; default false)."),
        arg("preserve_host_header", Bool, Optional, "Whether the Host header is preserved (application load balancers; default false)."),
        arg("xff_header_processing_mode", String, Optional, "How X-Forwarded-For is processed (application load balancers; default `append`).").rules(&[Rule::OneOf(&["append", "preserve", "remove"])]),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the resource."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "ARN of the load balancer."),
        arg("arn_suffix", String, Computed, "ARN suffix for use with CloudWatch Metrics."),
        arg("dns_name", String, Computed, "DNS name of the load balancer."),
        arg("zone_id", String, Computed, "Canonical hosted zone ID of the load balancer."),
        arg("vpc_id", String, Computed, "ID of the VPC of the load balancer."),
    ],
    blocks: &[
        block("access_logs", "Access logs to S3.", LOGS).one(),
        block("connection_logs", "Connection logs to S3 (application load balancers).", LOGS).one(),
        block("ipam_pools", "IPAM pool to allocate the load balancer's IPv4 addresses from.", &[
            arg("ipv4_ipam_pool_id", String, Required, "ID of the IPv4 IPAM pool."),
        ])
        .one(),
        block("minimum_load_balancer_capacity", "Minimum capacity reserved for the load balancer.", &[
            arg("capacity_units", Number, Required, "Capacity units to reserve."),
        ])
        .one(),
        block("subnet_mapping", "Subnet mapping block.", &[
            arg("subnet_id", String, Required, "ID of the subnet to attach."),
            arg("allocation_id", String, Optional, "Allocation ID of the Elastic IP address for an internet-facing load balancer."),
            arg("ipv6_address", String, Optional, "IPv6 address of the load balancer in the subnet."),
            arg("outpost_id", String, Computed, "ID of the Outpost of the subnet."),
            arg("private_ipv4_address", String, Optional, "Private IPv4 address for an internal load balancer."),
        ])
        .set()
        .computed(),
    ],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};

const PROTOCOLS: &[&str] = &["GENEVE", "HTTP", "HTTPS", "TCP", "TCP_UDP", "TLS", "UDP"];

pub static TARGET_GROUP: ResourceType = ResourceType {
    name: "aws_lb_target_group",
    provider: AWS,
    doc: "Provides a Target Group resource for use with Load Balancer resources.",
    import_id: "TARGET-GROUP-ARN",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ARN of the target group."),
        arg("arn", String, Computed, "ARN of the target group."),
        arg("arn_suffix", String, Computed, "ARN suffix for use with CloudWatch Metrics."),
        arg("name", String, OptionalComputed, "Name of the target group: at most 32 characters, alphanumerics and hyphens.").force_new().rules(&[Rule::MaxLength(32)]),
        arg("name_prefix", String, OptionalComputed, "Creates a unique name beginning with the specified prefix.").force_new().rules(&[Rule::MaxLength(6)]),
        arg("port", Number, Optional, "Port the targets receive traffic on (required unless `target_type` is `lambda`).").force_new().rules(&[Rule::IntRange(1, 65535)]),
        arg("protocol", String, Optional, "Protocol to route traffic to targets with (required unless `target_type` is `lambda`).").force_new().rules(&[Rule::OneOf(PROTOCOLS)]),
        arg("protocol_version", String, OptionalComputed, "`HTTP1`, `HTTP2` or `GRPC` (HTTP and HTTPS target groups).").force_new(),
        arg("target_type", String, Optional, "Type of target: `instance`, `ip`, `lambda` or `alb`.").default(DefaultValue::String("instance")).force_new().rules(&[Rule::OneOf(&["instance", "ip", "lambda", "alb"])]),
        arg("vpc_id", String, Optional, "VPC of the targets (required unless `target_type` is `lambda`).").force_new(),
        arg("ip_address_type", String, OptionalComputed, "`ipv4` or `ipv6`.").force_new().rules(&[Rule::OneOf(&["ipv4", "ipv6"])]),
        arg("connection_termination", Bool, OptionalComputed, "Whether connections are terminated at the end of the deregistration timeout (network load balancers)."),
        arg("deregistration_delay", String, Optional, "Seconds to wait before a deregistering target is removed (0 to 3600).").default(DefaultValue::String("300")),
        arg("lambda_multi_value_headers_enabled", Bool, Optional, "Whether request and response headers are exchanged as multi-value headers (Lambda targets).").default(DefaultValue::Bool(false)),
        arg("load_balancer_arns", SetOfString, Computed, "ARNs of the load balancers the target group is attached to."),
        arg("load_balancing_algorithm_type", String, OptionalComputed, "`round_robin`, `least_outstanding_requests` or `weighted_random`.").rules(&[Rule::OneOf(&["round_robin", "least_outstanding_requests", "weighted_random"])]),
        arg("load_balancing_anomaly_mitigation", String, OptionalComputed, "`on` or `off` (with `weighted_random`).").rules(&[Rule::OneOf(&["on", "off"])]),
        arg("load_balancing_cross_zone_enabled", String, OptionalComputed, "`true`, `false` or `use_load_balancer_configuration`.").rules(&[Rule::OneOf(&["true", "false", "use_load_balancer_configuration"])]),
        arg("preserve_client_ip", String, OptionalComputed, "Whether client IP preservation is enabled."),
        arg("proxy_protocol_v2", Bool, Optional, "Whether proxy protocol v2 is enabled (network load balancers).").default(DefaultValue::Bool(false)),
        arg("slow_start", Number, Optional, "Seconds targets warm up before receiving their full share (0, or 30 to 900).").default(DefaultValue::Number(0.0)),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the resource."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
    ],
    blocks: &[
        block("health_check", "Health check of the targets.", &[
            arg("enabled", Bool, Optional, "Whether health checks are enabled.").default(DefaultValue::Bool(true)),
            arg("healthy_threshold", Number, Optional, "Consecutive successes before a target is healthy (2 to 10).").default(DefaultValue::Number(3.0)).rules(&[Rule::IntRange(2, 10)]),
            arg("interval", Number, Optional, "Seconds between health checks (5 to 300).").default(DefaultValue::Number(30.0)).rules(&[Rule::IntRange(5, 300)]),
            arg("matcher", String, OptionalComputed, "HTTP or gRPC codes a healthy target answers with."),
            arg("path", String, OptionalComputed, "Destination of HTTP health checks."),
            arg("port", String, Optional, "Port of the health checks, or `traffic-port`.").default(DefaultValue::String("traffic-port")),
            arg("protocol", String, Optional, "Protocol of the health checks: `HTTP`, `HTTPS` or `TCP`.").default(DefaultValue::String("HTTP")),
            arg("timeout", Number, OptionalComputed, "Seconds without an answer that fail a health check (2 to 120).").rules(&[Rule::IntRange(2, 120)]),
            arg("unhealthy_threshold", Number, Optional, "Consecutive failures before a target is unhealthy (2 to 10).").default(DefaultValue::Number(3.0)).rules(&[Rule::IntRange(2, 10)]),
        ])
        .one()
        .computed(),
        block("stickiness", "Session stickiness.", &[
            arg("cookie_duration", Number, Optional, "Seconds a sticky session lasts (HTTP and HTTPS).").default(DefaultValue::Number(86400.0)),
            arg("cookie_name", String, Optional, "Name of the application cookie (`app_cookie`)."),
            arg("enabled", Bool, Optional, "Whether stickiness is enabled.").default(DefaultValue::Bool(true)),
            arg("type", String, Required, "`lb_cookie`, `app_cookie`, `source_ip`, `source_ip_dest_ip` or `source_ip_dest_ip_proto`.").rules(&[Rule::OneOf(&["lb_cookie", "app_cookie", "source_ip", "source_ip_dest_ip", "source_ip_dest_ip_proto"])]),
        ])
        .one()
        .computed(),
        block("target_failover", "Target failover (GENEVE target groups).", &[
            arg("on_deregistration", String, Required, "`rebalance` or `no_rebalance`."),
            arg("on_unhealthy", String, Required, "`rebalance` or `no_rebalance`."),
        ])
        .computed(),
        block("target_group_health", "Target group health requirements.", &[])
            .one()
            .computed()
            .blocks(&[
                block("dns_failover", "When the load balancer's DNS stops answering with the zone.", &[
                    arg("minimum_healthy_targets_count", String, Optional, "Minimum healthy targets, or `off`.").default(DefaultValue::String("off")),
                    arg("minimum_healthy_targets_percentage", String, Optional, "Minimum healthy percentage, or `off`.").default(DefaultValue::String("off")),
                ])
                .one(),
                block("unhealthy_state_routing", "When traffic goes to all targets, healthy or not.", &[
                    arg("minimum_healthy_targets_count", Number, Optional, "Minimum healthy targets.").default(DefaultValue::Number(1.0)),
                    arg("minimum_healthy_targets_percentage", String, Optional, "Minimum healthy percentage, or `off`.").default(DefaultValue::String("off")),
                ])
                .one(),
            ]),
        block("target_health_state", "Target health state (TCP and TLS target groups).", &[
            arg("enable_unhealthy_connection_termination", Bool, Required, "Whether connections to unhealthy targets are terminated."),
            arg("unhealthy_draining_interval", Number, Optional, "Seconds to drain an unhealthy target (0 to 360000).").default(DefaultValue::Number(0.0)),
        ])
        .computed(),
    ],
    conditions: &[Condition::ConflictsWith("name", "name_prefix")],
};

const ACTION_TYPES: &[&str] = &[
    "forward",
    "authenticate-oidc",
    "authenticate-cognito",
    "redirect",
    "fixed-response",
];

const UNAUTHENTICATED: &[&str] = &["deny", "allow", "authenticate"];

pub static LISTENER: ResourceType = ResourceType {
    name: "aws_lb_listener",
    provider: AWS,
    doc: "Provides a Load Balancer Listener resource.",
    import_id: "LISTENER-ARN",
    schema_version: 0,
    attributes: &[
    arg("id", String, Computed, "ARN of the listener."),
    arg("arn", String, Computed, "ARN of the listener."),
    arg("load_balancer_arn", String, Required, "ARN of the load balancer.").force_new(),
    arg("port", Number, Optional, "Port the load balancer listens on (not for gateway load balancers).").rules(&[Rule::IntRange(1, 65535)]),
    arg("protocol", String, OptionalComputed, "Protocol clients connect with: `HTTP`, `HTTPS` (application), `TCP`, `TLS`, `UDP`, `TCP_UDP` (network).").rules(&[Rule::OneOf(PROTOCOLS)]),
    arg("ssl_policy", String, OptionalComputed, "Name of the SSL policy (HTTPS and TLS listeners)."),
    arg("certificate_arn", String, Optional, "ARN of the default server certificate (HTTPS and TLS listeners)."),
    arg("alpn_policy", String, Optional, "ALPN policy of a TLS listener."),
    arg("tcp_idle_timeout_seconds", Number, OptionalComputed, "Seconds a TCP connection may be idle (TCP listeners; 60 to 6000).").rules(&[Rule::IntRange(60, 6000)]),
    arg("tags", MapOfString, Optional, "Map of tags to assign to the resource."),
    arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
    arg("routing_http_request_x_amzn_mtls_clientcert_header_name", String, OptionalComputed, "Name of the header carrying the client certificate (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_mtls_clientcert_issuer_header_name", String, OptionalComputed, "Name of the header carrying the client certificate's issuer (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_mtls_clientcert_leaf_header_name", String, OptionalComputed, "Name of the header carrying the client's leaf certificate (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name", String, OptionalComputed, "Name of the header carrying the client certificate's serial number (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_mtls_clientcert_subject_header_name", String, OptionalComputed, "Name of the header carrying the client certificate's subject (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_mtls_clientcert_validity_header_name", String, OptionalComputed, "Name of the header carrying the client certificate's validity (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_tls_cipher_suite_header_name", String, OptionalComputed, "Name of the header carrying the TLS cipher suite (HTTPS listeners)."),
    arg("routing_http_request_x_amzn_tls_version_header_name", String, OptionalComputed, "Name of the header carrying the TLS version (HTTPS listeners)."),
    arg("routing_http_response_access_control_allow_credentials_header_value", String, OptionalComputed, "Access-Control-Allow-Credentials of responses."),
    arg("routing_http_response_access_control_allow_headers_header_value", String, OptionalComputed, "Access-Control-Allow-Headers of responses."),
    arg("routing_http_response_access_control_allow_methods_header_value", String, OptionalComputed, "Access-Control-Allow-Methods of responses."),
    arg("routing_http_response_access_control_allow_origin_header_value", String, OptionalComputed, "Access-Control-Allow-Origin of responses."),
    arg("routing_http_response_access_control_expose_headers_header_value", String, OptionalComputed, "Access-Control-Expose-Headers of responses."),
    arg("routing_http_response_access_control_max_age_header_value", String, OptionalComputed, "Access-Control-Max-Age of responses."),
    arg("routing_http_response_content_security_policy_header_value", String, OptionalComputed, "Content-Security-Policy of responses."),
    arg("routing_http_response_server_enabled", Bool, OptionalComputed, "Whether responses carry the Server header."),
    arg("routing_http_response_strict_transport_security_header_value", String, OptionalComputed, "Strict-Transport-Security of responses."),
    arg("routing_http_response_x_content_type_options_header_value", String, OptionalComputed, "X-Content-Type-Options of responses."),
    arg("routing_http_response_x_frame_options_header_value", String, OptionalComputed, "X-Frame-Options of responses."),
    ],
    blocks: &[
        block("default_action", "What the listener does with a request.", &[
            arg("type", String, Required, "`forward`, `redirect`, `fixed-response`, `authenticate-cognito` or `authenticate-oidc`.").rules(&[Rule::OneOf(ACTION_TYPES)]),
            arg("order", Number, OptionalComputed, "Order of the action (1 to 50000).").rules(&[Rule::IntRange(1, 50000)]),
            arg("target_group_arn", String, Optional, "Target group to forward to (`forward` with one target group)."),
        ])
        .required()
        .blocks(&[
            block("authenticate_cognito", "Authenticate users through a Cognito user pool.", &[
                arg("authentication_request_extra_params", MapOfString, Optional, "Query parameters added to the authorization request."),
                arg("on_unauthenticated_request", String, OptionalComputed, "`deny`, `allow` or `authenticate`.").rules(&[Rule::OneOf(UNAUTHENTICATED)]),
                arg("scope", String, OptionalComputed, "Claims requested from the IdP."),
                arg("session_cookie_name", String, OptionalComputed, "Name of the session cookie."),
                arg("session_timeout", Number, OptionalComputed, "Seconds an authenticated session lasts."),
                arg("user_pool_arn", String, Required, "ARN of the Cognito user pool."),
                arg("user_pool_client_id", String, Required, "ID of the user pool client."),
                arg("user_pool_domain", String, Required, "Domain prefix or fully qualified domain of the user pool."),
            ])
            .one(),
            block("authenticate_oidc", "Authenticate users through an OpenID Connect IdP.", &[
                arg("authentication_request_extra_params", MapOfString, Optional, "Query parameters added to the authorization request."),
                arg("authorization_endpoint", String, Required, "Authorization endpoint of the IdP."),
                arg("client_id", String, Required, "OAuth 2.0 client identifier."),
                arg("client_secret", String, Required, "OAuth 2.0 client secret.").sensitive(),
                arg("issuer", String, Required, "OIDC issuer identifier of the IdP."),
                arg("on_unauthenticated_request", String, OptionalComputed, "`deny`, `allow` or `authenticate`.").rules(&[Rule::OneOf(UNAUTHENTICATED)]),
                arg("scope", String, OptionalComputed, "Claims requested from the IdP."),
                arg("session_cookie_name", String, OptionalComputed, "Name of the session cookie."),
                arg("session_timeout", Number, OptionalComputed, "Seconds an authenticated session lasts."),
                arg("token_endpoint", String, Required, "Token endpoint of the IdP."),
                arg("user_info_endpoint", String, Required, "User info endpoint of the IdP."),
            ])
            .one(),
            block("fixed_response", "Answer with a fixed response.", &[
                arg("content_type", String, Required, "`text/plain`, `text/css`, `text/html`, `application/javascript` or `application/json`."),
                arg("message_body", String, Optional, "Body of the response."),
                arg("status_code", String, OptionalComputed, "HTTP status code of the response (2XX, 4XX or 5XX)."),
            ])
            .one(),
            block("forward", "Forward to one or more weighted target groups.", &[])
                .one()
                .blocks(&[
                    block("stickiness", "Stickiness to a target group.", &[
                        arg("duration", Number, Required, "Seconds requests stick to the same target group (1 to 604800)."),
                        arg("enabled", Bool, Optional, "Whether stickiness is enabled.").default(DefaultValue::Bool(false)),
                    ])
                    .one(),
                    block("target_group", "A target group and its weight.", &[
                        arg("arn", String, Required, "ARN of the target group."),
                        arg("weight", Number, Optional, "Weight of the target group (0 to 999).").default(DefaultValue::Number(1.0)),
                    ])
                    .set()
                    .required()
                    .max(5),
                ]),
            block("redirect", "Redirect the request.", &[
                arg("host", String, Optional, "Hostname of the redirect, `#{host}` by default.").default(DefaultValue::String("#{host}")),
                arg("path", String, Optional, "Path of the redirect, `/#{path}` by default.").default(DefaultValue::String("/#{path}")),
                arg("port", String, Optional, "Port of the redirect, `#{port}` by default.").default(DefaultValue::String("#{port}")),
                arg("protocol", String, Optional, "`HTTP`, `HTTPS` or `#{protocol}` (the default).").default(DefaultValue::String("#{protocol}")),
                arg("query", String, Optional, "Query of the redirect, `#{query}` by default.").default(DefaultValue::String("#{query}")),
                arg("status_code", String, Required, "`HTTP_301` or `HTTP_302`.").rules(&[Rule::OneOf(&["HTTP_301", "HTTP_302"])]),
            ])
            .one(),
        ]),
        block("mutual_authentication", "Mutual TLS of an HTTPS listener.", &[
            arg("advertise_trust_store_ca_names", String, OptionalComputed, "`on` or `off`."),
            arg("ignore_client_certificate_expiry", Bool, Optional, "Whether expired client certificates are accepted.").default(DefaultValue::Bool(false)),
            arg("mode", String, Required, "`off`, `passthrough` or `verify`.").rules(&[Rule::OneOf(&["off", "passthrough", "verify"])]),
            arg("trust_store_arn", String, Optional, "ARN of the trust store (`verify`)."),
        ])
        .one()
        .computed(),
    ],
    conditions: &[],
};
