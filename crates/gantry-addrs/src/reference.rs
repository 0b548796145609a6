//! What an expression's reference names (Terraform's `addrs.Referenceable`
//! and `addrs.ParseRef`): the subject a static traversal starts with, and
//! the steps left after it (`aws_x.n[0].id` → the instance `aws_x.n[0]`,
//! then `.id`).

use std::fmt;

use crate::key::InstanceKey;
use crate::parse::AddrError;
use crate::resource::{Mode, Resource, ResourceInstance};
use crate::values::{LocalValue, Variable};

/// One step of a static traversal after its root name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Step {
    Attr(String),
    Index(InstanceKey),
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::Attr(name) => write!(f, ".{name}"),
            Step::Index(key) => write!(f, "{key}"),
        }
    }
}

/// What a reference can name.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Referenceable {
    Resource(Resource),
    ResourceInstance(ResourceInstance),
    /// `module.NAME`, with the instance key when one is given.
    ModuleCall {
        name: String,
        key: Option<InstanceKey>,
    },
    /// `module.NAME.OUTPUT` or `module.NAME[KEY].OUTPUT`.
    ModuleOutput {
        call: String,
        key: Option<InstanceKey>,
        output: String,
    },
    Variable(Variable),
    Local(LocalValue),
    CountIndex,
    EachKey,
    EachValue,
    /// `path.module`, `path.root`, `path.cwd`.
    Path(String),
    /// `terraform.workspace`.
    Terraform(String),
    SelfObject,
}

impl fmt::Display for Referenceable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Referenceable::Resource(r) => write!(f, "{r}"),
            Referenceable::ResourceInstance(r) => write!(f, "{r}"),
            Referenceable::ModuleCall { name, key } => {
                write!(f, "module.{name}")?;
                key.iter().try_for_each(|k| write!(f, "{k}"))
            }
            Referenceable::ModuleOutput { call, key, output } => {
                write!(f, "module.{call}")?;
                key.iter().try_for_each(|k| write!(f, "{k}"))?;
                write!(f, ".{output}")
            }
            Referenceable::Variable(v) => write!(f, "{v}"),
            Referenceable::Local(l) => write!(f, "{l}"),
            Referenceable::CountIndex => f.write_str("count.index"),
            Referenceable::EachKey => f.write_str("each.key"),
            Referenceable::EachValue => f.write_str("each.value"),
            Referenceable::Path(p) => write!(f, "path.{p}"),
            Referenceable::Terraform(a) => write!(f, "terraform.{a}"),
            Referenceable::SelfObject => f.write_str("self"),
        }
    }
}

/// A reference: its subject and what it reads from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Ref {
    pub subject: Referenceable,
    pub remaining: Vec<Step>,
}

impl fmt::Display for Ref {
    /// `aws_x.n.id`, `module.api["dev"].url`: the subject and its steps.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.subject)?;
        self.remaining.iter().try_for_each(|s| write!(f, "{s}"))
    }
}

/// Terraform's `ParseRef` on the traversal `root` `steps…`. The errors are
/// Terraform's: a reference must say what it names in full.
pub fn reference(root: &str, steps: &[Step]) -> Result<Ref, AddrError> {
    let attr = |i: usize| match steps.get(i) {
        Some(Step::Attr(a)) => Some(a.clone()),
        _ => None,
    };
    let err = |message: String| Err(AddrError { message, at: 0 });
    let done = |subject: Referenceable, used: usize| {
        Ok(Ref {
            subject,
            remaining: steps[used.min(steps.len())..].to_vec(),
        })
    };
    match root {
        "var" | "local" | "path" | "terraform" | "count" | "each" => {
            let Some(name) = attr(0) else {
                let what = match root {
                    "var" => "an input variable name",
                    "local" => "a local value name",
                    _ => "an attribute name",
                };
                return err(format!(
                    "The \"{root}\" object cannot be accessed directly. Instead, access {what}."
                ));
            };
            let subject = match (root, name.as_str()) {
                ("var", _) => Referenceable::Variable(Variable { name }),
                ("local", _) => Referenceable::Local(LocalValue { name }),
                ("path", _) => Referenceable::Path(name),
                ("terraform", _) => Referenceable::Terraform(name),
                ("count", "index") => Referenceable::CountIndex,
                ("each", "key") => Referenceable::EachKey,
                ("each", "value") => Referenceable::EachValue,
                (_, other) => {
                    return err(format!(
                        "The \"{root}\" object does not have an attribute named \"{other}\"."
                    ))
                }
            };
            done(subject, 1)
        }
        "self" => done(Referenceable::SelfObject, 0),
        "module" => {
            let Some(name) = attr(0) else {
                return err("The \"module\" object cannot be accessed directly. Instead, access one of its attributes.".into());
            };
            let (key, next) = match steps.get(1) {
                Some(Step::Index(k)) => (Some(k.clone()), 2),
                _ => (None, 1),
            };
            match attr(next) {
                Some(output) => done(
                    Referenceable::ModuleOutput {
                        call: name,
                        key,
                        output,
                    },
                    next + 1,
                ),
                None => done(Referenceable::ModuleCall { name, key }, next),
            }
        }
        "data" => {
            let (Some(type_name), Some(name)) = (attr(0), attr(1)) else {
                return err("A reference to a data source must be followed by at least one attribute access, specifying the data source type and name.".into());
            };
            resource(Resource::new(Mode::Data, &type_name, &name), steps, 2)
        }
        type_name => {
            let Some(name) = attr(0) else {
                return err(format!(
                    "A reference to a resource type must be followed by at least one attribute access, specifying the resource name. ({type_name})"
                ));
            };
            resource(Resource::new(Mode::Managed, type_name, &name), steps, 1)
        }
    }
}

fn resource(r: Resource, steps: &[Step], used: usize) -> Result<Ref, AddrError> {
    match steps.get(used) {
        Some(Step::Index(key)) => Ok(Ref {
            subject: Referenceable::ResourceInstance(r.instance(Some(key.clone()))),
            remaining: steps[used + 1..].to_vec(),
        }),
        _ => Ok(Ref {
            subject: Referenceable::Resource(r),
            remaining: steps[used..].to_vec(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(parts: &[&str]) -> Vec<Step> {
        parts
            .iter()
            .map(|p| match p.parse::<i64>() {
                Ok(n) => Step::Index(InstanceKey::Int(n)),
                Err(_) if p.starts_with('"') => {
                    Step::Index(InstanceKey::Str(p.trim_matches('"').into()))
                }
                Err(_) => Step::Attr(p.to_string()),
            })
            .collect()
    }

    fn parsed(root: &str, parts: &[&str]) -> (String, Vec<Step>) {
        let r = reference(root, &steps(parts)).unwrap();
        (r.subject.to_string(), r.remaining)
    }

    #[test]
    fn subjects_and_what_is_read_from_them() {
        assert_eq!(parsed("aws_x", &["n"]), ("aws_x.n".into(), vec![]));
        assert_eq!(
            parsed("aws_x", &["n", "0", "id"]),
            ("aws_x.n[0]".into(), steps(&["id"]))
        );
        assert_eq!(
            parsed("data", &["aws_x", "n", "\"k\""]),
            ("data.aws_x.n[\"k\"]".into(), vec![])
        );
        assert_eq!(
            parsed("module", &["api", "\"dev\"", "url", "x"]),
            ("module.api[\"dev\"].url".into(), steps(&["x"]))
        );
        assert_eq!(parsed("module", &["api"]), ("module.api".into(), vec![]));
        assert_eq!(parsed("var", &["x", "y"]), ("var.x".into(), steps(&["y"])));
        assert_eq!(
            parsed("each", &["value", "a"]),
            ("each.value".into(), steps(&["a"]))
        );
        assert_eq!(parsed("self", &["id"]), ("self".into(), steps(&["id"])));
    }

    #[test]
    fn incomplete_references_are_errors() {
        for (root, parts) in [
            ("var", &[][..]),
            ("aws_x", &[][..]),
            ("data", &["aws_x"][..]),
            ("module", &[][..]),
            ("count", &["value"][..]),
        ] {
            assert!(reference(root, &steps(parts)).is_err(), "{root} {parts:?}");
        }
    }
}
