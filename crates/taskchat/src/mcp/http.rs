//! `/mcp`: MCP over streamable HTTP. rmcp's tower `Service` is nested in our router behind the same
//! authentication as the rest of the API (session token or Bearer JWT; 401 without). Stateless (no MCP
//! sessions, JSON answers), so any instance sharing the database can answer any request.

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::TaskTools;
use crate::auth::CurrentUser;
use crate::http::MAX_BODY_BYTES;
use crate::state::AppState;

/// The `/mcp` route (any method; rmcp answers those MCP does not use), authenticated.
pub fn router(state: &AppState) -> Router<AppState> {
    let tasks = state.tasks.clone();
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(MAX_BODY_BYTES)
        // rmcp's Host check guards unauthenticated local servers against DNS rebinding; every request here
        // carries the user's token, and the host names are the operator's to choose.
        .disable_allowed_hosts();
    let service =
        StreamableHttpService::new(move || Ok(TaskTools::per_request(tasks.clone())), Default::default(), config)
            as StreamableHttpService<TaskTools, NeverSessionManager>;
    Router::new().route_service("/mcp", service).layer(middleware::from_fn_with_state(state.clone(), authenticate))
}

/// Refuses requests without a valid session token / JWT (401, the API's error body) and hands the user to the
/// tools through the request's extensions.
async fn authenticate(user: CurrentUser, mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(user);
    next.run(request).await
}
