//! How long after the last keystroke the diagnostics of a 5,000-line file
//! arrive. The server runs in-process on lsp-server's memory transport (the
//! same loop `gantry lsp` runs on stdio); the client types bursts of
//! incremental edits, each burst alternately breaking and fixing one
//! argument, and times from its last edit to the `publishDiagnostics` of
//! that version. It also prints the CPU time the whole process spent per
//! burst (every edit applied, one check, its diagnostics published): the
//! cost of keeping a big module checked while typing.
//!
//! `cargo bench -p gantry-lsp --bench diagnostics_latency`

use std::time::{Duration, Instant};

// The allocator the gantry binary (and so `gantry lsp`) runs with,
// configured as the server configures it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::{json, Value};

const TARGET: Duration = Duration::from_millis(100);
/// CPU time per burst (the edits and the one check they cause).
const CPU_TARGET: Duration = Duration::from_millis(10);
const BURSTS: usize = 30;
const KEYSTROKES: usize = 5;

fn module_text() -> String {
    let mut out =
        String::from("resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"big\"\n}\n");
    let mut i = 0;
    while out.lines().count() < 5000 {
        out.push_str(&format!(
            r#"
resource "aws_api_gateway_resource" "r{i}" {{
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "r{i}"
}}

resource "aws_api_gateway_method" "m{i}" {{
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.r{i}.id
  http_method   = "GET"
  authorization = "NONE"
}}

resource "aws_api_gateway_integration" "i{i}" {{
  rest_api_id = aws_api_gateway_rest_api.api.id
  resource_id = aws_api_gateway_resource.r{i}.id
  http_method = aws_api_gateway_method.m{i}.http_method
  type        = "MOCK"
  request_templates = {{
    "application/json" = "{{\"statusCode\": 200}}"
  }}
}}
"#
        ));
        i += 1;
    }
    out
}

fn send(conn: &Connection, msg: Message) {
    conn.sender.send(msg).expect("server is running");
}

fn notify(conn: &Connection, method: &str, params: Value) {
    send(
        conn,
        Message::Notification(Notification::new(method.into(), params)),
    );
}

/// Waits for the diagnostics of `version`; returns how many diagnostics.
fn wait_for(conn: &Connection, version: i64) -> usize {
    loop {
        let msg = conn
            .receiver
            .recv_timeout(Duration::from_secs(30))
            .expect("diagnostics within 30 s");
        if let Message::Notification(n) = msg {
            if n.method == "textDocument/publishDiagnostics" && n.params["version"] == version {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    }
}

/// User + system CPU time of this process so far.
fn cpu_time() -> Duration {
    // SAFETY: an all-zero rusage is a valid value for getrusage to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: fills `usage` for this process.
    let rc = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    let t = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    t(usage.ru_utime) + t(usage.ru_stime)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("main.tf");
    let text = module_text();
    std::fs::write(&path, &text).expect("write main.tf");
    let lines = text.lines().count();
    let uri = format!("file://{}", path.display());
    // The `MOCK` of the last integration: the edits go there.
    let (line, col) = text
        .lines()
        .enumerate()
        .filter_map(|(n, l)| l.find("\"MOCK\"").map(|c| (n, c + 5)))
        .last()
        .expect("an integration");

    // What `gantry lsp` does before serving (see `run_stdio`).
    gantry_lsp::memory::keep_freed_pages();
    let (server, client) = Connection::memory();
    let worker = std::thread::spawn(move || gantry_lsp::serve(server, Vec::new()));
    send(
        &client,
        Message::Request(Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({ "capabilities": {} }),
        )),
    );
    let _ = client.receiver.recv().expect("initialize result");
    notify(&client, "initialized", json!({}));
    notify(
        &client,
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "terraform", "version": 0, "text": text } }),
    );
    // Hints (quiet in `validate`) are published too: count from here.
    let baseline = wait_for(&client, 0);

    let mut version = 0i64;
    let mut latencies = Vec::new();
    let cpu_before = cpu_time();
    for burst in 0..BURSTS {
        // Odd bursts type `XXXXX` after MOCK (an invalid type); even bursts
        // delete it again.
        let breaking = burst % 2 == 0;
        for k in 0..KEYSTROKES {
            version += 1;
            let change = if breaking {
                json!({ "range": { "start": { "line": line, "character": col + k },
                                   "end": { "line": line, "character": col + k } }, "text": "X" })
            } else {
                let at = col + KEYSTROKES - k - 1;
                json!({ "range": { "start": { "line": line, "character": at },
                                   "end": { "line": line, "character": at + 1 } }, "text": "" })
            };
            notify(
                &client,
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [change] }),
            );
            std::thread::sleep(Duration::from_millis(3));
        }
        let sent = Instant::now();
        let count = wait_for(&client, version);
        latencies.push(sent.elapsed());
        assert_eq!(
            count,
            baseline + usize::from(breaking),
            "burst {burst}: diagnostics"
        );
    }
    let cpu_per_burst = (cpu_time() - cpu_before) / BURSTS as u32;
    send(
        &client,
        Message::Request(Request::new(
            RequestId::from(2),
            "shutdown".into(),
            Value::Null,
        )),
    );
    notify(&client, "exit", Value::Null);
    let _ = worker.join();

    latencies.sort();
    let pct = |p: usize| latencies[(latencies.len() - 1) * p / 100];
    println!(
        "diagnostics of a {lines}-line file after the last of {KEYSTROKES} keystrokes, {BURSTS} bursts:"
    );
    println!(
        "  median {:?}  p90 {:?}  max {:?}  (target {:?}: {})",
        pct(50),
        pct(90),
        pct(100),
        TARGET,
        if pct(100) <= TARGET { "met" } else { "MISSED" }
    );
    println!(
        "  of which {:?} is the quiet period the server waits for before checking",
        gantry_lsp::scheduler::QUIET
    );
    println!(
        "  CPU per burst (its {KEYSTROKES} edits, one check, the diagnostics published): {:?} (target {:?}: {})",
        cpu_per_burst,
        CPU_TARGET,
        if cpu_per_burst <= CPU_TARGET { "met" } else { "MISSED" }
    );
}
