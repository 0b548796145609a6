//! Provider configurations: as a module names one (`aws`, `aws.west`) and
//! as state records one (`provider["registry.terraform.io/hashicorp/aws"]`,
//! `module.api.provider["registry.terraform.io/hashicorp/aws"].west`).

use std::fmt;

use crate::module::ModulePath;
use crate::parse::AddrError;

/// `aws` or `aws.west`: a provider configuration as a module's `provider`
/// arguments and `providers` maps name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalProviderConfig {
    pub name: String,
    pub alias: Option<String>,
}

impl LocalProviderConfig {
    pub fn new(name: &str, alias: Option<&str>) -> LocalProviderConfig {
        LocalProviderConfig {
            name: name.to_string(),
            alias: alias.map(str::to_string),
        }
    }

    /// From the names of a static traversal (`aws`, `aws` `west`); `None`
    /// for anything longer.
    pub fn from_names(names: &[String]) -> Option<LocalProviderConfig> {
        match names {
            [name] => Some(LocalProviderConfig::new(name, None)),
            [name, alias] => Some(LocalProviderConfig::new(name, Some(alias))),
            _ => None,
        }
    }
}

impl fmt::Display for LocalProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if let Some(alias) = &self.alias {
            write!(f, ".{alias}")?;
        }
        Ok(())
    }
}

/// A provider configuration where state records it: the module that
/// declares it, the provider's source address and the alias.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AbsProviderConfig {
    pub module: ModulePath,
    /// `registry.terraform.io/hashicorp/aws`, `terraform.io/builtin/terraform`.
    pub provider: String,
    pub alias: Option<String>,
}

impl AbsProviderConfig {
    /// The default configuration of `provider` in the root module.
    pub fn root(provider: &str) -> AbsProviderConfig {
        AbsProviderConfig {
            module: ModulePath::root(),
            provider: provider.to_string(),
            alias: None,
        }
    }

    /// Parses what state records, as Terraform's `ParseAbsProviderConfigStr`.
    pub fn parse(text: &str) -> Result<AbsProviderConfig, AddrError> {
        let mut module = ModulePath::root();
        let mut rest = text;
        while let Some(after) = rest.strip_prefix("module.") {
            let end = after.find('.').ok_or_else(|| {
                AddrError::at(
                    text.len(),
                    "A provider configuration must follow the module path.",
                )
            })?;
            module = module.child(&after[..end]);
            rest = &after[end + 1..];
        }
        let at = text.len() - rest.len();
        // Terraform 0.12 wrote `provider.aws` and `provider.aws.west`; as
        // Terraform reads them: the hashicorp provider of that name.
        if let Some(legacy) = rest.strip_prefix("provider.") {
            let mut parts = legacy.split('.');
            let (Some(name), alias, None) = (parts.next(), parts.next(), parts.next()) else {
                return Err(AddrError::at(
                    at,
                    "A legacy provider address is provider.NAME or provider.NAME.ALIAS.",
                ));
            };
            if name.is_empty() || alias == Some("") {
                return Err(AddrError::at(
                    at,
                    "A legacy provider address is provider.NAME or provider.NAME.ALIAS.",
                ));
            }
            return Ok(AbsProviderConfig {
                module,
                provider: format!("registry.terraform.io/hashicorp/{name}"),
                alias: alias.map(str::to_string),
            });
        }
        let inner = rest.strip_prefix("provider[\"").ok_or_else(|| {
            AddrError::at(
                at,
                "Provider address must begin with \"provider.\", followed by a provider type name.",
            )
        })?;
        let close = inner.find("\"]").ok_or_else(|| {
            AddrError::at(
                at,
                "The provider source address must be a quoted string in brackets.",
            )
        })?;
        let provider = &inner[..close];
        let alias = match &inner[close + 2..] {
            "" => None,
            tail => match tail.strip_prefix('.') {
                Some(a) if !a.is_empty() && !a.contains('.') => Some(a.to_string()),
                _ => {
                    return Err(AddrError::at(
                        text.len() - tail.len(),
                        "Provider type name must be followed by a configuration alias name.",
                    ))
                }
            },
        };
        Ok(AbsProviderConfig {
            module,
            provider: provider.to_string(),
            alias,
        })
    }
}

impl fmt::Display for AbsProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        write!(f, "provider[\"{}\"]", self.provider)?;
        if let Some(alias) = &self.alias {
            write!(f, ".{alias}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_configurations_round_trip_as_terraform_writes_them() {
        for text in [
            "provider[\"registry.terraform.io/hashicorp/aws\"]",
            "provider[\"registry.terraform.io/hashicorp/aws\"].west",
            "module.api.module.route.provider[\"registry.terraform.io/hashicorp/aws\"]",
            "provider[\"terraform.io/builtin/terraform\"]",
        ] {
            let p = AbsProviderConfig::parse(text).unwrap();
            assert_eq!(p.to_string(), text);
        }
        let west = AbsProviderConfig::parse(
            "module.api.provider[\"registry.terraform.io/hashicorp/aws\"].west",
        )
        .unwrap();
        assert_eq!(west.module, ModulePath::root().child("api"));
        assert_eq!(west.alias.as_deref(), Some("west"));
        for bad in [
            "aws",
            "provider[aws]",
            "provider[\"x\"].",
            "provider[\"x\"].a.b",
            "module.m",
        ] {
            assert!(AbsProviderConfig::parse(bad).is_err(), "{bad}");
        }
        let legacy = AbsProviderConfig::parse("module.api.provider.aws.west").unwrap();
        assert_eq!(
            legacy.to_string(),
            "module.api.provider[\"registry.terraform.io/hashicorp/aws\"].west"
        );
        let local = LocalProviderConfig::from_names(&["aws".into(), "west".into()]).unwrap();
        assert_eq!(local.to_string(), "aws.west");
        assert_eq!(LocalProviderConfig::new("aws", None).to_string(), "aws");
    }
}
