//! Every resource belongs to one user: another user gets 404 for each of its ids, on every REST endpoint and every
//! ChatKit operation, cannot tell "not yours" from "does not exist", and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, ids, numbers, user_input};

backend_tests!(
    another_user_cannot_see_or_change_my_tasks,
    another_user_cannot_see_or_change_my_threads,
    another_user_cannot_mix_my_item_ids_into_their_own_thread,
);

async fn another_user_cannot_see_or_change_my_tasks(app: TestApp) {
    let alice = app.new_user("alice").await;
    let bob = app.new_user("bob").await;
    for title in ["Alice's first", "Alice's second", "Alice's third"] {
        alice.create_task(&json!({"title": title, "tags": ["private"]})).await;
    }
    alice.patch_task(2, &json!({"done": true})).await;
    let before_rows = app.task_rows(&alice.id).await;
    let before_list = alice.list_tasks("").await;

    // Alice's numbers, and one that is nobody's: the same answer for each.
    for number in [1, 2, 3, 4] {
        assert_error(bob.get_task_raw(number).await, StatusCode::NOT_FOUND, "not_found").await;
        let patch = bob.patch_task_raw(number, &json!({"title": "Bob was here", "done": true})).await;
        assert_error(patch, StatusCode::NOT_FOUND, "not_found").await;
        assert_error(bob.delete_task_raw(number).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    for query in ["", "status=done", "tag=private", "q=Alice"] {
        assert!(numbers(&bob.list_tasks(query).await).is_empty(), "Bob lists none of Alice's tasks ({query})");
    }
    // Bob's own numbering starts at 1 and does not collide with Alice's #1.
    assert_eq!(bob.create_task(&json!({"title": "Bob's first"})).await["number"], 1);
    assert_eq!(bob.get_task(1).await["title"], "Bob's first");

    assert_eq!(alice.list_tasks("").await, before_list, "Alice's tasks answer as before");
    assert_eq!(app.task_rows(&alice.id).await, before_rows, "Alice's rows are as before");
    assert_eq!(alice.get_task(1).await["title"], "Alice's first");
}

async fn another_user_cannot_see_or_change_my_threads(app: TestApp) {
    let alice = app.new_user("alice").await;
    let bob = app.new_user("bob").await;
    let (thread_id, events) = alice.create_thread("Alice's secret plans").await;
    let message_id = events[1]["item"]["id"].as_str().expect("message id").to_owned();
    let reply_id = events.last().expect("events")["item"]["id"].as_str().expect("reply id").to_owned();
    let before_thread = alice.get_thread(&thread_id).await;
    let before_items = alice.list_items(&thread_id, json!({"order": "asc"})).await;
    let (bobs_thread, _) = bob.create_thread("Bob's own thread").await;

    let t = &thread_id;
    let attempts: Vec<Value> = vec![
        json!({"type": "threads.get_by_id", "params": {"thread_id": t}}),
        json!({"type": "items.list", "params": {"thread_id": t}}),
        json!({"type": "items.list", "params": {"thread_id": t, "order": "asc", "after": message_id}}),
        json!({"type": "threads.add_user_message", "params": {"thread_id": t, "input": user_input("Bob says hi")}}),
        json!({"type": "threads.update", "params": {"thread_id": t, "title": "Bob's now"}}),
        json!({"type": "threads.delete", "params": {"thread_id": t}}),
        json!({"type": "threads.retry_after_item", "params": {"thread_id": t, "item_id": message_id}}),
        json!({"type": "threads.custom_action",
               "params": {"thread_id": t, "item_id": reply_id, "action": {"type": "anything", "payload": {}}}}),
        json!({"type": "threads.custom_action", "params": {"thread_id": t, "action": {"type": "anything"}}}),
        json!({"type": "threads.sync_custom_action",
               "params": {"thread_id": t, "item_id": reply_id, "action": {"type": "anything"}}}),
        json!({"type": "items.feedback", "params": {"thread_id": t, "item_ids": [reply_id], "kind": "negative"}}),
        json!({"type": "threads.add_client_tool_output", "params": {"thread_id": t, "result": {"ok": true}}}),
        json!({"type": "threads.add_structured_input",
               "params": {"thread_id": t, "item_id": reply_id, "input": {"status": "answered", "answers": {}}}}),
    ];
    for attempt in &attempts {
        let response = bob.chatkit(attempt).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "Bob's {}", attempt["type"]);
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
        // A thread that does not exist at all answers the same.
        let mut nowhere = attempt.clone();
        nowhere["params"]["thread_id"] = json!("thr_00000000");
        assert_eq!(bob.chatkit(&nowhere).await.status(), StatusCode::NOT_FOUND, "{} of no thread", attempt["type"]);
    }

    assert_eq!(ids(&bob.list_threads(json!({})).await), [bobs_thread.as_str()], "Bob lists only his thread");
    assert_eq!(ids(&bob.list_threads(json!({"order": "asc"})).await), [bobs_thread]);
    // Alice's thread id as a cursor tells Bob no more than an id that never existed.
    let with_alices = bob.chatkit(&json!({"type": "threads.list", "params": {"after": thread_id}})).await;
    let with_nothing = bob.chatkit(&json!({"type": "threads.list", "params": {"after": "thr_00000000"}})).await;
    let (alices_status, nothing_status) = (with_alices.status(), with_nothing.status());
    let alices_body: Value = with_alices.json().await.expect("JSON");
    let nothing_body: Value = with_nothing.json().await.expect("JSON");
    assert_eq!((alices_status, &alices_body["data"]), (nothing_status, &nothing_body["data"]));

    assert_eq!(alice.get_thread(&thread_id).await, before_thread, "Alice's thread is as before");
    assert_eq!(alice.list_items(&thread_id, json!({"order": "asc"})).await, before_items, "and so are its items");
    assert!(ids(&alice.list_threads(json!({})).await).contains(&thread_id));
    assert_eq!(app.rows_in("feedback").await, 0, "Bob's feedback was not recorded");
    assert_eq!(app.count("SELECT COUNT(*) FROM thread_items WHERE thread_id = $1", &thread_id).await, 2);
}

async fn another_user_cannot_mix_my_item_ids_into_their_own_thread(app: TestApp) {
    let alice = app.new_user("alice").await;
    let bob = app.new_user("bob").await;
    let (alices_thread, events) = alice.create_thread("Alice's message").await;
    let message_id = events[1]["item"]["id"].as_str().expect("message id").to_owned();
    let reply_id = events.last().expect("events")["item"]["id"].as_str().expect("reply id").to_owned();
    let (bobs_thread, _) = bob.create_thread("Bob's message").await;

    let b = &bobs_thread;
    for attempt in [
        json!({"type": "items.feedback", "params": {"thread_id": b, "item_ids": [reply_id], "kind": "positive"}}),
        json!({"type": "threads.retry_after_item", "params": {"thread_id": b, "item_id": message_id}}),
        json!({"type": "threads.custom_action",
               "params": {"thread_id": b, "item_id": reply_id, "action": {"type": "anything"}}}),
        json!({"type": "threads.add_structured_input",
               "params": {"thread_id": b, "item_id": reply_id, "input": {"status": "answered", "answers": {}}}}),
        json!({"type": "items.list", "params": {"thread_id": b, "after": message_id}}),
    ] {
        let response = bob.chatkit(&attempt).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{attempt}");
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
    // Alice cannot reach into Bob's thread with her own ids either.
    let response = alice
        .chatkit(&json!({"type": "items.feedback",
                         "params": {"thread_id": b, "item_ids": [reply_id], "kind": "positive"}}))
        .await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;

    assert_eq!(app.rows_in("feedback").await, 0);
    let items = alice.list_items(&alices_thread, json!({"order": "asc"})).await;
    assert_eq!(ids(&items), [message_id, reply_id], "Alice's items are where they were");
}
