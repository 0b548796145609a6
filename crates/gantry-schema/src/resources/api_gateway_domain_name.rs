//! AWS provider 5.100 (`internal/service/apigateway/domain_name.go` and
//! `base_path_mapping.go`): a custom domain and the mappings of its paths
//! to API stages.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static DOMAIN_NAME: ResourceType = ResourceType {
    name: "aws_api_gateway_domain_name",
    provider: AWS,
    doc: "Registers a custom domain name for use with API Gateway (edge-optimized with `certificate_arn`, regional with `regional_certificate_arn`).",
    import_id: "DOMAIN-NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The domain name."),
        arg("domain_name", String, Required, "Fully-qualified domain name to register.").force_new(),
        arg("arn", String, Computed, "ARN of the domain name."),
        arg("certificate_arn", String, Optional, "ARN of an ACM certificate for an edge-optimized domain name."),
        arg("certificate_name", String, Optional, "Unique name for an uploaded certificate (edge-optimized)."),
        arg("certificate_body", String, Optional, "Certificate in PEM format (edge-optimized, uploaded).").force_new(),
        arg("certificate_chain", String, Optional, "Intermediate certificates in PEM format.").force_new(),
        arg("certificate_private_key", String, Optional, "Private key of the uploaded certificate.")
            .force_new()
            .sensitive(),
        arg("certificate_upload_date", String, Computed, "Upload date of the certificate."),
        arg("cloudfront_domain_name", String, Computed, "CloudFront distribution of an edge-optimized domain (the alias target)."),
        arg("cloudfront_zone_id", String, Computed, "Hosted zone of the CloudFront distribution."),
        arg("domain_name_id", String, Computed, "Identifier API Gateway gives the domain name (private domain names are addressed by it)."),
        arg("ownership_verification_certificate_arn", String, OptionalComputed, "ARN of the certificate that proves ownership (mutual TLS with a non-ACM certificate)."),
        arg("policy", String, Optional, "Resource policy of a private custom domain name.").rules(&[Rule::Json]),
        arg("regional_certificate_arn", String, Optional, "ARN of an ACM certificate for a regional domain name."),
        arg("regional_certificate_name", String, Optional, "Name of the certificate of a regional domain name."),
        arg("regional_domain_name", String, Computed, "Hostname of a regional domain name (the alias target)."),
        arg("regional_zone_id", String, Computed, "Hosted zone of the regional endpoint."),
        arg("security_policy", String, OptionalComputed, "TLS version and cipher suite: `TLS_1_0` or `TLS_1_2`."),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the domain name."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the domain name, including provider default tags."),
    ],
    blocks: &[
        BlockType {
            name: "endpoint_configuration",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: true,
            set: false,
            attribute_syntax: false,
            doc: "Endpoint type of the domain name.",
            blocks: &[],
            attributes: &[
                arg("types", ListOfString, Required, "One endpoint type: `EDGE`, `REGIONAL` or `PRIVATE`.")
                    .rules(&[Rule::OneOf(&["EDGE", "REGIONAL", "PRIVATE"]), Rule::MaxItems(1), Rule::MinItems(1)]),
                arg("ip_address_type", String, OptionalComputed, "`ipv4` or `dualstack`."),
            ],
        },
        BlockType {
            name: "mutual_tls_authentication",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "Mutual TLS: the truststore clients' certificates are checked against.",
            blocks: &[],
            attributes: &[
                arg("truststore_uri", String, Required, "S3 URL of the truststore (`s3://bucket/key`)."),
                arg("truststore_version", String, Optional, "Version of the truststore object."),
            ],
        },
    ],
    conditions: &[
        Condition::ConflictsWith("certificate_arn", "regional_certificate_arn"),
        Condition::ConflictsWith("certificate_name", "regional_certificate_name"),
    ],
};

pub static BASE_PATH_MAPPING: ResourceType = ResourceType {
    name: "aws_api_gateway_base_path_mapping",
    provider: AWS,
    doc: "Connects a custom domain name with a deployed API: requests to the domain under `base_path` go to the API's stage.",
    import_id: "DOMAIN-NAME/BASE-PATH",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "`DOMAIN-NAME/BASE-PATH`."),
        arg("domain_name", String, Required, "Already-registered domain name to connect the API to.").force_new(),
        arg("domain_name_id", String, Optional, "Identifier of a private domain name.").force_new(),
        arg("api_id", String, Required, "ID of the API to connect."),
        arg("base_path", String, Optional, "Path segment that must be prepended to the path when accessing the API (empty: the root)."),
        arg("stage_name", String, Optional, "Name of a stage of the API (empty: every stage, the name as the first path segment)."),
    ],
    blocks: &[],
    conditions: &[],
};
