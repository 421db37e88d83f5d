//! `ApiError`: the one error type of the HTTP layer, and the one place errors become status codes.
//! Bodies are `{"error": {"code", "message"}}`; internal causes are logged, never sent.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::auth::AuthError;
use crate::db::DbError;
use crate::tasks::TaskError;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The body is not JSON (or not the expected content type).
    #[error("{0}")]
    BadRequest(String),
    /// The request is well-formed but not valid.
    #[error("{0}")]
    Invalid(String),
    #[error("sign in first: send the session cookie or an Authorization: Bearer token")]
    Unauthorized,
    #[error("{0}")]
    WrongCredentials(String),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("{message}")]
    Throttled { message: String, retry_after: Duration },
    /// The request took longer than the configured limit to answer.
    #[error("the request took longer than {} seconds; try again", .0.as_secs())]
    TimedOut(Duration),
    /// A dependency (the database) is down; the cause is logged.
    #[error("the service is temporarily unavailable; try again shortly")]
    Unavailable(String),
    /// A bug or an unexpected failure; the cause is logged.
    #[error("internal error")]
    Internal(String),
}

/// The cause of a 5xx, carried to the logging middleware in the response's extensions.
#[derive(Debug, Clone)]
pub struct InternalCause(pub String);

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized | Self::WrongCredentials(_) => StatusCode::UNAUTHORIZED,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) | Self::TimedOut(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadRequest(_) => "bad_request",
            Self::Invalid(_) => "invalid_request",
            Self::Unauthorized | Self::WrongCredentials(_) => "unauthorized",
            Self::NotFound(_) => "not_found",
            Self::Conflict(_) => "conflict",
            Self::TooLarge(_) => "payload_too_large",
            Self::Throttled { .. } => "too_many_requests",
            Self::Unavailable(_) => "unavailable",
            Self::TimedOut(_) => "timeout",
            Self::Internal(_) => "internal",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code(), "message": self.to_string()}});
        let mut response = (self.status(), axum::Json(body)).into_response();
        match self {
            Self::Throttled { retry_after, .. } => {
                let seconds = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                if let Ok(value) = HeaderValue::from_str(&seconds.max(1).to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            Self::TimedOut(limit) => {
                response.extensions_mut().insert(InternalCause(format!("timed out after {limit:?}")));
            }
            Self::Unavailable(cause) | Self::Internal(cause) => {
                response.extensions_mut().insert(InternalCause(cause));
            }
            _ => {}
        }
        response
    }
}

impl From<DbError> for ApiError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(cause) => Self::Unavailable(cause),
            DbError::Conflict(what) => Self::Conflict(format!("a record with the same {what} already exists")),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<TaskError> for ApiError {
    fn from(error: TaskError) -> Self {
        match error {
            TaskError::Invalid { .. } => Self::Invalid(error.to_string()),
            TaskError::NotFound(number) => Self::NotFound(format!("task #{number}")),
            TaskError::Db(error) => error.into(),
        }
    }
}

impl From<AuthError> for ApiError {
    fn from(error: AuthError) -> Self {
        match error {
            AuthError::Invalid(message) => Self::Invalid(message),
            AuthError::EmailTaken => Self::Conflict(error.to_string()),
            AuthError::WrongCredentials => Self::WrongCredentials(error.to_string()),
            AuthError::Unauthenticated => Self::Unauthorized,
            AuthError::ExternalToken(_) => Self::WrongCredentials(error.to_string()),
            AuthError::Throttled(retry_after) => Self::Throttled { message: error.to_string(), retry_after },
            AuthError::Hashing(cause) => Self::Internal(cause),
            AuthError::Db(error) => error.into(),
        }
    }
}

impl From<chatkit::Error> for ApiError {
    fn from(error: chatkit::Error) -> Self {
        match error.http_status() {
            400 => Self::BadRequest(error.to_string()),
            404 => Self::NotFound(match error {
                chatkit::Error::NotFound(what) => what,
                other => other.to_string(),
            }),
            413 => Self::TooLarge(chatkit::processor::DEFAULT_MAX_REQUEST_BYTES),
            422 => Self::Invalid(error.to_string()),
            503 => Self::Unavailable(error.to_string()),
            _ => Self::Internal(error.to_string()),
        }
    }
}
