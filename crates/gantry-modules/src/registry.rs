//! The module registry protocol, as `terraform init` speaks it: service
//! discovery (`/.well-known/terraform.json`, or a `host` block of the CLI
//! configuration), the versions list, and the download endpoint whose
//! `X-Terraform-Get` names the real source.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use gantry_config::version;

use crate::source::RegistryAddr;

/// Where the registries' module APIs are.
pub struct Registry {
    agent: ureq::Agent,
    /// `host "NAME" { services = { "modules.v1" = URL } }` from the CLI
    /// configuration: these hosts are not asked for discovery.
    configured: BTreeMap<String, String>,
    discovered: BTreeMap<String, String>,
}

impl Registry {
    /// A client that knows the `host` blocks of Terraform's CLI
    /// configuration (`TF_CLI_CONFIG_FILE`, else `~/.terraformrc`).
    pub fn from_cli_config() -> Registry {
        let path = std::env::var_os("TF_CLI_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".terraformrc")));
        let text = path
            .and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default();
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build();
        Registry {
            agent: ureq::Agent::new_with_config(config),
            configured: host_services(&text),
            discovered: BTreeMap::new(),
        }
    }

    /// The base URL of `host`'s modules API (ends in `/`).
    fn modules_base(&mut self, host: &str) -> Result<String, String> {
        if let Some(url) = self
            .configured
            .get(host)
            .or_else(|| self.discovered.get(host))
        {
            return Ok(url.clone());
        }
        let doc_url = format!("https://{host}/.well-known/terraform.json");
        let (status, _, body) = self
            .get(&doc_url)
            .map_err(|e| format!("failed to request discovery document: {e}"))?;
        if status != 200 {
            return Err(format!(
                "failed to request discovery document: {doc_url} answered {status}"
            ));
        }
        let doc: serde_json::Value = serde_json::from_str(&body)
            .map_err(|e| format!("invalid discovery document from {host}: {e}"))?;
        let Some(base) = doc["modules.v1"].as_str() else {
            return Err(format!("host {host} does not provide a module registry"));
        };
        let mut base = resolve(&doc_url, base);
        if !base.ends_with('/') {
            base.push('/');
        }
        self.discovered.insert(host.to_string(), base.clone());
        Ok(base)
    }

    /// Every version the registry offers of `addr`.
    pub fn versions(&mut self, addr: &RegistryAddr) -> Result<Vec<String>, String> {
        let base = self.modules_base(&addr.host)?;
        let url = format!(
            "{base}{}/{}/{}/versions",
            addr.namespace, addr.name, addr.system
        );
        let (status, _, body) = self.get(&url)?;
        match status {
            200 => {}
            404 => return Err(format!("module {addr} does not exist in the registry")),
            s => return Err(format!("{url} answered {s}")),
        }
        let doc: serde_json::Value =
            serde_json::from_str(&body).map_err(|e| format!("invalid versions list: {e}"))?;
        Ok(doc["modules"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|m| m["versions"].as_array().into_iter().flatten())
            .filter_map(|v| v["version"].as_str().map(str::to_string))
            .collect())
    }

    /// The source the registry gives for `version` of `addr`: a go-getter
    /// address (`git::…`, an archive URL), resolved against the download
    /// URL when relative.
    pub fn download_source(
        &mut self,
        addr: &RegistryAddr,
        version: &str,
    ) -> Result<String, String> {
        let base = self.modules_base(&addr.host)?;
        let url = format!(
            "{base}{}/{}/{}/{version}/download",
            addr.namespace, addr.name, addr.system
        );
        let (status, get, body) = self.get(&url)?;
        let location = match (status, get) {
            (204, Some(get)) | (200, Some(get)) => get,
            (200, None) => serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|d| d["location"].as_str().map(str::to_string))
                .ok_or_else(|| format!("{url} gave no location"))?,
            (s, _) => return Err(format!("{url} answered {s}")),
        };
        Ok(resolve(&url, &location))
    }

    /// Status, `X-Terraform-Get` and body of a GET.
    fn get(&self, url: &str) -> Result<(u16, Option<String>, String), String> {
        let mut resp = self
            .agent
            .get(url)
            .header("X-Terraform-Version", "1.11.4")
            .call()
            .map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let get = resp
            .headers()
            .get("X-Terraform-Get")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.body_mut().read_to_string().unwrap_or_default();
        Ok((status, get, body))
    }
}

/// The newest release among `versions` meeting `constraint` (any, when
/// none is given); pre-releases only when the constraint names one exactly.
pub fn choose(versions: &[String], constraint: Option<&str>) -> Result<String, String> {
    let mut best: Option<([u64; 3], &String)> = None;
    for v in versions {
        let Some((num, pre)) = version::parse(v) else {
            continue;
        };
        let ok = match constraint {
            Some(c) if pre => c.trim().trim_start_matches('=').trim() == v,
            Some(c) => version::satisfies(c, num)?,
            None => !pre,
        };
        if ok && best.is_none_or(|(b, _)| num > b) {
            best = Some((num, v));
        }
    }
    best.map(|(_, v)| v.clone()).ok_or_else(|| {
        let newest = versions
            .iter()
            .filter_map(|v| version::parse(v).filter(|(_, pre)| !pre).map(|(n, _)| (n, v)))
            .max()
            .map_or("none".to_string(), |(_, v)| v.clone());
        format!("no available version matches the constraint {:?}; the newest available version is {newest}", constraint.unwrap_or(""))
    })
}

/// `location` relative to `base`, as URLs resolve (go-getter addresses
/// with a forced getter are absolute).
fn resolve(base: &str, location: &str) -> String {
    if location.contains("::") || location.contains("://") {
        return location.to_string();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if let Some(rest) = location.strip_prefix('/') {
        return format!("{}/{rest}", &base[..host_end]);
    }
    let dir_end = base
        .rfind('/')
        .filter(|i| *i >= host_end)
        .map_or(base.len(), |i| i + 1);
    let mut out = base[..dir_end].to_string();
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(location.trim_start_matches("./"));
    out
}

/// The `modules.v1` services of the CLI configuration's `host` blocks.
fn host_services(text: &str) -> BTreeMap<String, String> {
    use hcl_edit::expr::{Expression, ObjectKey};
    let mut out = BTreeMap::new();
    let Ok(body) = hcl_edit::parser::parse_body(text) else {
        return out;
    };
    for block in body.blocks().filter(|b| b.ident.as_str() == "host") {
        let Some(host) = block
            .labels
            .first()
            .map(|l| l.as_str().to_ascii_lowercase())
        else {
            continue;
        };
        let Some(Expression::Object(services)) =
            block.body.get_attribute("services").map(|a| &a.value)
        else {
            continue;
        };
        for (key, value) in services.iter() {
            let name = match key {
                ObjectKey::Ident(i) => i.as_str().to_string(),
                ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                _ => continue,
            };
            if let (true, Expression::String(url)) = (name == "modules.v1", value.expr()) {
                let mut url = url.value().to_string();
                if !url.ends_with('/') {
                    url.push('/');
                }
                out.insert(host.clone(), url);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_matching_release() {
        let vs: Vec<String> = ["1.0.0", "1.2.0", "2.0.0", "2.1.0-beta"]
            .map(String::from)
            .to_vec();
        assert_eq!(choose(&vs, Some("~> 1.0")), Ok("1.2.0".into()));
        assert_eq!(choose(&vs, None), Ok("2.0.0".into()));
        assert_eq!(choose(&vs, Some("2.1.0-beta")), Ok("2.1.0-beta".into()));
        assert!(choose(&vs, Some(">= 3"))
            .unwrap_err()
            .contains("newest available version is 2.0.0"));
    }

    #[test]
    fn locations_resolve_as_urls() {
        let base = "https://r.example.com/v1/modules/a/b/c/1.0.0/download";
        assert_eq!(
            resolve(base, "git::https://x/y.git?ref=v1"),
            "git::https://x/y.git?ref=v1"
        );
        assert_eq!(
            resolve(base, "/archive/x.tar.gz"),
            "https://r.example.com/archive/x.tar.gz"
        );
        assert_eq!(
            resolve(base, "./x.tar.gz"),
            "https://r.example.com/v1/modules/a/b/c/1.0.0/x.tar.gz"
        );
    }

    #[test]
    fn host_blocks_of_the_cli_configuration() {
        let cfg = "host \"Registry.Example.com\" {\n  services = {\n    \"modules.v1\" = \"http://127.0.0.1:9/v1/modules\"\n  }\n}\n";
        assert_eq!(
            host_services(cfg)
                .get("registry.example.com")
                .map(String::as_str),
            Some("http://127.0.0.1:9/v1/modules/")
        );
    }
}
