//! Git sources, fetched with the `git` command as go-getter does: clone,
//! then check out the `ref` (a shallow clone of it with `depth`).

use std::path::Path;
use std::process::Command;

use crate::source::GitSource;

/// Clones `g` into `dest`, replacing whatever is there.
pub fn fetch(g: &GitSource, dest: &Path) -> Result<(), String> {
    if dest.exists() {
        std::fs::remove_dir_all(dest)
            .map_err(|e| format!("cannot replace {}: {e}", dest.display()))?;
    }
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let mut clone = vec!["clone".to_string(), "--quiet".to_string()];
    if let Some(depth) = g.depth {
        clone.push(format!("--depth={depth}"));
        if let Some(r) = &g.reference {
            clone.push(format!("--branch={r}"));
        }
    }
    clone.push("--".into());
    clone.push(g.url.clone());
    clone.push(dest.display().to_string());
    run(None, &clone)?;
    if let (Some(r), None) = (&g.reference, g.depth) {
        run(
            Some(dest),
            &["checkout".into(), "--quiet".into(), r.clone()],
        )?;
    }
    Ok(())
}

fn run(dir: Option<&Path>, args: &[String]) -> Result<(), String> {
    let mut cmd = Command::new("git");
    if let Some(d) = dir {
        cmd.current_dir(d);
    }
    // Never wait for a password on a terminal nobody watches.
    cmd.env("GIT_TERMINAL_PROMPT", "0").args(args);
    let out = cmd
        .output()
        .map_err(|e| format!("cannot run git (is it installed?): {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "git {} failed: {}",
            args.first().map_or("", String::as_str),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}
