//! A scripted OpenAI-compatible server on a random port: `POST /v1/chat/completions` answers each request with
//! the next scripted reply (streamed Chat Completions chunks, an HTTP error, or a stream that stalls) and records
//! every request body.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// These chunks as `data:` lines, each in its own write, then `data: [DONE]`.
    Chunks(Vec<Value>),
    /// An HTTP error status with a JSON error body.
    Status(u16),
    /// These chunks, then silence for the duration (longer than the app's timeout), then the end.
    Stall(Vec<Value>, Duration),
}

#[derive(Default)]
struct Script {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<Value>>,
}

/// The running scripted model.
pub struct ScriptedLlm {
    /// `http://127.0.0.1:<port>`; the app's base URL is this plus `/v1`.
    pub address: String,
    script: Arc<Script>,
}

impl ScriptedLlm {
    /// Starts a server that answers with `replies` in order (then with a plain "ok" text).
    pub async fn start(replies: Vec<Reply>) -> Self {
        let script = Arc::new(Script { replies: Mutex::new(replies.into()), requests: Mutex::default() });
        let app = axum::Router::new().route("/v1/chat/completions", post(complete)).with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds a port");
        let address = format!("http://{}", listener.local_addr().expect("a local address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { address, script }
    }

    /// The base URL to configure: `http://127.0.0.1:<port>/v1`.
    pub fn base_url(&self) -> String {
        format!("{}/v1", self.address)
    }

    /// Every request body received so far, in order.
    pub fn requests(&self) -> Vec<Value> {
        self.script.requests.lock().expect("the lock").clone()
    }
}

async fn complete(State(script): State<Arc<Script>>, body: Bytes) -> Response {
    let request: Value = serde_json::from_slice(&body).unwrap_or_else(|error| json!({"unparsable": error.to_string()}));
    script.requests.lock().expect("the lock").push(request);
    let reply = script.replies.lock().expect("the lock").pop_front().unwrap_or_else(|| Reply::Chunks(vec![text("ok")]));
    let (chunks, stall) = match reply {
        Reply::Status(code) => {
            let status = StatusCode::from_u16(code).expect("a status code");
            let body = json!({"error": {"message": "scripted failure", "type": "server_error"}});
            return (status, axum::Json(body)).into_response();
        }
        Reply::Chunks(chunks) => (chunks, None),
        Reply::Stall(chunks, pause) => (chunks, Some(pause)),
    };
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, Infallible>>(4);
    tokio::spawn(async move {
        for chunk in chunks {
            if tx.send(Ok(Bytes::from(format!("data: {chunk}\n\n")))).await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        if let Some(pause) = stall {
            tokio::time::sleep(pause).await;
        }
        let _ = tx.send(Ok(Bytes::from_static(b"data: [DONE]\n\n"))).await;
    });
    let body = Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(rx));
    ([(header::CONTENT_TYPE, "text/event-stream")], body).into_response()
}

fn chunk(delta: Value) -> Value {
    json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": "scripted",
           "choices": [{"index": 0, "delta": delta, "finish_reason": null}]})
}

/// A chunk carrying assistant text.
pub fn text(content: &str) -> Value {
    chunk(json!({"content": content}))
}

/// A chunk carrying one fragment of tool call `index`: its id and name when given, and a piece of its arguments.
pub fn tool_fragment(index: u32, id: Option<&str>, name: Option<&str>, arguments: &str) -> Value {
    let mut call = json!({"index": index, "function": {"arguments": arguments}});
    if let Some(id) = id {
        call["id"] = json!(id);
        call["type"] = json!("function");
    }
    if let Some(name) = name {
        call["function"]["name"] = json!(name);
    }
    chunk(json!({"tool_calls": [call]}))
}

/// A whole tool call whose name and arguments are split over several chunks.
pub fn tool_call(index: u32, id: &str, name: &str, arguments: &str) -> Vec<Value> {
    let (first, rest) = name.split_at(name.len() / 2);
    let mut chunks = vec![tool_fragment(index, Some(id), Some(first), ""), tool_fragment(index, None, Some(rest), "")];
    let characters: Vec<char> = arguments.chars().collect();
    for piece in characters.chunks(5) {
        chunks.push(tool_fragment(index, None, None, &piece.iter().collect::<String>()));
    }
    chunks
}
