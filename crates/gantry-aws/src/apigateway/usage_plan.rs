//! `aws_api_gateway_usage_plan`: quotas and throttling on API stages.
//! Updates send the provider's operations: every API stage removed and
//! the configured ones added, the quota and throttle added, replaced or
//! removed whole.

use std::collections::HashMap;

use gantry_config::value::Value;
use gantry_executor::convert::unchanged;
use gantry_executor::ProviderError;
use gantry_schema::ResourceType;

use aws_sdk_apigateway::types::{ApiStage, QuotaPeriodType, QuotaSettings, ThrottleSettings};

use super::sdk_patch;
use crate::ctx::{call, Ctx};
use crate::error::{deleted, found, not_found, ApiError};
use crate::kind::Interrupted;
use crate::patch::{Op, PatchOp};
use crate::retry::Repeat;
use crate::tags;
use crate::values::{Args, Object};

fn schema() -> &'static ResourceType {
    gantry_schema::resource_type("aws_api_gateway_usage_plan").expect("table exists")
}

fn arn(ctx: &Ctx<'_>, id: &str) -> String {
    ctx.apigateway_arn(&format!("/usageplans/{id}"))
}

fn item(pairs: &[(&str, Value)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// `(api_id, stage)` of each `api_stages` block.
fn stages(v: &Value) -> Vec<(String, String)> {
    stage_items(v)
        .iter()
        .filter_map(|i| {
            let a = Args(i);
            Some((a.str("api_id")?.to_string(), a.str("stage")?.to_string()))
        })
        .collect()
}

fn stage_items(v: &Value) -> &[Value] {
    match Args(v).get("api_stages").unmark().0 {
        Value::List(items) => items,
        _ => &[],
    }
}

/// The `throttle` blocks of one API stage: method path, burst and rate.
fn throttles(stage: &Value) -> Vec<(String, i32, f64)> {
    match Args(stage).get("throttle").unmark().0 {
        Value::List(items) => items
            .iter()
            .filter_map(|t| {
                let a = Args(t);
                Some((
                    a.str("path")?.to_string(),
                    a.int("burst_limit").unwrap_or(0),
                    a.number("rate_limit").unwrap_or(0.0),
                ))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The API stages as CreateUsagePlan takes them, per-method throttles
/// included.
fn api_stages(v: &Value) -> Vec<ApiStage> {
    stage_items(v)
        .iter()
        .filter_map(|i| {
            let a = Args(i);
            let throttle: HashMap<String, ThrottleSettings> = throttles(i)
                .into_iter()
                .map(|(path, burst, rate)| {
                    let t = ThrottleSettings::builder()
                        .burst_limit(burst)
                        .rate_limit(rate)
                        .build();
                    (path, t)
                })
                .collect();
            Some(
                ApiStage::builder()
                    .api_id(a.str("api_id")?)
                    .stage(a.str("stage")?)
                    .set_throttle(Some(throttle).filter(|t| !t.is_empty()))
                    .build(),
            )
        })
        .collect()
}

/// One API stage as read: its throttles in the order `base` gives them
/// (a set in Terraform), the rest by path.
fn stage_value(s: &ApiStage, base: Option<&Value>) -> Value {
    let order: Vec<String> = base
        .map(|b| throttles(b).into_iter().map(|t| t.0).collect())
        .unwrap_or_default();
    let mut held: Vec<(&String, &ThrottleSettings)> =
        s.throttle().map(|m| m.iter().collect()).unwrap_or_default();
    held.sort_by(|a, b| {
        let pos = |p: &String| order.iter().position(|o| o == p).unwrap_or(usize::MAX);
        pos(a.0).cmp(&pos(b.0)).then(a.0.cmp(b.0))
    });
    let throttle: Vec<Value> = held
        .into_iter()
        .map(|(path, t)| {
            item(&[
                ("path", Value::string(path.clone())),
                ("burst_limit", Value::int(t.burst_limit())),
                ("rate_limit", Value::float(t.rate_limit())),
            ])
        })
        .collect();
    item(&[
        ("api_id", Value::string(s.api_id().unwrap_or_default())),
        ("stage", Value::string(s.stage().unwrap_or_default())),
        (
            "throttle",
            if throttle.is_empty() {
                Value::Null
            } else {
                Value::List(throttle.into())
            },
        ),
    ])
}

async fn read_id(ctx: &Ctx<'_>, base: &Value, id: &str) -> Result<Option<Value>, ProviderError> {
    let out = found(call!(
        ctx,
        Repeat::Harmless,
        "GetUsagePlan",
        ctx.c.apigateway.get_usage_plan().usage_plan_id(id)
    ))
    .map_err(|e| e.during("reading API Gateway Usage Plan"))?;
    let Some(p) = out else { return Ok(None) };
    // A set in Terraform, a list here: in the order the configuration (or
    // state) gives, so that order alone never plans a change.
    let order = stages(base);
    let key = |s: &ApiStage| {
        (
            s.api_id().unwrap_or_default().to_string(),
            s.stage().unwrap_or_default().to_string(),
        )
    };
    let mut held: Vec<&ApiStage> = p.api_stages().iter().collect();
    held.sort_by_key(|s| {
        order
            .iter()
            .position(|o| *o == key(s))
            .unwrap_or(usize::MAX)
    });
    let base_items = stage_items(base);
    let mut o = Object::from(schema(), base);
    o.str("id", Some(id))
        .str("name", Some(p.name().unwrap_or_default()))
        .str("description", Some(p.description().unwrap_or_default()))
        .str("product_code", Some(p.product_code().unwrap_or_default()))
        .str("arn", Some(arn(ctx, id)))
        .set(
            "api_stages",
            Value::List(
                held.into_iter()
                    .map(|s| {
                        let b = order
                            .iter()
                            .position(|o| *o == key(s))
                            .and_then(|i| base_items.get(i));
                        stage_value(s, b)
                    })
                    .collect(),
            ),
        )
        .set(
            "quota_settings",
            Value::List(
                p.quota()
                    .map(|q| {
                        item(&[
                            ("limit", Value::int(q.limit())),
                            ("offset", Value::int(q.offset())),
                            (
                                "period",
                                Value::string(q.period().map(|x| x.as_str()).unwrap_or_default()),
                            ),
                        ])
                    })
                    .into_iter()
                    .collect(),
            ),
        )
        .set(
            "throttle_settings",
            Value::List(
                p.throttle()
                    .map(|t| {
                        item(&[
                            ("burst_limit", Value::int(t.burst_limit())),
                            ("rate_limit", Value::float(t.rate_limit())),
                        ])
                    })
                    .into_iter()
                    .collect(),
            ),
        );
    tags::record(&mut o, ctx.settings, base, p.tags());
    Ok(Some(o.build()))
}

pub async fn create(ctx: &Ctx<'_>, planned: &Value) -> Result<Value, ProviderError> {
    let a = Args(planned);
    let name = a.required("name")?;
    let api_stages = api_stages(planned);
    let quota = a.block("quota_settings").map(|q| {
        QuotaSettings::builder()
            .limit(q.int("limit").unwrap_or(0))
            .offset(q.int("offset").unwrap_or(0))
            .set_period(q.str("period").map(QuotaPeriodType::from))
            .build()
    });
    let throttle = a.block("throttle_settings").map(|t| {
        ThrottleSettings::builder()
            .burst_limit(t.int("burst_limit").unwrap_or(0))
            .rate_limit(t.number("rate_limit").unwrap_or(0.0))
            .build()
    });
    let tags = tags::wanted(ctx.settings, planned);
    // Usage plans are named, not keyed: a lost answer is an error whose
    // outcome the next run resolves (see find_interrupted).
    let out = call!(
        ctx,
        Repeat::Duplicates,
        "CreateUsagePlan",
        ctx.c
            .apigateway
            .create_usage_plan()
            .name(name)
            .set_description(a.str("description").map(str::to_string))
            .set_api_stages(Some(api_stages.clone()).filter(|s| !s.is_empty()))
            .set_quota(quota.clone())
            .set_throttle(throttle.clone())
            .set_tags(Some(tags.clone()).filter(|t| !t.is_empty()))
    )
    .map_err(|e| e.during("creating API Gateway Usage Plan"))?;
    let id = out.id().unwrap_or_default().to_string();
    // The product code cannot be given to CreateUsagePlan.
    if let Some(code) = a.str("product_code") {
        let add = PatchOp {
            op: Op::Add,
            path: "/productCode".into(),
            value: Some(code.to_string()),
        };
        send(
            ctx,
            &id,
            vec![add],
            "adding the API Gateway Usage Plan product code",
        )
        .await?;
    }
    read_id(ctx, planned, &id)
        .await?
        .ok_or_else(|| not_found("API Gateway Usage Plan", &id))
}

async fn send(
    ctx: &Ctx<'_>,
    id: &str,
    ops: Vec<PatchOp>,
    doing: &str,
) -> Result<(), ProviderError> {
    if ops.is_empty() {
        return Ok(());
    }
    let ops = sdk_patch(ops);
    call!(
        ctx,
        Repeat::Harmless,
        "UpdateUsagePlan",
        ctx.c
            .apigateway
            .update_usage_plan()
            .usage_plan_id(id)
            .set_patch_operations(Some(ops.clone()))
    )
    .map(|_| ())
    .map_err(|e| e.during(doing))
}

/// The one usage plan of the planned name; two or more of that name and
/// gantry cannot tell which one the interrupted create made.
pub async fn find_interrupted(
    ctx: &Ctx<'_>,
    planned: &Value,
    _interrupted: Interrupted<'_>,
) -> Result<Option<Value>, ProviderError> {
    let name = Args(planned).required("name")?;
    let all = super::list_all!(ctx, "GetUsagePlans", |p| ctx
        .c
        .apigateway
        .get_usage_plans()
        .limit(500)
        .set_position(p))
    .map_err(|e: ApiError| {
        e.during("looking for an interrupted create of API Gateway Usage Plan")
    })?;
    let ids: Vec<String> = all
        .unwrap_or_default()
        .iter()
        .filter(|p| p.name() == Some(name))
        .filter_map(|p| p.id().map(str::to_string))
        .collect();
    match ids.as_slice() {
        [] => Ok(None),
        [id] => read_id(ctx, planned, id).await,
        _ => Err(ProviderError::new(
            "Several usage plans match",
            format!(
                "{} usage plans are named {name:?} ({}); import the one the interrupted create made, or delete the extra one.",
                ids.len(),
                ids.join(", ")
            ),
        )),
    }
}

pub async fn read(ctx: &Ctx<'_>, current: &Value) -> Result<Option<Value>, ProviderError> {
    read_id(ctx, current, Args(current).required("id")?).await
}

fn stage_ops(op: Op, list: &[(String, String)]) -> impl Iterator<Item = PatchOp> + '_ {
    list.iter().map(move |(api, stage)| PatchOp {
        op,
        path: "/apiStages".into(),
        value: Some(format!("{api}:{stage}")),
    })
}

/// As the provider: when `api_stages` changes, every stage removed and
/// the configured ones added, each with its method throttles set by path.
/// (LocalStack cannot remove a stage that has throttles: it answers 500.)
fn stages_patch(prior: &Value, planned: &Value) -> Vec<PatchOp> {
    let mut ops = Vec::new();
    if unchanged(
        Args(prior).get("api_stages"),
        Args(planned).get("api_stages"),
    ) {
        return ops;
    }
    ops.extend(stage_ops(Op::Remove, &stages(prior)));
    for item in stage_items(planned) {
        let a = Args(item);
        let (Some(api), Some(stage)) = (a.str("api_id"), a.str("stage")) else {
            continue;
        };
        let id = format!("{api}:{stage}");
        ops.push(PatchOp {
            op: Op::Add,
            path: "/apiStages".into(),
            value: Some(id.clone()),
        });
        for (path, burst, rate) in throttles(item) {
            ops.push(PatchOp {
                op: Op::Replace,
                path: format!("/apiStages/{id}/throttle/{path}/rateLimit"),
                value: Some(Value::float(rate).to_string()),
            });
            ops.push(PatchOp {
                op: Op::Replace,
                path: format!("/apiStages/{id}/throttle/{path}/burstLimit"),
                value: Some(burst.to_string()),
            });
        }
    }
    ops
}

/// `add` when the block is new, `replace` when it changes, one `remove`
/// of the whole block when it goes.
fn block_ops(
    block: &str,
    path: &str,
    fields: &[(&str, &str)],
    prior: &Value,
    planned: &Value,
) -> Vec<PatchOp> {
    let (old, new) = (Args(prior).block(block), Args(planned).block(block));
    match (old, new) {
        (Some(o), None) => {
            let _ = o;
            vec![PatchOp {
                op: Op::Remove,
                path: path.into(),
                value: None,
            }]
        }
        (old, Some(n)) => {
            let changed =
                old.is_none_or(|o| fields.iter().any(|(f, _)| !unchanged(o.get(f), n.get(f))));
            if !changed {
                return Vec::new();
            }
            let op = if old.is_some() { Op::Replace } else { Op::Add };
            fields
                .iter()
                .filter_map(|(f, api)| {
                    let v = match n.get(f).unmark().0 {
                        Value::Number(x) => x.to_string(),
                        Value::String(s) => s.clone(),
                        _ => return None,
                    };
                    Some(PatchOp {
                        op,
                        path: format!("{path}/{api}"),
                        value: Some(v),
                    })
                })
                .collect()
        }
        (None, None) => Vec::new(),
    }
}

pub async fn update(ctx: &Ctx<'_>, prior: &Value, planned: &Value) -> Result<Value, ProviderError> {
    let id = Args(prior).required("id")?;
    let (p, n) = (Args(prior), Args(planned));
    let mut ops = Vec::new();
    for (attr, path) in [("name", "/name"), ("description", "/description")] {
        if !unchanged(p.get(attr), n.get(attr)) {
            ops.push(PatchOp {
                op: Op::Replace,
                path: path.into(),
                value: Some(n.str(attr).unwrap_or_default().to_string()),
            });
        }
    }
    if !unchanged(p.get("product_code"), n.get("product_code")) {
        ops.push(match n.str("product_code").filter(|c| !c.is_empty()) {
            Some(c) => PatchOp {
                op: Op::Replace,
                path: "/productCode".into(),
                value: Some(c.to_string()),
            },
            None => PatchOp {
                op: Op::Remove,
                path: "/productCode".into(),
                value: None,
            },
        });
    }
    ops.extend(stages_patch(prior, planned));
    ops.extend(block_ops(
        "throttle_settings",
        "/throttle",
        &[("rate_limit", "rateLimit"), ("burst_limit", "burstLimit")],
        prior,
        planned,
    ));
    ops.extend(block_ops(
        "quota_settings",
        "/quota",
        &[
            ("limit", "limit"),
            ("offset", "offset"),
            ("period", "period"),
        ],
        prior,
        planned,
    ));
    send(ctx, id, ops, "updating API Gateway Usage Plan").await?;
    super::rest_api::update_tags(ctx, &arn(ctx, id), prior, planned).await?;
    read_id(ctx, planned, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Usage Plan", id))
}

/// AWS refuses to delete a plan that still has API stages (the provider
/// removes them first). gantry tries the delete first and removes the
/// stages only when it is refused: one refused call on AWS, and no stage
/// removal where it cannot work (LocalStack answers 500, retried for
/// minutes, to removing a stage that has method throttles).
pub async fn delete(ctx: &Ctx<'_>, prior: &Value) -> Result<(), ProviderError> {
    let id = Args(prior).required("id")?;
    let held = stages(prior);
    if held.is_empty() {
        return delete_plan(ctx, id).await;
    }
    match delete_plan(ctx, id).await {
        Ok(()) => return Ok(()),
        Err(e)
            if e.detail.contains("BadRequestException")
                || e.detail.contains("ConflictException") => {}
        Err(e) => return Err(e),
    }
    let ops = stage_ops(Op::Remove, &held).collect();
    match send(
        ctx,
        id,
        ops,
        "removing the API Gateway Usage Plan's API stages",
    )
    .await
    {
        // An API or stage it names is gone already: the delete below
        // settles it.
        Err(e) if e.detail.contains("NotFoundException") => {}
        other => other?,
    }
    delete_plan(ctx, id).await
}

async fn delete_plan(ctx: &Ctx<'_>, id: &str) -> Result<(), ProviderError> {
    deleted(call!(
        ctx,
        Repeat::Harmless,
        "DeleteUsagePlan",
        ctx.c.apigateway.delete_usage_plan().usage_plan_id(id)
    ))
    .map_err(|e| e.during("deleting API Gateway Usage Plan"))
}

pub async fn import(ctx: &Ctx<'_>, id: &str) -> Result<Value, ProviderError> {
    let base = super::with_id(id);
    read_id(ctx, &base, id)
        .await?
        .ok_or_else(|| not_found("API Gateway Usage Plan", id))
}

crate::kind::register!(UsagePlan, "aws_api_gateway_usage_plan");

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(api: &str, throttle: &[(&str, f64)]) -> Value {
        let t: Vec<Value> = throttle
            .iter()
            .map(|(p, r)| {
                item(&[
                    ("path", Value::string(*p)),
                    ("rate_limit", Value::float(*r)),
                    ("burst_limit", Value::Null),
                ])
            })
            .collect();
        item(&[
            ("api_id", Value::string(api)),
            ("stage", Value::string("test")),
            ("throttle", Value::List(t.into())),
        ])
    }

    fn plan(stages: Vec<Value>) -> Value {
        item(&[("api_stages", Value::List(stages.into()))])
    }

    fn ops(prior: &Value, planned: &Value) -> Vec<(Op, String, Option<String>)> {
        stages_patch(prior, planned)
            .into_iter()
            .map(|o| (o.op, o.path, o.value))
            .collect()
    }

    #[test]
    fn a_changed_throttle_re_adds_the_stage_with_its_method_limits() {
        let prior = plan(vec![stage("a1", &[("/hello/GET", 5.0)])]);
        let planned = plan(vec![stage("a1", &[("/hello/GET", 7.5)])]);
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            ops(&prior, &planned),
            [
                (Op::Remove, "/apiStages".to_string(), s("a1:test")),
                (Op::Add, "/apiStages".to_string(), s("a1:test")),
                (
                    Op::Replace,
                    "/apiStages/a1:test/throttle//hello/GET/rateLimit".to_string(),
                    s("7.5")
                ),
                (
                    Op::Replace,
                    "/apiStages/a1:test/throttle//hello/GET/burstLimit".to_string(),
                    s("0")
                ),
            ]
        );
        assert!(ops(&prior, &prior).is_empty());
    }
}
