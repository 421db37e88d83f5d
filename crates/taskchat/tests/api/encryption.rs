//! Encryption at rest (`--encryption-key`): messages, widgets and thread titles are unreadable in the database,
//! read back normally through the API, survive a key rotation, and the app refuses to start without the key.
//! Large items (task lists) are stored compressed, sealed or not, and read back whole.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use sqlx::Row;
use taskchat::config::Config;

use crate::helpers::{Backend, TestApp, spawn_app_with, user_input};

backend_tests!(
    messages_widgets_and_titles_are_sealed_in_the_database_and_read_back_through_the_api with sealed,
    a_long_task_list_is_stored_compressed_and_reads_back_whole,
    a_long_task_list_is_compressed_before_it_is_sealed with sealed,
);

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

/// A user with 30 tasks asks for them in a new thread: the thread and the list widget as streamed.
async fn thirty_tasks_shown(app: &TestApp) -> (crate::helpers::TestUser, String, Value) {
    let user = app.new_user("thirty").await;
    for n in 1..=30 {
        user.create_task(&json!({"title": format!("errand number {n}"), "tags": ["home"]})).await;
    }
    let (thread_id, events) = user.create_thread("show my tasks").await;
    let widget = events
        .iter()
        .find(|event| event["type"] == "thread.item.done" && event["item"]["type"] == "widget")
        .map(|event| event["item"].clone())
        .unwrap_or_else(|| panic!("a list widget: {events:?}"));
    (user, thread_id, widget)
}

/// The item of `thread_id` with `id`, as `items.list` gives it.
async fn listed_item(user: &crate::helpers::TestUser, thread_id: &str, id: &Value) -> Value {
    let items = user.list_items(thread_id, json!({"order": "asc"})).await;
    items["data"].as_array().expect("items").iter().find(|item| item["id"] == *id).cloned().expect("listed")
}

async fn a_long_task_list_is_stored_compressed_and_reads_back_whole(app: TestApp) {
    let (user, thread_id, widget) = thirty_tasks_shown(&app).await;
    let widget_json = serde_json::to_string(&widget).expect("json");
    let rows = stored(&app, "thread_items").await;
    let message = rows.iter().find(|row| row.contains("show my tasks")).expect("the message row");
    assert!(message.starts_with('{'), "a short message stays plain JSON: {message}");
    let list = rows.iter().find(|row| row.starts_with("lz4:")).expect("the list row is compressed");
    assert!(!list.contains("errand"), "{list}");
    assert!(list.len() * 3 < widget_json.len(), "{} bytes stored for {} of JSON", list.len(), widget_json.len());

    assert_eq!(listed_item(&user, &thread_id, &widget["id"]).await, widget, "reads back as it was streamed");
    // A click loads the stored list, and replaces it with the new one.
    let toggle = &widget["widget"]["children"][0]["children"][0]["children"][0];
    assert_eq!(toggle["id"], "task_1_toggle_button");
    let action = json!({"type": toggle["onClickAction"]["type"], "payload": toggle["onClickAction"]["payload"]});
    let click = json!({"type": "threads.custom_action",
        "params": {"thread_id": thread_id, "item_id": widget["id"], "action": action}});
    let events = user.chatkit_stream(&click).await;
    assert!(events.iter().any(|event| event["type"] == "thread.item.replaced"), "{events:?}");
    assert_eq!(user.get_task(1).await["done"], true);
}

async fn a_long_task_list_is_compressed_before_it_is_sealed(app: TestApp) {
    let (user, thread_id, widget) = thirty_tasks_shown(&app).await;
    let widget_json = serde_json::to_string(&widget).expect("json");
    let rows = stored(&app, "thread_items").await;
    assert!(rows.iter().all(|row| row.starts_with("enc1:")), "{rows:?}");
    let longest = rows.iter().map(String::len).max().expect("rows");
    assert!(longest * 3 < widget_json.len(), "{longest} bytes stored for {} of JSON", widget_json.len());
    assert_eq!(listed_item(&user, &thread_id, &widget["id"]).await, widget, "reads back as it was streamed");
}
