//! `POST /chatkit`: the ChatKit protocol, with the signed-in user as context.

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::{ApiError, AppBody};
use crate::auth::CurrentUser;
use crate::state::AppState;

pub async fn endpoint(State(state): State<AppState>, user: CurrentUser, AppBody(body): AppBody) -> Response {
    match chatkit::process(&state.chatkit, &body, user).await {
        Ok(processed) => chatkit::axum::into_response(Ok(processed)),
        Err(error) => ApiError::from(error).into_response(),
    }
}
