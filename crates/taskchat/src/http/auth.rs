//! `/api/auth/*` at Better Auth's paths: sign up, sign in, sign out, current session.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use super::{ApiError, AppJson};
use crate::auth::{Credentials, CurrentUser, SESSION_COOKIE, SessionInfo, SignUp, token_from};
use crate::state::AppState;

/// A user as the accounts API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    id: String,
    email: String,
    name: String,
}

impl From<CurrentUser> for UserView {
    fn from(user: CurrentUser) -> Self {
        Self { id: user.id, email: user.email, name: user.name }
    }
}

/// The answer to sign-up and sign-in: the token (also set as an HttpOnly cookie) and the user.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    token: String,
    user: UserView,
}

fn session_cookie(state: &AppState, value: &str, max_age_seconds: i64) -> Option<HeaderValue> {
    let secure = if state.config.secure_cookies { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{SESSION_COOKIE}={value}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age_seconds}{secure}"
    ))
    .ok()
}

fn signed_in(state: &AppState, session: SessionInfo) -> Response {
    let max_age = (session.expires_at - chatkit::types::time::now()).num_seconds().max(0);
    let cookie = session_cookie(state, session.token.as_str(), max_age);
    let body = SessionView { token: session.token.as_str().to_owned(), user: session.user.into() };
    let mut response = AppJson(body).into_response();
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[utoipa::path(post, path = "/api/auth/sign-up/email", request_body = SignUp, responses((status = 200, body = SessionView), (status = 409), (status = 422)), tag = "auth")]
pub async fn sign_up(State(state): State<AppState>, AppJson(body): AppJson<SignUp>) -> Result<Response, ApiError> {
    let session = state.auth.sign_up(body).await?;
    Ok(signed_in(&state, session))
}

#[utoipa::path(post, path = "/api/auth/sign-in/email", request_body = Credentials, responses((status = 200, body = SessionView), (status = 401), (status = 429)), tag = "auth")]
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    AppJson(body): AppJson<Credentials>,
) -> Result<Response, ApiError> {
    let session = state.auth.sign_in(body, Some(peer.ip())).await?;
    Ok(signed_in(&state, session))
}

#[utoipa::path(post, path = "/api/auth/sign-out", responses((status = 200)), tag = "auth")]
pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let token = token_from(&headers).ok_or(ApiError::Unauthorized)?;
    state.auth.authenticate(&token).await?;
    state.auth.sign_out(&token).await?;
    let mut response = AppJson(json!({"success": true})).into_response();
    if let Some(cookie) = session_cookie(&state, "", 0) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    Ok(response)
}

#[utoipa::path(get, path = "/api/auth/get-session", responses((status = 200, description = "the session and its user, or null")), tag = "auth")]
pub async fn get_session(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let Some(token) = token_from(&headers) else { return Ok(AppJson(serde_json::Value::Null).into_response()) };
    match state.auth.authenticate(&token).await {
        Ok((user, expires_at)) => Ok(AppJson(json!({
            "session": {"expires_at": chatkit::types::time::format(&expires_at)},
            "user": UserView::from(user),
        }))
        .into_response()),
        Err(crate::auth::AuthError::Unauthenticated) => Ok(AppJson(serde_json::Value::Null).into_response()),
        Err(error) => Err(error.into()),
    }
}
