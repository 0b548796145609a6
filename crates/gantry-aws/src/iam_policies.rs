//! `aws_iam_role_policy` (a role's inline policy) and
//! `aws_iam_role_policy_attachment` (a managed policy attached to a role).

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, ApiError};
use crate::intent;
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::values::{equivalent_json, Args, Object};

/// `aws_iam_role_policy`: PutRolePolicy creates and updates (it replaces
/// the document), so a repeat is harmless and a lookup is a GetRolePolicy.
pub mod inline {
    use super::*;

    fn schema() -> &'static ResourceType {
        gantry_schema::resource_type("aws_iam_role_policy").expect("table exists")
    }

    /// The policy's name: configured, or generated from the prefix and
    /// the intent token (see [`crate::intent`]).
    fn policy_name(a: Args<'_>, token: Option<&str>) -> String {
        intent::name_or_prefixed(a, "name", "name_prefix", "terraform-", token)
    }

    async fn read_key(
        ctx: &Ctx<'_>,
        base: &Value,
        role: &str,
        name: &str,
    ) -> Result<Option<Value>, ProviderError> {
        let out = found(call!(
            ctx,
            Repeat::Harmless,
            "GetRolePolicy",
            ctx.c
                .iam
                .get_role_policy()
                .role_name(role)
                .policy_name(name)
        ))
        .map_err(|e| e.during("reading IAM Role Policy"))?;
        let Some(p) = out else { return Ok(None) };
        let document = crate::iam::decode(p.policy_document());
        let mut o = Object::from(schema(), base);
        o.str("id", Some(format!("{role}:{name}")))
            .str("role", Some(role))
            .str("name", Some(name))
            .str("name_prefix", Some(crate::intent::prefix_of(name)))
            // `LegacyPolicyToSet`: the configured document when
            // equivalent, legacy-normalized either way.
            .str(
                "policy",
                Some(crate::json::legacy_normalized(&equivalent_json(
                    Args(base).str("policy"),
                    &document,
                ))),
            );
        Ok(Some(o.build()))
    }

    async fn put(
        ctx: &Ctx<'_>,
        planned: &Value,
        name: &str,
        doing: &str,
    ) -> Result<Value, ProviderError> {
        let a = Args(planned);
        let role = a.required("role")?;
        let document = a.required("policy")?;
        call!(
            ctx,
            Repeat::Harmless,
            "PutRolePolicy",
            ctx.c
                .iam
                .put_role_policy()
                .role_name(role)
                .policy_name(name)
                .policy_document(crate::json::legacy_normalized(document))
        )
        .map_err(|e: ApiError| e.during(doing))?;
        read_key(ctx, planned, role, name).await?.ok_or_else(|| {
            ProviderError::new(
                "IAM Role Policy vanished",
                format!("{role}:{name} was put but cannot be read back"),
            )
        })
    }

    pub async fn create(
        ctx: &Ctx<'_>,
        planned: &Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        let name = policy_name(Args(planned), intent);
        put(ctx, planned, &name, "creating IAM Role Policy").await
    }

    pub async fn find_interrupted(
        ctx: &Ctx<'_>,
        planned: &Value,
        interrupted: Interrupted<'_>,
    ) -> Result<Option<Value>, ProviderError> {
        let a = Args(planned);
        let name = policy_name(a, Some(interrupted.token));
        read_key(ctx, planned, a.required("role")?, &name).await
    }

    fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
        Ok((a.required("role")?, a.required("name")?))
    }

    pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
        let (role, name) = key(Args(current))?;
        read_key(ctx, current, role, name).await
    }

    pub async fn update(
        ctx: &Ctx<'_>,
        prior: &Value,
        planned: &Value,
    ) -> Result<Value, ProviderError> {
        let (_, name) = key(Args(prior))?;
        put(ctx, planned, name, "updating IAM Role Policy").await
    }

    pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
        let (role, name) = key(Args(prior))?;
        deleted(call!(
            ctx,
            Repeat::Harmless,
            "DeleteRolePolicy",
            ctx.c
                .iam
                .delete_role_policy()
                .role_name(role)
                .policy_name(name)
        ))
        .map_err(|e| e.during("deleting IAM Role Policy"))
    }

    pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
        let Some((role, name)) = id
            .split_once(':')
            .filter(|(r, n)| !r.is_empty() && !n.is_empty())
        else {
            return Err(ProviderError::new(
                "Invalid import ID",
                format!("Unexpected format of ID ({id:?}), expected ROLE-NAME:POLICY-NAME"),
            ));
        };
        read_key(ctx, &Value::Null, role, name)
            .await?
            .ok_or_else(|| crate::error::not_found("IAM Role Policy", id))
    }

    crate::kind::register!(RolePolicy, "aws_iam_role_policy", intent);
}

/// `aws_iam_role_policy_attachment`: AttachRolePolicy is idempotent; the
/// id is the role and a unique suffix, as the provider makes it (derived
/// from the intent token here, so that an interrupted create finds it).
pub mod attachment {
    use super::*;

    fn schema() -> &'static ResourceType {
        gantry_schema::resource_type("aws_iam_role_policy_attachment").expect("table exists")
    }

    fn key(a: Args<'_>) -> Result<(&str, &str), ProviderError> {
        Ok((a.required("role")?, a.required("policy_arn")?))
    }

    async fn attached(ctx: &Ctx<'_>, role: &str, arn: &str) -> Result<Option<bool>, ApiError> {
        let mut marker: Option<String> = None;
        loop {
            let Some(page) = found(call!(
                ctx,
                Repeat::Harmless,
                "ListAttachedRolePolicies",
                ctx.c
                    .iam
                    .list_attached_role_policies()
                    .role_name(role)
                    .set_marker(marker.clone())
            ))?
            else {
                // No such role: nothing is attached to it.
                return Ok(None);
            };
            if page
                .attached_policies()
                .iter()
                .any(|p| p.policy_arn() == Some(arn))
            {
                return Ok(Some(true));
            }
            match page.marker() {
                Some(m) if page.is_truncated() => marker = Some(m.to_string()),
                _ => return Ok(Some(false)),
            }
        }
    }

    async fn read_key(
        ctx: &Ctx<'_>,
        base: &Value,
        role: &str,
        arn: &str,
        id: String,
    ) -> Result<Option<Value>, ProviderError> {
        let held = attached(ctx, role, arn)
            .await
            .map_err(|e| e.during("reading IAM Role Policy Attachment"))?;
        if held != Some(true) {
            return Ok(None);
        }
        let mut o = Object::from(schema(), base);
        o.str("id", Some(id))
            .str("role", Some(role))
            .str("policy_arn", Some(arn));
        Ok(Some(o.build()))
    }

    pub async fn create(
        ctx: &Ctx<'_>,
        planned: &Value,
        intent: Option<&str>,
    ) -> Result<Value, ProviderError> {
        let (role, arn) = key(Args(planned))?;
        call!(
            ctx,
            Repeat::Harmless,
            "AttachRolePolicy",
            ctx.c
                .iam
                .attach_role_policy()
                .role_name(role)
                .policy_arn(arn)
        )
        .map_err(|e: ApiError| e.during("attaching IAM Role Policy"))?;
        let id = intent::unique_name(&format!("{role}-"), intent);
        read_key(ctx, planned, role, arn, id).await?.ok_or_else(|| {
            ProviderError::new(
                "IAM Role Policy Attachment vanished",
                format!("{arn} was attached to {role} but is not listed"),
            )
        })
    }

    pub async fn find_interrupted(
        ctx: &Ctx<'_>,
        planned: &Value,
        interrupted: Interrupted<'_>,
    ) -> Result<Option<Value>, ProviderError> {
        let (role, arn) = key(Args(planned))?;
        let id = intent::unique_name(&format!("{role}-"), Some(interrupted.token));
        read_key(ctx, planned, role, arn, id).await
    }

    pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
        let (role, arn) = key(Args(current))?;
        let id = Args(current).required("id")?.to_string();
        read_key(ctx, current, role, arn, id).await
    }

    pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
        let (role, arn) = key(Args(prior))?;
        deleted(call!(
            ctx,
            Repeat::Harmless,
            "DetachRolePolicy",
            ctx.c
                .iam
                .detach_role_policy()
                .role_name(role)
                .policy_arn(arn)
        ))
        .map_err(|e| e.during("detaching IAM Role Policy"))
    }

    /// `ROLE-NAME/POLICY-ARN` (the ARN has slashes of its own).
    pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
        let Some((role, arn)) = id
            .split_once('/')
            .filter(|(r, a)| !r.is_empty() && !a.is_empty())
        else {
            return Err(ProviderError::new(
                "Invalid import ID",
                format!("Unexpected format of ID ({id:?}), expected ROLE-NAME/POLICY-ARN"),
            ));
        };
        let new_id = intent::unique_name(&format!("{role}-"), None);
        read_key(ctx, &Value::Null, role, arn, new_id)
            .await?
            .ok_or_else(|| crate::error::not_found("IAM Role Policy Attachment", id))
    }

    crate::kind::register!(
        RolePolicyAttachment,
        "aws_iam_role_policy_attachment",
        intent,
        no_update
    );
}
