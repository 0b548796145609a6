//! A check that takes unchanged resource blocks' findings from the last
//! check (the editor's, `check_remembering`) finds what a check from
//! scratch finds: the same diagnostics and the same graph, edge by edge,
//! after any sequence of edits.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use gantry_config::vars::Inputs;
use gantry_graph::{check, check_remembering, CheckMemo, Checked};
use gantry_schema::ValidateOptions;
use petgraph::visit::EdgeRef;

fn options() -> ValidateOptions {
    ValidateOptions {
        inputs: Inputs {
            env: Vec::new(),
            cli: Vec::new(),
            require_all: false,
        },
    }
}

/// The diagnostics and every edge of the graph, with spans.
fn outcome(c: &Checked) -> String {
    let mut out = String::new();
    for d in c.diagnostics.iter() {
        writeln!(out, "{d:?}").unwrap();
    }
    let g = &c.graph.graph;
    let mut edges: Vec<String> = g
        .edge_references()
        .map(|e| {
            format!(
                "{} -> {} {:?}",
                g[e.source()].address,
                g[e.target()].address,
                e.weight()
            )
        })
        .collect();
    edges.sort();
    for e in edges {
        writeln!(out, "{e}").unwrap();
    }
    out
}

fn checked(dir: &Path, files: &[(String, String)], memo: Option<&mut CheckMemo>) -> String {
    let (mut module, mut diags) =
        gantry_config::load_sources_with(dir, files.to_vec(), &gantry_schema::JsonBlocks);
    gantry_config::load_children(&mut module, &gantry_schema::JsonBlocks, &mut diags);
    let c = match memo {
        Some(m) => check_remembering(&mut module, &options(), m),
        None => check(&mut module, &options()),
    };
    outcome(&c)
}

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
    panic!(
        "{context}\nremembering: {}\nfresh:       {}",
        line.0, line.1
    );
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_corpus_directory_checks_as_fresh_twice() {
    let mut dirs = 0;
    for parent in ["examples", "testdata/invalid"] {
        let entries = std::fs::read_dir(repo().join(parent)).expect("corpus directory");
        for dir in entries.filter_map(Result::ok).map(|e| e.path()) {
            let Ok(files) = gantry_config::load::config_files(&dir) else {
                continue;
            };
            let files: Vec<(String, String)> = files
                .iter()
                .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(p).ok()?)))
                .collect();
            let fresh = checked(&dir, &files, None);
            let mut memo = CheckMemo::default();
            let context = dir.display().to_string();
            assert_same(&checked(&dir, &files, Some(&mut memo)), &fresh, &context);
            let (checked_once, _) = memo.counts();
            // Again, unchanged: every block's findings come back.
            assert_same(&checked(&dir, &files, Some(&mut memo)), &fresh, &context);
            assert_eq!(memo.counts().0, checked_once, "{context}: nothing changed");
            dirs += 1;
        }
    }
    assert!(dirs > 50, "the corpus is there ({dirs})");
}

const METHODS: usize = 8;

fn module_text() -> String {
    let mut s = String::from(
        "variable \"v\" {\n  default = \"x\"\n}\n\nlocals {\n  l = \"${var.v}-l\"\n}\n\nresource \"aws_api_gateway_rest_api\" \"api\" {\n  name = local.l\n}\n",
    );
    for i in 0..METHODS {
        let parent = if i == 0 {
            "aws_api_gateway_rest_api.api.root_resource_id".to_string()
        } else {
            format!("aws_api_gateway_resource.r{}.id", i - 1)
        };
        write!(
            s,
            "\nresource \"aws_api_gateway_resource\" \"r{i}\" {{\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  parent_id = {parent}\n  path_part = \"p{i}\"\n}}\n\nresource \"aws_api_gateway_method\" \"m{i}\" {{\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  resource_id = aws_api_gateway_resource.r{i}.id\n  http_method = \"GET\"\n  authorization = \"NONE\"\n}}\n"
        )
        .unwrap();
    }
    s.push_str("\nresource \"terraform_data\" \"t\" {\n  input = aws_api_gateway_method.m1.http_method\n}\n\noutput \"o\" {\n  value = terraform_data.t.output\n}\n");
    s
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
fn any_sequence_of_edits_checks_as_fresh() {
    // Lines that change what a block finds or what every block may read:
    // count and for_each (how references to the block look), errors with
    // fixes, references (edges, cycles through terraform_data.t), renamed
    // and new declarations, an undefined provider, variables and locals.
    const LINES: &[&str] = &[
        "  count = 2\n",
        "  for_each = toset([\"a\"])\n",
        "  bogus = 1\n",
        "  http_method = \"BAD\"\n",
        "  description = aws_api_gateway_resource.r3.idd\n",
        "  description = aws_api_gateway_method.m2.http_method\n",
        "  depends_on = [aws_api_gateway_method.m2, terraform_data.t]\n",
        "  triggers_replace = [aws_api_gateway_method.m5.id]\n",
        "  description = \"${var.nope}\"\n",
        "  description = local.l\n",
        "  provider = aws.west\n",
        "  timeout_milliseconds = 99999999\n",
        "resource \"terraform_data\" \"u\" {\n  input = terraform_data.t.output\n}\n",
        "resource \"aws_api_gateway_resource\" \"r2\" {\n  path_part = 1\n}\n",
        "variable \"n\" {\n  default = 3\n}\n",
        "locals {\n  k = var.n\n}\n",
        "provider \"aws\" {\n  alias = \"west\"\n}\n",
        "# a comment\n",
        "\n",
    ];
    let dir = Path::new("/nowhere");
    let mut rng = Lcg(11);
    let (mut checked_blocks, mut reused) = (0, 0);
    for run in 0..10 {
        let mut text = module_text();
        let mut memo = CheckMemo::default();
        for step in 0..40 {
            let lines: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .filter(|&i| i <= text.len())
                .collect();
            let at = lines[rng.next(lines.len())];
            match rng.next(10) {
                // Delete a line.
                0 | 1 => {
                    let end = text[at..].find('\n').map_or(text.len(), |e| at + e + 1);
                    text.replace_range(at..end, "");
                }
                // A character typed anywhere (renames, breaks strings).
                2 => {
                    let at = (0..=text.len())
                        .filter(|&i| text.is_char_boundary(i))
                        .nth(rng.next(text.len() + 1))
                        .unwrap_or(text.len());
                    text.insert(at, ['x', '1', '"', '}'][rng.next(4)]);
                }
                _ => text.insert_str(at, LINES[rng.next(LINES.len())]),
            }
            let files = vec![("/nowhere/main.tf".to_string(), text.clone())];
            assert_same(
                &checked(dir, &files, Some(&mut memo)),
                &checked(dir, &files, None),
                &format!("run {run}, step {step}, text:\n{text}"),
            );
        }
        let (c, r) = memo.counts();
        checked_blocks += c;
        reused += r;
    }
    // Most edits here change what every block may read; still, the test
    // is worth its name only if it reuses findings.
    assert!(
        reused * 4 > checked_blocks,
        "{reused} reused, {checked_blocks} checked"
    );
}

#[test]
fn an_edit_inside_one_block_checks_that_block_only() {
    let dir = Path::new("/nowhere");
    let files = |t: &str| vec![("/nowhere/main.tf".to_string(), t.to_string())];
    let text = module_text();
    let blocks = 2 * METHODS + 2;
    let mut memo = CheckMemo::default();
    let check_now = |memo: &mut CheckMemo, t: &str| {
        let got = checked(dir, &files(t), Some(memo));
        assert_same(&got, &checked(dir, &files(t), None), t);
        got
    };
    check_now(&mut memo, &text);
    // Validation and references, once per block.
    assert_eq!(memo.counts(), (2 * blocks, 0));

    // A typo in the middle: one block is checked, the others keep their
    // findings although those after it moved.
    let at = text
        .find("resource_id = aws_api_gateway_resource.r3.id")
        .unwrap();
    let mut edited = text.clone();
    edited.insert_str(
        at + "resource_id = aws_api_gateway_resource.r3.i".len(),
        "dd",
    );
    let got = check_now(&mut memo, &edited);
    assert!(got.contains("Unsupported attribute"), "{got}");
    assert_eq!(memo.counts(), (2 * blocks + 2, 2 * blocks - 2));

    // A new value for a variable every block may read: all are checked.
    let edited = edited.replace("default = \"x\"", "default = \"y\"");
    check_now(&mut memo, &edited);
    assert_eq!(memo.counts(), (4 * blocks + 2, 2 * blocks - 2));
}
