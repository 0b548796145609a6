//! Filesystem functions: paths as Go's `path/filepath` handles them, file
//! hashes, `fileexists` and `fileset`.

use std::path::{Path, PathBuf};

use super::{want_string, FunctionContext, FunctionError};
use crate::value::Value;

pub(super) fn run(
    name: &str,
    a: &[Value],
    ctx: &FunctionContext,
) -> Option<Result<Value, FunctionError>> {
    Some(match name {
        "abspath" => want_string(a, 0).map(|p| Value::String(abspath(&p))),
        "dirname" => want_string(a, 0).map(|p| Value::String(dirname(&p))),
        "basename" => want_string(a, 0).map(|p| Value::String(basename(&p))),
        "pathexpand" => {
            want_string(a, 0).map(|p| Value::String(pathexpand(&p, ctx.home.as_deref())))
        }
        "fileexists" => want_string(a, 0).and_then(|p| fileexists(ctx, &p)),
        "fileset" => fileset(a, ctx),
        _ => return None,
    })
}

/// Go's `filepath.Clean`: one separator, no `.` elements, `..` resolved
/// lexically, `.` for an empty result.
pub(super) fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

/// Relative paths are taken from the process's working directory, as
/// Terraform does (not from the module's).
fn abspath(p: &str) -> String {
    if p.starts_with('/') {
        return clean(p);
    }
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    clean(&format!("{}/{p}", cwd.display()))
}

fn dirname(p: &str) -> String {
    match p.rfind('/') {
        None => ".".into(),
        Some(i) => clean(&p[..=i]),
    }
}

fn basename(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed).to_string()
}

fn pathexpand(p: &str, home: Option<&Path>) -> String {
    match (p.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", home.display())
        }
        _ => p.to_string(),
    }
}

fn fileexists(ctx: &FunctionContext, p: &str) -> Result<Value, FunctionError> {
    match std::fs::metadata(super::resolve_path(ctx, p)) {
        Ok(m) if m.is_file() => Ok(Value::Bool(true)),
        Ok(m) if m.is_dir() => Err(FunctionError::call(format!(
            "{p:?} is a directory, not a file."
        ))),
        Ok(_) => Err(FunctionError::call(format!(
            "{p:?} is not a regular file, but \"irregular\"."
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Value::Bool(false)),
        Err(e) => Err(FunctionError::call(format!("failed to stat {p:?}: {e}."))),
    }
}

/// The regular files under `path` whose path relative to it matches
/// `pattern` (`*` within one name, `**` across directories), as a set.
fn fileset(a: &[Value], ctx: &FunctionContext) -> Result<Value, FunctionError> {
    let base = want_string(a, 0)?;
    let pattern = want_string(a, 1)?;
    let matcher = globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .build()
        .map_err(|e| FunctionError::call(format!("failed to glob pattern {pattern:?}: {e}.")))?
        .compile_matcher();
    let root = super::resolve_path(ctx, &base);
    let mut found = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                stack.push(path);
            } else if meta.is_file() {
                if let Ok(rel) = path.strip_prefix(&root) {
                    let rel = rel.to_string_lossy().replace('\\', "/");
                    if matcher.is_match(&rel) {
                        found.push(Value::String(rel));
                    }
                }
            }
        }
    }
    Ok(Value::set(found))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_go_filepath() {
        assert_eq!(clean("a//b/./c/.."), "a/b");
        assert_eq!(clean("/../x"), "/x");
        assert_eq!(clean(""), ".");
        assert_eq!(dirname("/a/b/c.txt"), "/a/b");
        assert_eq!(dirname("c.txt"), ".");
        assert_eq!(basename("a/b/"), "b");
        assert_eq!(basename("/"), "/");
    }
}
