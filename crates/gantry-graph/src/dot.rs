//! Graphviz DOT output for `gantry graph`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use gantry_addrs::{ConfigResource, ModulePath};
use gantry_config::model::Module;

use gantry_addrs::Declaration;

use crate::{Graph, ModuleGraphs, Reach};

/// Which graph to draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DotStyle {
    /// Resources only, of every module, with edges through locals,
    /// variables and module boundaries collapsed and implied edges left
    /// out; a module's resources in a cluster (what `terraform graph` draws
    /// by default).
    Resources,
    /// Every node, each edge labelled with the argument behind it
    /// (`-type=plan`).
    Plan,
}

const HEADER: &str =
    "digraph G {\n  rankdir = \"RL\";\n  node [shape = rect, fontname = \"sans-serif\"];\n";

/// DOT text of `module` (whose graph is `g`): stable order, quoted ids,
/// one node or edge per line. `in_state` are the resources the state
/// holds: those the configuration no longer declares are drawn too, as
/// Terraform draws them (they are what a plan would destroy).
pub fn to_dot(
    module: &Module,
    g: &Graph,
    style: DotStyle,
    in_state: &BTreeSet<ConfigResource>,
) -> String {
    match style {
        DotStyle::Resources => resources_dot(module, g, in_state),
        DotStyle::Plan => plan_dot(g),
    }
}

/// Terraform's resource graph: the root module's resources, then one
/// cluster per module; an edge for each dependency no longer path already
/// implies.
fn resources_dot(module: &Module, g: &Graph, in_state: &BTreeSet<ConfigResource>) -> String {
    let graphs = ModuleGraphs::new(module, g);
    let mut modules: Vec<&Module> = vec![module];
    modules.extend(module.descendants());
    let mut direct: BTreeMap<ConfigResource, BTreeSet<ConfigResource>> = BTreeMap::new();
    for m in &modules {
        for r in &m.resources {
            let node = ConfigResource {
                module: m.path.clone(),
                resource: r.addr(),
            };
            let deps =
                graphs.dependencies(&m.path, &Declaration::Resource(r.addr()), Reach::Direct);
            direct.insert(node, deps);
        }
    }
    for orphan in in_state {
        direct.entry(orphan.clone()).or_default();
    }
    let mut paths: Vec<ModulePath> = direct.keys().map(|n| n.module.clone()).collect();
    paths.push(ModulePath::root());
    // Terraform orders clusters by their address text.
    paths.sort_by_cached_key(|p| p.to_string());
    paths.dedup();
    let mut out = String::from(HEADER);
    let mut order: Vec<ConfigResource> = Vec::new();
    for path in &paths {
        let mut nodes: Vec<&ConfigResource> = direct.keys().filter(|n| n.module == *path).collect();
        nodes.sort_by_cached_key(|n| n.to_string());
        let indent = if path.is_root() { "  " } else { "    " };
        if !path.is_root() {
            let name = path.to_string();
            let _ = writeln!(
                out,
                "  subgraph \"cluster_{0}\" {{\n    label = \"{0}\"\n    fontname = \"sans-serif\"",
                escape(&name)
            );
        }
        for n in nodes {
            let _ = writeln!(
                out,
                "{indent}\"{}\" [label=\"{}\"];",
                escape(&n.to_string()),
                escape(&n.resource.to_string())
            );
            order.push(n.clone());
        }
        if !path.is_root() {
            out.push_str("  }\n");
        }
    }
    for from in &order {
        let mut targets: Vec<&ConfigResource> = direct[from]
            .iter()
            .filter(|to| !implied(&direct, from, to))
            .collect();
        targets.sort_by_cached_key(|t| t.to_string());
        for to in targets {
            let _ = writeln!(
                out,
                "  \"{}\" -> \"{}\";",
                escape(&from.to_string()),
                escape(&to.to_string())
            );
        }
    }
    out.push_str("}\n");
    out
}

/// Whether `from` reaches `to` through another of its dependencies (the
/// edge is then left out, as a transitive reduction leaves it out).
fn implied(
    direct: &BTreeMap<ConfigResource, BTreeSet<ConfigResource>>,
    from: &ConfigResource,
    to: &ConfigResource,
) -> bool {
    let mut stack: Vec<&ConfigResource> = direct[from].iter().filter(|d| *d != to).collect();
    let mut seen: BTreeSet<&ConfigResource> = BTreeSet::new();
    while let Some(n) = stack.pop() {
        if n == to {
            return true;
        }
        if !seen.insert(n) {
            continue;
        }
        if let Some(next) = direct.get(n) {
            stack.extend(next.iter());
        }
    }
    false
}

/// Every node of the root module, each edge labelled with the argument
/// behind it.
fn plan_dot(g: &Graph) -> String {
    let mut out = String::from(HEADER);
    let mut nodes: Vec<_> = g.graph.node_weights().collect();
    nodes.sort_by(|a, b| a.address.cmp(&b.address));
    for n in &nodes {
        let shape = match n.address {
            Declaration::Resource(_) => "",
            Declaration::Variable(_) | Declaration::Local(_) => ", shape = \"note\"",
            Declaration::Output(_) => ", shape = \"oval\"",
            Declaration::Call(_) => ", shape = \"box3d\"",
        };
        let name = escape(&n.address.to_string());
        let _ = writeln!(out, "  \"{name}\" [label=\"{name}\"{shape}];");
    }
    let mut edges = BTreeSet::new();
    for n in &nodes {
        for (t, e) in g.edges_from(&n.address) {
            edges.insert((n.address.clone(), t.address.clone(), e.attribute.clone()));
        }
    }
    for (from, to, label) in edges {
        let _ = writeln!(
            out,
            "  \"{}\" -> \"{}\" [label=\"{}\"];",
            escape(&from.to_string()),
            escape(&to.to_string()),
            escape(&label)
        );
    }
    out.push_str("}\n");
    out
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
