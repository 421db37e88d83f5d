//! A bounded load on loopback: many users adding tasks by chat and by the API at once, and the same widget
//! action clicked many times concurrently. Afterwards every acknowledged task and item exists exactly once.

use futures_util::future::join_all;
use serde_json::json;

use crate::helpers::{TestApp, TestUser};

backend_tests!(under_concurrent_load_every_acknowledged_task_and_item_exists_exactly_once);

const USERS: usize = 10;
const ADDS_PER_USER: usize = 4;
const CONCURRENT_CLICKS: usize = 6;

/// Adds tasks by chat and by the API, interleaved; returns the acknowledged titles and the chat threads.
async fn add_many(user: &TestUser, who: usize) -> (Vec<String>, Vec<String>) {
    let mut acknowledged = Vec::new();
    let chats = (0..ADDS_PER_USER).map(|n| async move {
        let title = format!("chat {who} {n}");
        let (thread_id, events) = user.create_thread(&format!("add {title}")).await;
        let added = events
            .iter()
            .any(|event| event["type"] == "thread.item.done" && event["item"]["widget"]["id"] == "task_added_card");
        (title, thread_id, added)
    });
    let rests = (0..ADDS_PER_USER).map(|n| async move {
        let title = format!("api {who} {n}");
        let created = user.create_task_raw(&json!({"title": title})).await.status() == reqwest::StatusCode::CREATED;
        (title, created)
    });
    let (chats, rests) = tokio::join!(join_all(chats), join_all(rests));
    let mut threads = Vec::new();
    for (title, thread_id, added) in chats {
        assert!(added, "{title} was answered with the added card");
        acknowledged.push(title);
        threads.push(thread_id);
    }
    for (title, created) in rests {
        assert!(created, "{title} was created");
        acknowledged.push(title);
    }
    (acknowledged, threads)
}

/// Shows the list and clicks "complete" on task #1 many times at once.
async fn click_complete_concurrently(user: &TestUser) -> (String, String) {
    let (thread_id, events) = user.create_thread("show my tasks").await;
    let list = events
        .iter()
        .find(|event| event["type"] == "thread.item.done" && event["item"]["type"] == "widget")
        .map(|event| event["item"].clone())
        .expect("the list widget");
    let button = crate::helpers::find_node(&list["widget"], "task_1_toggle_button").expect("task 1 has a toggle");
    let action = json!({"type": button["onClickAction"]["type"], "payload": button["onClickAction"]["payload"]});
    let list_id = list["id"].as_str().expect("id").to_owned();
    let click = json!({"type": "threads.custom_action",
        "params": {"thread_id": thread_id, "item_id": list_id, "action": action}});
    let clicks = (0..CONCURRENT_CLICKS).map(|_| user.chatkit(&click));
    for response in join_all(clicks).await {
        assert_eq!(response.status(), reqwest::StatusCode::OK, "every click is answered");
        let body = response.text().await.expect("the stream");
        assert!(!body.contains(r#""type":"error""#), "a repeated click is harmless, not an error: {body}");
    }
    (thread_id, list_id)
}

async fn under_concurrent_load_every_acknowledged_task_and_item_exists_exactly_once(app: TestApp) {
    let mut users = Vec::new();
    for who in 0..USERS {
        let user = app.new_user(&format!("load{who}")).await;
        user.create_task(&json!({"title": "shared chore"})).await;
        users.push(user);
    }
    let work = users.iter().enumerate().map(|(who, user)| async move {
        let (adds, clicks) = tokio::join!(add_many(user, who), click_complete_concurrently(user));
        (adds, clicks)
    });
    let results = join_all(work).await;

    for (user, ((acknowledged, threads), (click_thread, list_id))) in users.iter().zip(results) {
        let titles: Vec<String> = app.task_rows(&user.id).await.into_iter().map(|row| row.title).collect();
        assert_eq!(titles.len(), acknowledged.len() + 1, "nothing more, nothing less: {titles:?}");
        for title in &acknowledged {
            assert_eq!(titles.iter().filter(|stored| *stored == title).count(), 1, "{title}");
        }
        for thread_id in &threads {
            for (item_type, expected) in [("user_message", 1), ("widget", 1)] {
                let sql =
                    format!("SELECT COUNT(*) FROM thread_items WHERE thread_id = $1 AND item_type = '{item_type}'");
                assert_eq!(app.count(&sql, thread_id).await, expected, "{item_type} in {thread_id}");
            }
        }
        // Six clicks on one button: applied once, the task done, the list still one item.
        assert_eq!(user.get_task(1).await["done"], true);
        let applied = app.count("SELECT COUNT(*) FROM actions WHERE item_id = $1", &list_id).await;
        assert_eq!(applied, 1, "one click applied, the others found it taken");
        let lists = app
            .count("SELECT COUNT(*) FROM thread_items WHERE thread_id = $1 AND item_type = 'widget'", &click_thread)
            .await;
        assert_eq!(lists, 1, "the list is replaced in place, never duplicated");
    }
}
