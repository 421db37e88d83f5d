//! Extractors whose rejections are `ApiError`s, so that 400 / 413 / 422 have the same shape as every error.

use axum::extract::rejection::{BytesRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::ApiError;

/// The largest body any endpoint reads.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// `Json` with our error shape.
pub struct AppJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::JsonDataError(error) => ApiError::Invalid(error.body_text()),
        JsonRejection::JsonSyntaxError(error) => ApiError::BadRequest(error.body_text()),
        JsonRejection::MissingJsonContentType(_) => {
            ApiError::BadRequest("expected a JSON body with Content-Type: application/json".into())
        }
        JsonRejection::BytesRejection(error) => bytes_rejection(error),
        other => ApiError::BadRequest(other.body_text()),
    }
}

fn bytes_rejection(rejection: BytesRejection) -> ApiError {
    if rejection.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::TooLarge(MAX_BODY_BYTES)
    } else {
        ApiError::BadRequest(rejection.body_text())
    }
}

/// The raw body, with our error shape when it is too large.
pub struct AppBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for AppBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state).await.map(Self).map_err(bytes_rejection)
    }
}

/// `Query` with our error shape.
pub struct AppQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for AppQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(error)) => Err(ApiError::Invalid(error.body_text())),
            Err(other) => Err(ApiError::Invalid(other.body_text())),
        }
    }
}
