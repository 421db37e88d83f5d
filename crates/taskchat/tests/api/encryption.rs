//! Encryption at rest (`--encryption-key`): messages, widgets and thread titles are unreadable in the database,
//! read back normally through the API, survive a key rotation, and the app refuses to start without the key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use sqlx::Row;
use taskchat::config::Config;

use crate::helpers::{Backend, TestApp, spawn_app_with, user_input};

backend_tests!(messages_widgets_and_titles_are_sealed_in_the_database_and_read_back_through_the_api with sealed);

fn key(byte: u8) -> String {
    STANDARD.encode([byte; 32])
}

fn sealed(config: &mut Config) {
    config.encryption_key = Some(key(7));
}

/// Every `data` value of `table`.
async fn stored(app: &TestApp, table: &str) -> Vec<String> {
    sqlx::query(&format!("SELECT data FROM {table}"))
        .fetch_all(app.db().await)
        .await
        .expect("reads the table")
        .iter()
        .map(|row| row.try_get::<String, _>(0).expect("text"))
        .collect()
}

/// The texts of the thread's items, oldest first, as the API gives them.
async fn texts(user: &crate::helpers::TestUser, thread_id: &str) -> Vec<String> {
    let items = user.list_items(thread_id, json!({"order": "asc"})).await;
    items["data"]
        .as_array()
        .expect("items")
        .iter()
        .map(|item| match item["type"].as_str() {
            Some("widget") => item["copy_text"].as_str().unwrap_or_default().to_owned(),
            _ => item["content"][0]["text"].as_str().unwrap_or_default().to_owned(),
        })
        .collect()
}

async fn messages_widgets_and_titles_are_sealed_in_the_database_and_read_back_through_the_api(app: TestApp) {
    let user = app.new_user("private").await;
    let (thread_id, _) = user.create_thread("add call the oncologist friday").await;
    user.chatkit_stream(&json!({"type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": user_input("show my tasks")}}))
        .await;

    for table in ["thread_items", "threads"] {
        let rows = stored(&app, table).await;
        assert!(!rows.is_empty());
        for row in rows {
            assert!(row.starts_with("enc1:"), "{table} row is sealed: {row}");
            assert!(!row.contains("oncologist"), "{table} row leaks the text: {row}");
        }
    }
    let thread = user.get_thread(&thread_id).await;
    assert_eq!(thread["title"], "add call the oncologist friday");
    let read = texts(&user, &thread_id).await;
    assert_eq!(read[0], "add call the oncologist friday");
    assert!(read.iter().any(|text| text.contains("call the oncologist")), "the widgets read back: {read:?}");
    // The tasks themselves are not part of this (they are the app's own records, listed and filtered in SQL).
    assert_eq!(user.list_tasks("").await["data"][0]["title"], "call the oncologist");
}

#[tokio::test]
async fn a_rotated_key_still_reads_old_rows_and_reencrypt_moves_every_row_to_the_new_key() {
    // Written in plain text first, then under key A.
    let plain = spawn_app_with(Backend::Sqlite, |_| {}).await.expect("SQLite");
    let user = plain.new_user("rotator").await;
    let (plain_thread, _) = user.create_thread("add plain old task").await;
    let url = plain.database_url.clone();
    let on = |encryption_key: Option<String>, decryption_keys: Vec<String>| {
        let url = url.clone();
        move |config: &mut Config| {
            config.database_url = url;
            config.encryption_key = encryption_key;
            config.decryption_keys = decryption_keys;
        }
    };
    let under_a = spawn_app_with(Backend::Sqlite, on(Some(key(1)), vec![])).await.expect("starts with key A");
    let (thread_a, _) = user.on(&under_a.address).create_thread("add written under key a").await;

    // Rotation: B seals, A still opens.
    let under_b = spawn_app_with(Backend::Sqlite, on(Some(key(2)), vec![key(1)])).await.expect("starts with B and A");
    let user_b = user.on(&under_b.address);
    assert_eq!(texts(&user_b, &plain_thread).await[0], "add plain old task");
    assert_eq!(texts(&user_b, &thread_a).await[0], "add written under key a");

    // Without A, rows sealed with A no longer open: reencrypt first.
    let resealed = {
        let config = {
            let mut config = Config::for_tests(url.clone());
            on(Some(key(2)), vec![key(1)])(&mut config);
            config
        };
        let db = taskchat::startup::open_database(&config).await.expect("opens");
        taskchat::db::sealing::reencrypt(&db).await.expect("reencrypts")
    };
    assert!(resealed.items >= 4 && resealed.threads == 2, "{resealed:?}");
    let b_only = spawn_app_with(Backend::Sqlite, on(Some(key(2)), vec![])).await.expect("starts with B alone");
    let user_b_only = user.on(&b_only.address);
    assert_eq!(texts(&user_b_only, &plain_thread).await[0], "add plain old task");
    assert_eq!(texts(&user_b_only, &thread_a).await[0], "add written under key a");
    let b_id = taskchat::db::sealing::Sealer::new(&key(2), &[]).expect("key B").current_key_id().to_owned();
    for row in stored(&b_only, "thread_items").await {
        assert!(row.starts_with(&format!("enc1:{b_id}:")), "every row under key B: {row}");
    }

    // And without any key the app refuses to start rather than fail every read.
    let mut keyless = Config::for_tests(url.clone());
    keyless.encryption_key = None;
    let refused = taskchat::startup::Application::build(keyless).await.err().expect("refuses to start");
    assert!(refused.to_string().contains("--encryption-key"), "{refused}");
    // A wrong key is refused as clearly, at start.
    let mut short = Config::for_tests(url);
    short.encryption_key = Some(STANDARD.encode([1u8; 16]));
    let refused = taskchat::startup::Application::build(short).await.err().expect("refuses a short key");
    assert!(refused.to_string().contains("32 bytes"), "{refused}");
}
