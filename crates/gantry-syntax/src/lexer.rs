//! A scanner producing `hclsyntax`'s token kinds over byte ranges.
//!
//! It never fails: text it cannot make sense of becomes `Invalid` tokens, so
//! callers (legacy detection, the formatter) degrade instead of panicking.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    OBrace,
    CBrace,
    OBrack,
    CBrack,
    OParen,
    CParen,
    OQuote,
    CQuote,
    OHeredoc,
    CHeredoc,
    Star,
    Slash,
    Plus,
    Minus,
    Percent,
    Equal,
    EqualOp,
    NotEqual,
    LessThan,
    LessThanEq,
    GreaterThan,
    GreaterThanEq,
    And,
    Or,
    Bang,
    Dot,
    Comma,
    Ellipsis,
    FatArrow,
    Question,
    Colon,
    /// `::` in a namespaced function call (`provider::aws::arn_parse`).
    DoubleColon,
    TemplateInterp,
    TemplateControl,
    TemplateSeqEnd,
    /// Literal text inside a quoted template.
    QuotedLit,
    /// Literal text inside a heredoc (a whole line, or the part of it up to
    /// an interpolation).
    StringLit,
    NumberLit,
    Ident,
    /// `#` and `//` comments include their terminating newline.
    Comment,
    Newline,
    Invalid,
    Eof,
}

impl TokenKind {
    /// +1 for openers, -1 for closers, as hclwrite counts them.
    pub fn bracket_change(self) -> i32 {
        use TokenKind::*;
        match self {
            OBrace | OBrack | OParen | TemplateControl | TemplateInterp => 1,
            CBrace | CBrack | CParen | TemplateSeqEnd => -1,
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub fn text<'a>(&self, src: &'a str) -> &'a str {
        src.get(self.start..self.end).unwrap_or("")
    }
}

#[derive(Debug, Clone)]
enum Mode {
    /// Expression context. `interp` is true inside `${ }`/`%{ }`, where a `}`
    /// at brace depth 0 ends the sequence.
    Normal {
        interp: bool,
        depth: u32,
    },
    Quoted,
    Heredoc {
        marker: String,
    },
}

/// What a `$` or `%` in template text turned out to be.
enum Introducer {
    /// `$${` or `%%{`: literal text continues at this offset.
    Escaped(usize),
    /// `${` or `%{`: a template sequence was opened.
    Opened,
    /// Just a character.
    None,
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    modes: Vec<Mode>,
    out: Vec<Token>,
}

/// Splits `src` into tokens; the last one is always `Eof`.
pub fn lex(src: &str) -> Vec<Token> {
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        pos: 0,
        modes: vec![Mode::Normal {
            interp: false,
            depth: 0,
        }],
        out: Vec::new(),
    };
    lx.run();
    lx.out.push(Token {
        kind: TokenKind::Eof,
        start: src.len(),
        end: src.len(),
    });
    lx.out
}

/// The brackets and template contexts (quoted strings, heredocs, `${`/`%{`
/// sequences) that `tokens` (a text's [`lex`]) leave open at the end,
/// outermost first, each as its opening token. Empty for any text that
/// parses.
pub fn unclosed(tokens: &[Token]) -> Vec<Token> {
    let mut open = Open::default();
    for &t in tokens {
        open.step(t);
    }
    open.0
}

/// Where `src` splits into top-level pieces that parse on their own: after
/// the line end that follows a top-level `}` (a block's, or an object's of a
/// top-level argument), with no bracket, string or template open. Comments
/// and blank lines between blocks begin the next piece, as a parser gives
/// them to the next block. The end offset of every piece, in order, the last
/// being `src.len()`; a text that leaves something open is one piece from
/// the last boundary before it to its end.
pub fn top_level_piece_ends(src: &str) -> Vec<usize> {
    split_top_level(src).0
}

/// [`top_level_piece_ends`], and whether `src` ends at a boundary (so that
/// a text appended to it splits as it would alone). An empty text does.
pub fn split_top_level(src: &str) -> (Vec<usize>, bool) {
    let mut ends = Vec::new();
    let mut open = Open::default();
    let mut after_brace = false;
    for t in lex(src) {
        open.step(t);
        match t.kind {
            TokenKind::Newline => {}
            TokenKind::Comment if !t.text(src).ends_with('\n') => continue,
            TokenKind::Comment => {}
            kind => {
                after_brace = kind == TokenKind::CBrace && open.0.is_empty();
                continue;
            }
        }
        if after_brace && open.0.is_empty() {
            ends.push(t.end);
            after_brace = false;
        }
    }
    let at_boundary = src.is_empty() || ends.last() == Some(&src.len());
    if !at_boundary {
        ends.push(src.len());
    }
    if ends.is_empty() {
        ends.push(0);
    }
    (ends, at_boundary)
}

/// The contexts open after a sequence of tokens (see [`unclosed`]).
#[derive(Default)]
struct Open(Vec<Token>);

impl Open {
    fn close(&mut self, opener: TokenKind) {
        if let Some(i) = self.0.iter().rposition(|t| t.kind == opener) {
            self.0.truncate(i);
        }
    }

    fn step(&mut self, t: Token) {
        match t.kind {
            TokenKind::OQuote
            | TokenKind::OHeredoc
            | TokenKind::OBrack
            | TokenKind::OParen
            | TokenKind::OBrace
            | TokenKind::TemplateInterp
            | TokenKind::TemplateControl => self.0.push(t),
            TokenKind::CBrack => self.close(TokenKind::OBrack),
            TokenKind::CParen => self.close(TokenKind::OParen),
            TokenKind::CBrace => self.close(TokenKind::OBrace),
            TokenKind::CQuote => self.close(TokenKind::OQuote),
            TokenKind::CHeredoc => self.close(TokenKind::OHeredoc),
            TokenKind::TemplateSeqEnd => {
                if let Some(i) = self.0.iter().rposition(|t| {
                    matches!(
                        t.kind,
                        TokenKind::TemplateInterp | TokenKind::TemplateControl
                    )
                }) {
                    self.0.truncate(i);
                }
            }
            _ => {}
        }
    }
}

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_ident_continue(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

impl<'a> Lexer<'a> {
    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.out.push(Token { kind, start, end });
        self.pos = end;
    }

    fn peek(&self, off: usize) -> u8 {
        self.b.get(self.pos + off).copied().unwrap_or(0)
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.src.get(pos..).and_then(|s| s.chars().next())
    }

    fn run(&mut self) {
        while self.pos < self.b.len() {
            match self.modes.last().cloned() {
                Some(Mode::Normal { interp, depth }) => self.normal(interp, depth),
                Some(Mode::Quoted) => self.quoted(),
                Some(Mode::Heredoc { marker }) => self.heredoc(&marker),
                None => break,
            }
        }
    }

    fn set_depth(&mut self, new_depth: u32) {
        if let Some(Mode::Normal { depth, .. }) = self.modes.last_mut() {
            *depth = new_depth;
        }
    }

    fn normal(&mut self, interp: bool, depth: u32) {
        use TokenKind::*;
        let start = self.pos;
        let c = self.peek(0);
        match c {
            b' ' | b'\t' => {
                self.pos += 1;
            }
            b'\r' if self.peek(1) == b'\n' => self.push(Newline, start, start + 2),
            b'\r' => self.pos += 1,
            b'\n' => self.push(Newline, start, start + 1),
            b'#' => self.line_comment(start),
            b'/' if self.peek(1) == b'/' => self.line_comment(start),
            b'/' if self.peek(1) == b'*' => {
                let end = self.src[start + 2..]
                    .find("*/")
                    .map_or(self.b.len(), |i| start + 2 + i + 2);
                self.push(Comment, start, end);
            }
            b'{' => {
                self.set_depth(depth + 1);
                self.push(OBrace, start, start + 1);
            }
            b'}' => {
                if interp && depth == 0 {
                    self.modes.pop();
                    self.push(TemplateSeqEnd, start, start + 1);
                } else {
                    self.set_depth(depth.saturating_sub(1));
                    self.push(CBrace, start, start + 1);
                }
            }
            b'~' if interp && depth == 0 && self.peek(1) == b'}' => {
                self.modes.pop();
                self.push(TemplateSeqEnd, start, start + 2);
            }
            b'[' => self.push(OBrack, start, start + 1),
            b']' => self.push(CBrack, start, start + 1),
            b'(' => self.push(OParen, start, start + 1),
            b')' => self.push(CParen, start, start + 1),
            b'"' => {
                self.modes.push(Mode::Quoted);
                self.push(OQuote, start, start + 1);
            }
            b'<' if self.peek(1) == b'<' => self.heredoc_open(start),
            b'*' => self.push(Star, start, start + 1),
            b'/' => self.push(Slash, start, start + 1),
            b'+' => self.push(Plus, start, start + 1),
            b'-' => self.push(Minus, start, start + 1),
            b'%' => self.push(Percent, start, start + 1),
            b'=' if self.peek(1) == b'=' => self.push(EqualOp, start, start + 2),
            b'=' if self.peek(1) == b'>' => self.push(FatArrow, start, start + 2),
            b'=' => self.push(Equal, start, start + 1),
            b'!' if self.peek(1) == b'=' => self.push(NotEqual, start, start + 2),
            b'!' => self.push(Bang, start, start + 1),
            b'<' if self.peek(1) == b'=' => self.push(LessThanEq, start, start + 2),
            b'<' => self.push(LessThan, start, start + 1),
            b'>' if self.peek(1) == b'=' => self.push(GreaterThanEq, start, start + 2),
            b'>' => self.push(GreaterThan, start, start + 1),
            b'&' if self.peek(1) == b'&' => self.push(And, start, start + 2),
            b'|' if self.peek(1) == b'|' => self.push(Or, start, start + 2),
            b'.' if self.peek(1) == b'.' && self.peek(2) == b'.' => {
                self.push(Ellipsis, start, start + 3)
            }
            b'.' => self.push(Dot, start, start + 1),
            b',' => self.push(Comma, start, start + 1),
            b'?' => self.push(Question, start, start + 1),
            b':' if self.peek(1) == b':' => self.push(DoubleColon, start, start + 2),
            b':' => self.push(Colon, start, start + 1),
            b'0'..=b'9' => self.number(start),
            _ => {
                let ch = self.char_at(start).unwrap_or('\u{fffd}');
                if is_ident_start(ch) {
                    let mut end = start + ch.len_utf8();
                    while let Some(c) = self.char_at(end) {
                        if !is_ident_continue(c) {
                            break;
                        }
                        end += c.len_utf8();
                    }
                    self.push(Ident, start, end);
                } else if ch.is_whitespace() {
                    self.pos = start + ch.len_utf8();
                } else {
                    self.push(Invalid, start, start + ch.len_utf8().max(1));
                }
            }
        }
    }

    fn line_comment(&mut self, start: usize) {
        let end = self.src[start..]
            .find('\n')
            .map_or(self.b.len(), |i| start + i + 1);
        self.push(TokenKind::Comment, start, end);
    }

    fn number(&mut self, start: usize) {
        let mut end = start;
        let digits = |b: &[u8], mut i: usize| {
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            i
        };
        end = digits(self.b, end);
        if end + 1 < self.b.len() && self.b[end] == b'.' && self.b[end + 1].is_ascii_digit() {
            end = digits(self.b, end + 1);
        }
        if end < self.b.len() && (self.b[end] == b'e' || self.b[end] == b'E') {
            let mut e = end + 1;
            if e < self.b.len() && (self.b[e] == b'+' || self.b[e] == b'-') {
                e += 1;
            }
            if e < self.b.len() && self.b[e].is_ascii_digit() {
                end = digits(self.b, e);
            }
        }
        self.push(TokenKind::NumberLit, start, end);
    }

    fn heredoc_open(&mut self, start: usize) {
        let mut i = start + 2;
        if self.b.get(i) == Some(&b'-') {
            i += 1;
        }
        let id_start = i;
        while i < self.b.len() && (self.b[i].is_ascii_alphanumeric() || self.b[i] == b'_') {
            i += 1;
        }
        let marker = &self.src[id_start..i];
        let nl = if self.b.get(i) == Some(&b'\n') {
            Some(i + 1)
        } else if self.b.get(i) == Some(&b'\r') && self.b.get(i + 1) == Some(&b'\n') {
            Some(i + 2)
        } else {
            None
        };
        match nl {
            Some(end) if !marker.is_empty() => {
                self.modes.push(Mode::Heredoc {
                    marker: marker.to_string(),
                });
                self.push(TokenKind::OHeredoc, start, end);
            }
            _ => self.push(TokenKind::Invalid, start, start + 2),
        }
    }

    /// Inside `"..."`: literal runs, `${`/`%{` sequences, the closing quote.
    /// A newline ends the string (unterminated) so one bad line cannot swallow
    /// the rest of the file.
    fn quoted(&mut self) {
        let start = self.pos;
        let mut i = start;
        while i < self.b.len() {
            match self.b[i] {
                b'"' => {
                    if i > start {
                        self.push(TokenKind::QuotedLit, start, i);
                    }
                    self.modes.pop();
                    self.push(TokenKind::CQuote, i, i + 1);
                    return;
                }
                b'\\' => {
                    i += if i + 1 < self.b.len() && self.b[i + 1] != b'\n' {
                        2
                    } else {
                        1
                    }
                }
                b'$' | b'%' => match self.template_introducer(i, start, TokenKind::QuotedLit) {
                    Introducer::Escaped(next) => i = next,
                    Introducer::Opened => return,
                    Introducer::None => i += 1,
                },
                b'\n' | b'\r' => {
                    if i > start {
                        self.push(TokenKind::QuotedLit, start, i);
                    }
                    self.modes.pop();
                    self.pos = i;
                    return;
                }
                _ => i += 1,
            }
        }
        let end = i.min(self.b.len());
        if end > start {
            self.push(TokenKind::QuotedLit, start, end);
        }
        self.modes.pop();
        self.pos = self.b.len();
    }

    /// At a `$` or `%` inside template text: `$${`/`%%{` are literal text;
    /// `${`/`%{` end the literal run (of kind `lit`) and open a sequence.
    fn template_introducer(&mut self, i: usize, start: usize, lit: TokenKind) -> Introducer {
        let c = self.b[i];
        if self.b.get(i + 1) == Some(&c) && self.b.get(i + 2) == Some(&b'{') {
            return Introducer::Escaped(i + 3);
        }
        if self.b.get(i + 1) != Some(&b'{') {
            return Introducer::None;
        }
        if i > start {
            self.push(lit, start, i);
        }
        self.open_template_seq(i);
        Introducer::Opened
    }

    fn open_template_seq(&mut self, at: usize) {
        let kind = if self.b[at] == b'$' {
            TokenKind::TemplateInterp
        } else {
            TokenKind::TemplateControl
        };
        let end = if self.b.get(at + 2) == Some(&b'~') {
            at + 3
        } else {
            at + 2
        };
        self.modes.push(Mode::Normal {
            interp: true,
            depth: 0,
        });
        self.push(kind, at, end);
    }

    /// Inside a heredoc: each line is a `StringLit` (split around template
    /// sequences) until a line whose trimmed text is the marker.
    fn heredoc(&mut self, marker: &str) {
        let start = self.pos;
        // Only a line's start can hold the closing marker. (Searching back
        // for the line start cost a scan of the line per template sequence:
        // quadratic on a long line of interpolations.)
        if start == 0 || self.b[start - 1] == b'\n' {
            let line_end = self.src[start..]
                .find('\n')
                .map_or(self.b.len(), |i| start + i);
            let line = self.src[start..line_end].trim_end_matches('\r');
            if line.trim() == marker {
                self.modes.pop();
                self.push(TokenKind::CHeredoc, start, start + line.len());
                return;
            }
        }
        let mut i = start;
        while i < self.b.len() {
            match self.b[i] {
                b'\n' => {
                    self.push(TokenKind::StringLit, start, i + 1);
                    return;
                }
                b'$' | b'%' => match self.template_introducer(i, start, TokenKind::StringLit) {
                    Introducer::Escaped(next) => i = next,
                    Introducer::Opened => return,
                    Introducer::None => i += 1,
                },
                _ => i += 1,
            }
        }
        self.push(TokenKind::StringLit, start, self.b.len());
        self.modes.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::TokenKind::*;
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).into_iter().map(|t| t.kind).collect()
    }

    fn pieces(src: &str) -> Vec<&str> {
        let mut start = 0;
        top_level_piece_ends(src)
            .into_iter()
            .map(|end| {
                let piece = &src[start..end];
                start = end;
                piece
            })
            .collect()
    }

    #[test]
    fn a_text_splits_after_each_top_level_block() {
        let src = "resource \"a\" \"b\" {\n  x = { y = 1 }\n}\n\n# about c\nlocals { c = 1 } # trailing\nd = {\n}\nvariable \"e\" {}";
        assert_eq!(
            pieces(src),
            vec![
                "resource \"a\" \"b\" {\n  x = { y = 1 }\n}\n",
                "\n# about c\nlocals { c = 1 } # trailing\n",
                "d = {\n}\n",
                "variable \"e\" {}",
            ]
        );
    }

    #[test]
    fn braces_in_strings_heredocs_and_templates_do_not_split() {
        let src = "a {\n  t = <<EOF\n}\nEOF\n  s = \"}\n\"\n  u = \"${ {x = 1}\n}\"\n}\nb {}\n";
        assert_eq!(
            pieces(src),
            vec![
                "a {\n  t = <<EOF\n}\nEOF\n  s = \"}\n\"\n  u = \"${ {x = 1}\n}\"\n}\n",
                "b {}\n"
            ]
        );
    }

    #[test]
    fn a_text_left_open_is_one_piece_from_the_last_boundary() {
        let src = "a {}\nb {\n  c = 1\n\nd {}\n";
        assert_eq!(pieces(src), vec!["a {}\n", "b {\n  c = 1\n\nd {}\n"]);
        assert_eq!(pieces(""), vec![""]);
        assert!(!split_top_level(src).1);
        assert!(split_top_level("a {}\n").1);
        assert!(!split_top_level("a {}").1, "a newline may follow");
    }

    #[test]
    fn interpolation_only_string() {
        assert_eq!(
            kinds("a = \"${var.x}\"\n"),
            vec![
                Ident,
                Equal,
                OQuote,
                TemplateInterp,
                Ident,
                Dot,
                Ident,
                TemplateSeqEnd,
                CQuote,
                Newline,
                Eof
            ]
        );
    }

    #[test]
    fn heredoc_lines_are_string_literals() {
        let src = "x = <<EOF\n{\n  \"a\": $input.json('$')\n}\nEOF\n";
        assert_eq!(
            kinds(src),
            vec![Ident, Equal, OHeredoc, StringLit, StringLit, StringLit, CHeredoc, Newline, Eof]
        );
    }

    #[test]
    fn unclosed_brackets_and_template_contexts_are_counted() {
        let unclosed = |src: &str| unclosed(&lex(src));
        assert!(unclosed(
            "x = \"a ${ \"b\" } c\"\ny = <<EOT\n%{ if true }x%{ endif }\nEOT\nz = [({a = 1})]\n"
        )
        .is_empty());
        let open = unclosed("x = <<EOT\n${ \"%{ if a\n");
        let kinds: Vec<_> = open.iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [OHeredoc, TemplateInterp, OQuote, TemplateControl]);
        let kinds: Vec<_> = unclosed("x = [a[(1").iter().map(|t| t.kind).collect();
        assert_eq!(kinds, [OBrack, OBrack, OParen]);
    }

    #[test]
    fn only_a_whole_line_closes_a_heredoc() {
        // The text after an interpolation is not at a line's start, even
        // when it reads like the marker.
        let src = "x = <<EOF\n${a}EOF\n  EOF\n";
        assert_eq!(
            kinds(src),
            vec![
                Ident,
                Equal,
                OHeredoc,
                TemplateInterp,
                Ident,
                TemplateSeqEnd,
                StringLit,
                CHeredoc,
                Newline,
                Eof
            ]
        );
    }

    #[test]
    fn nested_braces_inside_interpolation() {
        assert_eq!(
            kinds("\"${ {a=1}.a }\""),
            vec![
                OQuote,
                TemplateInterp,
                OBrace,
                Ident,
                Equal,
                NumberLit,
                CBrace,
                Dot,
                Ident,
                TemplateSeqEnd,
                CQuote,
                Eof
            ]
        );
    }

    #[test]
    fn never_panics_on_prefixes() {
        let src =
            "resource \"a\" \"b\" {\n  x = \"${f(\"é\")}\" # c\n  y = <<-EOT\n  é ${z}\n  EOT\n}\n";
        for i in 0..=src.len() {
            if src.is_char_boundary(i) {
                let toks = lex(&src[..i]);
                assert_eq!(toks.last().map(|t| t.kind), Some(Eof));
            }
        }
    }
}
