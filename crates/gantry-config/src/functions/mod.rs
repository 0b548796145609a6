//! The built-in functions API Gateway configurations use, returning exactly
//! what Terraform's do (checked against `terraform console`; the cases are
//! the unit tests below). Any unknown argument makes the result unknown; any
//! sensitive argument makes it sensitive.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use md5::Digest as _;
use unicode_segmentation::UnicodeSegmentation;

use crate::types::{convert, Type};

mod collections;
mod encoding;
mod filesystem;
mod format;
mod network;
mod numeric;
mod strings;
mod time_fns;

use crate::number::Number;
use crate::value::Value;
use format::format_fn;

/// What a function may look at besides its arguments.
#[derive(Debug, Clone)]
pub struct FunctionContext {
    /// The module directory: `file()` paths are relative to it.
    pub base_dir: PathBuf,
    /// Whether `timestamp`, `uuid` and `bcrypt` give values. Terraform
    /// makes these impure functions unknown while validating and planning
    /// (a value now would differ at apply) and evaluates them at apply and
    /// in the console.
    pub impure: bool,
    /// `plantimestamp()`: one time for the whole run.
    pub run_time: time::OffsetDateTime,
    /// The user's home directory, for `pathexpand`.
    pub home: Option<PathBuf>,
}

impl FunctionContext {
    /// A context for the module in `base_dir`, planning (impure functions
    /// unknown), with the clock read now.
    pub fn new(base_dir: PathBuf) -> FunctionContext {
        FunctionContext {
            base_dir,
            impure: false,
            run_time: time::OffsetDateTime::now_utc(),
            home: std::env::var_os("HOME").map(PathBuf::from),
        }
    }
}

/// What kind of failure, for the diagnostic's summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// One argument's value is unsuitable.
    Argument,
    /// The call as a whole failed.
    Call,
    NotEnoughArguments,
    TooManyArguments,
}

/// Why a call failed; `arg` points at the argument to blame.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionError {
    pub kind: FailureKind,
    pub arg: Option<usize>,
    pub message: String,
}

impl FunctionError {
    fn arg(i: usize, message: impl Into<String>) -> FunctionError {
        FunctionError {
            kind: FailureKind::Argument,
            arg: Some(i),
            message: message.into(),
        }
    }
    fn call(message: impl Into<String>) -> FunctionError {
        FunctionError {
            kind: FailureKind::Call,
            arg: None,
            message: message.into(),
        }
    }
}

/// A function's parameters, for arity checks and messages.
pub struct Signature {
    pub name: &'static str,
    pub params: &'static [&'static str],
    /// The name of the trailing variadic parameter, if any.
    pub variadic: Option<&'static str>,
}

macro_rules! sig {
    ($name:literal, [$($p:literal),*]) => { Signature { name: $name, params: &[$($p),*], variadic: None } };
    ($name:literal, [$($p:literal),*], $v:literal) => { Signature { name: $name, params: &[$($p),*], variadic: Some($v) } };
}

/// Every function gantry knows, sorted by name.
pub const FUNCTIONS: &[Signature] = &[
    sig!("abs", ["num"]),
    sig!("abspath", ["path"]),
    sig!("alltrue", ["list"]),
    sig!("anytrue", ["list"]),
    sig!("base64decode", ["str"]),
    sig!("base64encode", ["str"]),
    sig!("base64gzip", ["str"]),
    sig!("base64sha256", ["str"]),
    sig!("base64sha512", ["str"]),
    sig!("basename", ["path"]),
    sig!("bcrypt", ["str"], "cost"),
    sig!("ceil", ["num"]),
    sig!("chomp", ["str"]),
    sig!("chunklist", ["list", "size"]),
    sig!("cidrhost", ["prefix", "hostnum"]),
    sig!("cidrnetmask", ["prefix"]),
    sig!("cidrsubnet", ["prefix", "newbits", "netnum"]),
    sig!("cidrsubnets", ["prefix"], "newbits"),
    sig!("coalesce", [], "vals"),
    sig!("coalescelist", [], "vals"),
    sig!("compact", ["list"]),
    sig!("concat", [], "seqs"),
    sig!("contains", ["list", "value"]),
    sig!("csvdecode", ["str"]),
    sig!("dirname", ["path"]),
    sig!("distinct", ["list"]),
    sig!("element", ["list", "index"]),
    sig!("endswith", ["str", "suffix"]),
    sig!("ephemeralasnull", ["value"]),
    sig!("file", ["path"]),
    sig!("filebase64", ["path"]),
    sig!("filebase64sha256", ["path"]),
    sig!("filebase64sha512", ["path"]),
    sig!("fileexists", ["path"]),
    sig!("filemd5", ["path"]),
    sig!("fileset", ["path", "pattern"]),
    sig!("filesha1", ["path"]),
    sig!("filesha256", ["path"]),
    sig!("filesha512", ["path"]),
    sig!("flatten", ["list"]),
    sig!("floor", ["num"]),
    sig!("format", ["format"], "args"),
    sig!("formatdate", ["format", "time"]),
    sig!("formatlist", ["format"], "args"),
    sig!("indent", ["spaces", "str"]),
    sig!("index", ["list", "value"]),
    sig!("issensitive", ["value"]),
    sig!("join", ["separator"], "lists"),
    sig!("jsondecode", ["str"]),
    sig!("jsonencode", ["val"]),
    sig!("keys", ["inputMap"]),
    sig!("length", ["value"]),
    sig!("log", ["num", "base"]),
    sig!("lookup", ["inputMap", "key"], "default"),
    sig!("lower", ["str"]),
    sig!("matchkeys", ["values", "keys", "searchset"]),
    sig!("max", [], "numbers"),
    sig!("md5", ["str"]),
    sig!("merge", [], "maps"),
    sig!("min", [], "numbers"),
    sig!("nonsensitive", ["value"]),
    sig!("one", ["list"]),
    sig!("parseint", ["number", "base"]),
    sig!("pathexpand", ["path"]),
    sig!("plantimestamp", []),
    sig!("pow", ["num", "power"]),
    sig!("range", [], "params"),
    sig!("regex", ["pattern", "string"]),
    sig!("regexall", ["pattern", "string"]),
    sig!("replace", ["str", "substr", "replace"]),
    sig!("reverse", ["list"]),
    sig!("rsadecrypt", ["ciphertext", "privatekey"]),
    sig!("sensitive", ["value"]),
    sig!("setintersection", ["first_set"], "other_sets"),
    sig!("setproduct", [], "sets"),
    sig!("setsubtract", ["a", "b"]),
    sig!("setunion", ["first_set"], "other_sets"),
    sig!("sha1", ["str"]),
    sig!("sha256", ["str"]),
    sig!("sha512", ["str"]),
    sig!("signum", ["num"]),
    sig!("slice", ["list", "start_index", "end_index"]),
    sig!("sort", ["list"]),
    sig!("split", ["separator", "str"]),
    sig!("startswith", ["str", "prefix"]),
    sig!("strcontains", ["str", "substr"]),
    sig!("strrev", ["str"]),
    sig!("substr", ["str", "offset", "length"]),
    sig!("sum", ["list"]),
    sig!("templatefile", ["path", "vars"]),
    sig!("templatestring", ["template", "vars"]),
    sig!("textdecodebase64", ["source", "encoding"]),
    sig!("textencodebase64", ["string", "encoding"]),
    sig!("timeadd", ["timestamp", "duration"]),
    sig!("timecmp", ["timestamp_a", "timestamp_b"]),
    sig!("timestamp", []),
    sig!("title", ["str"]),
    sig!("tobool", ["v"]),
    sig!("tolist", ["v"]),
    sig!("tomap", ["v"]),
    sig!("tonumber", ["v"]),
    sig!("toset", ["v"]),
    sig!("tostring", ["v"]),
    sig!("transpose", ["values"]),
    sig!("trim", ["str", "cutset"]),
    sig!("trimprefix", ["str", "prefix"]),
    sig!("trimspace", ["str"]),
    sig!("trimsuffix", ["str", "suffix"]),
    sig!("upper", ["str"]),
    sig!("urlencode", ["str"]),
    sig!("uuid", []),
    sig!("uuidv5", ["namespace", "name"]),
    sig!("values", ["mapping"]),
    sig!("yamldecode", ["src"]),
    sig!("yamlencode", ["value"]),
    sig!("zipmap", ["keys", "values"]),
];

pub fn signature(name: &str) -> Option<&'static Signature> {
    FUNCTIONS.iter().find(|s| s.name == name)
}

/// Removes sensitive marks everywhere inside `v`, saying whether there were any.
pub fn deep_unmark(v: &Value) -> (Value, bool) {
    let mut any = false;
    let mut unmark = |i: &Value| {
        let (v, s) = deep_unmark(i);
        any |= s;
        v
    };
    match v {
        Value::Sensitive(inner) => (deep_unmark(inner).0, true),
        Value::List(items) => (Value::List(items.map_items(&mut unmark)), any),
        Value::Set(items) => (Value::Set(items.map_items(&mut unmark)), any),
        Value::Map(m) => (Value::Map(m.map_values(&mut unmark)), any),
        other => (other.clone(), false),
    }
}

/// Checks arity, handles unknown and sensitive arguments, then runs the
/// function. Unknown names are the caller's job (it has the span and the
/// suggestions).
pub fn call(name: &str, args: &[Value], ctx: &FunctionContext) -> Result<Value, FunctionError> {
    let Some(sig) = signature(name) else {
        return Err(FunctionError::call(format!(
            "There is no function named \"{name}\"."
        )));
    };
    let min = sig.params.len();
    if args.len() < min {
        return Err(FunctionError {
            kind: FailureKind::NotEnoughArguments,
            arg: None,
            message: format!(
                "Function \"{}\" expects {} argument(s). Missing value for \"{}\".",
                name,
                min,
                sig.params[args.len()]
            ),
        });
    }
    let max = match (sig.variadic, name) {
        (Some(_), "lookup" | "bcrypt") => min + 1,
        (Some(_), _) => usize::MAX,
        (None, _) => min,
    };
    if args.len() > max {
        return Err(FunctionError {
            kind: FailureKind::TooManyArguments,
            arg: Some(max),
            message: format!("Function \"{name}\" expects only {max} argument(s)."),
        });
    }
    // The two functions about the mark itself: it is their argument, not
    // something to carry through.
    match name {
        "sensitive" => return Ok(Value::sensitive(args[0].clone())),
        "nonsensitive" => return Ok(deep_unmark(&args[0]).0),
        "issensitive" if args[0].is_unknown() && !args[0].has_marks() => return Ok(Value::Unknown),
        "issensitive" => return Ok(Value::Bool(args[0].has_marks())),
        // gantry has no ephemeral values, so there is nothing to null out.
        "ephemeralasnull" => return Ok(args[0].clone()),
        // Impure: unknown until apply (see `FunctionContext::impure`).
        "uuid" | "bcrypt" if !ctx.impure => return Ok(Value::Unknown),
        _ => {}
    }
    let mut sensitive = false;
    let mut plain = Vec::with_capacity(args.len());
    for a in args {
        let (v, s) = deep_unmark(a);
        sensitive |= s;
        plain.push(v);
    }
    // Most functions need every value they are given; those that only move
    // values around answer as soon as the shape of their arguments is
    // known (`keys(aws_x.each)` at plan time: the instance keys are known,
    // their attributes not), as cty's functions that allow unknowns do.
    let shape_only = SHAPE_ONLY.contains(&name);
    if plain.iter().any(|a| {
        if shape_only {
            a.is_unknown()
        } else {
            !a.is_wholly_known()
        }
    }) {
        return Ok(Value::Unknown);
    }
    let out = match run(name, &plain, ctx).map(|out| result_kind(name, &plain, out)) {
        Ok(out) => out,
        Err(e) if sensitive => return Err(redact(e, name, args, &plain)),
        Err(e) => return Err(e),
    };
    Ok(if sensitive {
        Value::sensitive(out)
    } else {
        out
    })
}

/// The function of bytes behind a hashing or encoding function of a
/// string (`base64sha256`, `md5` …); the `file…` functions apply the same
/// to a file's bytes.
pub fn bytes_function(name: &str) -> Option<fn(&[u8]) -> String> {
    Some(match name {
        "base64encode" => |b| b64(b),
        "base64sha256" => |b| b64(&sha2::Sha256::digest(b)),
        "base64sha512" => |b| b64(&sha2::Sha512::digest(b)),
        "md5" => |b| hex(&md5::Md5::digest(b)),
        "sha1" => |b| hex(&sha1::Sha1::digest(b)),
        "sha256" => |b| hex(&sha2::Sha256::digest(b)),
        "sha512" => |b| hex(&sha2::Sha512::digest(b)),
        _ => return None,
    })
}

/// The result's collection kind as the function's return type in
/// Terraform says: `split` makes a list of strings, `concat` of lists a
/// list but of any tuple a tuple, `merge` of maps a map, `keys` of a map a
/// list but of an object a tuple …
fn result_kind(name: &str, args: &[Value], out: Value) -> Value {
    use crate::types::{as_list, as_map};
    let is_list = |v: &Value| matches!(v, Value::List(s) if s.is_list());
    let is_map = |v: &Value| matches!(v, Value::Map(m) if m.is_map());
    match name {
        "split" | "compact" | "formatlist" | "regexall" | "sort" | "cidrsubnets" | "matchkeys"
        | "distinct" | "range" | "setproduct" | "csvdecode" | "tolist" | "toset" | "fileset"
        | "setunion" | "setintersection" | "setsubtract" => as_list(out),
        "chunklist" => as_list(match out {
            Value::List(seq) => Value::tuple(seq.into_iter().map(as_list).collect()),
            other => other,
        }),
        "transpose" => as_map(match out {
            Value::Map(obj) => Value::Map(obj.into_iter().map(|(k, v)| (k, as_list(v))).collect()),
            other => other,
        }),
        "tomap" => as_map(out),
        "keys" | "values" if args.first().is_some_and(is_map) => as_list(out),
        "reverse" | "slice" if args.first().is_some_and(is_list) => same_kind(out, &args[0]),
        "zipmap" if args.get(1).is_some_and(is_list) => as_map(out),
        "concat" if args.iter().all(|a| is_list(a) || a.is_null()) => {
            match args.iter().find(|a| is_list(a)) {
                Some(first) => same_kind(out, first),
                None => out,
            }
        }
        "merge"
            if args.iter().all(|a| is_map(a) || a.is_null())
                && !args.iter().all(Value::is_null) =>
        {
            as_map(out)
        }
        _ => out,
    }
}

/// `out`, a list of the same element type as the list `like`.
fn same_kind(out: Value, like: &Value) -> Value {
    match (out, like) {
        (Value::List(mut seq), Value::List(l)) => {
            seq.kind = l.kind.clone();
            crate::types::as_list(Value::List(seq))
        }
        (out, _) => out,
    }
}

/// Functions whose result is known when their arguments are, even if
/// values inside them are not.
const SHAPE_ONLY: &[&str] = &[
    "concat", "element", "keys", "length", "lookup", "merge", "one", "reverse", "slice", "tolist",
    "tomap", "values",
];

/// A failed call with a sensitive argument must not show it: Terraform's
/// wording for tonumber, and `(sensitive value)` in place of any sensitive
/// string quoted in other messages.
fn redact(mut e: FunctionError, name: &str, args: &[Value], plain: &[Value]) -> FunctionError {
    if name == "tonumber" && args.first().is_some_and(Value::has_marks) {
        e.message = "cannot convert this sensitive string to number.".into();
        return e;
    }
    for (a, p) in args.iter().zip(plain) {
        if let (true, Value::String(s)) = (a.has_marks(), p) {
            e.message = e.message.replace(&format!("{s:?}"), "(sensitive value)");
            if !s.is_empty() {
                e.message = e.message.replace(s.as_str(), "(sensitive value)");
            }
        }
    }
    e
}

fn want_string(args: &[Value], i: usize) -> Result<String, FunctionError> {
    match convert(&args[i], &Type::String) {
        Ok(Value::String(s)) => Ok(s),
        Ok(Value::Null) | Err(_) if args[i].is_null() => {
            Err(FunctionError::arg(i, "argument must not be null."))
        }
        _ => Err(FunctionError::arg(i, "string required.")),
    }
}

fn want_number(args: &[Value], i: usize) -> Result<Number, FunctionError> {
    match convert(&args[i], &Type::Number) {
        Ok(Value::Number(n)) => Ok(n),
        Ok(Value::Null) => Err(FunctionError::arg(i, "argument must not be null.")),
        _ => Err(FunctionError::arg(i, "a number is required.")),
    }
}

/// A whole number (Terraform's `number` parameters that must be integers).
fn want_int(args: &[Value], i: usize) -> Result<i64, FunctionError> {
    want_number(args, i)?.to_i64().ok_or_else(|| {
        FunctionError::arg(
            i,
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807.",
        )
    })
}

/// A number as Go's float64, for the functions Terraform computes in
/// float64 (`pow`, `log`).
fn want_f64(args: &[Value], i: usize) -> Result<f64, FunctionError> {
    want_number(args, i).map(|n| n.to_f64())
}

fn want_bool(args: &[Value], i: usize) -> Result<bool, FunctionError> {
    match convert(&args[i], &Type::Bool) {
        Ok(Value::Bool(b)) => Ok(b),
        Ok(Value::Null) => Err(FunctionError::arg(i, "argument must not be null.")),
        _ => Err(FunctionError::arg(i, "a bool is required.")),
    }
}

/// The elements of a list, set or tuple argument.
fn want_list(args: &[Value], i: usize) -> Result<&[Value], FunctionError> {
    match &args[i] {
        Value::Null | Value::TypedNull(_) => {
            Err(FunctionError::arg(i, "argument must not be null."))
        }
        v => v
            .elements()
            .ok_or_else(|| FunctionError::arg(i, "must be a list, set, or tuple value.")),
    }
}

/// A path as the file functions read it: relative to the module directory.
pub(crate) fn resolve_path(ctx: &FunctionContext, path: &str) -> PathBuf {
    let p = Path::new(path);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        ctx.base_dir.join(p)
    }
}

fn read_file(ctx: &FunctionContext, path: &str, i: usize) -> Result<Vec<u8>, FunctionError> {
    std::fs::read(resolve_path(ctx, path)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            FunctionError::arg(
                i,
                format!(
                    "no file exists at \"{path}\"; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource."
                ),
            )
        } else {
            FunctionError::arg(i, format!("failed to read file \"{path}\": {e}."))
        }
    })
}

/// PKCS #1 v1.5 decryption with a PEM private key (PKCS #1 or PKCS #8), as
/// Terraform's `rsadecrypt`.
fn rsadecrypt(ciphertext: &str, key: &str) -> Result<String, FunctionError> {
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs8::DecodePrivateKey;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(ciphertext.as_bytes())
        .map_err(|_| {
            FunctionError::arg(
                0,
                "failed to decode input: cipher text must be base64-encoded.",
            )
        })?;
    let key = rsa::RsaPrivateKey::from_pkcs1_pem(key)
        .or_else(|_| rsa::RsaPrivateKey::from_pkcs8_pem(key))
        .map_err(|_| {
            FunctionError::arg(
                1,
                "invalid private key: failed to parse the key as PKCS #1 or PKCS #8 PEM.",
            )
        })?;
    let plain = key
        .decrypt(rsa::Pkcs1v15Encrypt, &bytes)
        .map_err(|e| FunctionError::call(format!("failed to decrypt: {e}.")))?;
    String::from_utf8(plain)
        .map_err(|_| FunctionError::call("the decrypted text is not valid UTF-8."))
}

/// A name-based UUID in one of the four predefined namespaces or in a
/// namespace given as a UUID.
fn uuidv5(namespace: &str, name: &str) -> Result<String, FunctionError> {
    let ns = match namespace {
        "dns" => uuid::Uuid::NAMESPACE_DNS,
        "url" => uuid::Uuid::NAMESPACE_URL,
        "oid" => uuid::Uuid::NAMESPACE_OID,
        "x500" => uuid::Uuid::NAMESPACE_X500,
        other => uuid::Uuid::parse_str(other).map_err(|_| {
            FunctionError::arg(0, format!("uuidv5() doesn't support namespace {other}."))
        })?,
    };
    Ok(uuid::Uuid::new_v5(&ns, name.as_bytes()).to_string())
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn has_infinity(v: &Value) -> bool {
    match v.unmark().0 {
        Value::Number(n) => n.is_infinite(),
        Value::List(items) | Value::Set(items) => items.iter().any(has_infinity),
        Value::Map(m) => m.values().any(has_infinity),
        _ => false,
    }
}

/// Go's encoding/json escapes these for HTML safety, and cty uses it.
fn go_json(v: &Value) -> String {
    serde_json::to_string(&v.to_json())
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

fn run(name: &str, a: &[Value], ctx: &FunctionContext) -> Result<Value, FunctionError> {
    // The type conversion functions are Terraform's conversion, element
    // types unified; what cannot convert fails below, in their own words.
    let target = |t: fn(Box<Type>) -> Type| t(Box::new(Type::Any));
    let conversion = match name {
        "tolist" => Some(target(Type::List)),
        "toset" => Some(target(Type::Set)),
        "tomap" => Some(target(Type::Map)),
        _ => None,
    };
    if let Some(t) = conversion {
        if a[0].is_null() {
            // A null converted keeps the type it was given: `tolist(null)`
            // is a list's null, which a conditional unifies as a list.
            return Ok(crate::types::typed_null(&t));
        }
        // go-cty's words: the value's kind, and the collection it could
        // not become (`cannot convert tuple to list of any single type.`).
        return convert(&a[0], &t).map_err(|_| {
            let collection = name.trim_start_matches("to");
            let kind = a[0].type_name();
            FunctionError::arg(
                0,
                format!("cannot convert {kind} to {collection} of any single type."),
            )
        });
    }
    let s = Value::String;
    // The digests and encodings, of a string's bytes or a file's.
    if let Some(digest) = bytes_function(name) {
        return Ok(s(digest(&want_string(a, 0)?.into_bytes())));
    }
    if let Some(digest) = name.strip_prefix("file").and_then(bytes_function) {
        return Ok(s(digest(&read_file(ctx, &want_string(a, 0)?, 0)?)));
    }
    if name == "filebase64" {
        return Ok(s(b64(&read_file(ctx, &want_string(a, 0)?, 0)?)));
    }
    Ok(match name {
        "file" => {
            let path = want_string(a, 0)?;
            let bytes = read_file(ctx, &path, 0)?;
            s(String::from_utf8(bytes).map_err(|_| {
                FunctionError::arg(0, format!("contents of \"{path}\" are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead."))
            })?)
        }
        "uuid" => s(uuid::Uuid::new_v4().to_string()),
        "uuidv5" => s(uuidv5(&want_string(a, 0)?, &want_string(a, 1)?)?),
        "rsadecrypt" => s(rsadecrypt(&want_string(a, 0)?, &want_string(a, 1)?)?),
        "bcrypt" => {
            let cost = match a.get(1) {
                Some(_) => want_int(a, 1)?,
                // Terraform's default cost (the crate's is 12).
                None => 10,
            };
            let cost = u32::try_from(cost).map_err(|_| FunctionError::arg(1, "cost must be between 4 and 31."))?;
            // Go's bcrypt writes the $2a$ prefix.
            let hashed = bcrypt::hash_with_result(want_string(a, 0)?, cost)
                .map_err(|e| FunctionError::call(format!("error occurred generating password {e}.")))?;
            s(hashed.format_for_version(bcrypt::Version::TwoA))
        }
        "tobool" => match &a[0] {
            Value::Null => Value::Null,
            v => convert(v, &Type::Bool).map_err(|_| {
                FunctionError::arg(0, match v.as_str() {
                    Some(t) => format!("cannot convert {t:?} to bool; only the strings \"true\" or \"false\" are allowed."),
                    None => format!("cannot convert {} to bool.", v.type_name()),
                })
            })?,
        },
        "base64decode" => {
            let text = want_string(a, 0)?;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text.as_bytes())
                .map_err(|_| FunctionError::call(format!("failed to decode base64 data {text:?}")))?;
            s(String::from_utf8(bytes)
                .map_err(|_| FunctionError::call("the result of decoding the provided string is not valid UTF-8."))?)
        }
        "jsonencode" if has_infinity(&a[0]) => return Err(FunctionError::call("cannot serialize infinity as JSON.")),
        "jsonencode" => s(go_json(&a[0])),
        "jsondecode" => {
            let text = want_string(a, 0)?;
            let j: serde_json::Value = gantry_syntax::json::from_str(&text)
                .map_err(|e| FunctionError::arg(0, format!("{e}.")))?;
            Value::from_json(&j)
        }
        "format" => s(format_fn(&want_string(a, 0)?, &a[1..])?),
        "join" => {
            let sep = want_string(a, 0)?;
            if a.len() < 2 {
                return Err(FunctionError::call("at least one list is required."));
            }
            let mut parts = Vec::new();
            for (i, l) in a[1..].iter().enumerate() {
                let Some(items) = l.elements() else {
                    return Err(FunctionError::arg(i + 1, "list of string required."));
                };
                for item in items {
                    if item.is_null() {
                        return Err(FunctionError::arg(i + 1, "element is null; cannot concatenate null values."));
                    }
                    parts.push(item.to_string_primitive().ok_or_else(|| FunctionError::arg(i + 1, "list of string required."))?);
                }
            }
            s(parts.join(&sep))
        }
        "split" => {
            let sep = want_string(a, 0)?;
            let text = want_string(a, 1)?;
            let parts: Vec<Value> = if sep.is_empty() {
                text.chars().map(|c| s(c.to_string())).collect()
            } else {
                text.split(sep.as_str()).map(|p| s(p.to_string())).collect()
            };
            Value::List(parts.into())
        }
        "lower" => s(map_case(&want_string(a, 0)?, |c| c.to_lowercase().collect())),
        "upper" => s(map_case(&want_string(a, 0)?, |c| c.to_uppercase().collect())),
        "trimspace" => s(want_string(a, 0)?.trim().to_string()),
        "replace" => {
            let text = want_string(a, 0)?;
            let substr = want_string(a, 1)?;
            let rep = want_string(a, 2)?;
            if substr.len() > 1 && substr.starts_with('/') && substr.ends_with('/') {
                let re = regex::Regex::new(&substr[1..substr.len() - 1])
                    .map_err(|e| FunctionError::arg(1, format!("invalid regular expression: {e}")))?;
                s(re.replace_all(&text, rep.as_str()).into_owned())
            } else {
                s(text.replace(&substr, &rep))
            }
        }
        "length" => match &a[0] {
            Value::String(t) => Value::Number(t.graphemes(true).count().into()),
            Value::List(items) | Value::Set(items) => Value::Number(items.len().into()),
            Value::Map(m) => Value::Number(m.len().into()),
            Value::Null | Value::TypedNull(_) => return Err(FunctionError::arg(0, "argument must not be null.")),
            _ => return Err(FunctionError::arg(0, "argument must be a string, a collection type, or a structural type.")),
        },
        "lookup" => {
            let Value::Map(m) = &a[0] else {
                return Err(FunctionError::arg(0, "the given value is not a map or object."));
            };
            let key = want_string(a, 1)?;
            match (m.get(&key), a.get(2)) {
                (Some(v), _) => v.clone(),
                (None, Some(d)) => d.clone(),
                (None, None) => return Err(FunctionError::call(format!("lookup failed to find key {key:?}"))),
            }
        }
        "merge" => {
            let mut out = BTreeMap::new();
            for (i, m) in a.iter().enumerate() {
                match m {
                    Value::Map(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                    Value::Null | Value::TypedNull(_) => {}
                    _ => return Err(FunctionError::arg(i, "arguments must be maps or objects, got \"".to_string() + m.type_name() + "\".")),
                }
            }
            Value::Map(out.into())
        }
        "concat" => {
            let mut out = Vec::new();
            for (i, l) in a.iter().enumerate() {
                match (l, l.elements()) {
                    // A list's nulls keep its element type in the tuple.
                    (Value::List(seq), _) if seq.is_list() => {
                        let elem = match &seq.kind {
                            crate::value::SeqKind::List(e) => (**e).clone(),
                            crate::value::SeqKind::Tuple => Type::Any,
                        };
                        out.extend(seq.iter().map(|v| crate::types::type_nulls(v.clone(), &elem)));
                    }
                    (_, Some(items)) => out.extend(items.iter().cloned()),
                    (_, None) => return Err(FunctionError::arg(i, "all arguments must be lists or tuples.")),
                }
            }
            Value::List(out.into())
        }
        "contains" => {
            let Some(items) = a[0].elements() else {
                return Err(FunctionError::arg(0, "argument must be list, tuple, or set."));
            };
            Value::Bool(items.iter().any(|i| i == &a[1]))
        }
        "keys" => match &a[0] {
            Value::Map(m) => Value::List(m.keys().map(|k| s(k.clone())).collect()),
            _ => return Err(FunctionError::arg(0, "must have map or object type.")),
        },
        "values" => match &a[0] {
            Value::Map(m) => Value::List(m.values().cloned().collect()),
            _ => return Err(FunctionError::arg(0, "must have map or object type.")),
        },
        "tostring" => match &a[0] {
            Value::Null => Value::Null,
            v => s(v
                .to_string_primitive()
                .ok_or_else(|| FunctionError::arg(0, format!("cannot convert {} to string.", v.type_name())))?),
        },
        "tonumber" => match &a[0] {
            Value::Null => Value::Null,
            v => convert(v, &Type::Number).map_err(|_| {
                FunctionError::arg(0, match v.as_str() {
                    Some(t) => format!("cannot convert {t:?} to number; given string must be a decimal representation of a number."),
                    None => format!("cannot convert {} to number.", v.type_name()),
                })
            })?,
        },
        "element" => {
            let Some(items) = a[0].elements() else {
                return Err(FunctionError::arg(0, "list or tuple required."));
            };
            let idx = match convert(&a[1], &Type::Number) {
                Ok(Value::Number(n)) => n.to_i64(),
                _ => None,
            };
            let Some(idx) = idx else {
                return Err(FunctionError::arg(1, "a whole number is required."));
            };
            if items.is_empty() {
                return Err(FunctionError::call("cannot use element function with an empty list."));
            }
            if idx < 0 {
                return Err(FunctionError::arg(1, "cannot use element function with a negative index."));
            }
            items[(idx as u64 % items.len() as u64) as usize].clone()
        }
        "flatten" => {
            fn flat(v: &Value, out: &mut Vec<Value>) {
                match v.elements() {
                    Some(items) => items.iter().for_each(|i| flat(i, out)),
                    None => out.push(v.clone()),
                }
            }
            let Some(items) = a[0].elements() else {
                return Err(FunctionError::arg(0, "can only flatten lists, sets and tuples."));
            };
            let mut out = Vec::new();
            items.iter().for_each(|i| flat(i, &mut out));
            Value::List(out.into())
        }
        "distinct" => {
            let Some(items) = a[0].elements() else {
                return Err(FunctionError::arg(0, "list required."));
            };
            // The list's element type first: mixed primitives are strings.
            let items = unify_elements(items)
                .ok_or_else(|| FunctionError::arg(0, "all list elements must have the same type."))?;
            let mut out: Vec<Value> = Vec::new();
            for i in items {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
            Value::List(out.into())
        }
        "compact" => {
            let Some(items) = a[0].elements() else {
                return Err(FunctionError::arg(0, "list of string required."));
            };
            Value::List(items.iter().filter(|i| !i.is_null() && i.as_str() != Some("")).cloned().collect())
        }
        "zipmap" => {
            let (Some(keys), Some(vals)) = (a[0].elements(), a[1].elements()) else {
                return Err(FunctionError::call("zipmap requires a list of keys and a list of values."));
            };
            if keys.len() != vals.len() {
                return Err(FunctionError::call(format!(
                    "number of keys ({}) does not match number of values ({})",
                    keys.len(),
                    vals.len()
                )));
            }
            let mut m = std::collections::BTreeMap::new();
            for (k, v) in keys.iter().zip(vals) {
                let k = k.to_string_primitive().ok_or_else(|| FunctionError::arg(0, "list of string required."))?;
                m.insert(k, v.clone());
            }
            Value::Map(m.into())
        }
        "trimprefix" => {
            let text = want_string(a, 0)?;
            let p = want_string(a, 1)?;
            s(text.strip_prefix(p.as_str()).unwrap_or(&text).to_string())
        }
        "trimsuffix" => {
            let text = want_string(a, 0)?;
            let p = want_string(a, 1)?;
            s(text.strip_suffix(p.as_str()).unwrap_or(&text).to_string())
        }
        "coalesce" => {
            // go-cty unifies the arguments first: mixed primitives are
            // strings, so `coalesce(1, "a")` is "1"; objects of different
            // attributes are maps.
            let same_type = || FunctionError::call("all arguments must have the same type.");
            let types: Vec<Type> = a.iter().map(crate::types::type_of).collect();
            let t = crate::types::unify_types(&types).ok_or_else(same_type)?;
            let unified = a.iter().map(|v| convert(v, &t)).collect::<Result<Vec<_>, _>>().map_err(|_| same_type())?;
            let mut found = None;
            for v in unified {
                if v.is_unknown() {
                    found = Some(Value::Unknown);
                    break;
                }
                if !v.is_null() && v.as_str() != Some("") {
                    found = Some(v);
                    break;
                }
            }
            found.ok_or_else(|| FunctionError::call("no non-null, non-empty-string arguments."))?
        }
        other => {
            return strings::run(other, a)
                .or_else(|| numeric::run(other, a))
                .or_else(|| collections::run(other, a))
                .or_else(|| encoding::run(other, a))
                .or_else(|| network::run(other, a))
                .or_else(|| filesystem::run(other, a, ctx))
                .or_else(|| time_fns::run(other, a, ctx))
                .unwrap_or_else(|| Err(FunctionError::call(format!("There is no function named \"{other}\"."))))
        }
    })
}

/// Go maps case one character to one character: where Unicode's full
/// mapping expands a character ("ß" → "SS"), Go keeps it, and so do we.
fn map_case(text: &str, f: impl Fn(char) -> Vec<char>) -> String {
    text.chars()
        .map(|c| match f(c).as_slice() {
            [one] => *one,
            _ => c,
        })
        .collect()
}

fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::String(y)) | (Value::String(y), Value::Number(x)) => {
            Number::parse(y).is_some_and(|n| &n == x)
        }
        _ => a == b,
    }
}

/// A list argument's elements converted to their unified type, as go-cty
/// converts a tuple to `list(any)` (`distinct([1, "a"])` holds strings).
fn unify_elements(items: &[Value]) -> Option<Vec<Value>> {
    let types: Vec<Type> = items.iter().map(crate::types::type_of).collect();
    let t = crate::types::unify_types(&types)?;
    items.iter().map(|v| convert(v, &t).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> FunctionContext {
        FunctionContext::new(PathBuf::from(env!("CARGO_MANIFEST_DIR")))
    }

    fn call_ok(name: &str, args: Vec<Value>) -> Value {
        call(name, &args, &ctx()).unwrap_or_else(|e| panic!("{name}: {e:?}"))
    }

    fn st(s: &str) -> Value {
        Value::string(s)
    }

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::Map(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    // Expected values below were produced by `terraform console` (1.11).
    #[test]
    fn jsonencode_matches_terraform() {
        let v = obj(&[
            ("b", st("<&>")),
            ("a", Value::float(1.5)),
            (
                "c",
                Value::List(
                    vec![
                        Value::int(1),
                        Value::float(2e20),
                        Value::Bool(true),
                        Value::Null,
                    ]
                    .into(),
                ),
            ),
            ("d", st("é\n")),
        ]);
        assert_eq!(
            call_ok("jsonencode", vec![v]),
            st(
                r#"{"a":1.5,"b":"\u003c\u0026\u003e","c":[1,200000000000000000000,true,null],"d":"é\n"}"#
            )
        );
    }

    #[test]
    fn format_matches_terraform() {
        let args = vec![
            st("%s|%d|%v|%q|%5.2f|%t|%%|%v"),
            st("a"),
            Value::int(42),
            Value::int(3),
            st("q\""),
            Value::float(1.23456),
            Value::Bool(true),
            obj(&[("a", Value::int(1))]),
        ];
        assert_eq!(
            call_ok("format", args),
            st(r#"a|42|3|"q\""| 1.23|true|%|{"a":1}"#)
        );
        let err = call("format", &[st("%d"), Value::float(1.5)], &ctx()).unwrap_err();
        assert_eq!(
            err.message,
            "unsupported value for \"%d\" at 0: an integer is required"
        );
        assert!(call_ok("sensitive", vec![st("x")]).is_sensitive());
        let err = call("tonumber", &[Value::sensitive(st("hunter2"))], &ctx()).unwrap_err();
        assert_eq!(
            err.message,
            "cannot convert this sensitive string to number."
        );
        let err = call("base64decode", &[Value::sensitive(st("hunter2!"))], &ctx()).unwrap_err();
        assert!(!err.message.contains("hunter2"), "{}", err.message);
        assert_eq!(
            call_ok("nonsensitive", vec![Value::sensitive(st("x"))]),
            st("x")
        );
        // i64::MIN has no i64 magnitude: it once overflowed (a panic in
        // debug builds, "--9223…" in release).
        let min = Value::int(i64::MIN);
        assert_eq!(
            call_ok(
                "format",
                vec![
                    st("%d|%x|%+d|%d"),
                    min.clone(),
                    min,
                    Value::int(7),
                    Value::float(1e20)
                ]
            ),
            st("-9223372036854775808|-8000000000000000|+7|100000000000000000000")
        );
    }

    #[test]
    fn hashes_and_encodings() {
        assert_eq!(
            call_ok("sha256", vec![st("hello")]),
            st("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        );
        assert_eq!(
            call_ok("base64sha256", vec![st("hello")]),
            st("LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=")
        );
        assert_eq!(
            call_ok("md5", vec![st("hello")]),
            st("5d41402abc4b2a76b9719d911017c592")
        );
        assert_eq!(
            call_ok("sha1", vec![st("hello")]),
            st("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
        );
        assert_eq!(call_ok("base64encode", vec![st("héllo")]), st("aMOpbGxv"));
        assert_eq!(call_ok("base64decode", vec![st("aMOpbGxv")]), st("héllo"));
        let err = call("base64decode", &[st("/w==")], &ctx()).unwrap_err();
        assert_eq!(
            err.message,
            "the result of decoding the provided string is not valid UTF-8."
        );
    }

    #[test]
    fn strings_and_collections() {
        assert_eq!(
            call_ok("split", vec![st(","), st("")]),
            Value::List(vec![st("")].into())
        );
        assert_eq!(
            call_ok(
                "join",
                vec![st("-"), Value::List(vec![st("a"), Value::int(1)].into())]
            ),
            st("a-1")
        );
        assert_eq!(
            call_ok(
                "lookup",
                vec![obj(&[("a", Value::int(1))]), st("b"), st("x")]
            ),
            st("x")
        );
        assert_eq!(call_ok("coalesce", vec![st(""), st("b")]), st("b"));
        assert_eq!(
            call_ok("keys", vec![obj(&[("b", Value::Null), ("a", Value::Null)])]),
            Value::List(vec![st("a"), st("b")].into())
        );
        assert_eq!(
            call_ok("replace", vec![st("a-b-c"), st("/-(b)-/"), st("+$1+")]),
            st("a+b+c")
        );
        assert_eq!(call_ok("length", vec![st("héllo")]), Value::int(5));
        assert_eq!(call_ok("upper", vec![st("straße")]), st("STRAßE"));
        assert_eq!(
            call_ok(
                "tolist",
                vec![Value::List(vec![st("a"), Value::int(1)].into())]
            ),
            Value::List(vec![st("a"), st("1")].into())
        );
        assert_eq!(
            call_ok(
                "concat",
                vec![
                    Value::List(vec![Value::int(1)].into()),
                    Value::List(vec![st("a")].into())
                ]
            ),
            Value::List(vec![Value::int(1), st("a")].into())
        );
        assert_eq!(call_ok("trimspace", vec![st("  x\n")]), st("x"));
        assert_eq!(
            call_ok("contains", vec![Value::List(vec![st("a")].into()), st("a")]),
            Value::Bool(true)
        );
        assert_eq!(
            call_ok(
                "merge",
                vec![obj(&[("a", Value::int(1))]), obj(&[("b", st("x"))])]
            ),
            obj(&[("a", Value::int(1)), ("b", st("x"))])
        );
        assert_eq!(
            call_ok("values", vec![obj(&[("b", st("2")), ("a", st("1"))])]),
            Value::List(vec![st("1"), st("2")].into())
        );
        assert_eq!(
            call_ok(
                "tostring",
                vec![Value::Number(
                    Number::parse("0.1")
                        .unwrap()
                        .add(&Number::parse("0.2").unwrap())
                        .unwrap()
                )]
            ),
            st("0.3")
        );
        assert_eq!(
            call_ok("jsondecode", vec![st(r#"{"a":[1,2.5,"x"]}"#)]),
            obj(&[(
                "a",
                Value::List(vec![Value::int(1), Value::float(2.5), st("x")].into())
            )])
        );
        assert!(call("tonumber", &[st("0x10")], &ctx()).is_err());
    }

    #[test]
    fn unknown_in_unknown_out_and_sensitive_propagates() {
        assert_eq!(call_ok("upper", vec![Value::Unknown]), Value::Unknown);
        assert_eq!(
            call_ok("upper", vec![Value::sensitive(st("a"))]),
            Value::sensitive(st("A"))
        );
    }

    #[test]
    fn the_function_table_is_sorted_and_unique() {
        assert!(FUNCTIONS.windows(2).all(|w| w[0].name < w[1].name));
    }

    #[test]
    fn sets_are_deduplicated_and_ordered() {
        let v = call_ok(
            "toset",
            vec![Value::List(vec![st("b"), st("a"), st("b")].into())],
        );
        assert_eq!(v, Value::Set(vec![st("a"), st("b")].into()));
        assert_eq!(call_ok("length", vec![v.clone()]), Value::int(2));
        assert_eq!(
            call_ok("tolist", vec![v]),
            Value::List(vec![st("a"), st("b")].into())
        );
    }

    #[test]
    fn arity_errors_name_the_parameter() {
        let e = call("file", &[], &ctx()).unwrap_err();
        assert_eq!(
            e.message,
            "Function \"file\" expects 1 argument(s). Missing value for \"path\"."
        );
    }

    #[test]
    fn file_reads_relative_to_module_dir() {
        let e = call("file", &[st("does-not-exist.txt")], &ctx()).unwrap_err();
        assert!(e
            .message
            .starts_with("no file exists at \"does-not-exist.txt\""));
        assert!(call_ok("file", vec![st("Cargo.toml")])
            .as_str()
            .unwrap()
            .contains("gantry-config"));
    }
}
