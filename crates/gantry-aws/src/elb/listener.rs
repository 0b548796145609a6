//! `aws_lb_listener`: the port a load balancer listens on and what it does
//! with a connection (forward to target groups, redirect, answer, or
//! authenticate first). Header settings are listener attributes.

use std::collections::BTreeMap;

use aws_sdk_elasticloadbalancingv2::types::{
    Action, ActionTypeEnum, AuthenticateCognitoActionConditionalBehaviorEnum as CognitoBehavior,
    AuthenticateCognitoActionConfig, AuthenticateOidcActionConditionalBehaviorEnum as OidcBehavior,
    AuthenticateOidcActionConfig, Certificate, FixedResponseActionConfig, ForwardActionConfig,
    Listener as ApiListener, ListenerAttribute, MutualAuthenticationAttributes, ProtocolEnum,
    RedirectActionConfig, RedirectActionStatusCodeEnum, TargetGroupStickinessConfig,
    TargetGroupTuple,
};
use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::{BlockType, ResourceType};

use super::{
    attr, elb_tags, expand_attributes, flatten_attributes, held_tags, update_tags, AttrInfo,
    AttrKind, Send,
};
use crate::ctx::{call, Ctx};
use crate::error::{not_found, ApiError};
use crate::kind::Interrupted;
use crate::retry::Repeat;
use crate::tags;
use crate::values::{sdk_item, Args, Object};

const WHAT: &str = "ELBv2 Listener";

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_lb_listener").expect("table exists")
}

const HTTP: &[&str] = &["HTTP", "HTTPS"];
const HTTPS: &[&str] = &["HTTPS"];

/// The listener attributes, by listener protocol.
const ATTRIBUTES: &[AttrInfo] = &[
    attr(
        "tcp_idle_timeout_seconds",
        "tcp.idle_timeout.seconds",
        AttrKind::Int,
        &["TCP"],
    ),
    attr(
        "routing_http_request_x_amzn_mtls_clientcert_header_name",
        "routing.http.request.x_amzn_mtls_clientcert.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_mtls_clientcert_issuer_header_name",
        "routing.http.request.x_amzn_mtls_clientcert_issuer.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_mtls_clientcert_leaf_header_name",
        "routing.http.request.x_amzn_mtls_clientcert_leaf.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name",
        "routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_mtls_clientcert_subject_header_name",
        "routing.http.request.x_amzn_mtls_clientcert_subject.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_mtls_clientcert_validity_header_name",
        "routing.http.request.x_amzn_mtls_clientcert_validity.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_tls_cipher_suite_header_name",
        "routing.http.request.x_amzn_tls_cipher_suite.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_request_x_amzn_tls_version_header_name",
        "routing.http.request.x_amzn_tls_version.header_name",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_response_access_control_allow_credentials_header_value",
        "routing.http.response.access_control_allow_credentials.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_access_control_allow_headers_header_value",
        "routing.http.response.access_control_allow_headers.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_access_control_allow_methods_header_value",
        "routing.http.response.access_control_allow_methods.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_access_control_allow_origin_header_value",
        "routing.http.response.access_control_allow_origin.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_access_control_expose_headers_header_value",
        "routing.http.response.access_control_expose_headers.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_access_control_max_age_header_value",
        "routing.http.response.access_control_max_age.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_content_security_policy_header_value",
        "routing.http.response.content_security_policy.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_server_enabled",
        "routing.http.response.server.enabled",
        AttrKind::Bool,
        HTTP,
    ),
    attr(
        "routing_http_response_strict_transport_security_header_value",
        "routing.http.response.strict_transport_security.header_value",
        AttrKind::Str,
        HTTPS,
    ),
    attr(
        "routing_http_response_x_content_type_options_header_value",
        "routing.http.response.x_content_type_options.header_value",
        AttrKind::Str,
        HTTP,
    ),
    attr(
        "routing_http_response_x_frame_options_header_value",
        "routing.http.response.x_frame_options.header_value",
        AttrKind::Str,
        HTTP,
    ),
];

fn action_block() -> &'static BlockType {
    schema().block("default_action").expect("table has it")
}

fn nested(name: &str) -> &'static BlockType {
    action_block()
        .blocks
        .iter()
        .find(|b| b.name == name)
        .expect("table has it")
}

/// The configured actions as the API takes them; `order` is the item's
/// position (from 1) where the configuration leaves it unset.
fn actions(a: Args<'_>) -> Vec<Action> {
    let items = a.get("default_action").elements().unwrap_or_default();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let x = Args(item);
            let kind = x.str("type").unwrap_or_default();
            let mut b = Action::builder()
                .r#type(ActionTypeEnum::from(kind))
                .order(x.int("order").unwrap_or(i as i32 + 1));
            match kind {
                "forward" => {
                    b = b.set_target_group_arn(x.str("target_group_arn").map(str::to_string));
                    if let Some(f) = x.block("forward") {
                        b = b.forward_config(forward(f));
                    }
                }
                "redirect" => {
                    if let Some(r) = x.block("redirect") {
                        b = b.redirect_config(
                            RedirectActionConfig::builder()
                                .set_host(r.str("host").map(str::to_string))
                                .set_path(r.str("path").map(str::to_string))
                                .set_port(r.str("port").map(str::to_string))
                                .set_protocol(r.str("protocol").map(str::to_string))
                                .set_query(r.str("query").map(str::to_string))
                                .status_code(RedirectActionStatusCodeEnum::from(
                                    r.str("status_code").unwrap_or("HTTP_301"),
                                ))
                                .build(),
                        );
                    }
                }
                "fixed-response" => {
                    if let Some(f) = x.block("fixed_response") {
                        b = b.fixed_response_config(
                            FixedResponseActionConfig::builder()
                                .set_content_type(f.str("content_type").map(str::to_string))
                                .set_message_body(f.str("message_body").map(str::to_string))
                                .set_status_code(f.str("status_code").map(str::to_string))
                                .build(),
                        );
                    }
                }
                "authenticate-cognito" => {
                    if let Some(c) = x.block("authenticate_cognito") {
                        b = b.authenticate_cognito_config(
                            AuthenticateCognitoActionConfig::builder()
                                .set_user_pool_arn(c.str("user_pool_arn").map(str::to_string))
                                .set_user_pool_client_id(
                                    c.str("user_pool_client_id").map(str::to_string),
                                )
                                .set_user_pool_domain(c.str("user_pool_domain").map(str::to_string))
                                .set_authentication_request_extra_params(extra_params(c))
                                .set_on_unauthenticated_request(
                                    c.str("on_unauthenticated_request")
                                        .map(CognitoBehavior::from),
                                )
                                .set_scope(c.str("scope").map(str::to_string))
                                .set_session_cookie_name(
                                    c.str("session_cookie_name").map(str::to_string),
                                )
                                .set_session_timeout(c.number("session_timeout").map(|n| n as i64))
                                .build(),
                        );
                    }
                }
                "authenticate-oidc" => {
                    if let Some(c) = x.block("authenticate_oidc") {
                        b = b.authenticate_oidc_config(
                            AuthenticateOidcActionConfig::builder()
                                .set_authorization_endpoint(
                                    c.str("authorization_endpoint").map(str::to_string),
                                )
                                .set_client_id(c.str("client_id").map(str::to_string))
                                .set_client_secret(c.str("client_secret").map(str::to_string))
                                .set_issuer(c.str("issuer").map(str::to_string))
                                .set_token_endpoint(c.str("token_endpoint").map(str::to_string))
                                .set_user_info_endpoint(
                                    c.str("user_info_endpoint").map(str::to_string),
                                )
                                .set_authentication_request_extra_params(extra_params(c))
                                .set_on_unauthenticated_request(
                                    c.str("on_unauthenticated_request").map(OidcBehavior::from),
                                )
                                .set_scope(c.str("scope").map(str::to_string))
                                .set_session_cookie_name(
                                    c.str("session_cookie_name").map(str::to_string),
                                )
                                .set_session_timeout(c.number("session_timeout").map(|n| n as i64))
                                .build(),
                        );
                    }
                }
                _ => {}
            }
            b.build()
        })
        .collect()
}

fn extra_params(c: Args<'_>) -> Option<std::collections::HashMap<String, String>> {
    let m = c.map("authentication_request_extra_params");
    (!m.is_empty()).then(|| m.into_iter().collect())
}

fn forward(f: Args<'_>) -> ForwardActionConfig {
    let groups = f
        .get("target_group")
        .elements()
        .unwrap_or_default()
        .iter()
        .map(|g| {
            let g = Args(g);
            TargetGroupTuple::builder()
                .set_target_group_arn(g.str("arn").map(str::to_string))
                .set_weight(g.int("weight"))
                .build()
        })
        .collect();
    ForwardActionConfig::builder()
        .set_target_groups(Some(groups))
        .set_target_group_stickiness_config(f.block("stickiness").map(|s| {
            TargetGroupStickinessConfig::builder()
                .set_enabled(s.bool("enabled"))
                .set_duration_seconds(s.int("duration").filter(|d| *d > 0))
                .build()
        }))
        .build()
}

/// One action read back. A forward to a single target group is both a
/// `target_group_arn` and a one-group `forward` in the API's answer; the
/// action `local` (the prior or planned one at the same position) says
/// which form the configuration uses, as the provider's
/// `flattenLbForwardAction` does. With nothing to go by (an import), a
/// single group is read as `target_group_arn`: the common form, and the
/// one that plans no change when the configuration uses it.
fn action_value(a: &Action, local: Option<Args<'_>>) -> Value {
    let mut m: BTreeMap<String, Value> = BTreeMap::new();
    m.insert(
        "type".into(),
        Value::string(a.r#type().map(|t| t.as_str()).unwrap_or_default()),
    );
    m.insert("order".into(), Value::int(a.order().unwrap_or(0)));
    let one = |name: &str, fields: BTreeMap<String, Value>| {
        let b = nested(name);
        Value::List(vec![sdk_item(b.attributes, b.blocks, fields)].into())
    };
    let s = |v: Option<&str>| v.map(Value::string);
    let put = |m: &mut BTreeMap<String, Value>, k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    match a.r#type().map(|t| t.as_str()) {
        Some("forward") => {
            let uses_forward = match local {
                Some(l) => l.get("forward").elements().is_some_and(|f| !f.is_empty()),
                None => a
                    .forward_config()
                    .is_some_and(|f| f.target_groups().len() > 1 || a.target_group_arn().is_none()),
            };
            if uses_forward {
                m.insert("forward".into(), forward_value(a.forward_config()));
                if local.is_some_and(|l| l.str("target_group_arn").is_some()) {
                    put(&mut m, "target_group_arn", s(a.target_group_arn()));
                }
            } else {
                m.insert(
                    "target_group_arn".into(),
                    Value::string(a.target_group_arn().unwrap_or_default()),
                );
            }
        }
        Some("redirect") => {
            if let Some(r) = a.redirect_config() {
                let mut f = BTreeMap::new();
                put(&mut f, "host", s(r.host()));
                put(&mut f, "path", s(r.path()));
                put(&mut f, "port", s(r.port()));
                put(&mut f, "protocol", s(r.protocol()));
                put(&mut f, "query", s(r.query()));
                put(
                    &mut f,
                    "status_code",
                    s(r.status_code().map(|c| c.as_str())),
                );
                m.insert("redirect".into(), one("redirect", f));
            }
        }
        Some("fixed-response") => {
            if let Some(r) = a.fixed_response_config() {
                let mut f = BTreeMap::new();
                put(&mut f, "content_type", s(r.content_type()));
                put(&mut f, "message_body", s(r.message_body()));
                put(&mut f, "status_code", s(r.status_code()));
                m.insert("fixed_response".into(), one("fixed_response", f));
            }
        }
        Some("authenticate-cognito") => {
            if let Some(c) = a.authenticate_cognito_config() {
                let mut f = BTreeMap::new();
                put(&mut f, "user_pool_arn", s(c.user_pool_arn()));
                put(&mut f, "user_pool_client_id", s(c.user_pool_client_id()));
                put(&mut f, "user_pool_domain", s(c.user_pool_domain()));
                session(
                    &mut f,
                    Session {
                        on_unauthenticated: c.on_unauthenticated_request().map(|b| b.as_str()),
                        scope: c.scope(),
                        cookie: c.session_cookie_name(),
                        timeout: c.session_timeout(),
                        params: c.authentication_request_extra_params(),
                    },
                );
                m.insert(
                    "authenticate_cognito".into(),
                    one("authenticate_cognito", f),
                );
            }
        }
        Some("authenticate-oidc") => {
            if let Some(c) = a.authenticate_oidc_config() {
                let mut f = BTreeMap::new();
                put(
                    &mut f,
                    "authorization_endpoint",
                    s(c.authorization_endpoint()),
                );
                put(&mut f, "client_id", s(c.client_id()));
                // The API never returns the secret: state keeps the
                // configured one.
                put(
                    &mut f,
                    "client_secret",
                    local
                        .and_then(|l| l.block("authenticate_oidc"))
                        .and_then(|o| o.str("client_secret"))
                        .map(Value::string),
                );
                put(&mut f, "issuer", s(c.issuer()));
                put(&mut f, "token_endpoint", s(c.token_endpoint()));
                put(&mut f, "user_info_endpoint", s(c.user_info_endpoint()));
                session(
                    &mut f,
                    Session {
                        on_unauthenticated: c.on_unauthenticated_request().map(|b| b.as_str()),
                        scope: c.scope(),
                        cookie: c.session_cookie_name(),
                        timeout: c.session_timeout(),
                        params: c.authentication_request_extra_params(),
                    },
                );
                m.insert("authenticate_oidc".into(), one("authenticate_oidc", f));
            }
        }
        _ => {}
    }
    let b = action_block();
    sdk_item(b.attributes, b.blocks, m)
}

/// The session settings both authenticating actions have.
struct Session<'a> {
    on_unauthenticated: Option<&'a str>,
    scope: Option<&'a str>,
    cookie: Option<&'a str>,
    timeout: Option<i64>,
    params: Option<&'a std::collections::HashMap<String, String>>,
}

/// Puts what the API reported of `x` into an action's fields.
fn session(f: &mut BTreeMap<String, Value>, x: Session<'_>) {
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            f.insert(k.to_string(), v);
        }
    };
    put(
        "on_unauthenticated_request",
        x.on_unauthenticated.map(Value::string),
    );
    put("scope", x.scope.map(Value::string));
    put("session_cookie_name", x.cookie.map(Value::string));
    put("session_timeout", x.timeout.map(Value::int));
    put("authentication_request_extra_params", params(x.params));
}

fn params(p: Option<&std::collections::HashMap<String, String>>) -> Option<Value> {
    p.map(|p| {
        Value::Map(
            p.iter()
                .map(|(k, v)| (k.clone(), Value::string(v)))
                .collect(),
        )
    })
}

fn forward_value(f: Option<&ForwardActionConfig>) -> Value {
    let Some(f) = f else {
        return Value::List(Vec::new().into());
    };
    let fb = nested("forward");
    let block = |name: &str| {
        fb.blocks
            .iter()
            .find(|b| b.name == name)
            .expect("table has it")
    };
    let groups = f
        .target_groups()
        .iter()
        .map(|g| {
            let mut m = BTreeMap::new();
            if let Some(a) = g.target_group_arn() {
                m.insert("arn".to_string(), Value::string(a));
            }
            if let Some(w) = g.weight() {
                m.insert("weight".to_string(), Value::int(w));
            }
            let b = block("target_group");
            sdk_item(b.attributes, b.blocks, m)
        })
        .collect();
    let stickiness = f
        .target_group_stickiness_config()
        .map(|s| {
            let mut m = BTreeMap::new();
            if let Some(e) = s.enabled() {
                m.insert("enabled".to_string(), Value::Bool(e));
            }
            if let Some(d) = s.duration_seconds() {
                m.insert("duration".to_string(), Value::int(d));
            }
            let b = block("stickiness");
            sdk_item(b.attributes, b.blocks, m)
        })
        .into_iter()
        .collect();
    Value::List(
        vec![Value::Map(
            [
                ("target_group".to_string(), Value::List(groups)),
                ("stickiness".to_string(), Value::List(stickiness)),
            ]
            .into(),
        )]
        .into(),
    )
}

fn mutual_value(m: Option<&MutualAuthenticationAttributes>) -> Value {
    let Some(m) = m else {
        return Value::List(Vec::new().into());
    };
    let b = schema()
        .block("mutual_authentication")
        .expect("table has it");
    let mut f = BTreeMap::new();
    if let Some(mode) = m.mode() {
        f.insert("mode".to_string(), Value::string(mode));
    }
    if m.mode() != Some("off") {
        if let Some(t) = m.trust_store_arn() {
            f.insert("trust_store_arn".to_string(), Value::string(t));
        }
        if let Some(i) = m.ignore_client_certificate_expiry() {
            f.insert(
                "ignore_client_certificate_expiry".to_string(),
                Value::Bool(i),
            );
        }
    }
    Value::List(vec![sdk_item(b.attributes, b.blocks, f)].into())
}

fn mutual(a: Args<'_>) -> Option<MutualAuthenticationAttributes> {
    a.block("mutual_authentication").map(|m| {
        MutualAuthenticationAttributes::builder()
            .set_mode(m.str("mode").map(str::to_string))
            .set_trust_store_arn(m.str("trust_store_arn").map(str::to_string))
            .set_ignore_client_certificate_expiry(m.bool("ignore_client_certificate_expiry"))
            .build()
    })
}

/// The listener's own settings, which CreateListener and ModifyListener
/// take alike (ModifyListener replaces them as a whole).
trait ListenerSettings: Sized {
    fn listener_settings(self, a: Args<'_>) -> Self;
}

macro_rules! listener_settings {
    ($builder:ty) => {
        impl ListenerSettings for $builder {
            fn listener_settings(self, a: Args<'_>) -> Self {
                self.set_port(a.int("port"))
                    .set_protocol(a.str("protocol").map(ProtocolEnum::from))
                    .set_ssl_policy(a.str("ssl_policy").map(str::to_string))
                    .set_certificates(
                        a.str("certificate_arn")
                            .map(|c| vec![Certificate::builder().certificate_arn(c).build()]),
                    )
                    .set_alpn_policy(a.str("alpn_policy").map(|p| vec![p.to_string()]))
                    .set_default_actions(Some(actions(a)))
                    .set_mutual_authentication(mutual(a))
            }
        }
    };
}

listener_settings!(aws_sdk_elasticloadbalancingv2::operation::create_listener::builders::CreateListenerFluentBuilder);
listener_settings!(aws_sdk_elasticloadbalancingv2::operation::modify_listener::builders::ModifyListenerFluentBuilder);

async fn describe(ctx: &Ctx<'_>, arn: &str) -> Result<Option<ApiListener>, ApiError> {
    match call!(
        ctx,
        Repeat::Harmless,
        "DescribeListeners",
        ctx.c.elbv2.describe_listeners().listener_arns(arn)
    ) {
        Ok(o) => Ok(o.listeners().first().cloned()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("ListenerNotFound") => Ok(None),
        Err(e) => Err(e),
    }
}

async fn set_attributes(
    ctx: &Ctx<'_>,
    arn: &str,
    pairs: &[(String, String)],
) -> Result<(), ProviderError> {
    if pairs.is_empty() {
        return Ok(());
    }
    let attrs: Vec<ListenerAttribute> = pairs
        .iter()
        .map(|(k, v)| ListenerAttribute::builder().key(k).value(v).build())
        .collect();
    call!(
        ctx,
        Repeat::Harmless,
        "ModifyListenerAttributes",
        ctx.c
            .elbv2
            .modify_listener_attributes()
            .listener_arn(arn)
            .set_attributes(Some(attrs.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during(&format!("modifying {WHAT} ({arn}) attributes")))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let lb = a.required("load_balancer_arn")?;
    let out = call!(
        ctx,
        Repeat::Duplicates,
        "CreateListener",
        ctx.c
            .elbv2
            .create_listener()
            .load_balancer_arn(lb)
            .listener_settings(a)
            .set_tags(
                Some(elb_tags(&tags::wanted(ctx.settings, planned))).filter(|t| !t.is_empty())
            )
    )
    .map_err(|e| e.during(&format!("creating {WHAT}")))?;
    let arn = out
        .listeners()
        .first()
        .and_then(|l| l.listener_arn())
        .ok_or_else(|| {
            ProviderError::new(format!("creating {WHAT}"), "the answer names no listener")
        })?
        .to_string();
    finish(ctx, planned, &arn).await
}

async fn finish(ctx: &Ctx<'_>, planned: &Value, arn: &str) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let protocol = a.str("protocol").unwrap_or_default();
    let pairs = expand_attributes(ATTRIBUTES, protocol, planned, None, Send::Set);
    set_attributes(ctx, arn, &pairs).await?;
    read_arn(ctx, planned, arn)
        .await?
        .ok_or_else(|| not_found(WHAT, arn))
}

async fn read_arn(ctx: &Ctx<'_>, base: &Value, arn: &str) -> Result<Option<Value>, ProviderError> {
    let Some(l) = describe(ctx, arn)
        .await
        .map_err(|e| e.during(&format!("reading {WHAT} ({arn})")))?
    else {
        return Ok(None);
    };
    let mut sorted: Vec<&Action> = l.default_actions().iter().collect();
    sorted.sort_by_key(|a| a.order().unwrap_or(0));
    let local = Args(base).get("default_action").elements();
    let actions: Vec<Value> = sorted
        .iter()
        .enumerate()
        .map(|(i, a)| action_value(a, local.and_then(|l| l.get(i)).map(Args)))
        .collect();
    let attrs = call!(
        ctx,
        Repeat::Harmless,
        "DescribeListenerAttributes",
        ctx.c.elbv2.describe_listener_attributes().listener_arn(arn)
    )
    .map_err(|e| e.during(&format!("reading {WHAT} ({arn}) attributes")))?;
    let reported: Vec<(String, String)> = attrs
        .attributes()
        .iter()
        .filter_map(|a| Some((a.key()?.to_string(), a.value()?.to_string())))
        .collect();
    let held = held_tags(ctx, arn, WHAT).await?;
    let protocol = l.protocol().map(|p| p.as_str().to_string());
    let mut o = Object::from(schema(), base);
    o.str("id", Some(arn))
        .str("arn", Some(arn))
        .str("load_balancer_arn", l.load_balancer_arn())
        .num("port", l.port().map(f64::from))
        .str("protocol", protocol.clone())
        .str("ssl_policy", Some(l.ssl_policy().unwrap_or_default()))
        .set("default_action", Value::List(actions.into()))
        .set(
            "mutual_authentication",
            mutual_value(l.mutual_authentication()),
        );
    if let Some(c) = l.certificates().first() {
        o.str("certificate_arn", c.certificate_arn());
    }
    if let Some(p) = l.alpn_policy().first() {
        o.str("alpn_policy", Some(p.as_str()));
    }
    flatten_attributes(ATTRIBUTES, protocol.as_deref(), &mut o, &reported);
    tags::record(&mut o, ctx.settings, base, Some(&held));
    Ok(Some(o.build()))
}

/// The listener on the configured port of the load balancer, made by the
/// interrupted create (a load balancer has one listener per port).
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let a = Args(planned);
    let lb = a.required("load_balancer_arn")?;
    let out = call!(
        ctx,
        Repeat::Harmless,
        "DescribeListeners",
        ctx.c.elbv2.describe_listeners().load_balancer_arn(lb)
    )
    .map_err(|e| e.during(&format!("looking for an interrupted create of {WHAT}")))?;
    let found = out
        .listeners()
        .iter()
        .find(|l| l.port() == a.int("port"))
        .and_then(|l| l.listener_arn())
        .map(str::to_string);
    match found {
        Some(arn) => finish(ctx, planned, &arn).await.map(Some),
        None => Ok(None),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_arn(ctx, current, Args(current).required("arn")?).await
}

/// ModifyListener with the whole configuration (what changed is not
/// enough: the API replaces the actions as a whole), then the changed
/// attributes and tags.
pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let (p, n) = (Args(prior), Args(planned));
    let arn = p.required("arn")?;
    let own = [
        "port",
        "protocol",
        "ssl_policy",
        "certificate_arn",
        "alpn_policy",
        "default_action",
        "mutual_authentication",
    ];
    if own.iter().any(|k| !unchanged(p.get(k), n.get(k))) {
        call!(
            ctx,
            Repeat::Harmless,
            "ModifyListener",
            ctx.c
                .elbv2
                .modify_listener()
                .listener_arn(arn)
                .listener_settings(n)
        )
        .map_err(|e| e.during(&format!("modifying {WHAT} ({arn})")))?;
    }
    let protocol = n.str("protocol").unwrap_or_default();
    let pairs = expand_attributes(ATTRIBUTES, protocol, planned, Some(prior), Send::Set);
    set_attributes(ctx, arn, &pairs).await?;
    update_tags(ctx, arn, prior, planned).await?;
    read_arn(ctx, planned, arn)
        .await?
        .ok_or_else(|| not_found(WHAT, arn))
}

pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let arn = Args(prior).required("arn")?;
    match call!(
        ctx,
        Repeat::Harmless,
        "DeleteListener",
        ctx.c.elbv2.delete_listener().listener_arn(arn)
    ) {
        Ok(_) => Ok(()),
        Err(e) if e.is_not_found() || e.code.as_deref() == Some("ListenerNotFound") => Ok(()),
        Err(e) => Err(e.during(&format!("deleting {WHAT} ({arn})"))),
    }
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    read_arn(ctx, &crate::apigateway::with_id(id), id)
        .await?
        .ok_or_else(|| not_found(WHAT, id))
}

crate::kind::register!(Listener, "aws_lb_listener");
