//! The graph of the whole configuration: every declaration of every module
//! its own node, as in Terraform's graph. A module call is split into its
//! parts: its expansion (`count`, `for_each`, `depends_on`), one node per
//! input variable of the called module (what the caller passes for it) and
//! one per output (what the caller reads), so a reference leads into a
//! call and back out through an output that does not depend on it without
//! forming a loop (a module that takes a REST API's execution ARN for its
//! Lambda permission and gives back the function's invoke ARN for the
//! API's integration).

use std::collections::HashMap;

use gantry_addrs::{ConfigDeclaration, Declaration, ModulePath};
use gantry_diagnostics::{Diagnostic, Span};
use petgraph::graph::{DiGraph, NodeIndex};

use crate::ModuleGraphs;

/// The order every declaration of the configuration can be evaluated in,
/// or the loop that prevents one.
pub type WalkOrder = Result<Vec<ConfigDeclaration>, Loop>;

/// Declarations that depend on each other in a loop across module
/// boundaries, each hop in order (the first is repeated at the end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    pub hops: Vec<ConfigDeclaration>,
    /// Where each hop's reference is written (`None` for the step from
    /// anything in a module to its call), one per pair of hops.
    pub references: Vec<Option<Span>>,
    /// Where the first declaration is declared.
    pub span: Option<Span>,
}

impl Loop {
    /// An error naming every hop of the loop.
    pub fn diagnostic(&self) -> Diagnostic {
        let chain = self
            .hops
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" → ");
        let mut labels = self
            .hops
            .windows(2)
            .zip(&self.references)
            .filter_map(|(pair, span)| {
                Some((span.as_ref()?, format!("{} → {}", pair[0], pair[1])))
            });
        let mut d =
            Diagnostic::error("gantry::graph::module-cycle", format!("Cycle: {chain}"))
                .with_detail(
                    "These declarations depend on each other in a loop that passes through a module call, so none of them can be evaluated first.",
                )
                .with_help("remove one of these references, or pass the value the module needs from something that does not depend on its outputs");
        d = match labels.next() {
            Some((span, label)) => d.with_span(*span).with_label(label),
            None => d.with_opt_span(self.span),
        };
        for (span, label) in labels {
            d = d.with_extra_label(*span, label);
        }
        d
    }
}

/// Builds the graph of the whole configuration from the graphs of its
/// modules and orders it.
pub(crate) fn walk_order(graphs: &ModuleGraphs) -> WalkOrder {
    let mut g = Whole::default();
    let paths = graphs.paths();
    for path in &paths {
        let Some(graph) = graphs.get(path) else {
            continue;
        };
        for n in graph.graph.node_weights() {
            g.add_node(
                ConfigDeclaration::new(path.clone(), n.address.clone()),
                n.span,
            );
        }
    }
    for path in &paths {
        let Some(graph) = graphs.get(path) else {
            continue;
        };
        for e in graph.graph.edge_indices() {
            let Some((s, t)) = graph.graph.edge_endpoints(e) else {
                continue;
            };
            let edge = &graph.graph[e];
            let from = g.source(path, &graph.graph[s].address, &edge.attribute);
            for to in g.targets(path, &graph.graph[t].address, edge.output.as_deref()) {
                g.add_edge(&from, &to, Some(edge.span));
            }
        }
        // Nothing in a module instance exists before its call is expanded.
        if let Some((parent, call)) = path.split_last() {
            let expansion = ConfigDeclaration::new(parent, Declaration::call(call));
            for n in graphs
                .get(path)
                .into_iter()
                .flat_map(|g| g.graph.node_weights())
            {
                let node = ConfigDeclaration::new(path.clone(), n.address.clone());
                g.add_edge(&node, &expansion, None);
            }
        }
    }
    match petgraph::algo::toposort(&g.graph, None) {
        Ok(order) => Ok(order
            .into_iter()
            .rev()
            .map(|i| g.graph[i].clone())
            .collect()),
        Err(_) => Err(g.find_loop()),
    }
}

#[derive(Default)]
struct Whole {
    /// Edges keep where the reference is written.
    graph: DiGraph<ConfigDeclaration, Option<Span>>,
    index: HashMap<ConfigDeclaration, NodeIndex>,
    spans: HashMap<NodeIndex, Span>,
    /// Each module's outputs, for references to a whole call.
    outputs: HashMap<ModulePath, Vec<ConfigDeclaration>>,
}

impl Whole {
    fn add_node(&mut self, node: ConfigDeclaration, span: Span) {
        if matches!(node.declaration, Declaration::Output(_)) {
            let outputs = self.outputs.entry(node.module.clone()).or_default();
            outputs.push(node.clone());
        }
        let i = self.graph.add_node(node.clone());
        self.index.insert(node, i);
        self.spans.insert(i, span);
    }

    fn has(&self, node: &ConfigDeclaration) -> bool {
        self.index.contains_key(node)
    }

    /// One edge per pair: the first reference found names it.
    fn add_edge(&mut self, from: &ConfigDeclaration, to: &ConfigDeclaration, span: Option<Span>) {
        if let (Some(&a), Some(&b)) = (self.index.get(from), self.index.get(to)) {
            if self.graph.find_edge(a, b).is_none() {
                self.graph.add_edge(a, b, span);
            }
        }
    }

    /// Where an edge of a module's graph starts: a call's input starts at
    /// the called module's variable it sets.
    fn source(&self, at: &ModulePath, from: &Declaration, attribute: &str) -> ConfigDeclaration {
        if let Declaration::Call(call) = from {
            if !matches!(attribute, "count" | "for_each" | "depends_on") {
                let variable =
                    ConfigDeclaration::new(at.child(&call.name), Declaration::variable(attribute));
                if self.has(&variable) {
                    return variable;
                }
            }
        }
        ConfigDeclaration::new(at.clone(), from.clone())
    }

    /// Where an edge of a module's graph leads: a reference to one output
    /// of a call to that output; one to the whole call (`module.api`,
    /// `depends_on`) to every output and the expansion.
    fn targets(
        &self,
        at: &ModulePath,
        to: &Declaration,
        output: Option<&str>,
    ) -> Vec<ConfigDeclaration> {
        let Declaration::Call(call) = to else {
            return vec![ConfigDeclaration::new(at.clone(), to.clone())];
        };
        let child = at.child(&call.name);
        if let Some(name) = output {
            let one = ConfigDeclaration::new(child.clone(), Declaration::output(name));
            if self.has(&one) {
                return vec![one];
            }
        }
        let mut all = self.outputs.get(&child).cloned().unwrap_or_default();
        all.push(ConfigDeclaration::new(at.clone(), to.clone()));
        all
    }

    /// The shortest loop through the least declaration of the first
    /// strongly connected component that has one.
    fn find_loop(&self) -> Loop {
        for scc in petgraph::algo::tarjan_scc(&self.graph) {
            let self_loop = scc.len() == 1 && self.graph.contains_edge(scc[0], scc[0]);
            if scc.len() < 2 && !self_loop {
                continue;
            }
            let Some(&start) = scc.iter().min_by_key(|&&i| &self.graph[i]) else {
                continue;
            };
            let edges = crate::shortest_cycle(&self.graph, &scc, start, |n| n);
            let targets = edges
                .iter()
                .filter_map(|&e| self.graph.edge_endpoints(e))
                .map(|(_, t)| self.graph[t].clone());
            return Loop {
                hops: std::iter::once(self.graph[start].clone())
                    .chain(targets)
                    .collect(),
                references: edges.iter().map(|&e| self.graph[e]).collect(),
                span: self.spans.get(&start).copied(),
            };
        }
        Loop {
            hops: Vec::new(),
            references: Vec::new(),
            span: None,
        }
    }
}
