//! Retention: `--retention-days` deletes exactly the idle threads (with their items, actions and feedback) and
//! the ended sessions; everything else stays.

use std::time::{Duration, Instant};

use serde_json::json;

use crate::helpers::{Backend, TestApp, user_input};

backend_tests!(retention_deletes_exactly_the_idle_threads_and_the_ended_sessions);

const DAY_MICROS: i64 = 24 * 3600 * 1_000_000;

async fn execute(app: &TestApp, sql: &str, arg: &str) {
    sqlx::query(sql).bind(arg).execute(app.db().await).await.unwrap_or_else(|error| panic!("{sql}: {error}"));
}

/// Makes a thread (and, with `items`, its items) look `days` old.
async fn age_thread(app: &TestApp, thread_id: &str, days: i64, items: bool) {
    let then = chrono::Utc::now().timestamp_micros() - days * DAY_MICROS;
    execute(app, &format!("UPDATE threads SET created_at = {then} WHERE id = $1"), thread_id).await;
    if items {
        execute(app, &format!("UPDATE thread_items SET created_at = {then} WHERE thread_id = $1"), thread_id).await;
    }
}

async fn retention_deletes_exactly_the_idle_threads_and_the_ended_sessions(app: TestApp) {
    let alice = app.new_user("alice").await;
    let bob = app.new_user("bob").await;
    let (idle, _) = alice.create_thread("add water the plants").await;
    let (old_but_active, _) = alice.create_thread("show my tasks").await;
    let (recent, _) = alice.create_thread("hello").await;
    let (bobs_idle, _) = bob.create_thread("help").await;

    // The idle thread has feedback and an applied action: both must go with it.
    let items = alice.list_items(&idle, json!({})).await;
    let item_id = items["data"][0]["id"].as_str().expect("an item").to_owned();
    alice
        .chatkit_json(&json!({"type": "items.feedback",
            "params": {"thread_id": idle, "item_ids": [item_id], "kind": "positive"}}))
        .await;
    let long_ago = chrono::Utc::now().timestamp_micros() - 40 * DAY_MICROS;
    sqlx::query(
        "INSERT INTO actions (user_id, thread_id, item_id, action_type, payload, result, processed_at) \
         VALUES ($1, $2, $3, 'task.complete', '{}', 'applied', $4)",
    )
    .bind(&alice.id)
    .bind(&idle)
    .bind(&item_id)
    .bind(long_ago)
    .execute(app.db().await)
    .await
    .expect("an old action");

    age_thread(&app, &idle, 40, true).await;
    age_thread(&app, &bobs_idle, 31, true).await;
    // Old, but a message today keeps it.
    age_thread(&app, &old_but_active, 40, true).await;
    alice
        .chatkit_stream(&json!({"type": "threads.add_user_message",
            "params": {"thread_id": old_but_active, "input": user_input("show my tasks")}}))
        .await;
    let kept_items = app.count("SELECT COUNT(*) FROM thread_items WHERE thread_id = $1", &old_but_active).await;

    // Sessions: one expired, one signed out, alice's and bob's current ones stay.
    let expired = app.sign_in(&alice.email, &alice.password).await;
    execute(
        &app,
        "UPDATE sessions SET expires_at = 1 WHERE user_id = $1 AND expires_at > 1 AND token_hash IN \
                   (SELECT token_hash FROM sessions WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1)",
        &alice.id,
    )
    .await;
    let signed_out = app.sign_in(&bob.email, &bob.password).await;
    signed_out.sign_out().await;
    assert_eq!(expired.list_tasks_raw("").await.status(), reqwest::StatusCode::UNAUTHORIZED);
    let sessions_before = app.rows_in("sessions").await;

    // A second instance on the same database with retention on sweeps at start.
    let database_url = app.database_url.clone();
    let _sweeper = crate::helpers::spawn_app_with(Backend::Sqlite, |config| {
        config.database_url = database_url;
        config.retention_days = Some(30);
    })
    .await
    .expect("the sweeping instance starts");
    let started = Instant::now();
    while app.count("SELECT COUNT(*) FROM threads WHERE id = $1", &idle).await > 0 {
        assert!(started.elapsed() < Duration::from_secs(10), "the idle thread is deleted soon after start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;

    for (thread, should_remain) in [(&idle, false), (&bobs_idle, false), (&old_but_active, true), (&recent, true)] {
        let remains = app.count("SELECT COUNT(*) FROM threads WHERE id = $1", thread).await;
        assert_eq!(remains == 1, should_remain, "thread {thread}");
    }
    for table in ["thread_items", "actions", "feedback"] {
        for thread in [&idle, &bobs_idle] {
            let left = app.count(&format!("SELECT COUNT(*) FROM {table} WHERE thread_id = $1"), thread).await;
            assert_eq!(left, 0, "{table} rows of deleted thread {thread}");
        }
    }
    let items_now = app.count("SELECT COUNT(*) FROM thread_items WHERE thread_id = $1", &old_but_active).await;
    assert_eq!(items_now, kept_items, "a kept thread keeps every item");
    assert_eq!(alice.list_threads(json!({})).await["data"].as_array().map(Vec::len), Some(2));
    assert_eq!(app.rows_in("sessions").await, sessions_before - 2, "the expired and the signed-out session");
    assert_eq!(alice.list_tasks_raw("").await.status(), reqwest::StatusCode::OK, "current sessions stay");
    assert_eq!(bob.list_tasks_raw("").await.status(), reqwest::StatusCode::OK);
}
