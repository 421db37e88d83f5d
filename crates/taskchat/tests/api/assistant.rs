//! The task assistant, one user story at a time: what a person types, what the stream shows, what is stored.

use reqwest::StatusCode;
use serde_json::{Value, json};
use taskchat::config::Config;
use taskchat::startup::Application;

use crate::helpers::{TestApp, TestUser, user_input};

backend_tests!(
    show_my_tasks_shows_a_list_with_counts_badges_and_struck_done_tasks,
    with_no_tasks_the_list_shows_the_empty_state,
    adding_a_task_in_words_stores_it_and_confirms_it,
    completing_a_task_by_number_confirms_and_a_later_list_shows_it_done,
    deleting_asks_first_and_deletes_only_on_confirm,
    cancelling_the_delete_dialog_keeps_the_task,
    clicking_complete_in_a_list_replaces_that_list_in_place,
    a_stale_or_repeated_click_changes_nothing_twice,
    forged_action_payloads_answer_an_error_event_and_change_nothing,
    an_ambiguous_name_asks_which_task_and_the_choice_completes_it,
    it_refers_to_the_last_task_mentioned,
    more_than_fifty_tasks_page_with_show_more,
    a_filtered_list_counts_only_the_tasks_it_matches,
    help_and_unknown_messages_get_a_short_answer,
    history_survives_a_server_restart,
);

async fn say(user: &TestUser, thread_id: &str, text: &str) -> Vec<Value> {
    user.chatkit_stream(&json!({"type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": user_input(text)}}))
        .await
}

async fn click(user: &TestUser, thread_id: &str, item_id: &str, action: &Value) -> Vec<Value> {
    user.chatkit_events(&json!({"type": "threads.custom_action",
        "params": {"thread_id": thread_id, "item_id": item_id, "action": action}}))
        .await
}

/// The widget items completed (done or replaced) in a stream.
fn widgets(events: &[Value]) -> Vec<&Value> {
    events
        .iter()
        .filter(|event| matches!(event["type"].as_str(), Some("thread.item.done" | "thread.item.replaced")))
        .map(|event| &event["item"])
        .filter(|item| item["type"] == "widget")
        .collect()
}

fn assistant_text(events: &[Value]) -> String {
    events
        .iter()
        .filter(|event| event["type"] == "thread.item.done" && event["item"]["type"] == "assistant_message")
        .map(|event| event["item"]["content"][0]["text"].as_str().unwrap_or_default().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first node of a widget tree with this id.
fn node<'a>(tree: &'a Value, id: &str) -> Option<&'a Value> {
    if tree["id"] == id {
        return Some(tree);
    }
    tree["children"].as_array()?.iter().find_map(|child| node(child, id))
}

fn action_of(tree: &Value, id: &str) -> Value {
    let button = node(tree, id).unwrap_or_else(|| panic!("no {id} in {tree}"));
    let action = &button["onClickAction"];
    json!({"type": action["type"], "payload": action["payload"]})
}

async fn thread_with(user: &TestUser, text: &str) -> (String, Vec<Value>) {
    user.create_thread(text).await
}

async fn show_my_tasks_shows_a_list_with_counts_badges_and_struck_done_tasks(app: TestApp) {
    let user = app.new_user("lister").await;
    user.create_task(&json!({"title": "buy milk", "priority": "high", "tags": ["home"]})).await;
    user.create_task(&json!({"title": "call mom"})).await;
    user.patch_task(2, &json!({"done": true})).await;
    let (_, events) = thread_with(&user, "show me my tasks").await;
    let list = widgets(&events)[0];
    let widget = &list["widget"];
    assert_eq!(widget["type"], "ListView");
    assert_eq!(widget["status"]["text"], "My tasks: 1 open · 1 done");
    assert_eq!(node(widget, "task_1_priority_badge").expect("a priority badge")["label"], "high");
    assert_eq!(node(widget, "task_1_title_text").expect("title")["value"], "buy milk");
    assert_eq!(node(widget, "task_2_title_text").expect("title")["lineThrough"], true);
    assert!(list["copy_text"].as_str().expect("copy text").contains("#1 [ ] buy milk"));
}

async fn with_no_tasks_the_list_shows_the_empty_state(app: TestApp) {
    let user = app.new_user("empty").await;
    let (_, events) = thread_with(&user, "what's on my list?").await;
    let widget = &widgets(&events)[0]["widget"];
    assert_eq!(widget["status"]["text"], "My tasks: 0 open · 0 done");
    assert_eq!(node(widget, "task_list_empty_text").expect("empty state")["value"], "No tasks yet.");
}

async fn adding_a_task_in_words_stores_it_and_confirms_it(app: TestApp) {
    let user = app.new_user("adder").await;
    let (_, events) = thread_with(&user, "add task: buy groceries").await;
    let card = &widgets(&events)[0]["widget"];
    assert_eq!(card["type"], "Card");
    assert_eq!(node(card, "task_added_headline_text").expect("headline")["value"], "Added #1");
    let stored = user.get_task(1).await;
    assert_eq!(stored["title"], "buy groceries");
    let (_, events) = thread_with(&user, "new task pay rent high priority #home").await;
    assert!(!widgets(&events).is_empty());
    let stored = user.get_task(2).await;
    assert_eq!((stored["title"].as_str(), stored["priority"].as_str()), (Some("pay rent"), Some("high")));
    assert_eq!(stored["tags"], json!(["home"]));
}

async fn completing_a_task_by_number_confirms_and_a_later_list_shows_it_done(app: TestApp) {
    let user = app.new_user("completer").await;
    for n in 1..=5 {
        user.create_task(&json!({"title": format!("chore {n}")})).await;
    }
    let (thread_id, events) = thread_with(&user, "complete task 5").await;
    let card = &widgets(&events)[0]["widget"];
    assert_eq!(node(card, "task_completed_headline_text").expect("headline")["value"], "Completed #5");
    assert_eq!(user.get_task(5).await["done"], true);
    let events = say(&user, &thread_id, "show my tasks").await;
    let list = &widgets(&events)[0]["widget"];
    assert_eq!(node(list, "task_5_title_text").expect("task 5")["lineThrough"], true);
    assert_eq!(list["status"]["text"], "My tasks: 4 open · 1 done");
}

async fn a_filtered_list_counts_only_the_tasks_it_matches(app: TestApp) {
    let user = app.new_user("filterer").await;
    for (title, priority, tags) in [
        ("pay rent", "high", vec!["home"]),
        ("file taxes", "high", vec!["work"]),
        ("book flights", "high", vec!["home"]),
        ("water plants", "low", vec!["home"]),
    ] {
        user.create_task(&json!({"title": title, "priority": priority, "tags": tags})).await;
    }
    user.patch_task(1, &json!({"done": true})).await;
    let (thread_id, events) = thread_with(&user, "show high priority tasks tagged #home").await;
    let list = &widgets(&events)[0]["widget"];
    assert_eq!(list["status"]["text"], "High priority tasks tagged #home: 1 open · 1 done");
    assert!(node(list, "task_1_item").is_some() && node(list, "task_3_item").is_some());
    assert!(node(list, "task_2_item").is_none() && node(list, "task_4_item").is_none());
    let events = say(&user, &thread_id, "show my tasks").await;
    assert_eq!(widgets(&events)[0]["widget"]["status"]["text"], "My tasks: 3 open · 1 done");
}

async fn deleting_asks_first_and_deletes_only_on_confirm(app: TestApp) {
    let user = app.new_user("deleter").await;
    for title in ["a", "b", "dentist appointment"] {
        user.create_task(&json!({"title": title})).await;
    }
    let (thread_id, events) = thread_with(&user, "delete task 3").await;
    let dialog = widgets(&events)[0];
    assert_eq!(dialog["widget"]["confirm"]["label"], "Delete");
    assert_eq!(user.get_task(3).await["title"], "dentist appointment", "nothing is deleted before Confirm");
    let confirm = &dialog["widget"]["confirm"]["action"];
    let confirm = json!({"type": confirm["type"], "payload": confirm["payload"]});
    let events = click(&user, &thread_id, dialog["id"].as_str().expect("id"), &confirm).await;
    let replaced: Vec<&Value> = events.iter().filter(|event| event["type"] == "thread.item.replaced").collect();
    assert_eq!(replaced.len(), 1, "the dialog is replaced in place");
    assert_eq!(replaced[0]["item"]["id"], dialog["id"]);
    let headline = node(&replaced[0]["item"]["widget"], "task_deleted_headline_text").expect("headline");
    assert_eq!(headline["value"], "Deleted \"dentist appointment\"");
    assert_eq!(user.get_task_raw(3).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(user.get_task(1).await["title"], "a");
}

async fn cancelling_the_delete_dialog_keeps_the_task(app: TestApp) {
    let user = app.new_user("canceller").await;
    user.create_task(&json!({"title": "dentist"})).await;
    let (thread_id, events) = thread_with(&user, "remove the dentist task").await;
    let dialog = widgets(&events)[0];
    let cancel = &dialog["widget"]["cancel"]["action"];
    let cancel = json!({"type": cancel["type"], "payload": cancel["payload"]});
    let events = click(&user, &thread_id, dialog["id"].as_str().expect("id"), &cancel).await;
    let replaced = widgets(&events)[0];
    assert_eq!(node(&replaced["widget"], "task_kept_headline_text").expect("headline")["value"], "Kept \"dentist\"");
    assert_eq!(user.get_task(1).await["title"], "dentist");
}

async fn clicking_complete_in_a_list_replaces_that_list_in_place(app: TestApp) {
    let user = app.new_user("clicker").await;
    user.create_task(&json!({"title": "water plants"})).await;
    let (thread_id, events) = thread_with(&user, "show my tasks").await;
    let list = widgets(&events)[0];
    let action = action_of(&list["widget"], "task_1_toggle_button");
    assert_eq!(action["type"], "task.complete");
    let events = click(&user, &thread_id, list["id"].as_str().expect("id"), &action).await;
    let replaced: Vec<&Value> = events.iter().filter(|event| event["type"] == "thread.item.replaced").collect();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0]["item"]["id"], list["id"], "the same item, updated in place");
    let widget = &replaced[0]["item"]["widget"];
    assert_eq!(node(widget, "task_1_title_text").expect("title")["lineThrough"], true);
    assert_eq!(action_of(widget, "task_1_toggle_button")["type"], "task.reopen");
    assert_eq!(user.get_task(1).await["done"], true);
    // What the thread holds is the new version.
    let items = user.list_items(&thread_id, json!({"order": "asc"})).await;
    let stored = items["data"].as_array().expect("items").iter().find(|item| item["id"] == list["id"]).expect("kept");
    assert_eq!(stored["widget"], *widget);
}

async fn a_stale_or_repeated_click_changes_nothing_twice(app: TestApp) {
    let user = app.new_user("stale").await;
    user.create_task(&json!({"title": "water plants"})).await;
    let (thread_id, events) = thread_with(&user, "show my tasks").await;
    let list = widgets(&events)[0];
    let list_id = list["id"].as_str().expect("id");
    let complete = action_of(&list["widget"], "task_1_toggle_button");
    click(&user, &thread_id, list_id, &complete).await;
    // Reopen from the fresh list, then click the old Complete button again: it must not complete it again.
    let items = user.list_items(&thread_id, json!({"order": "asc"})).await;
    let fresh = items["data"].as_array().expect("items").iter().find(|item| item["id"] == list["id"]).expect("list");
    let reopen = action_of(&fresh["widget"], "task_1_toggle_button");
    click(&user, &thread_id, list_id, &reopen).await;
    assert_eq!(user.get_task(1).await["done"], false);
    let events = click(&user, &thread_id, list_id, &complete).await;
    assert!(!events.iter().any(|event| event["type"] == "error"), "a stale click is harmless: {events:?}");
    assert_eq!(user.get_task(1).await["done"], false, "the stale Complete did nothing");
    // The same confirm twice deletes once and answers quietly the second time.
    let (thread_id, events) = thread_with(&user, "delete task 1").await;
    let dialog = widgets(&events)[0];
    let confirm = &dialog["widget"]["confirm"]["action"];
    let confirm = json!({"type": confirm["type"], "payload": confirm["payload"]});
    let dialog_id = dialog["id"].as_str().expect("id");
    click(&user, &thread_id, dialog_id, &confirm).await;
    let again = click(&user, &thread_id, dialog_id, &confirm).await;
    assert!(!again.iter().any(|event| event["type"] == "error" || event["type"] == "thread.item.replaced"));
}

async fn forged_action_payloads_answer_an_error_event_and_change_nothing(app: TestApp) {
    let user = app.new_user("forger").await;
    let other = app.new_user("victim").await;
    other.create_task(&json!({"title": "not yours"})).await;
    user.create_task(&json!({"title": "mine"})).await;
    let (thread_id, events) = thread_with(&user, "show my tasks").await;
    let list_id = widgets(&events)[0]["id"].as_str().expect("id").to_owned();
    let forged = [
        json!({"type": "task.complete", "payload": {"number": "1", "rev": "x"}}),
        json!({"type": "task.complete", "payload": {"number": 1}}),
        json!({"type": "task.delete.confirm", "payload": {"numbers": [-4], "rev": "x"}}),
        json!({"type": "task.explode", "payload": {}}),
        json!({"type": "task.complete", "payload": {"number": 1, "rev": "x", "extra": true}}),
    ];
    for action in forged {
        let events = click(&user, &thread_id, &list_id, &action).await;
        let error =
            events.iter().find(|event| event["type"] == "error").unwrap_or_else(|| panic!("{action}: {events:?}"));
        assert!(error["message"].as_str().is_some_and(|message| !message.is_empty()));
    }
    // A well-formed payload naming someone else's number is simply "no such task" for this user.
    let events =
        click(&user, &thread_id, &list_id, &json!({"type": "task.complete", "payload": {"number": 2, "rev": "y"}}))
            .await;
    assert!(assistant_text(&events).contains("#2 no longer exists"), "{events:?}");
    assert_eq!(other.get_task(1).await["done"], false);
    assert_eq!(user.get_task(1).await["done"], false);
}

async fn an_ambiguous_name_asks_which_task_and_the_choice_completes_it(app: TestApp) {
    let user = app.new_user("chooser").await;
    user.create_task(&json!({"title": "buy milk"})).await;
    user.create_task(&json!({"title": "buy milk for grandma"})).await;
    user.create_task(&json!({"title": "walk the dog"})).await;
    let (thread_id, events) = thread_with(&user, "complete milk").await;
    let card = widgets(&events)[0];
    assert!(
        node(&card["widget"], "task_1_choice_button").is_some()
            && node(&card["widget"], "task_2_choice_button").is_some()
    );
    assert!(node(&card["widget"], "task_3_choice_button").is_none());
    let choose = action_of(&card["widget"], "task_2_choice_button");
    let events = click(&user, &thread_id, card["id"].as_str().expect("id"), &choose).await;
    assert_eq!(events.iter().filter(|event| event["type"] == "thread.item.replaced").count(), 1);
    assert_eq!(user.get_task(2).await["done"], true);
    assert_eq!(user.get_task(1).await["done"], false);
    let (_, events) = thread_with(&user, "complete the unicorn task").await;
    assert!(assistant_text(&events).contains("couldn't find"), "{events:?}");
}

async fn it_refers_to_the_last_task_mentioned(app: TestApp) {
    let user = app.new_user("pronoun").await;
    let (thread_id, _) = thread_with(&user, "add call the plumber").await;
    say(&user, &thread_id, "complete it").await;
    assert_eq!(user.get_task(1).await["done"], true);
}

async fn more_than_fifty_tasks_page_with_show_more(app: TestApp) {
    let user = app.new_user("many").await;
    for n in 1..=55 {
        user.create_task(&json!({"title": format!("task {n}")})).await;
    }
    // One done task on each page: the counts are of all 55, on both pages.
    for number in [3, 54] {
        user.patch_task(number, &json!({"done": true})).await;
    }
    let (thread_id, events) = thread_with(&user, "show my tasks").await;
    let list = widgets(&events)[0];
    let rows = list["widget"]["children"].as_array().expect("rows");
    assert_eq!(rows.len(), 51, "50 tasks and a Show more row");
    assert_eq!(list["widget"]["status"]["text"], "My tasks: 53 open · 2 done");
    let more = action_of(&list["widget"], "task_list_more_button");
    let events = click(&user, &thread_id, list["id"].as_str().expect("id"), &more).await;
    let next = &widgets(&events)[0]["widget"];
    let rows = next["children"].as_array().expect("rows");
    assert_eq!(rows.len(), 5);
    assert_eq!(next["status"]["text"], "My tasks: 53 open · 2 done");
    assert!(node(next, "task_51_title_text").is_some() && node(next, "task_55_title_text").is_some());
}

async fn help_and_unknown_messages_get_a_short_answer(app: TestApp) {
    let user = app.new_user("helpless").await;
    let (thread_id, events) = thread_with(&user, "help").await;
    assert!(assistant_text(&events).contains("show my tasks"));
    let events = say(&user, &thread_id, "what is the meaning of life").await;
    assert!(assistant_text(&events).contains("didn't understand"));
    assert!(widgets(&events).is_empty());
}

async fn history_survives_a_server_restart(app: TestApp) {
    let user = app.new_user("persistent").await;
    let (thread_id, _) = thread_with(&user, "add task: renew passport").await;
    let before = user.list_items(&thread_id, json!({"order": "asc"})).await;
    // A second server on the same database: what the first one saved is all there.
    let second = Application::build(Config::for_tests(app.database_url.clone())).await.expect("starts again");
    let address = format!("http://127.0.0.1:{}", second.port());
    tokio::spawn(second.run_until_stopped());
    let client = reqwest::Client::new();
    let body = json!({"type": "items.list", "params": {"thread_id": thread_id, "order": "asc"}});
    let after: Value = client
        .post(format!("{address}/chatkit"))
        .bearer_auth(&user.token)
        .json(&body)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("JSON");
    assert_eq!(after, before);
    assert_eq!(after["data"].as_array().map(Vec::len), Some(2), "the message and the confirmation card");
}
