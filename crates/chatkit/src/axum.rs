//! A thin adapter to axum (feature `axum`): a [`process`](crate::process) result as an HTTP response.

use std::convert::Infallible;

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::error::Error;
use crate::processor::Processed;

/// `application/json` for JSON answers, `text/event-stream` for streams.
pub fn into_response(result: Result<Processed, Error>) -> Response {
    match result {
        Ok(Processed::Json(body)) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Ok(Processed::Stream(frames)) => sse_response(Body::from_stream(frames.map(Ok::<_, Infallible>))),
        Err(error) => error_response(&error),
    }
}

/// A streaming SSE response with the headers that keep proxies from buffering it.
pub fn sse_response(body: Body) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

/// `{"error": {"code", "message"}}` with the error's status; internal causes are not sent.
pub fn error_response(error: &Error) -> Response {
    let status = StatusCode::from_u16(error.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::json!({"error": {"code": error.code(), "message": error.public_message()}});
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}
