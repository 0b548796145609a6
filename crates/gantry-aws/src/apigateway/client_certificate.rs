//! `aws_api_gateway_client_certificate`.

use gantry_config::value::Value;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found};
use crate::kind::Interrupted;
use crate::patch::patch_ops;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_client_certificate").expect("table exists")
}

fn arn(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.apigateway_arn(&format!("/clientcertificates/{id}"))
}

/// As the provider writes these two dates: Go's `time.Time.String()`
/// (`2026-12-30 14:45:38 +0000 UTC`), not RFC 3339.
fn date(d: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    let rfc = crate::values::rfc3339(d)?;
    // 2026-12-30T14:45:38Z (or with a fraction) → 2026-12-30 14:45:38
    let (day, rest) = rfc.split_once('T')?;
    let time = rest.trim_end_matches('Z');
    // not an address: a timestamp's fraction of a second.
    let time = time.split('.').next().unwrap_or(time);
    Some(format!("{day} {time} +0000 UTC"))
}

async fn read_id(ctx: &Ctx<'_>, base: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetClientCertificate",
        ctx.c
            .apigateway
            .get_client_certificate()
            .client_certificate_id(id)
    ))
    .map_err(|e| e.during("reading API Gateway Client Certificate"))?;
    let Some(c) = out else { return Ok(None) };
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("description", Some(c.description().unwrap_or_default()))
        .str("arn", Some(arn(ctx, id)))
        .str("created_date", date(c.created_date()))
        .str("expiration_date", date(c.expiration_date()))
        .str("pem_encoded_certificate", c.pem_encoded_certificate());
    tags::record(&mut o, ctx.settings, base, c.tags());
    Ok(Some(o.build()))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let tags = tags::wanted(ctx.settings, planned);
    // Nothing names a certificate: a lost answer is an unknown outcome,
    // and an interrupted one cannot be found (as in Terraform).
    let out = call!(
        ctx,
        Repeat::Duplicates,
        "GenerateClientCertificate",
        ctx.c
            .apigateway
            .generate_client_certificate()
            .set_description(a.str("description").map(str::to_string))
            .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()))
    )
    .map_err(|e| e.during("creating API Gateway Client Certificate"))?;
    let id = out.client_certificate_id().unwrap_or_default().to_string();
    read_id(ctx, planned, &id)
        .await?
        .ok_or_else(|| not_found("API Gateway Client Certificate", &id))
}

pub async fn find_interrupted(
    _ctx: &Ctx<'_>,
    _planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    Err(ProviderError::new(
        "Cannot look up an interrupted create",
        "A client certificate has no name or key to find it by: if the interrupted run made one, import it (gantry import aws_api_gateway_client_certificate.NAME ID) or delete it.",
    ))
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    let ops = sdk_patch(patch_ops(schema(), prior, planned));
    if !ops.is_empty() {
        call!(
            ctx,
            Repeat::Harmless,
            "UpdateClientCertificate",
            ctx.c
                .apigateway
                .update_client_certificate()
                .client_certificate_id(id)
                .set_patch_operations(Some(ops.clone()))
        )
        .map_err(|e| e.during("updating API Gateway Client Certificate"))?;
    }
    super::rest_api::update_tags(ctx, &arn(ctx, id), prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Client Certificate", id))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteClientCertificate",
        ctx.c
            .apigateway
            .delete_client_certificate()
            .client_certificate_id(id)
    ))
    .map_err(|e| e.during("deleting API Gateway Client Certificate"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = super::with_id(id);
    read_id(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Client Certificate", id))
}

crate::kind::register!(ClientCertificate, "aws_api_gateway_client_certificate");

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_the_provider_writes_them() {
        let d = aws_smithy_types::DateTime::from_secs(1_798_641_938);
        assert_eq!(
            super::date(Some(&d)).as_deref(),
            Some("2026-12-30 14:45:38 +0000 UTC")
        );
    }
}
