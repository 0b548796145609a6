use std::ops::Range;
use std::sync::Arc;

/// Index of a file inside [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A byte range inside one source file (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start,
            end: range.end.max(range.start),
        }
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The smallest span covering both (same file assumed).
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// A position as Terraform reports it: 1-based line, 1-based column counted
/// in Unicode scalar values, 0-based byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub byte: usize,
}

/// Whether a file named `name` is written in Terraform's JSON syntax
/// (`*.tf.json`, `*.tfvars.json`) rather than native HCL: the one place
/// that decides it, for loading, fixes, formatting and the editor.
pub fn is_json_syntax(name: &str) -> bool {
    name.ends_with(".json")
}

/// One loaded file: its display name and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> SourceFile {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the file is in Terraform's JSON syntax.
    pub fn is_json(&self) -> bool {
        is_json_syntax(&self.name)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Position of a byte offset; offsets past the end clamp to the end, and
    /// offsets inside a UTF-8 sequence move back to its first byte.
    pub fn position(&self, byte: usize) -> Position {
        let mut byte = byte.min(self.text.len());
        while !self.text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line_index = match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let line_start = self.line_starts[line_index];
        let column = self.text[line_start..byte].chars().count() + 1;
        Position {
            line: line_index + 1,
            column,
            byte,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .map(|&e| e.saturating_sub(1))
            .unwrap_or(self.text.len());
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

/// All files of one run, addressed by [`FileId`].
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn new() -> Sources {
        Sources::default()
    }

    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// `file:line,column` of a span's start, as Terraform's messages cite
    /// places.
    pub fn location(&self, span: Span) -> String {
        let f = self.get(span.file);
        let p = f.position(span.start);
        format!("{}:{},{}", f.name(), p.line, p.column)
    }

    /// A span as Terraform prints a range: `file:1,1-13` on one line,
    /// `file:1,1-2,5` across lines.
    pub fn range_text(&self, span: Span) -> String {
        let f = self.get(span.file);
        let (s, e) = (f.position(span.start), f.position(span.end));
        if s.line == e.line {
            format!("{}:{},{}-{}", f.name(), s.line, s.column, e.column)
        } else {
            format!(
                "{}:{},{}-{},{}",
                f.name(),
                s.line,
                s.column,
                e.line,
                e.column
            )
        }
    }

    pub fn find(&self, name: &str) -> Option<FileId> {
        self.iter()
            .find(|(_, f)| f.name() == name)
            .map(|(id, _)| id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let f = SourceFile::new("a.tf", "ab\n\u{e9}x = 1\n");
        assert_eq!(
            f.position(0),
            Position {
                line: 1,
                column: 1,
                byte: 0
            }
        );
        assert_eq!(
            f.position(3),
            Position {
                line: 2,
                column: 1,
                byte: 3
            }
        );
        // 'x' comes after a two-byte character: byte 5, column 2.
        assert_eq!(
            f.position(5),
            Position {
                line: 2,
                column: 2,
                byte: 5
            }
        );
        assert_eq!(f.position(4).byte, 3, "inside a char moves back");
        assert_eq!(f.position(999).line, 3);
        assert_eq!(f.line_text(2), "\u{e9}x = 1");
    }
}
