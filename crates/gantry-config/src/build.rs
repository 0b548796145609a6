//! Turning parsed HCL bodies into the configuration model: block kinds,
//! labels, meta-arguments, duplicates, and the structural diagnostics that
//! need no schema.

use gantry_diagnostics::{Diagnostic, Diagnostics, Edit, FileId, Fix, Span};
use hcl_edit::expr::Expression;
use hcl_edit::structure::{self, BlockLabel, Structure};

use crate::model::*;
use crate::suggest::{did_you_mean, with_rename};
use crate::typeexpr::parse_type;

pub(crate) struct Builder<'a> {
    pub(crate) module: &'a mut Module,
    pub(crate) diags: &'a mut Diagnostics,
    pub(crate) file: FileId,
    /// Iterators of the `dynamic` blocks being built, innermost last.
    pub(crate) iterators: Vec<String>,
}

impl Builder<'_> {
    fn span(&self, node: &impl hcl_edit::Span) -> Span {
        let fallback = Span::new(self.file, 0..0);
        self.module.node_span(self.file, node, fallback)
    }

    fn expr(&self, e: &Expression) -> Expr {
        Expr {
            file: self.file,
            expr: e.clone(),
            span: self.span(e),
            iterators: self.iterators.clone(),
        }
    }

    fn body(&mut self, body: &structure::Body) -> Body {
        let mut out = Body::default();
        for s in body.iter() {
            match s {
                // hcl-edit already rejects a repeated argument as a parse
                // error ("Attribute redefined" in load.rs).
                Structure::Attribute(a) => {
                    let attr = self.attribute(a);
                    out.attributes.push(attr);
                }
                Structure::Block(b) if b.ident.as_str() == "dynamic" => {
                    if let Some(block) = self.dynamic_block(b) {
                        out.blocks.push(block);
                    }
                }
                Structure::Block(b) => {
                    let block = self.block(b);
                    out.blocks.push(block);
                }
            }
        }
        out
    }

    /// `dynamic "kind" { for_each = ..., iterator = ..., labels = [...],
    /// content { ... } }` becomes a block of `kind` whose body is the
    /// content, with the iterator's name bound inside it.
    fn dynamic_block(&mut self, b: &structure::Block) -> Option<Block> {
        let kind_span = self.span(&b.ident);
        let (kind, label_span) = match b.labels.as_slice() {
            [BlockLabel::String(s)] => (s.as_str().to_string(), self.span(s)),
            [BlockLabel::Ident(i)] => (i.as_str().to_string(), self.span(i)),
            _ => {
                self.diags.push(
                    Diagnostic::error("gantry::config::dynamic", "Invalid dynamic block")
                        .with_detail("A dynamic block requires exactly one label: the type of block to generate.")
                        .with_span(kind_span),
                );
                return None;
            }
        };
        let mut for_each = None;
        let mut iterator = kind.clone();
        let mut labels = None;
        for s in b.body.iter() {
            let Structure::Attribute(a) = s else { continue };
            match a.key.as_str() {
                "for_each" => for_each = Some(self.expr(&a.value)),
                "labels" => labels = Some(self.expr(&a.value)),
                "iterator" => match &a.value {
                    Expression::Variable(v) => iterator = v.as_str().to_string(),
                    other => {
                        let span = self.span(other);
                        self.diags.push(
                            Diagnostic::error(
                                "gantry::config::dynamic",
                                "Invalid dynamic iterator name",
                            )
                            .with_detail("Dynamic iterator must be a single variable name.")
                            .with_span(span),
                        );
                    }
                },
                _ => {
                    let attr = self.attribute(a);
                    self.unsupported_argument(&attr, &["for_each", "iterator", "labels"]);
                }
            }
        }
        let mut content = None;
        for s in b.body.iter() {
            let Structure::Block(cb) = s else { continue };
            if cb.ident.as_str() != "content" {
                let block = self.block(cb);
                self.unsupported_block(&block);
                continue;
            }
            let span = self.span(&cb.ident);
            if content.is_some() {
                self.diags.push(
                    Diagnostic::error("gantry::config::dynamic", "Duplicate content block")
                        .with_detail("A dynamic block may have only one content block.")
                        .with_span(span),
                );
                continue;
            }
            self.iterators.push(iterator.clone());
            content = Some(self.body(&cb.body));
            self.iterators.pop();
        }
        let span = self.span(b);
        let Some(for_each) = for_each else {
            self.diags.push(
                Diagnostic::error("gantry::config::dynamic", "Missing required argument")
                    .with_detail(
                        "The argument \"for_each\" is required, but no definition was found.",
                    )
                    .with_span(kind_span),
            );
            return None;
        };
        let Some(body) = content else {
            self.diags.push(
                Diagnostic::error("gantry::config::dynamic", "Missing content block")
                    .with_detail("A dynamic block must have a nested block of type \"content\" to describe the body of each generated block.")
                    .with_span(kind_span),
            );
            return None;
        };
        Some(Block {
            kind,
            kind_span: label_span,
            labels: Vec::new(),
            body,
            span,
            dynamic: Some(Box::new(Dynamic {
                for_each,
                iterator,
                labels,
            })),
        })
    }

    fn attribute(&mut self, a: &structure::Attribute) -> Attribute {
        let name_span = self.span(&a.key);
        let value = self.expr(&a.value);
        self.interpolation_hint(&a.value);
        Attribute {
            name: a.key.as_str().to_string(),
            name_span,
            span: name_span.to(value.span),
            value,
        }
    }

    /// `"${x}"` → `x`: a quiet hint that `fmt` applies.
    fn interpolation_hint(&mut self, e: &Expression) {
        let Expression::StringTemplate(t) = e else {
            return;
        };
        let elems: Vec<_> = t.iter().collect();
        let [hcl_edit::template::Element::Interpolation(inner)] = elems.as_slice() else {
            return;
        };
        // In JSON syntax a string is the only way to write an expression.
        if self.module.sources.get(self.file).is_json() {
            return;
        }
        let outer = self.span(e);
        let inner_span = self.span(&inner.expr);
        let text = self.module.sources.get(self.file).text();
        let Some(inner_text) = text.get(inner_span.range()) else {
            return;
        };
        self.diags.push(
            Diagnostic::hint("gantry::style::interpolation-only", "Interpolation-only expression")
                .with_detail("A string holding only one interpolation is the same as the expression itself; Terraform 0.12 and later write the expression bare.")
                .with_span(outer)
                .with_fix(Fix {
                    message: format!("write `{}`", inner_text.trim()),
                    edits: vec![Edit {
                        span: outer,
                        replacement: inner_text.trim().to_string(),
                    }],
                }),
        );
    }

    fn block(&mut self, b: &structure::Block) -> Block {
        let kind_span = self.span(&b.ident);
        let labels = b
            .labels
            .iter()
            .map(|l| match l {
                BlockLabel::Ident(i) => (i.as_str().to_string(), self.span(i)),
                BlockLabel::String(s) => (s.as_str().to_string(), self.span(s)),
            })
            .collect();
        let body = self.body(&b.body);
        Block {
            kind: b.ident.as_str().to_string(),
            kind_span,
            labels,
            body,
            span: self.span(b),
            dynamic: None,
        }
    }

    pub(crate) fn top_level(&mut self, body: &structure::Body) {
        for s in body.iter() {
            self.top_level_item(s);
        }
    }

    /// [`Builder::top_level`], dropping each block's parse once it is
    /// built: a big file's parse and its model do not exist whole at once.
    pub(crate) fn top_level_owned(&mut self, body: structure::Body) {
        for s in body.into_iter() {
            self.top_level_item(&s);
        }
    }

    fn top_level_item(&mut self, s: &Structure) {
        {
            match s {
                Structure::Attribute(a) => {
                    let span = self.span(&a.key);
                    self.diags.push(
                        Diagnostic::error(
                            "gantry::config::unsupported-argument",
                            "Unsupported argument",
                        )
                        .with_detail(format!(
                            "An argument named \"{}\" is not expected here.",
                            a.key.as_str()
                        ))
                        .with_span(span),
                    );
                }
                Structure::Block(b) => {
                    let block = self.block(b);
                    self.top_block(block);
                }
            }
        }
    }

    fn labels_ok(&mut self, block: &Block, names: &[&str]) -> bool {
        let what = &block.kind;
        if block.labels.len() < names.len() {
            self.diags.push(
                Diagnostic::error("gantry::config::labels", format!("Missing name for {what}"))
                    .with_detail(format!(
                        "All {what} blocks must have {} label(s) ({}).",
                        names.len(),
                        names.join(", ")
                    ))
                    .with_span(block.kind_span),
            );
            return false;
        }
        if let Some((extra, span)) = block.labels.get(names.len()) {
            self.diags.push(
                Diagnostic::error(
                    "gantry::config::labels",
                    format!("Extraneous label for {what}"),
                )
                .with_detail(format!(
                    "Only {} label(s) are expected for {what} blocks; \"{extra}\" is one too many.",
                    names.len()
                ))
                .with_span(*span),
            );
            return false;
        }
        for (name, span) in &block.labels {
            if !is_identifier(name) {
                self.diags.push(
                    Diagnostic::error("gantry::config::labels", format!("Invalid {what} name"))
                        .with_detail("A name must start with a letter or underscore and may contain only letters, digits, underscores, and dashes.")
                        .with_span(*span),
                );
                return false;
            }
        }
        true
    }

    fn top_block(&mut self, block: Block) {
        match block.kind.as_str() {
            "resource" | "data" => {
                if self.labels_ok(&block, &["type", "name"]) {
                    self.resource(block);
                }
            }
            "variable" => {
                if self.labels_ok(&block, &["name"]) {
                    self.variable(block);
                }
            }
            "output" => {
                if self.labels_ok(&block, &["name"]) {
                    self.output(block);
                }
            }
            "provider" => {
                if self.labels_ok(&block, &["name"]) {
                    let alias = block
                        .body
                        .attribute("alias")
                        .and_then(|a| literal_string(&a.value.expr));
                    let (name, name_span) = block.labels[0].clone();
                    if let Some(prev) = self
                        .module
                        .providers
                        .iter()
                        .find(|p| p.name == name && p.alias == alias)
                    {
                        let prev_span = prev.name_span;
                        self.diags.push(
                            Diagnostic::error("gantry::config::duplicate", "Duplicate provider configuration")
                                .with_detail(format!("A default (non-aliased) provider configuration for \"{name}\" was already given. Each configuration for the same provider must have a distinct alias."))
                                .with_span(name_span)
                                .with_extra_label(prev_span, "first configured here"),
                        );
                    }
                    self.module.providers.push(Provider {
                        name,
                        alias,
                        name_span,
                        body: block.body,
                    });
                }
            }
            "locals" => {
                if self.labels_ok(&block, &[]) {
                    for b in &block.body.blocks {
                        self.unsupported_block(b);
                    }
                    for a in block.body.attributes {
                        if let Some(prev) = self.module.locals.get(&a.name) {
                            let prev_span = prev.name_span;
                            self.diags.push(
                                Diagnostic::error("gantry::config::duplicate", "Duplicate local value definition")
                                    .with_detail(format!("A local value named \"{}\" was already defined at {}. Local value names must be unique within a module.", a.name, self.module.sources.location(prev_span)))
                                    .with_span(a.name_span)
                                    .with_extra_label(prev_span, "first defined here"),
                            );
                            continue;
                        }
                        self.module.locals.insert(
                            a.name.clone(),
                            Local {
                                name: a.name,
                                name_span: a.name_span,
                                value: a.value,
                            },
                        );
                    }
                }
            }
            "terraform" => {
                if self.labels_ok(&block, &[]) {
                    let required_version = block
                        .body
                        .attribute("required_version")
                        .and_then(|a| literal_string(&a.value.expr).map(|v| (v, a.value.span)));
                    let backend = block.body.blocks_of("backend").next().cloned();
                    let (required_providers, configuration_aliases) =
                        required_providers(&block.body);
                    self.module.terraform = Some(TerraformSettings {
                        required_version,
                        backend,
                        required_providers,
                        configuration_aliases,
                        body: block.body,
                    });
                }
            }
            "import" => {
                if self.labels_ok(&block, &[]) {
                    self.import(block);
                }
            }
            "moved" => {
                if self.labels_ok(&block, &[]) {
                    self.moved(block);
                }
            }
            "check" => {
                if self.labels_ok(&block, &["name"]) {
                    self.check(block);
                }
            }
            "removed" => {
                if self.labels_ok(&block, &[]) {
                    self.removed(block);
                }
            }
            "module" => {
                if self.labels_ok(&block, &["name"]) {
                    self.module_call(block);
                }
            }
            other => {
                self.diags.push(with_rename(
                    Diagnostic::error(
                        "gantry::config::unsupported-block",
                        "Unsupported block type",
                    )
                    .with_span(block.kind_span),
                    format!("Blocks of type \"{other}\" are not expected here."),
                    did_you_mean(other, TOP_LEVEL_BLOCKS.iter().copied()),
                    block.kind_span,
                    str::to_string,
                ));
            }
        }
    }

    fn import(&mut self, block: Block) {
        for b in &block.body.blocks {
            self.unsupported_block(b);
        }
        let mut to = None;
        let mut id = None;
        for a in &block.body.attributes {
            match a.name.as_str() {
                "to" => match static_target(&a.value.expr) {
                    Some(Ok(gantry_addrs::Target::Instance(addr))) => {
                        to = Some((addr, a.value.span))
                    }
                    Some(Ok(gantry_addrs::Target::Resource(r))) => {
                        to = Some((r.instance(None), a.value.span))
                    }
                    _ => self.diags.push(
                        Diagnostic::error("gantry::config::import-to", "Invalid import address")
                            .with_detail("The `to` argument must be a resource instance address, like aws_api_gateway_integration.example or aws_api_gateway_method.route[\"orders\"].")
                            .with_span(a.value.span),
                    ),
                },
                "id" => id = Some(a.value.clone()),
                "provider" | "for_each" => {}
                _ => self.unsupported_argument(a, &["to", "id", "provider"]),
            }
        }
        let missing = |name: &str| {
            Diagnostic::error(
                "gantry::config::import-argument",
                format!("Missing required argument \"{name}\""),
            )
            .with_detail(format!("An import block needs `{name}`."))
            .with_span(block.kind_span)
        };
        match (to, id) {
            (Some((to, to_span)), Some(id)) => self.module.imports.push(Import {
                to,
                to_span,
                id,
                span: block.span,
            }),
            (None, _)
                if !self
                    .diags
                    .iter()
                    .any(|d| d.code == "gantry::config::import-to") =>
            {
                self.diags.push(missing("to"))
            }
            (_, None) => self.diags.push(missing("id")),
            _ => {}
        }
    }

    fn moved(&mut self, block: Block) {
        for b in &block.body.blocks {
            self.unsupported_block(b);
        }
        let mut from = None;
        let mut to = None;
        for a in &block.body.attributes {
            let slot = match a.name.as_str() {
                "from" => &mut from,
                "to" => &mut to,
                _ => {
                    self.unsupported_argument(a, &["from", "to"]);
                    continue;
                }
            };
            match static_target(&a.value.expr) {
                Some(Ok(t)) if movable_target(&t) => *slot = Some((t, a.value.span)),
                _ => self.diags.push(
                    Diagnostic::error("gantry::config::moved", "Invalid address")
                        .with_detail(format!("The `{}` argument of a moved block must be the address of a managed resource, a resource instance or a module call, like aws_api_gateway_resource.orders, aws_api_gateway_resource.orders[\"v1\"] or module.api[\"v1\"].", a.name))
                        .with_span(a.value.span),
                ),
            }
        }
        let missing = |name: &str| {
            Diagnostic::error(
                "gantry::config::moved",
                format!("Missing required argument \"{name}\""),
            )
            .with_detail(format!("A moved block needs `{name}`."))
            .with_span(block.kind_span)
        };
        let (Some((from, from_span)), Some((to, to_span))) = (from, to) else {
            if !block.body.attributes.iter().any(|a| a.name == "from") {
                self.diags.push(missing("from"));
            }
            if !block.body.attributes.iter().any(|a| a.name == "to") {
                self.diags.push(missing("to"));
            }
            return;
        };
        // As Terraform unifies move endpoints: a resource moving to or from
        // an instance is the resource's instance without a key.
        use gantry_addrs::Target;
        let (from, to) = match (from, to) {
            (Target::Resource(r), to @ Target::Instance(_)) => {
                (Target::Instance(r.instance(None)), to)
            }
            (from @ Target::Instance(_), Target::Resource(r)) => {
                (from, Target::Instance(r.instance(None)))
            }
            pair => pair,
        };
        if matches!(from, Target::Module(_)) != matches!(to, Target::Module(_)) {
            self.diags.push(
                Diagnostic::error("gantry::config::moved", "Invalid \"moved\" addresses")
                    .with_detail("The \"from\" and \"to\" addresses must either both refer to resources or both refer to modules.")
                    .with_span(block.kind_span),
            );
            return;
        }
        let (noun, short) = match &from {
            Target::Instance(_) => ("resource instance", "instance"),
            Target::Module(_) => ("module", "module"),
            _ => ("resource", "resource"),
        };
        let type_of = |t: &Target| match t {
            Target::Resource(r) => r.resource.type_name.clone(),
            Target::Instance(i) => i.instance.resource.type_name.clone(),
            Target::Module(_) => String::new(),
        };
        if type_of(&from) != type_of(&to) {
            self.diags.push(
                Diagnostic::error("gantry::config::moved", "Resource type mismatch")
                    .with_detail(format!("This statement declares a move from {from} to {to}, which is a {noun} of a different type."))
                    .with_span(to_span),
            );
            return;
        }
        if from == to {
            self.diags.push(
                Diagnostic::error("gantry::config::moved", "Redundant move statement")
                    .with_detail(format!("This statement declares a move from {from} to the same address, which is the same as not declaring this move at all."))
                    .with_span(block.kind_span),
            );
            return;
        }
        if let Some(prev) = self.module.moved.iter().find(|m| m.from == from) {
            let prev_span = prev.span;
            self.diags.push(
                Diagnostic::error("gantry::config::moved", "Ambiguous move statements")
                    .with_detail(format!("A statement at {} declared that {from} moved to {}, but this statement instead declares that it moved to {to}.\n\nEach {noun} can move to only one destination {short}.", self.module.sources.location(prev_span), prev.to))
                    .with_span(block.kind_span)
                    .with_extra_label(prev_span, "first moved here"),
            );
            return;
        }
        if let Some(prev) = self.module.moved.iter().find(|m| m.to == to) {
            let prev_span = prev.span;
            self.diags.push(
                Diagnostic::error("gantry::config::moved", "Ambiguous move statements")
                    .with_detail(format!("A statement at {} declared that {} moved to {to}, but this statement instead declares that {from} moved there.\n\nEach {noun} can have moved from only one source {short}.", self.module.sources.location(prev_span), prev.from))
                    .with_span(block.kind_span)
                    .with_extra_label(prev_span, "first moved here"),
            );
            return;
        }
        self.module.moved.push(Moved {
            from,
            from_span,
            to,
            to_span,
            span: block.span,
        });
    }

    fn check(&mut self, block: Block) {
        let (name, name_span) = block.labels[0].clone();
        if let Some(prev) = self.module.checks.iter().find(|c| c.name == name) {
            let prev_span = prev.name_span;
            self.diags.push(
                Diagnostic::error("gantry::config::duplicate", "Duplicate check block")
                    .with_detail(format!("A check block named \"{name}\" was already defined at {}. Check blocks must have unique names within a module.", self.module.sources.location(prev_span)))
                    .with_span(name_span)
                    .with_extra_label(prev_span, "first defined here"),
            );
            return;
        }
        for a in &block.body.attributes {
            self.unsupported_argument(a, &[]);
        }
        let mut asserts = Vec::new();
        for b in block.body.blocks {
            match b.kind.as_str() {
                "assert" => {
                    let mut condition = None;
                    let mut error_message = None;
                    for a in &b.body.attributes {
                        match a.name.as_str() {
                            "condition" => condition = Some(a.value.clone()),
                            "error_message" => error_message = Some(a.value.clone()),
                            _ => self.unsupported_argument(a, &["condition", "error_message"]),
                        }
                    }
                    for nb in &b.body.blocks {
                        self.unsupported_block(nb);
                    }
                    match (condition, error_message) {
                        (Some(condition), Some(error_message)) => asserts.push(Assertion {
                            condition,
                            error_message,
                        }),
                        (c, _) => {
                            let missing = if c.is_none() {
                                "condition"
                            } else {
                                "error_message"
                            };
                            self.diags.push(
                                Diagnostic::error("gantry::config::check", format!("Missing required argument \"{missing}\""))
                                    .with_detail(format!("The argument \"{missing}\" is required, but no definition was found."))
                                    .with_span(b.kind_span),
                            );
                        }
                    }
                }
                // A data source scoped to the check: read like any other,
                // referable only from inside the check.
                "data" if self.labels_ok(&b, &["type", "name"]) => {
                    let before = self.module.resources.len();
                    self.resource(b);
                    let check = self.module.checks.len();
                    for r in &mut self.module.resources[before..] {
                        r.check = Some(check);
                    }
                }
                "data" => {}
                _ => self.unsupported_block(&b),
            }
        }
        if asserts.is_empty() {
            self.diags.push(
                Diagnostic::error("gantry::config::check", "Missing required block")
                    .with_detail("A check block must have at least one assert block.")
                    .with_span(block.kind_span.to(name_span)),
            );
        }
        self.module.checks.push(Check {
            name,
            name_span,
            asserts,
            span: block.span,
        });
    }

    fn removed(&mut self, block: Block) {
        let mut destroy = true;
        for b in &block.body.blocks {
            match b.kind.as_str() {
                "lifecycle" => {
                    for a in &b.body.attributes {
                        match a.name.as_str() {
                            "destroy" => destroy = self.literal_bool(a),
                            _ => self.unsupported_argument(a, &["destroy"]),
                        }
                    }
                }
                // Terraform runs destroy-time provisioners of removed
                // resources; gantry has no provisioners to run.
                "provisioner" | "connection" => {}
                _ => self.unsupported_block(b),
            }
        }
        let mut from = None;
        for a in &block.body.attributes {
            if a.name != "from" {
                self.unsupported_argument(a, &["from"]);
                continue;
            }
            match static_target(&a.value.expr) {
                Some(Ok(gantry_addrs::Target::Resource(r)))
                    if r.module.is_root() && r.resource.mode == Mode::Managed =>
                {
                    from = Some((r.resource, a.value.span))
                }
                Some(Ok(gantry_addrs::Target::Instance(_))) => self.diags.push(
                    Diagnostic::error("gantry::config::removed", "Resource instance keys not allowed")
                        .with_detail("Resource address must be a resource (e.g. \"test_instance.foo\"), not a resource instance (e.g. \"test_instance.foo[1]\").")
                        .with_span(a.value.span),
                ),
                _ => self.diags.push(
                    Diagnostic::error("gantry::config::removed", "Invalid address")
                        .with_detail("The `from` argument of a removed block must be a managed resource address, like aws_api_gateway_resource.orders.")
                        .with_span(a.value.span),
                ),
            }
        }
        let Some((from, from_span)) = from else {
            if !block.body.attributes.iter().any(|a| a.name == "from") {
                self.diags.push(
                    Diagnostic::error(
                        "gantry::config::removed",
                        "Missing required argument \"from\"",
                    )
                    .with_detail("A removed block needs `from`.")
                    .with_span(block.kind_span),
                );
            }
            return;
        };
        self.module.removed.push(Removed {
            from,
            from_span,
            destroy,
            span: block.span,
        });
    }

    /// Both `count` and `for_each` on one block: Terraform's error.
    fn count_and_for_each(&mut self, count: &Option<Expr>, for_each: &Option<Expr>) {
        if let (Some(c), Some(f)) = (count, for_each) {
            self.diags.push(
                Diagnostic::error("gantry::config::count-and-for-each", "Invalid combination of \"count\" and \"for_each\"")
                    .with_detail("The \"count\" and \"for_each\" meta-arguments are mutually-exclusive, only one should be used to be explicit about the number of resources to be created.")
                    .with_span(f.span)
                    .with_extra_label(c.span, "count is set here"),
            );
        }
    }

    fn unsupported_block(&mut self, b: &Block) {
        self.diags.push(
            Diagnostic::error(
                "gantry::config::unsupported-block",
                "Unsupported block type",
            )
            .with_detail(format!(
                "Blocks of type \"{}\" are not expected here.",
                b.kind
            ))
            .with_span(b.kind_span),
        );
    }

    fn unsupported_argument(&mut self, a: &Attribute, allowed: &[&str]) {
        let d = Diagnostic::error(
            "gantry::config::unsupported-argument",
            "Unsupported argument",
        )
        .with_span(a.name_span);
        self.diags.push(with_rename(
            d,
            format!("An argument named \"{}\" is not expected here.", a.name),
            did_you_mean(&a.name, allowed.iter().copied()),
            a.name_span,
            str::to_string,
        ));
    }

    fn variable(&mut self, block: Block) {
        const ARGS: &[&str] = VARIABLE_ARGUMENTS;
        let (name, name_span) = block.labels[0].clone();
        let mut v = Variable {
            name: name.clone(),
            name_span,
            header_span: block.kind_span.to(name_span),
            default: None,
            type_constraint: crate::types::Type::Any,
            parse_as_hcl: false,
            description: None,
            sensitive: false,
            nullable: true,
            validations: Vec::new(),
        };
        for a in &block.body.attributes {
            match a.name.as_str() {
                "default" => v.default = Some(a.value.clone()),
                "description" => v.description = literal_string(&a.value.expr),
                "sensitive" => v.sensitive = self.literal_bool(a),
                "nullable" => v.nullable = self.literal_bool(a),
                "ephemeral" => {}
                "type" => match parse_type(&a.value.expr) {
                    Ok(t) => {
                        use crate::types::Type;
                        if let Expression::String(q) = &a.value.expr {
                            self.quoted_type_warning(q.value(), &t, a.value.span);
                        }
                        v.parse_as_hcl = !matches!(t, Type::String | Type::Number | Type::Bool);
                        v.type_constraint = t;
                    }
                    Err(msg) => self.diags.push(
                        Diagnostic::error("gantry::config::type", "Invalid type specification")
                            .with_detail(msg)
                            .with_span(a.value.span),
                    ),
                },
                _ => self.unsupported_argument(a, ARGS),
            }
        }
        for b in &block.body.blocks {
            if b.kind != "validation" {
                self.unsupported_block(b);
                continue;
            }
            let cond = b.body.attribute("condition");
            let msg = b.body.attribute("error_message");
            match (cond, msg) {
                (Some(c), Some(m)) => v.validations.push(Validation {
                    condition: c.value.clone(),
                    error_message: m.value.clone(),
                }),
                _ => self.diags.push(
                    Diagnostic::error(
                        "gantry::config::missing-argument",
                        "Missing required argument",
                    )
                    .with_detail(format!(
                        "The argument \"{}\" is required, but no definition was found.",
                        if cond.is_none() {
                            "condition"
                        } else {
                            "error_message"
                        }
                    ))
                    .with_span(b.kind_span),
                ),
            }
        }
        if let Some(prev) = self.module.variables.get(&name) {
            let prev_span = prev.name_span;
            self.diags.push(
                Diagnostic::error("gantry::config::duplicate", "Duplicate variable declaration")
                    .with_detail(format!("A variable named \"{name}\" was already declared at {}. Variable names must be unique within a module.", self.module.sources.location(prev_span)))
                    .with_span(name_span)
                    .with_extra_label(prev_span, "first declared here"),
            );
            return;
        }
        self.module.variables.insert(name, v);
    }

    /// `type = "string"` is Terraform 0.11 syntax; Terraform 1.x rejects it
    /// ("Invalid quoted type constraints"). gantry keeps reading it and
    /// `fmt` rewrites it, as `terraform fmt` does.
    fn quoted_type_warning(&mut self, quoted: &str, t: &crate::types::Type, span: Span) {
        let bare = t.to_string();
        self.diags.push(
            Diagnostic::warning("gantry::syntax::quoted-type", "Quoted type constraint (Terraform 0.11 syntax)")
                .with_detail(format!("Terraform 0.12 and later write type constraints as keywords: \"{quoted}\" means {bare}."))
                .with_span(span)
                .with_help("run `gantry fmt` to rewrite it")
                .with_fix(Fix {
                    message: format!("write `{bare}`"),
                    edits: vec![Edit { span, replacement: bare }],
                }),
        );
    }

    fn output(&mut self, block: Block) {
        const ARGS: &[&str] = OUTPUT_ARGUMENTS;
        let (name, name_span) = block.labels[0].clone();
        let mut o = Output {
            name: name.clone(),
            name_span,
            value: None,
            description: None,
            sensitive: false,
            depends_on: Vec::new(),
        };
        for a in &block.body.attributes {
            match a.name.as_str() {
                "value" => o.value = Some(a.value.clone()),
                "description" => o.description = literal_string(&a.value.expr),
                "sensitive" => o.sensitive = self.literal_bool(a),
                "depends_on" => o.depends_on = self.depends_on(a),
                "ephemeral" => {}
                _ => self.unsupported_argument(a, ARGS),
            }
        }
        if o.value.is_none() {
            self.diags.push(
                Diagnostic::error(
                    "gantry::config::missing-argument",
                    "Missing required argument",
                )
                .with_detail("The argument \"value\" is required, but no definition was found.")
                .with_span(block.kind_span.to(name_span)),
            );
        }
        if let Some(prev) = self.module.outputs.get(&name) {
            let prev_span = prev.name_span;
            self.diags.push(
                Diagnostic::error("gantry::config::duplicate", "Duplicate output definition")
                    .with_detail(format!("An output named \"{name}\" was already defined at {}. Output names must be unique within a module.", self.module.sources.location(prev_span)))
                    .with_span(name_span)
                    .with_extra_label(prev_span, "first defined here"),
            );
            return;
        }
        self.module.outputs.insert(name, o);
    }

    fn literal_bool(&mut self, a: &Attribute) -> bool {
        match &a.value.expr {
            Expression::Bool(b) => *b.value(),
            _ => {
                self.diags.push(
                    Diagnostic::error("gantry::config::literal", "Invalid value")
                        .with_detail(format!(
                            "The \"{}\" argument must be the literal true or false.",
                            a.name
                        ))
                        .with_span(a.value.span),
                );
                false
            }
        }
    }

    /// `depends_on = [aws_x.y, ...]`: static references to whole objects.
    fn depends_on(&mut self, a: &Attribute) -> Vec<DependsOn> {
        let mut out = Vec::new();
        let Expression::Array(items) = &a.value.expr else {
            self.diags.push(
                Diagnostic::error("gantry::config::depends-on", "Invalid depends_on")
                    .with_detail(
                        "The depends_on argument must be a list of references to resources.",
                    )
                    .with_span(a.value.span),
            );
            return out;
        };
        for item in items.iter() {
            let span = self.span(item);
            match static_reference(item) {
                Some(Ok(r)) if r.remaining.is_empty() => out.push(DependsOn {
                    subject: r.subject,
                    span,
                }),
                Some(Ok(_)) => self.diags.push(
                    Diagnostic::error("gantry::config::depends-on", "Invalid depends_on reference")
                        .with_detail("References in depends_on must be to a whole object (resource, etc), not to an attribute of an object.")
                        .with_span(span),
                ),
                Some(Err(e)) => self.diags.push(
                    Diagnostic::error("gantry::config::depends-on", "Invalid reference")
                        .with_detail(e.message)
                        .with_span(span),
                ),
                None => self.diags.push(
                    Diagnostic::error("gantry::config::depends-on", "Invalid expression")
                        .with_detail("A single static variable reference is required: only attribute access and indexing with constant keys. No calculations, function calls, template expressions, etc are allowed here.")
                        .with_span(span),
                ),
            }
        }
        out
    }

    fn resource(&mut self, block: Block) {
        let mode = if block.kind == "data" {
            Mode::Data
        } else {
            Mode::Managed
        };
        let (type_name, type_span) = block.labels[0].clone();
        let (name, name_span) = block.labels[1].clone();
        let mut r = Resource {
            mode,
            type_name,
            name,
            type_span,
            name_span,
            header_span: block.kind_span.to(name_span),
            span: block.span,
            count: None,
            for_each: None,
            depends_on: Vec::new(),
            provider: None,
            lifecycle: Lifecycle::default(),
            body: Body::default(),
            check: None,
        };
        for a in block.body.attributes {
            match a.name.as_str() {
                "count" => r.count = Some(a.value),
                "for_each" => r.for_each = Some(a.value),
                "depends_on" => r.depends_on = self.depends_on(&a),
                "provider" => match static_traversal(&a.value.expr)
                    .and_then(|p| LocalProviderConfig::from_names(&p))
                {
                    Some(p) => r.provider = Some((p, a.value.span)),
                    None => self.diags.push(
                        Diagnostic::error("gantry::config::provider", "Invalid provider reference")
                            .with_detail("The provider argument requires a provider type name, optionally followed by a period and then a configuration alias, like aws.west.")
                            .with_span(a.value.span),
                    ),
                },
                _ => r.body.attributes.push(a),
            }
        }
        self.count_and_for_each(&r.count, &r.for_each);
        for b in block.body.blocks {
            if b.kind == "lifecycle" && mode == Mode::Managed {
                r.lifecycle = self.lifecycle(&b);
            } else {
                r.body.blocks.push(b);
            }
        }
        if let Some(prev) = self.module.resource(mode, &r.type_name, &r.name) {
            let prev_span = prev.header_span;
            let what = if mode == Mode::Data {
                "data"
            } else {
                "resource"
            };
            self.diags.push(
                Diagnostic::error("gantry::config::duplicate", format!("Duplicate {what} \"{}\" configuration", r.type_name))
                    .with_detail(format!(
                        "A {what} \"{}\" \"{}\" was already declared at {}. Resource names must be unique per type in each module.",
                        r.type_name,
                        r.name,
                        self.module.sources.location(prev_span)
                    ))
                    .with_span(r.header_span)
                    .with_extra_label(prev_span, "first declared here")
                    .with_address(r.address()),
            );
            return;
        }
        self.module.add_resource(r);
    }

    /// A `module` block: its meta-arguments, and every other argument as
    /// an input variable of the called module.
    fn module_call(&mut self, block: Block) {
        let (name, name_span) = block.labels[0].clone();
        let header_span = block.kind_span.to(name_span);
        let mut call = ModuleCall {
            name: name.clone(),
            name_span,
            header_span,
            span: block.span,
            source: String::new(),
            source_span: header_span,
            version: None,
            count: None,
            for_each: None,
            depends_on: Vec::new(),
            providers: Vec::new(),
            inputs: Vec::new(),
        };
        let mut has_source = false;
        for a in block.body.attributes {
            match a.name.as_str() {
                "source" | "version" => match literal_string(&a.value.expr) {
                    Some(text) if a.name == "source" => {
                        has_source = true;
                        call.source = text;
                        call.source_span = a.value.span;
                    }
                    Some(text) => call.version = Some(text),
                    None => {
                        has_source |= a.name == "source";
                        self.diags.push(
                            Diagnostic::error("gantry::config::module-source", "Variables not allowed")
                                .with_detail(format!("The \"{}\" argument of a module block must be a literal string: Terraform installs modules before it evaluates anything.", a.name))
                                .with_span(a.value.span),
                        );
                    }
                },
                "count" => call.count = Some(a.value),
                "for_each" => call.for_each = Some(a.value),
                "depends_on" => call.depends_on = self.depends_on(&a),
                "providers" => call.providers = self.providers_map(&a),
                _ => call.inputs.push(a),
            }
        }
        if !has_source {
            self.diags.push(
                Diagnostic::error(
                    "gantry::config::missing-argument",
                    "Missing required argument",
                )
                .with_detail("The argument \"source\" is required, but no definition was found.")
                .with_span(header_span),
            );
        }
        self.count_and_for_each(&call.count, &call.for_each);
        for b in &block.body.blocks {
            self.unsupported_block(b);
        }
        if let Some(prev) = self.module.calls.get(&name) {
            let prev_span = prev.header_span;
            self.diags.push(
                Diagnostic::error("gantry::config::duplicate", "Duplicate module call")
                    .with_detail(format!(
                        "A module call named \"{name}\" was already defined at {}. Module calls must have unique names within a module.",
                        self.module.sources.location(prev_span)
                    ))
                    .with_span(header_span)
                    .with_extra_label(prev_span, "first defined here"),
            );
            return;
        }
        self.module.calls.insert(name, call);
    }

    /// `providers = { aws = aws.west, "aws.east" = aws }`: which of the
    /// caller's provider configurations the child uses under which name.
    fn providers_map(
        &mut self,
        a: &Attribute,
    ) -> Vec<(LocalProviderConfig, LocalProviderConfig, Span)> {
        use hcl_edit::expr::ObjectKey;
        let invalid = |span: Span| {
            Diagnostic::error("gantry::config::providers", "Invalid providers argument")
                .with_detail("The providers argument requires an object whose keys and values are provider references, like { aws = aws.west }.")
                .with_span(span)
        };
        let Expression::Object(object) = &a.value.expr else {
            self.diags.push(invalid(a.value.span));
            return Vec::new();
        };
        let mut out = Vec::new();
        for (key, value) in object.iter() {
            let span = self.span(value.expr());
            let child = match key {
                ObjectKey::Ident(i) => Some(LocalProviderConfig::new(i.as_str(), None)),
                ObjectKey::Expression(e) => {
                    static_traversal(e).and_then(|p| LocalProviderConfig::from_names(&p))
                }
            };
            let parent =
                static_traversal(value.expr()).and_then(|p| LocalProviderConfig::from_names(&p));
            match (child, parent) {
                (Some(child), Some(parent)) => out.push((child, parent, span)),
                _ => self.diags.push(invalid(span)),
            }
        }
        out
    }

    fn lifecycle(&mut self, b: &Block) -> Lifecycle {
        const ARGS: &[&str] = LIFECYCLE_ARGUMENTS;
        let mut l = Lifecycle::default();
        for a in &b.body.attributes {
            match a.name.as_str() {
                "create_before_destroy" => l.create_before_destroy = self.literal_bool(a),
                "prevent_destroy" => l.prevent_destroy = self.literal_bool(a),
                "replace_triggered_by" => {}
                "ignore_changes" => match &a.value.expr {
                    Expression::Variable(v) if v.as_str() == "all" => l.ignore_all_changes = true,
                    Expression::Array(items) => {
                        for item in items.iter() {
                            let span = self.span(item);
                            match static_traversal(item) {
                                Some(mut path) if !path.is_empty() => {
                                    let argument = path.remove(0);
                                    l.ignore_changes.push(IgnoredChange { argument, path, span })
                                }
                                _ => self.diags.push(
                                    Diagnostic::error("gantry::config::ignore-changes", "Invalid ignore_changes")
                                        .with_detail("Each element of ignore_changes must be an attribute name, like `tags` or `tags[\"Name\"]`.")
                                        .with_span(span),
                                ),
                            }
                        }
                    }
                    _ => self.diags.push(
                        Diagnostic::error("gantry::config::ignore-changes", "Invalid ignore_changes")
                            .with_detail("The ignore_changes argument must be a list of attribute names, or the keyword all.")
                            .with_span(a.value.span),
                    ),
                },
                _ => self.unsupported_argument(a, ARGS),
            }
        }
        for nb in &b.body.blocks {
            if nb.kind != "precondition" && nb.kind != "postcondition" {
                self.unsupported_block(nb);
            }
        }
        l
    }
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The string of a literal (`"x"` with no interpolation).
fn literal_string(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.value().to_string()),
        _ => None,
    }
}

/// A resource instance address written as an expression
/// (`aws_x.n`, `aws_x.n[0]`, `aws_x.n["k"]`), as text.
/// The root name and steps of a static traversal (`aws_x.n["k"]`), or
/// `None` for any other expression.
fn static_steps(e: &Expression) -> Option<(&str, Vec<gantry_addrs::Step>)> {
    use gantry_addrs::Step;
    use hcl_edit::expr::TraversalOperator;
    let (root, operators) = match e {
        Expression::Variable(v) => (v.as_str(), &[][..]),
        Expression::Traversal(t) => match &t.expr {
            Expression::Variable(v) => (v.as_str(), t.operators.as_slice()),
            _ => return None,
        },
        _ => return None,
    };
    let mut steps = Vec::with_capacity(operators.len());
    for op in operators {
        steps.push(match op.value() {
            TraversalOperator::GetAttr(i) => Step::Attr(i.as_str().to_string()),
            TraversalOperator::Index(_) | TraversalOperator::LegacyIndex(_) => {
                Step::Index(constant_key(op.value())?)
            }
            _ => return None,
        });
    }
    Some((root, steps))
}

/// The instance key a constant index names (`["k"]`, `[0]`, `.0`);
/// `None` for any other step or a computed index.
pub(crate) fn constant_key(
    op: &hcl_edit::expr::TraversalOperator,
) -> Option<gantry_addrs::InstanceKey> {
    use gantry_addrs::InstanceKey;
    use hcl_edit::expr::TraversalOperator;
    match op {
        TraversalOperator::Index(Expression::String(s)) => {
            Some(InstanceKey::Str(s.value().to_string()))
        }
        TraversalOperator::Index(Expression::Number(n)) => n.value().as_i64().map(InstanceKey::Int),
        TraversalOperator::LegacyIndex(n) => i64::try_from(*n.value()).ok().map(InstanceKey::Int),
        _ => None,
    }
}

/// The address a static traversal names (`moved`, `removed`, `import`).
fn static_target(e: &Expression) -> Option<Result<gantry_addrs::Target, gantry_addrs::AddrError>> {
    let (root, steps) = static_steps(e)?;
    Some(gantry_addrs::parse::traversal_target(root, &steps))
}

/// Whether a `moved` endpoint is a managed resource or instance of this
/// module (module calls are not supported yet; data sources never move).
/// What a `moved` endpoint may name: a managed resource or instance (in
/// any module instance), or a module call or one of its instances.
fn movable_target(t: &gantry_addrs::Target) -> bool {
    match t {
        gantry_addrs::Target::Resource(r) => r.resource.mode == Mode::Managed,
        gantry_addrs::Target::Instance(i) => i.instance.resource.mode == Mode::Managed,
        gantry_addrs::Target::Module(m) => !m.is_root(),
    }
}

/// A static traversal as the reference it makes (`aws_x.n[0]`, `var.x`);
/// `None` when the expression is not a static traversal.
fn static_reference(e: &Expression) -> Option<Result<gantry_addrs::Ref, gantry_addrs::AddrError>> {
    let (root, steps) = static_steps(e)?;
    Some(gantry_addrs::reference(root, &steps))
}

/// The local names of `required_providers` and the configuration aliases
/// they declare (`aws = { source = "hashicorp/aws", configuration_aliases
/// = [aws.east] }`); anything malformed is left to Terraform's schema.
fn required_providers(terraform: &Body) -> (Vec<String>, Vec<LocalProviderConfig>) {
    use hcl_edit::expr::ObjectKey;
    let mut names = Vec::new();
    let mut aliases = Vec::new();
    for rp in terraform.blocks_of("required_providers") {
        for a in &rp.body.attributes {
            names.push(a.name.clone());
            let Expression::Object(o) = &a.value.expr else {
                continue;
            };
            for (k, v) in o.iter() {
                let key = match k {
                    ObjectKey::Ident(i) => Some(i.as_str()),
                    ObjectKey::Expression(e) => e.as_str(),
                };
                if key != Some("configuration_aliases") {
                    continue;
                }
                if let Expression::Array(items) = v.expr() {
                    aliases.extend(
                        items
                            .iter()
                            .filter_map(static_traversal)
                            .filter_map(|p| LocalProviderConfig::from_names(&p)),
                    );
                }
            }
        }
    }
    (names, aliases)
}

/// `a.b.c` (or `a.b["k"]`) as names; `None` for anything computed.
fn static_traversal(e: &Expression) -> Option<Vec<String>> {
    use hcl_edit::expr::TraversalOperator;
    match e {
        Expression::Variable(v) => Some(vec![v.as_str().to_string()]),
        Expression::Traversal(t) => {
            let mut path = static_traversal(&t.expr)?;
            for op in &t.operators {
                match op.value() {
                    TraversalOperator::GetAttr(i) => path.push(i.as_str().to_string()),
                    TraversalOperator::Index(Expression::String(s)) => {
                        path.push(s.value().to_string())
                    }
                    TraversalOperator::Index(Expression::Number(n)) => {
                        path.push(n.value().to_string())
                    }
                    TraversalOperator::LegacyIndex(n) => path.push(n.value().to_string()),
                    _ => return None,
                }
            }
            Some(path)
        }
        _ => None,
    }
}
