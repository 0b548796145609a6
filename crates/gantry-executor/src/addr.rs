//! Resource and instance addresses: `aws_x.n`, `aws_x.n[0]`,
//! `aws_x.n["orders"]`, `data.aws_x.n`.

use std::cmp::Ordering;
use std::fmt;

use gantry_config::model::Mode;
use gantry_state::{compare_keys, IndexKey};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceAddr {
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
}

impl ResourceAddr {
    pub fn managed(type_name: &str, name: &str) -> ResourceAddr {
        ResourceAddr {
            mode: Mode::Managed,
            type_name: type_name.into(),
            name: name.into(),
        }
    }

    pub fn mode_str(&self) -> &'static str {
        match self.mode {
            Mode::Managed => "managed",
            Mode::Data => "data",
        }
    }

    pub fn from_state(mode: &str, type_name: &str, name: &str) -> ResourceAddr {
        ResourceAddr {
            mode: if mode == "data" {
                Mode::Data
            } else {
                Mode::Managed
            },
            type_name: type_name.into(),
            name: name.into(),
        }
    }
}

impl fmt::Display for ResourceAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mode == Mode::Data {
            f.write_str("data.")?;
        }
        write!(f, "{}.{}", self.type_name, self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct InstanceAddr {
    pub resource: ResourceAddr,
    pub key: Option<IndexKey>,
}

impl InstanceAddr {
    /// Parses what users type after `-target=` or `state show`:
    /// `aws_x.n`, `aws_x.n[0]`, `aws_x.n["k"]`, `data.aws_x.n`.
    pub fn parse(s: &str) -> Option<InstanceAddr> {
        let (head, key) = match s.find('[') {
            Some(i) => {
                let inner = s[i..].strip_prefix('[')?.strip_suffix(']')?;
                let key = if let Ok(n) = inner.parse::<i64>() {
                    IndexKey::Int(n)
                } else {
                    IndexKey::Str(serde_json::from_str::<String>(inner).ok()?)
                };
                (&s[..i], Some(key))
            }
            None => (s, None),
        };
        let parts: Vec<&str> = head.split('.').collect();
        let resource = match parts.as_slice() {
            ["data", t, n] => ResourceAddr {
                mode: Mode::Data,
                type_name: t.to_string(),
                name: n.to_string(),
            },
            [t, n] if !t.is_empty() && !n.is_empty() => ResourceAddr::managed(t, n),
            _ => return None,
        };
        let valid = |p: &str| {
            p.chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        };
        if !valid(&resource.type_name) || !valid(&resource.name) {
            return None;
        }
        Some(InstanceAddr { resource, key })
    }
}

impl fmt::Display for InstanceAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.resource)?;
        if let Some(k) = &self.key {
            write!(f, "{k}")?;
        }
        Ok(())
    }
}

impl PartialOrd for InstanceAddr {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for InstanceAddr {
    /// Terraform's plan order: mode, type, name, then key.
    fn cmp(&self, other: &Self) -> Ordering {
        (
            self.resource.mode,
            &self.resource.type_name,
            &self.resource.name,
        )
            .cmp(&(
                other.resource.mode,
                &other.resource.type_name,
                &other.resource.name,
            ))
            .then_with(|| compare_keys(&self.key, &other.key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_form() {
        for s in [
            "aws_x.n",
            "aws_x.n[0]",
            "aws_x.n[\"orders\"]",
            "data.aws_region.current",
        ] {
            let a = InstanceAddr::parse(s).unwrap();
            assert_eq!(a.to_string(), s);
        }
        for bad in ["aws_x", "aws_x.n[", "aws_x.n[x]", "a.b.c", ".n"] {
            assert!(InstanceAddr::parse(bad).is_none(), "{bad}");
        }
    }
}
