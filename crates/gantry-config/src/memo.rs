//! What a check found for each resource block, kept for the next check of
//! the same module: the editor checks after every pause in typing, and an
//! edit inside one block changes what can be found only there, unless it
//! changes what every block may read (a variable, a local, a provider, the
//! set of declarations).
//!
//! A block's findings are a function of its own text and of its module's
//! *context*: all the text outside the module's resource blocks, and of
//! each resource its address, whether it has `count` or `for_each`, and the
//! `check` block it sits in (what a reference to it may look like). When
//! the context changes, everything is forgotten; otherwise a block whose
//! text is unchanged gets its findings back, moved to where the block now
//! is. Findings that name a place outside their own block (a "declared
//! here" elsewhere) are not kept: that place may move on its own.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use gantry_diagnostics::{FileId, Spanned};

use crate::model::{Module, Resource};

/// The findings of one kind (`T`) for each resource block of one module.
pub struct ResourceMemo<T> {
    context: Option<u64>,
    entries: HashMap<Key, Entry<T>>,
    hits: usize,
    misses: usize,
}

impl<T> Default for ResourceMemo<T> {
    fn default() -> Self {
        ResourceMemo {
            context: None,
            entries: HashMap::new(),
            hits: 0,
            misses: 0,
        }
    }
}

#[derive(Hash, PartialEq, Eq)]
struct Key {
    file: FileId,
    check: Option<usize>,
    /// The block's text, header to closing brace (which holds its address).
    text: u64,
}

struct Entry<T> {
    /// Where the block started when its findings were made.
    start: usize,
    value: T,
    /// Asked for in the current check: the others are dropped at its end.
    used: bool,
}

impl<T: Clone + Spanned> ResourceMemo<T> {
    /// Starts a check whose context has this fingerprint (see [`context`]):
    /// a new context forgets every finding.
    pub fn begin(&mut self, context: u64) {
        if self.context != Some(context) {
            self.entries.clear();
            self.context = Some(context);
        }
        for e in self.entries.values_mut() {
            e.used = false;
        }
    }

    /// The fingerprint of the context the current check began with.
    pub fn context(&self) -> Option<u64> {
        self.context
    }

    /// The findings for `r`, made by `make` unless the block's text is one
    /// whose findings are kept.
    pub fn get(&mut self, module: &Module, r: &Resource, make: impl FnOnce() -> T) -> T {
        let key = Key {
            file: r.span.file,
            check: r.check,
            text: hash_str(block_text(module, r)),
        };
        if let Some(e) = self.entries.get_mut(&key) {
            if !e.used {
                e.used = true;
                self.hits += 1;
                let mut value = e.value.clone();
                let (from, to) = (e.start, r.span.start);
                if from != to {
                    value.each_span(&mut |s| {
                        s.start = s.start - from + to;
                        s.end = s.end - from + to;
                    });
                }
                return value;
            }
        }
        self.misses += 1;
        let mut value = make();
        let mut inside = true;
        value.each_span(&mut |s| {
            inside &= s.file == r.span.file && r.span.start <= s.start && s.end <= r.span.end;
        });
        if inside {
            self.entries.insert(
                key,
                Entry {
                    start: r.span.start,
                    value: value.clone(),
                    used: true,
                },
            );
        }
        value
    }

    /// Ends a check: findings of blocks that are gone are dropped.
    pub fn end(&mut self) {
        self.entries.retain(|_, e| e.used);
    }

    /// How many blocks got their findings back, and how many were checked,
    /// since the memo was made.
    pub fn counts(&self) -> (usize, usize) {
        (self.hits, self.misses)
    }
}

fn block_text<'a>(module: &'a Module, r: &Resource) -> &'a str {
    module
        .sources
        .get(r.span.file)
        .text()
        .get(r.span.range())
        .unwrap_or_default()
}

fn hash_str(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// The fingerprint of what every resource block of `module` may read:
/// see the module's documentation. `extra` is what the check adds (the
/// input values it checks with).
pub fn context(module: &Module, extra: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    extra.hash(&mut h);
    let mut blocks: Vec<(FileId, usize, usize)> = Vec::with_capacity(module.resources.len());
    for r in &module.resources {
        (r.addr(), r.count.is_some(), r.for_each.is_some(), r.check).hash(&mut h);
        blocks.push((r.span.file, r.span.start, r.span.end));
    }
    blocks.sort_unstable();
    let mut blocks = blocks.into_iter().peekable();
    for (id, file) in module.sources.iter() {
        file.name().hash(&mut h);
        let text = file.text().as_bytes();
        let mut at = 0;
        while let Some(&(f, start, end)) = blocks.peek() {
            if f > id {
                break;
            }
            blocks.next();
            if f == id && start >= at && end <= text.len() {
                text[at..start].hash(&mut h);
                at = end;
            }
        }
        text[at..].hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gantry_diagnostics::{Diagnostic, Span};

    fn module(text: &str) -> Module {
        let files = vec![("main.tf".to_string(), text.to_string())];
        crate::load_sources(std::path::Path::new("/nowhere"), files).0
    }

    const TEXT: &str =
        "variable \"v\" {}\n\nresource \"terraform_data\" \"a\" {\n  input = var.v\n}\n";

    /// A finding at the `input` argument of `terraform_data.a`, and one at
    /// the variable when `outside`.
    fn findings(m: &Module, outside: bool) -> Vec<Diagnostic> {
        let r = m.resources.last().expect("a resource");
        let text = m.sources.get(r.span.file).text();
        let at = text.rfind("input").unwrap_or_default();
        let mut d = Diagnostic::error("test", "x").with_span(Span::new(r.span.file, at..at + 5));
        if outside {
            d = d.with_extra_label(Span::new(r.span.file, 0..8), "declared here");
        }
        vec![d]
    }

    #[test]
    fn findings_move_with_their_block() {
        let mut memo = ResourceMemo::default();
        let two = format!("resource \"terraform_data\" \"z\" {{\n}}\n{TEXT}");
        let m = module(&two);
        memo.begin(context(&m, ()));
        let first = memo.get(&m, &m.resources[1], || findings(&m, false));
        memo.end();

        // An argument typed into the block above moves it; the context is
        // unchanged.
        let moved = module(&two.replacen("{\n}", "{\n  input = 1\n}", 1));
        assert_eq!(context(&moved, ()), context(&m, ()));
        memo.begin(context(&moved, ()));
        let got = memo.get(&moved, &moved.resources[1], || panic!("kept"));
        memo.end();
        assert_eq!(got, findings(&moved, false));
        assert_ne!(got, first);
        assert_eq!(memo.counts(), (1, 1));
    }

    #[test]
    fn findings_naming_a_place_outside_their_block_are_not_kept() {
        let mut memo = ResourceMemo::default();
        let m = module(TEXT);
        for _ in 0..2 {
            memo.begin(context(&m, ()));
            memo.get(&m, &m.resources[0], || findings(&m, true));
            memo.end();
        }
        assert_eq!(memo.counts(), (0, 2));
    }

    #[test]
    fn a_new_context_or_a_gone_block_forgets() {
        let mut memo = ResourceMemo::default();
        let m = module(TEXT);
        let check = |memo: &mut ResourceMemo<Vec<Diagnostic>>, m: &Module, extra: u8| {
            memo.begin(context(m, extra));
            for r in &m.resources {
                memo.get(m, r, || findings(m, false));
            }
            memo.end();
        };
        check(&mut memo, &m, 0);
        check(&mut memo, &m, 1);
        assert_eq!(memo.counts(), (0, 2), "other input values");
        check(
            &mut memo,
            &module(&TEXT.replace("{}", "{\n  default = 1\n}")),
            1,
        );
        assert_eq!(memo.counts(), (0, 3), "another variable");
        let counted = module(&TEXT.replace("input", "count = 1\n  input"));
        check(&mut memo, &counted, 1);
        assert_eq!(memo.counts(), (0, 4), "the block is counted");
        check(&mut memo, &module("variable \"v\" {}\n"), 1);
        check(&mut memo, &counted, 1);
        assert_eq!(memo.counts(), (0, 5), "forgotten when the block was gone");
    }
}
