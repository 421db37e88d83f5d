//! The operational endpoints: liveness, readiness, and the OpenAPI document.

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{TestApp, json_body};

backend_tests!(
    metrics_count_requests_by_route_and_chatkit_op_in_prometheus_format,
    health_readiness_and_the_api_description_answer_without_credentials,
    unknown_api_paths_and_other_methods_are_json_not_found_and_app_routes_are_not,
);

#[tokio::test]
async fn the_official_chat_ui_is_announced_to_the_page_and_allowed_by_its_policy() {
    let builtin = crate::helpers::spawn_app().await;
    let announced = json_body(builtin.get("/api/ui-config").await, StatusCode::OK).await;
    assert_eq!(announced["chatkitUi"], "builtin");

    let script = "https://cdn.example.com/deployments/chatkit/chatkit.js";
    let official = crate::helpers::spawn_app_with(crate::helpers::Backend::Sqlite, |config| {
        config.chatkit_ui = taskchat::config::ChatKitUi::Official;
        config.chatkit_script_url = script.to_owned();
        config.chatkit_domain_key = "domain_pk_test".to_owned();
    })
    .await
    .expect("SQLite always runs");
    let announced = json_body(official.get("/api/ui-config").await, StatusCode::OK).await;
    assert_eq!(
        announced,
        json!({"chatkitUi": "official", "officialScriptUrl": script, "domainKey": "domain_pk_test",
               "officialLoadTimeoutMs": 3000})
    );
    let page = official.get("/").await;
    let policy = crate::helpers::header(page.headers(), "content-security-policy").expect("a CSP on the app");
    assert!(policy.contains("script-src 'self' https://cdn.example.com;"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
}

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

async fn metrics_count_requests_by_route_and_chatkit_op_in_prometheus_format(app: TestApp) {
    let user = app.new_user("measured").await;
    user.create_task(&json!({"title": "one"})).await;
    user.get_task(1).await;
    user.chatkit_json(&json!({"type": "threads.list", "params": {}})).await;
    user.create_thread("show my tasks").await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.expect("the metrics");
    for line in [
        r#"taskchat_http_requests_total{op="",route="/api/tasks",status="201"} 1"#,
        r#"taskchat_http_requests_total{op="",route="/api/tasks/{number}",status="200"} 1"#,
        r#"taskchat_http_requests_total{op="threads.list",route="/chatkit",status="200"} 1"#,
        r#"taskchat_http_requests_total{op="threads.create",route="/chatkit",status="200"} 1"#,
        "taskchat_chatkit_streams_open 0",
        r#"taskchat_chatkit_time_to_first_event_seconds_count{op="threads.create"} 1"#,
        r#"taskchat_chatkit_stream_duration_seconds_count{op="threads.create"} 1"#,
        r#"taskchat_assistant_widget_build_seconds_count{widget="task_list"} 1"#,
    ] {
        assert!(text.contains(line), "{line} is missing from:\n{text}");
    }
    assert!(text.contains("taskchat_http_request_duration_seconds_bucket"));
    assert!(text.contains("taskchat_db_pool_connections"));
}
