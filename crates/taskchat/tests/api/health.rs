//! The operational endpoints: liveness, readiness, and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, json_body};

backend_tests!(
    health_readiness_and_the_api_description_answer_without_credentials,
    unknown_api_paths_and_other_methods_are_json_not_found_and_app_routes_are_not,
);

async fn health_readiness_and_the_api_description_answer_without_credentials(app: TestApp) {
    let health = app.get("/healthz").await;
    let request_id = crate::helpers::header(health.headers(), "x-request-id").expect("every answer names its request");
    assert_eq!(request_id.len(), 36, "a UUID: {request_id}");
    assert_eq!(json_body(health, StatusCode::OK).await, json!({"status": "ok"}));
    assert_eq!(json_body(app.get("/readyz").await, StatusCode::OK).await, json!({"status": "ready"}));

    let openapi = json_body(app.get("/api/openapi.json").await, StatusCode::OK).await;
    let version = openapi["openapi"].as_str().unwrap_or_else(|| panic!("an OpenAPI version in {openapi}"));
    assert!(version.starts_with("3."), "OpenAPI 3.x, got {version}");
    let paths = openapi["paths"].as_object().unwrap_or_else(|| panic!("paths in {openapi}"));
    for path in ["/api/tasks", "/api/tasks/{number}", "/api/auth/sign-in/email"] {
        assert!(paths.contains_key(path), "the OpenAPI document describes {path}: {:?}", paths.keys());
    }
}

async fn unknown_api_paths_and_other_methods_are_json_not_found_and_app_routes_are_not(app: TestApp) {
    for path in ["/api/nothing-here", "/api"] {
        let response = app.get(path).await;
        crate::helpers::assert_error(response, reqwest::StatusCode::NOT_FOUND, "not_found").await;
    }
    let response = app.request(reqwest::Method::DELETE, "/index.html").send().await.expect("request");
    assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND);
    // The web app: its page, its modules under /chatkit/, and the page again for the app's own routes.
    let page = app.get("/").await;
    assert!(crate::helpers::header(page.headers(), "content-type").is_some_and(|value| value.starts_with("text/html")));
    let policy = crate::helpers::header(page.headers(), "content-security-policy").expect("a CSP on the app");
    assert!(policy.contains("script-src 'self';") && policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(crate::helpers::header(page.headers(), "x-content-type-options").as_deref(), Some("nosniff"));
    assert!(page.text().await.expect("the page").contains("<title>"));
    let module = app.get("/chatkit/index.js").await;
    assert_eq!(module.status(), reqwest::StatusCode::OK);
    assert!(crate::helpers::header(module.headers(), "content-type").is_some_and(|value| value.contains("javascript")));
    assert!(app.get("/some/app/route").await.text().await.expect("the page").contains("<title>"));
    // A missing asset with an extension is a 404, never the app page.
    assert_eq!(app.get("/no-such-file.js").await.status(), reqwest::StatusCode::NOT_FOUND);
}
