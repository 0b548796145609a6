//! One table per resource type. Sources: the seed page (which wins where it
//! differs from today's provider) and `shared/facts/terraform-and-provider.md`.

use gantry_config::model::Mode;

use crate::schema::ResourceType;

mod api_gateway_account;
mod api_gateway_api_key;
mod api_gateway_authorizer;
mod api_gateway_client_certificate;
mod api_gateway_deployment;
mod api_gateway_documentation_part;
mod api_gateway_documentation_version;
mod api_gateway_domain_name;
mod api_gateway_domain_name_access_association;
mod api_gateway_gateway_response;
mod api_gateway_integration;
mod api_gateway_integration_response;
mod api_gateway_method;
mod api_gateway_method_response;
mod api_gateway_method_settings;
mod api_gateway_model;
mod api_gateway_request_validator;
mod api_gateway_resource;
mod api_gateway_rest_api;
mod api_gateway_rest_api_policy;
mod api_gateway_rest_api_put;
mod api_gateway_stage;
mod api_gateway_usage_plan;
mod api_gateway_usage_plan_key;
mod api_gateway_vpc_link;
mod cloudwatch_log_group;
mod cognito_user_pool;
mod data_sources;
mod iam_policy;
mod iam_role;
mod iam_role_policy;
mod iam_role_policy_attachment;
mod lambda_alias;
mod lambda_function;
mod lambda_permission;
mod lb;
mod security_group;
mod terraform_data;
mod vpc;

pub(crate) const AWS: &str = "registry.terraform.io/hashicorp/aws";

/// HTTP methods API Gateway accepts (case-sensitive). The seed lists
/// `OPTION`; the provider and the API spell it `OPTIONS`.
pub(crate) const HTTP_METHODS: &[&str] = &[
    "ANY", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT",
];

pub static RESOURCE_TYPES: &[&ResourceType] = &[
    &api_gateway_deployment::TYPE,
    &api_gateway_documentation_version::TYPE,
    &api_gateway_domain_name::DOMAIN_NAME,
    &api_gateway_domain_name::BASE_PATH_MAPPING,
    &api_gateway_domain_name_access_association::TYPE,
    &api_gateway_documentation_part::TYPE,
    &api_gateway_client_certificate::TYPE,
    &api_gateway_method_settings::TYPE,
    &api_gateway_usage_plan_key::TYPE,
    &api_gateway_usage_plan::TYPE,
    &api_gateway_account::TYPE,
    &api_gateway_api_key::TYPE,
    &api_gateway_rest_api_policy::TYPE,
    &api_gateway_rest_api_put::TYPE,
    &api_gateway_request_validator::TYPE,
    &api_gateway_model::TYPE,
    &api_gateway_gateway_response::TYPE,
    &api_gateway_authorizer::TYPE,
    &api_gateway_integration::TYPE,
    &api_gateway_integration_response::TYPE,
    &api_gateway_method::TYPE,
    &api_gateway_method_response::TYPE,
    &api_gateway_resource::TYPE,
    &api_gateway_rest_api::TYPE,
    &api_gateway_stage::TYPE,
    &api_gateway_vpc_link::TYPE,
    &iam_policy::TYPE,
    &iam_role::TYPE,
    &iam_role_policy::TYPE,
    &iam_role_policy_attachment::TYPE,
    &cloudwatch_log_group::TYPE,
    &cognito_user_pool::USER_POOL,
    &lambda_alias::TYPE,
    &lambda_function::TYPE,
    &lambda_permission::TYPE,
    &vpc::VPC,
    &vpc::SUBNET,
    &vpc::VPC_ENDPOINT,
    &security_group::SECURITY_GROUP,
    &lb::TYPE,
    &lb::TARGET_GROUP,
    &lb::LISTENER,
    &terraform_data::TYPE,
];

pub static DATA_SOURCES: &[&ResourceType] = &[
    &data_sources::API_GATEWAY_API_KEY,
    &data_sources::API_GATEWAY_AUTHORIZER,
    &data_sources::API_GATEWAY_AUTHORIZERS,
    &data_sources::API_GATEWAY_RESOURCE,
    &data_sources::API_GATEWAY_REST_API,
    &data_sources::API_GATEWAY_VPC_LINK,
    &data_sources::AVAILABILITY_ZONES,
    &data_sources::CALLER_IDENTITY,
    &data_sources::IAM_POLICY_DOCUMENT,
    &data_sources::LAMBDA_FUNCTION,
    &data_sources::PARTITION,
    &data_sources::REGION,
];

pub fn resource_type(name: &str) -> Option<&'static ResourceType> {
    RESOURCE_TYPES.iter().copied().find(|t| t.name == name)
}

/// The source address of the provider a local name (`aws`, `terraform`)
/// stands for, when gantry knows a type of it.
pub fn provider_source(local_name: &str) -> Option<&'static str> {
    RESOURCE_TYPES
        .iter()
        .chain(DATA_SOURCES)
        .find(|t| gantry_config::providers::implied(t.name).name == local_name)
        .map(|t| t.provider)
}

pub fn data_source(name: &str) -> Option<&'static ResourceType> {
    DATA_SOURCES.iter().copied().find(|t| t.name == name)
}

/// The table of a `resource` (managed) or `data` block's type.
pub fn table_for(mode: Mode, name: &str) -> Option<&'static ResourceType> {
    match mode {
        Mode::Managed => resource_type(name),
        Mode::Data => data_source(name),
    }
}

/// The operations a type's `timeouts` block may set, as provider 5.100's
/// schema lists them (empty: the type has no `timeouts` block). gantry
/// accepts and checks the block; its own waits are what it uses (the
/// block is not part of the object, as the provider keeps it apart too).
pub fn timeouts(mode: gantry_config::model::Mode, type_name: &str) -> &'static [&'static str] {
    use gantry_config::model::Mode;
    match (mode, type_name) {
        (Mode::Managed, "aws_lambda_function" | "aws_lb" | "aws_vpc_endpoint") => {
            &["create", "delete", "update"]
        }
        (Mode::Managed, "aws_lb_listener") => &["create", "update"],
        (Mode::Managed, "aws_security_group" | "aws_subnet") => &["create", "delete"],
        (Mode::Managed, "aws_api_gateway_rest_api_put") => &["create"],
        (
            Mode::Data,
            "aws_availability_zones"
            | "aws_lb"
            | "aws_lb_listener"
            | "aws_lb_target_group"
            | "aws_security_group"
            | "aws_subnet"
            | "aws_vpc"
            | "aws_vpc_endpoint",
        ) => &["read"],
        _ => &[],
    }
}

/// Whether the provider writes this type with the legacy plugin SDK
/// (terraform-plugin-sdk v2), whose values Terraform treats its own way:
/// an unset argument reads as its zero value, `""` renders as null, a map
/// with an unknown value is unknown whole. Provider 5.100 writes the two
/// newest REST API types with the plugin framework, which keeps null,
/// `""` and partly unknown maps apart; `terraform_data` is Terraform's own.
pub fn legacy_sdk(type_name: &str) -> bool {
    !matches!(
        type_name,
        "terraform_data"
            | "aws_api_gateway_rest_api_put"
            | "aws_api_gateway_domain_name_access_association"
    )
}

/// Whether the AWS provider (5.100) has a resource type (`Managed`) or data
/// source (`Data`) of this name, whether or not gantry supports it.
pub fn aws_provider_has(mode: Mode, name: &str) -> bool {
    const LIST: &str = include_str!("../aws_provider_types.txt");
    let section = match mode {
        Mode::Managed => "[resource]",
        Mode::Data => "[data]",
    };
    LIST.lines()
        .skip_while(|l| *l != section)
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .any(|l| l == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_providers_types_include_every_aws_type_gantry_supports() {
        for (mode, types) in [(Mode::Managed, RESOURCE_TYPES), (Mode::Data, DATA_SOURCES)] {
            for t in types.iter().filter(|t| t.name.starts_with("aws_")) {
                assert!(aws_provider_has(mode, t.name), "{}", t.name);
            }
        }
        assert!(aws_provider_has(Mode::Managed, "aws_s3_bucket"));
        assert!(aws_provider_has(Mode::Data, "aws_regions"));
        assert!(
            !aws_provider_has(Mode::Managed, "aws_regions"),
            "a data source only"
        );
        assert!(!aws_provider_has(
            Mode::Managed,
            "aws_api_gateway_integratoin"
        ));
    }

    #[test]
    fn every_type_has_an_id_and_unique_names() {
        for t in RESOURCE_TYPES.iter().chain(DATA_SOURCES) {
            // The legacy SDK gives every type an id; the plugin framework
            // does not (aws_api_gateway_rest_api_put has none).
            assert!(
                t.attribute("id").is_some() || !legacy_sdk(t.name),
                "{} has no id",
                t.name
            );
            let mut names: Vec<&str> = t.readable_names().collect();
            let n = names.len();
            names.sort();
            names.dedup();
            assert_eq!(n, names.len(), "{} repeats a name", t.name);
            for a in t.attributes {
                assert!(!a.doc.is_empty(), "{}.{} has no doc", t.name, a.name);
            }
        }
    }
}
