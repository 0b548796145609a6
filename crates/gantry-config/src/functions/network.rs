//! IP network functions, with the arithmetic of hashicorp/go-cidr on
//! 32- or 128-bit integers and ipnet for parsing prefixes.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;

use super::{want_int, want_string, FunctionError};
use crate::value::Value;

pub(super) fn run(name: &str, a: &[Value]) -> Option<Result<Value, FunctionError>> {
    Some(match name {
        "cidrhost" => cidrhost(a),
        "cidrnetmask" => cidrnetmask(a),
        "cidrsubnet" => cidrsubnet(a),
        "cidrsubnets" => cidrsubnets(a),
        _ => return None,
    })
}

/// A prefix as numbers: the network address (host bits cleared, as Go's
/// `ParseCIDR` does), its length and the address width.
#[derive(Clone, Copy)]
struct Prefix {
    addr: u128,
    len: u32,
    width: u32,
}

impl Prefix {
    fn parse(text: &str, i: usize) -> Result<Prefix, FunctionError> {
        let net: IpNet = text.parse().map_err(|_| {
            FunctionError::arg(
                i,
                format!("invalid CIDR expression: invalid CIDR address: {text}."),
            )
        })?;
        let (addr, width) = match net.network() {
            IpAddr::V4(v4) => (u32::from(v4) as u128, 32),
            IpAddr::V6(v6) => (u128::from(v6), 128),
        };
        Ok(Prefix {
            addr,
            len: net.prefix_len() as u32,
            width,
        })
    }

    fn host_mask(len: u32, width: u32) -> u128 {
        let host_bits = width - len;
        if host_bits == 128 {
            u128::MAX
        } else {
            (1u128 << host_bits) - 1
        }
    }

    fn all(width: u32) -> u128 {
        Prefix::host_mask(0, width)
    }

    fn ip(addr: u128, width: u32) -> String {
        if width == 32 {
            Ipv4Addr::from(addr as u32).to_string()
        } else {
            Ipv6Addr::from(addr).to_string()
        }
    }

    fn show(self) -> String {
        format!("{}/{}", Prefix::ip(self.addr, self.width), self.len)
    }

    fn version(self) -> u32 {
        if self.width == 32 {
            4
        } else {
            6
        }
    }
}

fn cidrhost(a: &[Value]) -> Result<Value, FunctionError> {
    let p = Prefix::parse(&want_string(a, 0)?, 0)?;
    let hostnum = want_int(a, 1)? as i128;
    let host_bits = p.width - p.len;
    let size: i128 = if host_bits >= 127 {
        i128::MAX
    } else {
        1i128 << host_bits
    };
    let index = if hostnum < 0 { size + hostnum } else { hostnum };
    if index < 0 || index >= size {
        return Err(FunctionError::call(format!(
            "prefix of {} bits cannot accommodate a host numbered {hostnum}.",
            p.len
        )));
    }
    Ok(Value::String(Prefix::ip(p.addr | index as u128, p.width)))
}

fn cidrnetmask(a: &[Value]) -> Result<Value, FunctionError> {
    let p = Prefix::parse(&want_string(a, 0)?, 0)?;
    if p.width != 32 {
        return Err(FunctionError::call("only IPv4 networks are supported."));
    }
    let mask = Prefix::all(32) & !Prefix::host_mask(p.len, 32);
    Ok(Value::String(Prefix::ip(mask, 32)))
}

fn cidrsubnet(a: &[Value]) -> Result<Value, FunctionError> {
    let p = Prefix::parse(&want_string(a, 0)?, 0)?;
    let newbits = want_int(a, 1)?;
    let netnum = want_int(a, 2)?;
    if newbits < 0 {
        return Err(FunctionError::arg(1, "must not be negative."));
    }
    let len = p.len as i64 + newbits;
    if len > p.width as i64 {
        return Err(FunctionError::call(format!(
            "insufficient address space to extend prefix of {} by {newbits}.",
            p.len
        )));
    }
    let len = len as u32;
    if netnum < 0 || (newbits < 127 && netnum as u128 >= 1u128 << newbits) {
        return Err(FunctionError::call(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}."
        )));
    }
    let shift = p.width - len;
    let addr = p.addr | ((netnum as u128).checked_shl(shift).unwrap_or(0));
    Ok(Value::String(
        Prefix {
            addr,
            len,
            width: p.width,
        }
        .show(),
    ))
}

/// Consecutive subnets, each aligned to its own size after the one before
/// (go-cidr's `PreviousSubnet` / `NextSubnet`, as Terraform uses them).
fn cidrsubnets(a: &[Value]) -> Result<Value, FunctionError> {
    let p = Prefix::parse(&want_string(a, 0)?, 0)?;
    if a.len() == 1 {
        return Ok(Value::List(Vec::new().into()));
    }
    let all = Prefix::all(p.width);
    let network_last = p.addr | Prefix::host_mask(p.len, p.width);
    let mut out = Vec::with_capacity(a.len() - 1);
    // The subnet just before the network, so that the first "next" is
    // the network's own first subnet.
    let first_len = (p.len as i64 + want_int(a, 1)?).clamp(0, p.width as i64) as u32;
    let mut current = Prefix {
        addr: p.addr.wrapping_sub(1) & all & !Prefix::host_mask(first_len, p.width),
        len: first_len,
        width: p.width,
    };
    for i in 1..a.len() {
        let newbits = want_int(a, i)?;
        let len = p.len as i64 + newbits;
        if newbits < 1 {
            return Err(FunctionError::arg(
                i,
                "must extend prefix by at least one bit.",
            ));
        }
        if len > p.width as i64 {
            return Err(FunctionError::arg(
                i,
                format!(
                    "would extend prefix to {len} bits, which is too long for an IPv{} address.",
                    p.version()
                ),
            ));
        }
        let len = len as u32;
        let current_last = current.addr | Prefix::host_mask(current.len, p.width);
        let sub = current_last & !Prefix::host_mask(len, p.width);
        let sub_last = sub | Prefix::host_mask(len, p.width);
        let next = sub_last.wrapping_add(1) & all;
        let rollover = next == 0;
        if rollover || next < p.addr || next > network_last {
            return Err(FunctionError::call(format!(
                "not enough remaining address space for a subnet with a prefix of {len} bits after {}.",
                current.show()
            )));
        }
        current = Prefix {
            addr: next & !Prefix::host_mask(len, p.width),
            len,
            width: p.width,
        };
        out.push(Value::String(current.show()));
    }
    Ok(Value::List(out.into()))
}
