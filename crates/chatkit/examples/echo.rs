//! A ChatKit server in ~100 lines: axum, the in-memory store, a streamed echo, and a widget whose button
//! replaces it in place. Every `Authorization: Bearer <name>` is a user of its own.
//!
//! `cargo run --release -p chatkit --example echo`, then POST ChatKit requests to http://127.0.0.1:8000/chatkit.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chatkit::types::{ThreadItem, ThreadMetadata, UserMessageItem, WidgetItem};
use chatkit::widgets::WidgetRoot;
use chatkit::{Action, ChatKitServer, MemoryStore, ResponseSink, StreamError};
use serde_json::json;

struct EchoServer {
    store: MemoryStore,
}

/// A card showing how often its button was pressed.
fn counter_card(presses: u64) -> WidgetRoot {
    serde_json::from_value(json!({
        "type": "Card", "id": "counter_card",
        "children": [
            {"type": "Text", "id": "counter_text", "value": format!("Pressed {presses} times")},
            {"type": "Button", "id": "counter_press_button", "label": "Press me",
             "onClickAction": {"type": "counter.press", "payload": {"presses": presses}}}
        ]
    }))
    .expect("a valid card")
}

impl ChatKitServer<String> for EchoServer {
    type Store = MemoryStore;

    fn store(&self) -> &MemoryStore {
        &self.store
    }

    async fn respond(
        &self,
        thread: &ThreadMetadata,
        input: Option<&UserMessageItem>,
        _user: &String,
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let text = input.map(UserMessageItem::text).unwrap_or_default();
        if thread.title.is_none() && !text.is_empty() {
            let mut titled = thread.clone();
            titled.title = Some(text.chars().take(40).collect());
            sink.update_thread(titled).await?;
        }
        if text.contains("widget") || text.contains("show") {
            sink.widget(counter_card(0), Some("A counter".into())).await?;
            return Ok(());
        }
        let mut message = sink.assistant_message().await?;
        for word in format!("You said: {text}").split_inclusive(' ') {
            message.delta(word).await?;
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        message.finish().await?;
        Ok(())
    }

    async fn action(
        &self,
        _thread: &ThreadMetadata,
        action: &Action,
        sender: Option<&WidgetItem>,
        _user: &String,
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let (Some(sender), "counter.press") = (sender, action.kind.as_str()) else {
            return Err(StreamError::custom(format!("unknown action {:?}", action.kind), false));
        };
        let presses = action.payload["presses"].as_u64().unwrap_or(0) + 1;
        let mut replaced = sender.clone();
        replaced.widget = counter_card(presses);
        sink.replace_item(ThreadItem::Widget(replaced)).await
    }
}

async fn chatkit_endpoint(State(server): State<Arc<EchoServer>>, headers: HeaderMap, body: Bytes) -> Response {
    let user = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let Some(user) = user.filter(|user| !user.trim().is_empty()) else {
        let body = json!({"error": {"code": "unauthorized", "message": "send Authorization: Bearer <any name>"}});
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    };
    chatkit::axum::into_response(chatkit::process(&server, &body, user.to_owned()).await)
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::var("ECHO_ADDR").unwrap_or_else(|_| "127.0.0.1:8000".into());
    let server = Arc::new(EchoServer { store: MemoryStore::new() });
    let app = Router::new()
        .route("/chatkit", post(chatkit_endpoint))
        .layer(axum::extract::DefaultBodyLimit::max(chatkit::processor::DEFAULT_MAX_REQUEST_BYTES))
        .with_state(server);
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("ChatKit echo server on http://{}/chatkit", listener.local_addr()?);
    // Streams are many small writes: TCP_NODELAY keeps Nagle's algorithm from delaying them.
    let listener = axum::serve::ListenerExt::tap_io(listener, |stream| {
        let _ = stream.set_nodelay(true);
    });
    axum::serve(listener, app).await
}
