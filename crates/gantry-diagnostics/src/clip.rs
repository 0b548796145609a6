//! Source lines too long to draw. miette pads its label lines with
//! `{:width$}`, and a width past 65,535 panics inside `core::fmt`; a
//! minified JSON policy or a generated line can be longer than that. Such
//! lines are cut to a window around the spans on them (`…` marks the cuts)
//! before rendering, and every span is moved into the cut text. Other lines
//! stay as they are, so line numbers do not change.

use std::ops::Range;

/// Lines longer than this (in bytes) are cut.
pub const MAX_LINE: usize = 1000;
/// How much of the line before the first span a window keeps.
const LEAD: usize = 40;
const ELLIPSIS: &str = "…";

/// A text with its long lines cut, and the map from original offsets.
#[derive(Debug)]
pub struct Clipped {
    pub text: String,
    /// `(original range, offset of its copy in text)`, in order.
    kept: Vec<(Range<usize>, usize)>,
}

impl Clipped {
    /// Where original offset `at` is in the cut text; an offset inside a
    /// cut-out part moves to the nearest kept edge.
    pub fn map(&self, at: usize) -> usize {
        let i = self.kept.partition_point(|(r, _)| r.end < at);
        match self.kept.get(i) {
            Some((r, new)) if at >= r.start => new + (at - r.start),
            Some((_, new)) => *new,
            None => self.text.len(),
        }
    }

    pub fn map_range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.map(r.start);
        start..self.map(r.end).max(start)
    }
}

/// Cuts the lines of `text` longer than [`MAX_LINE`]; `None` when no line
/// is that long (the common case costs one scan and no copy).
pub fn clip(text: &str, spans: &[Range<usize>]) -> Option<Clipped> {
    if !text.split('\n').any(|l| l.len() > MAX_LINE) {
        return None;
    }
    let mut out = String::with_capacity(text.len().min(1 << 20));
    let mut kept = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body_len = line.strip_suffix('\n').map_or(line.len(), str::len);
        let line_end = line_start + body_len;
        let whole = line_start..line_start + line.len();
        if body_len <= MAX_LINE {
            kept.push((whole.clone(), out.len()));
            out.push_str(line);
        } else {
            // The window starts a little before the first span touching
            // this line (a span that began on an earlier line touches it
            // from its start).
            let anchor = spans
                .iter()
                .filter(|s| s.start <= line_end && s.end >= line_start)
                .map(|s| s.start.max(line_start))
                .min()
                .unwrap_or(line_start);
            let start = floor_char(text, anchor.saturating_sub(LEAD).max(line_start));
            let end = ceil_char(text, (start + MAX_LINE).min(line_end));
            if start > line_start {
                out.push_str(ELLIPSIS);
            }
            kept.push((start..end, out.len()));
            out.push_str(&text[start..end]);
            if end < line_end {
                out.push_str(ELLIPSIS);
            }
            if line_end < whole.end {
                kept.push((line_end..whole.end, out.len()));
                out.push('\n');
            }
        }
        line_start = whole.end;
    }
    Some(Clipped { text: out, kept })
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_left_alone() {
        let span = 0..1;
        assert!(clip("a\nb = 1\n", std::slice::from_ref(&span)).is_none());
    }

    #[test]
    fn a_long_line_keeps_a_window_around_its_span() {
        let long = "é".repeat(40_000);
        let text = format!("x = 1\ny = \"{long}\" + bogus\nz = 2\n");
        let at = text.find("bogus").unwrap();
        let span = at..at + 5;
        let c = clip(&text, std::slice::from_ref(&span)).unwrap();
        let lines: Vec<&str> = c.text.lines().collect();
        assert_eq!(lines.len(), 3, "line numbers are kept");
        assert_eq!(lines[0], "x = 1");
        assert_eq!(lines[2], "z = 2");
        assert!(lines[1].starts_with('…') && lines[1].len() <= MAX_LINE + 8);
        let r = c.map_range(&(at..at + 5));
        assert_eq!(&c.text[r], "bogus");
        // Offsets on other lines move with the cut.
        let z = text.find("z = 2").unwrap();
        assert_eq!(&c.text[c.map(z)..c.map(z) + 5], "z = 2");
        // An offset in the part cut away lands on the window's edge.
        assert!(c.text.is_char_boundary(c.map(10)));
    }
}
