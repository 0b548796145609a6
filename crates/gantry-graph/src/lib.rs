//! The dependency graph of one module.
//!
//! Nodes are resources (managed and data), input variables, locals and
//! outputs. An edge runs from a dependent to what it depends on and keeps
//! the argument that holds the reference and where it is written, so a
//! cycle can name every hop and a plan can say *why* a change spreads
//! ("`rest_api_id` refers to `aws_api_gateway_rest_api.api`").

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use gantry_addrs::Declaration;
use gantry_config::memo::ResourceMemo;
use gantry_config::model::{Body, DependsOn, Expr, Module, Resource};
use gantry_config::references;
use gantry_diagnostics::{Diagnostic, Diagnostics, Span, Spanned};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

mod check;
mod dot;
mod tree;
mod whole;

pub use check::{check, check_remembering, CheckMemo, Checked};
pub use dot::{to_dot, DotStyle};
pub use tree::{ModuleGraphs, Reach};
pub use whole::{Loop, WalkOrder};

/// A resource (managed or data), variable, local, output or module call.
/// A call's inputs, `count`, `for_each` and `depends_on` lead out of it;
/// references to the call or its outputs lead to it. Planning treats the
/// whole call as one step of its module's order.
#[derive(Debug, Clone)]
pub struct Node {
    pub address: Declaration,
    /// The block's name label (resources) or name (others).
    pub span: Span,
}

impl Node {
    /// A resource or a module call: what planning walks.
    pub fn is_planned(&self) -> bool {
        matches!(
            self.address,
            Declaration::Resource(_) | Declaration::Call(_)
        )
    }
}

/// Why a dependent depends on its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    /// The argument of the dependent holding the reference: `rest_api_id`,
    /// `endpoint_configuration` (a nested block), `count`, `for_each`,
    /// `depends_on`, or `value` for locals and outputs.
    pub attribute: String,
    /// The reference as written.
    pub span: Span,
    /// For a reference to one output of a module call
    /// (`module.api.url`), the output's name: the graph of the whole
    /// configuration follows it to that output alone.
    pub output: Option<String>,
}

/// A resource another resource depends on, possibly through locals or
/// variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    /// A resource or a module call.
    pub address: Declaration,
    /// The dependent's argument where the chain starts.
    pub attribute: String,
    /// Locals and variables in between, in order.
    pub via: Vec<Declaration>,
}

#[derive(Debug, Default)]
pub struct Graph {
    pub graph: DiGraph<Node, Edge>,
    index: HashMap<Declaration, NodeIndex>,
}

impl Graph {
    pub fn node(&self, address: &Declaration) -> Option<&Node> {
        self.index.get(address).map(|&i| &self.graph[i])
    }

    /// Every node, ordered so that each comes after everything it depends
    /// on; `None` when there is a cycle (reported by [`build`]).
    pub fn dependency_order(&self) -> Option<Vec<&Node>> {
        let order = petgraph::algo::toposort(&self.graph, None).ok()?;
        Some(order.into_iter().rev().map(|i| &self.graph[i]).collect())
    }

    /// Direct edges out of `address`: what it refers to, and why.
    pub fn edges_from(&self, address: &Declaration) -> Vec<(&Node, &Edge)> {
        let Some(&i) = self.index.get(address) else {
            return Vec::new();
        };
        let mut out: Vec<(&Node, &Edge)> = self
            .graph
            .edges_directed(i, Direction::Outgoing)
            .map(|e| (&self.graph[e.target()], e.weight()))
            .collect();
        out.sort_by(|a, b| (&a.0.address, &a.1.attribute).cmp(&(&b.0.address, &b.1.attribute)));
        out
    }

    /// The resources and module calls `address` depends on, looking
    /// through locals and variables, each with the argument that starts
    /// the chain. Sorted by address, then argument.
    pub fn resource_dependencies(&self, address: &Declaration) -> Vec<Dependency> {
        let mut found: BTreeMap<(Declaration, String), Vec<Declaration>> = BTreeMap::new();
        for (target, edge) in self.edges_from(address) {
            let mut queue = VecDeque::from([(target, Vec::new())]);
            let mut seen = BTreeSet::new();
            while let Some((node, via)) = queue.pop_front() {
                if !seen.insert(&node.address) {
                    continue;
                }
                if node.is_planned() {
                    found
                        .entry((node.address.clone(), edge.attribute.clone()))
                        .or_insert(via);
                    continue;
                }
                for (next, _) in self.edges_from(&node.address) {
                    let mut v = via.clone();
                    v.push(node.address.clone());
                    queue.push_back((next, v));
                }
            }
        }
        found
            .into_iter()
            .map(|((address, attribute), via)| Dependency {
                address,
                attribute,
                via,
            })
            .collect()
    }

    fn add_node(&mut self, address: Declaration, span: Span) {
        let i = self.graph.add_node(Node {
            address: address.clone(),
            span,
        });
        self.index.insert(address, i);
    }

    fn add_edges(&mut self, from: &Declaration, edges: impl IntoIterator<Item = OutEdge>) {
        let Some(&a) = self.index.get(from) else {
            return;
        };
        for OutEdge { to, edge } in edges {
            let Some(&b) = self.index.get(&to) else {
                continue;
            };
            let duplicate = self.graph.edges_connecting(a, b).any(|e| {
                e.weight().attribute == edge.attribute && e.weight().output == edge.output
            });
            if !duplicate {
                self.graph.add_edge(a, b, edge);
            }
        }
    }
}

/// Builds the graph of `module`. References to undeclared objects are left
/// out (validation reports them); cycles through a resource or an output
/// become diagnostics naming every hop. Cycles among locals alone are
/// reported by the evaluator.
pub fn build(module: &Module) -> (Graph, Diagnostics) {
    build_remembering(module, None)
}

/// What one block refers to: an edge of the graph before its nodes exist.
#[derive(Debug, Clone)]
pub struct OutEdge {
    to: Declaration,
    edge: Edge,
}

impl Spanned for OutEdge {
    fn each_span(&mut self, f: &mut dyn FnMut(&mut Span)) {
        f(&mut self.edge.span);
    }
}

/// [`build`], taking what each resource block refers to from `memo` where
/// the block's text and its module's context did not change since the
/// build that put it there. The graph is the one [`build`] gives. The
/// memo comes with the fingerprint of the module's context
/// ([`memo::context`]), which a check computes once for all its memos.
pub fn build_remembering(
    module: &Module,
    memo: Option<(&mut ResourceMemo<Vec<OutEdge>>, u64)>,
) -> (Graph, Diagnostics) {
    let mut memo = memo.map(|(m, context)| {
        m.begin(context);
        m
    });
    let mut g = Graph::default();
    for v in module.variables.values() {
        g.add_node(Declaration::variable(&v.name), v.name_span);
    }
    for l in module.locals.values() {
        g.add_node(Declaration::local(&l.name), l.name_span);
    }
    for r in &module.resources {
        g.add_node(Declaration::Resource(r.addr()), r.name_span);
    }
    for o in module.outputs.values() {
        g.add_node(Declaration::output(&o.name), o.name_span);
    }
    for c in module.calls.values() {
        g.add_node(Declaration::call(&c.name), c.name_span);
    }

    let mut out = Vec::new();
    for l in module.locals.values() {
        add_references(&mut out, module, "value", &l.value);
        g.add_edges(&Declaration::local(&l.name), out.drain(..));
    }
    for o in module.outputs.values() {
        if let Some(v) = &o.value {
            add_references(&mut out, module, "value", v);
        }
        add_depends_on(&mut out, &o.depends_on);
        g.add_edges(&Declaration::output(&o.name), out.drain(..));
    }
    for r in &module.resources {
        let from = Declaration::Resource(r.addr());
        match memo.as_deref_mut() {
            Some(m) => {
                let edges = m.get(module, r, || resource_edges(module, r));
                g.add_edges(&from, edges);
            }
            None => g.add_edges(&from, resource_edges(module, r)),
        }
    }
    if let Some(m) = memo {
        m.end();
    }
    for c in module.calls.values() {
        if let Some(e) = &c.count {
            add_references(&mut out, module, "count", e);
        }
        if let Some(e) = &c.for_each {
            add_references(&mut out, module, "for_each", e);
        }
        for input in &c.inputs {
            add_references(&mut out, module, &input.name, &input.value);
        }
        add_depends_on(&mut out, &c.depends_on);
        g.add_edges(&Declaration::call(&c.name), out.drain(..));
    }

    let diags = cycles(&g);
    (g, diags)
}

fn resource_edges(module: &Module, r: &Resource) -> Vec<OutEdge> {
    let mut out = Vec::new();
    if let Some(c) = &r.count {
        add_references(&mut out, module, "count", c);
    }
    if let Some(f) = &r.for_each {
        add_references(&mut out, module, "for_each", f);
    }
    add_body(&mut out, module, None, &r.body);
    add_depends_on(&mut out, &r.depends_on);
    out
}

fn add_body(out: &mut Vec<OutEdge>, module: &Module, block: Option<&str>, body: &Body) {
    for a in &body.attributes {
        let attribute = block.unwrap_or(&a.name);
        add_references(out, module, attribute, &a.value);
    }
    for b in &body.blocks {
        // A dependency from a nested block is attributed to the block, the
        // unit a plan shows.
        let attribute = block.unwrap_or(&b.kind);
        if let Some(d) = &b.dynamic {
            add_references(out, module, attribute, &d.for_each);
            if let Some(labels) = &d.labels {
                add_references(out, module, attribute, labels);
            }
        }
        add_body(out, module, Some(attribute), &b.body);
    }
}

fn add_references(out: &mut Vec<OutEdge>, module: &Module, attribute: &str, e: &Expr) {
    let (refs, _) = references::collect(module, e);
    for r in refs {
        let Some(to) = declaration(&r.subject) else {
            continue;
        };
        let output = match &r.subject {
            gantry_addrs::Referenceable::ModuleOutput { output, .. } => Some(output.clone()),
            _ => None,
        };
        out.push(OutEdge {
            to,
            edge: Edge {
                attribute: attribute.to_string(),
                span: r.span,
                output,
            },
        });
    }
}

/// The node a reference leads to: an instance, a call's instance or
/// output lead to the resource or the call.
pub fn declaration(subject: &gantry_addrs::Referenceable) -> Option<Declaration> {
    use gantry_addrs::Referenceable as R;
    Some(match subject {
        R::Resource(r) => Declaration::Resource(r.clone()),
        R::ResourceInstance(i) => Declaration::Resource(i.resource.clone()),
        R::Variable(v) => Declaration::Variable(v.clone()),
        R::Local(l) => Declaration::Local(l.clone()),
        R::ModuleCall { name, .. } => Declaration::call(name),
        R::ModuleOutput { call, .. } => Declaration::call(call),
        _ => return None,
    })
}

fn add_depends_on(out: &mut Vec<OutEdge>, list: &[DependsOn]) {
    for d in list {
        let Some(to) = declaration(&d.subject) else {
            continue;
        };
        out.push(OutEdge {
            to,
            edge: Edge {
                attribute: "depends_on".into(),
                span: d.span,
                output: None,
            },
        });
    }
}

/// The resource block `node` stands for in `module` (whose graph holds it).
pub fn resource_of<'m>(
    module: &'m Module,
    node: &Node,
) -> Option<&'m gantry_config::model::Resource> {
    let Declaration::Resource(addr) = &node.address else {
        return None;
    };
    module.resource(addr.mode, &addr.type_name, &addr.name)
}

/// The `module` block `node` stands for in `module` (whose graph holds it).
pub fn call_of<'m>(
    module: &'m Module,
    node: &Node,
) -> Option<&'m gantry_config::model::ModuleCall> {
    let Declaration::Call(call) = &node.address else {
        return None;
    };
    module.calls.get(&call.name)
}

/// One diagnostic per strongly connected component that involves a
/// resource or an output.
fn cycles(g: &Graph) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for scc in petgraph::algo::tarjan_scc(&g.graph) {
        let self_loop = scc.len() == 1 && g.graph.contains_edge(scc[0], scc[0]);
        if scc.len() < 2 && !self_loop {
            continue;
        }
        if !scc.iter().any(|&i| {
            matches!(
                g.graph[i].address,
                Declaration::Resource(_) | Declaration::Output(_)
            )
        }) {
            continue;
        }
        // A call stands for all of its outputs here; Terraform follows
        // each output on its own, so a loop through a call may be none.
        if scc
            .iter()
            .any(|&i| matches!(g.graph[i].address, Declaration::Call(_)))
        {
            continue;
        }
        let Some(&start) = scc.iter().min_by_key(|&&i| &g.graph[i].address) else {
            continue;
        };
        let hops = shortest_cycle(&g.graph, &scc, start, |n| &n.address);
        diags.push(cycle_diagnostic(g, &hops));
    }
    diags
}

/// The shortest path from `start` back to itself inside the strongly
/// connected component `scc`, as edges; where paths are as short, the one
/// whose targets come first by `key` (so a diagnostic names the same loop
/// every time).
pub(crate) fn shortest_cycle<'g, N, E, K: Ord>(
    graph: &'g DiGraph<N, E>,
    scc: &[NodeIndex],
    start: NodeIndex,
    key: impl Fn(&'g N) -> K,
) -> Vec<petgraph::graph::EdgeIndex> {
    let inside: BTreeSet<NodeIndex> = scc.iter().copied().collect();
    let mut prev: HashMap<NodeIndex, petgraph::graph::EdgeIndex> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut edges: Vec<_> = graph.edges_directed(n, Direction::Outgoing).collect();
        edges.sort_by_key(|e| key(&graph[e.target()]));
        for e in edges {
            let t = e.target();
            if !inside.contains(&t) {
                continue;
            }
            if t == start {
                let mut path = vec![e.id()];
                let mut cur = n;
                while cur != start {
                    let pe = prev[&cur];
                    path.push(pe);
                    cur = graph.edge_endpoints(pe).map_or(start, |(s, _)| s);
                }
                path.reverse();
                return path;
            }
            if let std::collections::hash_map::Entry::Vacant(v) = prev.entry(t) {
                v.insert(e.id());
                queue.push_back(t);
            }
        }
    }
    Vec::new()
}

fn cycle_diagnostic(g: &Graph, hops: &[petgraph::graph::EdgeIndex]) -> Diagnostic {
    let mut names = Vec::new();
    let mut lines = Vec::new();
    let mut first_span = None;
    let mut labels = Vec::new();
    for &e in hops {
        let Some((s, t)) = g.graph.edge_endpoints(e) else {
            continue;
        };
        let edge = &g.graph[e];
        let (from, to) = (&g.graph[s].address, &g.graph[t].address);
        if names.is_empty() {
            names.push(from.clone());
        }
        names.push(to.clone());
        lines.push(format!(
            "  {} refers to {to}",
            from.argument(&edge.attribute)
        ));
        if first_span.is_none() {
            first_span = Some(edge.span);
        } else {
            labels.push((edge.span, format!("{from} → {to}")));
        }
    }
    let chain = names
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" → ");
    let first_label = match (names.first(), names.get(1)) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => String::new(),
    };
    let summary = if hops.len() == 1 {
        format!("Self-referential block: {chain}")
    } else {
        format!("Cycle: {chain}")
    };
    let mut d = Diagnostic::error("gantry::graph::cycle", summary)
        .with_detail(format!(
            "These objects depend on each other in a loop, so none of them can be planned first:\n{}",
            lines.join("\n")
        ))
        .with_opt_span(first_span)
        .with_label(first_label)
        .with_help("remove one of these references, or move the shared value into a variable or local that does not depend on the others");
    for (span, label) in labels {
        d = d.with_extra_label(span, label);
    }
    d
}
