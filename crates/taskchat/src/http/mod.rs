//! HTTP: the one route table, the one error type, and thin handlers.

mod assets;
mod auth;
mod chatkit;
mod error;
mod health;
mod json;
mod limits;
mod metrics;
mod openapi;
mod tasks;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_http::LatencyUnit;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

pub use error::{ApiError, InternalCause};
pub use json::{AppBody, AppJson, AppQuery, MAX_BODY_BYTES};
pub use limits::{RateCheck, RateInfo, RateSlot, UserLimits};
pub use metrics::{ChatKitOp, Metrics};

use crate::state::AppState;

/// Every route of the service.
pub fn router(state: AppState) -> Router {
    let web_csp = HeaderValue::from_str(&assets::content_security_policy(&state.config))
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'"));
    // Used before signing in: limited per client address, as there is no user yet.
    let public = Router::new()
        .route("/api/auth/sign-up/email", post(auth::sign_up))
        .route("/api/auth/sign-in/email", post(auth::sign_in))
        .route("/api/auth/get-session", get(auth::get_session))
        .route("/api/openapi.json", get(openapi::document))
        .route("/api/ui-config", get(assets::ui_config))
        .route_layer(middleware::from_fn_with_state(state.clone(), limits::per_address));
    Router::new()
        .merge(public)
        .route("/api/auth/sign-out", post(auth::sign_out))
        .route("/api/tasks", get(tasks::list).post(tasks::create))
        .route("/api/tasks/{number}", get(tasks::get).patch(tasks::update).delete(tasks::delete))
        .route("/chatkit", post(chatkit::endpoint))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics::render))
        .merge(crate::mcp::router(&state))
        .fallback(move |method, uri| assets::serve(web_csp.clone(), method, uri))
        .route_layer(middleware::from_fn_with_state(state.clone(), metrics::track))
        .layer(cors(&state.config.cors_origins))
        .layer(middleware::from_fn(limits::rate_headers))
        .layer(middleware::from_fn_with_state(state.clone(), time_limit))
        .layer(middleware::from_fn(log_internal_errors))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Micros)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}

/// Every request's span: its id (also sent back as `x-request-id`), method and path; the user and the ChatKit
/// operation are recorded once known. Never tokens, passwords or message text.
fn request_span(request: &Request) -> tracing::Span {
    let request_id = request.headers().get("x-request-id").and_then(|value| value.to_str().ok()).unwrap_or_default();
    tracing::info_span!(
        "request",
        method = %request.method(),
        path = %request.uri().path(),
        request_id,
        user_id = tracing::field::Empty,
        op = tracing::field::Empty,
    )
}

/// Cross-origin calls with credentials, only from the listed origins (none by default).
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<HeaderValue> =
        origins.iter().filter_map(|origin| HeaderValue::from_str(origin.trim()).ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins))
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(std::time::Duration::from_secs(600))
}

/// A request that has not produced its response head within the configured time gets a 503; its work is
/// dropped (an open database transaction rolls back). A stream's body, once started, is not limited.
async fn time_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let limit = std::time::Duration::from_secs(state.config.request_timeout_seconds.max(1));
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::TimedOut(limit).into_response(),
    }
}

/// Logs the cause of every 5xx, which the client never sees.
async fn log_internal_errors(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    if let Some(InternalCause(cause)) = response.extensions().get::<InternalCause>() {
        tracing::error!(%method, %path, status = response.status().as_u16(), %cause, "request failed");
    }
    response
}
