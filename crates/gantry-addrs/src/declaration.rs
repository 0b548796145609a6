//! What a block declares in one module, without instance keys: the nodes
//! of a module's dependency graph (Terraform's graph vertices name the
//! same things).

use std::fmt;

use crate::module::ModulePath;
use crate::resource::Resource;
use crate::values::{LocalValue, OutputValue, Variable};

/// `module.NAME`: a `module` block, all of its instances.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleCall {
    pub name: String,
}

impl ModuleCall {
    pub fn new(name: &str) -> ModuleCall {
        ModuleCall {
            name: name.to_string(),
        }
    }
}

impl fmt::Display for ModuleCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "module.{}", self.name)
    }
}

/// A resource, input variable, local, output or module call of a module.
/// Ordered as its text is (`aws_x.n` < `data.aws_x.n` < `local.l` <
/// `module.m` < `output.o` < `var.v`), the order diagnostics name them in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Declaration {
    Resource(Resource),
    Variable(Variable),
    Local(LocalValue),
    Output(OutputValue),
    Call(ModuleCall),
}

impl Declaration {
    pub fn variable(name: &str) -> Declaration {
        Declaration::Variable(Variable {
            name: name.to_string(),
        })
    }

    pub fn local(name: &str) -> Declaration {
        Declaration::Local(LocalValue {
            name: name.to_string(),
        })
    }

    pub fn output(name: &str) -> Declaration {
        Declaration::Output(OutputValue {
            name: name.to_string(),
        })
    }

    pub fn call(name: &str) -> Declaration {
        Declaration::Call(ModuleCall::new(name))
    }

    /// The declaration's argument `name`, as a cycle names a hop:
    /// `aws_x.n.rest_api_id`, `output.url.value`.
    pub fn argument(&self, name: &str) -> String {
        format!("{self}.{name}")
    }

    /// The module this declaration's call leads into, from `at`.
    pub fn called_module(&self, at: &ModulePath) -> Option<ModulePath> {
        match self {
            Declaration::Call(c) => Some(at.child(&c.name)),
            _ => None,
        }
    }
}

/// A declaration of one module of the configuration (no instance keys):
/// a node of the graph of the whole configuration, where a loop through a
/// module call is named hop by hop (`module.api.var.stage`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConfigDeclaration {
    pub module: ModulePath,
    pub declaration: Declaration,
}

impl ConfigDeclaration {
    pub fn new(module: ModulePath, declaration: Declaration) -> ConfigDeclaration {
        ConfigDeclaration {
            module,
            declaration,
        }
    }
}

impl fmt::Display for ConfigDeclaration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "{}", self.declaration)
    }
}

impl fmt::Display for Declaration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Declaration::Resource(r) => write!(f, "{r}"),
            Declaration::Variable(v) => write!(f, "{v}"),
            Declaration::Local(l) => write!(f, "{l}"),
            Declaration::Output(o) => write!(f, "{o}"),
            Declaration::Call(c) => write!(f, "{c}"),
        }
    }
}

impl PartialOrd for Declaration {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Declaration {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Compared piece by piece, without writing the text out; a
        // resource type named like a keyword (`var`) stays apart from it.
        fn text(d: &Declaration) -> impl Iterator<Item = u8> + '_ {
            d.pieces().into_iter().flat_map(str::bytes)
        }
        text(self)
            .cmp(text(other))
            .then_with(|| self.rank().cmp(&other.rank()))
    }
}

impl Declaration {
    fn rank(&self) -> u8 {
        match self {
            Declaration::Resource(_) => 0,
            Declaration::Variable(_) => 1,
            Declaration::Local(_) => 2,
            Declaration::Output(_) => 3,
            Declaration::Call(_) => 4,
        }
    }

    /// The text, in pieces.
    fn pieces(&self) -> [&str; 4] {
        match self {
            Declaration::Resource(r) if r.mode == crate::Mode::Data => {
                ["data.", &r.type_name, ".", &r.name]
            }
            Declaration::Resource(r) => [&r.type_name, ".", &r.name, ""],
            Declaration::Variable(v) => ["var.", &v.name, "", ""],
            Declaration::Local(l) => ["local.", &l.name, "", ""],
            Declaration::Output(o) => ["output.", &o.name, "", ""],
            Declaration::Call(c) => ["module.", &c.name, "", ""],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_display_and_order_by_their_text() {
        let mut all = [
            Declaration::variable("v"),
            Declaration::output("o"),
            Declaration::call("m"),
            Declaration::local("l"),
            Declaration::Resource(Resource::data("aws_x", "n")),
            Declaration::Resource(Resource::managed("aws_x", "n")),
        ];
        all.sort();
        let text: Vec<String> = all.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "aws_x.n",
                "data.aws_x.n",
                "local.l",
                "module.m",
                "output.o",
                "var.v"
            ]
        );
        assert_eq!(
            Declaration::output("url").argument("value"),
            "output.url.value"
        );
        assert_eq!(
            Declaration::call("api").called_module(&ModulePath::root()),
            Some(ModulePath::root().child("api"))
        );
    }

    #[test]
    fn configuration_declarations_name_their_module() {
        let inner = ModulePath::root().child("api").child("route");
        assert_eq!(
            ConfigDeclaration::new(inner, Declaration::variable("path")).to_string(),
            "module.api.module.route.var.path"
        );
        assert_eq!(
            ConfigDeclaration::new(ModulePath::root(), Declaration::output("url")).to_string(),
            "output.url"
        );
    }
}
