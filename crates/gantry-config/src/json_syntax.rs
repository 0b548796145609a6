//! Terraform's JSON configuration syntax (`*.tf.json`, what CDK for
//! Terraform generates), read by translating each file into native HCL
//! text with a map from every translated offset back to the JSON, so the
//! builder, the evaluator and every diagnostic work on it unchanged and
//! point into the JSON the user wrote.
//!
//! The translation follows HCL's JSON specification as Terraform applies
//! it: block types are object properties whose nested objects are keyed by
//! the block's labels (or arrays of such objects); a string in an
//! expression position is a template (`"${var.x}"`); the arguments that
//! take references rather than values (`depends_on`, `provider`, a
//! variable's `type`, `ignore_changes`, `moved`'s addresses …) hold the
//! expression's source text; a `"//"` property is a comment. Whether a
//! resource's nested object is a block or a map argument is the schema's
//! call, as in Terraform: [`NestedBlocks`] answers it.

use gantry_diagnostics::{Diagnostic, FileId, Span};
use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, Value as JsonValue};
use jsonc_parser::common::Ranged;

use crate::model::Mode;

/// What owns a nested JSON object whose kind only a schema can tell.
#[derive(Debug, Clone, Copy)]
pub enum BlockOwner<'a> {
    Resource { mode: Mode, type_name: &'a str },
    Provider(&'a str),
}

/// The schema's answer to "is `path` (nested names from the resource or
/// provider body down) a block?". Terraform decodes a JSON body with its
/// schema; gantry's schema layer sits above this crate, so it is asked
/// through this trait.
pub trait NestedBlocks {
    fn is_block(&self, owner: BlockOwner<'_>, path: &[String]) -> bool;
}

/// No schema: every nested object of a resource or provider is an
/// argument (what tests of the language alone need).
pub struct NoSchema;

impl NestedBlocks for NoSchema {
    fn is_block(&self, _: BlockOwner<'_>, _: &[String]) -> bool {
        false
    }
}

/// Offsets of translated text mapped back to the JSON source: sorted
/// segments (translated start, original start, length) of text copied one
/// to one; synthesized text has length 0 and maps to its anchor.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segments: Vec<(usize, usize, usize)>,
}

impl OffsetMap {
    pub fn to_original(&self, offset: usize) -> usize {
        let i = self.segments.partition_point(|s| s.0 <= offset);
        match i.checked_sub(1).map(|i| self.segments[i]) {
            Some((gen, orig, len)) => orig + (offset - gen).min(len),
            None => 0,
        }
    }
}

/// A translated file: native HCL text, its offset map and the problems
/// found on the way (each with a span in the JSON).
pub struct Translated {
    pub text: String,
    pub map: OffsetMap,
    pub diagnostics: Vec<Diagnostic>,
}

/// Translates one `.tf.json` file, or gives its JSON syntax error.
pub fn translate(
    file: FileId,
    src: &str,
    blocks: &dyn NestedBlocks,
) -> Result<Translated, Box<Diagnostic>> {
    run(file, src, blocks, false, |t, root| t.body(root, &Kind::Top))
}

/// Translates a `.tfvars.json` file: each property assigns a variable, and
/// strings are literal (Terraform reads variables files without an
/// evaluation context, so `"${x}"` is those four characters and a brace).
pub fn translate_values(file: FileId, src: &str) -> Result<Translated, Box<Diagnostic>> {
    run(file, src, &NoSchema, true, |t, root| {
        for prop in &root.properties {
            let name = prop_name(prop);
            t.argument(prop, &name, false);
        }
    })
}

fn run(
    file: FileId,
    src: &str,
    blocks: &dyn NestedBlocks,
    literal_strings: bool,
    translate_root: impl FnOnce(&mut Translator<'_>, &Object<'_>),
) -> Result<Translated, Box<Diagnostic>> {
    // Strict JSON, as Terraform's parser: no comments, trailing commas,
    // single quotes or bare words.
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
    };
    // A byte order mark is not JSON; Terraform's reader skips it too.
    let src = &*gantry_syntax::without_bom(src);
    let parsed = jsonc_parser::parse_to_ast(src, &Default::default(), &options);
    let parsed = parsed.map_err(|e| {
        let r = e.range();
        let r = r.start..r.end;
        Box::new(
            Diagnostic::error("gantry::syntax", "Invalid JSON syntax")
                .with_detail(capitalized(&e.kind().to_string()))
                .with_span(Span::new(file, r))
                .with_label(e.kind().to_string()),
        )
    })?;
    let mut t = Translator {
        src,
        file,
        blocks,
        literal_strings,
        out: String::new(),
        map: OffsetMap::default(),
        diagnostics: Vec::new(),
    };
    match &parsed.value {
        Some(JsonValue::Object(root)) => translate_root(&mut t, root),
        Some(other) => t.wrong_type(
            other.range(),
            "The root of a JSON configuration file must be an object.",
        ),
        None => {}
    }
    Ok(Translated {
        text: t.out,
        map: t.map,
        diagnostics: t.diagnostics,
    })
}

/// How the properties of one JSON body are read.
#[derive(Debug, Clone)]
enum Kind {
    Top,
    /// Everything is an argument (`locals`, `backend`, `required_providers`,
    /// `precondition` …).
    Arguments,
    /// A resource's or data source's body, or a block nested in one
    /// (`path` from the resource down).
    Resource {
        mode: Mode,
        type_name: String,
        path: Vec<String>,
    },
    /// A `dynamic "name"` block inside a resource body at `path`.
    Dynamic {
        mode: Mode,
        type_name: String,
        path: Vec<String>,
    },
    Provider {
        name: String,
        path: Vec<String>,
    },
    Lifecycle,
    Provisioner,
    Variable,
    Output,
    Terraform,
    Moved,
    Removed,
    Import,
    Check,
    Module,
}

/// What a property of a body is.
enum Prop {
    Skip,
    Argument,
    /// An argument whose strings are expressions' source text.
    Raw,
    /// A block with this many labels; the body's kind follows from them.
    Block(usize),
}

impl Kind {
    fn prop(&self, name: &str, blocks: &dyn NestedBlocks) -> Prop {
        if name == "//" {
            return Prop::Skip;
        }
        match self {
            Kind::Top => match name {
                "resource" | "data" => Prop::Block(2),
                "variable" | "output" | "provider" | "module" | "check" => Prop::Block(1),
                "locals" | "terraform" | "moved" | "removed" | "import" => Prop::Block(0),
                _ => Prop::Block(0),
            },
            Kind::Arguments => Prop::Argument,
            Kind::Resource {
                mode,
                type_name,
                path,
            } => {
                let top = path.is_empty();
                match name {
                    "count" | "for_each" if top => Prop::Argument,
                    "depends_on" | "provider" if top => Prop::Raw,
                    "lifecycle" | "connection" | "timeouts" if top => Prop::Block(0),
                    "provisioner" if top => Prop::Block(1),
                    "dynamic" => Prop::Block(1),
                    _ => {
                        let mut nested = path.clone();
                        nested.push(name.to_string());
                        let owner = BlockOwner::Resource {
                            mode: *mode,
                            type_name,
                        };
                        if blocks.is_block(owner, &nested) {
                            Prop::Block(0)
                        } else {
                            Prop::Argument
                        }
                    }
                }
            }
            Kind::Dynamic { .. } => match name {
                "iterator" => Prop::Raw,
                "content" => Prop::Block(0),
                _ => Prop::Argument,
            },
            Kind::Provider { name: p, path } => {
                let mut nested = path.clone();
                nested.push(name.to_string());
                if blocks.is_block(BlockOwner::Provider(p), &nested) {
                    Prop::Block(0)
                } else {
                    Prop::Argument
                }
            }
            Kind::Lifecycle => match name {
                "ignore_changes" | "replace_triggered_by" => Prop::Raw,
                "precondition" | "postcondition" => Prop::Block(0),
                _ => Prop::Argument,
            },
            Kind::Provisioner => match name {
                "connection" => Prop::Block(0),
                "when" | "on_failure" => Prop::Raw,
                _ => Prop::Argument,
            },
            Kind::Variable => match name {
                "type" => Prop::Raw,
                "validation" => Prop::Block(0),
                _ => Prop::Argument,
            },
            Kind::Output => match name {
                "depends_on" => Prop::Raw,
                "precondition" => Prop::Block(0),
                _ => Prop::Argument,
            },
            Kind::Terraform => match name {
                "required_providers" | "cloud" => Prop::Block(0),
                "backend" | "provider_meta" => Prop::Block(1),
                "experiments" => Prop::Raw,
                _ => Prop::Argument,
            },
            Kind::Moved => match name {
                "from" | "to" => Prop::Raw,
                _ => Prop::Argument,
            },
            Kind::Removed => match name {
                "from" => Prop::Raw,
                "lifecycle" => Prop::Block(0),
                "provisioner" => Prop::Block(1),
                _ => Prop::Argument,
            },
            Kind::Import => match name {
                "to" | "provider" => Prop::Raw,
                _ => Prop::Argument,
            },
            Kind::Check => match name {
                "data" => Prop::Block(2),
                "assert" => Prop::Block(0),
                _ => Prop::Argument,
            },
            Kind::Module => match name {
                "depends_on" | "providers" => Prop::Raw,
                _ => Prop::Argument,
            },
        }
    }

    /// The kind of the body of block `name` (labelled `labels`) in this body.
    fn nested(&self, name: &str, labels: &[String]) -> Kind {
        match (self, name) {
            (Kind::Top | Kind::Check, "resource" | "data") => Kind::Resource {
                mode: if name == "data" {
                    Mode::Data
                } else {
                    Mode::Managed
                },
                type_name: labels.first().cloned().unwrap_or_default(),
                path: Vec::new(),
            },
            (Kind::Top, "variable") => Kind::Variable,
            (Kind::Top, "output") => Kind::Output,
            (Kind::Top, "provider") => Kind::Provider {
                name: labels.first().cloned().unwrap_or_default(),
                path: Vec::new(),
            },
            (Kind::Top, "module") => Kind::Module,
            (Kind::Top, "check") => Kind::Check,
            (Kind::Top, "terraform") => Kind::Terraform,
            (Kind::Top, "moved") => Kind::Moved,
            (Kind::Top, "removed") => Kind::Removed,
            (Kind::Top, "import") => Kind::Import,
            (Kind::Resource { path, .. }, "lifecycle") if path.is_empty() => Kind::Lifecycle,
            (Kind::Removed, "lifecycle") => Kind::Lifecycle,
            (Kind::Resource { .. } | Kind::Removed, "provisioner") if path_empty(self) => {
                Kind::Provisioner
            }
            (
                Kind::Resource {
                    mode,
                    type_name,
                    path,
                },
                "dynamic",
            ) => {
                let mut path = path.clone();
                path.push(labels.first().cloned().unwrap_or_default());
                Kind::Dynamic {
                    mode: *mode,
                    type_name: type_name.clone(),
                    path,
                }
            }
            (
                Kind::Dynamic {
                    mode,
                    type_name,
                    path,
                },
                "content",
            ) => Kind::Resource {
                mode: *mode,
                type_name: type_name.clone(),
                path: path.clone(),
            },
            (
                Kind::Resource {
                    mode,
                    type_name,
                    path,
                },
                _,
            ) if !(path.is_empty() && matches!(name, "connection" | "timeouts")) => {
                let mut path = path.clone();
                path.push(name.to_string());
                Kind::Resource {
                    mode: *mode,
                    type_name: type_name.clone(),
                    path,
                }
            }
            (Kind::Provider { name: p, path }, _) => {
                let mut path = path.clone();
                path.push(name.to_string());
                Kind::Provider {
                    name: p.clone(),
                    path,
                }
            }
            _ => Kind::Arguments,
        }
    }
}

fn path_empty(kind: &Kind) -> bool {
    match kind {
        Kind::Resource { path, .. } => path.is_empty(),
        _ => true,
    }
}

struct Translator<'s> {
    src: &'s str,
    file: FileId,
    blocks: &'s dyn NestedBlocks,
    /// Strings are literal text, not templates (variables files).
    literal_strings: bool,
    out: String,
    map: OffsetMap,
    diagnostics: Vec<Diagnostic>,
}

impl Translator<'_> {
    /// Appends `s`, copied one to one from the source at `orig`.
    fn mapped(&mut self, s: &str, orig: usize) {
        let gen = self.out.len();
        self.out.push_str(s);
        if let Some(last) = self.map.segments.last_mut() {
            if last.0 + last.2 == gen && last.1 + last.2 == orig && last.2 > 0 {
                last.2 += s.len();
                return;
            }
        }
        self.map.segments.push((gen, orig, s.len()));
    }

    /// Appends synthesized text, which maps to `anchor`.
    fn synth(&mut self, s: &str, anchor: usize) {
        if s.is_empty() {
            return;
        }
        self.map.segments.push((self.out.len(), anchor, 0));
        self.out.push_str(s);
    }

    fn span(&self, r: jsonc_parser::common::Range) -> Span {
        Span::new(self.file, r.start..r.end)
    }

    fn wrong_type(&mut self, r: jsonc_parser::common::Range, detail: &str) {
        let span = self.span(r);
        self.diagnostics.push(
            Diagnostic::error("gantry::json::type", "Incorrect JSON value type")
                .with_detail(detail.to_string())
                .with_span(span),
        );
    }

    fn body(&mut self, obj: &Object<'_>, kind: &Kind) {
        for prop in &obj.properties {
            let name = prop_name(prop);
            match kind.prop(&name, self.blocks) {
                Prop::Skip => {}
                Prop::Argument => self.argument(prop, &name, false),
                Prop::Raw => self.argument(prop, &name, true),
                Prop::Block(labels) => {
                    self.blocks_of(prop, &name, &prop.value, labels, Vec::new(), kind)
                }
            }
        }
    }

    fn argument(&mut self, prop: &ObjectProp<'_>, name: &str, raw: bool) {
        let name_range = prop_name_range(prop);
        self.mapped(name, name_range.start + 1);
        self.synth(" = ", prop.value.range().start);
        if raw {
            self.raw(&prop.value);
        } else {
            self.expr(&prop.value);
        }
        self.synth("\n", prop.range.end);
    }

    /// The blocks a property declares: nested objects keyed by the
    /// remaining labels, arrays of those, and finally one body or an array
    /// of bodies.
    fn blocks_of(
        &mut self,
        prop: &ObjectProp<'_>,
        name: &str,
        value: &JsonValue<'_>,
        labels_left: usize,
        labels: Vec<(String, usize)>,
        parent: &Kind,
    ) {
        match value {
            JsonValue::Array(Array { elements, .. }) => {
                for e in elements {
                    self.blocks_of(prop, name, e, labels_left, labels.clone(), parent);
                }
            }
            JsonValue::Object(obj) if labels_left > 0 => {
                for p in &obj.properties {
                    let mut more = labels.clone();
                    more.push((prop_name(p), prop_name_range(p).start + 1));
                    self.blocks_of(prop, name, &p.value, labels_left - 1, more, parent);
                }
            }
            JsonValue::Object(obj) => {
                // A labelled block's header is its innermost label, where
                // its body opens (Terraform points there too).
                match labels.last() {
                    Some((_, at)) => self.synth(name, *at),
                    None => self.mapped(name, prop_name_range(prop).start + 1),
                }
                for (label, at) in &labels {
                    self.synth(" \"", *at);
                    let escaped = escape_literal(label);
                    if escaped == *label {
                        self.mapped(label, *at);
                    } else {
                        self.synth(&escaped, *at);
                    }
                    self.synth("\"", *at + label.len());
                }
                self.synth(" {\n", obj.range.start);
                let names: Vec<String> = labels.iter().map(|(l, _)| l.clone()).collect();
                let kind = parent.nested(name, &names);
                self.body(obj, &kind);
                self.synth("}\n", obj.range.end.saturating_sub(1));
            }
            other => {
                let what = if labels_left > 0 {
                    format!(
                        "a JSON object whose properties are the labels of the \"{name}\" blocks"
                    )
                } else {
                    format!("a JSON object (or an array of objects) holding the \"{name}\" block's body")
                };
                self.wrong_type(other.range(), &format!("Expected {what}."));
            }
        }
    }

    /// A JSON value in an expression position.
    fn expr(&mut self, v: &JsonValue<'_>) {
        self.value(v, false);
    }

    /// A JSON value holding expressions' source text: a string is the
    /// expression itself, arrays and objects hold such strings.
    fn raw(&mut self, v: &JsonValue<'_>) {
        self.value(v, true);
    }

    fn value(&mut self, v: &JsonValue<'_>, raw: bool) {
        match v {
            JsonValue::StringLit(s) => self.string(s.range.start, raw),
            JsonValue::NumberLit(n) => self.mapped(n.value, n.range.start),
            JsonValue::BooleanLit(b) => {
                self.mapped(if b.value { "true" } else { "false" }, b.range.start)
            }
            JsonValue::NullKeyword(n) => self.mapped("null", n.range.start),
            JsonValue::Array(a) => {
                self.synth("[", a.range.start);
                for (i, e) in a.elements.iter().enumerate() {
                    if i > 0 {
                        self.synth(", ", e.range().start);
                    }
                    self.value(e, raw);
                }
                self.synth("]", a.range.end.saturating_sub(1));
            }
            JsonValue::Object(o) => {
                self.synth("{\n", o.range.start);
                for p in &o.properties {
                    self.string(prop_name_range(p).start, raw);
                    self.synth(" = ", p.value.range().start);
                    self.value(&p.value, raw);
                    self.synth("\n", p.range.end);
                }
                self.synth("}", o.range.end.saturating_sub(1));
            }
        }
    }

    /// The JSON string literal at `at`: a quoted template, or with `raw`
    /// its text as an expression.
    fn string(&mut self, at: usize, raw: bool) {
        let chars = decode(self.src, at);
        if !raw {
            return self.template(&chars, at);
        }
        self.copy(&chars);
    }

    /// A string template as a quoted HCL template: literal text escaped for
    /// a quoted string, interpolations and directives copied as they are.
    fn template(&mut self, chars: &[(char, usize)], at: usize) {
        #[derive(Clone, Copy)]
        enum Mode {
            Literal,
            Expr(usize),
            Str,
        }
        self.synth("\"", at);
        if self.literal_strings {
            for (i, &(c, orig)) in chars.iter().enumerate() {
                self.literal_char(c, orig);
                // `${` and `%{` are text here: doubled, HCL reads them so.
                if matches!(c, '$' | '%') && chars.get(i + 1).is_some_and(|n| n.0 == '{') {
                    let mut buf = [0u8; 4];
                    self.synth(c.encode_utf8(&mut buf), orig);
                }
            }
            let end = chars.last().map_or(at + 1, |(c, o)| o + c.len_utf8());
            self.synth("\"", end);
            return;
        }
        let mut stack = vec![Mode::Literal];
        let mut i = 0;
        let starts = |i: usize, s: &str| {
            s.chars()
                .enumerate()
                .all(|(k, c)| chars.get(i + k).is_some_and(|x| x.0 == c))
        };
        while i < chars.len() {
            let (c, orig) = chars[i];
            let top = *stack.last().unwrap_or(&Mode::Literal);
            let mut buf = [0u8; 4];
            let in_text = !matches!(top, Mode::Expr(_));
            // `$${` and `%%{` are text, in the template and in strings
            // inside its interpolations alike; `${` and `%{` open one.
            if in_text && (starts(i, "$${") || starts(i, "%%{")) {
                self.copy(&chars[i..i + 3]);
                i += 3;
                continue;
            }
            if in_text && (starts(i, "${") || starts(i, "%{")) {
                self.copy(&chars[i..i + 2]);
                stack.push(Mode::Expr(0));
                i += 2;
                continue;
            }
            match top {
                Mode::Literal if stack.len() == 1 => self.literal_char(c, orig),
                Mode::Str | Mode::Literal => {
                    if c == '\\' {
                        self.copy(&chars[i..(i + 2).min(chars.len())]);
                        i += 2;
                        continue;
                    }
                    if c == '"' {
                        stack.pop();
                    }
                    self.mapped(c.encode_utf8(&mut buf), orig);
                }
                Mode::Expr(depth) => {
                    match c {
                        '"' => stack.push(Mode::Str),
                        '{' => {
                            stack.pop();
                            stack.push(Mode::Expr(depth + 1));
                        }
                        '}' => {
                            stack.pop();
                            if depth > 0 {
                                stack.push(Mode::Expr(depth - 1));
                            }
                        }
                        _ => {}
                    }
                    self.mapped(c.encode_utf8(&mut buf), orig);
                }
            }
            i += 1;
        }
        let end = chars.last().map_or(at + 1, |(c, o)| o + c.len_utf8());
        self.synth("\"", end);
    }
}

impl Translator<'_> {
    /// Characters copied as they are, each mapped to where it was written.
    fn copy(&mut self, chars: &[(char, usize)]) {
        let mut buf = [0u8; 4];
        for &(c, at) in chars {
            self.mapped(c.encode_utf8(&mut buf), at);
        }
    }

    /// One character of literal text in a quoted HCL string.
    fn literal_char(&mut self, c: char, orig: usize) {
        match c {
            '"' => self.synth("\\\"", orig),
            '\\' => self.synth("\\\\", orig),
            '\n' => self.synth("\\n", orig),
            '\r' => self.synth("\\r", orig),
            '\t' => self.synth("\\t", orig),
            c if c.is_control() => self.synth(&format!("\\u{:04x}", c as u32), orig),
            c => {
                let mut buf = [0u8; 4];
                self.mapped(c.encode_utf8(&mut buf), orig)
            }
        }
    }
}

fn prop_name(p: &ObjectProp<'_>) -> String {
    match &p.name {
        ObjectPropName::String(s) => s.value.to_string(),
        ObjectPropName::Word(w) => w.value.to_string(),
    }
}

fn prop_name_range(p: &ObjectProp<'_>) -> jsonc_parser::common::Range {
    match &p.name {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

/// The characters of the JSON string literal starting (at its opening
/// quote) at `start`, each with the offset it was written at; escapes
/// decoded.
fn decode(src: &str, start: usize) -> Vec<(char, usize)> {
    let mut out = Vec::new();
    let mut it = src[start + 1..].char_indices().peekable();
    let base = start + 1;
    while let Some((i, c)) = it.next() {
        match c {
            '"' => break,
            '\\' => {
                let Some((_, e)) = it.next() else { break };
                let decoded = match e {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'b' => '\u{8}',
                    'f' => '\u{c}',
                    'u' => {
                        let hex = |it: &mut std::iter::Peekable<std::str::CharIndices<'_>>| {
                            let s: String = (0..4).filter_map(|_| it.next().map(|x| x.1)).collect();
                            u32::from_str_radix(&s, 16).unwrap_or(0xfffd)
                        };
                        let hi = hex(&mut it);
                        if (0xd800..0xdc00).contains(&hi) && src[base + i + 6..].starts_with("\\u")
                        {
                            it.next();
                            it.next();
                            let lo = hex(&mut it);
                            let code =
                                0x10000 + ((hi - 0xd800) << 10) + (lo.wrapping_sub(0xdc00) & 0x3ff);
                            char::from_u32(code).unwrap_or('\u{fffd}')
                        } else {
                            char::from_u32(hi).unwrap_or('\u{fffd}')
                        }
                    }
                    other => other,
                };
                out.push((decoded, base + i));
            }
            c => out.push((c, base + i)),
        }
    }
    out
}

/// `s` as the text of a quoted HCL string with no template sequences.
fn escape_literal(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.replace("${", "$${").replace("%{", "%%{")
}

fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hcl(src: &str) -> String {
        let t = translate(FileId(0), src, &NoSchema).unwrap();
        assert!(t.diagnostics.is_empty(), "{:?}", t.diagnostics);
        t.text
    }

    #[test]
    fn templates_keep_interpolations_and_escape_literal_text() {
        let text = hcl(r#"{"locals": {"a": "say \"hi\" to ${upper(\"x}\")} \\ $${lit} tab\t"}}"#);
        assert_eq!(
            text,
            "locals {\na = \"say \\\"hi\\\" to ${upper(\"x}\")} \\\\ $${lit} tab\\t\"\n}\n"
        );
        hcl_edit::parser::parse_body(&text).unwrap();
    }

    #[test]
    fn escapes_stay_escapes_in_strings_inside_interpolations() {
        let text = hcl(r#"{"locals": {"a": "${format(\"$${x} %s\", \"y\")}"}}"#);
        assert_eq!(
            text,
            "locals {\na = \"${format(\"$${x} %s\", \"y\")}\"\n}\n"
        );
    }

    #[test]
    fn raw_arguments_are_expressions_and_labels_nest() {
        let text = hcl(
            r#"{"resource": {"t": {"n": [{"depends_on": ["t.m[\"k\"]"], "count": 2}]}}, "//": "comment"}"#,
        );
        assert_eq!(
            text,
            "resource \"t\" \"n\" {\ndepends_on = [t.m[\"k\"]]\ncount = 2\n}\n"
        );
    }

    #[test]
    fn offsets_map_back_into_the_json() {
        let src = r#"{"locals": {"name": "x-${var.stgae}"}}"#;
        let t = translate(FileId(0), src, &NoSchema).unwrap();
        let gen = t.text.find("var.stgae").unwrap();
        let orig = t.map.to_original(gen);
        assert_eq!(&src[orig..orig + 9], "var.stgae");
        let name = t.text.find("name").unwrap();
        assert_eq!(&src[t.map.to_original(name)..][..4], "name");
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_offsets_kept() {
        let src = "\u{feff}{\"locals\": {\"a\": 1}}";
        let t = translate(FileId(0), src, &NoSchema).unwrap();
        let a = t.text.find("a =").unwrap();
        assert_eq!(&src[t.map.to_original(a)..][..1], "a");
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs_decode() {
        let src = r#"{"locals": {"a": "caf\u00e9 \ud83d\ude00\/"}}"#;
        let chars: String = decode(src, src.find("\"caf").unwrap())
            .into_iter()
            .map(|(c, _)| c)
            .collect();
        assert_eq!(chars, "café 😀/");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_an_error_at_its_value() {
        let src = r#"{"resource": {"t": {"n": "nope"}}}"#;
        let t = translate(FileId(0), src, &NoSchema).unwrap();
        let span = t.diagnostics[0].span.unwrap();
        assert_eq!(&src[span.start..span.end], "\"nope\"");
        let e = translate(FileId(0), "{\"a\": 1,}", &NoSchema)
            .err()
            .unwrap();
        assert_eq!(e.code, "gantry::syntax");
    }
}
