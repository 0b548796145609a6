//! `gantry validate`: everything that can be checked without the cloud.
//!
//! Order: input variables, locals, outputs, then every resource against its
//! table. All diagnostics are collected; nothing stops at the first.

use std::collections::BTreeMap;

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::memo::{self, ResourceMemo};
use gantry_config::model::{
    Attribute as ConfigAttribute, Block, Body, DependsOn, Expr, Mode, Module, ModuleCall, Resource,
};
use gantry_config::references::{self, RefContext, Reference, Referenceable};
use gantry_config::suggest::{did_you_mean, rename_fix, with_rename, with_suggestion};
use gantry_config::types::convert;
use gantry_config::value::Value;
use gantry_config::vars::{self, Inputs};
use gantry_diagnostics::{Diagnostic, Diagnostics, Span};

use crate::resources::{table_for, DATA_SOURCES, RESOURCE_TYPES};
use crate::schema::{Attribute, Condition, Presence, ResourceType};

mod rules;
use gantry_config::version;

use rules::{condition_diag, rule_code, rule_problem};

#[derive(Debug, Clone, Default)]
pub struct ValidateOptions {
    pub inputs: Inputs,
}

/// Validates a loaded module. Adds the tfvars files it reads to
/// `module.sources` (so their diagnostics render).
pub fn validate_module(module: &mut Module, opts: &ValidateOptions) -> Diagnostics {
    validate_with_variables(module, opts).0
}

/// [`validate_module`], also returning the input variable values it
/// resolved, so a plan evaluates with them without reading the tfvars
/// files a second time.
pub fn validate_with_variables(
    module: &mut Module,
    opts: &ValidateOptions,
) -> (Diagnostics, BTreeMap<String, Value>) {
    validate_remembering(module, opts, None)
}

/// [`validate_with_variables`], taking the findings for the module's
/// resource blocks from `memo` where their text and context did not change
/// since the check that put them there (the editor checks after each
/// edit). The diagnostics are those [`validate_with_variables`] gives.
pub fn validate_remembering(
    module: &mut Module,
    opts: &ValidateOptions,
    memo: Option<&mut ResourceMemo<Vec<Diagnostic>>>,
) -> (Diagnostics, BTreeMap<String, Value>) {
    let mut diags = Diagnostics::new();
    let (values, unknown_inputs) = vars::resolve_for_validation(module, &opts.inputs, &mut diags);
    let module = &*module;
    // A plan requires every value and checks with them; validate checks
    // for any input (see `resolve_for_validation`).
    let checked = if opts.inputs.require_all {
        values.clone()
    } else {
        unknown_inputs
    };
    check_module(module, checked, &mut Default::default(), &mut diags, memo);
    diags.sort();
    (diags, values)
}

/// Checks one module of the configuration with these input values, then
/// the modules it calls, whose inputs are not known while validating (as
/// Terraform validates a module for any input its callers may give).
/// `checked`: the directories of called modules already checked; a module
/// called twice has the same problems twice, reported once.
fn check_module(
    module: &Module,
    variables: BTreeMap<String, Value>,
    checked: &mut std::collections::BTreeSet<std::path::PathBuf>,
    diags: &mut Diagnostics,
    mut memo: Option<&mut ResourceMemo<Vec<Diagnostic>>>,
) {
    // The values are part of what every block's findings depend on.
    if let Some(m) = memo.as_deref_mut() {
        m.begin(memo::context(module, format!("{variables:?}")));
    }
    let ev = Evaluator::new(module, variables);
    let v = Validator { module, ev: &ev };

    for local in module.locals.values() {
        v.references(&local.value, RefContext::default(), diags);
    }
    for local in module.locals.values() {
        ev.local(&local.name, diags);
    }
    for output in module.outputs.values() {
        if let Some(value) = &output.value {
            v.references(value, RefContext::default(), diags);
            let val = ev.eval(value, &Scope::default(), diags);
            if val.is_sensitive() && !output.sensitive && module.path.is_root() {
                diags.push(
                    Diagnostic::error("gantry::output::sensitive", "Output refers to sensitive values")
                        .with_detail("To reduce the risk of accidentally exporting sensitive data that was intended to be only internal, Terraform requires that any root module output containing sensitive data be explicitly marked as sensitive, to confirm your intent.\n\nIf you do intend to export this data, annotate the output value as sensitive by adding the following argument:\n    sensitive = true")
                        .with_span(output.name_span),
                );
            }
        }
        v.depends_on(&output.depends_on, diags);
    }
    for r in &module.resources {
        match memo.as_deref_mut() {
            Some(m) => diags.extend(m.get(module, r, || {
                let mut found = Diagnostics::new();
                v.resource(r, &mut found);
                found.into_vec()
            })),
            None => v.resource(r, diags),
        }
    }
    if let Some(m) = memo {
        m.end();
    }
    for call in module.calls.values() {
        v.module_call(call, diags);
    }
    for (i, check) in module.checks.iter().enumerate() {
        let ctx = RefContext {
            check: Some(i),
            ..RefContext::default()
        };
        for a in &check.asserts {
            v.references(&a.condition, ctx, diags);
            v.references(&a.error_message, ctx, diags);
        }
    }
    v.required_version(diags);
    v.required_aws_provider(diags);
    for removed in &module.removed {
        if let Some(r) = module
            .resources
            .iter()
            .find(|r| r.mode == Mode::Managed && r.addr() == removed.from)
        {
            diags.push(
                Diagnostic::error("gantry::config::removed", "Removed resource still exists")
                    .with_detail(format!("This statement declares that {} was removed, but it is still declared in configuration.", removed.from))
                    .with_span(r.header_span)
                    .with_extra_label(removed.from_span, "declared removed here"),
            );
        }
    }
    for child in module.children.values() {
        if !checked.insert(child.dir.clone()) {
            continue;
        }
        let unknown = child
            .variables
            .keys()
            .map(|name| (name.clone(), Value::Unknown))
            .collect();
        check_module(child, unknown, checked, diags, None);
    }
}

struct Validator<'a> {
    module: &'a Module,
    ev: &'a Evaluator<'a>,
}

/// Terraform's error for an argument whose value has the wrong type;
/// `reason` is the conversion's (`string required`, `element 0: ...`).
fn type_error(name: &str, reason: &str, span: Span, address: &str) -> Diagnostic {
    Diagnostic::error("gantry::schema::type", "Incorrect attribute value type")
        .with_detail(format!(
            "Inappropriate value for attribute \"{name}\": {reason}."
        ))
        .with_span(span)
        .with_address(address)
}

/// The 0.11 map-as-block warnings alone (`tags { Name = "x" }` where the
/// schema has a map argument), each with its fix: what `fmt` applies,
/// found without evaluating anything.
pub fn legacy_map_blocks(module: &Module) -> Vec<Diagnostic> {
    fn walk(
        attrs: &[Attribute],
        blocks: &[crate::schema::BlockType],
        body: &gantry_config::model::Body,
        out: &mut Vec<Diagnostic>,
    ) {
        for b in &body.blocks {
            if let Some(bt) = blocks.iter().find(|bt| bt.name == b.kind) {
                walk(bt.attributes, bt.blocks, &b.body, out);
            } else if b.dynamic.is_none() && attrs.iter().any(|a| a.name == b.kind && a.ty.is_map())
            {
                out.push(gantry_config::legacy_map_block_warning(
                    &b.kind,
                    b.kind_span,
                    "Unsupported block type",
                ));
            }
        }
    }
    let mut out = Vec::new();
    for r in &module.resources {
        if let Some(schema) = table_for(r.mode, &r.type_name) {
            walk(schema.attributes, schema.blocks, &r.body, &mut out);
        }
    }
    out
}

impl Validator<'_> {
    /// Undeclared names, and attributes the referenced resource type lacks.
    fn references(&self, e: &Expr, ctx: RefContext, diags: &mut Diagnostics) {
        let (refs, more) = references::collect(self.module, e);
        diags.extend(more);
        references::check(self.module, &refs, ctx, diags);
        for r in &refs {
            self.resource_attribute(r, diags);
        }
    }

    fn resource_attribute(&self, r: &Reference, diags: &mut Diagnostics) {
        let Referenceable::Resource(addr) = &r.subject else {
            return;
        };
        let Some(target) = self.module.resource(addr.mode, &addr.type_name, &addr.name) else {
            return;
        };
        let Some((attr, attr_span)) = r.attributes.first() else {
            return;
        };
        if target.count.is_some() || target.for_each.is_some() {
            let key = if target.count.is_some() {
                "count.index"
            } else {
                "each.key"
            };
            diags.push(
                Diagnostic::error("gantry::reference::instance-key", "Missing resource instance key")
                    .with_detail(format!(
                        "Because {} has \"{}\" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    {}[{key}]",
                        target.address(),
                        if target.count.is_some() { "count" } else { "for_each" },
                        target.address()
                    ))
                    .with_span(r.span.to(*attr_span)),
            );
            return;
        }
        let Some(schema) = table_for(addr.mode, &addr.type_name) else {
            return;
        };
        if schema.readable_names().any(|n| n == attr) {
            return;
        }
        diags.push(with_rename(
            Diagnostic::error("gantry::reference::unsupported-attribute", "Unsupported attribute")
                .with_span(*attr_span),
            format!("This object has no argument, nested block, or exported attribute named \"{attr}\"."),
            did_you_mean(attr, schema.readable_names()),
            *attr_span,
            // The span is HCL's attribute step, which starts at the dot.
            |s| {
                let text = self.module.sources.get(attr_span.file).text();
                let dot = text.get(attr_span.range()).is_some_and(|t| t.starts_with('.'));
                if dot { format!(".{s}") } else { s.to_string() }
            },
        ));
    }

    fn depends_on(&self, list: &[DependsOn], diags: &mut Diagnostics) {
        use gantry_addrs::Referenceable;
        for DependsOn { subject, span } in list {
            let addr = subject;
            let found = match subject {
                Referenceable::Resource(r) => self
                    .module
                    .resource(r.mode, &r.type_name, &r.name)
                    .is_some(),
                Referenceable::ResourceInstance(i) => {
                    let r = &i.resource;
                    self.module
                        .resource(r.mode, &r.type_name, &r.name)
                        .is_some()
                }
                Referenceable::Variable(_) | Referenceable::Local(_) => true,
                Referenceable::ModuleCall { name, .. } => self.module.calls.contains_key(name),
                Referenceable::ModuleOutput { call, .. } => self.module.calls.contains_key(call),
                _ => false,
            };
            if !found {
                diags.push(
                    Diagnostic::error(
                        "gantry::reference::undeclared-resource",
                        "Reference to undeclared resource",
                    )
                    .with_detail(format!(
                        "depends_on refers to {addr}, which is not declared in {}.",
                        self.module.display_name()
                    ))
                    .with_span(*span),
                );
            }
        }
    }

    /// A `module` block: what it evaluates, and its arguments against the
    /// called module's variables (the call site is where a missing or
    /// unknown input is wrong).
    fn module_call(&self, call: &ModuleCall, diags: &mut Diagnostics) {
        let ctx = RefContext {
            counted: call.count.is_some(),
            for_each: call.for_each.is_some(),
            check: None,
        };
        if let Some(count) = &call.count {
            self.references(count, RefContext::default(), diags);
            self.count(count, diags);
        }
        if let Some(fe) = &call.for_each {
            self.references(fe, RefContext::default(), diags);
            self.for_each(fe, diags);
        }
        self.depends_on(&call.depends_on, diags);
        let scope = Scope::for_resource(ctx.counted, ctx.for_each);
        let child = self.module.children.get(&call.name);
        for input in &call.inputs {
            self.references(&input.value, ctx, diags);
            let value = self.ev.eval(&input.value, &scope, diags);
            // A known value the variable's type cannot take is wrong for
            // any instance of the call.
            let Some(var) = child.and_then(|c| c.variables.get(&input.name)) else {
                continue;
            };
            if let (Err(reason), Some(child)) = (convert(&value, &var.type_constraint), child) {
                diags.push(
                    Diagnostic::error("gantry::vars::type", "Invalid value for input variable")
                        .with_detail(format!(
                            "The given value is not suitable for {}.var.{} declared at {}: {reason}.",
                            child.path,
                            var.name,
                            self.module.sources.range_text(var.header_span)
                        ))
                        .with_span(input.value.span),
                );
            }
        }
        let Some(child) = child else {
            return;
        };
        for input in &call.inputs {
            if !child.variables.contains_key(&input.name) {
                diags.push(with_rename(
                    Diagnostic::error(
                        "gantry::config::unsupported-argument",
                        "Unsupported argument",
                    )
                    .with_span(input.name_span),
                    format!("An argument named \"{}\" is not expected here.", input.name),
                    did_you_mean(&input.name, child.variables.keys().map(String::as_str)),
                    input.name_span,
                    str::to_string,
                ));
            }
        }
        for (name, var) in &child.variables {
            if var.default.is_none() && !call.inputs.iter().any(|i| &i.name == name) {
                diags.push(
                    Diagnostic::error(
                        "gantry::config::missing-argument",
                        "Missing required argument",
                    )
                    .with_detail(format!(
                        "The argument \"{name}\" is required, but no definition was found."
                    ))
                    .with_span(call.header_span)
                    .with_extra_label(var.header_span, "declared here"),
                );
            }
        }
    }

    fn resource(&self, r: &Resource, diags: &mut Diagnostics) {
        let ctx = RefContext {
            counted: r.count.is_some(),
            for_each: r.for_each.is_some(),
            check: r.check,
        };
        let schema = table_for(r.mode, &r.type_name);
        if schema.is_none() {
            self.unknown_type(r, diags);
        }
        let outer = RefContext {
            check: r.check,
            ..RefContext::default()
        };
        if let Some(count) = &r.count {
            self.references(count, outer, diags);
            self.count(count, diags);
        }
        if let Some(fe) = &r.for_each {
            self.references(fe, outer, diags);
            self.for_each(fe, diags);
        }
        self.depends_on(&r.depends_on, diags);
        // A called module's aliased configuration comes from its caller
        // (`gantry_config::providers::check` follows it there).
        if let Some((p, span)) = r.provider.as_ref().filter(|_| self.module.path.is_root()) {
            let (name, alias) = (p.name.as_str(), p.alias.as_deref());
            if alias.is_some() && !self.module.has_provider_block(p) {
                diags.push(
                    Diagnostic::error("gantry::config::provider", "Reference to undefined provider")
                        .with_detail(format!("There is no explicit declaration for local provider name \"{name}\" with alias \"{}\".", alias.unwrap_or_default()))
                        .with_span(*span),
                );
            }
        }
        let scope = Scope::for_resource(ctx.counted, ctx.for_each);
        for a in &r.body.attributes {
            self.references(&a.value, ctx, diags);
        }
        let mut ref_blocks = Vec::new();
        collect_blocks(&r.body, &mut ref_blocks);
        for b in ref_blocks {
            if let Some(d) = &b.dynamic {
                self.references(&d.for_each, ctx, diags);
                if let Some(labels) = &d.labels {
                    self.references(labels, ctx, diags);
                }
            }
            for a in &b.body.attributes {
                self.references(&a.value, ctx, diags);
            }
        }
        let Some(schema) = schema else { return };
        for ignored in &r.lifecycle.ignore_changes {
            let (first, span) = (ignored.argument.as_str(), &ignored.span);
            if schema.attribute(first).is_none() && schema.block(first).is_none() {
                diags.push(with_suggestion(
                    Diagnostic::error("gantry::schema::ignore-changes", "Unsupported attribute")
                        .with_span(*span),
                    format!(
                        "ignore_changes names \"{first}\", but {} has no argument of that name.",
                        r.type_name
                    ),
                    did_you_mean(first, schema.readable_names()),
                ));
            }
        }
        // `timeouts` is checked on its own: it is not part of the object.
        let ops = crate::resources::timeouts(r.mode, &r.type_name);
        let without_timeouts;
        let body = if ops.is_empty() || r.body.blocks_of("timeouts").next().is_none() {
            &r.body
        } else {
            self.timeouts(r, ops, &scope, diags);
            without_timeouts = Body {
                attributes: r.body.attributes.clone(),
                blocks: r
                    .body
                    .blocks
                    .iter()
                    .filter(|b| b.kind != "timeouts")
                    .cloned()
                    .collect(),
            };
            &without_timeouts
        };
        let values = self.body(
            schema.attributes,
            schema.blocks,
            body,
            &scope,
            &r.address(),
            r.header_span,
            diags,
        );
        self.conditions(schema, &values, body, r, diags);
    }

    /// `timeouts { create = "10m" }`: one block, the type's operations,
    /// durations as strings.
    fn timeouts(&self, r: &Resource, ops: &[&str], scope: &Scope, diags: &mut Diagnostics) {
        for (i, b) in r.body.blocks_of("timeouts").enumerate() {
            if i > 0 {
                diags.push(
                    Diagnostic::error("gantry::schema::max-items", "Too many timeouts blocks")
                        .with_detail("No more than 1 \"timeouts\" blocks are allowed")
                        .with_span(b.kind_span)
                        .with_address(r.address()),
                );
                continue;
            }
            for nb in &b.body.blocks {
                diags.push(
                    Diagnostic::error(
                        "gantry::schema::unsupported-block",
                        "Unsupported block type",
                    )
                    .with_detail(format!(
                        "Blocks of type \"{}\" are not expected here.",
                        nb.kind
                    ))
                    .with_span(nb.kind_span)
                    .with_address(r.address()),
                );
            }
            for a in &b.body.attributes {
                if !ops.contains(&a.name.as_str()) {
                    diags.push(with_rename(
                        Diagnostic::error(
                            "gantry::schema::unsupported-argument",
                            "Unsupported argument",
                        )
                        .with_span(a.name_span),
                        format!("An argument named \"{}\" is not expected here.", a.name),
                        did_you_mean(&a.name, ops.iter().copied()),
                        a.name_span,
                        str::to_string,
                    ));
                    continue;
                }
                let v = self.ev.eval(&a.value, scope, diags);
                if convert(&v, &gantry_config::types::Type::String).is_err() {
                    diags.push(type_error(
                        &a.name,
                        "string required",
                        a.value.span,
                        &r.address(),
                    ));
                }
            }
        }
    }

    /// `terraform { required_version }` against the Terraform version
    /// gantry follows.
    fn required_version(&self, diags: &mut Diagnostics) {
        let Some(settings) = &self.module.terraform else {
            return;
        };
        let Some((spec, span)) = &settings.required_version else {
            return;
        };
        let [a, b, c] = version::TERRAFORM_VERSION;
        match version::satisfies(spec, version::TERRAFORM_VERSION) {
            Ok(true) => {}
            Ok(false) => diags.push(
                Diagnostic::error("gantry::config::required-version", "Unsupported Terraform Core version")
                    // not an address: a version number.
                    .with_detail(format!("This configuration does not support Terraform version {a}.{b}.{c}, the language gantry implements. To proceed, either choose another supported Terraform version or update this version constraint. Version constraints are normally set for good reason, so updating the constraint may lead to other errors or unexpected behavior."))
                    .with_span(*span),
            ),
            Err(part) => diags.push(
                Diagnostic::error("gantry::config::required-version", "Invalid version constraint")
                    .with_detail(format!("This string does not use correct version constraint syntax: {part:?} is not a version constraint."))
                    .with_span(*span),
            ),
        }
    }

    /// `required_providers { aws = { version = "..." } }` against the AWS
    /// provider release whose behaviour gantry follows: a configuration
    /// written for provider 6 gets one clear error instead of a diagnostic
    /// per argument provider 5 lacks.
    fn required_aws_provider(&self, diags: &mut Diagnostics) {
        let Some(settings) = &self.module.terraform else {
            return;
        };
        for rp in settings.body.blocks_of("required_providers") {
            let Some(aws) = rp.body.attribute("aws") else {
                continue;
            };
            let hcl_edit::expr::Expression::Object(o) = &aws.value.expr else {
                continue;
            };
            let version = o.iter().find_map(|(k, v)| {
                let key = match k {
                    hcl_edit::expr::ObjectKey::Ident(i) => i.as_str(),
                    hcl_edit::expr::ObjectKey::Expression(e) => e.as_str()?,
                };
                (key == "version").then_some(v.expr())
            });
            let Some((spec, version)) = version.and_then(|v| Some((v.as_str()?, v))) else {
                continue;
            };
            let span = self
                .module
                .node_span(aws.value.file, version, aws.value.span);
            let [a, b, c] = version::AWS_PROVIDER_VERSION;
            if version::satisfies(spec, version::AWS_PROVIDER_VERSION) == Ok(false) {
                diags.push(
                    Diagnostic::error("gantry::config::provider-version", "Unsupported provider version")
                        // not an address: a version number.
                        .with_detail(format!("This configuration requires hashicorp/aws {spec}, but gantry follows version {a}.{b}.{c} of that provider (its arguments, defaults and behaviour). Arguments newer releases added (such as `region` on every resource in 6.0) are not known to it."))
                        .with_span(span),
                );
            }
        }
    }

    fn unknown_type(&self, r: &Resource, diags: &mut Diagnostics) {
        let (all, what): (Vec<&str>, &str) = match r.mode {
            Mode::Managed => (
                RESOURCE_TYPES.iter().map(|t| t.name).collect(),
                "resource type",
            ),
            Mode::Data => (DATA_SOURCES.iter().map(|t| t.name).collect(), "data source"),
        };
        let mut d = Diagnostic::error("gantry::schema::unknown-type", format!("Invalid {what}"))
            .with_span(r.type_span)
            .with_address(r.address());
        // A type the AWS provider has is one gantry does not support yet;
        // any other name is not a type at all, as Terraform says.
        if crate::resources::aws_provider_has(r.mode, &r.type_name) {
            let d = Diagnostic::error(
                "gantry::schema::unsupported-type",
                format!("Unsupported {what}"),
            )
            .with_span(r.type_span)
            .with_address(r.address())
            .with_detail(format!(
                "gantry does not support the {what} \"{}\" of the AWS provider yet: it supports {} of them (README.md lists them), the REST API Gateway family and the types such configurations wire in.",
                r.type_name,
                all.iter().filter(|n| n.starts_with("aws_")).count()
            ))
            .with_help("Manage this object with Terraform, outside of gantry's configuration, and refer to it by its ID (a variable or a data source gantry supports).");
            diags.push(d);
            return;
        }
        let provider = if r.type_name.starts_with("aws_") {
            "hashicorp/aws"
        } else {
            "gantry"
        };
        let mut detail = format!(
            "The provider {provider} does not support {what} \"{}\".",
            r.type_name
        );
        match did_you_mean(&r.type_name, all.iter().copied()) {
            Some(s) => {
                detail.push_str(&format!(" Did you mean \"{s}\"?"));
                // The label's span includes its quotes.
                let quoted = self.module.sources.get(r.type_span.file).text()[r.type_span.range()]
                    .starts_with('"');
                let to = if quoted {
                    format!("\"{s}\"")
                } else {
                    s.to_string()
                };
                d = d
                    .with_help(format!("did you mean \"{s}\"?"))
                    .with_fix(rename_fix(r.type_span, to));
            }
            None => detail.push_str(&format!(" gantry supports: {}.", all.join(", "))),
        }
        diags.push(d.with_detail(detail));
    }

    fn count(&self, e: &Expr, diags: &mut Diagnostics) {
        let v = self.ev.eval(e, &Scope::default(), diags);
        let problem = match v.unmark().0 {
            Value::Unknown => None,
            Value::Null => Some("must be a whole number, not null"),
            other => match convert(other, &gantry_config::types::Type::Number) {
                Ok(Value::Number(n)) if !n.is_integer() => Some("must be a whole number"),
                Ok(Value::Number(n)) if n.to_i64().is_none() => Some(
                    "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
                ),
                Ok(Value::Number(n)) if n.signum() < 0 => {
                    Some("must be greater than or equal to zero")
                }
                Ok(_) => None,
                Err(_) => Some("a number is required"),
            },
        };
        if let Some(p) = problem {
            diags.push(
                Diagnostic::error("gantry::config::count", "Invalid count argument")
                    .with_detail(format!(
                        "The given \"count\" argument value is unsuitable: {p}."
                    ))
                    .with_span(e.span),
            );
        }
    }

    fn for_each(&self, e: &Expr, diags: &mut Diagnostics) {
        let v = self.ev.eval(e, &Scope::default(), diags);
        if v.is_sensitive() {
            diags.push(
                Diagnostic::error("gantry::config::for-each", "Invalid for_each argument")
                    .with_detail("Sensitive values, or values derived from sensitive values, cannot be used as for_each arguments. If used, the sensitive value could be exposed as a resource instance key.")
                    .with_span(e.span),
            );
            return;
        }
        let problem = match &v {
            Value::Unknown | Value::Map(_) => None,
            Value::Null => Some("the given \"for_each\" argument value is null. A map, or set of strings is allowed.".to_string()),
            Value::Set(items) if items.iter().all(|i| i.as_str().is_some() || i.is_unknown()) => None,
            Value::Set(_) => Some("the \"for_each\" set includes values that are not strings; only sets of strings are allowed.".to_string()),
            other => Some(format!("the \"for_each\" argument must be a map, or set of strings, and you have provided a value of type {}.", other.type_name())),
        };
        if let Some(p) = problem {
            let mut d = Diagnostic::error("gantry::config::for-each", "Invalid for_each argument")
                .with_detail(format!(
                    "The given \"for_each\" argument value is unsuitable: {p}"
                ))
                .with_span(e.span);
            if matches!(v, Value::List(_)) {
                d = d.with_help("convert a list of strings with toset(...)");
            }
            diags.push(d);
        }
    }

    /// Checks a body against attribute and block tables; returns the
    /// converted values of the arguments that are set.
    #[allow(clippy::too_many_arguments)]
    fn body(
        &self,
        attrs: &'static [Attribute],
        blocks: &'static [crate::schema::BlockType],
        body: &Body,
        scope: &Scope,
        address: &str,
        header: Span,
        diags: &mut Diagnostics,
    ) -> BTreeMap<String, (Value, Span)> {
        let mut values = BTreeMap::new();
        for a in &body.attributes {
            if let Some(bt) = blocks
                .iter()
                .find(|b| b.name == a.name && b.attribute_syntax)
            {
                self.blocks_as_attribute(bt, a, scope, address, diags);
                continue;
            }
            let Some(schema) = attrs.iter().find(|s| s.name == a.name) else {
                self.unsupported_argument(a, attrs, blocks, diags);
                continue;
            };
            if !schema.is_settable() {
                diags.push(
                    Diagnostic::error("gantry::schema::computed", "Value for unconfigurable attribute")
                        .with_detail(format!("Can't configure a value for \"{}\": its value will be decided automatically based on the result of applying this configuration.", a.name))
                        .with_span(a.name_span)
                        .with_address(address),
                );
                continue;
            }
            let v = self.ev.eval(&a.value, scope, diags);
            if let Some(v) =
                self.check_value(schema, &v, (a.name_span, a.value.span), address, diags)
            {
                values.insert(a.name.clone(), (v, a.value.span));
            }
        }
        // Set as an attribute, a block type takes no blocks (Terraform
        // then reads the schema's attribute, as declared).
        let as_attribute = |name: &str| {
            blocks
                .iter()
                .any(|bt| bt.name == name && bt.attribute_syntax)
                && body.attribute(name).is_some()
        };
        for b in &body.blocks {
            if as_attribute(&b.kind) {
                diags.push(with_rename(
                    Diagnostic::error(
                        "gantry::schema::unsupported-block",
                        "Unsupported block type",
                    )
                    .with_span(b.kind_span)
                    .with_address(address),
                    format!("Blocks of type \"{}\" are not expected here.", b.kind),
                    did_you_mean(
                        &b.kind,
                        blocks.iter().map(|bt| bt.name).filter(|n| !as_attribute(n)),
                    ),
                    b.kind_span,
                    str::to_string,
                ));
                continue;
            }
            if let Some(bt) = blocks.iter().find(|bt| bt.name == b.kind) {
                if b.dynamic.is_some() {
                    self.dynamic_block(bt, b, scope, address, diags);
                    continue;
                }
                let n = body.blocks_of(&b.kind).count();
                if bt.max_items.is_some_and(|m| n > m)
                    && body.blocks_of(&b.kind).next().map(|f| f.span) != Some(b.span)
                {
                    diags.push(
                        Diagnostic::error(
                            "gantry::schema::max-items",
                            format!("Too many {} blocks", b.kind),
                        )
                        .with_detail(format!(
                            "No more than {} \"{}\" blocks are allowed",
                            bt.max_items.unwrap_or(0),
                            b.kind
                        ))
                        .with_span(b.kind_span)
                        .with_address(address),
                    );
                    continue;
                }
                self.body(
                    bt.attributes,
                    bt.blocks,
                    &b.body,
                    scope,
                    address,
                    b.kind_span,
                    diags,
                );
                continue;
            }
            if let Some(schema) = attrs
                .iter()
                .find(|s| s.name == b.kind && s.ty.is_map() && b.dynamic.is_none())
            {
                // `tags { Name = "x" }`: Terraform 0.11's map-as-block with
                // identifier keys. Valid HCL 2 syntax, so the syntax layer
                // let it through; it means `tags = { Name = "x" }`.
                self.legacy_map_block(schema, b, scope, address, diags, &mut values);
                continue;
            }
            let d = Diagnostic::error(
                "gantry::schema::unsupported-block",
                "Unsupported block type",
            )
            .with_span(b.kind_span)
            .with_address(address);
            diags.push(if attrs.iter().any(|s| s.name == b.kind) {
                d.with_detail(format!("Blocks of type \"{0}\" are not expected here. Did you mean to define argument \"{0}\"? If so, use the equals sign to assign it a value.", b.kind))
            } else {
                with_rename(
                    d,
                    format!("Blocks of type \"{}\" are not expected here.", b.kind),
                    did_you_mean(&b.kind, blocks.iter().map(|bt| bt.name)),
                    b.kind_span,
                    str::to_string,
                )
            });
        }
        for s in attrs.iter().filter(|s| s.presence == Presence::Required) {
            if body.attribute(s.name).is_none() && !values.contains_key(s.name) {
                diags.push(
                    Diagnostic::error(
                        "gantry::schema::missing-argument",
                        "Missing required argument",
                    )
                    .with_detail(format!(
                        "The argument \"{}\" is required, but no definition was found.",
                        s.name
                    ))
                    .with_span(header)
                    .with_address(address),
                );
            }
        }
        // How many blocks of a type there will be, counting what dynamic
        // blocks generate; unknown while a for_each is (checks wait).
        let count_of = |kind: &'static str| {
            let mut already_reported = Diagnostics::new();
            self.ev
                .block_instances(body, kind, scope, &mut already_reported)
                .map(|v| v.len())
        };
        for bt in blocks.iter().filter(|bt| bt.max_items.is_some()) {
            let Some(first_dynamic) = body.blocks_of(bt.name).find(|b| b.dynamic.is_some()) else {
                continue;
            };
            let max = bt.max_items.unwrap_or(usize::MAX);
            if count_of(bt.name).is_some_and(|n| n > max) {
                diags.push(
                    Diagnostic::error(
                        "gantry::schema::max-items",
                        format!("Too many {} blocks", bt.name),
                    )
                    .with_detail(format!(
                        "No more than {max} \"{}\" blocks are allowed",
                        bt.name
                    ))
                    .with_span(first_dynamic.kind_span)
                    .with_address(address),
                );
            }
        }
        for bt in blocks.iter().filter(|bt| bt.min_items > 0) {
            if count_of(bt.name).is_some_and(|n| n < bt.min_items) {
                diags.push(
                    Diagnostic::error("gantry::schema::missing-block", "Insufficient blocks")
                        .with_detail(format!(
                            "At least {} \"{}\" blocks are required.",
                            bt.min_items, bt.name
                        ))
                        .with_span(header)
                        .with_address(address),
                );
            }
        }
        values
    }

    /// A dynamic block's content, checked once per generated block (each
    /// problem reported once), or once with its iterator unknown when the
    /// for_each is unknown or empty.
    fn dynamic_block(
        &self,
        bt: &crate::schema::BlockType,
        b: &Block,
        scope: &Scope,
        address: &str,
        diags: &mut Diagnostics,
    ) {
        let scopes = match self.ev.dynamic_instances(b, scope, diags) {
            Some(s) if !s.is_empty() => s,
            _ => {
                let iterator = b
                    .dynamic
                    .as_ref()
                    .map_or(b.kind.as_str(), |d| d.iterator.as_str());
                vec![scope.with_var(iterator, Value::Unknown)]
            }
        };
        let mut seen = Diagnostics::new();
        for sc in &scopes {
            let mut one = Diagnostics::new();
            self.body(
                bt.attributes,
                bt.blocks,
                &b.body,
                sc,
                address,
                b.kind_span,
                &mut one,
            );
            for d in one.into_vec() {
                if !seen.iter().any(|s| s == &d) {
                    seen.push(d);
                }
            }
        }
        diags.extend(seen.into_vec());
    }

    fn legacy_map_block(
        &self,
        schema: &Attribute,
        b: &Block,
        scope: &Scope,
        address: &str,
        diags: &mut Diagnostics,
        values: &mut BTreeMap<String, (Value, Span)>,
    ) {
        diags.push(
            gantry_config::legacy_map_block_warning(&b.kind, b.kind_span, "Unsupported block type")
                .with_address(address),
        );
        let mut map = BTreeMap::new();
        for a in &b.body.attributes {
            map.insert(a.name.clone(), self.ev.eval(&a.value, scope, diags));
        }
        if let Some(v) = self.check_value(
            schema,
            &Value::Map(map.into()),
            (b.kind_span, b.span),
            address,
            diags,
        ) {
            values.insert(b.kind.clone(), (v, b.span));
        }
    }

    /// `egress = [...]`: a block type written as an attribute (see
    /// `BlockType::attribute_syntax`): a list of complete items.
    fn blocks_as_attribute(
        &self,
        bt: &crate::schema::BlockType,
        a: &ConfigAttribute,
        scope: &Scope,
        address: &str,
        diags: &mut Diagnostics,
    ) {
        let v = self.ev.eval(&a.value, scope, diags);
        if let Err(reason) = convert(&v, &bt.attribute_type()) {
            diags.push(type_error(bt.name, &reason, a.value.span, address));
        }
    }

    fn unsupported_argument(
        &self,
        a: &ConfigAttribute,
        attrs: &[Attribute],
        blocks: &[crate::schema::BlockType],
        diags: &mut Diagnostics,
    ) {
        let d = Diagnostic::error(
            "gantry::schema::unsupported-argument",
            "Unsupported argument",
        )
        .with_span(a.name_span);
        if blocks.iter().any(|b| b.name == a.name) {
            diags.push(d.with_detail(format!("An argument named \"{0}\" is not expected here. Did you mean to define a block of type \"{0}\"?", a.name)));
            return;
        }
        let settable = attrs.iter().filter(|s| s.is_settable()).map(|s| s.name);
        diags.push(with_rename(
            d,
            format!("An argument named \"{}\" is not expected here.", a.name),
            did_you_mean(&a.name, settable),
            a.name_span,
            str::to_string,
        ));
    }

    /// Type conversion and the attribute's rules. Returns the converted
    /// value (unknown values pass unchecked).
    /// `name_span` is where the argument is named, `span` where its value is.
    fn check_value(
        &self,
        s: &Attribute,
        v: &Value,
        (name_span, span): (Span, Span),
        address: &str,
        diags: &mut Diagnostics,
    ) -> Option<Value> {
        if let Some(msg) = s.is_deprecated() {
            diags.push(
                Diagnostic::warning("gantry::schema::deprecated", "Argument is deprecated")
                    .with_detail(msg)
                    .with_span(name_span)
                    .with_address(address),
            );
        }
        let converted = match convert(v, &s.ty.to_type()) {
            Ok(c) => c,
            Err(reason) => {
                diags.push(type_error(s.name, &reason, span, address));
                return None;
            }
        };
        let (plain, _) = converted.unmark();
        if plain.is_null() {
            return Some(converted);
        }
        for rule in s.rules {
            if let Some(problem) = rule_problem(s.name, rule, plain) {
                diags.push(
                    Diagnostic::error(rule_code(rule), format!("Invalid value for \"{}\"", s.name))
                        .with_detail(problem)
                        .with_span(span)
                        .with_address(address),
                );
            }
        }
        Some(converted)
    }

    fn conditions(
        &self,
        schema: &ResourceType,
        values: &BTreeMap<String, (Value, Span)>,
        body: &Body,
        r: &Resource,
        diags: &mut Diagnostics,
    ) {
        // As the SDK's validation: an unknown value may turn out null, so
        // it neither conflicts nor counts as given, but it is not missing
        // either.
        let unknown = |n: &str| match values.get(n) {
            Some((v, _)) => v.is_unknown(),
            None => body.attribute(n).is_some(),
        };
        let is_set = |n: &str| {
            values
                .get(n)
                .is_some_and(|(v, _)| !v.is_null() && !v.is_unknown())
        };
        let given = |n: &str| is_set(n) || unknown(n);
        let address = r.address();
        for c in schema.conditions {
            match c {
                Condition::RequiredWhenOneOf {
                    attr,
                    when,
                    values: trigger,
                    enforcement,
                    why,
                } => {
                    // Unset, `when` counts with its default (an authorizer's
                    // type is TOKEN unless it says otherwise).
                    let defaulted = schema.attribute(when).and_then(|a| match a.default {
                        Some(crate::schema::DefaultValue::String(d)) => Some(d),
                        _ => None,
                    });
                    let (ws, wspan) = match values.get(*when) {
                        Some((wv, wspan)) => match wv.as_str() {
                            Some(ws) => (ws, *wspan),
                            None => continue,
                        },
                        None if body.attribute(when).is_none() => match defaulted {
                            Some(d) => (d, r.header_span),
                            None => continue,
                        },
                        None => continue,
                    };
                    if trigger.contains(&ws) && !given(attr) {
                        diags.push(
                            condition_diag(*enforcement, format!("The argument \"{attr}\" is required when {when} is \"{ws}\". {why}"))
                                .with_span(wspan)
                                .with_label(format!("{when} is \"{ws}\""))
                                .with_extra_label(r.header_span, format!("{attr} is missing here"))
                                .with_address(address.clone()),
                        );
                    }
                }
                Condition::RequiredWhenSet {
                    attr,
                    when,
                    enforcement,
                    why,
                } => {
                    if is_set(when) && !given(attr) {
                        let span = body.attribute(when).map_or(r.header_span, |a| a.name_span);
                        diags.push(
                            condition_diag(*enforcement, format!("The argument \"{attr}\" is recommended when {when} is set. {why}"))
                                .with_span(span)
                                .with_address(address.clone()),
                        );
                    }
                }
                Condition::ConflictsWith(a, b) => {
                    if is_set(a) && is_set(b) {
                        let span = body.attribute(b).map_or(r.header_span, |x| x.name_span);
                        diags.push(
                            Diagnostic::error(
                                "gantry::schema::conflict",
                                "Conflicting configuration arguments",
                            )
                            .with_detail(format!("\"{b}\": conflicts with {a}"))
                            .with_span(span)
                            .with_address(address.clone()),
                        );
                    }
                }
                Condition::ExactlyOneOf(names) => {
                    let set: Vec<&str> = names.iter().copied().filter(|n| is_set(n)).collect();
                    let list = names.join(",");
                    if set.is_empty() && !names.iter().any(|n| unknown(n)) {
                        diags.push(
                            Diagnostic::error(
                                "gantry::schema::exactly-one-of",
                                "Invalid combination of arguments",
                            )
                            .with_detail(format!(
                                "\"{}\": one of `{list}` must be specified",
                                names[0]
                            ))
                            .with_span(r.header_span)
                            .with_address(address.clone()),
                        );
                    } else if set.len() > 1 {
                        let span = body
                            .attribute(set[1])
                            .map_or(r.header_span, |a| a.name_span);
                        diags.push(
                            Diagnostic::error("gantry::schema::exactly-one-of", "Invalid combination of arguments")
                                .with_detail(format!("\"{}\": only one of `{list}` can be specified, but `{}` were specified.", set[0], set.join(",")))
                                .with_span(span)
                                .with_address(address.clone()),
                        );
                    }
                }
            }
        }
    }
}

fn collect_blocks<'a>(body: &'a Body, out: &mut Vec<&'a Block>) {
    for b in &body.blocks {
        out.push(b);
        collect_blocks(&b.body, out);
    }
}
