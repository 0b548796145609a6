//! Completion. The text being typed rarely parses, so the context comes
//! from gantry's lexer (which never fails) run over the text before the
//! cursor: the stack of open blocks, strings and brackets, and the tokens
//! of the current line. Declared names come from the last analysis of the
//! directory plus the block headers of this very text.

use std::collections::BTreeSet;

use gantry_config::functions::FUNCTIONS;
use gantry_config::model::{
    Mode, LIFECYCLE_ARGUMENTS, OUTPUT_ARGUMENTS, RESOURCE_META_ARGUMENTS, TOP_LEVEL_BLOCKS,
    VARIABLE_ARGUMENTS,
};
use gantry_schema::{
    data_source, resource_type, BlockType, Presence, ResourceType, Rule, DATA_SOURCES,
    RESOURCE_TYPES,
};
use gantry_syntax::{lex, Token, TokenKind};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use crate::analysis::Analysis;
use crate::hover::{attribute_doc, type_doc};
use crate::text::LineIndex;

/// One open construct at the cursor.
#[derive(Debug)]
enum Frame {
    /// A block body (the root frame is the file's top level).
    Block {
        kind: String,
        labels: Vec<String>,
        /// Argument names already set in it.
        set: Vec<String>,
        line: Vec<Token>,
    },
    /// A quoted string; `line` holds its tokens.
    Quote { line: Vec<Token> },
    /// Brackets, parentheses, objects, interpolations, heredocs.
    Other { line: Vec<Token> },
}

impl Frame {
    fn line(&mut self) -> &mut Vec<Token> {
        match self {
            Frame::Block { line, .. } | Frame::Quote { line } | Frame::Other { line } => line,
        }
    }
}

/// The open constructs at the end of `src`, from its tokens.
fn frames(src: &str, tokens: &[Token]) -> Vec<Frame> {
    use TokenKind::*;
    let mut stack = vec![Frame::Block {
        kind: String::new(),
        labels: Vec::new(),
        set: Vec::new(),
        line: Vec::new(),
    }];
    for &t in tokens {
        match t.kind {
            Eof => break,
            Newline | Comment => {
                if let Some(top) = stack.last_mut() {
                    top.line().clear();
                }
            }
            OBrace => {
                let header = stack
                    .last_mut()
                    .map(|f| std::mem::take(f.line()))
                    .unwrap_or_default();
                let is_block = matches!(stack.last(), Some(Frame::Block { .. }))
                    && header.first().is_some_and(|h| h.kind == Ident)
                    && header
                        .iter()
                        .all(|h| matches!(h.kind, Ident | OQuote | QuotedLit | CQuote));
                if is_block {
                    let labels = header
                        .iter()
                        .filter(|h| h.kind == QuotedLit || h.kind == Ident)
                        .skip(1)
                        .map(|h| h.text(src).to_string())
                        .collect();
                    stack.push(Frame::Block {
                        kind: header[0].text(src).to_string(),
                        labels,
                        set: Vec::new(),
                        line: Vec::new(),
                    });
                } else {
                    if let Some(top) = stack.last_mut() {
                        *top.line() = header;
                        top.line().push(t);
                    }
                    stack.push(Frame::Other { line: Vec::new() });
                }
            }
            OQuote => {
                if let Some(top) = stack.last_mut() {
                    top.line().push(t);
                }
                stack.push(Frame::Quote { line: Vec::new() });
            }
            OBrack | OParen | TemplateInterp | TemplateControl | OHeredoc => {
                if let Some(top) = stack.last_mut() {
                    top.line().push(t);
                }
                stack.push(Frame::Other { line: Vec::new() });
            }
            CBrace | CBrack | CParen | CQuote | TemplateSeqEnd | CHeredoc => {
                // What a string or bracket held joins the line around it
                // (a block's label is part of its header line).
                let inner = match stack.len() {
                    0 | 1 => Vec::new(),
                    _ => match stack.pop() {
                        Some(Frame::Quote { line } | Frame::Other { line }) => line,
                        _ => Vec::new(),
                    },
                };
                if let Some(top) = stack.last_mut() {
                    top.line().extend(inner);
                    top.line().push(t);
                }
            }
            Equal => {
                if let Some(Frame::Block { set, line, .. }) = stack.last_mut() {
                    if let [name] = line.as_slice() {
                        if name.kind == Ident {
                            set.push(name.text(src).to_string());
                        }
                    }
                    line.push(t);
                } else if let Some(top) = stack.last_mut() {
                    top.line().push(t);
                }
            }
            _ => {
                if let Some(top) = stack.last_mut() {
                    top.line().push(t);
                }
            }
        }
    }
    stack
}

/// Completions at byte `offset` of `text`.
pub fn complete(text: &str, offset: usize, analysis: Option<&Analysis>) -> Vec<CompletionItem> {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let tokens = lex(before);
    // Nothing to offer inside a comment.
    let in_comment = tokens
        .iter()
        .rev()
        .find(|t| t.kind != TokenKind::Eof)
        .is_some_and(|t| t.kind == TokenKind::Comment && !t.text(before).ends_with('\n'));
    if in_comment {
        return Vec::new();
    }
    let stack = frames(before, &tokens);
    let index = LineIndex::new(text);
    let edit = |start: usize, new_text: String| {
        Some(CompletionTextEdit::Edit(TextEdit {
            range: index.range(start, offset),
            new_text,
        }))
    };
    let Some((top, parents)) = stack.split_last() else {
        return Vec::new();
    };
    match top {
        Frame::Quote { line } => {
            // Only plain text so far: a label or a literal value.
            if line.iter().any(|t| t.kind != TokenKind::QuotedLit) {
                return Vec::new();
            }
            let start = line.first().map_or(offset, |t| t.start);
            let close = if text[offset..].starts_with('"') {
                ""
            } else {
                "\""
            };
            let Some(Frame::Block { line: outer, .. }) = parents.last() else {
                return Vec::new();
            };
            let words: Vec<&str> = outer.iter().map(|t| t.text(before)).collect();
            match words.as_slice() {
                ["resource", "\""] => {
                    type_items(RESOURCE_TYPES, |n| edit(start, format!("{n}{close}")))
                }
                ["data", "\""] => type_items(DATA_SOURCES, |n| edit(start, format!("{n}{close}"))),
                [attr, "=", "\""] => {
                    let Some((attrs, _)) = block_schema(parents) else {
                        return Vec::new();
                    };
                    let Some(a) = attrs.iter().find(|a| a.name == *attr) else {
                        return Vec::new();
                    };
                    enum_values(a)
                        .iter()
                        .map(|v| CompletionItem {
                            label: v.to_string(),
                            kind: Some(CompletionItemKind::ENUM_MEMBER),
                            detail: Some(format!("{attr} value")),
                            text_edit: edit(start, format!("{v}{close}")),
                            ..CompletionItem::default()
                        })
                        .collect()
                }
                _ => Vec::new(),
            }
        }
        _ => {
            let word_start = before
                .char_indices()
                .rev()
                .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
                .last()
                .map_or(offset, |(i, _)| i);
            let word = &before[word_start..];
            if word.contains('.') {
                let last_start = word_start + word.rfind('.').map_or(0, |i| i + 1);
                return reference_items(text, analysis, word, |label| {
                    edit(last_start, label.to_string())
                });
            }
            let Frame::Block {
                line, set, kind, ..
            } = top
            else {
                return Vec::new();
            };
            let at_line_start = match line.as_slice() {
                [] => true,
                [t] => t.kind == TokenKind::Ident && t.end == offset,
                _ => false,
            };
            if at_line_start {
                if kind.is_empty() && parents.is_empty() {
                    return TOP_LEVEL_BLOCKS
                        .iter()
                        .map(|k| CompletionItem {
                            label: k.to_string(),
                            kind: Some(CompletionItemKind::KEYWORD),
                            text_edit: edit(word_start, k.to_string()),
                            ..CompletionItem::default()
                        })
                        .collect();
                }
                if let Some(items) =
                    module_input_items(text, &stack, set, analysis, |n| edit(word_start, n))
                {
                    return items;
                }
                return argument_items(&stack, set, |n| edit(word_start, n));
            }
            // After `name =`: the start of an expression.
            if line.iter().any(|t| t.kind == TokenKind::Equal) {
                return expression_start_items(text, analysis, |label| {
                    edit(word_start, label.to_string())
                });
            }
            Vec::new()
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn markdown(value: String) -> Option<Documentation> {
    Some(Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    }))
}

fn type_items(
    types: &[&'static ResourceType],
    edit: impl Fn(&str) -> Option<CompletionTextEdit>,
) -> Vec<CompletionItem> {
    types
        .iter()
        .map(|t| CompletionItem {
            label: t.name.to_string(),
            kind: Some(CompletionItemKind::CLASS),
            detail: Some(t.provider.to_string()),
            documentation: markdown(type_doc(t)),
            text_edit: edit(t.name),
            ..CompletionItem::default()
        })
        .collect()
}

fn enum_values(a: &gantry_schema::Attribute) -> &'static [&'static str] {
    a.rules
        .iter()
        .find_map(|r| match r {
            Rule::OneOf(values) => Some(*values),
            _ => None,
        })
        .unwrap_or(&[])
}

/// The kind and labels of each block open at the cursor, outermost (the
/// file's top level) first.
fn open_blocks(frames: &[Frame]) -> Vec<(&str, &[String])> {
    frames
        .iter()
        .filter_map(|f| match f {
            Frame::Block { kind, labels, .. } => Some((kind.as_str(), labels.as_slice())),
            _ => None,
        })
        .collect()
}

/// The arguments and nested blocks of the innermost block that has a
/// schema: a resource's, or one of its nested blocks'.
fn block_schema(
    frames: &[Frame],
) -> Option<(&'static [gantry_schema::Attribute], &'static [BlockType])> {
    let blocks = open_blocks(frames);
    // blocks[0] is the file's top level.
    let (kind, labels) = *blocks.get(1)?;
    let schema = match kind {
        "resource" => resource_type(labels.first()?)?,
        "data" => data_source(labels.first()?)?,
        _ => return None,
    };
    let mut here = (schema.attributes, schema.blocks);
    for (nested, _) in &blocks[2..] {
        let b = here.1.iter().find(|b| b.name == *nested)?;
        here = (b.attributes, b.blocks);
    }
    Some(here)
}

/// The module a call loads: the analysis's, or (while the text does not
/// parse, so the analysis lacks the call) the local one its `source`
/// names, read now.
fn called_module<'a>(
    declared: &Declared,
    analysis: Option<&'a Analysis>,
    call: &str,
) -> Option<std::borrow::Cow<'a, gantry_config::Module>> {
    let a = analysis?;
    if let Some(child) = a.module.children.get(call) {
        return Some(std::borrow::Cow::Borrowed(child));
    }
    let source = declared.modules.get(call)?.as_deref()?;
    if !gantry_config::model::is_local_source(source) {
        return None;
    }
    Some(std::borrow::Cow::Owned(
        gantry_config::load_dir(&a.dir.join(source)).0,
    ))
}

/// Inside `module "NAME" { … }` (directly): the called module's input
/// variables not set yet, required ones first, then the meta-arguments.
/// `None` anywhere else.
fn module_input_items(
    text: &str,
    frames: &[Frame],
    set: &[String],
    analysis: Option<&Analysis>,
    edit: impl Fn(String) -> Option<CompletionTextEdit>,
) -> Option<Vec<CompletionItem>> {
    let blocks = open_blocks(frames);
    let [_, ("module", labels)] = blocks.as_slice() else {
        return None;
    };
    let child = called_module(&declared(text, analysis), analysis, labels.first()?)?;
    let unset = |name: &str| !set.iter().any(|s| s == name);
    let mut vars: Vec<_> = child
        .variables
        .values()
        .filter(|v| unset(&v.name))
        .collect();
    vars.sort_by_key(|v| (v.default.is_some(), v.name.clone()));
    let mut items: Vec<CompletionItem> = vars
        .into_iter()
        .map(|v| CompletionItem {
            label: v.name.clone(),
            kind: Some(CompletionItemKind::PROPERTY),
            detail: Some(format!(
                "{} · {}",
                v.type_constraint,
                if v.default.is_some() {
                    "optional"
                } else {
                    "required"
                }
            )),
            documentation: v.description.clone().and_then(markdown),
            text_edit: edit(format!("{} = ", v.name)),
            ..CompletionItem::default()
        })
        .collect();
    items.extend(
        gantry_config::model::MODULE_META_ARGUMENTS
            .iter()
            .filter(|m| unset(m))
            .map(|m| CompletionItem {
                label: m.to_string(),
                kind: Some(CompletionItemKind::KEYWORD),
                text_edit: edit(format!("{m} = ")),
                ..CompletionItem::default()
            }),
    );
    Some(items)
}

/// Argument names for the block at the cursor, required ones first, those
/// already set left out.
fn argument_items(
    frames: &[Frame],
    set: &[String],
    edit: impl Fn(String) -> Option<CompletionTextEdit>,
) -> Vec<CompletionItem> {
    let unset = |name: &str| !set.iter().any(|s| s == name);
    let innermost = frames.iter().rev().find_map(|f| match f {
        Frame::Block { kind, .. } => Some(kind.as_str()),
        _ => None,
    });
    let depth = frames
        .iter()
        .filter(|f| matches!(f, Frame::Block { .. }))
        .count();
    let plain = |names: &[&str]| -> Vec<CompletionItem> {
        names
            .iter()
            .filter(|n| unset(n))
            .map(|n| CompletionItem {
                label: n.to_string(),
                kind: Some(CompletionItemKind::PROPERTY),
                text_edit: edit(format!("{n} = ")),
                ..CompletionItem::default()
            })
            .collect()
    };
    match (innermost, depth) {
        (Some("variable"), 2) => return plain(VARIABLE_ARGUMENTS),
        (Some("output"), 2) => return plain(OUTPUT_ARGUMENTS),
        (Some("lifecycle"), 3) => return plain(LIFECYCLE_ARGUMENTS),
        _ => {}
    }
    let Some((attrs, blocks)) = block_schema(frames) else {
        return Vec::new();
    };
    let mut items: Vec<CompletionItem> = attrs
        .iter()
        .filter(|a| a.is_settable() && unset(a.name))
        .map(|a| {
            let rank = if a.presence == Presence::Required {
                0
            } else {
                1
            };
            CompletionItem {
                label: a.name.to_string(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(format!(
                    "{}{}",
                    a.ty.to_type(),
                    if rank == 0 { " (required)" } else { "" }
                )),
                documentation: markdown(attribute_doc(a, a.force_new)),
                sort_text: Some(format!("{rank}{}", a.name)),
                text_edit: edit(format!("{} = ", a.name)),
                ..CompletionItem::default()
            }
        })
        .collect();
    items.extend(blocks.iter().map(|b| CompletionItem {
        label: b.name.to_string(),
        kind: Some(CompletionItemKind::MODULE),
        detail: Some("block".into()),
        documentation: markdown(b.doc.to_string()),
        sort_text: Some(format!("{}{}", if b.min_items > 0 { 0 } else { 2 }, b.name)),
        text_edit: edit(b.name.to_string()),
        ..CompletionItem::default()
    }));
    if depth == 2 {
        let meta = RESOURCE_META_ARGUMENTS
            .iter()
            .filter(|n| unset(n))
            .map(|n| CompletionItem {
                label: n.to_string(),
                kind: Some(CompletionItemKind::KEYWORD),
                detail: Some("meta-argument".into()),
                sort_text: Some(format!("3{n}")),
                text_edit: edit(format!("{n} = ")),
                ..CompletionItem::default()
            });
        items.extend(meta);
        items.push(CompletionItem {
            label: "lifecycle".into(),
            kind: Some(CompletionItemKind::KEYWORD),
            detail: Some("meta-argument block".into()),
            sort_text: Some("3lifecycle".into()),
            text_edit: edit("lifecycle".into()),
            ..CompletionItem::default()
        });
    }
    items
}

/// What the module declares, for reference completion.
#[derive(Default)]
struct Declared {
    /// (mode, type, name) of resource and data blocks.
    resources: BTreeSet<(Mode, String, String)>,
    variables: BTreeSet<String>,
    locals: BTreeSet<String>,
    /// Module calls, with their `source` when the text gives it.
    modules: std::collections::BTreeMap<String, Option<String>>,
}

/// The declarations of the analysis and of `text`'s own tokens, which
/// count even while the text does not parse (it rarely does while a
/// reference is being typed).
fn declared(text: &str, analysis: Option<&Analysis>) -> Declared {
    let mut out = Declared::default();
    if let Some(a) = analysis {
        let m = &a.module;
        out.resources.extend(
            m.resources
                .iter()
                .map(|r| (r.mode, r.type_name.clone(), r.name.clone())),
        );
        out.variables.extend(m.variables.keys().cloned());
        out.locals.extend(m.locals.keys().cloned());
        out.modules.extend(
            m.calls
                .values()
                .map(|c| (c.name.clone(), Some(c.source.clone()))),
        );
    }
    let tokens: Vec<Token> = lex(text)
        .into_iter()
        .filter(|t| !matches!(t.kind, TokenKind::OQuote | TokenKind::CQuote))
        .collect();
    let word = |i: usize| tokens.get(i).map(|t: &Token| (t.kind, t.text(text)));
    let mut depth = 0i32;
    let mut in_locals = false;
    let mut in_module: Option<String> = None;
    for (i, t) in tokens.iter().enumerate() {
        let before = depth;
        depth += t.kind.bracket_change();
        if depth == 0 && t.kind == TokenKind::CBrace {
            in_locals = false;
            in_module = None;
        }
        if t.kind != TokenKind::Ident {
            continue;
        }
        let label = |k: usize| match word(i + k) {
            Some((TokenKind::QuotedLit, s)) => Some(s.to_string()),
            _ => None,
        };
        match (before, t.text(text)) {
            (0, "resource" | "data") => {
                let mode = if t.text(text) == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                };
                if let (Some(ty), Some(name)) = (label(1), label(2)) {
                    out.resources.insert((mode, ty, name));
                }
            }
            (0, "variable") => out.variables.extend(label(1)),
            (0, "module") => {
                if let Some(name) = label(1) {
                    out.modules.entry(name.clone()).or_insert(None);
                    in_module = Some(name);
                }
            }
            (1, "source") if word(i + 1).is_some_and(|w| w.0 == TokenKind::Equal) => {
                if let (Some(name), Some(source)) = (&in_module, label(2)) {
                    out.modules.insert(name.clone(), Some(source));
                }
            }
            (0, "locals") => in_locals = word(i + 1).is_some_and(|w| w.0 == TokenKind::OBrace),
            (1, name) if in_locals => {
                let starts_line = i == 0
                    || matches!(
                        word(i - 1),
                        Some((
                            TokenKind::Newline | TokenKind::OBrace | TokenKind::Comment,
                            _
                        ))
                    );
                if starts_line && word(i + 1).is_some_and(|w| w.0 == TokenKind::Equal) {
                    out.locals.insert(name.to_string());
                }
            }
            _ => {}
        }
    }
    out
}

fn names_items<'a>(
    names: impl IntoIterator<Item = &'a str>,
    kind: CompletionItemKind,
    edit: &impl Fn(&str) -> Option<CompletionTextEdit>,
) -> Vec<CompletionItem> {
    let unique: BTreeSet<&str> = names.into_iter().collect();
    unique
        .into_iter()
        .map(|n| CompletionItem {
            label: n.to_string(),
            kind: Some(kind),
            text_edit: edit(n),
            ..CompletionItem::default()
        })
        .collect()
}

/// After a dot: `var.`, `local.`, `aws_x.`, `aws_x.name.`, `data.…`.
fn reference_items(
    text: &str,
    analysis: Option<&Analysis>,
    word: &str,
    edit: impl Fn(&str) -> Option<CompletionTextEdit>,
) -> Vec<CompletionItem> {
    // not an address: the unfinished reference being typed, split where the user put dots.
    let parts: Vec<&str> = word.split('.').collect();
    let declared = declared(text, analysis);
    let of_type = |mode: Mode, ty: &str| -> Vec<CompletionItem> {
        names_items(
            declared
                .resources
                .iter()
                .filter(|(m, t, _)| *m == mode && t == ty)
                .map(|(_, _, n)| n.as_str()),
            CompletionItemKind::VARIABLE,
            &edit,
        )
    };
    let attributes = |schema: Option<&'static ResourceType>| -> Vec<CompletionItem> {
        let Some(schema) = schema else {
            return Vec::new();
        };
        let mut items: Vec<CompletionItem> = schema
            .attributes
            .iter()
            .map(|a| CompletionItem {
                label: a.name.to_string(),
                kind: Some(CompletionItemKind::FIELD),
                detail: Some(a.ty.to_type().to_string()),
                documentation: markdown(attribute_doc(a, a.force_new)),
                text_edit: edit(a.name),
                ..CompletionItem::default()
            })
            .collect();
        items.extend(schema.blocks.iter().map(|b| CompletionItem {
            label: b.name.to_string(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some("block".into()),
            text_edit: edit(b.name),
            ..CompletionItem::default()
        }));
        items
    };
    match parts.as_slice() {
        ["var", _] => names_items(
            declared.variables.iter().map(String::as_str),
            CompletionItemKind::VARIABLE,
            &edit,
        ),
        ["local", _] => names_items(
            declared.locals.iter().map(String::as_str),
            CompletionItemKind::VARIABLE,
            &edit,
        ),
        ["path", _] => names_items(
            ["module", "root", "cwd"],
            CompletionItemKind::PROPERTY,
            &edit,
        ),
        ["count", _] => names_items(["index"], CompletionItemKind::PROPERTY, &edit),
        ["each", _] => names_items(["key", "value"], CompletionItemKind::PROPERTY, &edit),
        ["terraform", _] => names_items(["workspace"], CompletionItemKind::PROPERTY, &edit),
        ["data", _] => names_items(
            declared
                .resources
                .iter()
                .filter(|(m, _, _)| *m == Mode::Data)
                .map(|(_, t, _)| t.as_str()),
            CompletionItemKind::CLASS,
            &edit,
        ),
        ["module", _] => names_items(
            declared.modules.keys().map(String::as_str),
            CompletionItemKind::MODULE,
            &edit,
        ),
        ["module", call, _] => {
            let Some(child) = called_module(&declared, analysis, call) else {
                return Vec::new();
            };
            child
                .outputs
                .values()
                .map(|o| CompletionItem {
                    label: o.name.clone(),
                    kind: Some(CompletionItemKind::FIELD),
                    detail: Some(format!("output of {}", gantry_addrs::ModuleCall::new(call))),
                    documentation: o.description.clone().and_then(markdown),
                    text_edit: edit(&o.name),
                    ..CompletionItem::default()
                })
                .collect()
        }
        ["data", ty, _] => of_type(Mode::Data, ty),
        ["data", ty, _, _] => attributes(data_source(ty)),
        [ty, _] => of_type(Mode::Managed, ty),
        [ty, _, _] => attributes(resource_type(ty)),
        _ => Vec::new(),
    }
}

/// At the start of an expression: the reference roots and functions.
fn expression_start_items(
    text: &str,
    analysis: Option<&Analysis>,
    edit: impl Fn(&str) -> Option<CompletionTextEdit>,
) -> Vec<CompletionItem> {
    let declared = declared(text, analysis);
    let mut items = names_items(
        declared
            .resources
            .iter()
            .filter(|(m, _, _)| *m == Mode::Managed)
            .map(|(_, t, _)| t.as_str())
            .chain(["var", "local", "data", "path", "count", "each"]),
        CompletionItemKind::MODULE,
        &edit,
    );
    items.extend(FUNCTIONS.iter().map(|f| CompletionItem {
        label: f.name.to_string(),
        kind: Some(CompletionItemKind::FUNCTION),
        detail: Some(format!("{}({})", f.name, f.params.join(", "))),
        text_edit: edit(&format!("{}(", f.name)),
        filter_text: Some(f.name.to_string()),
        ..CompletionItem::default()
    }));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').expect("cursor");
        let text = text.replace('|', "");
        complete(&text, offset, None)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn resource_types_after_resource_quote() {
        let got = labels("resource \"aws_api_gateway_i|");
        assert!(got.contains(&"aws_api_gateway_integration".to_string()));
        assert!(labels("data \"|").contains(&"aws_region".to_string()));
        assert!(labels("resource \"x\" \"|").is_empty(), "the name is free");
    }

    #[test]
    fn enum_values_inside_quotes() {
        let mut got =
            labels("resource \"aws_api_gateway_integration\" \"i\" {\n  type = \"|\"\n}\n");
        got.sort();
        assert_eq!(got, ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]);
    }

    #[test]
    fn arguments_required_first_without_those_set() {
        let text = "resource \"aws_api_gateway_method\" \"m\" {\n  http_method = \"GET\"\n  |\n}\n";
        let offset = text.find('|').unwrap();
        let text = text.replace('|', "");
        let mut items = complete(&text, offset, None);
        items.sort_by(|a, b| a.sort_text.cmp(&b.sort_text));
        let names: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert!(!names.contains(&"http_method"), "already set: {names:?}");
        let first_optional = names.iter().position(|n| *n == "api_key_required").unwrap();
        for required in ["authorization", "resource_id", "rest_api_id"] {
            let at = names.iter().position(|n| *n == required).unwrap();
            assert!(
                at < first_optional,
                "{required} before optional ones: {names:?}"
            );
        }
    }

    #[test]
    fn nested_block_arguments() {
        let got = labels("resource \"aws_api_gateway_rest_api\" \"a\" {\n  endpoint_configuration {\n    |\n  }\n}\n");
        assert!(got.contains(&"types".to_string()), "{got:?}");
    }

    #[test]
    fn references_after_dots() {
        let text = "resource \"aws_api_gateway_rest_api\" \"MyDemoAPI\" {\n  name = \"x\"\n}\nresource \"aws_api_gateway_resource\" \"r\" {\n  rest_api_id = aws_api_gateway_rest_api.|\n}\n";
        assert_eq!(labels(text), ["MyDemoAPI"]);
        let text = text.replace(".|", ".MyDemoAPI.ro|");
        assert!(labels(&text).contains(&"root_resource_id".to_string()));
    }

    #[test]
    fn top_level_keywords() {
        assert!(labels("res|").contains(&"resource".to_string()));
    }

    #[test]
    fn variables_and_locals_of_other_files_and_of_unparsed_text() {
        // `region` and `shared` come from another file (the analysis);
        // `stage` and `api` from this text, which does not parse.
        let other = "variable \"region\" {}\nlocals {\n  shared = 1\n}\n";
        let text = "variable \"stage\" {}\nlocals {\n  api = \"x\" # note\n  n   = {\n    inner = 1\n  }\n}\noutput \"o\" {\n  value = var.\n}\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("other.tf"), other).unwrap();
        std::fs::write(dir.path().join("main.tf"), text).unwrap();
        let never = || false;
        let a = crate::analysis::analyze(dir.path(), 0, &[], &[], &never).unwrap();
        let labels = |text: &str, after: &str| -> Vec<String> {
            let at = text.find(after).unwrap() + after.len();
            complete(text, at, Some(&a))
                .into_iter()
                .map(|i| i.label)
                .collect()
        };
        assert_eq!(labels(text, "var."), ["region", "stage"]);
        let text = text.replace("var.", "local.");
        assert_eq!(labels(&text, "local."), ["api", "n", "shared"]);
    }

    #[test]
    fn nothing_inside_comments() {
        assert!(labels("# resource \"|").is_empty());
        assert!(labels("resource \"a\" \"b\" {\n  // ty|").is_empty());
    }
}
