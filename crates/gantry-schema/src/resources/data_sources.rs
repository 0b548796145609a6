use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

pub static REGION: ResourceType = ResourceType {
    name: "aws_region",
    provider: AWS,
    doc: "Provides details about the current AWS region.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The region name."),
        arg(
            "name",
            String,
            OptionalComputed,
            "Full name of the region to select (defaults to the provider's region).",
        ),
        arg(
            "endpoint",
            String,
            OptionalComputed,
            "EC2 endpoint of the region.",
        ),
        arg("description", String, Computed, "Region's description."),
    ],
    blocks: &[],
    conditions: &[],
};

pub static CALLER_IDENTITY: ResourceType = ResourceType {
    name: "aws_caller_identity",
    provider: AWS,
    doc: "Gives the effective Account ID, User ID and ARN in which Terraform is authorized.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "Account ID."),
        arg(
            "account_id",
            String,
            Computed,
            "AWS Account ID number of the account that owns or contains the calling entity.",
        ),
        arg(
            "arn",
            String,
            Computed,
            "ARN associated with the calling entity.",
        ),
        arg(
            "user_id",
            String,
            Computed,
            "Unique identifier of the calling entity.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

pub static PARTITION: ResourceType = ResourceType {
    name: "aws_partition",
    provider: AWS,
    doc: "Gives the AWS partition identifier (e.g. `aws`, `aws-cn`) for building ARNs.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg(
            "id",
            String,
            Computed,
            "Identifier of the current partition.",
        ),
        arg(
            "partition",
            String,
            Computed,
            "Identifier of the current partition (e.g. `aws`).",
        ),
        arg(
            "dns_suffix",
            String,
            Computed,
            "Base DNS domain name for the current partition (e.g. `amazonaws.com`).",
        ),
        arg(
            "reverse_dns_prefix",
            String,
            Computed,
            "Prefix of service names (e.g. `com.amazonaws`).",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

/// A block the data source only reports (a list of objects in the
/// provider's schema): not settable, read as Terraform stores it.
const fn reported(
    name: &'static str,
    doc: &'static str,
    attributes: &'static [Attribute],
) -> BlockType {
    BlockType {
        name,
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: true,
        set: false,
        attribute_syntax: false,
        doc,
        blocks: &[],
        attributes,
    }
}

/// AWS provider 5.100 (`internal/service/iam/policy_document_data_source.go`):
/// evaluated locally, no API call.
pub static IAM_POLICY_DOCUMENT: ResourceType = ResourceType {
    name: "aws_iam_policy_document",
    provider: AWS,
    doc: "Generates an IAM policy document in JSON format for use with resources that expect policy documents.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "CRC-32 of the JSON document."),
        arg("json", String, Computed, "Standard JSON policy document rendered from the arguments."),
        arg("minified_json", String, Computed, "Minified JSON policy document rendered from the arguments."),
        arg("override_json", String, Optional, "Deprecated: use `override_policy_documents`."),
        arg("override_policy_documents", ListOfString, Optional, "IAM policy documents whose statements replace those of the same `sid` (or are added)."),
        arg("policy_id", String, Optional, "ID for the policy document."),
        arg("source_json", String, Optional, "Deprecated: use `source_policy_documents`."),
        arg("source_policy_documents", ListOfString, Optional, "IAM policy documents this one is built on; statements with the same `sid` are replaced by this document's."),
        arg("version", String, Optional, "IAM policy document version: `2012-10-17` (default) or `2008-10-17`.")
            .default(DefaultValue::String("2012-10-17"))
            .rules(&[Rule::OneOf(&["2008-10-17", "2012-10-17"])]),
    ],
    blocks: &[BlockType {
        name: "statement",
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: false,
        set: false,
        attribute_syntax: false,
        doc: "A policy statement.",
        attributes: &[
            arg("sid", String, Optional, "Statement ID (unique within the document)."),
            arg("effect", String, Optional, "`Allow` (default) or `Deny`.")
                .default(DefaultValue::String("Allow"))
                .rules(&[Rule::OneOf(&["Allow", "Deny"])]),
            arg("actions", SetOfString, Optional, "Actions this statement allows or denies, e.g. `s3:GetObject`."),
            arg("not_actions", SetOfString, Optional, "Actions this statement does not apply to."),
            arg("resources", SetOfString, Optional, "Resource ARNs this statement applies to."),
            arg("not_resources", SetOfString, Optional, "Resource ARNs this statement does not apply to."),
        ],
        blocks: &[
            BlockType {
                name: "principals",
                min_items: 0,
                max_items: None,
                force_new: false,
                computed: false,
                set: true,
                attribute_syntax: false,
                doc: "Principals the statement applies to.",
                blocks: &[],
                attributes: &[
                    arg("type", String, Required, "Type of principal: `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`."),
                    arg("identifiers", SetOfString, Required, "Identifiers of the principals."),
                ],
            },
            BlockType {
                name: "not_principals",
                min_items: 0,
                max_items: None,
                force_new: false,
                computed: false,
                set: true,
                attribute_syntax: false,
                doc: "Principals the statement does not apply to.",
                blocks: &[],
                attributes: &[
                    arg("type", String, Required, "Type of principal."),
                    arg("identifiers", SetOfString, Required, "Identifiers of the principals."),
                ],
            },
            BlockType {
                name: "condition",
                min_items: 0,
                max_items: None,
                force_new: false,
                computed: false,
                set: true,
                attribute_syntax: false,
                doc: "A condition the statement applies under.",
                blocks: &[],
                attributes: &[
                    arg("test", String, Required, "Condition operator, e.g. `StringLike`."),
                    arg("variable", String, Required, "Context variable, e.g. `aws:SourceArn`."),
                    arg("values", ListOfString, Required, "Values to test against (OR)."),
                ],
            },
        ],
    }],
    conditions: &[],
};

/// AWS provider 5.100 (`internal/service/apigateway/rest_api_data_source.go`).
pub static API_GATEWAY_REST_API: ResourceType = ResourceType {
    name: "aws_api_gateway_rest_api",
    provider: AWS,
    doc: "Looks up a REST API by name (exactly one must have it).",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the REST API."),
        arg("name", String, Required, "Name of the REST API to look up."),
        arg(
            "api_key_source",
            String,
            Computed,
            "Source of the API key for requests.",
        ),
        arg("arn", String, Computed, "ARN of the REST API."),
        arg(
            "binary_media_types",
            ListOfString,
            Computed,
            "Binary media types supported by the REST API.",
        ),
        arg(
            "description",
            String,
            Computed,
            "Description of the REST API.",
        ),
        arg(
            "execution_arn",
            String,
            Computed,
            "Execution ARN part to be used in Lambda permission `source_arn`.",
        ),
        arg(
            "minimum_compression_size",
            String,
            Computed,
            "Minimum response size to compress, or empty.",
        ),
        arg(
            "policy",
            String,
            Computed,
            "JSON resource policy of the REST API.",
        ),
        arg(
            "root_resource_id",
            String,
            Computed,
            "Resource ID of the REST API's root.",
        ),
        arg(
            "tags",
            MapOfString,
            OptionalComputed,
            "Tags of the REST API.",
        ),
    ],
    blocks: &[reported(
        "endpoint_configuration",
        "Endpoint configuration of the REST API.",
        &[
            arg("types", ListOfString, Computed, "Endpoint types."),
            arg(
                "vpc_endpoint_ids",
                SetOfString,
                Computed,
                "VPC endpoint IDs.",
            ),
            arg(
                "ip_address_type",
                String,
                Computed,
                "IP address types that can invoke the API.",
            ),
        ],
    )],
    conditions: &[],
};

/// AWS provider 5.100 (`internal/service/apigateway/resource_data_source.go`).
pub static API_GATEWAY_RESOURCE: ResourceType = ResourceType {
    name: "aws_api_gateway_resource",
    provider: AWS,
    doc: "Looks up a resource of a REST API by its full path.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the resource."),
        arg(
            "rest_api_id",
            String,
            Required,
            "REST API the resource belongs to.",
        ),
        arg(
            "path",
            String,
            Required,
            "Full path of the resource, e.g. `/pets/{petId}`.",
        ),
        arg(
            "parent_id",
            String,
            Computed,
            "ID of the parent resource (empty for the root).",
        ),
        arg(
            "path_part",
            String,
            Computed,
            "Last path segment of the resource.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

/// AWS provider 5.100 (`internal/service/apigateway/vpc_link_data_source.go`).
pub static API_GATEWAY_API_KEY: ResourceType = ResourceType {
    name: "aws_api_gateway_api_key",
    provider: AWS,
    doc: "Looks up an API key by its ID, value included.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Required, "ID of the API key to look up."),
        arg("name", String, Computed, "Name of the API key."),
        arg("arn", String, Computed, "ARN of the API key."),
        arg(
            "customer_id",
            String,
            Computed,
            "AWS Marketplace customer identifier, if integrated.",
        ),
        arg(
            "description",
            String,
            Computed,
            "Description of the API key.",
        ),
        arg(
            "enabled",
            Bool,
            Computed,
            "Whether the API key can be used by callers.",
        ),
        arg(
            "created_date",
            String,
            Computed,
            "Date and time when the API key was created.",
        ),
        arg(
            "last_updated_date",
            String,
            Computed,
            "Date and time when the API key was last updated.",
        ),
        arg("value", String, Computed, "The key's value.").sensitive(),
        arg(
            "tags",
            MapOfString,
            OptionalComputed,
            "Tags of the API key, as read (a filter it is not).",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

pub static API_GATEWAY_AUTHORIZER: ResourceType = ResourceType {
    name: "aws_api_gateway_authorizer",
    provider: AWS,
    doc: "Looks up an authorizer of a REST API by its ID.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the authorizer."),
        arg(
            "rest_api_id",
            String,
            Required,
            "ID of the REST API the authorizer belongs to.",
        ),
        arg(
            "authorizer_id",
            String,
            Required,
            "ID of the authorizer to look up.",
        ),
        arg("arn", String, Computed, "ARN of the authorizer."),
        arg("name", String, Computed, "Name of the authorizer."),
        arg(
            "type",
            String,
            Computed,
            "`TOKEN`, `REQUEST` or `COGNITO_USER_POOLS`.",
        ),
        arg(
            "authorizer_uri",
            String,
            Computed,
            "URI of the Lambda function that authorizes (TOKEN and REQUEST).",
        ),
        arg(
            "authorizer_credentials",
            String,
            Computed,
            "Role API Gateway assumes to call the authorizer.",
        ),
        arg(
            "authorizer_result_ttl_in_seconds",
            Number,
            Computed,
            "How long the result is cached, in seconds.",
        ),
        arg(
            "identity_source",
            String,
            Computed,
            "Where the identity is taken from in a request.",
        ),
        arg(
            "identity_validation_expression",
            String,
            Computed,
            "Regular expression the incoming token is checked against.",
        ),
        arg(
            "provider_arns",
            ListOfString,
            Computed,
            "Cognito user pools of a COGNITO_USER_POOLS authorizer.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

pub static API_GATEWAY_AUTHORIZERS: ResourceType = ResourceType {
    name: "aws_api_gateway_authorizers",
    provider: AWS,
    doc: "Lists the IDs of a REST API's authorizers.",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The REST API's ID."),
        arg(
            "rest_api_id",
            String,
            Required,
            "ID of the REST API whose authorizers to list.",
        ),
        arg(
            "ids",
            ListOfString,
            Computed,
            "IDs of the API's authorizers.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

pub static API_GATEWAY_VPC_LINK: ResourceType = ResourceType {
    name: "aws_api_gateway_vpc_link",
    provider: AWS,
    doc: "Looks up a VPC link by name (exactly one must have it).",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the VPC link."),
        arg("name", String, Required, "Name of the VPC link to look up."),
        arg("arn", String, Computed, "ARN of the VPC link."),
        arg(
            "description",
            String,
            Computed,
            "Description of the VPC link.",
        ),
        arg("status", String, Computed, "Status of the VPC link."),
        arg(
            "status_message",
            String,
            Computed,
            "Status message of the VPC link.",
        ),
        arg(
            "target_arns",
            SetOfString,
            Computed,
            "Network load balancer ARNs of the VPC link.",
        ),
        arg(
            "tags",
            MapOfString,
            OptionalComputed,
            "Tags of the VPC link.",
        ),
    ],
    blocks: &[],
    conditions: &[],
};

/// AWS provider 5.100 (`internal/service/lambda/function_data_source.go`).
pub static LAMBDA_FUNCTION: ResourceType = ResourceType {
    name: "aws_lambda_function",
    provider: AWS,
    doc: "Looks up a Lambda function (optionally a version or alias of it).",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "Name of the function."),
        arg("function_name", String, Required, "Name of the function."),
        arg(
            "qualifier",
            String,
            Optional,
            "Version or alias to look up; the latest version when unset.",
        ),
        arg(
            "architectures",
            ListOfString,
            Computed,
            "Instruction set architectures of the function.",
        ),
        arg("arn", String, Computed, "Unqualified ARN of the function."),
        arg(
            "code_sha256",
            String,
            Computed,
            "Base64 SHA-256 of the deployment package.",
        ),
        arg(
            "code_signing_config_arn",
            String,
            Computed,
            "Code signing configuration ARN.",
        ),
        arg(
            "description",
            String,
            Computed,
            "Description of the function.",
        ),
        arg("handler", String, Computed, "Function entrypoint."),
        arg("image_uri", String, Computed, "URI of the container image."),
        arg(
            "invoke_arn",
            String,
            Computed,
            "ARN for invoking the function from API Gateway.",
        ),
        arg(
            "kms_key_arn",
            String,
            Computed,
            "KMS key for environment variables.",
        ),
        arg(
            "last_modified",
            String,
            Computed,
            "Date the function was last modified.",
        ),
        arg("layers", ListOfString, Computed, "Layer version ARNs."),
        arg("memory_size", Number, Computed, "Memory in MB."),
        arg(
            "qualified_arn",
            String,
            Computed,
            "Qualified ARN (with the version or alias).",
        ),
        arg(
            "qualified_invoke_arn",
            String,
            Computed,
            "Qualified ARN for invoking from API Gateway.",
        ),
        arg(
            "reserved_concurrent_executions",
            Number,
            Computed,
            "Reserved concurrency (-1 when unreserved).",
        ),
        arg("role", String, Computed, "Execution role ARN."),
        arg("runtime", String, Computed, "Runtime identifier."),
        arg("signing_job_arn", String, Computed, "Signing job ARN."),
        arg(
            "signing_profile_version_arn",
            String,
            Computed,
            "Signing profile version ARN.",
        ),
        arg(
            "source_code_hash",
            String,
            Computed,
            "Deprecated: base64 SHA-256 of the package (use `code_sha256`).",
        ),
        arg(
            "source_code_size",
            Number,
            Computed,
            "Size of the package in bytes.",
        ),
        arg(
            "tags",
            MapOfString,
            OptionalComputed,
            "Tags of the function.",
        ),
        arg("timeout", Number, Computed, "Timeout in seconds."),
        arg(
            "version",
            String,
            Computed,
            "Version of the function that was read.",
        ),
    ],
    blocks: &[
        reported(
            "dead_letter_config",
            "Dead letter queue.",
            &[arg(
                "target_arn",
                String,
                Computed,
                "ARN of the queue or topic.",
            )],
        ),
        reported(
            "environment",
            "Environment of the function.",
            &[arg(
                "variables",
                MapOfString,
                Computed,
                "Environment variables.",
            )],
        ),
        reported(
            "ephemeral_storage",
            "/tmp storage.",
            &[arg("size", Number, Computed, "Size in MB.")],
        ),
        reported(
            "file_system_config",
            "EFS file system.",
            &[
                arg("arn", String, Computed, "Access point ARN."),
                arg("local_mount_path", String, Computed, "Mount path."),
            ],
        ),
        reported(
            "logging_config",
            "CloudWatch Logs configuration.",
            &[
                arg(
                    "application_log_level",
                    String,
                    Computed,
                    "Application log level.",
                ),
                arg("log_format", String, Computed, "Log format."),
                arg("log_group", String, Computed, "Log group."),
                arg("system_log_level", String, Computed, "System log level."),
            ],
        ),
        reported(
            "tracing_config",
            "X-Ray tracing.",
            &[arg("mode", String, Computed, "Tracing mode.")],
        ),
        reported(
            "vpc_config",
            "VPC of the function.",
            &[
                arg(
                    "ipv6_allowed_for_dual_stack",
                    Bool,
                    Computed,
                    "IPv6 for dual-stack subnets.",
                ),
                arg(
                    "security_group_ids",
                    SetOfString,
                    Computed,
                    "Security groups.",
                ),
                arg("subnet_ids", SetOfString, Computed, "Subnets."),
                arg("vpc_id", String, Computed, "VPC."),
            ],
        ),
    ],
    conditions: &[],
};

/// AWS provider 5.100 (`internal/service/ec2/ec2_availability_zones_data_source.go`).
pub static AVAILABILITY_ZONES: ResourceType = ResourceType {
    name: "aws_availability_zones",
    provider: AWS,
    doc: "The availability zones of the provider's region (by default those available to the account, without opt-in zones).",
    import_id: "",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The region."),
        arg("all_availability_zones", Bool, Optional, "Include every zone, whatever its opt-in status."),
        arg("exclude_names", SetOfString, Optional, "Zone names to leave out."),
        arg("exclude_zone_ids", SetOfString, Optional, "Zone IDs to leave out."),
        arg("state", String, Optional, "Only zones in this state: `available`, `information`, `impaired` or `unavailable`.")
            .rules(&[Rule::OneOf(&["available", "information", "impaired", "unavailable"])]),
        arg("group_names", SetOfString, Computed, "Zone group names."),
        arg("names", ListOfString, Computed, "Zone names, sorted."),
        arg("zone_ids", ListOfString, Computed, "Zone IDs, in the order of `names`."),
    ],
    blocks: &[BlockType {
        name: "filter",
        min_items: 0,
        max_items: None,
        force_new: false,
        computed: false,
        set: true,
        attribute_syntax: false,
        doc: "A DescribeAvailabilityZones filter.",
        blocks: &[],
        attributes: &[
            arg("name", String, Required, "Filter name, e.g. `opt-in-status`."),
            arg("values", SetOfString, Required, "Values to match."),
        ],
    }],
    conditions: &[],
};
