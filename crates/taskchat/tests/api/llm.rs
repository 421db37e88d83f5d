//! The LLM agent against a scripted OpenAI-compatible server: what streams to the client, what is stored, and
//! what the model was sent. SQLite only: these test the agent, not the database.

use std::time::Duration;

use serde_json::{Value, json};
use taskchat::config::AssistantKind;

use crate::helpers::openai::{Reply, ScriptedLlm, text, tool_call, tool_fragment};
use crate::helpers::{Backend, TestApp, TestUser, spawn_app_with, user_input};

async fn app_with(llm: &ScriptedLlm, timeout_seconds: u64) -> TestApp {
    let base_url = llm.base_url();
    spawn_app_with(Backend::Sqlite, |config| {
        config.assistant = Some(AssistantKind::Llm);
        config.openai_api_key = Some("test-key".into());
        config.openai_base_url = Some(base_url);
        config.llm_timeout_seconds = timeout_seconds;
    })
    .await
    .expect("SQLite is always available")
}

async fn say(user: &TestUser, thread_id: &str, text: &str) -> Vec<Value> {
    user.chatkit_events(&json!({"type": "threads.add_user_message",
        "params": {"thread_id": thread_id, "input": user_input(text)}}))
        .await
}

async fn start(user: &TestUser, text: &str) -> (String, Vec<Value>) {
    let events = user.chatkit_events(&json!({"type": "threads.create", "params": {"input": user_input(text)}})).await;
    let thread_id = events[0]["thread"]["id"].as_str().expect("thread.created first").to_owned();
    (thread_id, events)
}

fn deltas(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .filter(|event| {
            event["type"] == "thread.item.updated"
                && event["update"]["type"] == "assistant_message.content_part.text_delta"
        })
        .filter_map(|event| event["update"]["delta"].as_str())
        .collect()
}

/// The ids of the root widgets completed in a stream.
fn widget_ids(events: &[Value]) -> Vec<&str> {
    events
        .iter()
        .filter(|event| event["type"] == "thread.item.done" && event["item"]["type"] == "widget")
        .filter_map(|event| event["item"]["widget"]["id"].as_str())
        .collect()
}

fn errors(events: &[Value]) -> Vec<&Value> {
    events.iter().filter(|event| event["type"] == "error").collect()
}

/// The `tool` messages of a request, as (tool_call_id, content).
fn tool_results(request: &Value) -> Vec<(String, String)> {
    request["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .filter(|message| message["role"] == "tool")
        .map(|message| {
            (
                message["tool_call_id"].as_str().unwrap_or_default().to_owned(),
                message["content"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn text_streams_as_deltas_in_order_and_the_request_carries_tools_and_instructions() {
    let llm = ScriptedLlm::start(vec![Reply::Chunks(vec![text("Hel"), text("lo, "), text("how can I help?")])]).await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("talker").await;
    let (thread_id, events) = start(&user, "hi there").await;

    assert!(errors(&events).is_empty(), "{events:?}");
    assert_eq!(deltas(&events), ["Hel", "lo, ", "how can I help?"]);
    let items = user.list_items(&thread_id, json!({"order": "asc"})).await;
    let texts: Vec<&str> = items["data"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["content"][0]["text"].as_str())
        .collect();
    assert_eq!(texts, ["hi there", "Hello, how can I help?"]);

    let requests = llm.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request["model"], "gpt-4o-mini");
    assert_eq!(request["stream"], true);
    let names: Vec<&str> = request["tools"]
        .as_array()
        .expect("tools")
        .iter()
        .filter_map(|tool| tool["function"]["name"].as_str())
        .collect();
    assert_eq!(names, ["list_tasks", "add_task", "complete_task", "update_task", "delete_task"]);
    assert_eq!(request["tools"][1]["function"]["parameters"]["required"], json!(["title"]));
    assert_eq!(request["tools"], json!(taskchat::assistant::llm::tools::definitions()));
    let system = request["messages"][0]["content"].as_str().expect("a system message");
    assert_eq!(request["messages"][0]["role"], "system");
    assert!(system.contains("Never restate what a widget"), "{system}");
    assert!(system.contains(&chrono::Utc::now().date_naive().to_string()), "today's date: {system}");
    assert!(system.contains("UTC"));
    assert_eq!(request["messages"][1], json!({"role": "user", "content": "hi there"}));

    let metrics = app.get("/metrics").await.text().await.expect("the metrics");
    for line in [
        r#"taskchat_llm_request_duration_seconds_count{phase="first_chunk"} 1"#,
        r#"taskchat_llm_request_duration_seconds_count{phase="complete"} 1"#,
    ] {
        assert!(metrics.contains(line), "{line} is missing from:\n{metrics}");
    }
    assert!(!metrics.contains("taskchat_llm_errors_total{"), "no failures counted:\n{metrics}");
}

#[tokio::test]
async fn a_tool_call_split_across_chunks_adds_the_task_and_shows_the_added_card() {
    let arguments = r#"{"title": "buy milk", "due": "2026-12-01", "priority": "high", "tags": ["home"]}"#;
    let llm = ScriptedLlm::start(vec![
        Reply::Chunks(tool_call(0, "call_add", "add_task", arguments)),
        Reply::Chunks(vec![text("Done.")]),
    ])
    .await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("adder").await;
    let (_, events) = start(&user, "add buy milk on dec 1, high, #home").await;

    assert!(errors(&events).is_empty(), "{events:?}");
    assert_eq!(widget_ids(&events), ["task_added_card"]);
    assert!(events.iter().any(|event| event["type"] == "progress_update"), "a progress line while the tool runs");
    assert_eq!(deltas(&events), ["Done."]);
    let rows = app.task_rows(&user.id).await;
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].title.as_str(), rows[0].due.as_deref()), ("buy milk", Some("2026-12-01")));
    assert_eq!(rows[0].priority.as_deref(), Some("high"));

    let requests = llm.requests();
    assert_eq!(requests.len(), 2, "the tool result went back to the model");
    let calls = &requests[1]["messages"].as_array().expect("messages").iter().rev().nth(1).expect("the assistant turn")
        ["tool_calls"];
    assert_eq!(calls[0]["function"]["name"], "add_task");
    assert_eq!(calls[0]["function"]["arguments"], arguments, "the fragments were joined in order");
    let results = tool_results(&requests[1]);
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].0, "call_add");
    assert!(results[0].1.starts_with("Added #1 [ ] buy milk (due 2026-12-01, high, #home)"), "{}", results[0].1);
}

#[tokio::test]
async fn two_parallel_tool_calls_run_in_index_order_and_both_results_go_back() {
    // Interleaved fragments of two calls in one round.
    let round = vec![
        tool_fragment(0, Some("call_a"), Some("add_task"), ""),
        tool_fragment(1, Some("call_b"), Some("list_"), ""),
        tool_fragment(0, None, None, r#"{"title": "#),
        tool_fragment(1, None, Some("tasks"), "{}"),
        tool_fragment(0, None, None, r#""call mom"}"#),
    ];
    let llm = ScriptedLlm::start(vec![Reply::Chunks(round), Reply::Chunks(vec![text("Here you go.")])]).await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("parallel").await;
    user.create_task(&json!({"title": "buy milk"})).await;
    let (_, events) = start(&user, "add call mom and show my tasks").await;

    assert!(errors(&events).is_empty(), "{events:?}");
    assert_eq!(widget_ids(&events), ["task_added_card", "task_list_view"]);
    let progress = events.iter().filter(|event| event["type"] == "progress_update").count();
    assert_eq!(progress, 2);
    let results = tool_results(&llm.requests()[1]);
    assert_eq!(results.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["call_a", "call_b"]);
    assert!(results[1].1.contains("#1 [ ] buy milk") && results[1].1.contains("#2 [ ] call mom"), "{}", results[1].1);
    assert_eq!(app.task_rows(&user.id).await.len(), 2);
}

#[tokio::test]
async fn delete_task_only_shows_the_dialog_and_the_task_still_exists() {
    let llm = ScriptedLlm::start(vec![
        Reply::Chunks(tool_call(0, "call_del", "delete_task", r#"{"task_id": 1}"#)),
        Reply::Chunks(vec![text("Please confirm.")]),
    ])
    .await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("deleter").await;
    user.create_task(&json!({"title": "buy milk"})).await;
    let (_, events) = start(&user, "delete task 1").await;

    assert!(errors(&events).is_empty(), "{events:?}");
    assert_eq!(widget_ids(&events), ["task_delete_card"]);
    assert_eq!(app.task_rows(&user.id).await.len(), 1, "nothing is deleted before the user confirms");
    let results = tool_results(&llm.requests()[1]);
    assert!(results[0].1.contains("NOT deleted"), "{}", results[0].1);
}

#[tokio::test]
async fn an_upstream_500_is_an_error_event_with_retry_and_the_user_message_is_kept() {
    let llm = ScriptedLlm::start(vec![Reply::Status(500)]).await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("unlucky").await;
    let (thread_id, events) = start(&user, "show my tasks").await;

    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:?}");
    assert_eq!(errors[0]["allow_retry"], true);
    assert_eq!(errors[0]["message"], "The assistant could not reach the language model. Try again.");
    let items = user.list_items(&thread_id, json!({})).await;
    let kinds: Vec<&str> =
        items["data"].as_array().expect("items").iter().filter_map(|item| item["type"].as_str()).collect();
    assert_eq!(kinds, ["user_message"]);
    let metrics = app.get("/metrics").await.text().await.expect("the metrics");
    assert!(metrics.contains(r#"taskchat_llm_errors_total{kind="status"} 1"#), "{metrics}");
}

#[tokio::test]
async fn a_rate_limit_is_an_error_event_with_retry() {
    let llm = ScriptedLlm::start(vec![Reply::Status(429)]).await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("limited").await;
    let (_, events) = start(&user, "hello").await;
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:?}");
    assert_eq!(errors[0]["allow_retry"], true);
}

#[tokio::test]
async fn a_stream_slower_than_the_timeout_keeps_its_text_and_ends_with_a_retryable_error() {
    let llm = ScriptedLlm::start(vec![Reply::Stall(vec![text("Let me ")], Duration::from_secs(10))]).await;
    let app = app_with(&llm, 1).await;
    let user = app.new_user("waiter").await;
    let started = std::time::Instant::now();
    let (thread_id, events) = start(&user, "hello").await;

    assert!(started.elapsed() < Duration::from_secs(8), "the timeout ended the turn: {:?}", started.elapsed());
    assert_eq!(deltas(&events), ["Let me "]);
    let errors = errors(&events);
    assert_eq!(errors.len(), 1, "{events:?}");
    assert_eq!(errors[0]["allow_retry"], true);
    let items = user.list_items(&thread_id, json!({"order": "asc"})).await;
    let texts: Vec<&str> = items["data"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["content"][0]["text"].as_str())
        .collect();
    assert_eq!(texts, ["hello", "Let me "], "the partial answer is saved, finished");
}

#[tokio::test]
async fn garbage_arguments_and_unknown_tools_become_results_the_model_can_recover_from() {
    let mut round = tool_call(0, "call_bad", "add_task", r#"{"title": "buy mi"#);
    round.extend(tool_call(1, "call_unknown", "launch_rocket", "{}"));
    round.extend(tool_call(2, "call_wrong", "add_task", r#"{"title": 42}"#));
    let llm =
        ScriptedLlm::start(vec![Reply::Chunks(round), Reply::Chunks(vec![text("Sorry, what should I add?")])]).await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("garbage").await;
    let (_, events) = start(&user, "add something").await;

    assert!(errors(&events).is_empty(), "{events:?}");
    assert!(widget_ids(&events).is_empty());
    assert_eq!(deltas(&events), ["Sorry, what should I add?"]);
    assert!(app.task_rows(&user.id).await.is_empty());
    let results = tool_results(&llm.requests()[1]);
    assert_eq!(results.len(), 3);
    assert!(results[0].1.contains("not valid JSON"), "{}", results[0].1);
    assert!(results[1].1.contains("no tool named \"launch_rocket\""), "{}", results[1].1);
    assert!(results[2].1.contains("invalid arguments for add_task"), "{}", results[2].1);
}

#[tokio::test]
async fn the_model_sees_at_most_twenty_history_messages_ending_with_the_new_one() {
    let llm = ScriptedLlm::start(vec![]).await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("chatty").await;
    let (thread_id, _) = start(&user, "first").await;
    app.insert_user_messages(&thread_id, 30).await;
    let events = say(&user, &thread_id, "the latest").await;
    assert!(errors(&events).is_empty(), "{events:?}");

    let requests = llm.requests();
    let messages = requests.last().expect("a request")["messages"].as_array().expect("messages").clone();
    assert_eq!(messages[0]["role"], "system");
    let history = &messages[1..];
    assert_eq!(history.len(), 20, "{history:?}");
    assert_eq!(history.last().expect("a message"), &json!({"role": "user", "content": "the latest"}));
    assert_eq!(history[0], json!({"role": "user", "content": "11"}), "the oldest kept is bulk message 11 of 0..29");
}

#[tokio::test]
async fn widgets_in_the_history_are_sent_as_their_copy_text() {
    let llm =
        ScriptedLlm::start(vec![Reply::Chunks(tool_call(0, "call_list", "list_tasks", "{}")), Reply::Chunks(vec![])])
            .await;
    let app = app_with(&llm, 10).await;
    let user = app.new_user("recall").await;
    user.create_task(&json!({"title": "buy milk"})).await;
    let (thread_id, _) = start(&user, "show my tasks").await;
    say(&user, &thread_id, "thanks").await;
    let requests = llm.requests();
    let messages = requests.last().expect("a request")["messages"].as_array().expect("messages").clone();
    let widget =
        messages.iter().find(|message| message["content"].as_str().is_some_and(|text| text.starts_with("[widget] ")));
    let widget = widget.unwrap_or_else(|| panic!("a widget message in {messages:?}"));
    assert_eq!(widget["role"], "assistant");
    assert!(widget["content"].as_str().is_some_and(|text| text.contains("#1 [ ] buy milk")), "{widget}");
}

/// Sets its flag when dropped: the scripted model's response body is dropped when our server hangs up.
struct HangUpFlag(std::sync::Arc<std::sync::atomic::AtomicBool>);

impl Drop for HangUpFlag {
    fn drop(&mut self) {
        self.0.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_client_that_disconnects_cancels_the_upstream_request() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    use futures_util::StreamExt;

    // A model that says one word, then keeps the stream open without end.
    let hung_up = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&hung_up);
    let model = axum::Router::new().route(
        "/v1/chat/completions",
        axum::routing::post(move || {
            let guard = HangUpFlag(Arc::clone(&flag));
            async move {
                let first =
                    format!("data: {}\n\n", json!({"choices": [{"index": 0, "delta": {"content": "Thinking"}}]}));
                let body = futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(first) })
                    .chain(futures_util::stream::pending())
                    .map(move |frame| {
                        let _keep = &guard;
                        frame
                    });
                axum::response::Response::builder()
                    .header("content-type", "text/event-stream")
                    .body(axum::body::Body::from_stream(body))
                    .expect("a response")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let base_url = format!("http://{}/v1", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, model).await });
    let app = spawn_app_with(Backend::Sqlite, move |config| {
        config.assistant = Some(AssistantKind::Llm);
        config.openai_api_key = Some("test".into());
        config.openai_base_url = Some(base_url);
    })
    .await
    .expect("SQLite is always available");
    let user = app.new_user("leaver").await;

    let body = json!({"type": "threads.create", "params": {"input": user_input("think hard")}});
    let mut response = user.post_json("/chatkit", &body).await;
    let mut seen = String::new();
    while !seen.contains("text_delta") {
        let chunk = tokio::time::timeout(Duration::from_secs(5), response.chunk()).await.expect("a chunk in time");
        seen.push_str(&String::from_utf8_lossy(&chunk.expect("the stream").expect("more of the stream")));
    }
    assert!(!hung_up.load(Ordering::SeqCst), "the model's stream is open while the client listens");
    drop(response);
    for _ in 0..100 {
        if hung_up.load(Ordering::SeqCst) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the upstream request was still open 5 s after the client left");
}
