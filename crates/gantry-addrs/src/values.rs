//! Named values of a module: outputs, input variables, locals.

use std::fmt;

use crate::module::ModuleInstance;

/// `output.NAME` inside a module.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutputValue {
    pub name: String,
}

impl fmt::Display for OutputValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "output.{}", self.name)
    }
}

/// An output of a module instance: `output.url`, `module.api["dev"].output.url`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbsOutput {
    pub module: ModuleInstance,
    pub output: OutputValue,
}

impl fmt::Display for AbsOutput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "{}", self.output)
    }
}

/// `var.NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Variable {
    pub name: String,
}

impl fmt::Display for Variable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "var.{}", self.name)
    }
}

/// `local.NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalValue {
    pub name: String,
}

impl fmt::Display for LocalValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "local.{}", self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_values_display_as_terraform() {
        let url = OutputValue { name: "url".into() };
        assert_eq!(url.to_string(), "output.url");
        let module = ModuleInstance::root().child("api", Some("dev".into()));
        assert_eq!(
            AbsOutput {
                module,
                output: url
            }
            .to_string(),
            r#"module.api["dev"].output.url"#
        );
        assert_eq!(Variable { name: "x".into() }.to_string(), "var.x");
        assert_eq!(LocalValue { name: "y".into() }.to_string(), "local.y");
    }
}
