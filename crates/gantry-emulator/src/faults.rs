//! A fault proxy in front of the emulator, for the failures LocalStack
//! never produces: throttling (429), server errors after the call acted
//! (5xx), answers lost after the call acted (the connection closes with no
//! response), answers held back (so a test can kill gantry while a
//! create's answer is in flight), and AWS's 409 rules that LocalStack does
//! not apply (a second PutMethod on a method, a second resource with the
//! same path under one parent).
//!
//! It speaks just enough HTTP/1.1 for the SDK: one request per connection
//! (it forwards with `Connection: close` and closes after answering; the
//! SDK opens a new connection). Loopback only.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// Which faults, how often (fractions of all requests).
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Answered 429 TooManyRequestsException without forwarding.
    pub throttle: f64,
    /// Forwarded, then answered 503 ServiceUnavailableException.
    pub server_error: f64,
    /// Forwarded, then the connection closes without an answer.
    pub lost: f64,
    /// AWS's 409s for a repeated PutMethod or CreateResource.
    pub aws_conflicts: bool,
    /// Answers to creates (API Gateway REST APIs, resources, methods,
    /// integrations and VPC links; Lambda functions and permissions; IAM
    /// roles; load balancers) wait this long after the call acted.
    pub hold_creates: Duration,
    pub seed: u64,
}

/// What the proxy did, for assertions.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub throttled: AtomicU64,
    pub server_errors: AtomicU64,
    pub lost: AtomicU64,
    pub conflicts: AtomicU64,
    /// The paths of the UntagResource requests (API Gateway's
    /// `DELETE /tags/{arn}?tagKeys=...`) forwarded: LocalStack keeps tags
    /// given at creation apart from those it untags, so a test checks that
    /// gantry asked as AWS needs.
    pub untags: Mutex<Vec<String>>,
}

pub struct FaultProxy {
    port: u16,
    /// `hold_creates` in milliseconds, changeable while the proxy runs.
    hold_ms: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    pub stats: Arc<Stats>,
    accept: Option<thread::JoinHandle<()>>,
}

impl FaultProxy {
    /// Listens on a free loopback port and forwards to `upstream` (a port
    /// on 127.0.0.1).
    pub fn start(upstream: u16, faults: Faults) -> io::Result<FaultProxy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let stats = Arc::new(Stats::default());
        let rng = Arc::new(Mutex::new(Rng(faults.seed.max(1))));
        let hold_ms = Arc::new(AtomicU64::new(faults.hold_creates.as_millis() as u64));
        let faults = Arc::new(faults);
        let accept = {
            let (stop, stats, hold_ms) = (stop.clone(), stats.clone(), hold_ms.clone());
            thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(conn) = conn else { continue };
                    let (faults, stats, rng) = (faults.clone(), stats.clone(), rng.clone());
                    let hold = Duration::from_millis(hold_ms.load(Ordering::SeqCst));
                    thread::spawn(move || {
                        let _ = serve(conn, upstream, &faults, hold, &stats, &rng);
                    });
                }
            })
        };
        Ok(FaultProxy {
            port,
            hold_ms,
            stop,
            stats,
            accept: Some(accept),
        })
    }

    /// From now on, answers to creates wait this long (see
    /// [`Faults::hold_creates`]).
    pub fn hold_creates(&self, hold: Duration) {
        self.hold_ms
            .store(hold.as_millis() as u64, Ordering::SeqCst);
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
    }
}

/// xorshift64: reproducible fault sequences from a seed.
struct Rng(u64);

impl Rng {
    fn unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn read(r: &mut impl BufRead) -> io::Result<Option<Request>> {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "bad request line",
            ));
        };
        let (method, path) = (method.to_string(), path.to_string());
        let mut headers = Vec::new();
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
        }
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; len];
        r.read_exact(&mut body)?;
        Ok(Some(Request {
            method,
            path,
            headers,
            body,
        }))
    }

    /// The request as sent upstream: `Connection: close`, so the answer
    /// ends at EOF.
    fn bytes(&self, method: &str, path: &str, body: &[u8]) -> Vec<u8> {
        let mut out = format!("{method} {path} HTTP/1.1\r\n").into_bytes();
        for (k, v) in &self.headers {
            if k.eq_ignore_ascii_case("connection") || k.eq_ignore_ascii_case("content-length") {
                continue;
            }
            out.extend(format!("{k}: {v}\r\n").into_bytes());
        }
        out.extend(
            format!(
                "Content-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes(),
        );
        out.extend(body);
        out
    }

    fn segments(&self) -> Vec<&str> {
        let path = self.path.split('?').next().unwrap_or("");
        path.split('/').filter(|s| !s.is_empty()).collect()
    }

    /// The creates the faults care about: API Gateway and Lambda by their
    /// REST paths, IAM and ELBv2 (query protocol) by the `Action` of the
    /// form body.
    fn operation(&self) -> Option<&'static str> {
        let s = self.segments();
        match (self.method.as_str(), s.as_slice()) {
            ("POST", ["restapis"]) => Some("CreateRestApi"),
            ("POST", ["restapis", _, "resources", _]) => Some("CreateResource"),
            ("PUT", ["restapis", _, "resources", _, "methods", _]) => Some("PutMethod"),
            ("PUT", ["restapis", _, "resources", _, "methods", _, "integration"]) => {
                Some("PutIntegration")
            }
            ("POST", ["vpclinks"]) => Some("CreateVpcLink"),
            ("POST", ["2015-03-31", "functions"]) => Some("CreateFunction"),
            ("POST", ["2015-03-31", "functions", _, "policy"]) => Some("AddPermission"),
            ("POST", []) => match self.action() {
                Some("CreateRole") => Some("CreateRole"),
                Some("CreateLoadBalancer") => Some("CreateLoadBalancer"),
                _ => None,
            },
            _ => None,
        }
    }

    /// `Action=...` of a query-protocol form body.
    fn action(&self) -> Option<&str> {
        std::str::from_utf8(&self.body)
            .ok()?
            .split('&')
            .find_map(|kv| kv.strip_prefix("Action="))
    }
}

fn serve(
    client: TcpStream,
    upstream: u16,
    faults: &Faults,
    hold: Duration,
    stats: &Stats,
    rng: &Mutex<Rng>,
) -> io::Result<()> {
    let mut reader = BufReader::new(client.try_clone()?);
    let Some(req) = Request::read(&mut reader)? else {
        return Ok(());
    };
    let mut client = client;
    stats.requests.fetch_add(1, Ordering::SeqCst);
    let roll = |p: f64| p > 0.0 && rng.lock().map(|mut r| r.unit() < p).unwrap_or(false);
    if roll(faults.throttle) {
        stats.throttled.fetch_add(1, Ordering::SeqCst);
        return answer(
            &mut client,
            429,
            "TooManyRequestsException",
            "Too Many Requests",
        );
    }
    let op = req.operation();
    if req.method == "DELETE" && req.segments().first() == Some(&"tags") {
        if let Ok(mut u) = stats.untags.lock() {
            u.push(req.path.clone());
        }
    }
    if faults.aws_conflicts {
        if let Some(message) = conflict(&req, op, upstream)? {
            stats.conflicts.fetch_add(1, Ordering::SeqCst);
            return answer(&mut client, 409, "ConflictException", &message);
        }
    }
    let response = forward(upstream, &req.bytes(&req.method, &req.path, &req.body))?;
    if op.is_some() && !hold.is_zero() {
        thread::sleep(hold);
    }
    if roll(faults.lost) {
        stats.lost.fetch_add(1, Ordering::SeqCst);
        // The call acted; its answer never arrives.
        return client.shutdown(Shutdown::Both);
    }
    if roll(faults.server_error) {
        stats.server_errors.fetch_add(1, Ordering::SeqCst);
        return answer(
            &mut client,
            503,
            "ServiceUnavailableException",
            "Service Unavailable",
        );
    }
    client.write_all(&response)?;
    client.shutdown(Shutdown::Both)
}

/// AWS's answer where LocalStack would accept a duplicate.
fn conflict(req: &Request, op: Option<&str>, upstream: u16) -> io::Result<Option<String>> {
    let s = req.segments();
    match op {
        Some("PutMethod") => {
            let status = status_of(&forward(upstream, &req.bytes("GET", &req.path, b""))?);
            Ok((status == 200).then(|| "Method already exists for this resource".to_string()))
        }
        Some("CreateResource") => {
            let (api, parent) = (s[1], s[3]);
            let Some(part) = path_part(&req.body) else {
                return Ok(None);
            };
            let listing = forward(
                upstream,
                &req.bytes("GET", &format!("/restapis/{api}/resources?limit=500"), b""),
            )?;
            let taken = has_child(body_of(&listing), parent, &part);
            Ok(taken.then(|| {
                format!("Another resource with the same parent already has this name: {part}")
            }))
        }
        _ => Ok(None),
    }
}

/// `{"pathPart": "x"}` → `x`.
fn path_part(body: &[u8]) -> Option<String> {
    let v: serde_json::Value = serde_json::from_slice(body).ok()?;
    v["pathPart"].as_str().map(str::to_string)
}

/// Does the GetResources page hold an item with this parent and part?
fn has_child(page: &[u8], parent: &str, part: &str) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(page) else {
        return false;
    };
    v["item"].as_array().is_some_and(|items| {
        items
            .iter()
            .any(|r| r["parentId"] == parent && r["pathPart"] == part)
    })
}

fn forward(upstream: u16, request: &[u8]) -> io::Result<Vec<u8>> {
    let mut conn = TcpStream::connect(("127.0.0.1", upstream))?;
    conn.set_read_timeout(Some(Duration::from_secs(120)))?;
    conn.write_all(request)?;
    let mut response = Vec::new();
    conn.read_to_end(&mut response)?;
    Ok(response)
}

fn status_of(response: &[u8]) -> u16 {
    String::from_utf8_lossy(&response[..response.len().min(32)])
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

fn body_of(response: &[u8]) -> &[u8] {
    match response.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => &response[i + 4..],
        None => &[],
    }
}

fn answer(client: &mut TcpStream, status: u16, kind: &str, message: &str) -> io::Result<()> {
    let body = format!("{{\"__type\":\"{kind}\",\"message\":\"{message}\"}}");
    let reason = match status {
        409 => "Conflict",
        429 => "Too Many Requests",
        _ => "Service Unavailable",
    };
    write!(
        client,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nx-amzn-ErrorType: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    client.shutdown(Shutdown::Both)
}

#[cfg(test)]
mod tests {
    use super::{has_child, path_part};

    #[test]
    fn reads_the_two_json_facts() {
        assert_eq!(
            path_part(br#"{"pathPart": "pets"}"#).as_deref(),
            Some("pets")
        );
        let page = br#"{"item":[{"id":"a","path":"/"},{"id":"b","parentId":"a","pathPart":"pets","path":"/pets"}]}"#;
        assert!(has_child(page, "a", "pets"));
        assert!(!has_child(page, "a", "cats"));
        assert!(!has_child(page, "b", "pets"));
    }
}
