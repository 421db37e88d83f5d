//! Faults: requests slower than their limit, shutting down with streams open, and (in `private_postgres`) the
//! database going away and coming back under traffic.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use sqlx::{AnyConnection, Connection};
use taskchat::config::{AssistantKind, Config};
use taskchat::startup::Application;

use crate::helpers::openai::{Reply, ScriptedLlm, text};
use crate::helpers::private_postgres::PrivatePostgres;
use crate::helpers::{Backend, TestApp, assert_error, user_input};

backend_tests!(
    a_request_slower_than_its_limit_is_a_503_and_writes_nothing with one_second_limit,
    a_click_cut_off_by_a_crash_is_applied_once_when_clicked_again,
);

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

/// The stop signal of an app served by the test, and when its serving ended.
struct Stoppable {
    stop: tokio::sync::oneshot::Sender<()>,
    exited: tokio::sync::oneshot::Receiver<Instant>,
}

/// An app whose assistant is `llm`, served until `stop` fires, with `grace_seconds` for open streams.
async fn app_stopped_by(llm: &ScriptedLlm, grace_seconds: u64) -> (TestApp, Stoppable) {
    let (stop, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let (exited_tx, exited) = tokio::sync::oneshot::channel::<Instant>();
    let base_url = llm.base_url();
    let app = crate::helpers::spawn_app_served_by(
        Backend::Sqlite,
        move |config: &mut Config| {
            config.assistant = Some(AssistantKind::Llm);
            config.openai_api_key = Some("test-key".into());
            config.openai_base_url = Some(base_url);
            config.llm_timeout_seconds = 300;
            config.shutdown_grace_seconds = grace_seconds;
        },
        move |application: Application| async move {
            let _ = application
                .run_until(async move {
                    let _ = stop_rx.await;
                })
                .await;
            let _ = exited_tx.send(Instant::now());
        },
    )
    .await;
    (app, Stoppable { stop, exited })
}

#[tokio::test]
async fn on_shutdown_an_open_stream_finishes_within_the_grace_period_and_new_connections_are_refused() {
    let llm = ScriptedLlm::start(vec![Reply::Stall(vec![text("Almost ")], Duration::from_millis(800))]).await;
    let (app, stoppable) = app_stopped_by(&llm, 10).await;
    let user = app.new_user("finisher").await;
    let response = user.chatkit(&json!({"type": "threads.create", "params": {"input": user_input("hello")}})).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut response = response;
    let mut received = response.chunk().await.expect("bytes").expect("a first frame").to_vec();

    stoppable.stop.send(()).expect("the server is running");
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
    let (app, stoppable) = app_stopped_by(&llm, 1).await;
    let user = app.new_user("lingerer").await;
    let response = user.chatkit(&json!({"type": "threads.create", "params": {"input": user_input("hello")}})).await;
    let mut response = response;
    response.chunk().await.expect("bytes").expect("a first frame");

    let stopped_at = Instant::now();
    stoppable.stop.send(()).expect("the server is running");
    let exited_at = tokio::time::timeout(Duration::from_secs(10), stoppable.exited)
        .await
        .expect("the server exits soon after the grace period")
        .expect("the serving task reports");
    let took = exited_at - stopped_at;
    assert!(took >= Duration::from_millis(900) && took < Duration::from_secs(5), "exited after {took:?}");
}

/// What one simulated user saw while the database went away and came back.
#[derive(Default)]
struct Outcomes {
    /// Task titles the server acknowledged (201 from the API, or an "added" card from the assistant).
    acknowledged: Vec<String>,
    /// Threads whose "add …" message was answered in full.
    answered_threads: Vec<String>,
    statuses: Vec<u16>,
}

async fn keep_adding(user: crate::helpers::TestUser, worker: usize, stop: Arc<AtomicBool>) -> Outcomes {
    let mut outcomes = Outcomes::default();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        if n % 4 == 0 {
            let title = format!("chat-{worker}-{n}");
            let response = user
                .chatkit(&json!({"type": "threads.create", "params": {"input": user_input(&format!("add {title}"))}}))
                .await;
            outcomes.statuses.push(response.status().as_u16());
            if response.status() == StatusCode::OK {
                let events = crate::helpers::parse_sse(&response.text().await.unwrap_or_default());
                let added = events.iter().any(|event| {
                    event["type"] == "thread.item.done" && event["item"]["widget"]["id"] == "task_added_card"
                });
                let failed = events.iter().any(|event| event["type"] == "error");
                if added && !failed {
                    outcomes.acknowledged.push(title);
                    outcomes.answered_threads.push(events[0]["thread"]["id"].as_str().unwrap_or_default().to_owned());
                }
            }
        } else {
            let title = format!("api-{worker}-{n}");
            let response = user.create_task_raw(&json!({"title": title})).await;
            outcomes.statuses.push(response.status().as_u16());
            if response.status() == StatusCode::CREATED {
                outcomes.acknowledged.push(title);
            }
        }
    }
    outcomes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_database_stopping_and_restarting_under_traffic_gives_503s_then_recovers_losing_and_duplicating_nothing() {
    let Some(cluster) = PrivatePostgres::start().await else { return };
    let url = cluster.url();
    let app = crate::helpers::spawn_app_with(Backend::Sqlite, |config| config.database_url = url)
        .await
        .expect("the app starts on the private cluster");
    let mut users = Vec::new();
    for worker in 0..4 {
        users.push(app.new_user(&format!("worker{worker}")).await);
    }
    let user_ids: Vec<String> = users.iter().map(|user| user.id.clone()).collect();
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = users
        .into_iter()
        .enumerate()
        .map(|(worker, user)| tokio::spawn(keep_adding(user, worker, Arc::clone(&stop))))
        .collect();

    tokio::time::sleep(Duration::from_millis(1500)).await;
    cluster.stop().await;
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), StatusCode::SERVICE_UNAVAILABLE, "not ready while the database is down");
    tokio::time::sleep(Duration::from_secs(2)).await;
    cluster.start_again().await;
    let recovered = Instant::now();
    while app.get("/readyz").await.status() != StatusCode::OK {
        assert!(recovered.elapsed() < Duration::from_secs(30), "ready again without a restart");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(1500)).await;
    stop.store(true, Ordering::Relaxed);

    let mut statuses = Vec::new();
    let mut acknowledged_total = 0;
    for (worker, handle) in workers.into_iter().enumerate() {
        let outcomes = handle.await.expect("the worker finished");
        statuses.extend(outcomes.statuses.iter().copied());
        acknowledged_total += outcomes.acknowledged.len();
        let titles: Vec<String> = app.task_rows(&user_ids[worker]).await.into_iter().map(|row| row.title).collect();
        let mut unique = titles.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), titles.len(), "no task stored twice: {titles:?}");
        for title in &outcomes.acknowledged {
            assert_eq!(titles.iter().filter(|stored| *stored == title).count(), 1, "{title} was acknowledged");
        }
        for thread_id in &outcomes.answered_threads {
            for (item_type, expected) in [("user_message", 1), ("widget", 1)] {
                let count = app
                    .count(
                        &format!(
                            "SELECT COUNT(*) FROM thread_items WHERE thread_id = $1 AND item_type = '{item_type}'"
                        ),
                        thread_id,
                    )
                    .await;
                assert_eq!(count, expected, "{item_type} items of answered thread {thread_id}");
            }
        }
    }
    let count = |code: u16| statuses.iter().filter(|status| **status == code).count();
    eprintln!(
        "database outage under traffic: {} requests, {} ok, {} × 503, {} acknowledged tasks all stored once",
        statuses.len(),
        count(200) + count(201),
        count(503),
        acknowledged_total
    );
    let server_errors: Vec<u16> = statuses.iter().copied().filter(|status| *status >= 500 && *status != 503).collect();
    assert!(server_errors.is_empty(), "only 503 while the database is away: {server_errors:?}");
    assert!(statuses.contains(&503), "the outage was noticed: {statuses:?}");
    let after = statuses.iter().rev().take(4).filter(|status| **status == 201 || **status == 200).count();
    assert!(after > 0, "requests succeed again after the restart: {statuses:?}");
}

/// The "complete" click of task #1 in a fresh list: (thread, list item id, the click request).
async fn complete_click(user: &crate::helpers::TestUser) -> (String, String, serde_json::Value) {
    let (thread_id, events) = user.create_thread("show my tasks").await;
    let list = events
        .iter()
        .find(|event| event["type"] == "thread.item.done" && event["item"]["type"] == "widget")
        .map(|event| event["item"].clone())
        .expect("the list");
    let list_id = list["id"].as_str().expect("id").to_owned();
    let button = crate::helpers::find_node(&list["widget"], "task_1_toggle_button").expect("task 1's toggle");
    let action = json!({"type": button["onClickAction"]["type"], "payload": button["onClickAction"]["payload"]});
    let click = json!({"type": "threads.custom_action",
        "params": {"thread_id": thread_id, "item_id": list_id, "action": action}});
    (thread_id, list_id, click)
}

async fn a_click_cut_off_by_a_crash_is_applied_once_when_clicked_again(app: TestApp) {
    let user = app.new_user("crashy").await;
    user.create_task(&json!({"title": "water plants"})).await;
    let (thread_id, list_id, click) = complete_click(&user).await;
    let action = &click["params"]["action"];
    let payload = serde_json::to_string(&action["payload"]).expect("payload");
    // What a process that died mid-click leaves behind: a claim never recorded. While it is fresh, another
    // instance may still be applying it, so a second click waits its turn (nothing happens twice).
    let insert_claim = |age_seconds: i64| {
        let claimed_at = chrono::Utc::now().timestamp_micros() - age_seconds * 1_000_000;
        sqlx::query(
            "INSERT INTO actions (user_id, thread_id, item_id, action_type, payload, processed_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(user.id.clone())
        .bind(thread_id.clone())
        .bind(list_id.clone())
        .bind(action["type"].as_str().expect("type").to_owned())
        .bind(payload.clone())
        .bind(claimed_at)
    };
    insert_claim(1).execute(app.db().await).await.expect("a fresh claim");
    user.chatkit_events(&click).await;
    assert_eq!(user.get_task(1).await["done"], false, "a claim in progress is not applied a second time");

    // A minute later it is abandoned: the next click applies it, once, and records it.
    sqlx::query("DELETE FROM actions").execute(app.db().await).await.expect("clears");
    insert_claim(120).execute(app.db().await).await.expect("an abandoned claim");
    let events = user.chatkit_events(&click).await;
    assert!(!events.iter().any(|event| event["type"] == "error"), "{events:?}");
    assert_eq!(user.get_task(1).await["done"], true, "the cut-off click is applied");
    let recorded = app.count("SELECT COUNT(*) FROM actions WHERE item_id = $1 AND result IS NOT NULL", &list_id).await;
    assert_eq!(recorded, 1, "one claim, recorded");
    user.chatkit_events(&click).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM actions WHERE item_id = $1", &list_id).await, 1, "never twice");

    // A crash after the change but before the record: applying the click again leaves it applied once.
    sqlx::query("DELETE FROM actions").execute(app.db().await).await.expect("clears");
    insert_claim(120).execute(app.db().await).await.expect("an abandoned claim");
    user.chatkit_events(&click).await;
    assert_eq!(user.get_task(1).await["done"], true, "complete means done, whatever happened before");
}
