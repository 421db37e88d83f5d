//! `POST /chatkit`: the ChatKit protocol, with the signed-in user as context. A streaming request takes one of
//! the user's stream slots for as long as its stream is open.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use futures_util::StreamExt;

use super::{ApiError, AppBody};
use crate::auth::CurrentUser;
use crate::state::AppState;

/// Only the operation's name, read before the whole request is parsed.
#[derive(serde::Deserialize)]
struct Op {
    #[serde(rename = "type")]
    op: String,
}

/// The operation a body names, if it names one (the full parse comes later and reports errors).
fn op_of(body: &[u8]) -> Option<String> {
    serde_json::from_slice::<Op>(body).ok().map(|op| op.op)
}

pub async fn endpoint(State(state): State<AppState>, user: CurrentUser, AppBody(body): AppBody) -> Response {
    let started = Instant::now();
    let op = op_of(&body);
    let mut response = answer(&state, user, &body, op.as_deref(), started).await;
    if let Some(op) = op.filter(|op| op.len() <= 64) {
        response.extensions_mut().insert(super::ChatKitOp(op));
    }
    response
}

async fn answer(state: &AppState, user: CurrentUser, body: &[u8], op: Option<&str>, started: Instant) -> Response {
    if let Some(op) = op {
        tracing::Span::current().record("op", op);
    }
    let slot = if op.is_some_and(chatkit::types::is_streaming_op) {
        match state.limits.open_stream(&user.id).await {
            Ok(slot) => Some(slot),
            Err(error) => return error.into_response(),
        }
    } else {
        None
    };
    match chatkit::process(&state.chatkit, body, user).await {
        Ok(chatkit::Processed::Stream(frames)) => {
            let keep_alive = Duration::from_secs(state.config.sse_keep_alive_seconds.max(1));
            // An idle stream gets an SSE comment now and then, so that proxies do not close it. The slot is
            // released when the body is dropped: the stream ended or the client left.
            let measured = super::metrics::OpenStream::new(&state.metrics, op.unwrap_or_default(), started);
            let held = (slot, measured);
            let frames = futures_util::stream::unfold((frames, held), move |(mut frames, mut held)| async move {
                match tokio::time::timeout(keep_alive, frames.next()).await {
                    Ok(Some(frame)) => {
                        held.1.sent();
                        Some((Ok::<_, Infallible>(frame), (frames, held)))
                    }
                    Ok(None) => None,
                    Err(_) => Some((Ok(Bytes::from_static(b": keep-alive\n\n")), (frames, held))),
                }
            });
            chatkit::axum::sse_response(Body::from_stream(frames))
        }
        Ok(processed) => chatkit::axum::into_response(Ok(processed)),
        Err(error) => ApiError::from(error).into_response(),
    }
}
