//! Resource and instance addresses of the root module, in the executor's
//! names: the address crate's types (`gantry_addrs`), which parse and
//! print them.

use gantry_addrs::{AddrError, Mode};

/// `aws_x.n` or `data.aws_x.n`.
pub use gantry_addrs::Resource as ResourceAddr;
/// `aws_x.n`, `aws_x.n[0]`, `aws_x.n["k"]`.
pub use gantry_addrs::ResourceInstance as InstanceAddr;

/// The resource a tfstate v4 entry names (an unknown mode reads as
/// managed).
pub fn resource_from_state(mode: &str, type_name: &str, name: &str) -> ResourceAddr {
    ResourceAddr::new(
        Mode::from_state(mode).unwrap_or(Mode::Managed),
        type_name,
        name,
    )
}

/// An instance address as users type it (`-target`, `state show`,
/// `import`, `moved`): one of the root module, since module calls are not
/// supported yet.
pub fn parse_instance(text: &str) -> Result<InstanceAddr, AddrError> {
    let addr = gantry_addrs::parse::instance(text)?;
    if !addr.module.is_root() {
        return Err(AddrError {
            message: format!(
                "{} is in module {}; module calls are not supported yet.",
                addr.instance, addr.module
            ),
            at: 0,
        });
    }
    Ok(addr.instance)
}

/// The root-module instance a `moved` endpoint names: a resource is its
/// instance without a key, as Terraform moves a resource without count.
pub fn root_instance(target: &gantry_addrs::Target) -> Option<InstanceAddr> {
    match target {
        gantry_addrs::Target::Resource(r) if r.module.is_root() => Some(r.resource.instance(None)),
        gantry_addrs::Target::Instance(i) if i.module.is_root() => Some(i.instance.clone()),
        _ => None,
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
            let a = parse_instance(s).unwrap();
            assert_eq!(a.to_string(), s);
        }
        for bad in [
            "aws_x",
            "aws_x.n[",
            "aws_x.n[x]",
            "a.b.c",
            ".n",
            "module.m.a.b",
        ] {
            assert!(parse_instance(bad).is_err(), "{bad}");
        }
    }
}
