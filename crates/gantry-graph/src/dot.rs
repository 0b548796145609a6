//! Graphviz DOT output for `gantry graph`.

use std::collections::BTreeSet;
use std::fmt::Write;

use crate::{Graph, NodeKind};

/// Which graph to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DotStyle {
    /// Resources only, with edges through locals and variables collapsed
    /// (what `terraform graph` draws by default).
    Resources,
    /// Every node, each edge labelled with the argument behind it
    /// (`-type=plan`).
    Plan,
}

/// DOT text: stable order, quoted ids, one node or edge per line.
pub fn to_dot(g: &Graph, style: DotStyle) -> String {
    let mut out = String::from(
        "digraph G {\n  rankdir = \"RL\";\n  node [shape = rect, fontname = \"sans-serif\"];\n",
    );
    let mut nodes: Vec<_> = g
        .graph
        .node_weights()
        .filter(|n| style == DotStyle::Plan || matches!(n.kind, NodeKind::Resource { .. }))
        .collect();
    nodes.sort_by(|a, b| a.address.cmp(&b.address));
    for n in &nodes {
        let shape = match n.kind {
            NodeKind::Resource { .. } => "",
            NodeKind::Variable | NodeKind::Local => ", shape = \"note\"",
            NodeKind::Output => ", shape = \"oval\"",
        };
        let _ = writeln!(out, "  \"{0}\" [label=\"{0}\"{shape}];", escape(&n.address));
    }
    let mut edges = BTreeSet::new();
    for n in &nodes {
        match style {
            DotStyle::Resources => {
                for d in g.resource_dependencies(&n.address) {
                    edges.insert((n.address.clone(), d.address, String::new()));
                }
            }
            DotStyle::Plan => {
                for (t, e) in g.edges_from(&n.address) {
                    edges.insert((n.address.clone(), t.address.clone(), e.attribute.clone()));
                }
            }
        }
    }
    for (from, to, label) in edges {
        if label.is_empty() {
            let _ = writeln!(out, "  \"{}\" -> \"{}\";", escape(&from), escape(&to));
        } else {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\" [label=\"{}\"];",
                escape(&from),
                escape(&to),
                escape(&label)
            );
        }
    }
    out.push_str("}\n");
    out
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
