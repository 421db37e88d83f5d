//! `chatkit::Error`: what can go wrong before a response starts. Once a stream has started, failures
//! become `error` events instead (see [`StreamError`]).

use crate::store::StoreError;

/// Why a request could not be answered. [`Error::http_status`] is the one mapping to HTTP.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The body is not JSON, or not valid UTF-8.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// The body is JSON but not a valid request (unknown `type`, missing or mistyped field).
    #[error("invalid request: {0}")]
    Invalid(String),
    /// The thread, item or attachment does not exist for this caller.
    #[error("{0} not found")]
    NotFound(String),
    /// The body is larger than the processor accepts.
    #[error("request body is {size} bytes; the limit is {limit} bytes")]
    TooLarge { size: usize, limit: usize },
    /// The server does not implement this operation (e.g. transcription or attachments).
    #[error("{0} is not supported by this server")]
    Unsupported(&'static str),
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
    /// The integration's handler failed.
    #[error("{0}")]
    Handler(String),
}

impl Error {
    /// The HTTP status an adapter should answer with.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Malformed(_) => 400,
            Self::Invalid(_) => 422,
            Self::NotFound(_) => 404,
            Self::TooLarge { .. } => 413,
            Self::Unsupported(_) => 400,
            Self::Store(StoreError::NotFound(_)) => 404,
            Self::Store(StoreError::Unavailable(_)) => 503,
            Self::Store(StoreError::Backend(_)) | Self::Handler(_) => 500,
        }
    }

    /// A short machine-readable code for JSON error bodies.
    pub fn code(&self) -> &'static str {
        match self.http_status() {
            400 => "bad_request",
            404 => "not_found",
            413 => "payload_too_large",
            422 => "invalid_request",
            503 => "unavailable",
            _ => "internal",
        }
    }

    /// The message safe to show a client: internal causes are replaced by a generic line.
    pub fn public_message(&self) -> String {
        match self.http_status() {
            500 => "internal error".to_owned(),
            503 => "storage is temporarily unavailable; try again shortly".to_owned(),
            _ => self.to_string(),
        }
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(what) => Self::NotFound(what),
            other => Self::Store(other),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(error: serde_json::Error) -> Self {
        use serde_json::error::Category;
        match error.classify() {
            Category::Data => Self::Invalid(error.to_string()),
            Category::Syntax | Category::Eof | Category::Io => Self::Malformed(error.to_string()),
        }
    }
}

/// How a response handler fails once the stream has started; becomes an `error` event.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    /// A message for the user, shown as is.
    #[error("{message}")]
    Custom { message: String, allow_retry: bool },
    /// A failure the client describes with its own localised text (`stream.error`), retryable.
    #[error("the response failed: {0}")]
    Failed(String),
    /// The client went away; nothing more can be sent.
    #[error("the client disconnected")]
    Cancelled,
    /// The store failed while the handler used it.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl StreamError {
    /// A user-facing error message.
    pub fn custom(message: impl Into<String>, allow_retry: bool) -> Self {
        Self::Custom { message: message.into(), allow_retry }
    }
}
