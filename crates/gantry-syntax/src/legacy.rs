//! Terraform 0.11 wrote map arguments as label-less blocks with quoted keys:
//!
//! ```hcl
//! request_templates {
//!   "application/xml" = <<EOF
//!   ...
//! }
//! ```
//!
//! HCL 2 rejects quoted argument names, so no HCL 2 parser accepts this. We
//! recognise the form on the token stream and insert ` =` after the name,
//! which turns the block into the object expression it always meant (HCL 2
//! objects accept newline-separated `"key" = value` items). Offsets in the
//! rewritten text map back to the original, so diagnostics point at what the
//! user wrote. (`terraform 0.12upgrade` made the same rewrite, fixture
//! `map-attr-as-block`.)

use crate::lexer::{lex, Token, TokenKind};

/// One occurrence of the legacy form, in original offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyMapBlock {
    pub name: String,
    /// The argument name token.
    pub name_start: usize,
    pub name_end: usize,
    /// The `{` and one past the matching `}`.
    pub open_brace: usize,
    pub end: usize,
}

/// Source with the legacy blocks turned into assignments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewritten {
    pub text: String,
    /// (original offset, inserted length), sorted.
    insertions: Vec<(usize, usize)>,
}

impl Rewritten {
    /// Maps an offset in `text` back to the original source. Offsets inside
    /// inserted text map to the insertion point.
    pub fn to_original(&self, offset: usize) -> usize {
        let mut shift = 0;
        for &(at, len) in &self.insertions {
            let here = at + shift;
            if offset < here {
                break;
            }
            if offset < here + len {
                return at;
            }
            shift += len;
        }
        offset - shift
    }

    pub fn is_unchanged(&self) -> bool {
        self.insertions.is_empty()
    }
}

fn at_line_start(tokens: &[Token], src: &str, i: usize) -> bool {
    match i.checked_sub(1).map(|p| tokens[p]) {
        None => true,
        Some(t) => match t.kind {
            TokenKind::Newline | TokenKind::OBrace => true,
            TokenKind::Comment => t.text(src).ends_with('\n'),
            _ => false,
        },
    }
}

/// Finds every label-less block whose body starts with a quoted key
/// followed by `=`.
pub fn find_legacy_map_blocks(src: &str) -> Vec<LegacyMapBlock> {
    legacy_blocks_in(src, &lex(src))
}

fn legacy_blocks_in(src: &str, tokens: &[Token]) -> Vec<LegacyMapBlock> {
    let mut found = Vec::new();
    for i in 0..tokens.len() {
        let name = tokens[i];
        if name.kind != TokenKind::Ident || !at_line_start(tokens, src, i) {
            continue;
        }
        let Some(open) = tokens.get(i + 1) else {
            continue;
        };
        if open.kind != TokenKind::OBrace {
            continue;
        }
        let mut j = i + 2;
        while j < tokens.len() && matches!(tokens[j].kind, TokenKind::Newline | TokenKind::Comment)
        {
            j += 1;
        }
        let kinds: Vec<TokenKind> = tokens[j..].iter().take(4).map(|t| t.kind).collect();
        let quoted_key = matches!(
            kinds.as_slice(),
            [
                TokenKind::OQuote,
                TokenKind::QuotedLit,
                TokenKind::CQuote,
                TokenKind::Equal
            ] | [TokenKind::OQuote, TokenKind::CQuote, TokenKind::Equal, _]
        );
        if !quoted_key {
            continue;
        }
        let mut depth = 0i32;
        let mut end = src.len();
        for t in &tokens[i + 1..] {
            depth += t.kind.bracket_change();
            if depth == 0 {
                end = t.end;
                break;
            }
        }
        found.push(LegacyMapBlock {
            name: name.text(src).to_string(),
            name_start: name.start,
            name_end: name.end,
            open_brace: open.start,
            end,
        });
    }
    found
}

/// `src` without a leading UTF-8 byte order mark: Terraform reads files
/// that start with one (and `fmt` drops it). Three spaces in its place
/// keep every offset.
pub fn without_bom(src: &str) -> std::borrow::Cow<'_, str> {
    match src.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}").into(),
        None => src.into(),
    }
}

/// Inserts ` =` after the name of every legacy block.
pub fn rewrite(src: &str) -> (Rewritten, Vec<LegacyMapBlock>) {
    let (rewritten, blocks, _) = rewrite_scanned(src);
    (rewritten, blocks)
}

/// [`rewrite`], and from the same lexing what the text leaves open
/// ([`crate::lexer::unclosed`], offsets in `src`; the rewrite opens and
/// closes nothing).
pub fn rewrite_scanned(src: &str) -> (Rewritten, Vec<LegacyMapBlock>, Vec<Token>) {
    let src = &*without_bom(src);
    let tokens = lex(src);
    let blocks = legacy_blocks_in(src, &tokens);
    let unclosed = crate::lexer::unclosed(&tokens);
    let mut text = String::with_capacity(src.len() + 2 * blocks.len());
    let mut insertions = Vec::new();
    let mut last = 0;
    for b in &blocks {
        text.push_str(&src[last..b.name_end]);
        text.push_str(" =");
        insertions.push((b.name_end, 2));
        last = b.name_end;
    }
    text.push_str(&src[last..]);
    (Rewritten { text, insertions }, blocks, unclosed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED: &str = "resource \"a\" \"b\" {\n  # Transforms\n  request_templates {\n    \"application/xml\" = <<EOF\n{ \"body\" : $input.json('$') }\nEOF\n  }\n}\n";

    #[test]
    fn finds_the_seed_form() {
        let found = find_legacy_map_blocks(SEED);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].name, "request_templates");
        assert_eq!(
            &SEED[found[0].name_start..found[0].name_end],
            "request_templates"
        );
        assert!(SEED[..found[0].end].ends_with("  }"));
    }

    #[test]
    fn ignores_real_blocks_and_attributes() {
        assert!(find_legacy_map_blocks("lifecycle {\n  prevent_destroy = true\n}\n").is_empty());
        assert!(find_legacy_map_blocks("tags = {\n  \"a\" = \"b\"\n}\n").is_empty());
        assert!(find_legacy_map_blocks("x = <<EOF\ntags {\n  \"a\" = 1\n}\nEOF\n").is_empty());
    }

    #[test]
    fn rewrite_maps_offsets_back() {
        let (rw, _) = rewrite(SEED);
        assert!(rw.text.contains("request_templates = {"));
        let key = rw.text.find("\"application/xml\"").unwrap();
        assert_eq!(
            rw.to_original(key),
            SEED.find("\"application/xml\"").unwrap()
        );
        let ins = rw.text.find(" = {").unwrap();
        assert_eq!(rw.to_original(ins + 1), SEED.find(" {\n    \"app").unwrap());
    }
}
