//! `terraform fmt`, byte for byte.
//!
//! Two stages, as in Terraform: first the command's own rewrites
//! (`internal/command/fmt.go`: unwrap interpolation-only strings, normalise
//! legacy `variable` types, quote block labels), then hclwrite's layout pass
//! (indentation by bracket nesting, spacing between tokens, alignment of `=`
//! and trailing comments across consecutive lines). Both operate on tokens;
//! formatting only ever changes the spaces before a token.

use unicode_segmentation::UnicodeSegmentation;

use crate::lexer::{lex, TokenKind};

#[derive(Debug, Clone)]
struct FTok {
    kind: TokenKind,
    text: String,
    spaces: usize,
}

impl FTok {
    fn new(kind: TokenKind, text: &str) -> FTok {
        FTok {
            kind,
            text: text.to_string(),
            spaces: 0,
        }
    }

    fn is_inline_comment(&self) -> bool {
        self.kind == TokenKind::Comment && !self.is_newline()
    }

    fn is_newline(&self) -> bool {
        self.kind == TokenKind::Newline
            || (self.kind == TokenKind::Comment && self.text.ends_with('\n'))
    }
}

/// Formats one file. Input with tokens the lexer could not classify is
/// returned unchanged: like Terraform, only syntactically valid files are
/// rewritten (callers check syntax first and report errors).
pub fn format_source(src: &str) -> String {
    let raw = lex(src);
    if raw.iter().any(|t| t.kind == TokenKind::Invalid) {
        return src.to_string();
    }
    let mut toks = Vec::with_capacity(raw.len());
    let mut prev_end = 0;
    for t in &raw {
        let gap = src.get(prev_end..t.start).unwrap_or("");
        toks.push(FTok {
            kind: t.kind,
            text: t.text(src).to_string(),
            spaces: gap.len(),
        });
        prev_end = t.end;
    }
    let mut out = Vec::with_capacity(toks.len());
    let mut pos = 0;
    rewrite_body(&toks, &mut pos, &mut out, &mut Vec::new(), false);
    out.extend_from_slice(&toks[pos.min(toks.len())..]);
    layout(&mut out);
    let mut s = String::with_capacity(src.len() + 1);
    for t in &out {
        for _ in 0..t.spaces {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    // A file that does not end with a newline keeps not ending with one,
    // as `terraform fmt FILE` leaves it (its standard-input mode adds one;
    // the command does that).
    s
}

// ---------------------------------------------------------------------------
// Stage 1: Terraform's body rewrites.

fn skip_to_line_end(toks: &[FTok], pos: &mut usize, out: &mut Vec<FTok>) {
    // Copies tokens until and including the end of the current line, for
    // input we do not understand structurally.
    while *pos < toks.len() && toks[*pos].kind != TokenKind::Eof {
        let t = toks[*pos].clone();
        *pos += 1;
        let nl = t.is_newline();
        out.push(t);
        if nl {
            break;
        }
    }
}

/// Walks a body (file top level, or inside a block's braces) copying tokens
/// to `out` and rewriting attribute values and labels. Stops after the
/// closing brace when `nested`.
fn rewrite_body(
    toks: &[FTok],
    pos: &mut usize,
    out: &mut Vec<FTok>,
    in_blocks: &mut Vec<String>,
    nested: bool,
) {
    use TokenKind::*;
    while *pos < toks.len() {
        let t = &toks[*pos];
        match t.kind {
            Eof => return,
            Newline | Comment => {
                out.push(t.clone());
                *pos += 1;
            }
            CBrace if nested => {
                out.push(t.clone());
                *pos += 1;
                return;
            }
            Ident => {
                let name = t.text.clone();
                // `name /* note */ = value`: inline comments may stand
                // between an argument's name and its equals sign.
                let mut eq = *pos + 1;
                while toks.get(eq).is_some_and(FTok::is_inline_comment) {
                    eq += 1;
                }
                match toks.get(eq).map(|t| t.kind) {
                    Some(Equal) => {
                        out.extend_from_slice(&toks[*pos..=eq]);
                        *pos = eq + 1;
                        let start = *pos;
                        let end = expression_end(toks, start);
                        let expr = &toks[start..end];
                        let cleaned =
                            if in_blocks.len() == 1 && in_blocks[0] == "variable" && name == "type"
                            {
                                format_type_expr(expr)
                            } else {
                                format_value_expr(expr)
                            };
                        out.extend(cleaned);
                        *pos = end;
                    }
                    _ => {
                        if !rewrite_block(toks, pos, out, in_blocks) {
                            skip_to_line_end(toks, pos, out);
                        }
                    }
                }
            }
            _ => skip_to_line_end(toks, pos, out),
        }
    }
}

/// A block header `type label* {`: labels written as identifiers become
/// quoted strings (Terraform's `block.SetLabels(block.Labels())`).
fn rewrite_block(
    toks: &[FTok],
    pos: &mut usize,
    out: &mut Vec<FTok>,
    in_blocks: &mut Vec<String>,
) -> bool {
    use TokenKind::*;
    let mut i = *pos + 1;
    let mut labels: Vec<Vec<FTok>> = Vec::new();
    let mut trailing: Vec<FTok> = Vec::new();
    loop {
        match toks.get(i).map(|t| t.kind) {
            // Terraform drops comments in front of a label, but keeps
            // those after the last one.
            Some(Comment) if toks[i].is_inline_comment() => {
                trailing.push(toks[i].clone());
                i += 1;
            }
            Some(Ident) => {
                trailing.clear();
                labels.push(vec![
                    FTok::new(OQuote, "\""),
                    FTok::new(QuotedLit, &toks[i].text),
                    FTok::new(CQuote, "\""),
                ]);
                i += 1;
            }
            Some(OQuote) => {
                let mut j = i + 1;
                while j < toks.len() && toks[j].kind == QuotedLit {
                    j += 1;
                }
                if toks.get(j).map(|t| t.kind) != Some(CQuote) {
                    return false;
                }
                // Terraform re-writes every label from its value, so escapes
                // come out in one canonical form.
                trailing.clear();
                let raw: String = toks[i + 1..j].iter().map(|t| t.text.as_str()).collect();
                labels.push(vec![
                    FTok::new(OQuote, "\""),
                    FTok::new(QuotedLit, &escape_quoted(&unescape_quoted(&raw))),
                    FTok::new(CQuote, "\""),
                ]);
                i = j + 1;
            }
            Some(OBrace) => break,
            _ => return false,
        }
    }
    let block_type = toks[*pos].text.clone();
    out.push(toks[*pos].clone());
    for l in labels {
        out.extend(l);
    }
    out.extend(trailing);
    out.push(toks[i].clone());
    *pos = i + 1;
    in_blocks.push(block_type);
    rewrite_body(toks, pos, out, in_blocks, true);
    in_blocks.pop();
    true
}

/// The value of a quoted string's text (HCL escapes undone).
fn unescape_quoted(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some('t') => out.push('\t'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(u @ ('u' | 'U')) => {
                    let n = if u == 'u' { 4 } else { 8 };
                    let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                    match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                        Some(ch) => out.push(ch),
                        None => {
                            out.push('\\');
                            out.push(u);
                            out.push_str(&hex);
                        }
                    }
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '$' | '%' if chars.peek() == Some(&c) => {
                // `$${` and `%%{` stand for a literal `${` / `%{`.
                let mut look = chars.clone();
                look.next();
                if look.peek() == Some(&'{') {
                    chars.next();
                }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// hclwrite's escaping of a string value inside quotes.
fn escape_quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '$' | '%' => {
                out.push(c);
                if chars.peek() == Some(&'{') {
                    out.push(c);
                }
            }
            c if c != ' ' && (c.is_control() || c.is_whitespace()) => {
                let n = c as u32;
                if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// One past the last token of an attribute's expression: the newline (or
/// line comment, or a closing brace of a one-line block) at bracket depth 0.
fn expression_end(toks: &[FTok], start: usize) -> usize {
    let mut depth = 0i32;
    let mut i = start;
    while i < toks.len() {
        let t = &toks[i];
        if t.kind == TokenKind::Eof {
            return i;
        }
        if depth <= 0 && (t.is_newline() || t.kind == TokenKind::Comment) {
            return i;
        }
        if depth <= 0 && t.kind == TokenKind::CBrace {
            return i;
        }
        depth += t.kind.bracket_change();
        i += 1;
    }
    i
}

/// `"${expr}"` becomes `expr` when the string holds exactly one
/// interpolation and nothing else.
fn format_value_expr(tokens: &[FTok]) -> Vec<FTok> {
    use TokenKind::*;
    let n = tokens.len();
    if n < 5
        || tokens[0].kind != OQuote
        || tokens[1].kind != TemplateInterp
        || tokens[n - 2].kind != TemplateSeqEnd
        || tokens[n - 1].kind != CQuote
    {
        return tokens.to_vec();
    }
    let inside = &tokens[2..n - 2];
    let mut quotes = 0;
    for t in inside {
        match t.kind {
            OQuote => quotes += 1,
            CQuote => quotes -= 1,
            _ if quotes > 0 => {}
            TemplateInterp | TemplateSeqEnd | QuotedLit => return tokens.to_vec(),
            _ => {}
        }
    }
    let start = inside
        .iter()
        .position(|t| t.kind != Newline)
        .unwrap_or(inside.len());
    let end = inside
        .iter()
        .rposition(|t| t.kind != Newline)
        .map_or(start, |e| e + 1);
    let trimmed = &inside[start..end.max(start)];
    let multi_line = trimmed.iter().any(|t| t.kind == Newline);
    let parens = trimmed.first().map(|t| t.kind) == Some(OParen)
        && trimmed.last().map(|t| t.kind) == Some(CParen);
    if multi_line && !parens {
        let mut v = vec![FTok::new(OParen, "(")];
        v.extend_from_slice(trimmed);
        v.push(FTok::new(CParen, ")"));
        return v;
    }
    trimmed.to_vec()
}

/// Legacy variable types: `"string"` → `string`, `"list"` → `list(string)`,
/// `"map"` → `map(string)`; a bare `list`/`map`/`set` gets `(any)`.
fn format_type_expr(tokens: &[FTok]) -> Vec<FTok> {
    use TokenKind::*;
    let typed = |name: &str, elem: &str| {
        vec![
            FTok::new(Ident, name),
            FTok::new(OParen, "("),
            FTok::new(Ident, elem),
            FTok::new(CParen, ")"),
        ]
    };
    match tokens {
        [kw] if kw.kind == Ident && matches!(kw.text.as_str(), "list" | "map" | "set") => {
            let mut v = typed(&kw.text, "any");
            v[0] = kw.clone();
            v
        }
        [o, s, c] if o.kind == OQuote && s.kind == QuotedLit && c.kind == CQuote => {
            match s.text.as_str() {
                "string" => vec![FTok::new(Ident, "string")],
                "list" => typed("list", "string"),
                "map" => typed("map", "string"),
                _ => tokens.to_vec(),
            }
        }
        _ => tokens.to_vec(),
    }
}

// ---------------------------------------------------------------------------
// Stage 2: hclwrite's layout.

#[derive(Debug, Clone, Default)]
struct Line {
    lead: (usize, usize),
    assign: Option<(usize, usize)>,
    comment: Option<(usize, usize)>,
}

fn columns(toks: &[FTok], r: (usize, usize)) -> usize {
    toks[r.0..r.1]
        .iter()
        .map(|t| t.spaces + t.text.graphemes(true).count())
        .sum()
}

fn layout(toks: &mut [FTok]) {
    let mut lines = lines_for_format(toks);
    format_indent(toks, &mut lines);
    format_spaces(toks, &lines);
    format_cells(toks, &lines);
}

fn lines_for_format(toks: &[FTok]) -> Vec<Line> {
    use TokenKind::*;
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if t.kind == Eof {
            lines.push(Line {
                lead: (start, i),
                ..Line::default()
            });
            start = usize::MAX;
            break;
        }
        if t.is_newline() {
            lines.push(Line {
                lead: (start, i + 1),
                ..Line::default()
            });
            start = i + 1;
        }
    }
    if start != usize::MAX && start < toks.len() {
        lines.push(Line {
            lead: (start, toks.len()),
            ..Line::default()
        });
    }
    // hclwrite (as vendored in Terraform 1.11) has no heredoc special case
    // here: a heredoc's body holds no newline tokens, so the whole heredoc is
    // one formatting line and takes part in `=` alignment like any other.
    for line in &mut lines {
        let (s, e) = line.lead;
        if s == e {
            continue;
        }
        let mut e = e;
        if e - s > 1 && toks[e - 1].kind == Comment {
            line.comment = Some((e - 1, e));
            e -= 1;
            line.lead = (s, e);
        }
        for i in s + 1..e {
            if toks[i].kind == Equal {
                let net: i32 = toks[i..e].iter().map(|t| t.kind.bracket_change()).sum();
                if net == 0 {
                    line.assign = Some((i, e));
                    line.lead = (s, i);
                }
                break;
            }
        }
    }
    lines
}

fn format_indent(toks: &mut [FTok], lines: &mut [Line]) {
    let mut indents: Vec<i32> = Vec::new();
    for line in lines.iter() {
        let (s, e) = line.lead;
        if s == e {
            continue;
        }
        if toks[s].kind == TokenKind::Newline {
            toks[s].spaces = 0;
            continue;
        }
        let mut net = 0;
        for t in &toks[s..e] {
            net += t.kind.bracket_change();
            if t.kind == TokenKind::OHeredoc {
                break;
            }
        }
        if let Some((a, b)) = line.assign {
            net += toks[a..b]
                .iter()
                .map(|t| t.kind.bracket_change())
                .sum::<i32>();
        }
        if net > 0 {
            toks[s].spaces = 2 * indents.len();
            indents.push(net);
        } else {
            let mut closed = -net;
            while closed > 0 {
                let Some(top) = indents.last_mut() else { break };
                if closed > *top {
                    closed -= *top;
                    indents.pop();
                } else if closed < *top {
                    *top -= closed;
                    closed = 0;
                } else {
                    indents.pop();
                    closed = 0;
                }
            }
            toks[s].spaces = 2 * indents.len();
        }
    }
}

fn space_after(subject: Option<&FTok>, before: Option<&FTok>, after: Option<&FTok>) -> bool {
    use TokenKind::*;
    let (Some(subject), Some(after)) = (subject, after) else {
        return false;
    };
    let (s, a) = (subject.kind, after.kind);
    let b = before.map(|t| t.kind);
    if a == Newline {
        return false;
    }
    if s == Ident && a == OParen {
        return false;
    }
    // Namespace segments of a function name stay together.
    if (s == Ident && a == DoubleColon) || (s == DoubleColon && a == Ident) {
        return false;
    }
    if s == Dot || a == Dot {
        return false;
    }
    if a == Comma || a == Ellipsis {
        return false;
    }
    if s == Comma {
        return true;
    }
    if matches!(s, QuotedLit | StringLit | OQuote | OHeredoc)
        || matches!(a, QuotedLit | StringLit | CQuote | CHeredoc)
    {
        return false;
    }
    if s == Ident && subject.text == "in" && b == Some(Ident) {
        return true;
    }
    if a == OBrack && (s == Ident || s == NumberLit || s.bracket_change() < 0) {
        return false;
    }
    if s == Bang {
        return false;
    }
    if s == Minus {
        return !matches!(
            b,
            None | Some(
                OParen
                    | OBrace
                    | OBrack
                    | Equal
                    | Colon
                    | Comma
                    | Question
                    | Plus
                    | Star
                    | Slash
                    | Percent
                    | Minus
                    | EqualOp
                    | NotEqual
                    | GreaterThan
                    | GreaterThanEq
                    | LessThan
                    | LessThanEq
                    | And
                    | Or
                    | Bang
            )
        );
    }
    if s == OBrace || a == CBrace {
        return !(s == OBrace && a == CBrace);
    }
    if matches!(s, TemplateInterp | TemplateControl) && a == OBrace {
        return true;
    }
    if s == CBrace && a == TemplateSeqEnd {
        return true;
    }
    if s == TemplateSeqEnd && matches!(a, TemplateInterp | TemplateControl) {
        return false;
    }
    if s.bracket_change() > 0 {
        return false;
    }
    if a.bracket_change() < 0 {
        return false;
    }
    true
}

fn space_cell(toks: &mut [FTok], (s, e): (usize, usize), first_gets_one: bool) {
    if first_gets_one && s < e {
        toks[s].spaces = 1;
    }
    for i in s..e {
        let before = if i > s {
            Some(toks[i - 1].clone())
        } else {
            None
        };
        let has_after = i + 1 < e;
        let sp = space_after(
            Some(&toks[i]),
            before.as_ref(),
            if has_after { Some(&toks[i + 1]) } else { None },
        );
        if has_after {
            toks[i + 1].spaces = usize::from(sp);
        }
    }
}

fn format_spaces(toks: &mut [FTok], lines: &[Line]) {
    for line in lines {
        space_cell(toks, line.lead, false);
        if let Some(a) = line.assign {
            space_cell(toks, a, true);
        }
    }
}

fn format_cells(toks: &mut [FTok], lines: &[Line]) {
    // Align `=` across runs of consecutive assignment lines.
    let mut chain_start: Option<usize> = None;
    let mut max_cols = 0;
    let close_assign = |toks: &mut [FTok], from: usize, to: usize, max: usize| {
        for line in &lines[from..to] {
            let cols = columns(toks, line.lead);
            if let Some((a, _)) = line.assign {
                toks[a].spaces = max - cols + 1;
            }
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.assign.is_none() {
            if let Some(cs) = chain_start.take() {
                close_assign(toks, cs, i, max_cols);
                max_cols = 0;
            }
        } else {
            chain_start.get_or_insert(i);
            max_cols = max_cols.max(columns(toks, line.lead));
        }
    }
    if let Some(cs) = chain_start.take() {
        close_assign(toks, cs, lines.len(), max_cols);
    }

    // Then trailing comments, after the (now aligned) assignments.
    let width = |toks: &[FTok], line: &Line| {
        columns(toks, line.lead) + line.assign.map_or(0, |a| columns(toks, a))
    };
    max_cols = 0;
    for (i, line) in lines.iter().enumerate() {
        if line.comment.is_none() {
            if let Some(cs) = chain_start.take() {
                for l in &lines[cs..i] {
                    let w = width(toks, l);
                    if let Some((c, _)) = l.comment {
                        toks[c].spaces = max_cols - w + 1;
                    }
                }
                max_cols = 0;
            }
        } else {
            chain_start.get_or_insert(i);
            max_cols = max_cols.max(width(toks, line));
        }
    }
    if let Some(cs) = chain_start {
        for l in &lines[cs..] {
            let w = width(toks, l);
            if let Some((c, _)) = l.comment {
                toks[c].spaces = max_cols - w + 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_source;

    #[test]
    fn aligns_and_unwraps() {
        let src = "resource \"a\" \"b\" {\nname = \"${var.x}\"\n  longer_name   =  \"y\" # c\n}\n";
        assert_eq!(
            format_source(src),
            "resource \"a\" \"b\" {\n  name        = var.x\n  longer_name = \"y\" # c\n}\n"
        );
    }

    #[test]
    fn keeps_heredoc_bodies() {
        let src = "x = {\n\"k\" = <<EOF\n  { \"a\" : 1 }\nEOF\n  }\n";
        assert_eq!(
            format_source(src),
            "x = {\n  \"k\" = <<EOF\n  { \"a\" : 1 }\nEOF\n}\n"
        );
    }

    #[test]
    fn legacy_variable_types_and_labels() {
        let src = "variable v {\n  type = \"list\"\n}\n";
        assert_eq!(
            format_source(src),
            "variable \"v\" {\n  type = list(string)\n}\n"
        );
    }

    #[test]
    fn keeps_interpolation_with_literal_text() {
        let src = "a = \"x-${var.y}\"\nb = \"${var.y}${var.z}\"\n";
        assert_eq!(format_source(src), src);
    }
}
