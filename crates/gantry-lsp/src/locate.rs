//! What the cursor is on: a reference, an argument's name, a nested
//! block's name or a resource type label. Hover and go-to-definition both
//! start here.

use gantry_config::model::{Attribute, Body, DependsOn, Expr, Module, ModuleCall, Resource};
use gantry_config::references::{self, Reference, Referenceable};
use gantry_diagnostics::{FileId, Span};
use gantry_schema::{BlockType, ResourceType};

pub enum Found<'m> {
    /// A reference; `attribute` is `Some(i)` when the cursor is on its
    /// i-th attribute name (`id` in `aws_x.n.id`).
    Reference {
        reference: Reference,
        attribute: Option<usize>,
    },
    /// An argument's name inside a resource (or a nested block of one).
    Argument {
        resource: &'m Resource,
        block: Option<&'static BlockType>,
        attribute: &'m Attribute,
    },
    /// A nested block's type name (`endpoint_configuration {`).
    Block {
        block: &'static BlockType,
        span: Span,
    },
    /// The type label of a resource or data block.
    ResourceType(&'m Resource),
    /// An input's name in a `module` block: the called module's variable.
    ModuleInput {
        call: &'m ModuleCall,
        input: &'m Attribute,
    },
}

fn contains(span: Span, file: FileId, offset: usize) -> bool {
    span.file == file && span.start <= offset && offset <= span.end
}

pub fn schema_of(r: &Resource) -> Option<&'static ResourceType> {
    gantry_schema::table_for(r.mode, &r.type_name)
}

/// Everything under the cursor at `offset` of `file`, innermost first.
pub fn at(module: &Module, file: FileId, offset: usize) -> Option<Found<'_>> {
    for e in expressions(module) {
        if !contains(e.span, file, offset) {
            continue;
        }
        let (refs, _) = references::collect(module, e);
        for r in refs {
            if let Some(i) = r
                .attributes
                .iter()
                .position(|(_, s)| contains(*s, file, offset))
            {
                return Some(Found::Reference {
                    reference: r,
                    attribute: Some(i),
                });
            }
            if contains(r.span, file, offset) {
                return Some(Found::Reference {
                    reference: on_call_part(r, offset),
                    attribute: None,
                });
            }
        }
    }
    for r in module.resources.iter() {
        if let Some(found) = depends_on_at(&r.depends_on, file, offset) {
            return Some(found);
        }
        if contains(r.type_span, file, offset) {
            return Some(Found::ResourceType(r));
        }
        if contains(r.span, file, offset) {
            let schema = schema_of(r);
            if let Some(found) = in_body(r, schema, None, &r.body, file, offset) {
                return Some(found);
            }
        }
    }
    for call in module.calls.values() {
        if let Some(found) = depends_on_at(&call.depends_on, file, offset) {
            return Some(found);
        }
        if let Some(input) = call
            .inputs
            .iter()
            .find(|i| contains(i.name_span, file, offset))
        {
            return Some(Found::ModuleInput { call, input });
        }
    }
    module
        .outputs
        .values()
        .find_map(|o| depends_on_at(&o.depends_on, file, offset))
}

/// `module.api.url` with the cursor on `module.api`: the call, not the
/// output (whose name ends the reference's span).
fn on_call_part(mut r: Reference, offset: usize) -> Reference {
    if let Referenceable::ModuleOutput { call, key, output } = &r.subject {
        let output_start = r.span.end.saturating_sub(output.len());
        if offset < output_start.saturating_sub(1) {
            r.subject = Referenceable::ModuleCall {
                name: call.clone(),
                key: key.clone(),
            };
        }
    }
    r
}

fn in_body<'m>(
    r: &'m Resource,
    schema: Option<&'static ResourceType>,
    block: Option<&'static BlockType>,
    body: &'m Body,
    file: FileId,
    offset: usize,
) -> Option<Found<'m>> {
    for a in &body.attributes {
        if contains(a.name_span, file, offset) {
            return Some(Found::Argument {
                resource: r,
                block,
                attribute: a,
            });
        }
    }
    for b in &body.blocks {
        if !contains(b.span, file, offset) {
            continue;
        }
        let bt = match block {
            None => schema.and_then(|s| s.block(&b.kind)),
            // The tables nest one level deep, as API Gateway's blocks do.
            Some(_) => None,
        };
        let bt = bt?;
        if contains(b.kind_span, file, offset) {
            return Some(Found::Block {
                block: bt,
                span: b.kind_span,
            });
        }
        return in_body(r, schema, Some(bt), &b.body, file, offset);
    }
    None
}

/// `depends_on = [aws_x.n]` names resources as plain traversals; they
/// lead to definitions like any reference.
fn depends_on_at<'m>(list: &[DependsOn], file: FileId, offset: usize) -> Option<Found<'m>> {
    let d = list.iter().find(|d| contains(d.span, file, offset))?;
    let subject = match &d.subject {
        Referenceable::ResourceInstance(i) => Referenceable::Resource(i.resource.clone()),
        s @ (Referenceable::Variable(_)
        | Referenceable::Resource(_)
        | Referenceable::ModuleCall { .. }) => s.clone(),
        _ => return None,
    };
    Some(Found::Reference {
        reference: Reference {
            subject,
            span: d.span,
            attributes: Vec::new(),
        },
        attribute: None,
    })
}

/// Every expression the module holds.
pub fn expressions(module: &Module) -> Vec<&Expr> {
    let mut out = Vec::new();
    for v in module.variables.values() {
        out.extend(v.default.iter());
        for c in &v.validations {
            out.push(&c.condition);
            out.push(&c.error_message);
        }
    }
    out.extend(module.locals.values().map(|l| &l.value));
    out.extend(module.outputs.values().filter_map(|o| o.value.as_ref()));
    for r in &module.resources {
        out.extend(r.count.iter());
        out.extend(r.for_each.iter());
        body_expressions(&r.body, &mut out);
    }
    for p in &module.providers {
        body_expressions(&p.body, &mut out);
    }
    for call in module.calls.values() {
        out.extend(call.count.iter());
        out.extend(call.for_each.iter());
        out.extend(call.inputs.iter().map(|i| &i.value));
    }
    out.extend(module.imports.iter().map(|i| &i.id));
    out
}

fn body_expressions<'m>(body: &'m Body, out: &mut Vec<&'m Expr>) {
    out.extend(body.attributes.iter().map(|a| &a.value));
    for b in &body.blocks {
        if let Some(d) = &b.dynamic {
            out.push(&d.for_each);
            out.extend(d.labels.iter());
        }
        body_expressions(&b.body, out);
    }
}

/// Where a reference's subject is declared: the block header of a
/// resource or variable, the name of a local.
pub fn declaration(module: &Module, subject: &Referenceable) -> Option<Span> {
    match subject {
        Referenceable::Variable(v) => module.variables.get(&v.name).map(|v| v.header_span),
        Referenceable::Local(l) => module.locals.get(&l.name).map(|l| l.name_span),
        Referenceable::Resource(r) => module
            .resource(r.mode, &r.type_name, &r.name)
            .map(|r| r.header_span),
        Referenceable::ModuleCall { name, .. } => module.calls.get(name).map(|c| c.header_span),
        // Into the called module: the output's name, or the call when the
        // module could not be loaded.
        Referenceable::ModuleOutput { call, output, .. } => module
            .children
            .get(call)
            .and_then(|child| child.outputs.get(output))
            .map(|o| o.name_span)
            .or_else(|| module.calls.get(call).map(|c| c.header_span)),
        _ => None,
    }
}
