//! `aws_cognito_user_pool`: the user directory a `COGNITO_USER_POOLS`
//! authorizer checks tokens against. Its MFA settings are written and read
//! apart (SetUserPoolMfaConfig, GetUserPoolMfaConfig), as the provider
//! does.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::types::{
    AccountRecoverySettingType, AdminCreateUserConfigType, AdvancedSecurityAdditionalFlowsType,
    AdvancedSecurityEnabledModeType, AdvancedSecurityModeType, AliasAttributeType,
    AttributeDataType, AuthFactorType, CustomEmailLambdaVersionConfigType,
    CustomSmsLambdaVersionConfigType, DefaultEmailOptionType, DeletionProtectionType,
    DeviceConfigurationType, EmailConfigurationType, EmailMfaConfigType, EmailSendingAccountType,
    LambdaConfigType, MessageTemplateType, NumberAttributeConstraintsType, PasswordPolicyType,
    PreTokenGenerationLambdaVersionType, PreTokenGenerationVersionConfigType,
    RecoveryOptionNameType, RecoveryOptionType, SchemaAttributeType, SignInPolicyType,
    SmsConfigurationType, SmsMfaConfigType, SoftwareTokenMfaConfigType,
    StringAttributeConstraintsType, UserAttributeUpdateSettingsType, UserPoolAddOnsType,
    UserPoolMfaType, UserPoolPolicyType, UserPoolTierType, UserPoolType, UsernameAttributeType,
    UsernameConfigurationType, VerificationMessageTemplateType, VerifiedAttributeType,
    WebAuthnConfigurationType,
};
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use crate::ctx::{call, Ctx};
use crate::error::{not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{rfc3339, sdk_item, Args, Object};

const WHAT: &str = "Cognito User Pool";

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_cognito_user_pool").expect("table exists")
}

fn one<T>(a: Args<'_>, name: &str, f: impl FnOnce(Args<'_>) -> T) -> Option<T> {
    a.block(name).map(f)
}

fn s(a: Args<'_>, name: &str) -> Option<String> {
    a.str(name).map(str::to_string)
}

fn lambda_version(b: Args<'_>) -> (Option<String>, Option<String>) {
    (s(b, "lambda_arn"), s(b, "lambda_version"))
}

fn lambda_config(a: Args<'_>) -> Option<LambdaConfigType> {
    one(a, "lambda_config", |l| {
        LambdaConfigType::builder()
            .set_create_auth_challenge(s(l, "create_auth_challenge"))
            .set_custom_message(s(l, "custom_message"))
            .set_define_auth_challenge(s(l, "define_auth_challenge"))
            .set_kms_key_id(s(l, "kms_key_id"))
            .set_post_authentication(s(l, "post_authentication"))
            .set_post_confirmation(s(l, "post_confirmation"))
            .set_pre_authentication(s(l, "pre_authentication"))
            .set_pre_sign_up(s(l, "pre_sign_up"))
            .set_pre_token_generation(s(l, "pre_token_generation"))
            .set_user_migration(s(l, "user_migration"))
            .set_verify_auth_challenge_response(s(l, "verify_auth_challenge_response"))
            .set_custom_email_sender(
                one(l, "custom_email_sender", |b| {
                    let (arn, version) = lambda_version(b);
                    CustomEmailLambdaVersionConfigType::builder()
                        .set_lambda_arn(arn)
                        .set_lambda_version(version.map(|v| v.as_str().into()))
                        .build()
                        .ok()
                })
                .flatten(),
            )
            .set_custom_sms_sender(
                one(l, "custom_sms_sender", |b| {
                    let (arn, version) = lambda_version(b);
                    CustomSmsLambdaVersionConfigType::builder()
                        .set_lambda_arn(arn)
                        .set_lambda_version(version.map(|v| v.as_str().into()))
                        .build()
                        .ok()
                })
                .flatten(),
            )
            .set_pre_token_generation_config(
                one(l, "pre_token_generation_config", |b| {
                    let (arn, version) = lambda_version(b);
                    PreTokenGenerationVersionConfigType::builder()
                        .set_lambda_arn(arn)
                        .set_lambda_version(
                            version.map(|v| PreTokenGenerationLambdaVersionType::from(v.as_str())),
                        )
                        .build()
                        .ok()
                })
                .flatten(),
            )
            .build()
    })
}

fn password_policy(a: Args<'_>) -> Option<UserPoolPolicyType> {
    let password = one(a, "password_policy", |p| {
        PasswordPolicyType::builder()
            .set_minimum_length(p.int("minimum_length"))
            .set_password_history_size(p.int("password_history_size").filter(|n| *n > 0))
            .set_require_lowercase(p.bool("require_lowercase"))
            .set_require_numbers(p.bool("require_numbers"))
            .set_require_symbols(p.bool("require_symbols"))
            .set_require_uppercase(p.bool("require_uppercase"))
            .set_temporary_password_validity_days(
                p.int("temporary_password_validity_days").filter(|n| *n > 0),
            )
            .build()
    });
    let sign_in = one(a, "sign_in_policy", |p| {
        SignInPolicyType::builder()
            .set_allowed_first_auth_factors(Some(
                p.strings("allowed_first_auth_factors")
                    .iter()
                    .map(|f| AuthFactorType::from(f.as_str()))
                    .collect(),
            ))
            .build()
    });
    (password.is_some() || sign_in.is_some()).then(|| {
        UserPoolPolicyType::builder()
            .set_password_policy(password)
            .set_sign_in_policy(sign_in)
            .build()
    })
}

fn schema_attributes(a: Args<'_>) -> Option<Vec<SchemaAttributeType>> {
    let items = a.get("schema").elements()?;
    Some(
        items
            .iter()
            .map(|i| {
                let x = Args(i);
                SchemaAttributeType::builder()
                    .set_name(s(x, "name"))
                    .set_attribute_data_type(
                        x.str("attribute_data_type").map(AttributeDataType::from),
                    )
                    .set_developer_only_attribute(x.bool("developer_only_attribute"))
                    .set_mutable(x.bool("mutable"))
                    .set_required(x.bool("required"))
                    .set_number_attribute_constraints(one(x, "number_attribute_constraints", |c| {
                        NumberAttributeConstraintsType::builder()
                            .set_max_value(s(c, "max_value"))
                            .set_min_value(s(c, "min_value"))
                            .build()
                    }))
                    .set_string_attribute_constraints(one(x, "string_attribute_constraints", |c| {
                        StringAttributeConstraintsType::builder()
                            .set_max_length(s(c, "max_length"))
                            .set_min_length(s(c, "min_length"))
                            .build()
                    }))
                    .build()
            })
            .collect(),
    )
    .filter(|v: &Vec<_>| !v.is_empty())
}

fn sms_configuration(a: Args<'_>) -> Option<SmsConfigurationType> {
    one(a, "sms_configuration", |c| {
        SmsConfigurationType::builder()
            .set_external_id(s(c, "external_id"))
            .set_sns_caller_arn(s(c, "sns_caller_arn"))
            .set_sns_region(s(c, "sns_region"))
            .build()
    })
}

/// The settings CreateUserPool and UpdateUserPool share, applied through
/// a closure per field so one list serves both builders.
macro_rules! pool_settings {
    ($req:expr, $a:expr) => {{
        let a: Args<'_> = $a;
        $req.set_auto_verified_attributes(
            Some(
                a.strings("auto_verified_attributes")
                    .iter()
                    .map(|v| VerifiedAttributeType::from(v.as_str()))
                    .collect(),
            )
            .filter(|v: &Vec<_>| !v.is_empty()),
        )
        .set_deletion_protection(
            a.str("deletion_protection")
                .map(DeletionProtectionType::from),
        )
        .set_account_recovery_setting(one(a, "account_recovery_setting", |r| {
            AccountRecoverySettingType::builder()
                .set_recovery_mechanisms(Some(
                    r.get("recovery_mechanism")
                        .elements()
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|m| {
                            let m = Args(m);
                            RecoveryOptionType::builder()
                                .set_name(m.str("name").map(RecoveryOptionNameType::from))
                                .set_priority(m.int("priority"))
                                .build()
                                .ok()
                        })
                        .collect(),
                ))
                .build()
        }))
        .set_admin_create_user_config(one(a, "admin_create_user_config", |c| {
            AdminCreateUserConfigType::builder()
                .set_allow_admin_create_user_only(c.bool("allow_admin_create_user_only"))
                .set_invite_message_template(one(c, "invite_message_template", |t| {
                    MessageTemplateType::builder()
                        .set_email_message(s(t, "email_message"))
                        .set_email_subject(s(t, "email_subject"))
                        .set_sms_message(s(t, "sms_message"))
                        .build()
                }))
                .build()
        }))
        .set_device_configuration(one(a, "device_configuration", |d| {
            DeviceConfigurationType::builder()
                .set_challenge_required_on_new_device(d.bool("challenge_required_on_new_device"))
                .set_device_only_remembered_on_user_prompt(
                    d.bool("device_only_remembered_on_user_prompt"),
                )
                .build()
        }))
        .set_email_configuration(one(a, "email_configuration", |e| {
            EmailConfigurationType::builder()
                .set_configuration_set(s(e, "configuration_set"))
                .set_email_sending_account(
                    e.str("email_sending_account")
                        .map(EmailSendingAccountType::from),
                )
                .set_from(s(e, "from_email_address"))
                .set_reply_to_email_address(s(e, "reply_to_email_address"))
                .set_source_arn(s(e, "source_arn"))
                .build()
        }))
        .set_email_verification_message(s(a, "email_verification_message"))
        .set_email_verification_subject(s(a, "email_verification_subject"))
        .set_lambda_config(lambda_config(a))
        .set_policies(password_policy(a))
        .set_sms_authentication_message(s(a, "sms_authentication_message"))
        .set_sms_configuration(sms_configuration(a))
        .set_sms_verification_message(s(a, "sms_verification_message"))
        .set_user_attribute_update_settings(one(a, "user_attribute_update_settings", |u| {
            UserAttributeUpdateSettingsType::builder()
                .set_attributes_require_verification_before_update(Some(
                    u.strings("attributes_require_verification_before_update")
                        .iter()
                        .map(|v| VerifiedAttributeType::from(v.as_str()))
                        .collect(),
                ))
                .build()
        }))
        .set_user_pool_add_ons(
            one(a, "user_pool_add_ons", |u| {
                UserPoolAddOnsType::builder()
                    .set_advanced_security_mode(
                        u.str("advanced_security_mode")
                            .map(AdvancedSecurityModeType::from),
                    )
                    .set_advanced_security_additional_flows(one(
                        u,
                        "advanced_security_additional_flows",
                        |f| {
                            AdvancedSecurityAdditionalFlowsType::builder()
                                .set_custom_auth_mode(
                                    f.str("custom_auth_mode")
                                        .map(AdvancedSecurityEnabledModeType::from),
                                )
                                .build()
                        },
                    ))
                    .build()
                    .ok()
            })
            .flatten(),
        )
        .set_verification_message_template(one(a, "verification_message_template", |t| {
            VerificationMessageTemplateType::builder()
                .set_default_email_option(
                    t.str("default_email_option")
                        .map(DefaultEmailOptionType::from),
                )
                .set_email_message(s(t, "email_message"))
                .set_email_message_by_link(s(t, "email_message_by_link"))
                .set_email_subject(s(t, "email_subject"))
                .set_email_subject_by_link(s(t, "email_subject_by_link"))
                .set_sms_message(s(t, "sms_message"))
                .build()
        }))
        .set_user_pool_tier(a.str("user_pool_tier").map(UserPoolTierType::from))
    }};
}

/// SetUserPoolMfaConfig: MFA on or off, TOTP, SMS (with MFA on only: the
/// API refuses an SMS configuration with MFA off), email MFA and passkeys.
async fn set_mfa(ctx: &Ctx<'_>, id: &str, a: Args<'_>) -> Result<(), ProviderError> {
    let mode = a.str("mfa_configuration").unwrap_or("OFF");
    let mut req = ctx
        .c
        .cognito
        .set_user_pool_mfa_config()
        .user_pool_id(id)
        .mfa_configuration(UserPoolMfaType::from(mode))
        .set_software_token_mfa_configuration(one(a, "software_token_mfa_configuration", |t| {
            SoftwareTokenMfaConfigType::builder()
                .set_enabled(t.bool("enabled"))
                .build()
        }))
        .set_email_mfa_configuration(one(a, "email_mfa_configuration", |e| {
            EmailMfaConfigType::builder()
                .set_message(s(e, "message"))
                .set_subject(s(e, "subject"))
                .build()
        }))
        .set_web_authn_configuration(one(a, "web_authn_configuration", |w| {
            WebAuthnConfigurationType::builder()
                .set_relying_party_id(s(w, "relying_party_id"))
                .set_user_verification(w.str("user_verification").map(Into::into))
                .build()
        }));
    if let (Some(sms), true) = (sms_configuration(a), mode != "OFF") {
        req = req.sms_mfa_configuration(
            SmsMfaConfigType::builder()
                .sms_configuration(sms)
                .set_sms_authentication_message(s(a, "sms_authentication_message"))
                .build(),
        );
    }
    call!(ctx, Repeat::Harmless, "SetUserPoolMfaConfig", req.clone())
        .map(|_| ())
        .map_err(|e| e.during(&format!("setting {WHAT} ({id}) MFA configuration")))
}

/// Does the configuration ask for more MFA than a new pool has?
fn wants_mfa(a: Args<'_>) -> bool {
    a.str("mfa_configuration").is_some_and(|m| m != "OFF")
        || [
            "software_token_mfa_configuration",
            "email_mfa_configuration",
            "web_authn_configuration",
        ]
        .iter()
        .any(|b| a.block(b).is_some())
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("name")?;
    let req = ctx
        .c
        .cognito
        .create_user_pool()
        .pool_name(name)
        .set_alias_attributes(
            Some(
                a.strings("alias_attributes")
                    .iter()
                    .map(|v| AliasAttributeType::from(v.as_str()))
                    .collect(),
            )
            .filter(|v: &Vec<_>| !v.is_empty()),
        )
        .set_username_attributes(
            Some(
                a.strings("username_attributes")
                    .iter()
                    .map(|v| UsernameAttributeType::from(v.as_str()))
                    .collect(),
            )
            .filter(|v: &Vec<_>| !v.is_empty()),
        )
        .set_schema(schema_attributes(a))
        .set_username_configuration(
            one(a, "username_configuration", |u| {
                UsernameConfigurationType::builder()
                    .set_case_sensitive(u.bool("case_sensitive"))
                    .build()
                    .ok()
            })
            .flatten(),
        )
        .set_user_pool_tags(Some(tags::wanted(ctx.settings, planned)).filter(|t| !t.is_empty()));
    let req = pool_settings!(req, a);
    let out = call!(ctx, Repeat::Duplicates, "CreateUserPool", req.clone())
        .map_err(|e| e.during(&format!("creating {WHAT} ({name})")))?;
    let id = out
        .user_pool()
        .and_then(|p| p.id())
        .unwrap_or_default()
        .to_string();
    if wants_mfa(a) {
        set_mfa(ctx, &id, a).await?;
    }
    read_id(ctx, planned, &id)
        .await?
        .ok_or_else(|| not_found(WHAT, &id))
}

async fn describe(ctx: &Ctx<'_>, id: &str) -> Result<Option<UserPoolType>, ApiError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "DescribeUserPool",
        ctx.c.cognito.describe_user_pool().user_pool_id(id)
    ) {
        Ok(o) => Ok(o.user_pool().cloned()),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

/// A block of at most one item, read from what the API answered (`None`:
/// no item), as the provider's flatten functions build it.
fn item(block: &str, fields: Option<BTreeMap<String, Value>>) -> Value {
    let b = schema().block(block).expect("table has it");
    Value::List(
        fields
            .map(|f| sdk_item(b.attributes, b.blocks, f))
            .into_iter()
            .collect(),
    )
}

fn nested_item(block: &str, nested: &str, fields: Option<BTreeMap<String, Value>>) -> Value {
    let b = schema().block(block).expect("table has it");
    let nb = b
        .blocks
        .iter()
        .find(|x| x.name == nested)
        .expect("table has it");
    Value::List(
        fields
            .map(|f| sdk_item(nb.attributes, nb.blocks, f))
            .into_iter()
            .collect(),
    )
}

#[derive(Default)]
struct Fields(BTreeMap<String, Value>);

impl Fields {
    fn str(mut self, k: &str, v: Option<&str>) -> Fields {
        if let Some(v) = v {
            self.0.insert(k.into(), Value::string(v));
        }
        self
    }
    fn bool(mut self, k: &str, v: Option<bool>) -> Fields {
        if let Some(v) = v {
            self.0.insert(k.into(), Value::Bool(v));
        }
        self
    }
    fn num(mut self, k: &str, v: Option<i32>) -> Fields {
        if let Some(v) = v {
            self.0.insert(k.into(), Value::int(v));
        }
        self
    }
    fn val(mut self, k: &str, v: Value) -> Fields {
        self.0.insert(k.into(), v);
        self
    }
}

fn strings<T: AsRef<str>>(xs: &[T]) -> Vec<String> {
    xs.iter().map(|x| x.as_ref().to_string()).collect()
}

/// The pool's user attributes as state holds them: the configured ones
/// (standard or custom), and custom ones added outside the configuration;
/// custom attributes without their `custom:` prefix.
fn schema_value(local: Args<'_>, remote: &[SchemaAttributeType]) -> Value {
    let b = schema().block("schema").expect("table has it");
    let configured: Vec<String> = local
        .get("schema")
        .elements()
        .unwrap_or_default()
        .iter()
        .filter_map(|i| Args(i).str("name").map(str::to_string))
        .collect();
    let items = remote
        .iter()
        .filter_map(|r| {
            let full = r.name()?;
            let name = full.strip_prefix("custom:").unwrap_or(full);
            let custom = full.starts_with("custom:");
            if !custom && !configured.iter().any(|c| c == name) {
                return None;
            }
            let number = r.number_attribute_constraints().map(|c| {
                Fields::default()
                    .str("max_value", c.max_value())
                    .str("min_value", c.min_value())
                    .0
            });
            let string = r.string_attribute_constraints().map(|c| {
                Fields::default()
                    .str("max_length", c.max_length())
                    .str("min_length", c.min_length())
                    .0
            });
            let nested = |n: &str, f: Option<BTreeMap<String, Value>>| {
                let nb = b.blocks.iter().find(|x| x.name == n).expect("table has it");
                Value::List(
                    f.map(|f| sdk_item(nb.attributes, nb.blocks, f))
                        .into_iter()
                        .collect(),
                )
            };
            let f = Fields::default()
                .str("name", Some(name))
                .str(
                    "attribute_data_type",
                    r.attribute_data_type().map(|t| t.as_str()),
                )
                .bool("developer_only_attribute", r.developer_only_attribute())
                .bool("mutable", r.mutable())
                .bool("required", r.required())
                .val(
                    "number_attribute_constraints",
                    nested("number_attribute_constraints", number),
                )
                .val(
                    "string_attribute_constraints",
                    nested("string_attribute_constraints", string),
                );
            Some(sdk_item(b.attributes, b.blocks, f.0))
        })
        .collect();
    Value::List(items)
}

async fn read_id(ctx: &Ctx<'_>, base: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    let Some(p) = describe(ctx, id)
        .await
        .map_err(|e| e.during(&format!("reading {WHAT} ({id})")))?
    else {
        return Ok(None);
    };
    let mfa = call!(
        ctx,
        Repeat::Harmless,
        "GetUserPoolMfaConfig",
        ctx.c.cognito.get_user_pool_mfa_config().user_pool_id(id)
    )
    .map_err(|e| e.during(&format!("reading {WHAT} ({id}) MFA configuration")))?;
    let recovery = p.account_recovery_setting().map(|r| {
        let b = schema()
            .block("account_recovery_setting")
            .expect("table has it");
        let mb = &b.blocks[0];
        let mechanisms = r
            .recovery_mechanisms()
            .iter()
            .map(|m| {
                let f = Fields::default()
                    .str("name", Some(m.name().as_str()))
                    .num("priority", Some(m.priority()));
                sdk_item(mb.attributes, mb.blocks, f.0)
            })
            .collect();
        Fields::default()
            .val("recovery_mechanism", Value::List(mechanisms))
            .0
    });
    let admin = p.admin_create_user_config().map(|c| {
        let template = c.invite_message_template().map(|t| {
            Fields::default()
                .str("email_message", t.email_message())
                .str("email_subject", t.email_subject())
                .str("sms_message", t.sms_message())
                .0
        });
        Fields::default()
            .bool(
                "allow_admin_create_user_only",
                Some(c.allow_admin_create_user_only()),
            )
            .val(
                "invite_message_template",
                nested_item(
                    "admin_create_user_config",
                    "invite_message_template",
                    template,
                ),
            )
            .0
    });
    let device = p.device_configuration().map(|d| {
        Fields::default()
            .bool(
                "challenge_required_on_new_device",
                Some(d.challenge_required_on_new_device()),
            )
            .bool(
                "device_only_remembered_on_user_prompt",
                Some(d.device_only_remembered_on_user_prompt()),
            )
            .0
    });
    let email = p.email_configuration().map(|e| {
        Fields::default()
            .str("configuration_set", e.configuration_set())
            .str(
                "email_sending_account",
                e.email_sending_account().map(|x| x.as_str()),
            )
            .str("from_email_address", e.from())
            .str("reply_to_email_address", e.reply_to_email_address())
            .str("source_arn", e.source_arn())
            .0
    });
    let lambda = p.lambda_config().map(|l| {
        let version = |arn: Option<&str>, v: Option<String>| {
            arn.map(|a| {
                Fields::default()
                    .str("lambda_arn", Some(a))
                    .str("lambda_version", v.as_deref())
                    .0
            })
        };
        Fields::default()
            .str("create_auth_challenge", l.create_auth_challenge())
            .str("custom_message", l.custom_message())
            .str("define_auth_challenge", l.define_auth_challenge())
            .str("kms_key_id", l.kms_key_id())
            .str("post_authentication", l.post_authentication())
            .str("post_confirmation", l.post_confirmation())
            .str("pre_authentication", l.pre_authentication())
            .str("pre_sign_up", l.pre_sign_up())
            .str("pre_token_generation", l.pre_token_generation())
            .str("user_migration", l.user_migration())
            .str(
                "verify_auth_challenge_response",
                l.verify_auth_challenge_response(),
            )
            .val(
                "custom_email_sender",
                nested_item(
                    "lambda_config",
                    "custom_email_sender",
                    l.custom_email_sender().and_then(|c| {
                        version(
                            Some(c.lambda_arn()),
                            Some(c.lambda_version().as_str().to_string()),
                        )
                    }),
                ),
            )
            .val(
                "custom_sms_sender",
                nested_item(
                    "lambda_config",
                    "custom_sms_sender",
                    l.custom_sms_sender().and_then(|c| {
                        version(
                            Some(c.lambda_arn()),
                            Some(c.lambda_version().as_str().to_string()),
                        )
                    }),
                ),
            )
            .val(
                "pre_token_generation_config",
                nested_item(
                    "lambda_config",
                    "pre_token_generation_config",
                    l.pre_token_generation_config().and_then(|c| {
                        version(
                            Some(c.lambda_arn()),
                            Some(c.lambda_version().as_str().to_string()),
                        )
                    }),
                ),
            )
            .0
    });
    let password = p.policies().and_then(|x| x.password_policy()).map(|pp| {
        Fields::default()
            .num("minimum_length", pp.minimum_length())
            .num("password_history_size", pp.password_history_size())
            .bool("require_lowercase", Some(pp.require_lowercase()))
            .bool("require_numbers", Some(pp.require_numbers()))
            .bool("require_symbols", Some(pp.require_symbols()))
            .bool("require_uppercase", Some(pp.require_uppercase()))
            .num(
                "temporary_password_validity_days",
                Some(pp.temporary_password_validity_days()),
            )
            .0
    });
    let sms = p.sms_configuration().map(|c| {
        Fields::default()
            .str("external_id", c.external_id())
            .str("sns_caller_arn", Some(c.sns_caller_arn()))
            .str("sns_region", c.sns_region())
            .0
    });
    let update_settings = p
        .user_attribute_update_settings()
        .filter(|u| !u.attributes_require_verification_before_update().is_empty())
        .map(|u| {
            Fields::default()
                .val(
                    "attributes_require_verification_before_update",
                    Value::set(
                        u.attributes_require_verification_before_update()
                            .iter()
                            .map(|v| Value::string(v.as_str()))
                            .collect(),
                    ),
                )
                .0
        });
    let add_ons = p.user_pool_add_ons().map(|u| {
        let flows = u.advanced_security_additional_flows().map(|f| {
            Fields::default()
                .str("custom_auth_mode", f.custom_auth_mode().map(|m| m.as_str()))
                .0
        });
        Fields::default()
            .str(
                "advanced_security_mode",
                Some(u.advanced_security_mode().as_str()),
            )
            .val(
                "advanced_security_additional_flows",
                nested_item(
                    "user_pool_add_ons",
                    "advanced_security_additional_flows",
                    flows,
                ),
            )
            .0
    });
    let username = p.username_configuration().map(|u| {
        Fields::default()
            .bool("case_sensitive", Some(u.case_sensitive()))
            .0
    });
    let template = p.verification_message_template().map(|t| {
        Fields::default()
            .str(
                "default_email_option",
                t.default_email_option().map(|o| o.as_str()),
            )
            .str("email_message", t.email_message())
            .str("email_message_by_link", t.email_message_by_link())
            .str("email_subject", t.email_subject())
            .str("email_subject_by_link", t.email_subject_by_link())
            .str("sms_message", t.sms_message())
            .0
    });
    let token_mfa = mfa.software_token_mfa_configuration().map(|t| {
        Fields::default()
            .bool("enabled", t.enabled().then_some(true).or(Some(false)))
            .0
    });
    let opt = |v: Option<&str>| Some(v.unwrap_or_default().to_string());
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("arn", p.arn())
        .str("name", p.name())
        .str("creation_date", rfc3339(p.creation_date()))
        .str("last_modified_date", rfc3339(p.last_modified_date()))
        .str("custom_domain", opt(p.custom_domain()))
        .str("domain", opt(p.domain()))
        .str(
            "deletion_protection",
            Some(
                p.deletion_protection()
                    .map(|d| d.as_str())
                    .unwrap_or_default(),
            ),
        )
        .str(
            "email_verification_message",
            opt(p.email_verification_message()),
        )
        .str(
            "email_verification_subject",
            opt(p.email_verification_subject()),
        )
        .str(
            "sms_authentication_message",
            opt(p.sms_authentication_message()),
        )
        .str(
            "sms_verification_message",
            opt(p.sms_verification_message()),
        )
        .str(
            "user_pool_tier",
            Some(p.user_pool_tier().map(|t| t.as_str()).unwrap_or_default()),
        )
        .str(
            "endpoint",
            Some(format!(
                // not an address: a hostname.
                "cognito-idp.{}.{}/{id}",
                ctx.region(),
                dns_suffix(ctx)
            )),
        )
        .num(
            "estimated_number_of_users",
            Some(f64::from(p.estimated_number_of_users())),
        )
        .set_of(
            "auto_verified_attributes",
            Some(strings(p.auto_verified_attributes())),
        )
        .set_of(
            "username_attributes",
            Some(strings(p.username_attributes())),
        )
        .set(
            "account_recovery_setting",
            item("account_recovery_setting", recovery),
        )
        .set(
            "admin_create_user_config",
            item("admin_create_user_config", admin),
        )
        .set("device_configuration", item("device_configuration", device))
        .set("email_configuration", item("email_configuration", email))
        .set("lambda_config", item("lambda_config", lambda))
        .set("password_policy", item("password_policy", password))
        .set("schema", schema_value(Args(base), p.schema_attributes()))
        .set("sms_configuration", item("sms_configuration", sms))
        .set(
            "user_attribute_update_settings",
            item("user_attribute_update_settings", update_settings),
        )
        .set("user_pool_add_ons", item("user_pool_add_ons", add_ons))
        .set(
            "username_configuration",
            item("username_configuration", username),
        )
        .set(
            "verification_message_template",
            item("verification_message_template", template),
        )
        .set(
            "software_token_mfa_configuration",
            item("software_token_mfa_configuration", token_mfa),
        )
        .str(
            "mfa_configuration",
            mfa.mfa_configuration().map(|m| m.as_str()),
        );
    if !p.alias_attributes().is_empty() {
        o.set_of("alias_attributes", Some(strings(p.alias_attributes())));
    }
    let held = p
        .user_pool_tags()
        .map(|t| t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    tags::record(&mut o, ctx.settings, base, Some(&held));
    Ok(Some(o.build()))
}

fn dns_suffix(ctx: &Ctx<'_>) -> &'static str {
    match ctx.partition() {
        "aws-cn" => "amazonaws.com.cn",
        _ => "amazonaws.com",
    }
}

/// User pools have no unique name and no way to carry a token: an
/// interrupted create cannot be told from another pool of the same name
/// made at the same time, so the newest pool of that name made since the
/// create was about to be sent is taken.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let name = Args(planned).required("name")?;
    let mut next: Option<String> = None;
    let mut newest: Option<(f64, String)> = None;
    loop {
        let out = call!(
            ctx,
            Repeat::Harmless,
            "ListUserPools",
            ctx.c
                .cognito
                .list_user_pools()
                .max_results(60)
                .set_next_token(next.clone())
        )
        .map_err(|e| e.during(&format!("looking for an interrupted create of {WHAT}")))?;
        for p in out.user_pools() {
            let made = p.creation_date().map(|d| d.as_secs_f64());
            if p.name() == Some(name)
                && made.is_some_and(|t| crate::intent::made_since(t, interrupted.since))
                && newest.as_ref().is_none_or(|(t, _)| made > Some(*t))
            {
                newest = Some((made.unwrap_or(0.0), p.id().unwrap_or_default().to_string()));
            }
        }
        next = out.next_token().map(str::to_string);
        if next.is_none() {
            break;
        }
    }
    match newest {
        Some((_, id)) => {
            if wants_mfa(Args(planned)) {
                set_mfa(ctx, &id, Args(planned)).await?;
            }
            read_id(ctx, planned, &id).await
        }
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

const MFA: &[&str] = &[
    "mfa_configuration",
    "sms_authentication_message",
    "sms_configuration",
    "software_token_mfa_configuration",
    "email_mfa_configuration",
    "web_authn_configuration",
];

const SETTINGS: &[&str] = &[
    "account_recovery_setting",
    "admin_create_user_config",
    "auto_verified_attributes",
    "deletion_protection",
    "device_configuration",
    "email_configuration",
    "email_verification_message",
    "email_verification_subject",
    "lambda_config",
    "password_policy",
    "sign_in_policy",
    "sms_authentication_message",
    "sms_configuration",
    "sms_verification_message",
    "tags",
    "tags_all",
    "user_attribute_update_settings",
    "user_pool_add_ons",
    "user_pool_tier",
    "verification_message_template",
];

/// SetUserPoolMfaConfig when MFA settings changed; UpdateUserPool (which
/// replaces every setting, tags included) when any other did; new custom
/// attributes through AddCustomAttributes. Schema items cannot change or
/// go: the provider refuses, and so does gantry.
pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let id = p.required("id")?;
    let changed = |k: &&str| !unchanged(p.get(k), n.get(k));
    if MFA.iter().any(changed) {
        set_mfa(ctx, id, n).await?;
    }
    if SETTINGS.iter().any(changed) {
        let req = ctx
            .c
            .cognito
            .update_user_pool()
            .user_pool_id(id)
            .set_mfa_configuration(n.str("mfa_configuration").map(UserPoolMfaType::from))
            .set_user_pool_tags(Some(
                tags::wanted(ctx.settings, planned).into_iter().collect(),
            ));
        let req = pool_settings!(req, n);
        call!(ctx, Repeat::Harmless, "UpdateUserPool", req.clone())
            .map_err(|e| e.during(&format!("updating {WHAT} ({id})")))?;
    }
    if changed(&"schema") {
        let old = p.get("schema").elements().unwrap_or_default();
        let new = n.get("schema").elements().unwrap_or_default();
        if old.iter().any(|o| !new.contains(o)) {
            return Err(ProviderError::new(
                format!("updating {WHAT} ({id})"),
                "cannot modify or remove schema items",
            ));
        }
        let added: Vec<Value> = new.iter().filter(|x| !old.contains(x)).cloned().collect();
        let added = Value::Map([("schema".to_string(), Value::List(added.into()))].into());
        if let Some(attrs) = schema_attributes(Args(&added)) {
            call!(
                ctx,
                Repeat::Harmless,
                "AddCustomAttributes",
                ctx.c
                    .cognito
                    .add_custom_attributes()
                    .user_pool_id(id)
                    .set_custom_attributes(Some(attrs.clone()))
            )
            .map_err(|e| e.during(&format!("adding {WHAT} ({id}) custom attributes")))?;
        }
    }
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    crate::error::deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteUserPool",
        ctx.c.cognito.delete_user_pool().user_pool_id(id)
    ))
    .map_err(|e| e.during(&format!("deleting {WHAT} ({id})")))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_id(ctx, &crate::apigateway::with_id(id), id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

crate::kind::register!(UserPool, "aws_cognito_user_pool");
