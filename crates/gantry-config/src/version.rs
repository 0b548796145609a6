//! hashicorp/go-version's constraint language, as `required_version`,
//! `required_providers` and a module call's `version` use it.

/// The Terraform release gantry's language and formats follow.
pub const TERRAFORM_VERSION: [u64; 3] = [1, 11, 4];

/// The AWS provider release whose resources gantry implements.
pub const AWS_PROVIDER_VERSION: [u64; 3] = [5, 100, 0];

/// `1.2.3` (or `v1.2.3`) as numbers, with whether it is a pre-release
/// (`1.2.3-beta`); `None` when it is not a version.
pub fn parse(text: &str) -> Option<([u64; 3], bool)> {
    let text = text.strip_prefix('v').unwrap_or(text);
    let core = text.split(['-', '+']).next().unwrap_or(text);
    let nums: Vec<u64> = core
        // not an address: a version number.
        .split('.')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    if nums.is_empty() || nums.len() > 3 {
        return None;
    }
    let mut v = [0u64; 3];
    v[..nums.len()].copy_from_slice(&nums);
    Some((v, text.split('+').next().unwrap_or(text).contains('-')))
}

/// Whether `version` meets every comma-separated constraint of `spec`;
/// `Err` with the part that does not parse.
pub fn satisfies(spec: &str, version: [u64; 3]) -> Result<bool, String> {
    let mut ok = true;
    for part in spec.split(',') {
        let part = part.trim();
        let (op, rest) = ["~>", ">=", "<=", "!=", ">", "<", "="]
            .iter()
            .find_map(|op| part.strip_prefix(op).map(|r| (*op, r.trim())))
            .unwrap_or(("=", part));
        let rest = rest.strip_prefix('v').unwrap_or(rest);
        // A pre-release or build suffix never matches a release.
        let core = rest.split(['-', '+']).next().unwrap_or(rest);
        let nums: Vec<u64> = core
            // not an address: a version number.
            .split('.')
            .map(|n| n.parse::<u64>())
            .collect::<Result<_, _>>()
            .map_err(|_| part.to_string())?;
        if nums.is_empty() || nums.len() > 3 {
            return Err(part.to_string());
        }
        let mut want = [0u64; 3];
        want[..nums.len()].copy_from_slice(&nums);
        let pre = core.len() != rest.len();
        let meets = match op {
            "=" => version == want && !pre,
            "!=" => version != want || pre,
            ">" => version > want,
            ">=" => version >= want,
            "<" => version < want,
            "<=" => version <= want,
            // `~> 1.2` allows 1.x from 1.2; `~> 1.2.3` allows 1.2.x from 1.2.3.
            _ => {
                let fixed = nums.len().saturating_sub(1).max(1);
                version >= want && version[..fixed] == want[..fixed]
            }
        };
        ok &= meets;
    }
    Ok(ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_version_constraints() {
        let v = [1, 11, 4];
        assert_eq!(satisfies(">= 1.0", v), Ok(true));
        assert_eq!(satisfies(">= 1.0.0, < 2.0.0", v), Ok(true));
        assert_eq!(satisfies("~> 1.5", v), Ok(true));
        assert_eq!(satisfies("~> 1.5.0", v), Ok(false));
        assert_eq!(satisfies("~> 1.11.0", v), Ok(true));
        assert_eq!(satisfies(">= 1.12", v), Ok(false));
        assert_eq!(satisfies("1.11.4", v), Ok(true));
        assert_eq!(satisfies("!= 1.11.4", v), Ok(false));
        assert_eq!(satisfies("< 1.11", v), Ok(false));
        assert!(satisfies(">= one", v).is_err());
    }
}
