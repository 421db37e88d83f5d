//! Per-user limits (100 requests a minute with `X-RateLimit-*` headers, 10 streams at once) and idle streams.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use serde_json::json;
use taskchat::config::AssistantKind;

use crate::helpers::{Backend, header, spawn_app_with, user_input};

#[tokio::test]
async fn the_101st_request_in_a_minute_gets_429_with_retry_after_and_every_answer_says_what_is_left() {
    let app = spawn_app_with(Backend::Sqlite, |config| config.requests_per_minute = 100).await.expect("SQLite");
    let user = app.new_user("busy").await;
    let other = app.new_user("calm").await;
    for n in 1..=100u32 {
        let response = user.get_raw("/api/tasks").await;
        assert_eq!(response.status(), StatusCode::OK, "request {n}");
        assert_eq!(header(response.headers(), "x-ratelimit-limit").as_deref(), Some("100"));
        let remaining: u32 =
            header(response.headers(), "x-ratelimit-remaining").expect("remaining").parse().expect("a number");
        assert_eq!(remaining, 100 - n, "request {n}");
        assert!(header(response.headers(), "x-ratelimit-reset").is_some());
    }
    let refused = user.get_raw("/api/tasks").await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = header(refused.headers(), "retry-after").expect("Retry-After").parse().expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_eq!(header(refused.headers(), "x-ratelimit-remaining").as_deref(), Some("0"));
    let body: serde_json::Value = refused.json().await.expect("JSON");
    assert_eq!(body["error"]["code"], "too_many_requests");
    // Limits are per user: someone else is not slowed down.
    assert_eq!(other.get_raw("/api/tasks").await.status(), StatusCode::OK);
}

/// A model that says one word and then keeps its stream open, so chat responses stay open too.
async fn stalling_model() -> String {
    let model = axum::Router::new().route(
        "/v1/chat/completions",
        axum::routing::post(|| async {
            let first = format!("data: {}\n\n", json!({"choices": [{"index": 0, "delta": {"content": "Hmm"}}]}));
            let body = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(first) })
                .chain(futures_util::stream::pending());
            axum::response::Response::builder()
                .header("content-type", "text/event-stream")
                .body(axum::body::Body::from_stream(body))
                .expect("a response")
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let url = format!("http://{}/v1", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, model).await });
    url
}

#[tokio::test]
async fn the_11th_concurrent_stream_is_refused_and_a_finished_one_frees_its_slot() {
    let model = stalling_model().await;
    let app = spawn_app_with(Backend::Sqlite, move |config| {
        config.assistant = Some(AssistantKind::Llm);
        config.openai_api_key = Some("test".into());
        config.openai_base_url = Some(model);
    })
    .await
    .expect("SQLite is always available");
    let user = app.new_user("streamer").await;
    let body = json!({"type": "threads.create", "params": {"input": user_input("think")}});
    let mut open = Vec::new();
    for n in 1..=10 {
        let response = user.post_json("/chatkit", &body).await;
        assert_eq!(response.status(), StatusCode::OK, "stream {n}");
        open.push(response);
    }
    let refused = user.post_json("/chatkit", &body).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(header(refused.headers(), "retry-after").is_some());
    // JSON operations are not streams: still served.
    let listed = user.post_json("/chatkit", &json!({"type": "threads.list", "params": {}})).await;
    assert_eq!(listed.status(), StatusCode::OK);
    // One client leaves: its slot is free again.
    drop(open.pop());
    let mut accepted = false;
    for _ in 0..50 {
        let response = user.post_json("/chatkit", &body).await;
        if response.status() == StatusCode::OK {
            accepted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(accepted, "a slot frees when a stream ends");
}

#[tokio::test]
async fn an_idle_stream_gets_keep_alive_comments() {
    let model = stalling_model().await;
    let app = spawn_app_with(Backend::Sqlite, move |config| {
        config.assistant = Some(AssistantKind::Llm);
        config.openai_api_key = Some("test".into());
        config.openai_base_url = Some(model);
        config.sse_keep_alive_seconds = 1;
    })
    .await
    .expect("SQLite is always available");
    let user = app.new_user("idle").await;
    let body = json!({"type": "threads.create", "params": {"input": user_input("think")}});
    let mut response = user.post_json("/chatkit", &body).await;
    let mut seen = String::new();
    while !seen.contains(": keep-alive\n\n") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("a keep-alive in time");
        seen.push_str(&String::from_utf8_lossy(&chunk.expect("the stream").expect("more of the stream")));
    }
    assert!(seen.contains("text_delta"), "the model's word came first: {seen}");
}

#[tokio::test]
async fn only_listed_origins_may_call_the_api_from_a_browser_with_credentials() {
    let app = spawn_app_with(Backend::Sqlite, |config| config.cors_origins = vec!["https://app.example.com".into()])
        .await
        .expect("SQLite is always available");
    let preflight = |origin: &'static str| {
        app.request(reqwest::Method::OPTIONS, "/api/tasks")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
    };
    let allowed = preflight("https://app.example.com").await.expect("preflight");
    assert_eq!(header(allowed.headers(), "access-control-allow-origin").as_deref(), Some("https://app.example.com"));
    assert_eq!(header(allowed.headers(), "access-control-allow-credentials").as_deref(), Some("true"));
    let refused = preflight("https://evil.example").await.expect("preflight");
    assert_eq!(header(refused.headers(), "access-control-allow-origin"), None);
}

#[tokio::test]
async fn sign_in_and_sign_up_are_limited_per_address_and_signed_in_requests_are_not_counted_there() {
    let app =
        spawn_app_with(Backend::Sqlite, |config| config.unauthenticated_requests_per_minute = 5).await.expect("SQLite");
    let user = app.new_user("known").await; // one sign-up: 1 of 5
    for n in 2..=5u32 {
        let response = app.sign_in_raw(&format!("nobody{n}@example.com"), "wrong password").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "attempt {n}");
        assert_eq!(header(response.headers(), "x-ratelimit-limit").as_deref(), Some("5"));
        assert_eq!(header(response.headers(), "x-ratelimit-remaining"), Some((5 - n).to_string()));
    }
    let refused = app.sign_in_raw(&user.email, &user.password).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert!(header(refused.headers(), "retry-after").is_some());
    let body: serde_json::Value = refused.json().await.expect("JSON");
    assert!(body["error"]["message"].as_str().is_some_and(|message| message.contains("your address")), "{body}");
    let refused =
        app.sign_up_raw(&json!({"email": "new@example.com", "password": "long enough pw", "name": "n"})).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    // A signed-in user's requests are the user's budget, not the address's.
    assert_eq!(user.get_raw("/api/tasks").await.status(), StatusCode::OK);
}

/// The Redis the shared-limit tests use: TASKCHAT_TEST_REDIS_URL (scripts/test sets it), else said loudly.
fn test_redis_url() -> Option<String> {
    let url = std::env::var("TASKCHAT_TEST_REDIS_URL").ok();
    if url.is_none() {
        eprintln!("SKIPPED: TASKCHAT_TEST_REDIS_URL is not set, so limits shared through Redis are not tested");
    }
    url
}

/// Waits for a fresh minute when this one is nearly over: Redis counts in one-minute windows.
async fn avoid_minute_boundary() {
    let into_minute = chrono::Utc::now().timestamp() % 60;
    if into_minute > 45 {
        tokio::time::sleep(Duration::from_secs((61 - into_minute) as u64)).await;
    }
}

#[tokio::test]
async fn two_instances_sharing_redis_enforce_one_request_limit_and_one_stream_limit() {
    let Some(redis_url) = test_redis_url() else { return };
    let prefix = format!("taskchat-test-{}", uuid::Uuid::new_v4().simple());
    let model = stalling_model().await;
    let shared = |config: &mut taskchat::config::Config| {
        config.redis_url = Some(redis_url.clone());
        config.redis_prefix = prefix.clone();
        config.requests_per_minute = 10;
        config.max_streams_per_user = 2;
        config.assistant = Some(AssistantKind::Llm);
        config.openai_api_key = Some("test".into());
        config.openai_base_url = Some(model.clone());
    };
    let first = spawn_app_with(Backend::Sqlite, shared).await.expect("SQLite");
    let database_url = first.database_url.clone();
    let second = spawn_app_with(Backend::Sqlite, |config| {
        shared(config);
        config.database_url = database_url;
    })
    .await
    .expect("SQLite");
    let user = first.new_user("everywhere").await;
    let on_second = user.on(&second.address);

    avoid_minute_boundary().await;
    for n in 1..=10u32 {
        let response =
            if n % 2 == 0 { on_second.get_raw("/api/tasks").await } else { user.get_raw("/api/tasks").await };
        assert_eq!(response.status(), StatusCode::OK, "request {n}");
        assert_eq!(header(response.headers(), "x-ratelimit-remaining"), Some((10 - n).to_string()), "request {n}");
    }
    for instance in [&user, &on_second] {
        let refused = instance.get_raw("/api/tasks").await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS, "the budget is spent on both instances");
        let retry_after: u64 = header(refused.headers(), "retry-after").expect("Retry-After").parse().expect("secs");
        assert!((1..=60).contains(&retry_after), "{retry_after}");
    }

    // Streams: a second user (fresh request budget), two slots shared by both instances.
    let streamer = first.new_user("streamer").await;
    let streamer_on_second = streamer.on(&second.address);
    let body = json!({"type": "threads.create", "params": {"input": user_input("think")}});
    let open_first = streamer.post_json("/chatkit", &body).await;
    assert_eq!(open_first.status(), StatusCode::OK);
    let open_second = streamer_on_second.post_json("/chatkit", &body).await;
    assert_eq!(open_second.status(), StatusCode::OK);
    for instance in [&streamer, &streamer_on_second] {
        assert_eq!(instance.post_json("/chatkit", &body).await.status(), StatusCode::TOO_MANY_REQUESTS);
    }
    drop(open_first);
    let mut accepted = false;
    for _ in 0..50 {
        if streamer_on_second.post_json("/chatkit", &body).await.status() == StatusCode::OK {
            accepted = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(accepted, "a stream that ended on one instance frees its slot for the other");
    drop(open_second);
}
