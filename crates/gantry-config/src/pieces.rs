//! Parsing a file again after an edit without parsing what the edit did not
//! touch: the language server checks a directory after every pause in
//! typing, and a 5,000-line file costs milliseconds to parse whole.
//!
//! A file is cut into top-level pieces (a block with the comments before
//! it; see [`gantry_syntax::lexer::top_level_piece_ends`]), each parsed on
//! its own. A [`ParseCache`] keeps every piece's parse by its text; after an
//! edit only the pieces whose text changed are parsed again. Spans must stay
//! right for the kept pieces although the edit moved them: each piece is
//! parsed at its own *base* in a coordinate space of the file's parsed
//! text that does not move with edits (`hcl_edit::parser::parse_body_at`),
//! and the file's [`PieceMap`] maps an offset of that space to the piece's
//! place in the file as it is now. [`crate::model::Module::span`] goes
//! through that map, so everything built from a parse gets the spans a
//! whole-file parse gives.

use std::collections::HashMap;
use std::sync::Arc;

use gantry_syntax::legacy::rewrite_scanned;
use gantry_syntax::lexer::split_top_level;
use gantry_syntax::{LegacyMapBlock, Rewritten};

/// One top-level piece of a file, parsed.
#[derive(Debug)]
pub struct Piece {
    /// What the file holds there.
    text: String,
    /// Where its parsed text begins in the file's parsed coordinates.
    base: usize,
    /// The text with Terraform 0.11 map blocks rewritten (offsets local).
    pub(crate) rewritten: Rewritten,
    /// Offsets local to `text`.
    pub(crate) legacy: Vec<LegacyMapBlock>,
    pub(crate) parsed: Parsed,
}

/// What the parser made of a piece.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// Spans in the file's parsed coordinates (from the piece's base).
    Body(hcl_edit::structure::Body),
    /// The load parses the whole file to report it.
    Error,
    /// So many contexts left open that the parser was not asked (it can
    /// backtrack for minutes on such texts; see `load::parse_file`).
    LeftOpen,
}

impl Piece {
    fn parse(text: &str, base: usize) -> Piece {
        let (rewritten, legacy, unclosed) = rewrite_scanned(text);
        let parsed = if unclosed.len() >= crate::load::UNCLOSED_LIMIT {
            Parsed::LeftOpen
        } else {
            // The piece's parsed text at `base` of a buffer of that many
            // bytes more; the padding is never read.
            let mut padded = "\0".repeat(base);
            padded.push_str(&rewritten.text);
            match hcl_edit::parser::parse_body_at(&padded, base) {
                Ok(body) => Parsed::Body(body),
                Err(_) => Parsed::Error,
            }
        };
        Piece {
            text: text.to_string(),
            base,
            rewritten,
            legacy,
            parsed,
        }
    }

    fn parsed_len(&self) -> usize {
        self.rewritten.text.len()
    }
}

/// The pieces of one file as last parsed.
#[derive(Debug, Default)]
struct CachedFile {
    text: String,
    /// Each with its start in `text`, in order.
    pieces: Vec<(usize, Arc<Piece>)>,
    /// The first base no piece of this file has used.
    next_base: usize,
}

/// Parses kept between loads of the same files (see the module's doc).
#[derive(Debug, Default)]
pub struct ParseCache {
    files: HashMap<String, CachedFile>,
    /// Pieces parsed since the cache was made, for tests and benchmarks
    /// that check what an edit costs.
    parsed: usize,
}

impl ParseCache {
    /// How many pieces were parsed (not reused) since the cache was made.
    pub fn pieces_parsed(&self) -> usize {
        self.parsed
    }

    /// The pieces of file `name` with text `text`, each with its start in
    /// `text`: those before and after the part that changed since the last
    /// call are kept without looking at them; the changed part is split
    /// again, and its pieces are parsed unless an old piece has their text.
    pub(crate) fn pieces(&mut self, name: &str, text: &str) -> Vec<(usize, Arc<Piece>)> {
        let entry = self.files.entry(name.to_string()).or_default();
        // Bases are never reused while their pieces may be (a base names
        // one piece); once the space is mostly holes, start afresh.
        if entry.next_base > 2 * text.len() + 4096 {
            *entry = CachedFile::default();
        }
        let old_text = std::mem::take(&mut entry.text);
        let mut old = std::mem::take(&mut entry.pieces);
        let head = common_prefix(&old_text, text);
        let tail = common_suffix(&old_text, text, old_text.len().min(text.len()) - head);

        // Old pieces wholly in the unchanged head stay where they are; those
        // wholly in the unchanged tail move with the edit.
        let kept_head = old.partition_point(|(start, p)| start + p.text.len() <= head);
        let tail_from = old_text.len() - tail;
        let mut kept_tail = old
            .partition_point(|(start, _)| *start < tail_from)
            .max(kept_head);
        let moved = |start: usize| start + text.len() - old_text.len();

        let mut out: Vec<(usize, Arc<Piece>)> = old.drain(..kept_head).collect();
        let from = out.last().map_or(0, |(s, p)| s + p.text.len());
        // The changed part must end where a kept piece can begin.
        let mut to = old
            .get(kept_tail - kept_head)
            .map_or(text.len(), |(s, _)| moved(*s));
        let split = |to: usize| match &text[from..to] {
            "" => (Vec::new(), true),
            changed => split_top_level(changed),
        };
        let (mut ends, at_boundary) = split(to);
        if !at_boundary && to < text.len() {
            to = text.len();
            kept_tail = old.len() + kept_head;
            ends = split(to).0;
        }
        let tail_pieces: Vec<(usize, Arc<Piece>)> = old
            .drain(kept_tail - kept_head..)
            .map(|(s, p)| (moved(s), p))
            .collect();

        let mut reusable: HashMap<&str, Vec<&Arc<Piece>>> = HashMap::new();
        for (_, p) in old.iter().rev() {
            reusable.entry(p.text.as_str()).or_default().push(p);
        }
        let mut start = from;
        for end in ends {
            let end = from + end;
            let piece_text = &text[start..end];
            let piece = match reusable.get_mut(piece_text).and_then(Vec::pop) {
                Some(p) => Arc::clone(p),
                None => {
                    let p = Arc::new(Piece::parse(piece_text, entry.next_base));
                    // One byte between pieces: the end of one is not the
                    // start of the next.
                    entry.next_base += p.parsed_len() + 1;
                    self.parsed += 1;
                    p
                }
            };
            out.push((start, piece));
            start = end;
        }
        drop(reusable);
        out.extend(tail_pieces);
        entry.pieces.clone_from(&out);
        entry.text = text.to_string();
        out
    }

    /// Forgets the files not named in `names` (deleted or renamed).
    pub(crate) fn retain(&mut self, names: &[&str]) {
        self.files.retain(|n, _| names.contains(&n.as_str()));
    }
}

/// How many leading bytes `a` and `b` share.
fn common_prefix(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Blocks first: slice equality is a memcmp.
    const BLOCK: usize = 64;
    let mut n = 0;
    while n + BLOCK <= a.len().min(b.len()) && a[n..n + BLOCK] == b[n..n + BLOCK] {
        n += BLOCK;
    }
    n + a[n..]
        .iter()
        .zip(&b[n..])
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many trailing bytes `a` and `b` share, at most `max`.
fn common_suffix(a: &str, b: &str, max: usize) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    const BLOCK: usize = 64;
    let mut n = 0;
    while n + BLOCK <= max
        && a[a.len() - n - BLOCK..a.len() - n] == b[b.len() - n - BLOCK..b.len() - n]
    {
        n += BLOCK;
    }
    n + a[..a.len() - n]
        .iter()
        .rev()
        .zip(b[..b.len() - n].iter().rev())
        .take(max - n)
        .take_while(|(x, y)| x == y)
        .count()
}

/// How a file parsed in pieces maps its parsed coordinates back to its text.
/// Spans are mapped for every reference and argument of every check: this
/// is a hot path, hence the bases apart (a binary search over them stays in
/// the cache).
#[derive(Debug, Clone)]
pub struct PieceMap {
    /// Where each piece's parsed text begins, ascending.
    bases: Vec<usize>,
    /// For the piece at the same index: its parsed length, where it begins
    /// in the file, and the piece when its parsed text is not its text (a
    /// 0.11 map block was rewritten).
    pieces: Vec<(usize, usize, Option<Arc<Piece>>)>,
}

impl PieceMap {
    pub(crate) fn new(pieces: &[(usize, Arc<Piece>)]) -> PieceMap {
        let mut by_base: Vec<_> = pieces
            .iter()
            .map(|(start, p)| {
                let rewritten = (!p.rewritten.is_unchanged()).then(|| Arc::clone(p));
                (p.base, (p.parsed_len(), *start, rewritten))
            })
            .collect();
        by_base.sort_unstable_by_key(|(base, _)| *base);
        let (bases, pieces) = by_base.into_iter().unzip();
        PieceMap { bases, pieces }
    }

    pub fn to_original(&self, offset: usize) -> usize {
        let i = self
            .bases
            .partition_point(|base| *base <= offset)
            .saturating_sub(1);
        match (self.bases.get(i), self.pieces.get(i)) {
            (Some(base), Some((len, start, rewritten))) => {
                let local = offset.saturating_sub(*base).min(*len);
                match rewritten {
                    Some(p) => start + p.rewritten.to_original(local),
                    None => start + local,
                }
            }
            _ => offset,
        }
    }
}
