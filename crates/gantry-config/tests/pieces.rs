//! Loading in top-level pieces with a parse cache (the language server's
//! loads) gives the module and diagnostics a whole-file load gives, after
//! any sequence of edits, and parses again only what an edit changed.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gantry_config::model::{Body, Expr};
use gantry_config::{load_sources, load_sources_cached, Module, ParseCache};

/// Every span a load produces that a user sees: the diagnostics, the
/// declarations' spans, each argument's, each expression's own and each of
/// its references' (these map spans from inside the parsed expressions).
fn fingerprint(module: &Module, diags: &gantry_diagnostics::Diagnostics) -> String {
    let mut out = String::new();
    for d in diags.iter() {
        writeln!(out, "{d:?}").unwrap();
    }
    let expr = |out: &mut String, e: &Expr| {
        let own = module.node_span(e.file, &e.expr, e.span);
        write!(out, " expr {:?} own {:?}", e.span, own).unwrap();
        let (refs, more) = gantry_config::references::collect(module, e);
        for r in refs {
            write!(out, " ref {:?}", r).unwrap();
        }
        for d in more.iter() {
            write!(out, " diag {d:?}").unwrap();
        }
        out.push('\n');
    };
    fn body(out: &mut String, b: &Body, expr: &dyn Fn(&mut String, &Expr)) {
        for a in &b.attributes {
            write!(out, "  {} {:?} {:?}", a.name, a.name_span, a.span).unwrap();
            expr(out, &a.value);
        }
        for blk in &b.blocks {
            writeln!(
                out,
                "  block {} {:?} {:?} {:?}",
                blk.kind, blk.kind_span, blk.labels, blk.span
            )
            .unwrap();
            body(out, &blk.body, expr);
        }
    }
    for r in &module.resources {
        writeln!(
            out,
            "{} {:?} {:?} {:?} {:?} {:?}",
            r.address(),
            r.type_span,
            r.name_span,
            r.header_span,
            r.span,
            r.depends_on
        )
        .unwrap();
        for e in r.count.iter().chain(&r.for_each) {
            expr(&mut out, e);
        }
        body(&mut out, &r.body, &expr);
    }
    for v in module.variables.values() {
        write!(out, "var {} {:?} {:?}", v.name, v.name_span, v.header_span).unwrap();
        match &v.default {
            Some(e) => expr(&mut out, e),
            None => out.push('\n'),
        }
    }
    for l in module.locals.values() {
        write!(out, "local {} {:?}", l.name, l.name_span).unwrap();
        expr(&mut out, &l.value);
    }
    for o in module.outputs.values() {
        write!(out, "output {} {:?}", o.name, o.name_span).unwrap();
        match &o.value {
            Some(e) => expr(&mut out, e),
            None => out.push('\n'),
        }
    }
    for p in &module.providers {
        writeln!(out, "provider {} {:?}", p.name, p.name_span).unwrap();
        body(&mut out, &p.body, &expr);
    }
    for c in module.calls.values() {
        writeln!(out, "module {} {:?} {:?}", c.name, c.name_span, c.span).unwrap();
        for a in &c.inputs {
            write!(out, "  {} {:?}", a.name, a.name_span).unwrap();
            expr(&mut out, &a.value);
        }
    }
    out
}

fn whole(dir: &Path, files: &[(String, String)]) -> String {
    let (m, d) = load_sources(dir, files.to_vec());
    fingerprint(&m, &d)
}

fn pieced(dir: &Path, files: &[(String, String)], cache: &mut ParseCache) -> String {
    let (m, d) = load_sources_cached(
        dir,
        files.to_vec(),
        &gantry_config::json_syntax::NoSchema,
        cache,
    );
    fingerprint(&m, &d)
}

/// Equal fingerprints, or the first line that differs.
#[track_caller]
fn assert_same(got: &str, want: &str, context: &str) {
    if got == want {
        return;
    }
    let line = got
        .lines()
        .zip(want.lines())
        .find(|(g, w)| g != w)
        .unwrap_or(("(shorter)", "(longer)"));
    panic!("{context}\nin pieces: {}\nwhole:     {}", line.0, line.1);
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every directory of `.tf` files under `examples/` and `testdata/`.
fn corpus() -> Vec<(PathBuf, Vec<(String, String)>)> {
    let mut dirs = vec![repo().join("examples"), repo().join("testdata")];
    let mut out = Vec::new();
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files = Vec::new();
        for e in entries.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "tf") {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    files.push((p.display().to_string(), text));
                }
            }
        }
        files.sort();
        if !files.is_empty() {
            out.push((dir, files));
        }
    }
    assert!(out.len() > 100, "the corpus is there: {}", out.len());
    out
}

#[test]
fn every_corpus_directory_loads_in_pieces_as_whole() {
    for (dir, files) in corpus() {
        let mut cache = ParseCache::default();
        let context = dir.display().to_string();
        assert_same(
            &pieced(&dir, &files, &mut cache),
            &whole(&dir, &files),
            &context,
        );
        // Loaded again unchanged: nothing is parsed, the result is the same.
        let parsed = cache.pieces_parsed();
        assert_same(
            &pieced(&dir, &files, &mut cache),
            &whole(&dir, &files),
            &context,
        );
        assert_eq!(cache.pieces_parsed(), parsed, "{}", dir.display());
    }
}

const BLOCKS: usize = 40;

fn big_file() -> String {
    let mut s = String::from("variable \"v\" {\n  default = \"x\"\n}\n");
    for i in 0..BLOCKS {
        write!(
            s,
            "\n# block {i}\nresource \"aws_api_gateway_resource\" \"r{i}\" {{\n  rest_api_id = var.v\n  path_part   = \"p${{var.v}}{i}\"\n  request_templates {{\n    \"application/json\" = <<EOF\n{{ \"n\": {i} }}\nEOF\n  }}\n}}\n"
        )
        .unwrap();
    }
    s
}

#[test]
fn an_edit_in_one_block_parses_that_block_again_only() {
    let dir = Path::new("/nowhere");
    let text = big_file();
    let mut cache = ParseCache::default();
    let files = |t: &str| vec![("main.tf".to_string(), t.to_string())];
    pieced(dir, &files(&text), &mut cache);
    assert_eq!(cache.pieces_parsed(), BLOCKS + 1);

    // Typing in the middle of block 20: its spans and everything after
    // move; only block 20 is parsed again.
    let at = text.find("\"p${var.v}20\"").unwrap() + 2;
    let mut edited = text.clone();
    edited.insert_str(at, "abc");
    assert_same(
        &pieced(dir, &files(&edited), &mut cache),
        &whole(dir, &files(&edited)),
        "edited",
    );
    assert_eq!(cache.pieces_parsed(), BLOCKS + 2);

    // A syntax error there, then its fix.
    let mut broken = edited.clone();
    broken.insert_str(at, "\" = ");
    let got = pieced(dir, &files(&broken), &mut cache);
    assert_same(&got, &whole(dir, &files(&broken)), "broken");
    assert!(got.contains("gantry::syntax"), "{got}");
    assert_eq!(cache.pieces_parsed(), BLOCKS + 3);
    assert_same(
        &pieced(dir, &files(&edited), &mut cache),
        &whole(dir, &files(&edited)),
        "edited",
    );
    assert_eq!(
        cache.pieces_parsed(),
        BLOCKS + 4,
        "only the fixed block is parsed again"
    );

    // Deleting a whole block, and pasting it back.
    let start = edited.find("\n# block 7\n").unwrap();
    let end = edited.find("\n# block 8\n").unwrap();
    let mut cut = edited.clone();
    cut.replace_range(start..end, "");
    assert_same(
        &pieced(dir, &files(&cut), &mut cache),
        &whole(dir, &files(&cut)),
        "cut",
    );
    assert_same(
        &pieced(dir, &files(&edited), &mut cache),
        &whole(dir, &files(&edited)),
        "edited",
    );
    assert!(cache.pieces_parsed() <= BLOCKS + 7);
}

/// A small deterministic generator (no dependency for one test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

#[test]
fn any_sequence_of_edits_loads_as_whole() {
    // Edits that open and close what splitting depends on: braces,
    // strings, heredocs, templates, comments, whole blocks.
    const SNIPPETS: &[&str] = &[
        "}",
        "{",
        "\n",
        "\"",
        "x",
        "${",
        "# c\n",
        "/*",
        "*/",
        "<<EOF\n",
        "EOF\n",
        "resource \"terraform_data\" \"n\" {\n  input = var.v\n}\n",
        "locals {\n  a = {\n    b = 1\n  }\n}\n",
        "  m {\n    \"k\" = \"v\"\n  }\n",
    ];
    let dir = Path::new("/nowhere");
    let base = big_file();
    let mut rng = Lcg(7);
    for run in 0..12 {
        let mut text = base.clone();
        let mut cache = ParseCache::default();
        for step in 0..40 {
            let at = (0..=text.len())
                .filter(|&i| text.is_char_boundary(i))
                .nth(rng.next(text.len() + 1))
                .unwrap_or(text.len());
            if rng.next(3) == 0 && at < text.len() {
                let end = (at + 1 + rng.next(40)).min(text.len());
                if text.is_char_boundary(end) {
                    text.replace_range(at..end, "");
                }
            } else {
                text.insert_str(at, SNIPPETS[rng.next(SNIPPETS.len())]);
            }
            let files = vec![("main.tf".to_string(), text.clone())];
            assert_same(
                &pieced(dir, &files, &mut cache),
                &whole(dir, &files),
                &format!(
                    "run {run}, step {step}, text:\n{}",
                    &text[..text.len().min(400)]
                ),
            );
        }
    }
}
