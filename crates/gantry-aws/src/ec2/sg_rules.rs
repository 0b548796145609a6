//! A security group's `ingress` and `egress` rules as the provider models
//! them. EC2 groups permissions by protocol and ports, with one
//! description per source; the provider's rule is one description over
//! many sources. So a read regroups what EC2 answers (`gather`), matches
//! it against the rules state holds (`match_rules`, so configured rules
//! keep their shape), and an update splits both sides into one source per
//! rule (`expand`), revokes and authorizes only the difference, regrouped
//! (`collapse`) into as few permissions as the provider sends.

use std::collections::BTreeSet;

use aws_sdk_ec2::types::{IpPermission, IpRange, Ipv6Range, PrefixListId, UserIdGroupPair};
use gantry_config::value::Value;
use gantry_executor::ProviderError;

use crate::values::Args;

/// One rule, its protocol stored by name (see [`protocol_name`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rule {
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    pub cidr_blocks: Vec<String>,
    pub ipv6_cidr_blocks: Vec<String>,
    pub prefix_list_ids: Vec<String>,
    pub security_groups: BTreeSet<String>,
    pub self_: bool,
    pub description: String,
}

/// `protocolForValue`: `all` is `-1`, a number with a name is that name
/// (`6` is `tcp`), anything else stays as written, lower-cased.
pub fn protocol_name(v: &str) -> String {
    let p = v.to_lowercase();
    match p.as_str() {
        "-1" | "all" => "-1".into(),
        "icmpv6" | "udp" | "tcp" | "icmp" => p,
        "58" => "icmpv6".into(),
        "17" => "udp".into(),
        "6" => "tcp".into(),
        "1" => "icmp".into(),
        _ => p,
    }
}

impl Rule {
    pub fn from_value(v: &Value) -> Rule {
        let a = Args(v);
        Rule {
            protocol: protocol_name(a.str("protocol").unwrap_or_default()),
            from_port: a.int("from_port").unwrap_or(0),
            to_port: a.int("to_port").unwrap_or(0),
            cidr_blocks: a.strings("cidr_blocks"),
            ipv6_cidr_blocks: a.strings("ipv6_cidr_blocks"),
            prefix_list_ids: a.strings("prefix_list_ids"),
            security_groups: a.strings("security_groups").into_iter().collect(),
            self_: a.bool("self").unwrap_or(false),
            description: a.str("description").unwrap_or_default().to_string(),
        }
    }

    /// The rule as state stores it: every field, zero where unset.
    pub fn to_value(&self) -> Value {
        let strings = |xs: &[String]| Value::List(xs.iter().map(Value::string).collect());
        Value::Map(
            [
                ("cidr_blocks", strings(&self.cidr_blocks)),
                ("description", Value::string(&self.description)),
                ("from_port", Value::int(self.from_port)),
                ("ipv6_cidr_blocks", strings(&self.ipv6_cidr_blocks)),
                ("prefix_list_ids", strings(&self.prefix_list_ids)),
                ("protocol", Value::string(&self.protocol)),
                (
                    "security_groups",
                    Value::set(self.security_groups.iter().map(Value::string).collect()),
                ),
                ("self", Value::Bool(self.self_)),
                ("to_port", Value::int(self.to_port)),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        )
    }

    /// A rule of the same protocol, ports and description with no sources.
    fn shell(&self) -> Rule {
        Rule {
            protocol: self.protocol.clone(),
            from_port: self.from_port,
            to_port: self.to_port,
            description: self.description.clone(),
            ..Rule::default()
        }
    }

    fn sources(&self) -> usize {
        self.cidr_blocks.len()
            + self.ipv6_cidr_blocks.len()
            + self.prefix_list_ids.len()
            + self.security_groups.len()
            + usize::from(self.self_)
    }

    /// What the provider's `idHash` compares: protocol, ports and self.
    fn same_target(&self, other: &Rule) -> bool {
        self.protocol.to_lowercase() == other.protocol.to_lowercase()
            && self.from_port == other.from_port
            && self.to_port == other.to_port
            && self.self_ == other.self_
    }
}

/// The rules of a value's `ingress` or `egress` (a list of rule objects).
pub fn rules_of(v: &Value) -> Vec<Rule> {
    v.elements()
        .map(|items| items.iter().map(Rule::from_value).collect())
        .unwrap_or_default()
}

/// `securityGroupIPPermGather`: EC2's permissions, one rule per protocol,
/// ports and description; the group itself becomes `self`, a group of
/// another account `OWNER/ID`.
pub fn gather(group_id: &str, owner: Option<&str>, perms: &[IpPermission]) -> Vec<Rule> {
    let mut rules: Vec<Rule> = Vec::new();
    for p in perms {
        // The rule of this permission with this description.
        let at = |rules: &mut Vec<Rule>, description: Option<&str>| -> usize {
            let r = Rule {
                protocol: p.ip_protocol().unwrap_or_default().to_string(),
                from_port: p.from_port().unwrap_or(0),
                to_port: p.to_port().unwrap_or(0),
                description: description.unwrap_or_default().to_string(),
                ..Rule::default()
            };
            match rules.iter().position(|x| x.shell() == r) {
                Some(i) => i,
                None => {
                    rules.push(r);
                    rules.len() - 1
                }
            }
        };
        for ip in p.ip_ranges() {
            let i = at(&mut rules, ip.description());
            rules[i]
                .cidr_blocks
                .push(ip.cidr_ip().unwrap_or_default().to_string());
        }
        for ip in p.ipv6_ranges() {
            let i = at(&mut rules, ip.description());
            rules[i]
                .ipv6_cidr_blocks
                .push(ip.cidr_ipv6().unwrap_or_default().to_string());
        }
        for pl in p.prefix_list_ids() {
            let i = at(&mut rules, pl.description());
            rules[i]
                .prefix_list_ids
                .push(pl.prefix_list_id().unwrap_or_default().to_string());
        }
        for g in p.user_id_group_pairs() {
            let i = at(&mut rules, g.description());
            let id = g.group_id().unwrap_or_default();
            if id == group_id {
                rules[i].self_ = true;
                continue;
            }
            let id = match g.user_id().filter(|u| !u.is_empty() && Some(*u) != owner) {
                Some(user) => format!("{user}/{id}"),
                None => id.to_string(),
            };
            rules[i].security_groups.insert(id);
        }
    }
    rules
}

/// `matchRules`: each rule state holds (`local`) that EC2 still has in
/// full keeps its shape (and takes EC2's description); what is left of
/// EC2's rules after that, added outside Terraform, is kept as EC2
/// groups it.
pub fn match_rules(local: &[Rule], mut remote: Vec<Rule>) -> Vec<Rule> {
    let mut saves = Vec::new();
    for l in local {
        for r in remote.iter_mut() {
            if !l.same_target(r) {
                continue;
            }
            let all_in = |mine: &[String], theirs: &[String]| {
                mine.len() <= theirs.len() && mine.iter().all(|x| theirs.contains(x))
            };
            if !all_in(&l.cidr_blocks, &r.cidr_blocks)
                || !all_in(&l.ipv6_cidr_blocks, &r.ipv6_cidr_blocks)
                || !all_in(&l.prefix_list_ids, &r.prefix_list_ids)
                || !l.security_groups.is_subset(&r.security_groups)
            {
                continue;
            }
            r.self_ = false;
            r.cidr_blocks.retain(|x| !l.cidr_blocks.contains(x));
            r.ipv6_cidr_blocks
                .retain(|x| !l.ipv6_cidr_blocks.contains(x));
            r.prefix_list_ids.retain(|x| !l.prefix_list_ids.contains(x));
            r.security_groups.retain(|x| !l.security_groups.contains(x));
            let mut kept = l.clone();
            if !r.description.is_empty() {
                kept.description = r.description.clone();
            }
            saves.push(kept);
        }
    }
    saves.extend(remote.into_iter().filter(|r| r.sources() > 0));
    saves
}

/// `securityGroupExpandRules`: one source per rule, so that two sets of
/// rules differ only in the sources that changed.
pub fn expand(rules: &[Rule]) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    let mut add = |r: Rule| {
        if !out.contains(&r) {
            out.push(r);
        }
    };
    for rule in rules {
        if rule.self_ {
            add(Rule {
                self_: true,
                ..rule.shell()
            });
        }
        for c in &rule.cidr_blocks {
            add(Rule {
                cidr_blocks: vec![c.clone()],
                ..rule.shell()
            });
        }
        for c in &rule.ipv6_cidr_blocks {
            add(Rule {
                ipv6_cidr_blocks: vec![c.clone()],
                ..rule.shell()
            });
        }
        for p in &rule.prefix_list_ids {
            add(Rule {
                prefix_list_ids: vec![p.clone()],
                ..rule.shell()
            });
        }
        for g in &rule.security_groups {
            add(Rule {
                security_groups: [g.clone()].into(),
                ..rule.shell()
            });
        }
    }
    out
}

/// `securityGroupCollapseRules`: rules of the same protocol, ports and
/// description merged into one.
pub fn collapse(rules: Vec<Rule>) -> Vec<Rule> {
    let mut out: Vec<Rule> = Vec::new();
    for r in rules {
        let same = |x: &Rule| {
            x.protocol.to_lowercase() == r.protocol.to_lowercase()
                && x.from_port == r.from_port
                && x.to_port == r.to_port
                && x.description == r.description
        };
        match out.iter_mut().find(|x| same(x)) {
            Some(c) => {
                c.self_ |= r.self_;
                c.cidr_blocks.extend(r.cidr_blocks);
                c.ipv6_cidr_blocks.extend(r.ipv6_cidr_blocks);
                c.prefix_list_ids.extend(r.prefix_list_ids);
                c.security_groups.extend(r.security_groups);
            }
            None => out.push(r),
        }
    }
    out
}

/// The rules of `from` that `to` does not have, source by source, grouped
/// back into as few rules as possible.
pub fn difference(from: &[Rule], to: &[Rule]) -> Vec<Rule> {
    let keep = expand(to);
    collapse(
        expand(from)
            .into_iter()
            .filter(|r| !keep.contains(r))
            .collect(),
    )
}

/// `expandIPPerms`: the EC2 permission of a rule. Protocol `-1` carries
/// no ports, and the provider refuses other ports than 0 with it rather
/// than let EC2 drop them silently.
pub fn permission(group_id: &str, r: &Rule) -> Result<IpPermission, ProviderError> {
    let protocol = protocol_name(&r.protocol);
    let mut p = IpPermission::builder().ip_protocol(&protocol);
    if protocol != "-1" {
        p = p.from_port(r.from_port).to_port(r.to_port);
    } else if r.from_port != 0 || r.to_port != 0 {
        return Err(ProviderError::new(
            "Invalid security group rule",
            format!(
                "from_port ({}) and to_port ({}) must both be 0 to use the 'ALL' \"-1\" protocol!",
                r.from_port, r.to_port
            ),
        ));
    }
    let description = Some(r.description.clone()).filter(|d| !d.is_empty());
    let mut groups: Vec<String> = r.security_groups.iter().cloned().collect();
    if r.self_ {
        groups.push(group_id.to_string());
    }
    for g in groups {
        let (owner, id) = match g.split_once('/') {
            Some((o, i)) => (Some(o.to_string()), i.to_string()),
            None => (None, g),
        };
        p = p.user_id_group_pairs(
            UserIdGroupPair::builder()
                .group_id(id)
                .set_user_id(owner)
                .set_description(description.clone())
                .build(),
        );
    }
    for c in &r.cidr_blocks {
        p = p.ip_ranges(
            IpRange::builder()
                .cidr_ip(c)
                .set_description(description.clone())
                .build(),
        );
    }
    for c in &r.ipv6_cidr_blocks {
        p = p.ipv6_ranges(
            Ipv6Range::builder()
                .cidr_ipv6(c)
                .set_description(description.clone())
                .build(),
        );
    }
    for pl in &r.prefix_list_ids {
        p = p.prefix_list_ids(
            PrefixListId::builder()
                .prefix_list_id(pl)
                .set_description(description.clone())
                .build(),
        );
    }
    Ok(p.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tcp(port: i32, cidrs: &[&str], description: &str) -> Rule {
        Rule {
            protocol: "tcp".into(),
            from_port: port,
            to_port: port,
            cidr_blocks: cidrs.iter().map(|c| c.to_string()).collect(),
            description: description.into(),
            ..Rule::default()
        }
    }

    #[test]
    fn protocols_are_stored_by_name() {
        assert_eq!(protocol_name("6"), "tcp");
        assert_eq!(protocol_name("ALL"), "-1");
        assert_eq!(protocol_name("-1"), "-1");
        assert_eq!(protocol_name("50"), "50");
        assert_eq!(protocol_name("UDP"), "udp");
    }

    #[test]
    fn ec2_permissions_are_regrouped_by_description_and_self_is_found() {
        let perm = IpPermission::builder()
            .ip_protocol("tcp")
            .from_port(443)
            .to_port(443)
            .ip_ranges(IpRange::builder().cidr_ip("10.0.0.0/16").build())
            .ip_ranges(
                IpRange::builder()
                    .cidr_ip("10.1.0.0/16")
                    .description("office")
                    .build(),
            )
            .user_id_group_pairs(UserIdGroupPair::builder().group_id("sg-me").build())
            .user_id_group_pairs(
                UserIdGroupPair::builder()
                    .group_id("sg-other")
                    .user_id("111122223333")
                    .build(),
            )
            .build();
        let rules = gather("sg-me", Some("000000000000"), &[perm]);
        assert_eq!(rules.len(), 2);
        assert_eq!(rules[0].cidr_blocks, ["10.0.0.0/16"]);
        assert!(rules[0].self_);
        assert_eq!(
            rules[0].security_groups,
            ["111122223333/sg-other".to_string()].into()
        );
        assert_eq!(rules[1].description, "office");
    }

    #[test]
    fn configured_rules_keep_their_shape_and_extra_sources_stay_apart() {
        let local = [tcp(443, &["10.0.0.0/16"], "")];
        let remote = vec![tcp(443, &["10.0.0.0/16", "10.9.0.0/16"], "")];
        let got = match_rules(&local, remote);
        assert_eq!(
            got,
            [
                tcp(443, &["10.0.0.0/16"], ""),
                tcp(443, &["10.9.0.0/16"], "")
            ]
        );
        // A configured source EC2 no longer has: the rule is not kept.
        let got = match_rules(&[tcp(80, &["10.0.0.0/16"], "")], vec![]);
        assert!(got.is_empty());
    }

    #[test]
    fn an_update_revokes_and_authorizes_only_changed_sources() {
        let old = [tcp(443, &["10.0.0.0/16", "10.1.0.0/16"], "")];
        let new = [tcp(443, &["10.1.0.0/16", "10.2.0.0/16"], "")];
        assert_eq!(difference(&old, &new), [tcp(443, &["10.0.0.0/16"], "")]);
        assert_eq!(difference(&new, &old), [tcp(443, &["10.2.0.0/16"], "")]);
        // A changed description replaces the rule's sources.
        let described = [tcp(443, &["10.1.0.0/16", "10.2.0.0/16"], "why")];
        assert_eq!(difference(&new, &described), new);
    }

    #[test]
    fn all_protocols_refuse_ports() {
        let mut r = tcp(0, &["0.0.0.0/0"], "");
        r.protocol = "all".into();
        let p = permission("sg-1", &r).unwrap();
        assert_eq!(p.ip_protocol(), Some("-1"));
        assert_eq!(p.from_port(), None);
        r.to_port = 65535;
        assert!(permission("sg-1", &r).is_err());
    }
}
