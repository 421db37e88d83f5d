//! `process(bytes, context)`: parse a request, answer it as JSON or as a stream of SSE frames.
//!
//! The rules are the SDK's: items are saved on `done` / `replaced` / `removed`, never on `added`; hidden items
//! never reach the client; a handler's thread change is saved and sent as `thread.updated`; a client that
//! disconnects mid-stream leaves its pending assistant text saved with a hidden note. Everything that must
//! happen before the handler runs (loading, ownership checks, the user message) happens before the stream
//! starts, so that those failures are HTTP errors and not half-open streams.

mod nonstreaming;
mod streaming;

use std::sync::Arc;

use bytes::Bytes;
use tokio_stream::wrappers::ReceiverStream;

use crate::error::Error;
use crate::server::ChatKitServer;
use crate::store::{IdKind, Store};
use crate::types::{ChatKitReq, Page, SdkHiddenContextItem, Thread, ThreadItem, ThreadMetadata, time};

pub(crate) use streaming::save_cancelled_response;

/// Items per page when a request names no limit (the SDK's default).
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest page a request may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// The largest request body accepted by default (1 MiB).
pub const DEFAULT_MAX_REQUEST_BYTES: usize = 1 << 20;

/// A stream of SSE frames, ending when the response is complete.
pub type EventStream = ReceiverStream<Bytes>;

/// The answer to one request.
pub enum Processed {
    /// `application/json`.
    Json(Bytes),
    /// `text/event-stream`: frames as they are produced.
    Stream(EventStream),
}

impl std::fmt::Debug for Processed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Json(body) => f.debug_tuple("Json").field(&String::from_utf8_lossy(body)).finish(),
            Self::Stream(_) => f.write_str("Stream(..)"),
        }
    }
}

/// Parses `body` and answers it. Streaming answers run on a spawned task; dropping the stream cancels it.
pub async fn process<S, C>(server: &Arc<S>, body: &[u8], context: C) -> Result<Processed, Error>
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    if body.len() > DEFAULT_MAX_REQUEST_BYTES {
        return Err(Error::TooLarge { size: body.len(), limit: DEFAULT_MAX_REQUEST_BYTES });
    }
    let request = parse_request(body)?;
    tracing::debug!(op = request.op(), "chatkit request");
    if request.is_streaming() {
        streaming::start(server, request, context).await.map(Processed::Stream)
    } else {
        nonstreaming::answer(server.as_ref(), request, &context).await.map(Processed::Json)
    }
}

/// Parses a request body into a [`ChatKitReq`], with an error that names the problem.
pub fn parse_request(body: &[u8]) -> Result<ChatKitReq, Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Malformed("the request body is empty; expected a JSON object".into()));
    }
    let value: serde_json::Value = serde_json::from_slice(body)?;
    match value.get("type") {
        Some(serde_json::Value::String(_)) => {}
        Some(_) => return Err(Error::Invalid("`type` must be a string naming the operation".into())),
        None => return Err(Error::Invalid("missing `type`: the operation to perform, e.g. \"threads.list\"".into())),
    }
    if value.get("params").is_none() {
        return Err(Error::Invalid("missing `params`".into()));
    }
    Ok(serde_json::from_value(value)?)
}

/// The limit a request asked for, defaulted and clamped.
fn page_limit(limit: Option<u32>) -> usize {
    match limit {
        None | Some(0) => DEFAULT_PAGE_SIZE,
        Some(n) => (n as usize).min(MAX_PAGE_SIZE),
    }
}

/// Strips what clients never see from an item: attachment metadata.
fn item_for_client(mut item: ThreadItem) -> ThreadItem {
    if let ThreadItem::UserMessage(message) = &mut item {
        for attachment in &mut message.attachments {
            attachment.base_mut().metadata = None;
        }
    }
    item
}

/// A thread as clients see it: no metadata, no hidden items.
fn thread_for_client(metadata: &ThreadMetadata, items: Page<ThreadItem>) -> Thread {
    let Page { data, has_more, after } = items;
    let data = data.into_iter().filter(|item| !item.is_hidden()).map(item_for_client).collect();
    let mut metadata = metadata.clone();
    metadata.metadata.clear();
    Thread { metadata, items: Page { data, has_more, after } }
}

/// The hidden note recorded when a client stops a response.
fn cancelled_note<C: Send + Sync>(store: &impl Store<C>, thread: &ThreadMetadata, context: &C) -> ThreadItem {
    ThreadItem::SdkHiddenContext(SdkHiddenContextItem {
        base: crate::types::ItemBase {
            id: store.generate_item_id(IdKind::SdkHiddenContext, thread, context),
            thread_id: thread.id.clone(),
            created_at: time::now(),
        },
        content: "The user cancelled the stream. Stop responding to the prior request.".into(),
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<Bytes, Error> {
    serde_json::to_vec(value)
        .map(Bytes::from)
        .map_err(|error| Error::Handler(format!("could not encode the response: {error}")))
}
