//! AWS provider 5.100 (`internal/service/cognitoidp/user_pool.go`): the
//! user directory a `COGNITO_USER_POOLS` authorizer checks tokens against.

use super::AWS;
use crate::schema::AttrType::*;
use crate::schema::DefaultValue;
use crate::schema::Presence::*;
use crate::schema::*;

const LAMBDA_VERSION: &[Attribute] = &[
    arg(
        "lambda_arn",
        String,
        Required,
        "ARN of the Lambda function.",
    ),
    arg(
        "lambda_version",
        String,
        Required,
        "Version of the trigger's event.",
    ),
];

pub static USER_POOL: ResourceType = ResourceType {
    name: "aws_cognito_user_pool",
    provider: AWS,
    doc: "Provides a Cognito User Pool resource.",
    import_id: "USER-POOL-ID",
    schema_version: 0,
    attributes: &[
        arg("id", String, Computed, "ID of the user pool."),
        arg("arn", String, Computed, "ARN of the user pool."),
        arg("name", String, Required, "Name of the user pool.").force_new().rules(&[Rule::MaxLength(128)]),
        arg("alias_attributes", SetOfString, Optional, "Attributes that can sign in as aliases: `phone_number`, `email`, `preferred_username`.").force_new(),
        arg("username_attributes", SetOfString, Optional, "Attributes that can be used as the user name: `phone_number`, `email`.").force_new(),
        arg("auto_verified_attributes", SetOfString, Optional, "Attributes verified automatically: `email`, `phone_number`."),
        arg("deletion_protection", String, Optional, "`ACTIVE` or `INACTIVE`.").default(DefaultValue::String("INACTIVE")).rules(&[Rule::OneOf(&["ACTIVE", "INACTIVE"])]),
        arg("mfa_configuration", String, Optional, "`OFF`, `ON` or `OPTIONAL`.").default(DefaultValue::String("OFF")).rules(&[Rule::OneOf(&["OFF", "ON", "OPTIONAL"])]),
        arg("email_verification_message", String, OptionalComputed, "Message of the verification email; must contain `{####}`."),
        arg("email_verification_subject", String, OptionalComputed, "Subject of the verification email."),
        arg("sms_authentication_message", String, Optional, "Message of the MFA SMS; must contain `{####}`."),
        arg("sms_verification_message", String, OptionalComputed, "Message of the verification SMS; must contain `{####}`."),
        arg("user_pool_tier", String, OptionalComputed, "`LITE`, `ESSENTIALS` or `PLUS`."),
        arg("creation_date", String, Computed, "When the user pool was created."),
        arg("last_modified_date", String, Computed, "When the user pool was last modified."),
        arg("custom_domain", String, Computed, "Custom domain of the user pool."),
        arg("domain", String, Computed, "Cognito domain prefix of the user pool."),
        arg("endpoint", String, Computed, "Endpoint of the user pool (the issuer of its tokens)."),
        arg("estimated_number_of_users", Number, Computed, "Estimated number of users."),
        arg("tags", MapOfString, Optional, "Map of tags to assign to the user pool."),
        arg("tags_all", MapOfString, Computed, "Map of tags assigned to the user pool, including provider default tags."),
    ],
    blocks: &[
        block("account_recovery_setting", "How users recover their account.", &[])
            .one()
            .computed()
            .blocks(&[block("recovery_mechanism", "A recovery mechanism.", &[
                arg("name", String, Required, "`verified_email`, `verified_phone_number` or `admin_only`."),
                arg("priority", Number, Required, "Priority of the mechanism (1 or 2)."),
            ])
            .set()
            .max(2)]),
        block("admin_create_user_config", "How administrators create users.", &[
            arg("allow_admin_create_user_only", Bool, Optional, "Whether only administrators may create users."),
        ])
        .one()
        .computed()
        .blocks(&[block("invite_message_template", "The invitation message.", &[
            arg("email_message", String, Optional, "Email message; must contain `{username}` and `{####}`."),
            arg("email_subject", String, Optional, "Email subject."),
            arg("sms_message", String, Optional, "SMS message; must contain `{username}` and `{####}`."),
        ])
        .one()]),
        block("device_configuration", "How devices are remembered.", &[
            arg("challenge_required_on_new_device", Bool, Optional, "Whether a new device must pass a challenge."),
            arg("device_only_remembered_on_user_prompt", Bool, Optional, "Whether devices are remembered only when the user agrees."),
        ])
        .one(),
        block("email_configuration", "How the user pool sends email.", &[
            arg("configuration_set", String, Optional, "SES configuration set."),
            arg("email_sending_account", String, Optional, "`COGNITO_DEFAULT` or `DEVELOPER`."),
            arg("from_email_address", String, Optional, "Sender address."),
            arg("reply_to_email_address", String, Optional, "Reply-to address."),
            arg("source_arn", String, Optional, "ARN of the SES identity."),
        ])
        .one()
        .computed(),
        block("email_mfa_configuration", "Email MFA messages.", &[
            arg("message", String, Optional, "Message; must contain `{####}`."),
            arg("subject", String, Optional, "Subject."),
        ])
        .one(),
        block("lambda_config", "Lambda triggers.", &[
            arg("create_auth_challenge", String, Optional, "ARN of the create-auth-challenge trigger."),
            arg("custom_message", String, Optional, "ARN of the custom-message trigger."),
            arg("define_auth_challenge", String, Optional, "ARN of the define-auth-challenge trigger."),
            arg("kms_key_id", String, Optional, "KMS key for the custom senders."),
            arg("post_authentication", String, Optional, "ARN of the post-authentication trigger."),
            arg("post_confirmation", String, Optional, "ARN of the post-confirmation trigger."),
            arg("pre_authentication", String, Optional, "ARN of the pre-authentication trigger."),
            arg("pre_sign_up", String, Optional, "ARN of the pre-sign-up trigger."),
            arg("pre_token_generation", String, OptionalComputed, "ARN of the pre-token-generation trigger."),
            arg("user_migration", String, Optional, "ARN of the user-migration trigger."),
            arg("verify_auth_challenge_response", String, Optional, "ARN of the verify-auth-challenge trigger."),
        ])
        .one()
        .blocks(&[
            block("custom_email_sender", "Custom email sender trigger.", LAMBDA_VERSION).one(),
            block("custom_sms_sender", "Custom SMS sender trigger.", LAMBDA_VERSION).one(),
            block("pre_token_generation_config", "Pre-token-generation trigger with its event version.", LAMBDA_VERSION).one(),
        ]),
        block("password_policy", "Password requirements.", &[
            arg("minimum_length", Number, Optional, "Minimum length (6 to 99)."),
            arg("password_history_size", Number, Optional, "Previous passwords that cannot be reused."),
            arg("require_lowercase", Bool, Optional, "Whether a lower-case letter is required."),
            arg("require_numbers", Bool, Optional, "Whether a number is required."),
            arg("require_symbols", Bool, Optional, "Whether a symbol is required."),
            arg("require_uppercase", Bool, Optional, "Whether an upper-case letter is required."),
            arg("temporary_password_validity_days", Number, OptionalComputed, "Days a temporary password stays valid."),
        ])
        .one()
        .computed(),
        block("schema", "A user attribute.", &[
            arg("attribute_data_type", String, Required, "`Boolean`, `Number`, `String` or `DateTime`."),
            arg("developer_only_attribute", Bool, Optional, "Whether only administrators can read and write it."),
            arg("mutable", Bool, Optional, "Whether it can change after creation."),
            arg("name", String, Required, "Name of the attribute."),
            arg("required", Bool, Optional, "Whether it is required on sign-up."),
        ])
        .set()
        .max(50)
        .blocks(&[
            block("number_attribute_constraints", "Bounds of a Number attribute.", &[
                arg("max_value", String, Optional, "Maximum value."),
                arg("min_value", String, Optional, "Minimum value."),
            ])
            .one(),
            block("string_attribute_constraints", "Length bounds of a String attribute.", &[
                arg("max_length", String, Optional, "Maximum length."),
                arg("min_length", String, Optional, "Minimum length."),
            ])
            .one(),
        ]),
        block("sign_in_policy", "How users sign in.", &[
            arg("allowed_first_auth_factors", SetOfString, Optional, "Factors allowed first."),
        ])
        .one(),
        block("sms_configuration", "How the user pool sends SMS.", &[
            arg("external_id", String, Required, "External ID of the SNS role's trust policy."),
            arg("sns_caller_arn", String, Required, "ARN of the role Cognito publishes to SNS with."),
            arg("sns_region", String, OptionalComputed, "Region of SNS."),
        ])
        .one(),
        block("software_token_mfa_configuration", "TOTP MFA.", &[
            arg("enabled", Bool, Required, "Whether TOTP MFA is enabled."),
        ])
        .one(),
        block("user_attribute_update_settings", "Attribute updates that wait for verification.", &[
            arg("attributes_require_verification_before_update", SetOfString, Required, "`email` and/or `phone_number`."),
        ])
        .one(),
        block("user_pool_add_ons", "Advanced security.", &[
            arg("advanced_security_mode", String, Required, "`OFF`, `AUDIT` or `ENFORCED`."),
        ])
        .one()
        .blocks(&[block("advanced_security_additional_flows", "Advanced security for custom flows.", &[
            arg("custom_auth_mode", String, OptionalComputed, "`AUDIT` or `ENFORCED`."),
        ])
        .one()]),
        block("username_configuration", "How user names are compared.", &[
            arg("case_sensitive", Bool, OptionalComputed, "Whether user names are case sensitive."),
        ])
        .one()
        .force_new(),
        block("verification_message_template", "The verification messages.", &[
            arg("default_email_option", String, Optional, "`CONFIRM_WITH_LINK` or `CONFIRM_WITH_CODE`."),
            arg("email_message", String, OptionalComputed, "Email message with a code."),
            arg("email_message_by_link", String, OptionalComputed, "Email message with a link."),
            arg("email_subject", String, OptionalComputed, "Email subject with a code."),
            arg("email_subject_by_link", String, OptionalComputed, "Email subject with a link."),
            arg("sms_message", String, OptionalComputed, "SMS message."),
        ])
        .one()
        .computed(),
        block("web_authn_configuration", "Passkey sign-in.", &[
            arg("relying_party_id", String, Optional, "Relying party ID."),
            arg("user_verification", String, Optional, "`required` or `preferred`."),
        ])
        .one(),
    ],
    conditions: &[Condition::ConflictsWith("alias_attributes", "username_attributes")],
};
