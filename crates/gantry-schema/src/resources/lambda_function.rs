use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

/// Runtime identifiers the Lambda API has defined, deprecated ones included
/// (the seed uses `python2.7`; the API decides whether it still accepts it).
const RUNTIMES: &[&str] = &[
    "nodejs",
    "nodejs4.3",
    "nodejs4.3-edge",
    "nodejs6.10",
    "nodejs8.10",
    "nodejs10.x",
    "nodejs12.x",
    "nodejs14.x",
    "nodejs16.x",
    "nodejs18.x",
    "nodejs20.x",
    "nodejs22.x",
    "java8",
    "java8.al2",
    "java11",
    "java17",
    "java21",
    "python2.7",
    "python3.6",
    "python3.7",
    "python3.8",
    "python3.9",
    "python3.10",
    "python3.11",
    "python3.12",
    "python3.13",
    "dotnetcore1.0",
    "dotnetcore2.0",
    "dotnetcore2.1",
    "dotnetcore3.1",
    "dotnet6",
    "dotnet8",
    "go1.x",
    "ruby2.5",
    "ruby2.7",
    "ruby3.2",
    "ruby3.3",
    "ruby3.4",
    "provided",
    "provided.al2",
    "provided.al2023",
];

pub static TYPE: ResourceType = ResourceType {
    name: "aws_lambda_function",
    provider: AWS,
    doc: "Provides a Lambda Function resource.",
    import_id: "FUNCTION-NAME",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The function name."),
        arg("function_name", String, Required, "Unique name for your Lambda Function.").force_new().rules(&[Rule::MaxLength(140)]),
        arg("role", String, Required, "Amazon Resource Name (ARN) of the function's execution role."),
        arg("filename", String, Optional, "Path to the function's deployment package within the local filesystem."),
        arg("image_uri", String, Optional, "ECR image URI containing the function's deployment package."),
        arg("s3_bucket", String, Optional, "S3 bucket location containing the function's deployment package."),
        arg("s3_key", String, Optional, "S3 key of an object containing the function's deployment package."),
        arg("s3_object_version", String, Optional, "Object version containing the function's deployment package."),
        arg("handler", String, Optional, "Function entrypoint in your code."),
        arg("runtime", String, Optional, "Identifier of the function's runtime.").rules(&[Rule::OneOf(RUNTIMES)]),
        arg("package_type", String, Optional, "Lambda deployment package type: `Zip` or `Image`.")
            .default(DefaultValue::String("Zip"))
            .force_new()
            .rules(&[Rule::OneOf(&["Zip", "Image"])]),
        arg("description", String, Optional, "Description of what your Lambda Function does."),
        arg("memory_size", Number, Optional, "Amount of memory in MB your Lambda Function can use at runtime.")
            .default(DefaultValue::Number(128.0))
            .rules(&[Rule::IntRange(128, 10240)]),
        arg("timeout", Number, Optional, "Amount of time your Lambda Function has to run in seconds.")
            .default(DefaultValue::Number(3.0))
            .rules(&[Rule::IntRange(1, 900)]),
        arg("publish", Bool, Optional, "Whether to publish creation/change as new Lambda Function Version.").default(DefaultValue::Bool(false)),
        arg("reserved_concurrent_executions", Number, Optional, "Amount of reserved concurrent executions for this lambda function; -1 removes the limit.")
            .default(DefaultValue::Number(-1.0)),
        arg("source_code_hash", String, OptionalComputed, "Base64-encoded SHA256 hash of the package file, used to trigger updates (e.g. `filebase64sha256(\"lambda.zip\")`)."),
        arg("layers", ListOfString, Optional, "List of Lambda Layer Version ARNs (maximum of 5)."),
        arg("architectures", ListOfString, OptionalComputed, "Instruction set architecture: `x86_64` or `arm64`.")
            .rules(&[Rule::MaxItems(1), Rule::OneOf(&["x86_64", "arm64"])]),
        arg("kms_key_arn", String, Optional, "ARN of the KMS key used to encrypt environment variables."),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the object."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "Amazon Resource Name (ARN) identifying your Lambda Function."),
        arg("invoke_arn", String, Computed, "ARN to be used for invoking the function from API Gateway: `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`."),
        arg("qualified_arn", String, Computed, "ARN identifying your Lambda Function Version."),
        arg("qualified_invoke_arn", String, Computed, "Qualified ARN to be used for invoking the function from API Gateway."),
        arg("version", String, Computed, "Latest published version of your Lambda Function."),
        arg("last_modified", String, Computed, "Date this resource was last modified."),
        arg("source_code_size", Number, Computed, "Size in bytes of the function .zip file."),
        arg("code_sha256", String, Computed, "Base64-encoded SHA256 hash of the deployed package."),
        arg("code_signing_config_arn", String, Optional, "ARN of a code-signing configuration for the function."),
        arg("signing_job_arn", String, Computed, "ARN of the signing job."),
        arg("signing_profile_version_arn", String, Computed, "ARN of the signing profile version."),
        arg("skip_destroy", Bool, Optional, "Keep the function (forget it only) when the resource is destroyed.")
            .default(DefaultValue::Bool(false)),
        arg("replace_security_groups_on_destroy", Bool, Optional, "Deprecated: replace the function's security groups before a destroy."),
        arg("replacement_security_group_ids", SetOfString, Optional, "Deprecated: security groups put on the function's network interfaces before a destroy."),
    ],
    blocks: &[
        BlockType {
            name: "environment",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "Configuration block of environment variables.",
            blocks: &[],
            attributes: &[arg("variables", MapOfString, Optional, "Map of environment variables available to your Lambda function during execution.")],
        },
        BlockType {
            name: "vpc_config",
            min_items: 0,
            max_items: Some(1),
            force_new: false,
            computed: false,
            set: false,
            attribute_syntax: false,
            doc: "Configuration block for VPC networking.",
            blocks: &[],
            attributes: &[
                arg("subnet_ids", SetOfString, Required, "List of subnet IDs associated with the Lambda function."),
                arg("security_group_ids", SetOfString, Required, "List of security group IDs associated with the Lambda function."),
                arg("ipv6_allowed_for_dual_stack", Bool, Optional, "Allows outbound IPv6 traffic on VPC functions that are connected to dual-stack subnets.").default(DefaultValue::Bool(false)),
                arg("vpc_id", String, Computed, "ID of the VPC."),
            ],
        },
        one("dead_letter_config", false, "Where failed asynchronous invocations go.", &[
            arg("target_arn", String, Required, "ARN of an SNS topic or SQS queue."),
        ]),
        one("ephemeral_storage", true, "Size of the function's /tmp.", &[
            arg("size", Number, OptionalComputed, "Size of /tmp in MB (512 to 10240)."),
        ]),
        one("file_system_config", false, "An EFS file system to mount.", &[
            arg("arn", String, Required, "ARN of the EFS access point."),
            arg("local_mount_path", String, Required, "Path the function can access the file system at (`/mnt/...`)."),
        ]),
        one("image_config", false, "Container image settings that override the image's.", &[
            arg("command", ListOfString, Optional, "Parameters to pass to the entry point."),
            arg("entry_point", ListOfString, Optional, "Entry point to the application."),
            arg("working_directory", String, Optional, "Working directory."),
        ]),
        one("logging_config", true, "Where and how the function logs.", &[
            arg("log_format", String, Required, "`Text` or `JSON`.").rules(&[Rule::OneOf(&["Text", "JSON"])]),
            arg("application_log_level", String, Optional, "Application log level (JSON format only)."),
            arg("log_group", String, OptionalComputed, "CloudWatch log group (default `/aws/lambda/<name>`)."),
            arg("system_log_level", String, Optional, "System log level (JSON format only)."),
        ]),
        one("snap_start", false, "SnapStart settings.", &[
            arg("apply_on", String, Required, "`PublishedVersions` or `None`."),
            arg("optimization_status", String, Computed, "Whether SnapStart is active."),
        ]),
        one("tracing_config", true, "X-Ray tracing.", &[
            arg("mode", String, Required, "`PassThrough` or `Active`.").rules(&[Rule::OneOf(&["PassThrough", "Active"])]),
        ]),
    ],
    conditions: &[Condition::ExactlyOneOf(&["filename", "image_uri", "s3_bucket"])],
};

/// A block of at most one item; `computed`: left out, the one the API
/// reports stays.
const fn one(
    name: &'static str,
    computed: bool,
    doc: &'static str,
    attributes: &'static [Attribute],
) -> BlockType {
    BlockType {
        name,
        min_items: 0,
        max_items: Some(1),
        force_new: false,
        computed,
        set: false,
        attribute_syntax: false,
        doc,
        blocks: &[],
        attributes,
    }
}
