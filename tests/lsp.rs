//! `gantry lsp` driven as an editor drives it: the real binary, JSON-RPC
//! over its stdin/stdout with Content-Length framing.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    notifications: VecDeque<Value>,
    next_id: i64,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_gantry"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start gantry lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            incoming: rx,
            notifications: VecDeque::new(),
            next_id: 1,
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": format!("file://{}", dir.display()),
                "capabilities": {},
            }),
        );
        assert_eq!(init["serverInfo"]["name"], "gantry");
        assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.incoming.recv_timeout(left) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from gantry lsp in time"),
            Err(RecvTimeoutError::Disconnected) => panic!("gantry lsp closed its output"),
        }
    }

    /// Sends a request and returns its result, failing on an error.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let reply = self.request_raw(method, params);
        assert!(reply.get("error").is_none(), "{method} failed: {reply}");
        reply["result"].clone()
    }

    fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + WAIT;
        loop {
            let msg = self.next(deadline);
            if msg["id"] == id {
                return msg;
            }
            self.notifications.push_back(msg);
        }
    }

    /// The next diagnostics published for `uri` that satisfy `ok`.
    fn diagnostics(&mut self, uri: &str, ok: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + WAIT;
        let mut last = None;
        loop {
            let msg = match self.notifications.pop_front() {
                Some(m) => m,
                None => {
                    if Instant::now() >= deadline {
                        panic!("no matching diagnostics for {uri}; last: {last:?}");
                    }
                    self.next(deadline)
                }
            };
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                let list = msg["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                if ok(&list) {
                    return list;
                }
                last = Some(list);
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "terraform", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    fn shutdown(mut self) {
        let result = self.request_raw("shutdown", Value::Null);
        assert!(result.get("error").is_none(), "{result}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                assert!(status.success(), "gantry lsp exited with {status}");
                return;
            }
            assert!(Instant::now() < deadline, "gantry lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// LSP position (line, UTF-16 column) of the first `needle` in `text`.
fn pos(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in text"));
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count();
    let col = text[line_start..at].encode_utf16().count();
    (line as u64, col as u64)
}

fn at(text: &str, needle: &str, plus: u64) -> Value {
    let (line, character) = pos(text, needle);
    json!({ "line": line, "character": character + plus })
}

/// The labels of a completion answer.
fn labels(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

fn doc_at(uri: &str, text: &str, needle: &str, plus: u64) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": at(text, needle, plus) })
}

struct Module {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Module {
    fn new(files: &[(&str, &str)]) -> Module {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(path, text).expect("write");
        }
        let path = dir.path().to_path_buf();
        Module { _dir: dir, path }
    }

    fn uri(&self, name: &str) -> String {
        uri(&self.path.join(name))
    }
}

/// A module of `files` on disk, a server for it, and `name` open in the
/// editor with its disk text; returns the module, the client and the URI.
fn session(files: &[(&str, &str)], name: &str) -> (Module, Client, String) {
    let m = Module::new(files);
    let mut c = Client::start(&m.path);
    let uri = m.uri(name);
    let text = files
        .iter()
        .find(|(n, _)| *n == name)
        .map_or("", |(_, t)| t);
    c.open(&uri, text);
    (m, c, uri)
}

const API_TF: &str = r#"resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}
"#;

const RESOURCE_TF: &str = "variable \"part\" {\n  default = \"orders\"\n}\n\nresource \"aws_api_gateway_resource\" \"r\" {\n  rest_api_id = aws_api_gateway_rest_api.api.id\n  parent_id   = aws_api_gateway_rest_api.api.root_resource_id\n  path_part   = \"caf\u{e9} \u{1F600} ${var.missing}\"\n}\n";

#[test]
fn diagnostics_follow_edits_across_the_module_in_utf16() {
    let m = Module::new(&[("api.tf", API_TF), ("resource.tf", RESOURCE_TF)]);
    let mut c = Client::start(&m.path);
    let (a, b) = (m.uri("resource.tf"), m.uri("api.tf"));
    c.open(&a, RESOURCE_TF);

    // The reference to api.tf resolves; the undeclared variable is found
    // after non-ASCII text, at its UTF-16 column.
    let diags = c.diagnostics(&a, |d| !d.is_empty());
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let d = &diags[0];
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "gantry");
    assert_eq!(d["code"], "gantry::reference::undeclared-variable");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("Reference to undeclared input variable"));
    let (line, col) = pos(RESOURCE_TF, "var.missing");
    assert_eq!(
        d["range"],
        json!({ "start": { "line": line, "character": col },
                "end": { "line": line, "character": col + 11 } })
    );
    // `é` is 1 UTF-16 unit (2 bytes), the emoji 2 units (4 bytes).
    let byte_col = RESOURCE_TF
        .lines()
        .nth(line as usize)
        .unwrap()
        .find("var.")
        .unwrap() as u64;
    assert_eq!(byte_col - col, 1 + 2, "columns are UTF-16, not bytes");

    // An incremental edit fixes it: `var.missing` becomes `var.part`.
    c.change(
        &a,
        2,
        json!([{ "range": { "start": { "line": line, "character": col + 4 },
                            "end": { "line": line, "character": col + 11 } },
                 "text": "part" }]),
    );
    c.diagnostics(&a, |d| d.is_empty());

    // Renaming the API in the other file breaks this file's references.
    c.open(&b, API_TF);
    c.change(
        &b,
        2,
        json!([{ "text": API_TF.replace("\"api\"", "\"apix\"") }]),
    );
    let diags = c.diagnostics(&a, |d| d.len() == 2);
    for d in &diags {
        assert_eq!(d["code"], "gantry::reference::undeclared-resource");
        assert!(
            d["message"]
                .as_str()
                .unwrap()
                .contains("Did you mean \"apix\"?"),
            "{d}"
        );
    }
    // ... and each offers the rename as a quick fix.
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": a }, "range": diags[0]["range"], "context": { "diagnostics": [] } }),
    );
    assert_eq!(
        actions[0]["title"],
        "rename to `aws_api_gateway_rest_api.apix`"
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&a][0]["range"], diags[0]["range"],
        "replaces the reference"
    );
    // Closing the edited file falls back to the file on disk: fixed again.
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": b } }),
    );
    c.diagnostics(&a, |d| d.is_empty());

    // A file changed on disk behind the editor's back (a checkout, say) is
    // read again when the user saves.
    std::fs::write(
        m.path.join("api.tf"),
        API_TF.replace("\"api\"", "\"renamed\""),
    )
    .unwrap();
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": a } }),
    );
    c.diagnostics(&a, |d| d.len() == 2);
    c.shutdown();
}

#[test]
fn unreadable_files_are_reported_and_fixes_keep_their_diagnostics() {
    let legacy = "resource \"terraform_data\" \"t\" {\n  input {\n    \"a\" = \"b\"\n  }\n}\n";
    let m = Module::new(&[("a.tf", legacy)]);
    std::fs::write(m.path.join("b.tf"), b"# caf\xe9\n").unwrap();
    let mut c = Client::start(&m.path);
    let a = m.uri("a.tf");
    c.open(&a, legacy);
    // As `validate`: the file that is not UTF-8 is an error without a
    // place, shown at the top of the first file.
    let diags = c.diagnostics(&a, |d| d.len() == 2);
    assert_eq!(diags[0]["code"], "gantry::load::encoding");
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    assert_eq!(diags[1]["code"], "gantry::syntax::legacy-map-block");
    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 5, "character": 0 } });
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": a }, "range": whole, "context": { "diagnostics": diags } }),
    );
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    assert_eq!(actions[0]["title"], "write `input = {`");
    assert_eq!(
        actions[0]["diagnostics"][0]["code"],
        "gantry::syntax::legacy-map-block"
    );
    c.shutdown();
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let m = Module::new(&[("api.tf", API_TF)]);
    let mut c = Client::start(&m.path);
    c.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = c.child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "gantry lsp did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1), "the protocol asks for exit code 1");
}

#[test]
fn typing_fast_ends_with_the_last_texts_diagnostics() {
    let (_m, mut c, a) = session(&[("api.tf", API_TF)], "api.tf");
    c.diagnostics(&a, |d| d.is_empty());
    // Type `nameXXXX` one key at a time, without waiting.
    let (line, col) = pos(API_TF, "name");
    for k in 0..4u64 {
        c.change(
            &a,
            2 + k as i64,
            json!([{ "range": { "start": { "line": line, "character": col + 4 + k },
                                "end": { "line": line, "character": col + 4 + k } },
                     "text": "X" }]),
        );
    }
    let diags = c.diagnostics(&a, |d| {
        d.iter()
            .any(|x| x["message"].as_str().unwrap_or("").contains("\"nameXXXX\""))
    });
    assert!(diags
        .iter()
        .all(|d| !d["message"].as_str().unwrap().contains("\"nameX\"")));
    c.shutdown();
}

#[test]
fn hover_shows_schema_docs_and_reference_targets() {
    let (_m, mut c, a) = session(
        &[("api.tf", API_TF), ("resource.tf", RESOURCE_TF)],
        "resource.tf",
    );

    let h = c.request(
        "textDocument/hover",
        doc_at(&a, RESOURCE_TF, "rest_api_id", 2),
    );
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**rest_api_id** · `string` · required"),
        "{text}"
    );
    assert!(
        text.contains("Changing it **forces replacement**."),
        "{text}"
    );
    assert!(
        text.contains("The ID of the associated REST API."),
        "{text}"
    );
    assert_eq!(h["range"]["start"], at(RESOURCE_TF, "rest_api_id", 0));
    let h = c.request(
        "textDocument/hover",
        doc_at(&a, RESOURCE_TF, "path_part", 2),
    );
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.contains("Changing it updates in place."), "{text}");

    // On `id` of `aws_api_gateway_rest_api.api.id`: the block in the other
    // file and the attribute's documentation.
    let h = c.request("textDocument/hover", doc_at(&a, RESOURCE_TF, "api.id", 5));
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"orders\""),
        "{text}"
    );
    assert!(text.contains("Declared in `api.tf` line 1."), "{text}");
    assert!(text.contains("**id** · `string` · read-only"), "{text}");
    assert!(text.contains("Value: (known after apply)"), "{text}");

    // A variable with a default: its value.
    let edited = RESOURCE_TF.replace("var.missing", "var.part");
    c.change(&a, 2, json!([{ "text": edited }]));
    let h = c.request("textDocument/hover", doc_at(&a, &edited, "var.part", 5));
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.contains("variable \"part\""), "{text}");
    assert!(text.contains("Value: `\"orders\"`"), "{text}");

    // An argument the configuration sets: its value, evaluated.
    let edited = edited.replace(
        "\"café 😀 ${var.part}\"",
        "aws_api_gateway_rest_api.api.name",
    );
    c.change(&a, 3, json!([{ "text": edited }]));
    let h = c.request("textDocument/hover", doc_at(&a, &edited, "api.name", 5));
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.contains("**name** · `string` · required"), "{text}");
    assert!(text.contains("Value: `\"orders\"`"), "{text}");
    c.shutdown();
}

#[test]
fn completion_of_types_arguments_enums_and_references() {
    let m = Module::new(&[("api.tf", API_TF)]);
    let mut c = Client::start(&m.path);
    let a = m.uri("main.tf");

    // `resource "` (unsaved, unterminated): resource types.
    let text = "resource \"";
    c.open(&a, text);
    let items = c.request("textDocument/completion", doc_at(&a, text, "\"", 1));
    let got = labels(&items);
    for t in [
        "aws_api_gateway_integration",
        "aws_api_gateway_rest_api",
        "aws_lambda_function",
    ] {
        assert!(got.contains(&t.to_string()), "{got:?}");
    }
    let edit = &items.as_array().unwrap()[0]["textEdit"];
    assert!(
        edit["newText"].as_str().unwrap().ends_with('"'),
        "closes the label: {edit}"
    );

    // Inside an integration block: required arguments first.
    let text = "resource \"aws_api_gateway_integration\" \"i\" {\n  \n}\n";
    c.change(&a, 2, json!([{ "text": text }]));
    let items = c.request("textDocument/completion", doc_at(&a, text, "  \n", 2));
    let mut items = items.as_array().unwrap().clone();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("9").to_string());
    let names: Vec<&str> = items.iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert_eq!(
        &names[..4],
        ["http_method", "resource_id", "rest_api_id", "type"],
        "required first: {names:?}"
    );
    assert!(names.contains(&"integration_http_method"));

    // `type = "`: the integration types.
    let text = "resource \"aws_api_gateway_integration\" \"i\" {\n  type = \"\"\n}\n";
    c.change(&a, 3, json!([{ "text": text }]));
    let mut got = labels(&c.request("textDocument/completion", doc_at(&a, text, "\"\"", 1)));
    got.sort();
    assert_eq!(got, ["AWS", "AWS_PROXY", "HTTP", "HTTP_PROXY", "MOCK"]);

    // `aws_api_gateway_rest_api.` → the API declared in api.tf → its
    // attributes.
    let text = "resource \"aws_api_gateway_resource\" \"r\" {\n  rest_api_id = aws_api_gateway_rest_api.\n}\n";
    c.change(&a, 4, json!([{ "text": text }]));
    let got = labels(&c.request("textDocument/completion", doc_at(&a, text, "api.\n", 4)));
    assert_eq!(got, ["api"]);
    let text = text.replace("rest_api.\n", "rest_api.api.\n");
    c.change(&a, 5, json!([{ "text": text }]));
    let got = labels(&c.request("textDocument/completion", doc_at(&a, &text, "api.\n", 4)));
    for attr in ["id", "root_resource_id", "execution_arn"] {
        assert!(got.contains(&attr.to_string()), "{got:?}");
    }
    c.shutdown();
}

#[test]
fn definition_jumps_to_the_block_in_another_file() {
    let (m, mut c, a) = session(
        &[("api.tf", API_TF), ("resource.tf", RESOURCE_TF)],
        "resource.tf",
    );
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, RESOURCE_TF, "aws_api_gateway_rest_api.api.id", 3),
    );
    assert_eq!(loc["uri"], m.uri("api.tf"));
    assert_eq!(
        loc["range"],
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 41 } })
    );
    // A variable: its block.
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, RESOURCE_TF, "var.missing", 1),
    );
    assert_eq!(loc, Value::Null, "undeclared: nowhere to go");
    let edited = RESOURCE_TF.replace("var.missing", "var.part");
    c.change(&a, 2, json!([{ "text": edited }]));
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, &edited, "var.part", 1),
    );
    assert_eq!(loc["uri"], a);
    assert_eq!(loc["range"]["start"], json!({ "line": 0, "character": 0 }));
    c.shutdown();
}

const CALLER_TF: &str = r#"module "api" {
  source     = "./modules/api"
  stage_name = "dev"
}

output "url" {
  value = module.api.invoke_url
}

output "nope" {
  value = module.api.nope
}
"#;

const CALLED_TF: &str = r#"variable "stage_name" {
  type        = string
  description = "The stage to deploy."
}

variable "throttle" {
  type    = number
  default = 100
}

output "invoke_url" {
  description = "Where the stage answers."
  value       = "https://example.com/${var.stage_name}"
}
"#;

#[test]
fn references_resolve_across_module_boundaries() {
    let (m, mut c, a) = session(
        &[("main.tf", CALLER_TF), ("modules/api/main.tf", CALLED_TF)],
        "main.tf",
    );
    // The caller's diagnostics: the unknown output, at its name.
    let diags = c.diagnostics(&a, |d| !d.is_empty());
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(
        diags[0]["message"].as_str().unwrap().lines().next(),
        Some("Unsupported attribute")
    );
    assert_eq!(diags[0]["range"]["start"], at(CALLER_TF, ".nope", 0));

    // An output: its declaration in the called module's file.
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, CALLER_TF, "invoke_url\n", 2),
    );
    assert_eq!(loc["uri"], m.uri("modules/api/main.tf"));
    assert_eq!(loc["range"]["start"], at(CALLED_TF, "\"invoke_url\"", 0));
    // The call itself.
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, CALLER_TF, "api.invoke", 1),
    );
    assert_eq!(loc["uri"], a);
    assert_eq!(loc["range"]["start"], json!({ "line": 0, "character": 0 }));
    // An input: the called module's variable.
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, CALLER_TF, "stage_name", 2),
    );
    assert_eq!(loc["uri"], m.uri("modules/api/main.tf"));
    assert_eq!(loc["range"]["start"], json!({ "line": 0, "character": 0 }));

    // Hover on the output: its type, description and value for this call.
    let h = c.request(
        "textDocument/hover",
        doc_at(&a, CALLER_TF, "invoke_url\n", 2),
    );
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**module.api.invoke_url** · `string`"),
        "{text}"
    );
    assert!(text.contains("Where the stage answers."), "{text}");
    assert!(
        text.contains("Value: `\"https://example.com/dev\"`"),
        "{text}"
    );
    // Hover on the input: the variable's type and description.
    let h = c.request("textDocument/hover", doc_at(&a, CALLER_TF, "stage_name", 2));
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(
        text.starts_with("**var.stage_name** of module `api` · `string` · required"),
        "{text}"
    );
    assert!(text.contains("The stage to deploy."), "{text}");

    // Completion: module calls after `module.`, outputs after
    // `module.api.`, the called module's unset inputs inside the block.
    let text = CALLER_TF.replace("module.api.nope", "module.");
    c.change(&a, 2, json!([{ "text": text }]));
    let got = labels(&c.request("textDocument/completion", doc_at(&a, &text, "module.\n", 7)));
    assert_eq!(got, ["api"]);
    let text = CALLER_TF.replace("module.api.nope", "module.api.");
    c.change(&a, 3, json!([{ "text": text }]));
    let got = labels(&c.request("textDocument/completion", doc_at(&a, &text, "api.\n", 4)));
    assert_eq!(got, ["invoke_url"]);
    let text = CALLER_TF.replace("  stage_name = \"dev\"\n", "  stage_name = \"dev\"\n  th\n");
    c.change(&a, 4, json!([{ "text": text }]));
    let got = labels(&c.request("textDocument/completion", doc_at(&a, &text, "  th\n", 4)));
    assert!(
        !got.contains(&"stage_name".to_string()),
        "already set: {got:?}"
    );
    assert_eq!(got.first().map(String::as_str), Some("throttle"), "{got:?}");
    assert!(
        got.contains(&"count".to_string()) && got.contains(&"depends_on".to_string()),
        "{got:?}"
    );
    c.shutdown();
}

const LEGACY_TF: &str = r#"resource "aws_api_gateway_integration" "i" {
  rest_api_id = "a"
  resource_id = "b"
  http_method = "GET"
  type        = "MOCK"
  passthrough_behavior = "WHEN_NO_TEMPLATES"
  timeout_milliseconds = 29000
  cache_namespce = "x"

  request_templates {
    "application/xml" = "{}"
  }
}
"#;

/// Applies LSP text edits (UTF-16 ranges; these texts are ASCII).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (s, t) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(s..t, e["newText"].as_str().unwrap());
    }
    out
}

#[test]
fn quick_fixes_for_legacy_blocks_and_misspellings_then_formatting() {
    let (m, mut c, a) = session(&[("main.tf", LEGACY_TF)], "main.tf");
    let diags = c.diagnostics(&a, |d| d.len() == 2);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "gantry::schema::unsupported-argument",
            "gantry::syntax::legacy-map-block"
        ]
    );
    assert_eq!(diags[1]["severity"], 2, "the 0.11 form is a warning");

    let whole =
        json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 13, "character": 0 } });
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": a }, "range": whole, "context": { "diagnostics": diags } }),
    );
    let actions = actions.as_array().unwrap();
    let titles: Vec<&str> = actions
        .iter()
        .map(|x| x["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "rename to `cache_namespace`",
            "write `request_templates = {`"
        ]
    );
    let mut text = LEGACY_TF.to_string();
    for action in actions {
        assert_eq!(action["kind"], "quickfix");
        let edits = action["edit"]["changes"][&a].as_array().unwrap().clone();
        text = apply(&text, &edits);
        c.change(&a, 2, json!([{ "text": text }]));
    }
    assert!(text.contains("  cache_namespace = \"x\""), "{text}");
    assert!(text.contains("  request_templates = {"), "{text}");
    c.diagnostics(&a, |d| d.is_empty());

    // Formatting: what `gantry fmt` writes (aligned equals signs).
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": a }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = apply(&text, edits.as_array().unwrap());
    assert!(
        formatted.contains("  timeout_milliseconds = 29000\n  cache_namespace      = \"x\"\n"),
        "{formatted}"
    );
    let fmt_path = m.path.join("fmt.tf");
    std::fs::write(&fmt_path, &text).unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_gantry"))
        .args(["fmt", fmt_path.to_str().unwrap()])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        formatted,
        std::fs::read_to_string(&fmt_path).unwrap(),
        "same as gantry fmt"
    );

    // A document that does not parse is not formatted.
    c.change(&a, 9, json!([{ "text": "resource \"x\" {\n" }]));
    let reply = c.request_raw(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": a }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let message = reply["error"]["message"].as_str().unwrap();
    assert!(
        message.starts_with("main.tf:1,15: Invalid HCL syntax"),
        "{reply}"
    );
    c.shutdown();
}

/// A `.tf.json` document: diagnostics point into the JSON, a quick fix
/// keeps it valid JSON, and formatting leaves it alone.
#[test]
fn json_documents_get_diagnostics_and_fixes() {
    const JSON_TF: &str = "{\n  \"variable\": {\"stage\": {\"default\": \"dev\"}},\n  \"locals\": {\"name\": \"api-${var.stgae}\"}\n}\n";
    let (_m, mut c, a) = session(&[("main.tf.json", JSON_TF)], "main.tf.json");
    let diags = c.diagnostics(&a, |d| d.len() == 1);
    assert_eq!(diags[0]["code"], "gantry::reference::undeclared-variable");
    assert_eq!(diags[0]["range"]["start"], at(JSON_TF, "var.stgae", 0));
    assert_eq!(diags[0]["range"]["end"], at(JSON_TF, "var.stgae", 9));
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": a }, "range": diags[0]["range"], "context": { "diagnostics": diags } }),
    );
    let edits = actions[0]["edit"]["changes"][&a]
        .as_array()
        .unwrap()
        .clone();
    let fixed = apply(JSON_TF, &edits);
    assert!(fixed.contains("\"api-${var.stage}\""), "{fixed}");
    serde_json::from_str::<Value>(&fixed).expect("still JSON");
    c.change(&a, 2, json!([{ "text": fixed }]));
    c.diagnostics(&a, |d| d.is_empty());
    // Go to definition: the variable's header, its label in the JSON.
    let loc = c.request(
        "textDocument/definition",
        doc_at(&a, &fixed, "var.stage", 5),
    );
    assert_eq!(loc["uri"], a);
    assert_eq!(loc["range"]["start"], at(&fixed, "stage\"", 0));
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": a }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert!(edits.is_null(), "{edits}");
    c.shutdown();
}
