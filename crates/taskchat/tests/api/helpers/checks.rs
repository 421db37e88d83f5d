//! Assertions and decoders shared by every scenario: the error shape, SSE frames, task shapes, cookies.

use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER, SET_COOKIE};
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "taskchat_session";
/// The keys of a task, exactly.
pub const TASK_KEYS: [&str; 10] =
    ["number", "title", "notes", "done", "priority", "due", "tags", "created_at", "updated_at", "completed_at"];

/// An address nobody else in this run uses, e.g. `alice-3f2c…@example.com`.
pub fn unique_email(who: &str) -> String {
    format!("{who}-{}@example.com", Uuid::new_v4().simple())
}

/// The `input` of a ChatKit user message with one text part.
pub fn user_input(text: &str) -> Value {
    json!({"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}})
}

/// Reads the body as JSON after checking the status; the body is shown when either fails.
pub async fn json_body(response: Response, expected: StatusCode) -> Value {
    let status = response.status();
    let url = response.url().clone();
    let text = response.text().await.expect("reads the response body");
    assert_eq!(status, expected, "{url} answered {status} with body {text}");
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{url} answered non-JSON ({error}): {text}"))
}

/// Checks an error answer: the status, and the body `{"error": {"code", "message"}}` with a non-empty message.
pub async fn assert_error(response: Response, expected: StatusCode, code: &str) -> Value {
    let content_type = header(response.headers(), CONTENT_TYPE.as_str());
    let body = json_body(response, expected).await;
    assert!(
        content_type.as_deref().is_some_and(|value| value.starts_with("application/json")),
        "an error answers JSON, got content-type {content_type:?}"
    );
    assert_eq!(body["error"]["code"], code, "error code in {body}");
    let message = body["error"]["message"].as_str().unwrap_or_else(|| panic!("error.message is a string in {body}"));
    assert!(!message.trim().is_empty(), "error.message is empty in {body}");
    body
}

/// Checks a client error (any 4xx) with the error body shape; returns the status and body.
pub async fn assert_client_error(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let text = response.text().await.expect("reads the response body");
    assert!(status.is_client_error(), "expected a 4xx, got {status} with body {text}");
    let body: Value = serde_json::from_str(&text).unwrap_or_else(|error| panic!("non-JSON error ({error}): {text}"));
    assert!(body["error"]["code"].is_string(), "error.code is a string in {body}");
    assert!(body["error"]["message"].is_string(), "error.message is a string in {body}");
    (status, body)
}

/// Checks a 429: the error body and a `Retry-After` of 1 to 60 seconds.
pub async fn assert_throttled(response: Response) {
    let retry_after = header(response.headers(), RETRY_AFTER.as_str());
    assert_error(response, StatusCode::TOO_MANY_REQUESTS, "too_many_requests").await;
    let seconds: u64 = retry_after
        .as_deref()
        .unwrap_or_else(|| panic!("a 429 carries Retry-After"))
        .trim()
        .parse()
        .unwrap_or_else(|error| panic!("Retry-After {retry_after:?} is a number of seconds: {error}"));
    assert!((1..=60).contains(&seconds), "Retry-After is {seconds}s; expected within the one-minute window");
}

/// One header as text.
pub fn header(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get(name).map(|value| value.to_str().expect("a text header").to_owned())
}

/// The `taskchat_session` cookie set by a response: its value and its attributes (lowercased, e.g. `samesite=lax`).
pub fn session_cookie(headers: &HeaderMap) -> Option<(String, Vec<String>)> {
    headers.get_all(SET_COOKIE).iter().find_map(|value| {
        let value = value.to_str().expect("a text Set-Cookie");
        let mut parts = value.split(';').map(str::trim);
        let token = parts.next()?.strip_prefix(SESSION_COOKIE)?.strip_prefix('=')?.to_owned();
        Some((token, parts.map(str::to_ascii_lowercase).collect()))
    })
}

/// Decodes a whole `text/event-stream` body. Every frame must be exactly `data: <one line of JSON>` and a blank
/// line (comment frames, starting with `:`, are allowed and skipped), and every event must decode into the
/// chatkit crate's `ThreadStreamEvent`.
pub fn parse_sse(body: &str) -> Vec<Value> {
    assert!(body.ends_with("\n\n"), "an SSE body ends with a blank line: {body:?}");
    let frames: Vec<&str> = body[..body.len() - 2].split("\n\n").collect();
    let mut events = Vec::new();
    for frame in frames {
        assert!(!frame.is_empty(), "an empty SSE frame in {body:?}");
        if frame.starts_with(':') {
            assert!(!frame.contains('\n'), "a comment frame spans lines: {frame:?}");
            continue;
        }
        let data = frame.strip_prefix("data: ").unwrap_or_else(|| panic!("a frame starts with `data: `: {frame:?}"));
        assert!(!data.contains('\n'), "an event is one line of JSON: {frame:?}");
        let event: Value = serde_json::from_str(data).unwrap_or_else(|error| panic!("bad JSON ({error}): {data}"));
        if let Err(error) = serde_json::from_value::<::chatkit::types::ThreadStreamEvent>(event.clone()) {
            panic!("not a ChatKit stream event ({error}): {event}");
        }
        events.push(event);
    }
    events
}

/// The `type` of each event, in order.
pub fn event_types(events: &[Value]) -> Vec<&str> {
    events.iter().map(|event| event["type"].as_str().expect("an event has a type")).collect()
}

/// The task numbers of a list answer (`{"data": [...]}`) or of an array of tasks.
pub fn numbers(tasks: &Value) -> Vec<i64> {
    let tasks = tasks.get("data").unwrap_or(tasks).as_array().expect("an array of tasks");
    tasks.iter().map(|task| task["number"].as_i64().expect("a task has a number")).collect()
}

/// The ids of the `data` of a ChatKit page.
pub fn ids(page: &Value) -> Vec<String> {
    let data = page["data"].as_array().unwrap_or_else(|| panic!("a page has data: {page}"));
    data.iter().map(|record| record["id"].as_str().expect("a record has an id").to_owned()).collect()
}

/// Parses an ISO-8601 time of an answer.
pub fn time(value: &Value) -> chrono::DateTime<chrono::FixedOffset> {
    let text = value.as_str().unwrap_or_else(|| panic!("a time is a string, got {value}"));
    chrono::DateTime::parse_from_rfc3339(text).unwrap_or_else(|error| panic!("{text:?} is not ISO-8601: {error}"))
}

/// A task has exactly the documented keys, with the documented types.
pub fn assert_task_shape(task: &Value) {
    let object = task.as_object().unwrap_or_else(|| panic!("a task is an object: {task}"));
    let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let mut expected = TASK_KEYS.to_vec();
    expected.sort_unstable();
    assert_eq!(keys, expected, "the keys of {task}");
    assert!(task["number"].as_i64().is_some_and(|n| n >= 1), "number ≥ 1 in {task}");
    assert!(task["title"].is_string() && task["notes"].is_string() && task["done"].is_boolean(), "{task}");
    assert!(
        task["priority"].is_null() || ["low", "medium", "high"].contains(&task["priority"].as_str().unwrap_or("")),
        "priority in {task}"
    );
    if let Some(due) = task["due"].as_str() {
        assert!(chrono::NaiveDate::parse_from_str(due, "%Y-%m-%d").is_ok() && due.len() == 10, "due in {task}");
    } else {
        assert!(task["due"].is_null(), "due in {task}");
    }
    let tags = task["tags"].as_array().unwrap_or_else(|| panic!("tags is an array in {task}"));
    assert!(tags.iter().all(|tag| tag.as_str().is_some_and(|tag| tag == tag.to_lowercase())), "tags in {task}");
    time(&task["created_at"]);
    time(&task["updated_at"]);
    assert_eq!(task["done"].as_bool(), Some(!task["completed_at"].is_null()), "done ⇔ completed_at in {task}");
    if !task["completed_at"].is_null() {
        time(&task["completed_at"]);
    }
}

/// Percent-encodes a query value.
pub fn encode_query(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// When `CHATKIT_RECORD_DIR` is set (scripts/test sets it), keeps a ChatKit reply for the official SDK to judge
/// (`crates/chatkit/tests/sdk_judge.py`): `stream` replies as `*.event.json`, others as `*-<op>.reply.json`.
pub fn record_reply(op: &str, value: &serde_json::Value) {
    let Ok(dir) = std::env::var("CHATKIT_RECORD_DIR") else { return };
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let kind = if op == "stream" { "event" } else { "reply" };
    let name = format!("tc{}-{n:06}-{op}.{kind}.json", std::process::id());
    std::fs::create_dir_all(&dir).expect("the record folder");
    std::fs::write(std::path::Path::new(&dir).join(name), value.to_string()).expect("recorded");
}

/// The first node of a widget tree with this `id`.
pub fn find_node<'a>(tree: &'a Value, id: &str) -> Option<&'a Value> {
    if tree["id"] == id {
        return Some(tree);
    }
    tree["children"].as_array()?.iter().find_map(|child| find_node(child, id))
}
