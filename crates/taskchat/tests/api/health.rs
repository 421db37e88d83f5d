//! The operational endpoints: liveness, readiness, and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, json_body};

backend_tests!(health_readiness_and_the_api_description_answer_without_credentials);

async fn health_readiness_and_the_api_description_answer_without_credentials(app: TestApp) {
    assert_eq!(json_body(app.get("/healthz").await, StatusCode::OK).await, json!({"status": "ok"}));
    assert_eq!(json_body(app.get("/readyz").await, StatusCode::OK).await, json!({"status": "ready"}));

    let openapi = json_body(app.get("/api/openapi.json").await, StatusCode::OK).await;
    let version = openapi["openapi"].as_str().unwrap_or_else(|| panic!("an OpenAPI version in {openapi}"));
    assert!(version.starts_with("3."), "OpenAPI 3.x, got {version}");
    let paths = openapi["paths"].as_object().unwrap_or_else(|| panic!("paths in {openapi}"));
    for path in ["/api/tasks", "/api/tasks/{number}", "/api/auth/sign-in/email"] {
        assert!(paths.contains_key(path), "the OpenAPI document describes {path}: {:?}", paths.keys());
    }
}
