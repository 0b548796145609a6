use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::Presence::*;
use crate::schema::*;

pub static TYPE: ResourceType = ResourceType {
    name: "aws_api_gateway_rest_api",
    provider: AWS,
    doc: "Provides an API Gateway REST API.",
    import_id: "REST-API-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "The ID of the REST API."),
        arg("name", String, Required, "The name of the REST API.")
            .patch(Patch::Value("/name")),
        arg("description", String, OptionalComputed, "The description of the REST API.")
            .patch(Patch::Value("/description")),
        arg("api_key_source", String, OptionalComputed, "The source of the API key for requests: `HEADER` (default) or `AUTHORIZER`.")
            .rules(&[Rule::OneOf(&["HEADER", "AUTHORIZER"])])
            .patch(Patch::Value("/apiKeySource")),
        arg("binary_media_types", ListOfString, OptionalComputed, "The list of binary media types supported by the REST API.")
            .patch(Patch::ItemsInPath("/binaryMediaTypes")),
        arg("body", String, Optional, "An OpenAPI specification that defines the set of routes and integrations to create as part of the REST API."),
        arg("disable_execute_api_endpoint", Bool, OptionalComputed, "Whether clients can invoke the API by using the default execute-api endpoint.")
            .patch(Patch::Value("/disableExecuteApiEndpoint")),
        // No default in the provider (5.100): an imported API plans no
        // change to it (settled with Terraform + the provider on the
        // emulator); the body import sends false when unset.
        arg("fail_on_warnings", Bool, Optional, "Whether warnings while API Gateway is creating or updating the resource should return an error (default `false`)."),
        arg("minimum_compression_size", String, OptionalComputed, "Minimum response size to compress for the REST API, from -1 (disabled) to 10485760 bytes.")
            .rules(&[Rule::IntRange(-1, 10485760)])
            .patch(Patch::Value("/minimumCompressionSize")),
        arg("parameters", MapOfString, Optional, "Map of customizations for importing the specification in the `body` argument."),
        arg("policy", String, OptionalComputed, "JSON formatted policy document that controls access to the API Gateway.").rules(&[Rule::Json])
            .patch(Patch::Value("/policy")),
        arg("put_rest_api_mode", String, Optional, "Mode of the PutRestApi operation when importing an OpenAPI specification via `body`: `overwrite` (default) or `merge`.")
            .rules(&[Rule::OneOf(&["merge", "overwrite"])]),
        arg("tags", MapOfString, Optional, "Key-value map of resource tags."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the resource, including provider default tags."),
        arg("arn", String, Computed, "ARN: `arn:aws:apigateway:{region}::/restapis/{id}`."),
        arg("execution_arn", String, Computed, "The execution ARN part to be used in `aws_lambda_permission`'s `source_arn`: `arn:aws:execute-api:{region}:{account}:{id}`."),
        arg("created_date", String, Computed, "The creation date of the REST API."),
        arg("root_resource_id", String, Computed, "The resource ID of the REST API's root (`/`)."),
    ],
    blocks: &[BlockType {
        name: "endpoint_configuration",
        min_items: 0,
        max_items: Some(1),
        force_new: false,
        computed: true,
        set: false,
        attribute_syntax: false,
        doc: "Configuration block defining API endpoint configuration including endpoint type.",
        blocks: &[],
        attributes: &[
            arg("types", ListOfString, Required, "A list of exactly one endpoint type: `EDGE`, `REGIONAL` or `PRIVATE`.")
                .rules(&[Rule::MinItems(1), Rule::MaxItems(1), Rule::OneOf(&["EDGE", "REGIONAL", "PRIVATE"])])
                // One type, so the list's only element is what changes.
                .patch(Patch::Value("/endpointConfiguration/types/0")),
            arg("vpc_endpoint_ids", SetOfString, OptionalComputed, "Set of VPC Endpoint identifiers (only for `PRIVATE`).")
                .patch(Patch::ItemsAsValue("/endpointConfiguration/vpcEndpointIds")),
            arg("ip_address_type", String, OptionalComputed, "`ipv4` or `dualstack`.").rules(&[Rule::OneOf(&["ipv4", "dualstack"])])
                .patch(Patch::Value("/endpointConfiguration/ipAddressType")),
        ],
    }],
    conditions: &[],
};
