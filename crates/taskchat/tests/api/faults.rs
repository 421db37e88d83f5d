//! Faults: requests slower than their limit, shutting down with streams open, and (in `private_postgres`) the
//! database going away and coming back under traffic.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use sqlx::{AnyConnection, Connection};
use taskchat::config::{AssistantKind, Config};
use taskchat::startup::Application;

use crate::helpers::openai::{Reply, ScriptedLlm, text};
use crate::helpers::{Backend, TestApp, assert_error, user_input};

backend_tests!(a_request_slower_than_its_limit_is_a_503_and_writes_nothing with one_second_limit);

fn one_second_limit(config: &mut Config) {
    config.request_timeout_seconds = 1;
}

/// Holds the write lock on `tasks` (another process's long transaction) until dropped.
async fn lock_tasks_for_writing(app: &TestApp) -> AnyConnection {
    let mut connection = AnyConnection::connect(&app.database_url).await.expect("a second connection");
    let statements: &[&str] = match app.backend {
        Backend::Sqlite => &["BEGIN IMMEDIATE"],
        Backend::Postgres => &["BEGIN", "LOCK TABLE tasks IN EXCLUSIVE MODE"],
    };
    for statement in statements {
        sqlx::raw_sql(statement).execute(&mut connection).await.expect("takes the lock");
    }
    connection
}

async fn a_request_slower_than_its_limit_is_a_503_and_writes_nothing(app: TestApp) {
    let user = app.new_user("patient").await;
    let lock = lock_tasks_for_writing(&app).await;

    let started = Instant::now();
    let response = user.create_task_raw(&json!({"title": "stuck behind a lock"})).await;
    let waited = started.elapsed();
    let body = assert_error(response, StatusCode::SERVICE_UNAVAILABLE, "timeout").await;
    assert!(body["error"]["message"].as_str().is_some_and(|message| message.contains("1 seconds")), "{body}");
    assert!(waited < Duration::from_secs(4), "answered after the 1 s limit, not the database's own wait: {waited:?}");

    lock.close().await.expect("releases the lock");
    assert_eq!(user.list_tasks("").await["data"], json!([]), "the timed-out request wrote nothing");
    let created = user.create_task(&json!({"title": "after the lock"})).await;
    assert_eq!(created["number"], 1);
}

/// An app whose assistant is `llm`, served until `stop` fires, with `grace` for open streams.
async fn app_stopped_by(llm: &ScriptedLlm, grace_seconds: u64) -> (TestApp, tokio::sync::oneshot::Sender<()>) {
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let base_url = llm.base_url();
    let app = crate::helpers::spawn_app_served_by(
        Backend::Sqlite,
        move |config: &mut Config| {
            config.assistant = Some(AssistantKind::Llm);
            config.openai_api_key = Some("test-key".into());
            config.openai_base_url = Some(base_url);
            config.llm_timeout_seconds = 120;
            config.shutdown_grace_seconds = grace_seconds;
        },
        move |application: Application| async move {
            let _ = application
                .run_until(async move {
                    let _ = stop_rx.await;
                })
                .await;
        },
    )
    .await;
    (app, stop_tx)
}

#[tokio::test]
async fn on_shutdown_an_open_stream_finishes_within_the_grace_period_and_new_connections_are_refused() {
    let llm = ScriptedLlm::start(vec![Reply::Stall(vec![text("Almost ")], Duration::from_millis(800))]).await;
    let (app, stop) = app_stopped_by(&llm, 10).await;
    let user = app.new_user("finisher").await;
    let response = user.chatkit(&json!({"type": "threads.create", "params": {"input": user_input("hello")}})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut response = response;
    let mut received = response.chunk().await.expect("bytes").expect("a first frame").to_vec();

    stop.send(()).expect("the server is running");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let refused = reqwest::Client::new().get(format!("{}/healthz", app.address)).send().await;
    assert!(refused.is_err(), "a stopping server takes no new connections: {refused:?}");

    while let Some(chunk) = response.chunk().await.expect("the stream is not cut") {
        received.extend_from_slice(&chunk);
    }
    let received = String::from_utf8(received).expect("UTF-8");
    assert!(received.contains(r#""type":"thread.item.done""#) && received.contains("Almost "), "{received}");
    assert!(!received.contains(r#""type":"error""#), "{received}");
}

#[tokio::test]
async fn on_shutdown_a_stream_still_open_after_the_grace_period_is_cut_and_the_server_exits() {
    let llm = ScriptedLlm::start(vec![Reply::Stall(vec![text("Forever ")], Duration::from_secs(120))]).await;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (done_tx, done_rx) = tokio::sync::oneshot::channel::<Instant>();
    let base_url = llm.base_url();
    let app = crate::helpers::spawn_app_served_by(
        Backend::Sqlite,
        move |config: &mut Config| {
            config.assistant = Some(AssistantKind::Llm);
            config.openai_api_key = Some("test-key".into());
            config.openai_base_url = Some(base_url);
            config.llm_timeout_seconds = 300;
            config.shutdown_grace_seconds = 1;
        },
        move |application: Application| async move {
            let _ = application
                .run_until(async move {
                    let _ = stop_rx.await;
                })
                .await;
            let _ = done_tx.send(Instant::now());
        },
    )
    .await;
    let user = app.new_user("lingerer").await;
    let response = user.chatkit(&json!({"type": "threads.create", "params": {"input": user_input("hello")}})).await;
    let mut response = response;
    response.chunk().await.expect("bytes").expect("a first frame");

    let stopped_at = Instant::now();
    stop_tx.send(()).expect("the server is running");
    let exited_at = tokio::time::timeout(Duration::from_secs(10), done_rx)
        .await
        .expect("the server exits soon after the grace period")
        .expect("the serving task reports");
    let took = exited_at - stopped_at;
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(5), "exited after {took:?}");
}
