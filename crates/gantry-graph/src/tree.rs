//! The graphs of every module of a configuration together: the order of a
//! module's calls, and what a resource depends on across module
//! boundaries (into a called module's outputs, out through its input
//! variables to what the caller passes).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use gantry_addrs::{ConfigResource, Declaration, ModulePath};
use gantry_config::model::{Module, ModuleCall};
use gantry_diagnostics::Diagnostics;

use crate::{call_of, Graph};

/// The dependency graph of every module of the configuration.
pub struct ModuleGraphs<'g> {
    root: &'g Graph,
    children: BTreeMap<ModulePath, Graph>,
    /// The order of the graph of the whole configuration, built when first
    /// asked for (see [`ModuleGraphs::walk_order`]).
    order: std::sync::OnceLock<crate::WalkOrder>,
}

/// How far [`ModuleGraphs::dependencies`] follows references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// To the first resource on each path (what a graph draws as edges).
    Direct,
    /// On through what those resources depend on (what state records).
    Transitive,
}

impl<'g> ModuleGraphs<'g> {
    /// `root`'s graph as given, and one built for every module it calls
    /// (their problems were reported by validation).
    pub fn new(root_module: &Module, root: &'g Graph) -> ModuleGraphs<'g> {
        ModuleGraphs::with_cycles(root_module, root).0
    }

    /// [`ModuleGraphs::new`], with the cycles found in the called modules'
    /// graphs: once per directory (a module called twice has one set of
    /// files).
    pub fn with_cycles(root_module: &Module, root: &'g Graph) -> (ModuleGraphs<'g>, Diagnostics) {
        let mut cycles = Diagnostics::new();
        let mut dirs = BTreeSet::new();
        let mut children = BTreeMap::new();
        for m in root_module.descendants() {
            let (graph, found) = crate::build(m);
            if dirs.insert(&m.dir) {
                cycles.extend(found);
            }
            children.insert(m.path.clone(), graph);
        }
        let graphs = ModuleGraphs {
            root,
            children,
            order: std::sync::OnceLock::new(),
        };
        (graphs, cycles)
    }

    /// The root module's path and every called module's, callers first.
    pub fn paths(&self) -> Vec<ModulePath> {
        std::iter::once(ModulePath::root())
            .chain(self.children.keys().cloned())
            .collect()
    }

    /// Every declaration of every module, each after everything it
    /// depends on across module boundaries (a call's expansion before
    /// anything in the called module, an input variable after what the
    /// caller passes for it, an output before what reads it), or the loop
    /// that prevents such an order.
    pub fn walk_order(&self) -> &crate::WalkOrder {
        self.order.get_or_init(|| crate::whole::walk_order(self))
    }

    /// The root module's graph.
    pub fn root(&self) -> &'g Graph {
        self.root
    }

    pub fn get(&self, path: &ModulePath) -> Option<&Graph> {
        if path.is_root() {
            Some(self.root)
        } else {
            self.children.get(path)
        }
    }

    /// The calls of `module` in an order where each comes after the calls
    /// its inputs refer to; declaration order where the graph has a loop.
    pub fn call_order<'m>(&self, module: &'m Module) -> Vec<&'m ModuleCall> {
        let ordered = self
            .get(&module.path)
            .and_then(|g| g.dependency_order())
            .map(|order| {
                order
                    .into_iter()
                    .filter_map(|n| call_of(module, n))
                    .collect::<Vec<_>>()
            });
        match ordered {
            Some(calls) if calls.len() == module.calls.len() => calls,
            _ => module.calls.values().collect(),
        }
    }

    /// The resources of the configuration that `address` (a node of the
    /// module at `path`) depends on, following references through locals,
    /// into a module's outputs (the one referenced, or all of them for a
    /// reference to the whole call) and out through its input variables to
    /// what the caller passes; what a call waits for (`count`, `for_each`,
    /// `depends_on`) everything in the called module waits for too. As
    /// Terraform records `dependencies` (with [`Reach::Transitive`]):
    /// resources of the configuration, without instance keys.
    pub fn dependencies(
        &self,
        path: &ModulePath,
        address: &Declaration,
        reach: Reach,
    ) -> BTreeSet<ConfigResource> {
        let mut out = BTreeSet::new();
        let mut seen: BTreeSet<Hop> = BTreeSet::new();
        let mut queue: VecDeque<Hop> = VecDeque::new();
        self.push_edges(path, address, None, &mut queue);
        let mut inner = path.clone();
        while let Some((parent, call)) = inner.split_last() {
            queue.push_back(Hop::Waits(parent.clone(), call.to_string()));
            inner = parent;
        }
        while let Some(hop) = queue.pop_front() {
            if !seen.insert(hop.clone()) {
                continue;
            }
            let (at, node) = match hop {
                Hop::Waits(at, call) => {
                    self.push_edges(&at, &Declaration::call(&call), Some(""), &mut queue);
                    continue;
                }
                Hop::Node(at, node) => (at, node),
            };
            if self.get(&at).and_then(|g| g.node(&node)).is_none() {
                continue;
            }
            match &node {
                Declaration::Resource(resource) => {
                    out.insert(ConfigResource {
                        module: at.clone(),
                        resource: resource.clone(),
                    });
                    if reach == Reach::Transitive {
                        self.push_edges(&at, &node, None, &mut queue);
                    }
                }
                Declaration::Variable(v) => {
                    // Out to the caller: what it passes for this variable,
                    // and what the call itself waits for.
                    let Some((parent, call)) = at.split_last() else {
                        continue;
                    };
                    let call = Declaration::call(call);
                    self.push_edges(&parent, &call, Some(&v.name), &mut queue);
                }
                Declaration::Call(call) => {
                    // Into the called module: what its outputs refer to.
                    let child = at.child(&call.name);
                    if let Some(g) = self.get(&child) {
                        for o in g
                            .graph
                            .node_weights()
                            .filter(|n| matches!(n.address, Declaration::Output(_)))
                        {
                            queue.push_back(Hop::Node(child.clone(), o.address.clone()));
                        }
                    }
                    queue.push_back(Hop::Waits(at.clone(), call.name.clone()));
                }
                Declaration::Local(_) | Declaration::Output(_) => {
                    self.push_edges(&at, &node, None, &mut queue);
                }
            }
        }
        out
    }

    /// [`ModuleGraphs::dependencies`] as state records them, in the order
    /// of their text (as Terraform sorts them). Direct ones only, where
    /// Terraform records every ancestor: a chain of n resources would
    /// record n²/2 names (a 5,000-resource chain, 300 MB of state) where
    /// the direct ones order applies and destroys just as well; Terraform
    /// reads either and writes its own on its next apply.
    pub fn dependency_list(&self, path: &ModulePath, address: &Declaration) -> Vec<ConfigResource> {
        let mut list: Vec<(String, ConfigResource)> = self
            .dependencies(path, address, Reach::Direct)
            .into_iter()
            .map(|r| (r.to_string(), r))
            .collect();
        list.sort();
        list.into_iter().map(|(_, r)| r).collect()
    }

    /// Queues the targets of `address`'s edges. For a call, `input` picks
    /// the edges of one input variable plus those every instance waits for
    /// (`count`, `for_each`, `depends_on`); `Some("")` only the latter. A
    /// reference to one output of a call leads to that output and what the
    /// call waits for.
    fn push_edges(
        &self,
        at: &ModulePath,
        address: &Declaration,
        input: Option<&str>,
        queue: &mut VecDeque<Hop>,
    ) {
        let Some(g) = self.get(at) else { return };
        for (target, edge) in g.edges_from(address) {
            let wanted = match input {
                None => true,
                Some(name) => {
                    edge.attribute == name
                        || matches!(edge.attribute.as_str(), "count" | "for_each" | "depends_on")
                }
            };
            if !wanted {
                continue;
            }
            match (&target.address, &edge.output) {
                (Declaration::Call(call), Some(output)) => {
                    let child = at.child(&call.name);
                    queue.push_back(Hop::Node(child, Declaration::output(output)));
                    queue.push_back(Hop::Waits(at.clone(), call.name.clone()));
                }
                _ => queue.push_back(Hop::Node(at.clone(), target.address.clone())),
            }
        }
    }
}

/// A step of [`ModuleGraphs::dependencies`]' search.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Hop {
    /// A declaration of the module at this path.
    Node(ModulePath, Declaration),
    /// What every instance of the call (in the module at this path) waits
    /// for: its `count`, `for_each` and `depends_on`.
    Waits(ModulePath, String),
}
