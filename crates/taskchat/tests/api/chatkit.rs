//! `POST /chatkit`: the ChatKit protocol's shape over the app's store — streams, threads, items, feedback.
//! What the assistant says is asserted in assistant.rs; here only the protocol, with messages it answers in text.

use reqwest::StatusCode;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::{TestApp, TestUser, assert_error, event_types, header, ids, time, user_input};

backend_tests!(
    creating_a_thread_streams_the_thread_the_message_and_a_reply,
    a_thread_keeps_its_items_in_order_across_messages,
    threads_are_listed_newest_first_and_can_be_renamed,
    deleting_a_thread_removes_it_and_its_items,
    feedback_on_an_assistant_message_is_recorded,
    retrying_after_a_message_replaces_the_reply,
    chatkit_errors_before_a_stream_are_http_errors,
);

/// Checks the events after `stream_options`: one assistant message, added, updated, done — the stream's end.
/// Returns the finished assistant message.
fn assert_assistant_reply(events: &[Value], thread_id: &str) -> Value {
    let added: Vec<&Value> = events
        .iter()
        .filter(|event| event["type"] == "thread.item.added" && event["item"]["type"] == "assistant_message")
        .collect();
    assert_eq!(added.len(), 1, "one assistant message is added: {:?}", event_types(events));
    let id = added[0]["item"]["id"].as_str().expect("an item id").to_owned();
    let last = events.last().expect("events");
    assert_eq!(last["type"], "thread.item.done", "the stream ends with the reply's thread.item.done: {last}");
    let reply = last["item"].clone();
    assert_eq!(reply["type"], "assistant_message");
    assert_eq!(reply["id"], id.as_str(), "the message that is done is the one that was added");
    assert_eq!(reply["thread_id"], thread_id);
    assert!(id.starts_with("msg_"), "message ids are prefixed msg_: {id}");
    time(&reply["created_at"]);
    let text: String = reply["content"]
        .as_array()
        .expect("content parts")
        .iter()
        .map(|part| {
            assert_eq!(part["type"], "output_text");
            part["text"].as_str().expect("text").to_owned()
        })
        .collect();
    assert!(!text.trim().is_empty(), "the reply says something");

    let mut streamed = String::new();
    for event in events.iter().filter(|event| event["type"] == "thread.item.updated") {
        assert_eq!(event["item_id"], id.as_str(), "updates are for the reply: {event}");
        if event["update"]["type"] == "assistant_message.content_part.text_delta" {
            streamed.push_str(event["update"]["delta"].as_str().expect("a delta"));
        }
    }
    assert!(streamed.is_empty() || streamed == text, "the deltas add up to the text: {streamed:?} vs {text:?}");
    reply
}

/// The items of a thread, oldest first.
async fn all_items(user: &TestUser, thread_id: &str) -> Vec<Value> {
    let page = user.list_items(thread_id, json!({"order": "asc", "limit": 100})).await;
    assert_eq!(page["has_more"], false);
    page["data"].as_array().expect("items").clone()
}

async fn creating_a_thread_streams_the_thread_the_message_and_a_reply(app: TestApp) {
    let user = app.new_user("chat").await;
    let (thread_id, events) = user.create_thread("Hello there!").await;
    let types = event_types(&events);
    assert_eq!(types[..3], ["thread.created", "thread.item.done", "stream_options"], "{types:?}");

    let thread = &events[0]["thread"];
    assert!(thread_id.starts_with("thr_"), "thread ids are prefixed thr_: {thread_id}");
    time(&thread["created_at"]);
    assert_eq!(thread["status"]["type"], "active");
    let message = &events[1]["item"];
    assert_eq!(message["type"], "user_message");
    assert_eq!(message["thread_id"], thread_id.as_str());
    assert_eq!(message["content"], json!([{"type": "input_text", "text": "Hello there!"}]));
    assert!(message["id"].as_str().is_some_and(|id| id.starts_with("msg_")), "{message}");
    assert!(events[2]["stream_options"]["allow_cancel"].is_boolean());
    let reply = assert_assistant_reply(&events[3..], &thread_id);

    // What was streamed is what was saved.
    let items = all_items(&user, &thread_id).await;
    assert_eq!(items, [message.clone(), reply], "items.list returns the streamed items");
    let fetched = user.get_thread(&thread_id).await;
    assert_eq!(fetched["id"], thread_id.as_str());
    assert_eq!(fetched["items"]["data"].as_array().expect("items"), &items);
    assert_eq!(fetched["items"]["has_more"], false);
}

async fn a_thread_keeps_its_items_in_order_across_messages(app: TestApp) {
    let user = app.new_user("order").await;
    let (thread_id, _) = user.create_thread("first").await;
    for text in ["second", "third"] {
        let events = user
            .chatkit_stream(&json!({"type": "threads.add_user_message",
                                    "params": {"thread_id": thread_id, "input": user_input(text)}}))
            .await;
        assert_eq!(event_types(&events)[..2], ["thread.item.done", "stream_options"]);
        assert_eq!(events[0]["item"]["type"], "user_message");
        assert_eq!(events[0]["item"]["content"][0]["text"], text);
        assert_assistant_reply(&events[2..], &thread_id);
    }
    let items = all_items(&user, &thread_id).await;
    let kinds: Vec<&str> = items.iter().map(|item| item["type"].as_str().expect("type")).collect();
    assert_eq!(kinds, ["user_message", "assistant_message"].repeat(3));
    let said: Vec<&str> =
        items.iter().step_by(2).map(|item| item["content"][0]["text"].as_str().expect("text")).collect();
    assert_eq!(said, ["first", "second", "third"]);

    // Newest first, and pages that join up.
    let newest = user.list_items(&thread_id, json!({"limit": 4})).await;
    let mut expected: Vec<String> = items.iter().rev().map(|item| item["id"].as_str().expect("id").into()).collect();
    assert_eq!(ids(&newest), expected[..4]);
    assert_eq!(newest["has_more"], true);
    let rest = user.list_items(&thread_id, json!({"limit": 4, "after": newest["after"]})).await;
    assert_eq!(ids(&rest), expected[4..]);
    assert_eq!(rest["has_more"], false);
    expected.reverse();
    let oldest = user.list_items(&thread_id, json!({"order": "asc", "limit": 5})).await;
    assert_eq!(ids(&oldest), expected[..5]);
}

async fn threads_are_listed_newest_first_and_can_be_renamed(app: TestApp) {
    let user = app.new_user("threads").await;
    let mut created = Vec::new();
    for n in 1..=3 {
        created.push(user.create_thread(&format!("thread {n}")).await.0);
    }
    let listed = user.list_threads(json!({})).await;
    let newest_first: Vec<String> = created.iter().rev().cloned().collect();
    assert_eq!(ids(&listed), newest_first);
    assert_eq!(listed["has_more"], false);
    let oldest_first = user.list_threads(json!({"order": "asc"})).await;
    assert_eq!(ids(&oldest_first), created);

    let renamed = user
        .chatkit_json(&json!({"type": "threads.update", "params": {"thread_id": created[0], "title": "Groceries"}}))
        .await;
    assert_eq!(renamed["id"], created[0].as_str());
    assert_eq!(renamed["title"], "Groceries");
    assert_eq!(user.get_thread(&created[0]).await["title"], "Groceries");
    let listed = user.list_threads(json!({"order": "asc"})).await;
    assert_eq!(listed["data"][0]["title"], "Groceries", "threads.list shows the new title");
    assert!(listed["data"][0].get("metadata").is_none_or(|m| m == &json!({})), "no server metadata is sent");
}

async fn deleting_a_thread_removes_it_and_its_items(app: TestApp) {
    let user = app.new_user("delete").await;
    let (doomed, _) = user.create_thread("delete me").await;
    let (kept, _) = user.create_thread("keep me").await;
    let items_of = "SELECT COUNT(*) FROM thread_items WHERE thread_id = $1";
    assert_eq!(app.count(items_of, &doomed).await, 2);

    let answer = user.chatkit_json(&json!({"type": "threads.delete", "params": {"thread_id": doomed}})).await;
    assert_eq!(answer, json!({}));
    for request in [
        json!({"type": "threads.get_by_id", "params": {"thread_id": doomed}}),
        json!({"type": "items.list", "params": {"thread_id": doomed}}),
        json!({"type": "threads.delete", "params": {"thread_id": doomed}}),
        json!({"type": "threads.add_user_message", "params": {"thread_id": doomed, "input": user_input("hello?")}}),
    ] {
        assert_error(user.chatkit(&request).await, StatusCode::NOT_FOUND, "not_found").await;
    }
    assert_eq!(ids(&user.list_threads(json!({})).await), [kept.as_str()]);
    assert_eq!(app.count(items_of, &doomed).await, 0, "the items went with the thread");
    assert_eq!(app.count(items_of, &kept).await, 2, "other threads keep theirs");
}

async fn feedback_on_an_assistant_message_is_recorded(app: TestApp) {
    let user = app.new_user("feedback").await;
    let (thread_id, events) = user.create_thread("rate me").await;
    let reply_id = events.last().expect("events")["item"]["id"].as_str().expect("reply id").to_owned();
    let answer = user
        .chatkit_json(&json!({"type": "items.feedback",
                              "params": {"thread_id": thread_id, "item_ids": [reply_id], "kind": "positive"}}))
        .await;
    assert_eq!(answer, json!({}));
    let positive = "SELECT COUNT(*) FROM feedback WHERE item_id = $1 AND kind = 'positive'";
    assert_eq!(app.count(positive, &reply_id).await, 1);

    let unknown = user
        .chatkit(&json!({"type": "items.feedback",
                         "params": {"thread_id": thread_id, "item_ids": ["msg_nosuchitem"], "kind": "negative"}}))
        .await;
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
}

async fn retrying_after_a_message_replaces_the_reply(app: TestApp) {
    let user = app.new_user("retry").await;
    let (thread_id, events) = user.create_thread("try again").await;
    let message_id = events[1]["item"]["id"].as_str().expect("message id").to_owned();
    let first_reply = events.last().expect("events")["item"]["id"].clone();
    let retried = user
        .chatkit_stream(&json!({"type": "threads.retry_after_item",
                                "params": {"thread_id": thread_id, "item_id": message_id}}))
        .await;
    assert_eq!(event_types(&retried)[0], "stream_options");
    let reply = assert_assistant_reply(&retried[1..], &thread_id);
    assert_ne!(reply["id"], first_reply, "a new reply");
    let items = all_items(&user, &thread_id).await;
    assert_eq!(items.len(), 2, "the old reply is gone: {items:?}");
    assert_eq!(items[0]["id"], message_id.as_str());
    assert_eq!(items[1], reply);
}

async fn chatkit_errors_before_a_stream_are_http_errors(app: TestApp) {
    let user = app.new_user("errors").await;
    let missing = user.chatkit(&json!({"type": "threads.get_by_id", "params": {"thread_id": "thr_missing"}})).await;
    assert_error(missing, StatusCode::NOT_FOUND, "not_found").await;
    let stream_to_nowhere = user
        .chatkit(&json!({"type": "threads.add_user_message",
                         "params": {"thread_id": "thr_missing", "input": user_input("hello")}}))
        .await;
    let content_type = header(stream_to_nowhere.headers(), CONTENT_TYPE.as_str());
    assert!(content_type.is_some_and(|value| value.starts_with("application/json")), "not a stream");
    assert_error(stream_to_nowhere, StatusCode::NOT_FOUND, "not_found").await;
    let empty = user
        .chatkit(&json!({"type": "threads.create", "params": {"input":
            {"content": [], "attachments": [], "inference_options": {}}}}))
        .await;
    assert_error(empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid_request").await;
    assert_eq!(app.rows_in("threads").await, 0, "no thread was left behind");
}
