//! The one parser of addresses as users type them (`-target`, `state mv`,
//! `import`, `moved` and `removed` blocks' text): HCL traversal syntax,
//! `module.NAME[KEY]` steps, then `data.TYPE.NAME` or `TYPE.NAME` with an
//! optional `[KEY]`.

use std::fmt;

use crate::key::InstanceKey;
use crate::module::{ModuleInstance, ModuleStep};
use crate::reference::Step;
use crate::resource::{AbsResource, AbsResourceInstance, ConfigResource, Mode, Resource};

/// Why a text is not an address, and the byte where that was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrError {
    pub message: String,
    pub at: usize,
}

impl AddrError {
    pub(crate) fn at(at: usize, message: impl Into<String>) -> AddrError {
        AddrError::new(at, message)
    }

    fn new(at: usize, message: impl Into<String>) -> AddrError {
        AddrError {
            message: message.into(),
            at,
        }
    }
}

impl fmt::Display for AddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AddrError {}

/// What `-target` and the state commands accept: a whole module instance,
/// every instance of a resource, or one instance.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Target {
    Module(ModuleInstance),
    Resource(AbsResource),
    Instance(AbsResourceInstance),
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Module(m) => write!(f, "{m}"),
            Target::Resource(r) => write!(f, "{r}"),
            Target::Instance(i) => write!(f, "{i}"),
        }
    }
}

impl Target {
    /// This target, written in module instance `at`, as an absolute
    /// address (a `moved` block of a called module speaks of its own
    /// objects).
    pub fn within(&self, at: &ModuleInstance) -> Target {
        let prefix = |m: &ModuleInstance| {
            let mut steps = at.steps.clone();
            steps.extend(m.steps.iter().cloned());
            ModuleInstance { steps }
        };
        match self {
            Target::Module(m) => Target::Module(prefix(m)),
            Target::Resource(r) => Target::Resource(AbsResource {
                module: prefix(&r.module),
                resource: r.resource.clone(),
            }),
            Target::Instance(i) => Target::Instance(AbsResourceInstance {
                module: prefix(&i.module),
                instance: i.instance.clone(),
            }),
        }
    }

    /// Whether the instance `addr` is this target or inside it.
    pub fn contains(&self, addr: &AbsResourceInstance) -> bool {
        match self {
            Target::Module(m) => addr.module.is_within(m),
            Target::Resource(r) => addr.resource() == *r,
            Target::Instance(i) => i == addr,
        }
    }
}

/// Parses any target: `module.a["k"]`, `module.a.aws_x.n`, `aws_x.n[0]`.
pub fn target(text: &str) -> Result<Target, AddrError> {
    target_of(&tokens(text)?, text.len())
}

/// The target a static traversal names (`moved`, `removed` and `import`
/// blocks write addresses as expressions): `root` then its steps. Error
/// positions count steps, not bytes.
pub fn traversal_target(root: &str, steps: &[Step]) -> Result<Target, AddrError> {
    let mut tokens = vec![Token::Name(root.to_string(), 0)];
    for (i, step) in steps.iter().enumerate() {
        let at = i + 1;
        match step {
            Step::Attr(name) => {
                tokens.push(Token::Dot(at));
                tokens.push(Token::Name(name.clone(), at));
            }
            Step::Index(key) => tokens.push(Token::Key(key.clone(), at)),
        }
    }
    target_of(&tokens, steps.len() + 1)
}

fn target_of(tokens: &[Token], end: usize) -> Result<Target, AddrError> {
    let mut at = Cursor {
        tokens,
        next: 0,
        end,
    };
    let module = module_prefix(&mut at)?;
    if at.done() {
        if module.is_root() {
            return Err(AddrError::new(0, "An address is required."));
        }
        return Ok(Target::Module(module));
    }
    let resource = resource_part(&mut at)?;
    let key = match at.peek() {
        Some(Token::Key(_, _)) => match at.take() {
            Some(Token::Key(k, _)) => Some(k.clone()),
            _ => None,
        },
        _ => None,
    };
    if let Some(extra) = at.peek() {
        return Err(AddrError::new(
            extra.at(),
            "Unexpected extra operators after address.",
        ));
    }
    let resource = resource.absolute(module);
    Ok(match key {
        Some(key) => Target::Instance(resource.instance(Some(key))),
        None => Target::Resource(resource),
    })
}

/// Parses one resource instance; a resource without a key is its only
/// instance (`aws_x.n`).
pub fn instance(text: &str) -> Result<AbsResourceInstance, AddrError> {
    match target(text)? {
        Target::Instance(i) => Ok(i),
        Target::Resource(r) => Ok(r.instance(None)),
        Target::Module(_) => Err(AddrError::new(
            0,
            "A resource instance address is required here; this is a module address.",
        )),
    }
}

/// Parses a resource (no instance key).
pub fn resource(text: &str) -> Result<AbsResource, AddrError> {
    match target(text)? {
        Target::Resource(r) => Ok(r),
        Target::Instance(i) => Err(AddrError::new(
            0,
            format!("A resource address is required here; {i} is one instance of it."),
        )),
        Target::Module(_) => Err(AddrError::new(
            0,
            "A resource address is required here; this is a module address.",
        )),
    }
}

/// Parses a resource of the configuration, as tfstate v4 records an
/// instance's `dependencies`: `module.api.aws_x.n`.
pub fn config_resource(text: &str) -> Result<ConfigResource, AddrError> {
    let r = resource(text)?;
    if r.module.steps.iter().any(|s| s.key.is_some()) {
        return Err(AddrError::new(
            0,
            "A resource of the configuration is required here; module instance keys do not belong in it.",
        ));
    }
    Ok(r.config())
}

/// Parses a module instance (`module.a["k"].module.b`), the root being "".
pub fn module_instance(text: &str) -> Result<ModuleInstance, AddrError> {
    let tokens = tokens(text)?;
    let mut at = Cursor {
        tokens: &tokens,
        next: 0,
        end: text.len(),
    };
    let module = module_prefix(&mut at)?;
    match at.peek() {
        None => Ok(module),
        Some(t) => Err(AddrError::new(t.at(), "A module address is required here.")),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String, usize),
    Dot(usize),
    Key(InstanceKey, usize),
}

impl Token {
    fn at(&self) -> usize {
        match self {
            Token::Name(_, at) | Token::Dot(at) | Token::Key(_, at) => *at,
        }
    }
}

struct Cursor<'a> {
    tokens: &'a [Token],
    next: usize,
    end: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.next)
    }

    fn peek_at(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.next + ahead)
    }

    fn take(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.next);
        self.next += 1;
        t
    }

    fn done(&self) -> bool {
        self.next >= self.tokens.len()
    }

    fn here(&self) -> usize {
        self.peek().map_or(self.end, Token::at)
    }

    /// A name; `what` says which, for the error when there is none.
    fn name(&mut self, what: &str) -> Result<String, AddrError> {
        let here = self.here();
        match self.take() {
            Some(Token::Name(n, _)) => Ok(n.clone()),
            _ => Err(AddrError::new(here, what)),
        }
    }

    fn dot(&mut self, what: &str) -> Result<(), AddrError> {
        let here = self.here();
        match self.take() {
            Some(Token::Dot(_)) => Ok(()),
            _ => Err(AddrError::new(here, what)),
        }
    }
}

/// `module.NAME[KEY].` steps, as many as there are.
fn module_prefix(at: &mut Cursor) -> Result<ModuleInstance, AddrError> {
    let mut steps = Vec::new();
    while matches!(at.peek(), Some(Token::Name(n, _)) if n == "module") {
        at.take();
        at.dot("Prefix \"module.\" must be followed by a module name.")?;
        let name = at.name("Prefix \"module.\" must be followed by a module name.")?;
        let key = match at.peek() {
            Some(Token::Key(k, _)) => {
                let k = k.clone();
                at.take();
                Some(k)
            }
            _ => None,
        };
        steps.push(ModuleStep { name, key });
        if at.done() {
            break;
        }
        at.dot("Module address must be followed by a dot and a resource or another module.")?;
    }
    Ok(ModuleInstance { steps })
}

/// `data.TYPE.NAME` or `TYPE.NAME`.
fn resource_part(at: &mut Cursor) -> Result<Resource, AddrError> {
    let needed = "Resource specification must include a resource type and name.";
    let mode = match (at.peek(), at.peek_at(1)) {
        (Some(Token::Name(n, _)), Some(Token::Dot(_))) if n == "data" => {
            at.take();
            at.take();
            Mode::Data
        }
        _ => Mode::Managed,
    };
    let type_name = at.name(needed)?;
    at.dot(needed)?;
    let name = at.name(needed)?;
    Ok(Resource::new(mode, &type_name, &name))
}

/// HCL's identifiers (letters, digits, `_`, `-`; not starting with a
/// digit or `-`), dots, and `[integer]` or `["string"]` keys.
fn tokens(text: &str) -> Result<Vec<Token>, AddrError> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or_default();
        if c == '.' {
            out.push(Token::Dot(i));
            i += 1;
        } else if c == '[' {
            let (key, next) = key(text, i)?;
            out.push(Token::Key(key, i));
            i = next;
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while let Some(c) = text[i..].chars().next() {
                if c.is_alphanumeric() || c == '_' || c == '-' {
                    i += c.len_utf8();
                } else {
                    break;
                }
            }
            out.push(Token::Name(text[start..i].to_string(), start));
        } else {
            let what = if bytes[i].is_ascii_whitespace() {
                "Addresses cannot contain spaces.".to_string()
            } else {
                format!("Unexpected character {c:?} in address.")
            };
            return Err(AddrError::new(i, what));
        }
    }
    Ok(out)
}

/// A key in brackets starting at `open`, and the byte after it.
fn key(text: &str, open: usize) -> Result<(InstanceKey, usize), AddrError> {
    let bad = || {
        AddrError::new(
            open,
            "An instance key must be a whole number or a quoted string, in brackets: [0] or [\"name\"].",
        )
    };
    let rest = &text[open + 1..];
    if let Some(quoted) = rest.strip_prefix('"') {
        let (s, used) = quoted_string(quoted).ok_or_else(bad)?;
        let after = open + 2 + used;
        if !text[after..].starts_with(']') {
            return Err(bad());
        }
        return Ok((InstanceKey::Str(s), after + 1));
    }
    let close = rest.find(']').ok_or_else(bad)?;
    let digits = &rest[..close];
    let n: i64 = digits.parse().map_err(|_| bad())?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    Ok((InstanceKey::Int(n), open + 1 + close + 1))
}

/// The string a quoted HCL literal holds (after its opening quote), and
/// the bytes it used through its closing quote: `\n`, `\r`, `\t`, `\"`,
/// `\\`, `\uXXXX`, `\UXXXXXXXX`, and `$${`/`%%{` for literal `${`/`%{`.
fn quoted_string(text: &str) -> Option<(String, usize)> {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    'u' | 'U' => {
                        let len = if e == 'u' { 4 } else { 8 };
                        let hex: String = (0..len)
                            .filter_map(|_| chars.next().map(|(_, h)| h))
                            .collect();
                        let code = u32::from_str_radix(&hex, 16).ok()?;
                        out.push(char::from_u32(code)?);
                    }
                    _ => return None,
                }
            }
            '$' | '%' => {
                out.push(c);
                // `$${` is a literal `${`; a lone `${` would be a template.
                match (chars.peek().map(|(_, n)| *n), text[i + 1..].chars().nth(1)) {
                    (Some(n), Some('{')) if n == c => {
                        chars.next();
                    }
                    (Some('{'), _) => return None,
                    _ => {}
                }
            }
            c => out.push(c),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_reads_back_as_it_prints() {
        for s in [
            "aws_x.n",
            "aws_x.n[0]",
            r#"aws_x.n["orders"]"#,
            "data.aws_region.current",
            r#"data.aws_x.n["a b"]"#,
            "module.api",
            r#"module.api["dev"]"#,
            r#"module.api["dev"].module.route[0]"#,
            r#"module.api["dev"].module.route[0].aws_api_gateway_resource.this["pets"]"#,
            "module.a.data.aws_region.current",
            r#"aws_x.n["quote\"and\\back\nslash $${x} %%{y}"]"#,
            "aws_x.my-name",
        ] {
            let t = target(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(t.to_string(), s);
        }
    }

    #[test]
    fn kinds_are_told_apart() {
        assert!(matches!(target("module.a[1]"), Ok(Target::Module(_))));
        assert!(matches!(target("module.a.x.y"), Ok(Target::Resource(_))));
        assert!(matches!(target("x.y[\"k\"]"), Ok(Target::Instance(_))));
        let i = instance("module.a.x.y").unwrap();
        assert_eq!(i.key(), None);
        assert_eq!(i.module.to_string(), "module.a");
        assert!(resource("x.y[0]").is_err());
        assert!(instance("module.a").is_err());
        assert_eq!(module_instance("").unwrap(), ModuleInstance::root());
        assert!(module_instance("module.a.x.y").is_err());
        // As Terraform's: `data.` starts a data source, which needs both
        // a type and a name.
        assert_eq!(instance("data.x").unwrap_err().at, 6);
    }

    #[test]
    fn malformed_addresses_say_where() {
        for (bad, at) in [
            ("aws_x", 5),
            ("aws_x.", 6),
            ("aws_x.n[", 7),
            ("aws_x.n[x]", 7),
            ("aws_x.n[1.5]", 7),
            ("aws_x.n[\"${x}\"]", 7),
            ("aws_x.n[0].foo", 10),
            ("aws_x.n[0][1]", 10),
            ("module.", 7),
            ("module.a[0]b", 11),
            ("aws_x .n", 5),
            ("", 0),
            (".n", 0),
            ("1x.n", 0),
        ] {
            match target(bad) {
                Err(e) => assert_eq!(e.at, at, "{bad}: {e}"),
                Ok(t) => panic!("{bad} parsed as {t}"),
            }
        }
    }

    #[test]
    fn traversals_name_the_same_targets_as_text() {
        let steps = [
            Step::Attr("api".into()),
            Step::Index(InstanceKey::Str("dev".into())),
            Step::Attr("aws_x".into()),
            Step::Attr("n".into()),
            Step::Index(InstanceKey::Int(0)),
        ];
        let t = traversal_target("module", &steps).unwrap();
        assert_eq!(t, target(r#"module.api["dev"].aws_x.n[0]"#).unwrap());
        assert!(traversal_target("aws_x", &[]).is_err());
        let attr = [Step::Attr("n".into()), Step::Attr("id".into())];
        assert!(traversal_target("aws_x", &attr).is_err());
    }

    #[test]
    fn targets_contain_what_is_inside_them() {
        let pets = instance(r#"module.api["dev"].aws_x.n["pets"]"#).unwrap();
        for yes in [
            r#"module.api["dev"]"#,
            r#"module.api["dev"].aws_x.n"#,
            r#"module.api["dev"].aws_x.n["pets"]"#,
        ] {
            assert!(target(yes).unwrap().contains(&pets), "{yes}");
        }
        for no in [
            r#"module.api["prod"]"#,
            "aws_x.n",
            r#"module.api["dev"].aws_x.n[0]"#,
        ] {
            assert!(!target(no).unwrap().contains(&pets), "{no}");
        }
    }
}
