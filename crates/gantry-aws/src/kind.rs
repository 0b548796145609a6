//! Every resource type the provider manages, registered once: a [`Kind`]
//! holds all the provider does with objects of one type, and [`KINDS`]
//! lists them. Adding a type is its module (with one `impl Kind`) plus its
//! schema table, and a line here.

use std::time::SystemTime;

use async_trait::async_trait;
use gantry_config::value::Value;
use gantry_executor::ProviderError;

use crate::ctx::Ctx;

/// What an interrupted create left to find its object by.
#[derive(Debug, Clone, Copy)]
pub struct Interrupted<'a> {
    /// When the create was about to be sent.
    pub since: SystemTime,
    /// The create's intent token (see [`crate::intent`]).
    pub token: &'a str,
}

#[async_trait]
pub trait Kind: Send + Sync {
    /// `aws_api_gateway_rest_api`: the schema table of the same name
    /// describes its arguments and attributes.
    fn type_name(&self) -> &'static str;

    /// Creates the object; `intent` is the create's intent token.
    async fn create(
        &self,
        ctx: &Ctx<'_>,
        planned: &Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError>;

    /// After an interrupted create: the object it made, or `None` (see
    /// `gantry_executor::Provider::find_created`).
    async fn find_created(
        &self,
        ctx: &Ctx<'_>,
        planned: &Value,
        interrupted: Interrupted<'_>,
    ) -> Result<Option<Value>, ProviderError>;

    /// The object as it is now; `None` when it is gone.
    async fn read(&self, ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError>;

    /// Changes in place what the plan says can change so. A type whose
    /// every argument forces replacement keeps the default.
    async fn update(
        &self,
        _ctx: &Ctx<'_>,
        _prior: &Value,
        _planned: &Value,
    ) -> Result<Value, ProviderError> {
        Err(cannot_update(self.type_name()))
    }

    async fn delete(&self, ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError>;

    /// The object named by Terraform's import ID for this type.
    async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError>;
}

/// Registers the module it is called in as a [`Kind`] named `$kind`, from
/// the module's functions `create(ctx, planned)` (with `intent`:
/// `create(ctx, planned, intent)`), `find_interrupted(ctx, planned,
/// interrupted)`, `read(ctx, current)`, `update(ctx, prior, planned)`
/// (unless `no_update`: every argument forces replacement), `delete(ctx,
/// prior)` and `import(ctx, id)`.
macro_rules! register {
    ($kind:ident, $type_name:literal) => {
        $crate::kind::register!(@kind $kind, $type_name, plain, update);
    };
    ($kind:ident, $type_name:literal, no_update) => {
        $crate::kind::register!(@kind $kind, $type_name, plain, no_update);
    };
    ($kind:ident, $type_name:literal, intent) => {
        $crate::kind::register!(@kind $kind, $type_name, intent, update);
    };
    ($kind:ident, $type_name:literal, intent, no_update) => {
        $crate::kind::register!(@kind $kind, $type_name, intent, no_update);
    };
    // The call's arguments are named where the method binds them (macro
    // hygiene), and passed on.
    (@create plain, $ctx:ident, $planned:ident, $intent:ident) => {
        create($ctx, $planned).await
    };
    (@create intent, $ctx:ident, $planned:ident, $intent:ident) => {
        create($ctx, $planned, $intent).await
    };
    (@update update, $self:ident, $ctx:ident, $prior:ident, $planned:ident) => {
        update($ctx, $prior, $planned).await
    };
    (@update no_update, $self:ident, $ctx:ident, $prior:ident, $planned:ident) => {
        Err($crate::kind::cannot_update($self.type_name()))
    };
    (@kind $kind:ident, $type_name:literal, $create:ident, $update:ident) => {
        #[doc = concat!("`", $type_name, "` in the provider's registry ([`crate::kind`]).")]
        pub struct $kind;

        #[async_trait::async_trait]
        impl $crate::kind::Kind for $kind {
            fn type_name(&self) -> &'static str {
                $type_name
            }

            #[allow(unused_variables)]
            async fn create(
                &self,
                ctx: &Ctx<'_>,
                planned: &Value,
                intent: Option<&str>,
            ) -> Result<Value, ProviderError> {
                $crate::kind::register!(@create $create, ctx, planned, intent)
            }

            async fn find_created(
                &self,
                ctx: &Ctx<'_>,
                planned: &Value,
                interrupted: $crate::kind::Interrupted<'_>,
            ) -> Result<Option<Value>, ProviderError> {
                find_interrupted(ctx, planned, interrupted).await
            }

            async fn read(
                &self,
                ctx: &Ctx<'_>,
                current: &Value,
            ) -> Result<Option<Value>, ProviderError> {
                read(ctx, current).await
            }

            #[allow(unused_variables)]
            async fn update(
                &self,
                ctx: &Ctx<'_>,
                prior: &Value,
                planned: &Value,
            ) -> Result<Value, ProviderError> {
                $crate::kind::register!(@update $update, self, ctx, prior, planned)
            }

            async fn delete(&self, ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
                delete(ctx, prior).await
            }

            async fn import(&self, ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
                import(ctx, id).await
            }
        }
    };
}
pub(crate) use register;

/// The error of an update asked of a type whose every argument forces
/// replacement (the plan should have replaced it).
pub fn cannot_update(type_name: &str) -> ProviderError {
    ProviderError::new(
        "Cannot update in place",
        format!(
            "Every argument of {type_name} forces replacement; the plan should have replaced it."
        ),
    )
}

/// Every type the provider manages.
pub static KINDS: &[&dyn Kind] = &[
    &crate::apigateway::rest_api::RestApi,
    &crate::apigateway::resource::ApiResource,
    &crate::apigateway::method::ApiMethod,
    &crate::apigateway::integration::ApiIntegration,
    &crate::apigateway::vpc_link::VpcLink,
    &crate::apigateway::method_response::MethodResponse,
    &crate::apigateway::integration_response::IntegrationResponse,
    &crate::apigateway::deployment::Deployment,
    &crate::apigateway::stage::Stage,
    &crate::apigateway::authorizer::Authorizer,
    &crate::apigateway::request_validator::RequestValidator,
    &crate::apigateway::model::Model,
    &crate::apigateway::gateway_response::GatewayResponse,
    &crate::apigateway::rest_api_policy::RestApiPolicy,
    &crate::apigateway::rest_api_put::RestApiPut,
    &crate::apigateway::account::Account,
    &crate::apigateway::api_key::ApiKey,
    &crate::apigateway::usage_plan::UsagePlan,
    &crate::apigateway::usage_plan_key::UsagePlanKey,
    &crate::apigateway::method_settings::MethodSettings,
    &crate::apigateway::client_certificate::ClientCertificate,
    &crate::apigateway::documentation_part::DocumentationPart,
    &crate::apigateway::documentation_version::DocumentationVersion,
    &crate::apigateway::domain_name::DomainName,
    &crate::apigateway::domain_name_access_association::DomainNameAccessAssociation,
    &crate::apigateway::base_path_mapping::BasePathMapping,
    &crate::lambda::Function,
    &crate::lambda::Permission,
    &crate::lambda_alias::Alias,
    &crate::log_group::LogGroup,
    &crate::iam::Role,
    &crate::iam_policy::Policy,
    &crate::iam_policies::inline::RolePolicy,
    &crate::iam_policies::attachment::RolePolicyAttachment,
    &crate::elb::load_balancer::Lb,
    &crate::elb::target_group::TargetGroup,
    &crate::elb::listener::Listener,
    &crate::ec2::vpc::Vpc,
    &crate::ec2::subnet::Subnet,
    &crate::ec2::security_group::SecurityGroup,
    &crate::ec2::vpc_endpoint::VpcEndpoint,
    &crate::cognito::UserPool,
];

/// The registered type of this name.
pub fn kind(type_name: &str) -> Option<&'static dyn Kind> {
    KINDS.iter().copied().find(|k| k.type_name() == type_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Validation accepts exactly the types apply can handle: every AWS
    /// schema table has a registered kind, and every kind a table.
    #[test]
    fn every_aws_schema_table_has_a_kind_and_every_kind_a_table() {
        let mut tables: Vec<&str> = gantry_schema::RESOURCE_TYPES
            .iter()
            .map(|t| t.name)
            .filter(|n| n.starts_with("aws_"))
            .collect();
        let mut kinds: Vec<&str> = KINDS.iter().map(|k| k.type_name()).collect();
        tables.sort_unstable();
        kinds.sort_unstable();
        let before = kinds.len();
        kinds.dedup();
        assert_eq!(before, kinds.len(), "a type registered twice");
        assert_eq!(tables, kinds);
    }
}
