//! Hover: an argument's documentation from the schema tables; a
//! reference's target block and, when known, its value.

use gantry_config::eval::{Evaluator, Scope};
use gantry_config::model::{Mode, Resource};
use gantry_config::references::Referenceable;
use gantry_config::value::Value;
use gantry_diagnostics::{Diagnostics, FileId, Span};
use gantry_schema::{Attribute, Presence, ResourceType, Rule};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use crate::analysis::Analysis;
use crate::locate::{self, schema_of, Found};
use crate::text::LineIndex;

/// Lines of a block shown before it is cut short.
const MAX_BLOCK_LINES: usize = 12;

pub fn hover(analysis: &Analysis, file: FileId, offset: usize) -> Option<Hover> {
    let module = &analysis.module;
    let (markdown, span) = match locate::at(module, file, offset)? {
        Found::Argument {
            resource,
            block,
            attribute,
        } => {
            let schema = schema_of(resource)?;
            let attrs = block.map_or(schema.attributes, |b| b.attributes);
            let a = attrs.iter().find(|a| a.name == attribute.name)?;
            let forces = a.force_new || block.is_some_and(|b| b.force_new);
            (attribute_doc(a, forces), attribute.name_span)
        }
        Found::Block { block, span, .. } => {
            let mut md = format!("**{}** block", block.name);
            match block.max_items {
                Some(1) => md.push_str(" · at most one"),
                Some(n) => md.push_str(&format!(" · at most {n}")),
                None => {}
            }
            if block.min_items > 0 {
                md.push_str(" · required");
            }
            if block.force_new {
                md.push_str("\n\nChanging it forces replacement.");
            }
            md.push_str(&format!("\n\n{}", block.doc));
            (md, span)
        }
        Found::ResourceType(r) => (type_doc(schema_of(r)?), r.type_span),
        Found::ModuleInput { call, input } => {
            let child = module.children.get(&call.name)?;
            let v = child.variables.get(&input.name)?;
            let variable = gantry_addrs::Variable {
                name: v.name.clone(),
            };
            let mut md = format!(
                "**{variable}** of module `{}` · `{}`",
                call.name, v.type_constraint
            );
            md.push_str(if v.default.is_some() {
                " · optional"
            } else {
                " · required"
            });
            if let Some(d) = &v.description {
                md.push_str(&format!("\n\n{d}"));
            }
            md.push_str(&declared_at(analysis, v.header_span));
            (md, input.name_span)
        }
        Found::Reference {
            reference,
            attribute,
        } => {
            let span = match attribute {
                Some(i) => reference.attributes[i].1,
                None => reference.span,
            };
            (
                reference_doc(analysis, &reference.subject, &reference.attributes)?,
                span,
            )
        }
    };
    let index = LineIndex::new(analysis.text(file));
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(index.range(span.start, span.end)),
    })
}

/// `**name** · `string` · required` and what a change does, then the
/// documentation line and the rules.
pub fn attribute_doc(a: &Attribute, forces_replacement: bool) -> String {
    let mut md = format!(
        "**{}** · `{}` · {}",
        a.name,
        a.ty.to_type(),
        presence(a.presence)
    );
    if a.sensitive {
        md.push_str(" · sensitive");
    }
    if a.presence != Presence::Computed {
        md.push_str(if forces_replacement {
            "\n\nChanging it **forces replacement**."
        } else {
            "\n\nChanging it updates in place."
        });
    }
    md.push_str(&format!("\n\n{}", a.doc));
    for rule in a.rules {
        match rule {
            Rule::OneOf(values) => md.push_str(&format!(
                "\n\nOne of: {}",
                values
                    .iter()
                    .map(|v| format!("`{v}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Rule::IntRange(lo, hi) => md.push_str(&format!("\n\nBetween {lo} and {hi}.")),
            Rule::MaxLength(n) => md.push_str(&format!("\n\nAt most {n} characters.")),
            Rule::Deprecated(why) => md.push_str(&format!("\n\n**Deprecated**: {why}")),
            _ => {}
        }
    }
    if let Some(d) = a.default {
        md.push_str(&format!("\n\nDefault: `{}`", d.to_value()));
    }
    md
}

pub fn presence(p: Presence) -> &'static str {
    match p {
        Presence::Required => "required",
        Presence::Optional | Presence::OptionalComputed => "optional",
        Presence::Computed => "read-only (set by the provider)",
    }
}

pub fn type_doc(t: &ResourceType) -> String {
    let mut md = format!("**{}** ({})\n\n{}", t.name, t.provider, t.doc);
    if !t.import_id.is_empty() {
        md.push_str(&format!("\n\nImport ID: `{}`", t.import_id));
    }
    md
}

fn reference_doc(
    analysis: &Analysis,
    subject: &Referenceable,
    attributes: &[(String, Span)],
) -> Option<String> {
    let module = &analysis.module;
    let ev = Evaluator::new(module, analysis.variables.clone());
    let mut quiet = Diagnostics::new();
    match subject {
        Referenceable::Resource(addr) => {
            let r = module.resource(addr.mode, &addr.type_name, &addr.name)?;
            let mut md = block_excerpt(analysis, r.span);
            md.push_str(&declared_at(analysis, r.header_span));
            // The attribute read: its documentation and, when the
            // configuration sets it to a known value, that value.
            if let (Some(schema), Some((attr, _))) = (schema_of(r), attributes.first()) {
                if let Some(a) = schema.attribute(attr) {
                    md.push_str(&format!("\n\n---\n\n{}", attribute_doc(a, a.force_new)));
                    md.push_str(&value_line(configured_value(&ev, r, attr, &mut quiet)));
                }
            }
            Some(md)
        }
        Referenceable::Variable(gantry_addrs::Variable { name: n }) => {
            let v = module.variables.get(n)?;
            let mut md = block_excerpt(analysis, v.header_span);
            if let Some(d) = &v.description {
                md.push_str(&format!("\n\n{d}"));
            }
            md.push_str(&declared_at(analysis, v.header_span));
            match analysis.variables.get(n) {
                Some(value) if !value.is_unknown() => md.push_str(&value_line(Some(value.clone()))),
                // `validate` leaves a variable without a value unknown; a
                // plan would ask for one.
                _ => md.push_str(&format!(
                    "\n\nValue: not set (no default, tfvars entry or `TF_VAR_{n}`)"
                )),
            }
            Some(md)
        }
        Referenceable::Local(gantry_addrs::LocalValue { name: n }) => {
            let l = module.locals.get(n)?;
            let text = analysis.text(l.name_span.file);
            let source = text
                .get(l.name_span.start..l.value.span.end)
                .unwrap_or(&l.name);
            let mut md = format!("```hcl\n{source}\n```");
            md.push_str(&declared_at(analysis, l.name_span));
            md.push_str(&value_line(Some(ev.local(n, &mut quiet))));
            Some(md)
        }
        Referenceable::ModuleCall { name, .. } => {
            let call = module.calls.get(name)?;
            let mut md = format!("**{subject}** · source `{}`", call.source);
            if let Some(child) = module.children.get(name) {
                let outputs: Vec<&str> = child.outputs.keys().map(String::as_str).collect();
                md.push_str(&format!("\n\nOutputs: {}", outputs.join(", ")));
            }
            md.push_str(&declared_at(analysis, call.header_span));
            Some(md)
        }
        Referenceable::ModuleOutput { call, output, .. } => {
            let c = module.calls.get(call)?;
            let child = module.children.get(call)?;
            let o = child.outputs.get(output)?;
            let mut md = format!("**{subject}**");
            let value = o.value.as_ref().map(|e| {
                child_evaluator(analysis, c, child).eval(e, &Scope::default(), &mut quiet)
            });
            if let Some(v) = value.as_ref().filter(|v| v.is_wholly_known()) {
                md.push_str(&format!(" · `{}`", gantry_config::types::type_of(v)));
            }
            if let Some(d) = &o.description {
                md.push_str(&format!("\n\n{d}"));
            }
            md.push_str(&value_line(if o.sensitive {
                Some(Value::sensitive(Value::Unknown))
            } else {
                value
            }));
            md.push_str(&declared_at(analysis, o.name_span));
            Some(md)
        }
        Referenceable::CountIndex => {
            Some("`count.index`: the index of this instance, from 0.".into())
        }
        Referenceable::EachKey => {
            Some("`each.key`: the key of this instance's `for_each` element.".into())
        }
        Referenceable::EachValue => {
            Some("`each.value`: the value of this instance's `for_each` element.".into())
        }
        Referenceable::Path(p) => Some(format!("`path.{p}`: {}", module.dir.display())),
        Referenceable::Terraform(_) => Some("`terraform.workspace`: `\"default\"`".into()),
        _ => None,
    }
}

/// The value a resource's configuration gives `attr`, evaluated as
/// `validate` would; `None` when it is not set there (the provider
/// decides) or the resource has several instances.
fn configured_value(
    ev: &Evaluator<'_>,
    r: &Resource,
    attr: &str,
    diags: &mut Diagnostics,
) -> Option<Value> {
    if r.count.is_some() || r.for_each.is_some() || r.mode == Mode::Data {
        return None;
    }
    let a = r.body.attribute(attr)?;
    Some(ev.eval(&a.value, &Scope::default(), diags))
}

fn value_line(v: Option<Value>) -> String {
    match v {
        Some(v) if v.is_sensitive() => "\n\nValue: (sensitive)".into(),
        Some(v) if v.is_wholly_known() => format!("\n\nValue: `{v}`"),
        _ => "\n\nValue: (known after apply)".into(),
    }
}

/// An evaluator of a called module with the inputs its call gives, as far
/// as they are known without applying anything; defaults for the rest.
fn child_evaluator<'m>(
    analysis: &Analysis,
    call: &gantry_config::model::ModuleCall,
    child: &'m gantry_config::Module,
) -> Evaluator<'m> {
    let parent = Evaluator::new(&analysis.module, analysis.variables.clone());
    let scope = Scope::for_resource(call.count.is_some(), call.for_each.is_some());
    let defaults = Evaluator::new(child, Default::default());
    let mut quiet = Diagnostics::new();
    let mut variables = std::collections::BTreeMap::new();
    for (name, v) in &child.variables {
        let value = match (call.inputs.iter().find(|i| &i.name == name), &v.default) {
            (Some(input), _) => parent.eval(&input.value, &scope, &mut quiet),
            (None, Some(default)) => defaults.eval(default, &Scope::default(), &mut quiet),
            (None, None) => Value::Unknown,
        };
        variables.insert(name.clone(), value);
    }
    Evaluator::new(child, variables)
}

/// The block's first lines as an HCL code block.
fn block_excerpt(analysis: &Analysis, span: Span) -> String {
    let text = analysis.text(span.file);
    let block = text.get(span.start..span.end).unwrap_or("");
    let mut lines: Vec<&str> = block.lines().take(MAX_BLOCK_LINES + 1).collect();
    if lines.len() > MAX_BLOCK_LINES {
        lines.truncate(MAX_BLOCK_LINES);
        lines.push("  # ...");
    }
    format!("```hcl\n{}\n```", lines.join("\n"))
}

fn declared_at(analysis: &Analysis, span: Span) -> String {
    let line = LineIndex::new(analysis.text(span.file))
        .position(span.start)
        .line
        + 1;
    let path = analysis.path(span.file);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    format!("\n\nDeclared in `{name}` line {line}.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn hover_at(text: &str, needle: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("main.tf"), text).unwrap();
        let never = || false;
        let a = analyze(dir.path(), 0, &[], &[], &never).unwrap();
        let file = a.files().next().unwrap();
        let offset = text.find(needle).unwrap() + needle.len() - 1;
        match hover(&a, file, offset).map(|h| h.contents) {
            Some(HoverContents::Markup(m)) => m.value,
            other => panic!("no markdown hover at {needle}: {other:?}"),
        }
    }

    const TEXT: &str = r#"variable "stage" {
  description = "Deployment stage"
}

locals {
  api_name = "orders-${var.stage}"
  fixed    = upper("v1")
}

resource "aws_api_gateway_rest_api" "api" {
  name = local.fixed
  description = local.api_name
}
"#;

    #[test]
    fn variables_without_a_value_say_so() {
        let md = hover_at(TEXT, "var.stage");
        assert!(md.contains("Deployment stage"), "{md}");
        assert!(
            md.contains("Value: not set (no default, tfvars entry or `TF_VAR_stage`)"),
            "{md}"
        );
    }

    #[test]
    fn locals_show_their_definition_and_known_value() {
        let md = hover_at(TEXT, "local.fixed");
        assert!(
            md.starts_with("```hcl\nfixed    = upper(\"v1\")\n```"),
            "{md}"
        );
        assert!(md.contains("Value: `\"V1\"`"), "{md}");
        let md = hover_at(TEXT, "local.api_name");
        assert!(md.contains("Value: (known after apply)"), "{md}");
    }

    #[test]
    fn argument_docs_show_rules_and_defaults() {
        let t = gantry_schema::resource_type("aws_api_gateway_integration").unwrap();
        let md = attribute_doc(t.attribute("connection_type").unwrap(), false);
        assert!(
            md.starts_with("**connection_type** · `string` · optional"),
            "{md}"
        );
        assert!(md.contains("One of: `INTERNET`, `VPC_LINK`"), "{md}");
        assert!(md.ends_with("Default: `\"INTERNET\"`"), "{md}");
        let md = attribute_doc(t.attribute("timeout_milliseconds").unwrap(), false);
        assert!(md.contains("Between 50 and 29000."), "{md}");
        assert!(md.ends_with("Default: `29000`"), "{md}");
    }

    #[test]
    fn resource_types_show_their_documentation() {
        let md = hover_at(TEXT, "resource \"aws_api_gateway_rest_api");
        assert!(
            md.starts_with("**aws_api_gateway_rest_api** (registry.terraform.io/hashicorp/aws)"),
            "{md}"
        );
        assert!(md.contains("Import ID: `"), "{md}");
    }
}
