//! `gantry fmt`: Terraform's canonical style, plus the rewrite of Terraform
//! 0.11's map-as-block form. Only files that parse are touched, like
//! `terraform fmt`; exit 2 on syntax errors, 3 when `-check` finds work.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use gantry_config::format_text;
use gantry_diagnostics::render::{render, RenderOptions};

use crate::cli::FmtArgs;

fn collect(
    target: &Path,
    recursive: bool,
    top: bool,
    out: &mut Vec<PathBuf>,
) -> Result<(), String> {
    if target.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(target)
            .map_err(|e| format!("Cannot read directory {}: {e}", target.display()))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                if recursive {
                    collect(&p, recursive, false, out)?;
                }
            } else if is_fmt_file(&p) {
                out.push(p);
            }
        }
        Ok(())
    } else if target.is_file() {
        if top && !is_fmt_file(target) {
            return Err("Only .tf and .tfvars files can be processed with gantry fmt".into());
        }
        out.push(target.to_path_buf());
        Ok(())
    } else {
        Err(format!(
            "There is no configuration directory or file at {}",
            target.display()
        ))
    }
}

fn is_fmt_file(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    !name.starts_with('.') && (name.ends_with(".tf") || name.ends_with(".tfvars"))
}

fn unified_diff(old: &str, new: &str, path: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .header(&format!("old/{path}"), &format!("new/{path}"))
        .to_string()
}

pub fn run(args: &FmtArgs) -> u8 {
    let opts = RenderOptions {
        color: false,
        width: 100,
    };
    if args.targets.len() == 1 && args.targets[0] == Path::new("-") {
        let mut src = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut src) {
            eprintln!("Error: failed to read standard input: {e}");
            return 2;
        }
        return match format_text("<stdin>", &src) {
            Ok(mut out) => {
                // `terraform fmt -` always ends its output with a newline
                // (after any spaces that stood before the end of the input).
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                if args.check {
                    return if out == src { 0 } else { 3 };
                }
                if args.diff {
                    print!("{}", unified_diff(&src, &out, "<stdin>"));
                } else {
                    print!("{out}");
                }
                0
            }
            Err(e) => {
                eprint!("{}", render(&e.0, &e.1, opts));
                2
            }
        };
    }
    let mut files = Vec::new();
    for t in &args.targets {
        if let Err(msg) = collect(t, args.recursive, true, &mut files) {
            eprintln!("Error: {msg}");
            return 2;
        }
    }
    let mut status = 0u8;
    let mut map_blocks = MapBlockFixes::default();
    for f in files {
        // Like Terraform, name files relative to the current directory.
        let name = f.strip_prefix(".").unwrap_or(&f).display().to_string();
        let src = match std::fs::read_to_string(&f) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("Error: failed to read {name}: {e}");
                status = 2;
                continue;
            }
        };
        let fixed = map_blocks.apply(&f, &src);
        let out = match format_text(&name, &fixed) {
            Ok(o) => o,
            Err(e) => {
                eprint!("{}", render(&e.0, &e.1, opts));
                status = 2;
                continue;
            }
        };
        if out == src {
            continue;
        }
        if args.list {
            println!("{name}");
        }
        if args.diff {
            print!("{}", unified_diff(&src, &out, &name));
        }
        if args.check {
            if status == 0 {
                status = 3;
            }
            continue;
        }
        if args.write {
            if let Err(e) = std::fs::write(&f, &out) {
                eprintln!("Error: failed to write {name}: {e}");
                status = 2;
            }
        }
    }
    status
}

/// Terraform 0.11 map arguments written as blocks with identifier keys
/// (`tags { Name = "x" }`): only the schema tells them from real blocks,
/// so validation finds them (per module directory, once) and fmt applies
/// the fix its warning promises (`tags = {`). The quoted-key form needs no
/// schema; the formatter rewrites it itself.
#[derive(Default)]
struct MapBlockFixes {
    by_dir: HashMap<PathBuf, FileEdits>,
}

/// Per file name: (start, end, replacement) edits.
type FileEdits = HashMap<String, Vec<(usize, usize, String)>>;

impl MapBlockFixes {
    fn apply(&mut self, file: &Path, src: &str) -> String {
        if file.extension().is_none_or(|e| e != "tf") {
            return src.to_string();
        }
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        let fixes = self
            .by_dir
            .entry(dir.clone())
            .or_insert_with(|| Self::find(&dir));
        let Some(name) = file.file_name().map(|n| n.to_string_lossy().to_string()) else {
            return src.to_string();
        };
        let Some(edits) = fixes.get(&name) else {
            return src.to_string();
        };
        let mut out = src.to_string();
        let mut edits = edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        for (start, end, replacement) in edits {
            if end <= out.len() && out.is_char_boundary(start) && out.is_char_boundary(end) {
                out.replace_range(start..end, &replacement);
            }
        }
        out
    }

    fn find(dir: &Path) -> FileEdits {
        let load_from = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        let (module, _) = gantry_config::load_dir_with(load_from, &gantry_schema::JsonBlocks);
        let diags = gantry_schema::legacy_map_blocks(&module);
        let mut out: std::collections::HashMap<String, Vec<(usize, usize, String)>> =
            Default::default();
        for d in diags
            .iter()
            .filter(|d| d.code == "gantry::syntax::legacy-map-block")
        {
            let Some(fix) = &d.fix else { continue };
            for e in &fix.edits {
                let path = PathBuf::from(module.sources.get(e.span.file).name());
                let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_string()) else {
                    continue;
                };
                out.entry(name).or_default().push((
                    e.span.start,
                    e.span.end,
                    e.replacement.clone(),
                ));
            }
        }
        out
    }
}
