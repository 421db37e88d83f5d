//! `GET /healthz` (the process answers) and `GET /readyz` (the database answers too).

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use super::AppJson;
use crate::state::AppState;

pub async fn healthz() -> AppJson<Value> {
    AppJson(json!({"status": "ok"}))
}

pub async fn readyz(State(state): State<AppState>) -> (StatusCode, AppJson<Value>) {
    if state.db.ping().await {
        (StatusCode::OK, AppJson(json!({"status": "ready"})))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            AppJson(json!({"status": "unavailable", "reason": "the database does not answer"})),
        )
    }
}
