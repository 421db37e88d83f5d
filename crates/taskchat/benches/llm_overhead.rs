//! What the LLM agent adds to a model's own time, over HTTP on loopback: (1) from the model's first token leaving
//! a scripted OpenAI-compatible server to the first `text_delta` reaching our client; (2) per tool round, from the
//! model's last chunk of round 1 (an `add_task` call) to round 2's request reaching the model (the tool runs, its
//! widget is stored and streamed, the history is rebuilt). Prints p50 / p90 / p99; figures go to BENCHMARKS.md.
//!
//! `cargo bench -p taskchat --bench llm_overhead` (`BENCH_REQUESTS`, default 500).

use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::routing::post;
use serde_json::{Value, json};
use taskchat::config::{AssistantKind, Config};

/// Times the scripted model recorded: when it sent its first token, when it finished a tool call round, when
/// the next request arrived.
#[derive(Default)]
struct Marks {
    first_token: Option<Instant>,
    tool_round_end: Option<Instant>,
    next_request: Option<Instant>,
}

fn chunk(delta: Value) -> Bytes {
    Bytes::from(format!("data: {}\n\n", json!({"choices": [{"index": 0, "delta": delta}]})))
}

async fn complete(State(marks): State<Arc<Mutex<Marks>>>, body: Bytes) -> axum::response::Response {
    let request: Value = serde_json::from_slice(&body).unwrap_or_default();
    let messages = request["messages"].as_array().cloned().unwrap_or_default();
    let last = messages.last().cloned().unwrap_or_default();
    let wants_tool = last["role"] == "user" && last["content"].as_str().is_some_and(|text| text.contains("tool"));
    let is_tool_result = last["role"] == "tool";
    let marks = Arc::clone(&marks);
    if is_tool_result && let Ok(mut marks) = marks.lock() {
        marks.next_request = Some(Instant::now());
    }
    let stream = async_stream(marks, wants_tool);
    let mut response = axum::response::Response::new(Body::from_stream(stream));
    response.headers_mut().insert("content-type", axum::http::HeaderValue::from_static("text/event-stream"));
    response
}

fn async_stream(
    marks: Arc<Mutex<Marks>>,
    wants_tool: bool,
) -> impl futures_util::Stream<Item = Result<Bytes, Infallible>> {
    let frames: Vec<(Bytes, u8)> = if wants_tool {
        vec![
            (
                chunk(json!({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                "function": {"name": "add_task", "arguments": "{\"title\": \"bench task\"}"}}]})),
                0,
            ),
            (Bytes::from_static(b"data: [DONE]\n\n"), 2),
        ]
    } else {
        vec![
            (chunk(json!({"role": "assistant", "content": "Done"})), 1),
            (chunk(json!({"content": "."})), 0),
            (Bytes::from_static(b"data: [DONE]\n\n"), 0),
        ]
    };
    futures_util::stream::iter(frames.into_iter().map(move |(frame, mark)| {
        if let Ok(mut marks) = marks.lock() {
            match mark {
                1 => marks.first_token = Some(Instant::now()),
                2 => marks.tool_round_end = Some(Instant::now()),
                _ => {}
            }
        }
        Ok(frame)
    }))
}

mod common;

fn percentiles(mut samples: Vec<Duration>) -> String {
    samples.sort();
    let at = |p: f64| common::percentile(&samples, p);
    format!("p50 {:?}, p90 {:?}, p99 {:?} ({} samples)", at(0.5), at(0.9), at(0.99), samples.len())
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    runtime.block_on(run());
}

async fn run() {
    let requests = common::request_count(500, 10);
    let marks = Arc::new(Mutex::new(Marks::default()));
    let model = axum::Router::new().route("/v1/chat/completions", post(complete)).with_state(Arc::clone(&marks));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let model_url = format!("http://{}/v1", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, model).await });

    let folder = std::env::temp_dir().join(format!("taskchat-llm-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder");
    let mut config = Config::for_tests(format!("sqlite://{}?mode=rwc", folder.join("bench.db").display()));
    config.assistant = Some(AssistantKind::Llm);
    config.openai_api_key = Some("bench".into());
    config.openai_base_url = Some(model_url);
    let base = common::start(config).await;
    let client = reqwest::Client::new();
    let token = common::sign_up(&client, &base).await;

    let mut first_delta = Vec::new();
    let mut tool_round = Vec::new();
    for i in 0..requests + 10 {
        // A new thread each time keeps the history (and so the request body) the same size.
        let text = if i % 2 == 0 { "say done" } else { "use a tool" };
        let body = json!({"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}});
        let mut response =
            client.post(format!("{base}/chatkit")).bearer_auth(&token).json(&body).send().await.expect("request");
        let mut seen_delta = false;
        let mut buffer = Vec::new();
        while let Some(bytes) = response.chunk().await.expect("the stream") {
            buffer.extend_from_slice(&bytes);
            if !seen_delta && text == "say done" && buffer.windows(10).any(|w| w == b"text_delta") {
                seen_delta = true;
                let sent = marks.lock().ok().and_then(|marks| marks.first_token);
                if let (Some(sent), true) = (sent, i >= 10) {
                    first_delta.push(sent.elapsed());
                }
            }
        }
        if text == "use a tool"
            && i >= 10
            && let Ok(mut marks) = marks.lock()
            && let (Some(end), Some(next)) = (marks.tool_round_end.take(), marks.next_request.take())
        {
            tool_round.push(next.duration_since(end));
        }
    }
    println!("llm overhead, first token to first text_delta at the client: {}", percentiles(first_delta));
    println!(
        "llm overhead, per tool round (add_task, model's last chunk to its next request): {}",
        percentiles(tool_round)
    );
    let _ = std::fs::remove_dir_all(&folder);
}
