//! Every reference an expression makes, with spans: the graph builds edges
//! from them, the language server resolves definitions with them, and
//! validation reports the undeclared ones.

use gantry_diagnostics::{Diagnostic, Diagnostics, FileId, Span};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::template::{Directive, Element, Template};

pub use gantry_addrs::Referenceable;
use gantry_addrs::{LocalValue, Resource, Variable};

use crate::model::{Expr, Mode, Module};
use crate::suggest::{did_you_mean, rename_fix};

/// One reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub subject: Referenceable,
    /// Span of the subject part (`aws_x.n`, `var.x`).
    pub span: Span,
    /// The attribute names read from the subject, in order, up to the first
    /// index or splat (`aws_x.n.id` → `["id"]`).
    pub attributes: Vec<(String, Span)>,
}

/// Collects the references of `e`; malformed ones (`var` alone) become
/// diagnostics.
pub fn collect(module: &Module, e: &Expr) -> (Vec<Reference>, Diagnostics) {
    let mut w = Walker {
        module,
        file: e.file,
        fallback: e.span,
        shadowed: e.iterators.clone(),
        refs: Vec::new(),
        diags: Diagnostics::new(),
    };
    w.expr(&e.expr);
    (w.refs, w.diags)
}

struct Walker<'m> {
    module: &'m Module,
    file: FileId,
    fallback: Span,
    shadowed: Vec<String>,
    refs: Vec<Reference>,
    diags: Diagnostics,
}

impl Walker<'_> {
    fn span(&self, node: &impl hcl_edit::Span) -> Span {
        self.module.node_span(self.file, node, self.fallback)
    }

    fn invalid(&mut self, span: Span, detail: &str) {
        self.diags.push(
            Diagnostic::error("gantry::reference::invalid", "Invalid reference")
                .with_detail(detail)
                .with_span(span),
        );
    }

    fn expr(&mut self, e: &Expression) {
        match e {
            Expression::Null(_)
            | Expression::Bool(_)
            | Expression::Number(_)
            | Expression::String(_) => {}
            Expression::Array(items) => items.iter().for_each(|i| self.expr(i)),
            Expression::Object(o) => {
                for (k, v) in o.iter() {
                    if let ObjectKey::Expression(ke) = k {
                        // `{ (var.k) = 1 }` refers; a bare `{ foo = 1 }` key
                        // parsed as an expression is just a name.
                        if !matches!(ke, Expression::Variable(_)) {
                            self.expr(ke);
                        }
                    }
                    self.expr(v.expr());
                }
            }
            Expression::StringTemplate(t) => {
                let elems: Vec<&Element> = t.iter().collect();
                self.elements(&elems);
            }
            Expression::HeredocTemplate(h) => self.template(&h.template),
            Expression::Parenthesis(p) => self.expr(p.inner()),
            Expression::Variable(v) => {
                let span = self.span(v);
                self.root(v.as_str(), span, &[]);
            }
            Expression::Conditional(c) => {
                self.expr(&c.cond_expr);
                self.expr(&c.true_expr);
                self.expr(&c.false_expr);
            }
            Expression::FuncCall(f) => f.args.iter().for_each(|a| self.expr(a)),
            Expression::Traversal(t) => {
                let ops: Vec<&hcl_edit::Decorated<TraversalOperator>> =
                    t.operators.iter().collect();
                match &t.expr {
                    Expression::Variable(v) => {
                        let span = self.span(v);
                        self.root(v.as_str(), span, &ops);
                    }
                    other => self.expr(other),
                }
                for op in &ops {
                    if let TraversalOperator::Index(ie) = op.value() {
                        self.expr(ie);
                    }
                }
            }
            Expression::UnaryOp(u) => self.expr(&u.expr),
            Expression::BinaryOp(b) => {
                self.expr(&b.lhs_expr);
                self.expr(&b.rhs_expr);
            }
            Expression::ForExpr(f) => {
                self.expr(&f.intro.collection_expr);
                let depth = self.shadowed.len();
                if let Some(k) = &f.intro.key_var {
                    self.shadowed.push(k.as_str().to_string());
                }
                self.shadowed.push(f.intro.value_var.as_str().to_string());
                if let Some(k) = &f.key_expr {
                    self.expr(k);
                }
                self.expr(&f.value_expr);
                if let Some(c) = &f.cond {
                    self.expr(&c.expr);
                }
                self.shadowed.truncate(depth);
            }
        }
    }

    fn template(&mut self, t: &Template) {
        let elems: Vec<&Element> = t.iter().collect();
        self.elements(&elems);
    }

    fn elements(&mut self, elems: &[&Element]) {
        for el in elems {
            match el {
                Element::Literal(_) => {}
                Element::Interpolation(i) => self.expr(&i.expr),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(i) => {
                        self.expr(&i.if_expr.cond_expr);
                        self.template(&i.if_expr.template);
                        if let Some(e) = &i.else_expr {
                            self.template(&e.template);
                        }
                    }
                    Directive::For(f) => {
                        self.expr(&f.for_expr.collection_expr);
                        let depth = self.shadowed.len();
                        if let Some(k) = &f.for_expr.key_var {
                            self.shadowed.push(k.as_str().to_string());
                        }
                        self.shadowed
                            .push(f.for_expr.value_var.as_str().to_string());
                        self.template(&f.for_expr.template);
                        self.shadowed.truncate(depth);
                    }
                },
            }
        }
    }

    /// A traversal rooted at the name `root`.
    fn root(
        &mut self,
        root: &str,
        root_span: Span,
        ops: &[&hcl_edit::Decorated<TraversalOperator>],
    ) {
        if self.shadowed.iter().any(|s| s == root) {
            return;
        }
        let attr = |i: usize| -> Option<(String, Span)> {
            match ops.get(i).map(|o| o.value()) {
                Some(TraversalOperator::GetAttr(a)) => {
                    Some((a.as_str().to_string(), self.span(*ops.get(i)?)))
                }
                _ => None,
            }
        };
        let rest = |from: usize| -> Vec<(String, Span)> {
            let mut out = Vec::new();
            let mut i = from;
            while let Some(a) = attr(i) {
                out.push(a);
                i += 1;
            }
            out
        };
        let one = |name: &str| {
            format!("The \"{name}\" object cannot be accessed directly. Instead, access one of its attributes.")
        };
        let (subject, used): (Referenceable, usize) = match root {
            "var" | "local" | "path" => match attr(0) {
                Some((n, _)) => (
                    match root {
                        "var" => Referenceable::Variable(Variable { name: n }),
                        "local" => Referenceable::Local(LocalValue { name: n }),
                        _ => Referenceable::Path(n),
                    },
                    1,
                ),
                None => return self.invalid(root_span, &one(root)),
            },
            "count" => match attr(0) {
                Some((n, _)) if n == "index" => (Referenceable::CountIndex, 1),
                Some((n, s)) => {
                    return self.diags.push(
                        Diagnostic::error("gantry::reference::count", "Invalid \"count\" attribute")
                            .with_detail(format!("The \"count\" object does not have an attribute named \"{n}\". The only supported attribute is count.index, which is the index of each instance of a resource block that has the \"count\" argument set."))
                            .with_span(root_span.to(s)),
                    )
                }
                None => return self.invalid(root_span, &one("count")),
            },
            "each" => match attr(0) {
                Some((n, _)) if n == "key" => (Referenceable::EachKey, 1),
                Some((n, _)) if n == "value" => (Referenceable::EachValue, 1),
                Some((n, s)) => {
                    return self.diags.push(
                        Diagnostic::error("gantry::reference::each", "Invalid \"each\" attribute")
                            .with_detail(format!("The \"each\" object does not have an attribute named \"{n}\". The supported attributes are each.key and each.value, the current key and value pair of the \"for_each\" attribute set."))
                            .with_span(root_span.to(s)),
                    )
                }
                None => return self.invalid(root_span, &one("each")),
            },
            "terraform" => match attr(0) {
                Some((n, _)) if n == "workspace" => (Referenceable::Terraform(n), 1),
                _ => return self.invalid(root_span, "The \"terraform\" object has only the attribute \"workspace\"."),
            },
            "self" => (Referenceable::SelfObject, 0),
            "data" => match (attr(0), attr(1)) {
                (Some((t, _)), Some((n, _))) => (Referenceable::Resource(Resource { mode: Mode::Data, type_name: t, name: n }), 2),
                _ => return self.invalid(root_span, "A reference to a data source must be followed by at least one attribute access, specifying the resource type and name."),
            },
            "module" => match attr(0) {
                Some((call, _)) => {
                    // `module.x[KEY]` with a constant key names one
                    // instance; any other index is evaluated later.
                    let key = match ops.get(1).map(|o| o.value()) {
                        Some(op @ (TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_))) => Some(crate::build::constant_key(op)),
                        _ => None,
                    };
                    match key {
                        Some(None) => (Referenceable::ModuleCall { name: call, key: None }, 1),
                        Some(Some(key)) => match attr(2) {
                            Some((output, _)) => (Referenceable::ModuleOutput { call, key: Some(key), output }, 3),
                            None => (Referenceable::ModuleCall { name: call, key: Some(key) }, 2),
                        },
                        None => match attr(1) {
                            Some((output, _)) => (Referenceable::ModuleOutput { call, key: None, output }, 2),
                            None => (Referenceable::ModuleCall { name: call, key: None }, 1),
                        },
                    }
                }
                None => return self.invalid(root_span, &one("module")),
            },
            _ => match attr(0) {
                Some((n, _)) => (Referenceable::Resource(Resource { mode: Mode::Managed, type_name: root.to_string(), name: n }), 1),
                None => return self.invalid(root_span, "A reference to a resource type must be followed by at least one attribute access, specifying the resource name."),
            },
        };
        let end = match used.checked_sub(1).and_then(|i| ops.get(i)) {
            Some(op) => root_span.to(self.span(*op)),
            None => root_span,
        };
        self.refs.push(Reference {
            subject,
            span: end,
            attributes: rest(used),
        });
    }
}

/// Where a reference is made, for the context rules of `count` and `each`.
#[derive(Debug, Clone, Copy, Default)]
pub struct RefContext {
    pub counted: bool,
    pub for_each: bool,
    /// Inside this check block (index in `Module::checks`): its scoped data
    /// sources are visible.
    pub check: Option<usize>,
}

/// Reports references to undeclared variables, locals and resources, and
/// `count`/`each` outside the blocks that define them. Resource *attributes*
/// are checked by the schema layer, which knows them.
pub fn check(module: &Module, refs: &[Reference], ctx: RefContext, diags: &mut Diagnostics) {
    for r in refs {
        match &r.subject {
            Referenceable::Variable(Variable { name: n }) if !module.variables.contains_key(n) => {
                let mut d = Diagnostic::error("gantry::reference::undeclared-variable", "Reference to undeclared input variable").with_span(r.span);
                let mut detail = format!("An input variable with the name \"{n}\" has not been declared.");
                match did_you_mean(n, module.variables.keys().map(String::as_str)) {
                    Some(s) => {
                        detail.push_str(&format!(" Did you mean \"{s}\"?"));
                        let to = Variable { name: s.to_string() }.to_string();
                        d = d.with_help(format!("did you mean {to}?")).with_fix(rename_fix(r.span, to));
                    }
                    None => detail.push_str(&format!(" This variable can be declared with a variable \"{n}\" {{}} block.")),
                }
                diags.push(d.with_detail(detail));
            }
            Referenceable::Local(LocalValue { name: n }) if !module.locals.contains_key(n) => {
                let mut d = Diagnostic::error("gantry::reference::undeclared-local", "Reference to undeclared local value").with_span(r.span);
                let mut detail = format!("A local value with the name \"{n}\" has not been declared.");
                if let Some(s) = did_you_mean(n, module.locals.keys().map(String::as_str)) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                    let to = LocalValue { name: s.to_string() }.to_string();
                    d = d.with_help(format!("did you mean {to}?")).with_fix(rename_fix(r.span, to));
                }
                diags.push(d.with_detail(detail));
            }
            Referenceable::Resource(Resource { mode, type_name, name }) if module.resource(*mode, type_name, name).is_none() => {
                let what = if *mode == Mode::Data { "data resource" } else { "managed resource" };
                let mut d = Diagnostic::error("gantry::reference::undeclared-resource", "Reference to undeclared resource").with_span(r.span);
                let mut detail = format!("A {what} \"{type_name}\" \"{name}\" has not been declared in {}.", module.display_name());
                let same_type = module.resources.iter().filter(|x| x.mode == *mode && &x.type_name == type_name).map(|x| x.name.as_str());
                if let Some(s) = did_you_mean(name, same_type) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                    let to = Resource::new(*mode, type_name, s).to_string();
                    d = d.with_help(format!("did you mean {to}?")).with_fix(rename_fix(r.span, to));
                }
                diags.push(d.with_detail(detail));
            }
            Referenceable::Resource(Resource { mode, type_name, name })
                if module.resource(*mode, type_name, name).is_some_and(|x| x.check.is_some() && x.check != ctx.check) =>
            {
                let what = if *mode == Mode::Data { "data resource" } else { "managed resource" };
                diags.push(
                    Diagnostic::error("gantry::reference::scoped", "Reference to scoped resource")
                        .with_detail(format!("The referenced {what} \"{type_name}\" \"{name}\" is not available from this context."))
                        .with_span(r.span),
                );
            }
            Referenceable::ModuleCall { name, .. } | Referenceable::ModuleOutput { call: name, .. }
                if !module.calls.contains_key(name) =>
            {
                let mut d = Diagnostic::error("gantry::reference::undeclared-module", "Reference to undeclared module").with_span(r.span);
                let mut detail = format!("No module call named \"{name}\" is declared in {}.", module.display_name());
                if let Some(s) = did_you_mean(name, module.calls.keys().map(String::as_str)) {
                    detail.push_str(&format!(" Did you mean \"{s}\"?"));
                    d = d.with_help(format!("did you mean {}?", gantry_addrs::ModuleCall::new(s)));
                }
                diags.push(d.with_detail(detail));
            }
            Referenceable::ModuleOutput { call, key: None, output }
                if module.calls.get(call).is_some_and(|c| c.count.is_some()) =>
            {
                let at = Span::new(r.span.file, r.span.end.saturating_sub(output.len() + 1)..r.span.end);
                diags.push(
                    Diagnostic::error("gantry::reference::unsupported-attribute", "Unsupported attribute")
                        .with_detail(format!("Can't access attributes on a list of objects. Did you mean to access attribute \"{output}\" for a specific element of the list, or across all elements of the list?"))
                        .with_span(at)
                        .with_help({
                            let first = Referenceable::ModuleOutput { call: call.clone(), key: Some(gantry_addrs::InstanceKey::Int(0)), output: output.clone() };
                            let call = gantry_addrs::ModuleCall::new(call);
                            format!("{first} or {call}[*].{output}")
                        }),
                );
            }
            Referenceable::ModuleOutput { call, output, .. }
                if module.children.get(call).is_some_and(|c| !c.outputs.contains_key(output)) =>
            {
                // The output's name is the last step of the subject.
                let at = Span::new(r.span.file, r.span.end.saturating_sub(output.len() + 1)..r.span.end);
                diags.push(
                    Diagnostic::error("gantry::reference::unsupported-attribute", "Unsupported attribute")
                        .with_detail(format!("This object does not have an attribute named \"{output}\"."))
                        .with_span(at),
                );
            }
            Referenceable::CountIndex if !ctx.counted => diags.push(
                Diagnostic::error("gantry::reference::count", "Reference to \"count\" in non-counted context")
                    .with_detail("The \"count\" object can only be used in \"module\", \"resource\", and \"data\" blocks, and only when the \"count\" argument is set.")
                    .with_span(r.span),
            ),
            Referenceable::EachKey | Referenceable::EachValue if !ctx.for_each => diags.push(
                Diagnostic::error("gantry::reference::each", "Reference to \"each\" in context without for_each")
                    .with_detail("The \"each\" object can be used only in \"module\" or \"resource\" blocks, and only when the \"for_each\" argument is set.")
                    .with_span(r.span),
            ),
            _ => {}
        }
    }
}
