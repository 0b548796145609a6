//! Retrying through the real SDK, against a scripted HTTP server on
//! loopback: throttled and conflicting answers are retried, a fatal one is
//! not, and a create whose answer is lost is not repeated when what it
//! made is found.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use crate::{AwsProvider, AwsSettings};
use gantry_config::value::Value;
use gantry_executor::Provider;

/// What the server does with one request.
#[derive(Clone)]
pub(crate) enum Reply {
    /// Status, `x-amzn-errortype` (if any), JSON body.
    Answer(u16, Option<&'static str>, String),
    /// Read the request, then close the connection without answering.
    Hangup,
}

/// Serves `script` in order (one reply per request); records each
/// request line.
pub(crate) fn server(script: Vec<Reply>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        let mut script = script.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut length = 0usize;
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0u8; length];
            let _ = reader.read_exact(&mut body);
            log.lock().unwrap().push(request_line.trim().to_string());
            match script.next() {
                Some(Reply::Answer(status, kind, body)) => {
                    let kind = kind
                        .map(|k| format!("x-amzn-errortype: {k}\r\n"))
                        .unwrap_or_default();
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{kind}content-length: {}\r\nconnection: close\r\n\r\n{body}",
                        body.len()
                    );
                }
                Some(Reply::Hangup) | None => {}
            }
        }
    });
    (addr, seen)
}

pub(crate) fn provider(endpoint: &str) -> AwsProvider {
    let mut settings = AwsSettings {
        region: Some("us-east-1".into()),
        access_key: Some("000000000000".into()),
        secret_key: Some("test".into()),
        ..AwsSettings::default()
    };
    for s in ["apigateway", "sts"] {
        settings.endpoints.insert(s.into(), endpoint.into());
    }
    AwsProvider::new(settings, std::env::temp_dir())
}

pub(crate) fn object(pairs: &[(&str, &str)]) -> Value {
    Value::Map(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), Value::string(*v)))
            .collect(),
    )
}

const RESOURCE: &str = r#"{"id":"res1","parentId":"root","pathPart":"orders","path":"/orders"}"#;

pub(crate) fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn throttling_and_conflicts_are_retried_until_the_call_succeeds() {
    let (endpoint, seen) = server(vec![
        Reply::Answer(429, Some("TooManyRequestsException"), r#"{"message":"Too Many Requests"}"#.into()),
        Reply::Answer(
            409,
            Some("ConflictException"),
            r#"{"message":"Unable to complete operation due to concurrent modification. Please try again later."}"#.into(),
        ),
        Reply::Answer(200, None, RESOURCE.into()),
    ]);
    let p = provider(&endpoint);
    let current = object(&[("id", "res1"), ("rest_api_id", "api1")]);
    let read = rt()
        .block_on(p.read("aws_api_gateway_resource", current))
        .unwrap()
        .unwrap();
    assert_eq!(
        gantry_executor::convert::attr(&read, "path"),
        &Value::string("/orders")
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
    assert!(seen
        .lock()
        .unwrap()
        .iter()
        .all(|l| l.starts_with("GET /restapis/api1/resources/res1")));
    assert_eq!(p.calls()["API Gateway.GetResource"], 3);
    assert_eq!(
        p.retry_counts(),
        (1, 2),
        "one throttled answer, two retries"
    );
}

#[test]
fn a_bad_request_is_reported_at_once_with_the_apis_words() {
    let (endpoint, seen) = server(vec![Reply::Answer(
        400,
        Some("BadRequestException"),
        r#"{"message":"Invalid resource identifier specified"}"#.into(),
    )]);
    let p = provider(&endpoint);
    let current = object(&[("id", "res1"), ("rest_api_id", "api1")]);
    let err = rt()
        .block_on(p.read("aws_api_gateway_resource", current))
        .unwrap_err();
    assert_eq!(seen.lock().unwrap().len(), 1, "not retried");
    assert_eq!(err.summary, "reading API Gateway Resource: GetResource");
    assert!(
        err.detail
            .contains("BadRequestException: Invalid resource identifier specified"),
        "{}",
        err.detail
    );
}

#[test]
fn a_missing_object_reads_as_gone() {
    let (endpoint, _) = server(vec![Reply::Answer(
        404,
        Some("NotFoundException"),
        r#"{"message":"Invalid Resource identifier specified"}"#.into(),
    )]);
    let p = provider(&endpoint);
    let current = object(&[("id", "res1"), ("rest_api_id", "api1")]);
    assert_eq!(
        rt().block_on(p.read("aws_api_gateway_resource", current))
            .unwrap(),
        None
    );
}

#[test]
fn a_create_whose_answer_is_lost_is_found_instead_of_repeated() {
    let (endpoint, seen) = server(vec![
        // CreateResource lands but the answer never comes back.
        Reply::Hangup,
        // GetResources shows what it made.
        Reply::Answer(
            200,
            None,
            format!(r#"{{"item":[{{"id":"root","path":"/"}},{RESOURCE}]}}"#),
        ),
    ]);
    let p = provider(&endpoint);
    let planned = object(&[
        ("rest_api_id", "api1"),
        ("parent_id", "root"),
        ("path_part", "orders"),
    ]);
    let created = rt()
        .block_on(p.create("aws_api_gateway_resource", planned, None))
        .unwrap();
    assert_eq!(
        gantry_executor::convert::attr(&created, "id"),
        &Value::string("res1")
    );
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert!(
        seen[0].starts_with("POST /restapis/api1/resources/root"),
        "{seen:?}"
    );
    assert!(
        seen[1].starts_with("GET /restapis/api1/resources"),
        "{seen:?}"
    );
}
