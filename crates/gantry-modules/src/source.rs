//! Module source addresses as Terraform reads them (`addrs.ParseModuleSource`
//! with go-getter's detectors): local paths, registry addresses, git
//! repositories, and the other getters gantry recognises but does not fetch.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `./x` or `../x`, relative to the calling module.
    Local(String),
    /// `[host/]namespace/name/system[//subdir]`.
    Registry(RegistryAddr),
    /// `git::URL[//subdir][?ref=R&depth=N]`, and the shorthands go-getter
    /// turns into it (`github.com/o/r`, `git@host:o/r.git`).
    Git(GitSource),
    /// Another getter (`s3::`, `gcs::`, `hg::`, an archive URL): recognised,
    /// not installed by gantry.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryAddr {
    pub host: String,
    pub namespace: String,
    pub name: String,
    pub system: String,
    pub subdir: Option<String>,
}

impl fmt::Display for RegistryAddr {
    /// As Terraform records it in modules.json: with the host.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}/{}",
            self.host, self.namespace, self.name, self.system
        )?;
        if let Some(s) = &self.subdir {
            write!(f, "//{s}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitSource {
    /// What `git clone` is given: the URL without the subdirectory and
    /// without the `ref` and `depth` arguments, which are go-getter's.
    pub url: String,
    pub reference: Option<String>,
    pub depth: Option<u32>,
    pub subdir: Option<String>,
}

pub const DEFAULT_REGISTRY: &str = "registry.terraform.io";

/// Why a source cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceError(pub String);

pub fn parse(raw: &str) -> Result<Source, SourceError> {
    if gantry_config::model::is_local_source(raw) {
        return Ok(Source::Local(raw.to_string()));
    }
    if raw.is_empty() {
        return Err(SourceError("The module source must not be empty.".into()));
    }
    if let Some(addr) = registry(raw) {
        return Ok(Source::Registry(addr));
    }
    if let Some(rest) = raw.strip_prefix("git::") {
        return git(rest);
    }
    if let Some(rest) = raw.strip_prefix("github.com/") {
        // go-getter's GitHub detector: github.com/OWNER/REPO[//subdir][?ref=]
        let (path, query) = split_query(rest);
        let (path, subdir) = split_subdir(path);
        let mut parts = path.splitn(3, '/');
        let (Some(owner), Some(repo)) = (parts.next(), parts.next()) else {
            return Err(SourceError(format!(
                "GitHub URLs should be github.com/username/repo, not {raw:?}."
            )));
        };
        let repo = repo.trim_end_matches(".git");
        let mut url = format!("https://github.com/{owner}/{repo}.git");
        if let Some(more) = parts.next() {
            url = format!("{url}//{more}");
        }
        let joined = match (subdir, query) {
            (Some(s), Some(q)) => format!("{url}//{s}?{q}"),
            (Some(s), None) => format!("{url}//{s}"),
            (None, Some(q)) => format!("{url}?{q}"),
            (None, None) => url,
        };
        return git(&joined);
    }
    if let Some(rest) = raw.strip_prefix("git@") {
        // scp-like SSH: git@HOST:PATH → ssh://git@HOST/PATH
        let Some((host, path)) = rest.split_once(':') else {
            return Err(SourceError(format!("Invalid SSH git source {raw:?}.")));
        };
        return git(&format!("ssh://git@{host}/{path}"));
    }
    if [
        "s3::",
        "gcs::",
        "hg::",
        "http://",
        "https://",
        "file://",
        "github.com",
        "bitbucket.org",
    ]
    .iter()
    .any(|p| raw.starts_with(p))
        || raw.contains("::")
        || raw.starts_with('/')
    {
        return Ok(Source::Other(raw.to_string()));
    }
    Err(SourceError(format!(
        "The module address {raw:?} could not be resolved: a module source must be a local path beginning with \"./\" or \"../\", a registry address such as \"hashicorp/consul/aws\", or a remote address such as \"git::https://example.com/repo.git\"."
    )))
}

/// `[host/]namespace/name/system[//subdir]`, validated as Terraform's
/// registry addresses are (a part with a dot is a host only first).
fn registry(raw: &str) -> Option<RegistryAddr> {
    let (path, subdir) = split_subdir(raw);
    let parts: Vec<&str> = path.split('/').collect();
    let (host, rest) = match parts.len() {
        3 => (DEFAULT_REGISTRY.to_string(), &parts[..]),
        4 => (parts[0].to_ascii_lowercase(), &parts[1..]),
        _ => return None,
    };
    if parts.len() == 4 && !valid_host(&parts[0].to_ascii_lowercase()) {
        return None;
    }
    let name_ok = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let system_ok = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
    };
    if !name_ok(rest[0]) || !name_ok(rest[1]) || !system_ok(rest[2]) {
        return None;
    }
    Some(RegistryAddr {
        host,
        namespace: rest[0].to_string(),
        name: rest[1].to_string(),
        system: rest[2].to_string(),
        subdir,
    })
}

fn valid_host(h: &str) -> bool {
    h.contains('.') || h.starts_with("localhost") || h.starts_with("127.0.0.1")
}

fn git(rest: &str) -> Result<Source, SourceError> {
    let (url, query) = split_query(rest);
    let (url, subdir) = split_subdir(url);
    let mut reference = None;
    let mut depth = None;
    let mut kept = Vec::new();
    for pair in query
        .iter()
        .flat_map(|q| q.split('&'))
        .filter(|p| !p.is_empty())
    {
        match pair.split_once('=') {
            Some(("ref", v)) => reference = Some(v.to_string()),
            Some(("depth", v)) => {
                depth = Some(v.parse().map_err(|_| {
                    SourceError(format!(
                        "The depth argument of a git source must be a number, not {v:?}."
                    ))
                })?)
            }
            _ => kept.push(pair),
        }
    }
    let url = if kept.is_empty() {
        url.to_string()
    } else {
        format!("{url}?{}", kept.join("&"))
    };
    Ok(Source::Git(GitSource {
        url,
        reference,
        depth,
        subdir,
    }))
}

fn split_query(s: &str) -> (&str, Option<&str>) {
    match s.split_once('?') {
        Some((a, q)) => (a, Some(q)),
        None => (s, None),
    }
}

/// go-getter's `SourceDirSubdir`: a `//` after the scheme's `://` starts
/// the subdirectory.
fn split_subdir(s: &str) -> (&str, Option<String>) {
    let from = s.find("://").map_or(0, |i| i + 3);
    match s[from..].find("//") {
        Some(i) => {
            let at = from + i;
            let sub = s[at + 2..].trim_matches('/');
            (&s[..at], (!sub.is_empty()).then(|| sub.to_string()))
        }
        None => (s, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn git_of(raw: &str) -> GitSource {
        match parse(raw) {
            Ok(Source::Git(g)) => g,
            other => panic!("{raw}: {other:?}"),
        }
    }

    #[test]
    fn kinds_as_terraform_tells_them_apart() {
        assert_eq!(parse("./api"), Ok(Source::Local("./api".into())));
        let Ok(Source::Registry(r)) = parse("terraform-aws-modules/vpc/aws//modules/x") else {
            panic!()
        };
        assert_eq!(
            r.to_string(),
            "registry.terraform.io/terraform-aws-modules/vpc/aws//modules/x"
        );
        let Ok(Source::Registry(r)) = parse("app.terraform.io/acme/api/aws") else {
            panic!()
        };
        assert_eq!(r.host, "app.terraform.io");
        assert!(matches!(
            parse("s3::https://s3.amazonaws.com/b/m.zip"),
            Ok(Source::Other(_))
        ));
        assert!(parse("not a source").is_err());
    }

    #[test]
    fn git_sources_split_subdir_and_ref() {
        let g = git_of("git::file:///tmp/repo.git//modules/route?ref=v1.0.0");
        assert_eq!(g.url, "file:///tmp/repo.git");
        assert_eq!(g.subdir.as_deref(), Some("modules/route"));
        assert_eq!(g.reference.as_deref(), Some("v1.0.0"));
        let g = git_of("git::https://example.com/r.git?ref=main&depth=1");
        assert_eq!(
            (g.url.as_str(), g.depth),
            ("https://example.com/r.git", Some(1))
        );
        let g = git_of("github.com/acme/api//mod?ref=v2");
        assert_eq!(g.url, "https://github.com/acme/api.git");
        assert_eq!(g.subdir.as_deref(), Some("mod"));
        let g = git_of("git@github.com:acme/api.git");
        assert_eq!(g.url, "ssh://git@github.com/acme/api.git");
    }
}
