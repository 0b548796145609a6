//! Resource and instance addresses in the executor's names: the address
//! crate's types (`gantry_addrs`), which parse and print them.

use gantry_addrs::AddrError;

/// `aws_x.n[0]`, `module.api["dev"].aws_x.n["k"]`: one instance in one
/// module instance, what a plan changes and a state holds.
pub use gantry_addrs::AbsResourceInstance as InstanceAddr;
/// `aws_x.n` or `data.aws_x.n`, in some module.
pub use gantry_addrs::Resource as ResourceAddr;

/// An instance address as users type it (`state show`, `import`): a
/// resource without a key is its one instance.
pub fn parse_instance(text: &str) -> Result<InstanceAddr, AddrError> {
    gantry_addrs::parse::instance(text)
}

/// What `-target` and the state commands take: a module instance, a
/// resource, or one instance.
pub fn parse_target(text: &str) -> Result<gantry_addrs::Target, AddrError> {
    gantry_addrs::parse::target(text)
}

/// The instance a `moved` endpoint names: a resource is its instance
/// without a key, as Terraform moves a resource without count. Whole
/// module instances are moved by [`crate::moves`] itself.
pub(crate) fn moved_instance(target: &gantry_addrs::Target) -> Option<InstanceAddr> {
    match target {
        gantry_addrs::Target::Resource(r) => Some(r.instance(None)),
        gantry_addrs::Target::Instance(i) => Some(i.clone()),
        gantry_addrs::Target::Module(_) => None,
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
            "module.api[\"dev\"].aws_x.n[0]",
            "module.a.module.b[1].data.aws_region.current",
        ] {
            let a = parse_instance(s).unwrap();
            assert_eq!(a.to_string(), s);
        }
        for bad in ["aws_x", "aws_x.n[", "aws_x.n[x]", "a.b.c", ".n", "module.m"] {
            assert!(parse_instance(bad).is_err(), "{bad}");
        }
    }
}
