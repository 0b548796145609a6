//! Byte offsets (what gantry's spans hold) against LSP positions (line and
//! UTF-16 code unit, what the protocol requires by default).

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// Line starts of one text, for converting in both directions.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// The position of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a UTF-8 sequence move back to its first byte.
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = self.text[start..offset].chars().map(char::len_utf16).sum();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of a position. A character past the line's end means
    /// the line's end, as the protocol says; a line past the last means the
    /// end of the text. A position inside a surrogate pair moves to the
    /// character's start.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(position.line as usize + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let line = &self.text[start..end];
        let mut units = 0usize;
        for (i, c) in line.char_indices() {
            if units + c.len_utf16() > position.character as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        // The line's end, before a `\r` of a CRLF ending.
        start + line.strip_suffix('\r').unwrap_or(line).len()
    }
}

/// Applies one `didChange` content change: a whole new text, or a range
/// replacement (incremental sync).
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let index = LineIndex::new(text);
            let start = index.offset(range.start);
            let end = index.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        // 'é' is one UTF-16 unit and two bytes; '😀' two units and four bytes.
        let text = "ab\n\u{e9}\u{1F600}x = 1\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(x), Position::new(1, 3));
        assert_eq!(index.offset(Position::new(1, 3)), x);
        assert_eq!(index.position(0), Position::new(0, 0));
        assert_eq!(index.position(text.len()), Position::new(2, 0));
        // Inside the surrogate pair: the emoji's first byte.
        assert_eq!(index.offset(Position::new(1, 2)), x - 4);
        // Past the line's end: the line's end.
        assert_eq!(index.offset(Position::new(0, 99)), 2);
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
    }

    #[test]
    fn crlf_line_end_is_before_the_carriage_return() {
        let index = LineIndex::new("a = 1\r\nb = 2\r\n");
        assert_eq!(index.offset(Position::new(0, 40)), 5);
    }

    #[test]
    fn incremental_changes_apply_in_utf16_ranges() {
        let mut text = "name = \"\u{e9}t\u{e9}\"\n".to_string();
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(Range::new(Position::new(0, 9), Position::new(0, 10))),
                range_length: None,
                text: "T".into(),
            },
        );
        assert_eq!(text, "name = \"\u{e9}T\u{e9}\"\n");
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: None,
                range_length: None,
                text: "x".into(),
            },
        );
        assert_eq!(text, "x");
    }
}
