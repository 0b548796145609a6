//! Expression evaluation with unknown and sensitive values.
//!
//! Evaluation never stops at the first problem: an expression that fails
//! yields `Unknown` after pushing a diagnostic, so everything else still
//! gets checked. Undeclared names are *not* reported here (see
//! [`crate::references`]), so each problem is reported once.

use std::cell::RefCell;
use std::collections::BTreeMap;

use gantry_addrs::LocalValue;
use gantry_diagnostics::{Diagnostic, Diagnostics, FileId, Span};
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::Element;

use crate::functions::{self, FailureKind, FunctionContext, FUNCTIONS};

mod special_functions;
mod template;

use crate::model::{Expr, Module};
use crate::number::Number;
use crate::suggest::{did_you_mean, with_rename};
use crate::types::{convert, Type};
use crate::value::Value;
use template::Strip;

/// Per-block context: `count.index`, `each.*`, and `for` variables.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    pub count_index: Option<Value>,
    pub each: Option<(Value, Value)>,
    vars: Vec<(String, Value)>,
    /// Inside `templatefile`: the template sees only the variables it was
    /// given, so any other name is an error.
    template_vars_only: bool,
}

impl Scope {
    /// The scope of a resource with `count` (index not yet known) or
    /// `for_each` (key and value not yet known), as `validate` sees it.
    pub fn for_resource(counted: bool, for_each: bool) -> Scope {
        Scope {
            count_index: counted.then_some(Value::Unknown),
            each: for_each.then_some((Value::Unknown, Value::Unknown)),
            vars: Vec::new(),
            template_vars_only: false,
        }
    }

    /// This scope with `name` bound to `value` (a `dynamic` block's
    /// iterator), shadowing any outer binding of the name.
    pub fn with_var(&self, name: &str, value: Value) -> Scope {
        let mut s = self.clone();
        s.vars.push((name.to_string(), value));
        s
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }
}

/// Evaluates expressions of one module.
pub struct Evaluator<'m> {
    pub module: &'m Module,
    /// Final input variable values (see [`crate::vars`]).
    pub variables: BTreeMap<String, Value>,
    /// Known resource objects; anything absent is unknown.
    pub resources: BTreeMap<gantry_addrs::Resource, Value>,
    /// `module.NAME` by call name: an object of the called module's
    /// outputs, a list of them (`count`) or a map (`for_each`); anything
    /// absent is unknown.
    pub modules: BTreeMap<String, Value>,
    locals: RefCell<BTreeMap<String, Value>>,
    in_progress: RefCell<Vec<String>>,
    functions: FunctionContext,
}

impl<'m> Evaluator<'m> {
    pub fn new(module: &'m Module, variables: BTreeMap<String, Value>) -> Evaluator<'m> {
        // Nulls typed by the declarations, once, for the console.
        let variables = variables
            .into_iter()
            .map(|(name, v)| {
                let v = match module.variables.get(&name) {
                    Some(decl) => crate::types::type_nulls(v, &decl.type_constraint),
                    None => v,
                };
                (name, v)
            })
            .collect();
        Evaluator {
            module,
            variables,
            resources: BTreeMap::new(),
            modules: BTreeMap::new(),
            locals: RefCell::new(BTreeMap::new()),
            in_progress: RefCell::new(Vec::new()),
            functions: FunctionContext::new(module.dir.clone()),
        }
    }

    /// Sets one input variable (a module instance's inputs arrive one at a
    /// time, each once what the caller passes for it is known), its nulls
    /// typed by the declaration as [`Evaluator::new`] types them.
    pub fn set_variable(&mut self, name: &str, v: Value) {
        let v = match self.module.variables.get(name) {
            Some(decl) => crate::types::type_nulls(v, &decl.type_constraint),
            None => v,
        };
        self.variables.insert(name.to_string(), v);
    }

    /// The blocks of `kind` in `body`, each with the scope its body is
    /// evaluated in: static blocks in `scope`, a `dynamic` block once per
    /// element of its `for_each` with the iterator bound. `None` when a
    /// dynamic block's `for_each` is not known yet (so neither is the
    /// number of blocks).
    pub fn block_instances<'b>(
        &self,
        body: &'b crate::model::Body,
        kind: &'b str,
        scope: &Scope,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(&'b crate::model::Block, Scope)>> {
        let mut out = Vec::new();
        let mut known = true;
        for b in body.blocks_of(kind) {
            match &b.dynamic {
                None => out.push((b, scope.clone())),
                Some(_) => match self.dynamic_instances(b, scope, diags) {
                    Some(scopes) => out.extend(scopes.into_iter().map(|s| (b, s))),
                    None => known = false,
                },
            }
        }
        known.then_some(out)
    }

    /// One scope per element of a dynamic block's `for_each`, binding the
    /// iterator to `{ key, value }`; `None` when the collection is unknown.
    /// A static block has one instance, in `scope`.
    pub fn dynamic_instances(
        &self,
        block: &crate::model::Block,
        scope: &Scope,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Scope>> {
        let Some(d) = &block.dynamic else {
            return Some(vec![scope.clone()]);
        };
        let coll = self.eval(&d.for_each, scope, diags);
        let (plain, sensitive) = coll.unmark();
        let pairs = match plain {
            Value::Null => {
                self.err(
                    diags,
                    "gantry::eval::dynamic",
                    "Invalid dynamic for_each value",
                    "Cannot use a null value in for_each.".into(),
                    d.for_each.span,
                );
                return Some(Vec::new());
            }
            Value::Bool(_) | Value::Number(_) | Value::String(_) => {
                self.err(
                    diags,
                    "gantry::eval::dynamic",
                    "Invalid dynamic for_each value",
                    format!(
                        "Cannot use a {} value in for_each. An iterable collection is required.",
                        plain.type_name()
                    ),
                    d.for_each.span,
                );
                return Some(Vec::new());
            }
            _ => self.iterate(plain, d.for_each.span, diags)?,
        };
        Some(
            pairs
                .into_iter()
                .map(|(k, v)| {
                    let v = if sensitive { Value::sensitive(v) } else { v };
                    let it = Value::Map(
                        BTreeMap::from([("key".to_string(), k), ("value".to_string(), v)]).into(),
                    );
                    scope.with_var(&d.iterator, it)
                })
                .collect(),
        )
    }

    /// Evaluates `timestamp()`, `uuid()` and `bcrypt()` as Terraform does
    /// at apply and in the console; otherwise they are unknown.
    pub fn with_impure_functions(mut self) -> Evaluator<'m> {
        self.functions.impure = true;
        self
    }

    fn span(&self, file: FileId, node: &impl hcl_edit::Span, fallback: Span) -> Span {
        self.module.node_span(file, node, fallback)
    }

    /// Evaluates one expression of the module.
    pub fn eval(&self, e: &Expr, scope: &Scope, diags: &mut Diagnostics) -> Value {
        self.eval_typed(e, scope, diags).without_null_types()
    }

    /// As [`Evaluator::eval`], keeping the types of nulls
    /// ([`Value::TypedNull`]) for the console, which prints them.
    pub fn eval_typed(&self, e: &Expr, scope: &Scope, diags: &mut Diagnostics) -> Value {
        let mut scope = scope.clone();
        self.expr(e.file, &e.expr, e.span, &mut scope, diags)
    }

    /// The value of `local.name`, evaluated once; a cycle is reported at the
    /// local that closes it.
    pub fn local(&self, name: &str, diags: &mut Diagnostics) -> Value {
        self.local_value(name, diags).without_null_types()
    }

    fn local_value(&self, name: &str, diags: &mut Diagnostics) -> Value {
        if let Some(v) = self.locals.borrow().get(name) {
            return v.clone();
        }
        let Some(local) = self.module.locals.get(name) else {
            return Value::Unknown;
        };
        if self.in_progress.borrow().iter().any(|n| n == name) {
            let chain = {
                let stack = self.in_progress.borrow();
                let start = stack.iter().position(|n| n == name).unwrap_or(0);
                let hops: Vec<String> = stack[start..]
                    .iter()
                    .map(String::as_str)
                    .chain([name])
                    .map(|n| LocalValue { name: n.into() }.to_string())
                    .collect();
                hops.join(" → ")
            };
            diags.push(
                Diagnostic::error("gantry::eval::cycle", "Cycle in local values")
                    .with_detail(format!(
                        "The local values refer to each other in a loop: {chain}."
                    ))
                    .with_span(local.name_span),
            );
            self.locals
                .borrow_mut()
                .insert(name.to_string(), Value::Unknown);
            return Value::Unknown;
        }
        self.in_progress.borrow_mut().push(name.to_string());
        let v = self.eval(&local.value, &Scope::default(), diags);
        self.in_progress.borrow_mut().pop();
        self.locals
            .borrow_mut()
            .entry(name.to_string())
            .or_insert(v)
            .clone()
    }

    fn err(
        &self,
        diags: &mut Diagnostics,
        code: &'static str,
        summary: &str,
        detail: String,
        span: Span,
    ) -> Value {
        diags.push(
            Diagnostic::error(code, summary)
                .with_detail(detail)
                .with_span(span),
        );
        Value::Unknown
    }

    fn expr(
        &self,
        file: FileId,
        e: &Expression,
        outer: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        // Terraform evaluates any nesting its parser accepts (thousands of
        // levels): each level continues on a new stack segment when this
        // one runs low.
        stacker::maybe_grow(crate::STACK_RED_ZONE, crate::STACK_SEGMENT, || {
            self.expr_here(file, e, outer, scope, diags)
        })
    }

    fn expr_here(
        &self,
        file: FileId,
        e: &Expression,
        outer: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        let span = self.span(file, e, outer);
        match e {
            Expression::Null(_) => Value::Null,
            Expression::Bool(b) => Value::Bool(*b.value()),
            Expression::Number(n) => Value::Number(literal_number(n)),
            Expression::String(s) => Value::String(s.value().to_string()),
            Expression::Array(items) => Value::List(
                items
                    .iter()
                    .map(|i| self.expr(file, i, span, scope, diags))
                    .collect(),
            ),
            Expression::Object(o) => {
                let mut map = BTreeMap::new();
                let mut unknown_key = false;
                for (k, v) in o.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => Value::String(i.as_str().to_string()),
                        ObjectKey::Expression(ke) => self.expr(file, ke, span, scope, diags),
                    };
                    let value = self.expr(file, v.expr(), span, scope, diags);
                    if key.is_unknown() {
                        unknown_key = true;
                        continue;
                    }
                    match key.to_string_primitive() {
                        Some(k) => {
                            map.insert(k, value);
                        }
                        None => {
                            let ks = self.span(file, k, span);
                            self.err(
                                diags,
                                "gantry::eval::object-key",
                                "Invalid object key",
                                "Object keys must be strings.".into(),
                                ks,
                            );
                        }
                    }
                }
                if unknown_key {
                    Value::Unknown
                } else {
                    Value::Map(map.into())
                }
            }
            Expression::StringTemplate(t) => {
                let elems: Vec<&Element> = t.iter().collect();
                // `"${x}"` alone is `x` itself, whatever its type (HCL's
                // template wrap: the 0.11 way of writing any expression).
                if let [Element::Interpolation(only)] = elems.as_slice() {
                    return self.expr(file, &only.expr, span, scope, diags);
                }
                self.template(file, &elems, span, scope, diags, Strip::default())
            }
            Expression::HeredocTemplate(h) => {
                let elems: Vec<&Element> = h.template.iter().collect();
                self.template(file, &elems, span, scope, diags, Strip::lines())
            }
            Expression::Parenthesis(p) => self.expr(file, p.inner(), span, scope, diags),
            Expression::Variable(v) => {
                if let Some(val) = scope.lookup(v.as_str()) {
                    return val.clone();
                }
                if scope.template_vars_only {
                    return self.err(
                        diags,
                        "gantry::eval::template-var",
                        "Unknown template variable",
                        format!("vars map does not contain key \"{}\".", v.as_str()),
                        span,
                    );
                }
                // Bare roots like `var` alone are reported by the reference
                // check; they have no value.
                Value::Unknown
            }
            Expression::Conditional(c) => self.conditional(file, c, span, scope, diags),
            Expression::FuncCall(f) => self.call(file, f, span, scope, diags),
            Expression::Traversal(t) => self.traversal(file, t, span, scope, diags),
            Expression::UnaryOp(u) => {
                let v = self.expr(file, &u.expr, span, scope, diags);
                let (inner, sens) = v.unmark();
                let out = match (u.operator.value(), inner) {
                    (_, Value::Unknown) => Value::Unknown,
                    (UnaryOperator::Neg, x) => match convert(x, &Type::Number) {
                        Ok(Value::Number(n)) => Value::Number(n.neg()),
                        _ => self.err(
                            diags,
                            "gantry::eval::operand",
                            "Invalid operand",
                            "Unsuitable value for unary operand: a number is required.".into(),
                            span,
                        ),
                    },
                    (UnaryOperator::Not, x) => match convert(x, &Type::Bool) {
                        Ok(Value::Bool(b)) => Value::Bool(!b),
                        _ => self.err(
                            diags,
                            "gantry::eval::operand",
                            "Invalid operand",
                            "Unsuitable value for unary operand: a bool is required.".into(),
                            span,
                        ),
                    },
                };
                if sens {
                    Value::sensitive(out)
                } else {
                    out
                }
            }
            Expression::BinaryOp(b) => {
                let l = self.expr(file, &b.lhs_expr, span, scope, diags);
                let r = self.expr(file, &b.rhs_expr, span, scope, diags);
                let ls = self.span(file, &b.lhs_expr, span);
                let rs = self.span(file, &b.rhs_expr, span);
                self.binary(*b.operator.value(), &l, &r, ls, rs, diags)
            }
            Expression::ForExpr(f) => self.for_expr(file, f, span, scope, diags),
        }
    }

    /// HCL evaluates both results (their types decide the result type) but
    /// reports only the chosen one's problems, and neither's when the
    /// condition is unknown: `var.limit == null ? true : var.limit >= 6`
    /// must not fail on the branch that null would break.
    fn conditional(
        &self,
        file: FileId,
        c: &hcl_edit::expr::Conditional,
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        let mut true_diags = Diagnostics::new();
        let mut false_diags = Diagnostics::new();
        let t = self.expr(file, &c.true_expr, span, scope, &mut true_diags);
        let f = self.expr(file, &c.false_expr, span, scope, &mut false_diags);
        // The result type is decided before the condition: results that
        // have no common type are an error whatever the condition says.
        let (tt, ft) = (crate::types::type_of(&t), crate::types::type_of(&f));
        // As HCL: a literal null takes the other result's type, a result
        // of unknown type leaves the type open, and otherwise both unify.
        let unified = match (&t, &f) {
            (Value::Null, _) => Some(ft.clone()),
            (_, Value::Null) => Some(tt.clone()),
            _ if tt == Type::Any || ft == Type::Any => Some(Type::Any),
            _ => crate::types::unify_types(&[tt.clone(), ft.clone()]),
        };
        let Some(unified) = unified else {
            let both = self
                .span(file, &c.true_expr, span)
                .to(self.span(file, &c.false_expr, span));
            return self.err(
                diags,
                "gantry::eval::conditional-types",
                "Inconsistent conditional result types",
                format!(
                    "The true and false result expressions must have consistent types. {}",
                    inconsistency(&tt, &ft)
                ),
                both,
            );
        };
        let cond = self.expr(file, &c.cond_expr, span, scope, diags);
        let (cv, cond_sensitive) = cond.unmark();
        let cs = self.span(file, &c.cond_expr, span);
        let (picked, picked_type, other, branch_diags) = match convert(cv, &Type::Bool) {
            Ok(Value::Bool(true)) => (t, tt, f, true_diags),
            Ok(Value::Bool(false)) => (f, ft, t, false_diags),
            Ok(Value::Unknown) => return Value::Unknown,
            Ok(Value::Null) => {
                return self.err(
                    diags,
                    "gantry::eval::condition",
                    "Null condition",
                    "The condition value is null. Conditions must either be true or false.".into(),
                    cs,
                );
            }
            _ => {
                return self.err(
                    diags,
                    "gantry::eval::condition",
                    "Incorrect condition type",
                    "The condition expression must be of type bool.".into(),
                    cs,
                );
            }
        };
        diags.extend(branch_diags);
        let picked = match picked {
            // A null result has the unified type (`true ? null : [1]` is a
            // null tuple).
            Value::Null | Value::TypedNull(_) => crate::types::typed_null(&unified),
            picked => crate::types::conform(picked, &picked_type, &unified),
        };
        if cond_sensitive || other.is_sensitive() {
            Value::sensitive(picked)
        } else {
            picked
        }
    }

    fn binary(
        &self,
        op: BinaryOperator,
        l: &Value,
        r: &Value,
        ls: Span,
        rs: Span,
        diags: &mut Diagnostics,
    ) -> Value {
        use BinaryOperator::*;
        let (lv, lsens) = l.unmark();
        let (rv, rsens) = r.unmark();
        let mark = |v: Value| {
            if lsens || rsens {
                Value::sensitive(v)
            } else {
                v
            }
        };
        match op {
            Eq | NotEq => {
                if !lv.is_wholly_known() || !rv.is_wholly_known() {
                    return Value::Unknown;
                }
                // Values of different types are never equal in Terraform:
                // `tolist(["a"]) == ["a"]` is false, as is `var.list == []`.
                let eq = lv == rv
                    && (lv.is_null() || crate::types::type_of(lv) == crate::types::type_of(rv));
                mark(Value::Bool(if op == Eq { eq } else { !eq }))
            }
            And | Or => {
                let lb = self.operand(lv, &Type::Bool, "left", ls, diags);
                let rb = self.operand(rv, &Type::Bool, "right", rs, diags);
                match (lb, rb) {
                    (Ok(Some(Value::Bool(a))), Ok(Some(Value::Bool(b)))) => {
                        mark(Value::Bool(if op == And { a && b } else { a || b }))
                    }
                    _ => Value::Unknown,
                }
            }
            _ => {
                let ln = self.operand(lv, &Type::Number, "left", ls, diags);
                let rn = self.operand(rv, &Type::Number, "right", rs, diags);
                let (Ok(Some(Value::Number(a))), Ok(Some(Value::Number(b)))) = (ln, rn) else {
                    return Value::Unknown;
                };
                let result = match op {
                    Plus => a.add(&b),
                    Minus => a.sub(&b),
                    Mul => a.mul(&b),
                    // As cty's big floats: x/0 is ±infinity; only 0/0 and
                    // ∞/∞ fail, and x % 0 is x.
                    Div => a.div(&b),
                    Mod => a.rem(&b),
                    _ => Ok(a.clone()),
                };
                let v = match op {
                    Plus | Minus | Mul | Div | Mod => match result {
                        Ok(n) => Value::Number(n),
                        Err(e) => {
                            return self.err(
                                diags,
                                "gantry::eval::arithmetic",
                                "Operation failed",
                                format!("Error during operation: {e}."),
                                ls.to(rs),
                            )
                        }
                    },
                    Less => Value::Bool(a.cmp_value(&b).is_lt()),
                    LessEq => Value::Bool(a.cmp_value(&b).is_le()),
                    Greater => Value::Bool(a.cmp_value(&b).is_gt()),
                    GreaterEq => Value::Bool(a.cmp_value(&b).is_ge()),
                    _ => Value::Unknown,
                };
                mark(v)
            }
        }
    }

    /// An operand converted to `ty`: `Ok(None)` when unknown; `Err` after
    /// reporting that it cannot be converted.
    fn operand(
        &self,
        v: &Value,
        ty: &Type,
        side: &str,
        span: Span,
        diags: &mut Diagnostics,
    ) -> Result<Option<Value>, ()> {
        match convert(v, ty) {
            Ok(Value::Unknown) => Ok(None),
            Ok(Value::Null) | Err(_) => {
                let what = if *ty == Type::Bool {
                    "a bool"
                } else {
                    "a number"
                };
                self.err(
                    diags,
                    "gantry::eval::operand",
                    "Invalid operand",
                    format!("Unsuitable value for {side} operand: {what} is required."),
                    span,
                );
                Err(())
            }
            Ok(known) => Ok(Some(known)),
        }
    }

    /// Key/value pairs of a collection for `for`; `None` when unknown.
    fn iterate(
        &self,
        coll: &Value,
        span: Span,
        diags: &mut Diagnostics,
    ) -> Option<Vec<(Value, Value)>> {
        match coll.unmark().0 {
            Value::List(items) => Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (Value::Number(i.into()), v.clone()))
                    .collect(),
            ),
            // A set element is its own key, as in Terraform.
            Value::Set(items) => Some(items.iter().map(|v| (v.clone(), v.clone())).collect()),
            Value::Map(m) => Some(
                m.iter()
                    .map(|(k, v)| (Value::String(k.clone()), v.clone()))
                    .collect(),
            ),
            Value::Unknown => None,
            other => {
                self.err(diags, "gantry::eval::for", "Iteration over non-iterable value", format!("A value of type {} cannot be used as the collection in a 'for' expression.", other.type_name()), span);
                None
            }
        }
    }

    fn for_expr(
        &self,
        file: FileId,
        f: &hcl_edit::expr::ForExpr,
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        let coll = self.expr(file, &f.intro.collection_expr, span, scope, diags);
        let cs = self.span(file, &f.intro.collection_expr, span);
        let Some(pairs) = self.iterate(&coll, cs, diags) else {
            return Value::Unknown;
        };
        let mut list = Vec::new();
        let mut map: BTreeMap<String, Value> = BTreeMap::new();
        let mut grouped: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        let mut unknown = false;
        for (k, v) in pairs {
            let depth = scope.vars.len();
            if let Some(kv) = &f.intro.key_var {
                scope.vars.push((kv.as_str().to_string(), k));
            }
            scope.vars.push((f.intro.value_var.as_str().to_string(), v));
            let keep = match &f.cond {
                Some(c) => match convert(
                    self.expr(file, &c.expr, span, scope, diags).unmark().0,
                    &Type::Bool,
                ) {
                    Ok(Value::Bool(b)) => b,
                    Ok(Value::Unknown) => {
                        unknown = true;
                        false
                    }
                    _ => {
                        let s = self.span(file, &c.expr, span);
                        self.err(
                            diags,
                            "gantry::eval::for",
                            "Invalid 'for' condition",
                            "The 'if' clause value must be of type bool.".into(),
                            s,
                        );
                        false
                    }
                },
                None => true,
            };
            if keep {
                let value = self.expr(file, &f.value_expr, span, scope, diags);
                match &f.key_expr {
                    None => list.push(value),
                    Some(ke) => {
                        let key = self.expr(file, ke, span, scope, diags);
                        match key.to_string_primitive() {
                            Some(k) if f.grouping => grouped.entry(k).or_default().push(value),
                            Some(k) => {
                                if map.contains_key(&k) {
                                    let ks = self.span(file, ke, span);
                                    self.err(diags, "gantry::eval::for", "Duplicate object key", format!("Two different items produced the key {k:?} in this 'for' expression. If duplicates are expected, use the ellipsis (...) after the value expression to enable grouping by key."), ks);
                                }
                                map.insert(k, value);
                            }
                            None => unknown = true,
                        }
                    }
                }
            }
            scope.vars.truncate(depth);
        }
        if unknown {
            return Value::Unknown;
        }
        match (&f.key_expr, f.grouping) {
            (None, _) => Value::List(list.into()),
            (Some(_), false) => Value::Map(map.into()),
            (Some(_), true) => Value::Map(
                grouped
                    .into_iter()
                    .map(|(k, v)| (k, Value::List(v.into())))
                    .collect(),
            ),
        }
    }

    fn call(
        &self,
        file: FileId,
        f: &hcl_edit::expr::FuncCall,
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        let name = f.name.name.as_str();
        let name_span = self.span(file, &f.name.name, span);
        let arg_exprs: Vec<&Expression> = f.args.iter().collect();
        let namespace: Vec<&str> = f.name.namespace.iter().map(|n| n.as_str()).collect();
        // `core::name` is the built-in function itself; anything else in a
        // namespace (`provider::aws::arn_parse`) comes from a provider.
        let builtin = matches!(namespace.as_slice(), [] | ["core"]);
        if !builtin {
            let full = format!("{}::{name}", namespace.join("::"));
            let what = match namespace.as_slice() {
                ["provider", p, ..] => format!("provider \"{p}\""),
                _ => "a provider".to_string(),
            };
            return self.err(
                diags,
                "gantry::eval::provider-function",
                "Provider functions are not supported",
                format!("\"{full}\" is a function of {what}; gantry evaluates Terraform's built-in functions only, and no provider supplies functions to it yet."),
                span,
            );
        }
        if let Some((value, warning)) = self.legacy_binary_file(name, file, &arg_exprs, span, scope)
        {
            diags.push(warning);
            return value;
        }
        if name == "try" || name == "can" {
            return self.try_or_can(name, file, &arg_exprs, span, scope, diags);
        }
        let mut args: Vec<Value> = arg_exprs
            .iter()
            .map(|a| self.expr(file, a, span, scope, diags))
            .collect();
        if functions::signature(name).is_none() {
            diags.push(with_rename(
                Diagnostic::error("gantry::eval::unknown-function", "Call to unknown function")
                    .with_span(name_span),
                format!("There is no function named \"{name}\"."),
                did_you_mean(name, FUNCTIONS.iter().map(|s| s.name)),
                name_span,
                str::to_string,
            ));
            return Value::Unknown;
        }
        if f.args.expand_final() {
            match args.pop().map(|v| v.unmark().0.clone()) {
                Some(Value::List(items)) => args.extend(items),
                Some(Value::Unknown) => return Value::Unknown,
                _ => {
                    return self.err(diags, "gantry::eval::expand", "Invalid expanding argument value", "The expanding argument (indicated by ...) must be of a tuple, list, or set type.".into(), span);
                }
            }
        }
        let result = if name == "templatefile" && args.len() == 2 {
            self.templatefile(&args)
        } else if name == "templatestring" && args.len() == 2 {
            self.templatestring(arg_exprs[0], &args)
        } else {
            functions::call(name, &args, &self.functions)
        };
        match result {
            Ok(v) => v,
            Err(e) => {
                let arg_span = e
                    .arg
                    .and_then(|i| arg_exprs.get(i))
                    .map(|a| self.span(file, *a, span));
                let (summary, detail, at) = match e.kind {
                    FailureKind::Argument => {
                        let param = e
                            .arg
                            .and_then(|i| {
                                functions::signature(name)
                                    .and_then(|s| s.params.get(i).copied().or(s.variadic))
                            })
                            .unwrap_or("value");
                        (
                            "Invalid function argument",
                            format!("Invalid value for \"{param}\" parameter: {}", e.message),
                            arg_span.unwrap_or(span),
                        )
                    }
                    FailureKind::NotEnoughArguments => {
                        ("Not enough function arguments", e.message.clone(), span)
                    }
                    FailureKind::TooManyArguments => (
                        "Too many function arguments",
                        e.message.clone(),
                        arg_span.unwrap_or(span),
                    ),
                    FailureKind::Call => (
                        "Error in function call",
                        format!("Call to function \"{name}\" failed: {}", e.message),
                        span,
                    ),
                };
                self.err(diags, "gantry::eval::function", summary, detail, at)
            }
        }
    }

    fn root_value(
        &self,
        root: &str,
        (next, after): (Option<&str>, Option<&str>),
        scope: &Scope,
        diags: &mut Diagnostics,
    ) -> (Value, usize) {
        // Returns the value and how many leading GetAttr operators it used;
        // `next` and `after` are the first two attribute names, if any.
        match root {
            "var" => (
                next.and_then(|n| self.variables.get(n).cloned())
                    .unwrap_or(Value::Unknown),
                1,
            ),
            "local" => (
                next.map(|n| self.local_value(n, diags))
                    .unwrap_or(Value::Unknown),
                1,
            ),
            "count" => (
                if next == Some("index") {
                    scope.count_index.clone().unwrap_or(Value::Unknown)
                } else {
                    Value::Unknown
                },
                1,
            ),
            "each" => {
                let v = match (next, &scope.each) {
                    (Some("key"), Some((k, _))) => k.clone(),
                    (Some("value"), Some((_, v))) => v.clone(),
                    _ => Value::Unknown,
                };
                (v, 1)
            }
            "path" => {
                let dir = self.module.dir.display().to_string();
                let v = match next {
                    Some("module") | Some("root") => {
                        Value::String(if dir.is_empty() { ".".into() } else { dir })
                    }
                    Some("cwd") => Value::String(".".into()),
                    _ => Value::Unknown,
                };
                (v, 1)
            }
            "terraform" => (
                if next == Some("workspace") {
                    Value::string(self.module.workspace())
                } else {
                    Value::Unknown
                },
                1,
            ),
            "self" => (Value::Unknown, 0),
            "module" => (
                next.and_then(|n| self.modules.get(n).cloned())
                    .unwrap_or(Value::Unknown),
                1,
            ),
            "data" => {
                let v = match (next, after) {
                    (Some(ty), Some(n)) => self
                        .resources
                        .get(&gantry_addrs::Resource::data(ty, n))
                        .cloned(),
                    _ => None,
                };
                (v.unwrap_or(Value::Unknown), 2)
            }
            _ => {
                let v = next
                    .and_then(|n| {
                        self.resources
                            .get(&gantry_addrs::Resource::managed(root, n))
                            .cloned()
                    })
                    .unwrap_or(Value::Unknown);
                (v, 1)
            }
        }
    }

    fn traversal(
        &self,
        file: FileId,
        t: &hcl_edit::expr::Traversal,
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        let ops: Vec<&TraversalOperator> = t.operators.iter().map(|o| o.value()).collect();
        let first_attr = |i: usize| match ops.get(i) {
            Some(TraversalOperator::GetAttr(a)) => Some(a.as_str()),
            _ => None,
        };
        let (value, skip) = match &t.expr {
            Expression::Variable(v) if scope.lookup(v.as_str()).is_none() => {
                let root = v.as_str();
                if scope.template_vars_only {
                    let vs = self.span(file, v, span);
                    return self.err(
                        diags,
                        "gantry::eval::template-var",
                        "Unknown template variable",
                        format!("vars map does not contain key \"{root}\"."),
                        vs,
                    );
                }
                self.root_value(root, (first_attr(0), first_attr(1)), scope, diags)
            }
            other => (self.expr(file, other, span, scope, diags), 0),
        };
        let rest: Vec<&hcl_edit::Decorated<TraversalOperator>> =
            t.operators.iter().skip(skip).collect();
        self.apply_ops(file, value, &rest, span, scope, diags)
    }

    /// Applies traversal steps; after a splat the remaining steps apply to
    /// each element (`aws_x.y[*].id`).
    fn apply_ops(
        &self,
        file: FileId,
        mut value: Value,
        ops: &[&hcl_edit::Decorated<TraversalOperator>],
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        for (i, op) in ops.iter().enumerate() {
            if matches!(
                op.value(),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_)
            ) {
                let rest = &ops[i + 1..];
                let (inner, sens) = value.unmark();
                let out = match inner {
                    Value::Unknown => Value::Unknown,
                    Value::Null | Value::TypedNull(_) => Value::List(Vec::new().into()),
                    // A splat keeps a list a list (and makes a set one), a
                    // tuple a tuple.
                    Value::List(items) | Value::Set(items) => {
                        let keep = items.is_list() || matches!(inner, Value::Set(_));
                        let mut out: crate::value::Seq = items
                            .clone()
                            .into_iter()
                            .map(|it| self.apply_ops(file, it, rest, span, scope, diags))
                            .collect();
                        // The element type carries over when nothing follows
                        // the splat (`var.list[*]`).
                        if rest.is_empty() {
                            out.kind = items.kind.clone();
                        }
                        let out = Value::List(out);
                        if keep {
                            crate::types::as_list(out)
                        } else {
                            out
                        }
                    }
                    other => Value::List(
                        vec![self.apply_ops(file, other.clone(), rest, span, scope, diags)].into(),
                    ),
                };
                return if sens { Value::sensitive(out) } else { out };
            }
            let op_span = self.span(file, *op, span);
            value = self.step(file, value, op.value(), op_span, span, scope, diags);
        }
        value
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &self,
        file: FileId,
        value: Value,
        op: &TraversalOperator,
        op_span: Span,
        span: Span,
        scope: &mut Scope,
        diags: &mut Diagnostics,
    ) -> Value {
        let (inner, sens) = value.unmark();
        let mark = |v: Value| if sens { Value::sensitive(v) } else { v };
        match op {
            TraversalOperator::GetAttr(name) => match inner {
                Value::Unknown => Value::Unknown,
                Value::Map(m) => match m.get(name.as_str()) {
                    Some(v) => mark(v.clone()),
                    None => {
                        let mut detail = format!(
                            "This object does not have an attribute named \"{}\".",
                            name.as_str()
                        );
                        if let Some(s) = did_you_mean(name.as_str(), m.keys().map(String::as_str)) {
                            detail = format!("This object does not have an attribute named \"{}\". Did you mean \"{s}\"?", name.as_str());
                        }
                        self.err(
                            diags,
                            "gantry::eval::attribute",
                            "Unsupported attribute",
                            detail,
                            op_span,
                        )
                    }
                },
                Value::Null | Value::TypedNull(_) => self.err(
                    diags,
                    "gantry::eval::attribute",
                    "Attempt to get attribute from null value",
                    "This value is null, so it does not have any attributes.".into(),
                    op_span,
                ),
                other => self.err(
                    diags,
                    "gantry::eval::attribute",
                    "Unsupported attribute",
                    format!(
                        "Can't access attributes on a primitive-typed value ({}).",
                        other.type_name()
                    ),
                    op_span,
                ),
            },
            TraversalOperator::Index(ie) => {
                let key = self.expr(file, ie, span, scope, diags);
                mark(self.index(inner.clone(), &key, op_span, diags))
            }
            TraversalOperator::LegacyIndex(n) => mark(self.index(
                inner.clone(),
                &Value::Number(Number::from_u64(*n.value())),
                op_span,
                diags,
            )),
            // Splats are handled by `apply_ops` before reaching here.
            TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => value.clone(),
        }
    }

    fn index(&self, coll: Value, key: &Value, span: Span, diags: &mut Diagnostics) -> Value {
        let (k, _) = key.unmark();
        match (&coll, k) {
            (Value::Unknown, _) | (_, Value::Unknown) => Value::Unknown,
            (Value::Set(_), _) => self.err(diags, "gantry::eval::index", "Invalid index", "Elements of a set are identified only by their value and don't have any separate index or key to select with, so it's only possible to perform operations across all elements of the set.".into(), span),
            (Value::List(items), k) => match convert(k, &Type::Number) {
                Ok(Value::Number(n)) => match n.to_i64().and_then(|i| usize::try_from(i).ok()).filter(|i| *i < items.len()) {
                    Some(i) => match &items.kind {
                        // The element type types its nulls.
                        crate::value::SeqKind::List(elem) => crate::types::type_nulls(items[i].clone(), elem),
                        crate::value::SeqKind::Tuple => items[i].clone(),
                    },
                    None => self.err(diags, "gantry::eval::index", "Invalid index", format!("The given key does not identify an element in this collection value: the collection has {} element(s) and the index {n} is out of range.", items.len()), span),
                },
                _ => self.err(diags, "gantry::eval::index", "Invalid index", "The given key does not identify an element in this collection value: a number is required.".into(), span),
            },
            (Value::Map(m), k) => match k.to_string_primitive() {
                Some(ks) => match m.get(&ks) {
                    Some(v) => match &m.kind {
                        crate::value::MapKind::Map(elem) => crate::types::type_nulls(v.clone(), elem),
                        crate::value::MapKind::Object => v.clone(),
                    },
                    None => self.err(diags, "gantry::eval::index", "Invalid index", format!("The given key does not identify an element in this collection value: the key {ks:?} does not exist."), span),
                },
                None => self.err(diags, "gantry::eval::index", "Invalid index", "The given key does not identify an element in this collection value: a string key is required.".into(), span),
            },
            (Value::Null | Value::TypedNull(_), _) => self.err(diags, "gantry::eval::index", "Attempt to index null value", "This value is null, so it does not have any indices.".into(), span),
            (other, _) => self.err(diags, "gantry::eval::index", "Invalid index", format!("This value does not have any indices ({}).", other.type_name()), span),
        }
    }
}

/// Why two result types do not unify, in Terraform's words: the first
/// attribute one object has and the other lacks, or both types' names.
fn inconsistency(t: &Type, f: &Type) -> String {
    format!("{}.", mismatch(t, f))
}

/// HCL's description of two result types that do not unify: the first
/// differing attribute or element of structures, by name or index, then
/// the types' names.
fn mismatch(t: &Type, f: &Type) -> String {
    match (t, f) {
        (Type::Object(ta, _), Type::Object(fa, _)) => {
            for (k, tt) in ta {
                match fa.get(k) {
                    None => return format!("The 'true' value includes object attribute \"{k}\", which is absent in the 'false' value"),
                    Some(ft) if ft != tt => {
                        return format!("Type mismatch for object attribute \"{k}\": {}", mismatch(tt, ft))
                    }
                    Some(_) => {}
                }
            }
            if let Some(k) = fa.keys().find(|k| !ta.contains_key(*k)) {
                return format!("The 'false' value includes object attribute \"{k}\", which is absent in the 'true' value");
            }
        }
        (Type::Tuple(te), Type::Tuple(fe)) => {
            if te.len() != fe.len() {
                return format!(
                    "The 'true' tuple has length {}, but the 'false' tuple has length {}",
                    te.len(),
                    fe.len()
                );
            }
            if let Some((i, (tt, ft))) = te.iter().zip(fe).enumerate().find(|(_, (a, b))| a != b) {
                return format!("Type mismatch for tuple element {i}: {}", mismatch(tt, ft));
            }
        }
        (Type::List(te), Type::List(fe))
        | (Type::Set(te), Type::Set(fe))
        | (Type::Map(te), Type::Map(fe))
            if matches!(
                (&**te, &**fe),
                (Type::Object(..), Type::Object(..)) | (Type::Tuple(_), Type::Tuple(_))
            ) =>
        {
            let noun = match t {
                Type::List(_) => "list",
                Type::Set(_) => "set",
                _ => "map",
            };
            return format!("Mismatched {noun} element types: {}", mismatch(te, fe));
        }
        _ => {}
    }
    let (tn, fnm) = (t.friendly_name(), f.friendly_name());
    if tn == fnm {
        return "At least one deeply-nested attribute or element is not compatible across both the 'true' and the 'false' value".into();
    }
    format!("The 'true' value is {tn}, but the 'false' value is {fnm}")
}

/// A number literal as cty parses it: its source text at 512 bits (the
/// parser's own value is a float64). hcl-edit reads `-1` as one literal;
/// Terraform negates the literal, so `-0` is negative zero.
pub(crate) fn literal_number(n: &hcl_edit::repr::Formatted<hcl_edit::Number>) -> Number {
    let parsed = n.as_repr().and_then(|repr| {
        let text: &str = repr;
        match text.strip_prefix('-') {
            Some(rest) => Number::parse(rest.trim_start()).map(|n| n.neg()),
            None => Number::parse(text),
        }
    });
    parsed
        .or_else(|| n.value().as_f64().and_then(Number::from_f64))
        .unwrap_or_else(Number::zero)
}
