//! `CurrentUser`: the signed-in user, from the session cookie or an `Authorization: Bearer` token.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;

use super::SessionToken;
use crate::http::{ApiError, RateSlot};
use crate::state::AppState;

/// The name of the session cookie.
pub const SESSION_COOKIE: &str = "taskchat_session";

/// Who is making the request. Also the context of every ChatKit call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub name: String,
}

/// The session token a request carries: a Bearer token first, else the session cookie.
pub fn token_from(headers: &HeaderMap) -> Option<SessionToken> {
    let bearer = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .filter(|token| !token.trim().is_empty());
    if let Some(token) = bearer {
        return Some(SessionToken::from_client(token));
    }
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| *name == SESSION_COOKIE && !value.is_empty())
        .map(|(_, value)| SessionToken::from_client(value))
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = token_from(&parts.headers).ok_or(ApiError::Unauthorized)?;
        let (user, _) = state.auth.authenticate(&token).await?;
        tracing::Span::current().record("user_id", user.id.as_str());
        let checked = state.limits.check_request(&user.id).await;
        if let Some(slot) = parts.extensions.get::<RateSlot>() {
            slot.set(checked.info);
        }
        checked.verdict?;
        Ok(user)
    }
}
