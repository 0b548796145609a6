//! Reading a directory of `.tf` files into a [`Module`].
//!
//! Files are read in lexical order like Terraform. A file with a syntax error
//! contributes its diagnostic and nothing else; the other files still load,
//! so one typo does not hide every other problem.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use gantry_diagnostics::{Diagnostic, Diagnostics, Edit, FileId, Fix, SourceFile, Sources, Span};
use gantry_syntax::legacy::rewrite_scanned;

use crate::build::Builder;
use crate::json_syntax::{self, NestedBlocks, NoSchema};
use crate::model::*;
use crate::pieces::{ParseCache, Parsed, Piece, PieceMap};

/// Loads every `*.tf` and `*.tf.json` file of `dir`, reading JSON bodies
/// without a schema (see [`load_dir_with`]).
pub fn load_dir(dir: &Path) -> (Module, Diagnostics) {
    load_dir_with(dir, &NoSchema)
}

/// Loads every `*.tf` and `*.tf.json` file of `dir`; `blocks` tells which
/// nested objects of a JSON resource or provider body are blocks.
pub fn load_dir_with(dir: &Path, blocks: &dyn NestedBlocks) -> (Module, Diagnostics) {
    let mut diags = Diagnostics::new();
    let mut files = Vec::new();
    match read_dir(dir) {
        Ok(read) => {
            for (path, text) in read {
                match text {
                    Ok(text) => files.push((display_name(dir, &path), text)),
                    Err(d) => diags.push(d),
                }
            }
        }
        Err(d) => diags.push(*d),
    }
    if files.is_empty() && !diags.has_errors() {
        diags.push(
            Diagnostic::error("gantry::load::empty", "No configuration files").with_detail(
                format!("The directory {} contains no .tf files.", dir.display()),
            ),
        );
    }
    let (mut module, more) = load_sources_with(dir, files, blocks);
    diags.extend(more);
    crate::children::load_children(&mut module, blocks, &mut diags);
    (module, diags)
}

/// One `*.tf` file of a directory: its text, or why it cannot be used.
pub type ReadFile = (PathBuf, Result<String, Diagnostic>);

/// Whether `path` names a configuration file: `*.tf` or `*.tf.json`.
pub fn is_config_file(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy());
    name.is_some_and(|n| n.ends_with(".tf") || n.ends_with(".tf.json"))
}

/// The `*.tf` and `*.tf.json` files of `dir` in lexical order, each with its text or the
/// diagnostic for a file that cannot be read or is not UTF-8; `Err` when
/// the directory itself cannot be read. `load_dir` loads them; the language
/// server puts the editor's texts in their place.
pub fn read_dir(dir: &Path) -> Result<Vec<ReadFile>, Box<Diagnostic>> {
    Ok(config_files(dir)?
        .into_iter()
        .map(|path| {
            let text = read_file(&path).map_err(|d| *d);
            (path, text)
        })
        .collect())
}

/// The `*.tf` and `*.tf.json` files of `dir` in lexical order; `Err` when
/// the directory cannot be read.
pub fn config_files(dir: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Box::new(
            Diagnostic::error("gantry::load::dir", "Failed to read module directory").with_detail(
                format!(
                    "Module directory {} does not exist or cannot be read: {e}",
                    dir.display()
                ),
            ),
        )
    })?;
    let mut names: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_config_file(p))
        .collect();
    names.sort();
    Ok(names)
}

/// The text of one configuration file, or the diagnostic for a file that
/// cannot be read or is not UTF-8.
pub fn read_file(path: &Path) -> Result<String, Box<Diagnostic>> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Box::new(
                Diagnostic::error("gantry::load::encoding", "Invalid file encoding")
                    .with_detail(format!("{} is not valid UTF-8.", path.display())),
            )
        }),
        Err(e) => Err(Box::new(
            Diagnostic::error("gantry::load::read", "Failed to read file")
                .with_detail(format!("{}: {e}", path.display())),
        )),
    }
}

pub fn display_name(dir: &Path, path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if dir == Path::new(".") || dir.as_os_str().is_empty() {
        name
    } else {
        dir.join(name).display().to_string()
    }
}

/// Loads already-read files (name, text); used by `load_dir`, the language
/// server and tests. JSON bodies are read without a schema.
pub fn load_sources(dir: &Path, files: Vec<(String, String)>) -> (Module, Diagnostics) {
    load_sources_with(dir, files, &NoSchema)
}

/// [`load_sources`] with a schema's answer for JSON bodies.
pub fn load_sources_with(
    dir: &Path,
    files: Vec<(String, String)>,
    blocks: &dyn NestedBlocks,
) -> (Module, Diagnostics) {
    load_into(dir, Sources::new(), files, blocks)
}

/// [`load_sources_with`], parsing each HCL file in top-level pieces and
/// keeping them in `cache`: a load of the same files after an edit parses
/// only the pieces the edit changed (see [`crate::pieces`]). The module and
/// diagnostics are those [`load_sources_with`] gives.
pub fn load_sources_cached(
    dir: &Path,
    files: Vec<(String, String)>,
    blocks: &dyn NestedBlocks,
    cache: &mut ParseCache,
) -> (Module, Diagnostics) {
    let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    let loaded = load_with(dir, Sources::new(), files, blocks, Some(cache));
    cache.retain(&names.iter().map(String::as_str).collect::<Vec<_>>());
    loaded
}

/// [`load_sources_with`], numbering the files after those of `sources`
/// (a called module's files share its caller's numbering, so that one
/// [`Sources`] renders the diagnostics of the whole configuration).
pub fn load_into(
    dir: &Path,
    sources: Sources,
    files: Vec<(String, String)>,
    blocks: &dyn NestedBlocks,
) -> (Module, Diagnostics) {
    load_with(dir, sources, files, blocks, None)
}

/// A file's parse: whole, or in pieces.
enum FileBody {
    Whole(hcl_edit::structure::Body),
    Pieces(Vec<(usize, Arc<Piece>)>),
}

fn load_with(
    dir: &Path,
    sources: Sources,
    files: Vec<(String, String)>,
    blocks: &dyn NestedBlocks,
    mut cache: Option<&mut ParseCache>,
) -> (Module, Diagnostics) {
    let mut module = Module::default();
    module.dir = dir.to_path_buf();
    module.sources = sources;
    let mut diags = Diagnostics::new();
    // Each file is built as soon as it is parsed, so that only one file's
    // parse exists at a time (in file order: the first of two duplicate
    // declarations is the one in the file that sorts first).
    for (name, text) in files {
        let parsed = if gantry_diagnostics::is_json_syntax(&name) {
            parse_json_file(&mut module, name, text, blocks, &mut diags)
                .map(|(f, b)| (f, FileBody::Whole(b)))
        } else if let Some(cache) = cache.as_deref_mut() {
            parse_file_in_pieces(&mut module, name, text, cache, &mut diags)
        } else {
            parse_file(&mut module, name, text, &mut diags).map(|(f, b)| (f, FileBody::Whole(b)))
        };
        let Some((file, body)) = parsed else {
            continue;
        };
        let mut b = Builder {
            module: &mut module,
            diags: &mut diags,
            file,
            iterators: Vec::new(),
        };
        match body {
            FileBody::Whole(body) => b.top_level_owned(body),
            FileBody::Pieces(pieces) => {
                for (_, piece) in &pieces {
                    if let Parsed::Body(body) = &piece.parsed {
                        b.top_level(body);
                    }
                }
            }
        }
    }
    (module, diags)
}

/// [`parse_file`] in top-level pieces, reusing the parses in `cache`.
/// When a piece does not parse, the file is parsed whole: the pieces are
/// cut where gantry's lexer sees top-level boundaries, and in a broken text
/// hcl-edit may see them elsewhere (a quoted string across lines), so only
/// a whole-file parse reports the error where `validate` does. While the
/// text is broken, each check pays for that parse.
fn parse_file_in_pieces(
    module: &mut Module,
    name: String,
    text: String,
    cache: &mut ParseCache,
    diags: &mut Diagnostics,
) -> Option<(FileId, FileBody)> {
    let pieces = cache.pieces(&name, &text);
    let file = module.sources.add(SourceFile::new(name, text));
    if pieces
        .iter()
        .any(|(_, p)| !matches!(p.parsed, Parsed::Body(_)))
    {
        return parse_added(module, file, diags).map(|(f, b)| (f, FileBody::Whole(b)));
    }
    module.maps.push(FileMap {
        file,
        origin: Origin::Pieces(PieceMap::new(&pieces)),
    });
    for (start, piece) in &pieces {
        for b in &piece.legacy {
            diags.push(legacy_warning_at(file, b, *start));
        }
    }
    Some((file, FileBody::Pieces(pieces)))
}

/// Open template contexts at the end of a file from which on gantry reports
/// the syntax error itself instead of parsing (see [`parse_added`]).
pub(crate) const UNCLOSED_LIMIT: usize = 6;

/// Registers one file in `module` and parses it after the 0.11 rewrite:
/// its body, or `None` with the syntax diagnostic pushed.
fn parse_file(
    module: &mut Module,
    name: String,
    text: String,
    diags: &mut Diagnostics,
) -> Option<(FileId, hcl_edit::structure::Body)> {
    let file = module.sources.add(SourceFile::new(name, text));
    parse_added(module, file, diags)
}

/// [`parse_file`] for a file already in `module.sources`.
fn parse_added(
    module: &mut Module,
    file: FileId,
    diags: &mut Diagnostics,
) -> Option<(FileId, hcl_edit::structure::Body)> {
    let (rewritten, legacy, unclosed) = rewrite_scanned(module.sources.get(file).text());
    for b in &legacy {
        diags.push(legacy_warning(file, b));
    }
    // hcl-edit backtracks exponentially through deeply nested brackets and
    // template contexts that are never closed (the fuzzer found texts of
    // about 1 KB that take minutes). Such a text cannot parse; say so
    // without asking it.
    if unclosed.len() >= UNCLOSED_LIMIT {
        let at = unclosed[unclosed.len() - 1].start;
        module.maps.push(FileMap {
            file,
            origin: Origin::Hcl(rewritten),
        });
        let src = module.sources.get(file).text();
        diags.push(unclosed_error(src, file, at, unclosed.len()));
        return None;
    }
    let parsed = hcl_edit::parser::parse_body(&rewritten.text);
    module.maps.push(FileMap {
        file,
        origin: Origin::Hcl(rewritten),
    });
    parsed_body(module, file, parsed, diags)
}

/// A `.tf.json` file, translated to HCL (see [`crate::json_syntax`]).
fn parse_json_file(
    module: &mut Module,
    name: String,
    text: String,
    blocks: &dyn NestedBlocks,
    diags: &mut Diagnostics,
) -> Option<(FileId, hcl_edit::structure::Body)> {
    let file = module.sources.add(SourceFile::new(name, text));
    let src = module.sources.get(file).text();
    let translated = match json_syntax::translate(file, src, blocks) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    diags.extend(translated.diagnostics);
    let parsed = hcl_edit::parser::parse_body(&translated.text);
    module.maps.push(FileMap {
        file,
        origin: Origin::Json(translated.map),
    });
    parsed_body(module, file, parsed, diags)
}

/// The parsed body, or `None` with the syntax error reported at its
/// place in the original text.
fn parsed_body(
    module: &mut Module,
    file: FileId,
    parsed: Result<hcl_edit::structure::Body, hcl_edit::parser::Error>,
    diags: &mut Diagnostics,
) -> Option<(FileId, hcl_edit::structure::Body)> {
    match parsed {
        Ok(body) => Some((file, body)),
        Err(e) => {
            let at = module.span(file, e.location().offset()..e.location().offset());
            let src = module.sources.get(file).text();
            let end = next_char_end(src, at.start);
            diags.push(syntax_error(src, file, at.start, end, e.message()));
            None
        }
    }
}

/// One expression on its own (what the console reads), registered in
/// `module.sources` as `name` so its diagnostics render; the syntax error
/// otherwise.
pub fn parse_expression(
    module: &mut Module,
    name: &str,
    text: &str,
) -> Result<Expr, Box<Diagnostic>> {
    let file = module.sources.add(SourceFile::new(name, text));
    match hcl_edit::parser::parse_expr(text) {
        Ok(expr) => Ok(Expr {
            file,
            expr,
            span: Span::new(file, 0..text.len()),
            iterators: Vec::new(),
        }),
        Err(e) => {
            let at = e.location().offset().min(text.len());
            let end = next_char_end(text, at);
            Err(Box::new(syntax_error(text, file, at, end, e.message())))
        }
    }
}

/// `src` with Terraform 0.11 map blocks rewritten, if it is valid HCL;
/// otherwise the syntax diagnostic and the sources to render it. This is
/// what `fmt` needs: it touches only files that parse.
pub fn rewrite_checked(name: &str, src: &str) -> Result<String, Box<(Sources, Diagnostic)>> {
    let mut module = Module::default();
    let mut diags = Diagnostics::new();
    if parse_file(&mut module, name.to_string(), src.to_string(), &mut diags).is_some() {
        return Ok(match module.maps.pop().map(|m| m.origin) {
            Some(Origin::Hcl(r)) => r.text,
            _ => String::new(),
        });
    }
    let syntax = diags.into_iter().find(|d| d.code == "gantry::syntax");
    let syntax =
        syntax.unwrap_or_else(|| Diagnostic::error("gantry::syntax", "Invalid HCL syntax"));
    Err(Box::new((module.sources, syntax)))
}

/// One file in canonical style (`terraform fmt`'s, with the 0.11 map
/// blocks rewritten): what `gantry fmt` writes and what the language server
/// answers a formatting request with. `Err` as in [`rewrite_checked`].
pub fn format_text(name: &str, src: &str) -> Result<String, Box<(Sources, Diagnostic)>> {
    let text = rewrite_checked(name, src)?;
    Ok(gantry_syntax::format_source(&text))
}

/// A parse error as a diagnostic. hcl-edit reports a repeated argument as a
/// parse error; Terraform calls it "Attribute redefined", and so do we.
fn syntax_error(src: &str, file: FileId, start: usize, end: usize, message: &str) -> Diagnostic {
    if message.contains("redefined attribute") {
        let name: String = src[start..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let name_end = (start + name.len().max(1)).min(src.len());
        return Diagnostic::error("gantry::syntax", "Attribute redefined")
            .with_detail(format!(
                "The argument \"{name}\" was already set. Each argument may be set only once."
            ))
            .with_span(Span::new(file, start..name_end));
    }
    Diagnostic::error("gantry::syntax", "Invalid HCL syntax")
        .with_detail(capitalize(message))
        .with_span(Span::new(file, start..end))
        .with_label(message.to_string())
}

/// `count` contexts left open, the innermost at `at`.
fn unclosed_error(src: &str, file: FileId, at: usize, count: usize) -> Diagnostic {
    syntax_error(
        src,
        file,
        at,
        next_char_end(src, at),
        &format!(
            "{count} brackets, template sequences, strings or heredocs are never closed; this one is the innermost"
        ),
    )
}

fn next_char_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .map_or(at, |c| at + c.len_utf8())
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn legacy_warning(file: FileId, b: &gantry_syntax::LegacyMapBlock) -> Diagnostic {
    legacy_warning_at(file, b, 0)
}

/// The warning for `b`, whose offsets are counted from `start` of the file.
fn legacy_warning_at(file: FileId, b: &gantry_syntax::LegacyMapBlock, start: usize) -> Diagnostic {
    legacy_map_block_warning(
        &b.name,
        Span::new(file, start + b.name_start..start + b.name_end),
        "Argument names must not be quoted",
    )
}

/// The warning for a map argument written as a block (Terraform 0.11), with
/// the fix that inserts ` =` after the name. `terraform_error` is what
/// Terraform 0.12+ says about the form.
pub fn legacy_map_block_warning(name: &str, name_span: Span, terraform_error: &str) -> Diagnostic {
    Diagnostic::warning("gantry::syntax::legacy-map-block", "Map argument written as a block (Terraform 0.11 syntax)")
        .with_detail(format!(
            "\"{name}\" is a map argument written in the block form of Terraform 0.11. Terraform 0.12 and later reject it (\"{terraform_error}\"); gantry reads it as `{name} = {{ ... }}`."
        ))
        .with_span(name_span)
        .with_label("map written as a block")
        .with_help("run `gantry fmt` to rewrite it with an equals sign")
        .with_fix(Fix {
            message: format!("write `{name} = {{`"),
            edits: vec![Edit {
                span: Span::new(name_span.file, name_span.end..name_span.end),
                replacement: " =".into(),
            }],
        })
}
