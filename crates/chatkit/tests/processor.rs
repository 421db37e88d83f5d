//! The processor's behaviour, scenario by scenario (after the SDK's tests/test_chatkit_server.py), against the
//! in-memory store and a scripted server whose response depends on the user's text.

use std::sync::Arc;
use std::time::Duration;

use chatkit::store::StoreResult;
use chatkit::types::{
    Attachment, AttachmentCreateParams, ChatKitReq, ClientToolCallItem, ClientToolCallStatus, Order, Page,
    StructuredInput, StructuredInputItem, StructuredInputStatus, SyncCustomActionResponse, ThreadItem, ThreadMetadata,
    ThreadStreamEvent, UserMessageItem, WidgetItem,
};
use chatkit::widgets::WidgetRoot;
use chatkit::{
    Action, AttachmentStore, ChatKitServer, Error, MemoryStore, Processed, ResponseSink, Store, StreamError, process,
};
use serde_json::{Value, json};
use tokio_stream::StreamExt;

struct ScriptedServer {
    store: MemoryStore,
}

fn widget(value: Value) -> WidgetRoot {
    serde_json::from_value(value).expect("a valid widget")
}

fn card(label: &str) -> WidgetRoot {
    widget(json!({"type": "Card", "id": "demo_card", "children": [
        {"type": "Text", "id": "demo_text", "value": label},
        {"type": "Button", "id": "demo_button", "label": "Press", "onClickAction": {"type": "press", "payload": {"n": 1}}}
    ]}))
}

/// Attachment bytes "stored" nowhere: registers uploads with integration-only metadata.
struct UploadUrls;

impl AttachmentStore<()> for UploadUrls {
    async fn create_attachment(&self, params: &AttachmentCreateParams, context: &()) -> StoreResult<Attachment> {
        let id = AttachmentStore::<()>::generate_attachment_id(self, &params.mime_type, context);
        Ok(serde_json::from_value(json!({
            "type": "file", "id": id, "name": params.name, "mime_type": params.mime_type,
            "upload_descriptor": {"url": format!("https://uploads.example/{id}"), "method": "PUT", "headers": {}},
            "metadata": {"bucket_key": "internal/secret"}
        }))
        .expect("a valid attachment"))
    }

    async fn delete_attachment(&self, _attachment_id: &str, _context: &()) -> StoreResult<()> {
        Ok(())
    }
}

impl ChatKitServer<()> for ScriptedServer {
    type Store = MemoryStore;

    fn store(&self) -> &MemoryStore {
        &self.store
    }

    fn attachment_store(&self) -> Option<&impl AttachmentStore<()>> {
        Some(&UploadUrls)
    }

    async fn sync_action(
        &self,
        _thread: &ThreadMetadata,
        action: &Action,
        sender: Option<&WidgetItem>,
        _context: &(),
    ) -> Result<SyncCustomActionResponse, Error> {
        let mut updated = sender.cloned().ok_or_else(|| Error::Invalid("no sender".into()))?;
        updated.widget = card(&format!("synced {}", action.kind));
        Store::<()>::save_item(&self.store, &updated.base.thread_id.clone(), &ThreadItem::Widget(updated.clone()), &())
            .await?;
        Ok(SyncCustomActionResponse { updated_item: Some(ThreadItem::Widget(updated)) })
    }

    async fn respond(
        &self,
        thread: &ThreadMetadata,
        input: Option<&UserMessageItem>,
        _context: &(),
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let text = input.map(UserMessageItem::text).unwrap_or_else(|| "continue".into());
        let (command, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
        match command {
            "echo" => {
                let mut message = sink.assistant_message().await?;
                for word in rest.split_inclusive(' ') {
                    message.delta(word).await?;
                }
                message.finish().await?;
            }
            "widget" => {
                sink.widget(card("before"), Some("copy me".into())).await?;
            }
            "typewriter" => {
                let states = ["Wri", "Writing", "Writing done"].map(|text| {
                    widget(json!({"type": "Card", "children": [
                        {"type": "Text", "id": "live_text", "value": text, "streaming": text != "Writing done"}]}))
                });
                sink.stream_widget(tokio_stream::iter(states), None).await?;
            }
            "hidden" => {
                let base = sink.new_item_base(chatkit::IdKind::Message);
                sink.item_done(ThreadItem::HiddenContext(chatkit::types::HiddenContextItem {
                    base,
                    content: json!({"secret": true}),
                }))
                .await?;
                sink.assistant_text("visible").await?;
            }
            "title" => {
                let mut changed = thread.clone();
                changed.title = Some(rest.to_owned());
                sink.update_thread(changed).await?;
                sink.assistant_text("renamed").await?;
            }
            "flushed" => {
                let id = sink.widget(card("kept"), None).await?;
                sink.flush().await?;
                // After flush, what was sent is in the store.
                let stored = Store::<()>::load_item(&self.store, &thread.id, &id, &()).await.is_ok();
                sink.assistant_text(format!("stored before flush returned: {stored}")).await?;
            }
            "fail" => return Err(StreamError::custom("Nothing to see here.", false)),
            "crash" => return Err(StreamError::Failed("upstream exploded".into())),
            "slow" => {
                let mut message = sink.assistant_message().await?;
                message.delta(rest).await?;
                std::future::pending::<()>().await;
            }
            "tool" => {
                let call = ClientToolCallItem {
                    base: sink.new_item_base(chatkit::IdKind::ToolCall),
                    status: ClientToolCallStatus::Pending,
                    call_id: "call_1".into(),
                    name: "get_location".into(),
                    arguments: serde_json::Map::new(),
                    output: Value::Null,
                };
                sink.item_done(ThreadItem::ClientToolCall(call)).await?;
            }
            "ask" => {
                let item = StructuredInputItem {
                    base: sink.new_item_base(chatkit::IdKind::Message),
                    status: StructuredInputStatus::Pending,
                    inputs: vec![
                        serde_json::from_value(json!({
                            "type": "multiple_choice", "id": "q1", "question": "Which?",
                            "options": [{"value": "a"}, {"value": "b"}]
                        }))
                        .expect("a valid input"),
                    ],
                };
                sink.item_done(ThreadItem::StructuredInput(item)).await?;
            }
            _ => {
                sink.assistant_text(format!("you said: {text}")).await?;
            }
        }
        Ok(())
    }

    async fn action(
        &self,
        _thread: &ThreadMetadata,
        action: &Action,
        sender: Option<&WidgetItem>,
        _context: &(),
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let Some(sender) = sender else {
            return Err(StreamError::custom("no sender", false));
        };
        let mut replaced = sender.clone();
        replaced.widget = card(&format!("after {}", action.payload));
        sink.replace_item(ThreadItem::Widget(replaced)).await
    }
}

fn server() -> Arc<ScriptedServer> {
    Arc::new(ScriptedServer { store: MemoryStore::new() })
}

/// When `CHATKIT_RECORD_DIR` is set, every reply is written there for `sdk_judge.py`, which validates it with
/// the official SDK's own models (scripts/test does this).
fn record(op: &str, kind: &str, body: &str) {
    let Ok(dir) = std::env::var("CHATKIT_RECORD_DIR") else { return };
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::path::Path::new(&dir).join(format!("{}-{n:05}-{op}.{kind}.json", std::process::id()));
    std::fs::create_dir_all(&dir).expect("record dir");
    std::fs::write(path, body).expect("recorded");
}

async fn json_of(server: &Arc<ScriptedServer>, request: Value) -> Value {
    match process(server, request.to_string().as_bytes(), ()).await.expect("request succeeds") {
        Processed::Json(body) => {
            record(request["type"].as_str().unwrap_or("unknown"), "reply", &String::from_utf8_lossy(&body));
            serde_json::from_slice(&body).expect("JSON body")
        }
        Processed::Stream(_) => panic!("expected JSON, got a stream"),
    }
}

async fn error_of(server: &Arc<ScriptedServer>, body: &[u8]) -> Error {
    process(server, body, ()).await.expect_err("request fails")
}

/// Raw event JSON of a whole stream, checking the SSE framing of each frame.
async fn stream_of(server: &Arc<ScriptedServer>, request: Value) -> Vec<Value> {
    let Processed::Stream(mut frames) =
        process(server, request.to_string().as_bytes(), ()).await.expect("request succeeds")
    else {
        panic!("expected a stream");
    };
    let mut events = Vec::new();
    while let Some(frame) =
        tokio::time::timeout(Duration::from_secs(5), frames.next()).await.expect("stream ends in time")
    {
        let text = std::str::from_utf8(&frame).expect("UTF-8 frame");
        let json =
            text.strip_prefix("data: ").and_then(|rest| rest.strip_suffix("\n\n")).expect("one data line per frame");
        assert!(!json.contains('\n'), "compact JSON on one line");
        let value: Value = serde_json::from_str(json).expect("JSON event");
        serde_json::from_value::<ThreadStreamEvent>(value.clone()).expect("a typed event");
        record("stream", "event", json);
        events.push(value);
    }
    events
}

fn types(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|event| {
            let kind = event["type"].as_str().unwrap_or_default();
            match kind {
                "thread.item.updated" => format!("updated:{}", event["update"]["type"].as_str().unwrap_or_default()),
                "thread.item.added" | "thread.item.done" | "thread.item.replaced" => {
                    format!(
                        "{}:{}",
                        kind.trim_start_matches("thread.item."),
                        event["item"]["type"].as_str().unwrap_or_default()
                    )
                }
                other => other.to_owned(),
            }
        })
        .collect()
}

fn create(text: &str) -> Value {
    json!({"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}})
}

fn add_message(thread_id: &str, text: &str) -> Value {
    json!({"type": "threads.add_user_message", "params": {"thread_id": thread_id, "input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}})
}

async fn items(server: &Arc<ScriptedServer>, thread_id: &str) -> Vec<ThreadItem> {
    Store::<()>::load_thread_items(&server.store, thread_id, None, 1000, Order::Asc, &()).await.expect("items").data
}

fn thread_id(events: &[Value]) -> String {
    events[0]["thread"]["id"].as_str().expect("thread.created first").to_owned()
}

#[tokio::test]
async fn threads_create_streams_created_user_message_options_then_the_response_in_order() {
    let server = server();
    let events = stream_of(&server, create("echo hello big world")).await;
    assert_eq!(
        types(&events),
        [
            "thread.created",
            "done:user_message",
            "stream_options",
            "added:assistant_message",
            "updated:assistant_message.content_part.added",
            "updated:assistant_message.content_part.text_delta",
            "updated:assistant_message.content_part.text_delta",
            "updated:assistant_message.content_part.text_delta",
            "updated:assistant_message.content_part.done",
            "done:assistant_message",
        ]
    );
    assert_eq!(events[0]["thread"]["items"], json!({"data": [], "has_more": false}));
    assert_eq!(events[0]["thread"]["status"], json!({"type": "active"}));
    assert_eq!(events[2]["stream_options"], json!({"allow_cancel": true}));
    assert!(events[0]["thread"]["id"].as_str().is_some_and(|id| id.starts_with("thr_") && id.len() == 36));
    let deltas: String = events.iter().filter_map(|event| event["update"]["delta"].as_str()).collect();
    assert_eq!(deltas, "hello big world");
    assert_eq!(events[9]["item"]["content"][0]["text"], "hello big world");
    let saved = items(&server, &thread_id(&events)).await;
    assert_eq!(saved.len(), 2, "the user message and the finished assistant message are saved");
}

#[tokio::test]
async fn add_user_message_appends_to_an_existing_thread_and_skips_thread_created() {
    let server = server();
    let first = stream_of(&server, create("one")).await;
    let id = thread_id(&first);
    let events = stream_of(&server, add_message(&id, "two")).await;
    assert_eq!(types(&events)[..2], ["done:user_message", "stream_options"]);
    assert_eq!(items(&server, &id).await.len(), 4);
}

#[tokio::test]
async fn hidden_context_items_are_saved_but_never_sent_to_the_client() {
    let server = server();
    let events = stream_of(&server, create("hidden")).await;
    assert!(!types(&events).iter().any(|kind| kind.contains("hidden")), "no hidden item in the stream: {events:?}");
    let id = thread_id(&events);
    assert!(items(&server, &id).await.iter().any(ThreadItem::is_hidden), "the hidden item is in the store");
    let thread = json_of(&server, json!({"type": "threads.get_by_id", "params": {"thread_id": id}})).await;
    let listed = json_of(&server, json!({"type": "items.list", "params": {"thread_id": id}})).await;
    for page in [&thread["items"], &listed] {
        let kinds: Vec<&str> =
            page["data"].as_array().expect("data").iter().filter_map(|item| item["type"].as_str()).collect();
        assert_eq!(kinds.len(), 2);
        assert!(!kinds.contains(&"hidden_context_item"));
    }
}

#[tokio::test]
async fn pages_skip_hidden_items_and_are_never_empty_while_more_remain() {
    let server = server();
    let events = stream_of(&server, create("hidden")).await;
    let id = thread_id(&events);
    for order in ["asc", "desc"] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut params = json!({"thread_id": id, "limit": 1, "order": order});
            if let Some(cursor) = &after {
                params["after"] = json!(cursor);
            }
            let page = json_of(&server, json!({"type": "items.list", "params": params})).await;
            let data = page["data"].as_array().expect("data");
            assert!(!(data.is_empty() && page["has_more"] == true), "an empty page claims more: {page}");
            seen.extend(data.iter().map(|item| item["type"].as_str().unwrap_or_default().to_owned()));
            if page["has_more"] != true {
                break;
            }
            after = page["after"].as_str().map(str::to_owned);
        }
        let mut expected = vec!["user_message".to_owned(), "assistant_message".to_owned()];
        if order == "desc" {
            expected.reverse();
        }
        assert_eq!(seen, expected, "{order}");
    }
}

#[tokio::test]
async fn a_thread_changed_by_the_handler_is_saved_and_sent_as_thread_updated() {
    let server = server();
    let events = stream_of(&server, create("title Groceries")).await;
    let updated: Vec<&Value> = events.iter().filter(|event| event["type"] == "thread.updated").collect();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0]["thread"]["title"], "Groceries");
    let id = thread_id(&events);
    let thread = json_of(&server, json!({"type": "threads.get_by_id", "params": {"thread_id": id}})).await;
    assert_eq!(thread["title"], "Groceries");
}

#[tokio::test]
async fn a_custom_handler_error_becomes_an_error_event_with_its_message_and_the_stream_ends() {
    let server = server();
    let events = stream_of(&server, create("fail")).await;
    let last = events.last().expect("events");
    assert_eq!(
        last,
        &json!({"type": "error", "code": "custom", "message": "Nothing to see here.", "allow_retry": false})
    );
}

#[tokio::test]
async fn an_internal_handler_error_is_a_retryable_stream_error_without_internal_text() {
    let server = server();
    let events = stream_of(&server, create("crash")).await;
    let last = events.last().expect("events");
    assert_eq!(last, &json!({"type": "error", "code": "stream.error", "allow_retry": true}));
}

#[tokio::test]
async fn stream_cancellation_persists_the_pending_assistant_message_and_a_hidden_note() {
    let server = server();
    let Processed::Stream(mut frames) =
        process(&server, create("slow partial answer").to_string().as_bytes(), ()).await.expect("starts")
    else {
        panic!("expected a stream");
    };
    let mut thread_id = None;
    // Read until the partial text has been sent, then hang up.
    while let Some(frame) = frames.next().await {
        let text = String::from_utf8_lossy(&frame).to_string();
        let event: Value = serde_json::from_str(text.trim_start_matches("data: ").trim()).expect("JSON");
        if event["type"] == "thread.created" {
            thread_id = event["thread"]["id"].as_str().map(str::to_owned);
        }
        if event["update"]["type"] == "assistant_message.content_part.text_delta" {
            break;
        }
    }
    drop(frames);
    let thread_id = thread_id.expect("thread created");
    let mut saved = Vec::new();
    for _ in 0..100 {
        saved = items(&server, &thread_id).await;
        if saved.len() >= 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(saved.len(), 3, "user message, partial assistant message, hidden note: {saved:?}");
    let ThreadItem::AssistantMessage(partial) = &saved[1] else {
        panic!("expected the assistant message, got {:?}", saved[1])
    };
    assert_eq!(partial.text(), "partial answer");
    assert!(matches!(&saved[2], ThreadItem::SdkHiddenContext(note) if note.content.contains("cancelled")));
}

#[tokio::test]
async fn cancellation_before_any_text_saves_only_the_hidden_note() {
    let server = server();
    let Processed::Stream(mut frames) =
        process(&server, create("slow").to_string().as_bytes(), ()).await.expect("starts")
    else {
        panic!("expected a stream");
    };
    let mut thread_id = None;
    while let Some(frame) = frames.next().await {
        let event: Value =
            serde_json::from_str(String::from_utf8_lossy(&frame).trim_start_matches("data: ").trim()).expect("JSON");
        if event["type"] == "thread.created" {
            thread_id = event["thread"]["id"].as_str().map(str::to_owned);
        }
        if event["update"]["type"] == "assistant_message.content_part.added" {
            break;
        }
    }
    drop(frames);
    let thread_id = thread_id.expect("thread created");
    let mut saved = Vec::new();
    for _ in 0..100 {
        saved = items(&server, &thread_id).await;
        if saved.len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let kinds: Vec<&str> = saved.iter().map(ThreadItem::kind).collect();
    assert_eq!(kinds, ["user_message", "sdk_hidden_context"]);
}

#[tokio::test]
async fn retry_after_item_deletes_everything_after_the_user_message_and_responds_again() {
    let server = server();
    let first = stream_of(&server, create("echo first")).await;
    let id = thread_id(&first);
    let user_message_id = first[1]["item"]["id"].as_str().expect("user message id").to_owned();
    stream_of(&server, add_message(&id, "echo second")).await;
    assert_eq!(items(&server, &id).await.len(), 4);

    let events = stream_of(
        &server,
        json!({"type": "threads.retry_after_item", "params": {"thread_id": id, "item_id": user_message_id}}),
    )
    .await;
    assert_eq!(types(&events)[0], "stream_options", "retry starts with stream options");
    let saved = items(&server, &id).await;
    let kinds: Vec<&str> = saved.iter().map(ThreadItem::kind).collect();
    assert_eq!(kinds, ["user_message", "assistant_message"]);
    let ThreadItem::AssistantMessage(answer) = &saved[1] else { panic!("assistant message") };
    assert_eq!(answer.text(), "first");
}

#[tokio::test]
async fn retry_after_an_item_that_is_not_a_user_message_is_refused_and_deletes_nothing() {
    let server = server();
    let first = stream_of(&server, create("echo first")).await;
    let id = thread_id(&first);
    let assistant_id = first.last().expect("done")["item"]["id"].as_str().expect("id").to_owned();
    let body =
        json!({"type": "threads.retry_after_item", "params": {"thread_id": id, "item_id": assistant_id}}).to_string();
    let error = error_of(&server, body.as_bytes()).await;
    assert_eq!(error.http_status(), 422, "{error}");
    assert_eq!(items(&server, &id).await.len(), 2);
}

#[tokio::test]
async fn a_widget_action_replaces_the_widget_in_place_and_the_replacement_is_saved() {
    let server = server();
    let events = stream_of(&server, create("widget")).await;
    let id = thread_id(&events);
    let widget_event = events.iter().find(|event| event["item"]["type"] == "widget").expect("widget done");
    assert_eq!(widget_event["type"], "thread.item.done");
    assert_eq!(widget_event["item"]["copy_text"], "copy me");
    let widget_id = widget_event["item"]["id"].as_str().expect("id").to_owned();
    let action = json!({"type": "threads.custom_action", "params": {"thread_id": id, "item_id": widget_id, "action": {"type": "press", "payload": {"n": 1}}}});
    let events = stream_of(&server, action).await;
    assert_eq!(types(&events), ["stream_options", "replaced:widget"]);
    assert_eq!(events[1]["item"]["id"], widget_id.as_str());
    let saved = items(&server, &id).await;
    assert_eq!(saved.len(), 2, "replaced, not appended");
    let ThreadItem::Widget(saved_widget) = &saved[1] else { panic!("widget") };
    let text = serde_json::to_value(&saved_widget.widget).expect("json")["children"][0]["value"].clone();
    assert_eq!(text, "after {\"n\":1}");
}

#[tokio::test]
async fn a_streamed_widget_sends_text_deltas_then_done_and_is_saved_once_in_its_final_state() {
    let server = server();
    let events = stream_of(&server, create("typewriter")).await;
    let kinds = types(&events);
    assert_eq!(
        kinds[3..],
        ["added:widget", "updated:widget.streaming_text.value_delta", "updated:widget.root.updated", "done:widget"]
    );
    assert_eq!(
        events[4]["update"],
        json!({"type": "widget.streaming_text.value_delta", "component_id": "live_text", "delta": "ting", "done": false})
    );
    // The last change also flips `streaming`, which the SDK sends as a whole new root.
    assert_eq!(events[5]["update"]["widget"]["children"][0]["value"], "Writing done");
    let saved = items(&server, &thread_id(&events)).await;
    assert_eq!(saved.len(), 2);
    let ThreadItem::Widget(done) = &saved[1] else { panic!("widget") };
    assert_eq!(serde_json::to_value(&done.widget).expect("json")["children"][0]["value"], "Writing done");
}

#[tokio::test]
async fn an_action_whose_sender_is_not_a_widget_is_refused_before_the_stream() {
    let server = server();
    let events = stream_of(&server, create("echo hi")).await;
    let id = thread_id(&events);
    let user_message_id = events[1]["item"]["id"].as_str().expect("id");
    let action = json!({"type": "threads.custom_action", "params": {"thread_id": id, "item_id": user_message_id, "action": {"type": "press"}}});
    let error = error_of(&server, action.to_string().as_bytes()).await;
    assert_eq!(error.http_status(), 422);
    assert!(error.to_string().contains("not a widget"), "{error}");
}

#[tokio::test]
async fn client_tool_output_completes_the_pending_call_and_the_server_responds() {
    let server = server();
    let events = stream_of(&server, create("tool")).await;
    let id = thread_id(&events);
    let output =
        json!({"type": "threads.add_client_tool_output", "params": {"thread_id": id, "result": {"city": "Oslo"}}});
    let events = stream_of(&server, output.clone()).await;
    assert_eq!(types(&events)[0], "stream_options");
    let saved = items(&server, &id).await;
    let ThreadItem::ClientToolCall(call) = &saved[1] else { panic!("tool call") };
    assert_eq!(call.status, ClientToolCallStatus::Completed);
    assert_eq!(call.output, json!({"city": "Oslo"}));
    // The last item is now the response, not a pending call: a second output is refused.
    let error = error_of(&server, output.to_string().as_bytes()).await;
    assert_eq!(error.http_status(), 422);
}

#[tokio::test]
async fn structured_input_answers_replace_the_item_then_respond_and_cannot_be_given_twice() {
    let server = server();
    let events = stream_of(&server, create("ask")).await;
    let id = thread_id(&events);
    let item_id = events.iter().find(|event| event["item"]["type"] == "structured_input").expect("asked")["item"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let answer = json!({"type": "threads.add_structured_input", "params": {"thread_id": id, "item_id": item_id,
        "input": {"status": "answered", "answers": {"q1": {"values": ["b", "a"]}}}}});
    let events = stream_of(&server, answer.clone()).await;
    assert_eq!(types(&events)[..2], ["stream_options", "replaced:structured_input"]);
    let saved = Store::<()>::load_item(&server.store, &id, &item_id, &()).await.expect("item");
    let ThreadItem::StructuredInput(item) = saved else { panic!("structured input") };
    assert_eq!(item.status, StructuredInputStatus::Answered);
    let StructuredInput::MultipleChoice { answer: Some(answer_given), .. } = &item.inputs[0] else {
        panic!("answered")
    };
    assert_eq!(answer_given.values, ["b"], "a single-choice question keeps the first value");
    assert_eq!(error_of(&server, answer.to_string().as_bytes()).await.http_status(), 422);
}

#[tokio::test]
async fn get_by_id_returns_the_first_twenty_items_oldest_first() {
    let server = server();
    let first = stream_of(&server, create("echo 0")).await;
    let id = thread_id(&first);
    for n in 1..15 {
        stream_of(&server, add_message(&id, &format!("echo {n}"))).await;
    }
    let thread = json_of(&server, json!({"type": "threads.get_by_id", "params": {"thread_id": id}})).await;
    let data = thread["items"]["data"].as_array().expect("data");
    assert_eq!(data.len(), 20);
    assert_eq!(data[0]["content"][0]["text"], "echo 0");
    assert_eq!(thread["items"]["has_more"], true);
    assert_eq!(thread["metadata"], json!({}));
}

#[tokio::test]
async fn items_list_pages_newest_first_by_default_and_the_cursor_walks_to_the_end() {
    let server = server();
    let first = stream_of(&server, create("echo 0")).await;
    let id = thread_id(&first);
    for n in 1..5 {
        stream_of(&server, add_message(&id, &format!("echo {n}"))).await;
    }
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let mut params = json!({"thread_id": id, "limit": 3});
        if let Some(cursor) = &after {
            params["after"] = json!(cursor);
        }
        let page: Page<ThreadItem> =
            serde_json::from_value(json_of(&server, json!({"type": "items.list", "params": params})).await)
                .expect("page");
        seen.extend(page.data.iter().map(|item| item.id().to_owned()));
        if !page.has_more {
            assert_eq!(page.after, None, "no cursor on the last page");
            break;
        }
        after = page.after;
    }
    let mut expected: Vec<String> = items(&server, &id).await.iter().map(|item| item.id().to_owned()).collect();
    expected.reverse();
    assert_eq!(seen, expected);
}

#[tokio::test]
async fn threads_list_update_and_delete() {
    let server = server();
    let a = thread_id(&stream_of(&server, create("a")).await);
    let b = thread_id(&stream_of(&server, create("b")).await);
    let listed = json_of(&server, json!({"type": "threads.list", "params": {"limit": 1}})).await;
    assert_eq!(listed["data"][0]["id"], b.as_str(), "newest first");
    assert_eq!(listed["data"][0]["items"], json!({"data": [], "has_more": false}));
    assert_eq!(listed["has_more"], true);
    assert_eq!(listed["after"], b.as_str());
    let renamed =
        json_of(&server, json!({"type": "threads.update", "params": {"thread_id": a, "title": "  Renamed  "}})).await;
    assert_eq!(renamed["title"], "Renamed");
    assert_eq!(json_of(&server, json!({"type": "threads.delete", "params": {"thread_id": a}})).await, json!({}));
    let error =
        error_of(&server, json!({"type": "threads.get_by_id", "params": {"thread_id": a}}).to_string().as_bytes())
            .await;
    assert_eq!(error.http_status(), 404);
}

#[tokio::test]
async fn feedback_on_known_items_answers_an_empty_object_and_unknown_items_are_not_found() {
    let server = server();
    let events = stream_of(&server, create("echo hi")).await;
    let id = thread_id(&events);
    let item_id = events.last().expect("done")["item"]["id"].as_str().expect("id").to_owned();
    let ok = json_of(
        &server,
        json!({"type": "items.feedback", "params": {"thread_id": id, "item_ids": [item_id], "kind": "positive"}}),
    )
    .await;
    assert_eq!(ok, json!({}));
    let body =
        json!({"type": "items.feedback", "params": {"thread_id": id, "item_ids": ["msg_nope"], "kind": "negative"}});
    assert_eq!(error_of(&server, body.to_string().as_bytes()).await.http_status(), 404);
}

#[tokio::test]
async fn bad_requests_are_typed_errors_with_the_right_status() {
    let server = server();
    let cases: Vec<(&[u8], u16, &str)> = vec![
        (b"{not json", 400, "malformed"),
        (b"", 400, "empty"),
        (br#"{"type": "threads.explode", "params": {}}"#, 422, "threads.explode"),
        (br#"{"type": "threads.list"}"#, 422, "params"),
        (br#"{"params": {}}"#, 422, "type"),
        (br#"{"type": "threads.get_by_id", "params": {"thread_id": 7}}"#, 422, "invalid type"),
        (br#"{"type": "threads.get_by_id", "params": {"thread_id": "thr_missing"}}"#, 404, "thr_missing"),
        (br#"{"type": "threads.add_user_message", "params": {"thread_id": "thr_missing", "input": {"content": [{"type": "input_text", "text": "x"}], "attachments": [], "inference_options": {}}}}"#, 404, "thr_missing"),
        (br#"{"type": "input.transcribe", "params": {"audio_base64": "***", "mime_type": "audio/webm"}}"#, 422, "base64"),
    ];
    for (body, status, needle) in cases {
        let error = error_of(&server, body).await;
        assert_eq!(error.http_status(), status, "{} -> {error}", String::from_utf8_lossy(body));
        assert!(error.to_string().contains(needle), "{error} should mention {needle}");
    }
    let huge = vec![b' '; chatkit::processor::DEFAULT_MAX_REQUEST_BYTES + 1];
    assert_eq!(error_of(&server, &huge).await.http_status(), 413);
}

#[tokio::test]
async fn a_create_with_an_unknown_attachment_leaves_no_thread_behind() {
    let server = server();
    let mut request = create("hello");
    request["params"]["input"]["attachments"] = json!(["atc_missing"]);
    let error = error_of(&server, request.to_string().as_bytes()).await;
    assert_eq!(error.http_status(), 404);
    let listed = json_of(&server, json!({"type": "threads.list", "params": {}})).await;
    assert_eq!(listed["data"], json!([]));
}

#[test]
fn every_request_type_parses_and_names_its_op() {
    let ops = [
        "threads.create",
        "threads.add_user_message",
        "threads.add_client_tool_output",
        "threads.add_structured_input",
        "threads.retry_after_item",
        "threads.custom_action",
        "threads.sync_custom_action",
        "threads.get_by_id",
        "threads.list",
        "threads.update",
        "threads.delete",
        "items.list",
        "items.feedback",
        "attachments.create",
        "attachments.delete",
        "input.transcribe",
    ];
    let streaming = ops.iter().filter(|op| {
        let params = match **op {
            "threads.create" => json!({"input": {"content": [], "attachments": [], "inference_options": {}}}),
            "threads.add_user_message" => {
                json!({"thread_id": "t", "input": {"content": [], "attachments": [], "inference_options": {}}})
            }
            "threads.add_client_tool_output" => json!({"thread_id": "t", "result": null}),
            "threads.add_structured_input" => json!({"thread_id": "t", "item_id": "i", "input": {}}),
            "threads.retry_after_item" => json!({"thread_id": "t", "item_id": "i"}),
            "threads.custom_action" | "threads.sync_custom_action" => {
                json!({"thread_id": "t", "action": {"type": "x"}})
            }
            "threads.get_by_id" | "threads.delete" => json!({"thread_id": "t"}),
            "threads.list" => json!({}),
            "threads.update" => json!({"thread_id": "t", "title": "x"}),
            "items.list" => json!({"thread_id": "t"}),
            "items.feedback" => json!({"thread_id": "t", "item_ids": ["i"], "kind": "positive"}),
            "attachments.create" => json!({"name": "n", "size": 1, "mime_type": "text/plain"}),
            "attachments.delete" => json!({"attachment_id": "a"}),
            _ => json!({"audio_base64": "", "mime_type": "audio/webm"}),
        };
        let request: ChatKitReq = serde_json::from_value(json!({"type": op, "params": params})).expect(op);
        assert_eq!(request.op(), **op);
        request.is_streaming()
    });
    assert_eq!(streaming.count(), 6);
}

#[tokio::test]
async fn attachments_are_registered_without_their_metadata_and_join_the_thread_of_the_message_that_uses_them() {
    let server = server();
    let created = json_of(
        &server,
        json!({"type": "attachments.create", "params": {"name": "list.txt", "size": 12, "mime_type": "text/plain"}}),
    )
    .await;
    let attachment_id = created["id"].as_str().expect("id").to_owned();
    assert!(attachment_id.starts_with("atc_"));
    assert_eq!(created["upload_descriptor"]["method"], "PUT");
    assert!(created.get("metadata").is_none(), "integration metadata never reaches the client: {created}");

    let mut request = create("echo with a file");
    request["params"]["input"]["attachments"] = json!([attachment_id]);
    let events = stream_of(&server, request).await;
    let sent = &events[1]["item"]["attachments"][0];
    assert_eq!(sent["thread_id"], thread_id(&events).as_str());
    assert!(sent.get("metadata").is_none());
    let stored = Store::<()>::load_attachment(&server.store, &attachment_id, &()).await.expect("stored");
    assert_eq!(stored.base().thread_id.as_deref(), Some(thread_id(&events).as_str()));
    assert!(stored.base().metadata.is_some(), "the store keeps the metadata");

    assert_eq!(
        json_of(&server, json!({"type": "attachments.delete", "params": {"attachment_id": attachment_id}})).await,
        json!({})
    );
    let again = json!({"type": "attachments.delete", "params": {"attachment_id": attachment_id}});
    assert_eq!(error_of(&server, again.to_string().as_bytes()).await.http_status(), 404);
}

#[tokio::test]
async fn a_sync_action_answers_the_updated_item_as_json() {
    let server = server();
    let events = stream_of(&server, create("widget")).await;
    let id = thread_id(&events);
    let widget_id =
        events.iter().find(|event| event["item"]["type"] == "widget").expect("widget")["item"]["id"].clone();
    let reply = json_of(&server, json!({"type": "threads.sync_custom_action", "params": {"thread_id": id, "item_id": widget_id, "action": {"type": "refresh"}}})).await;
    assert_eq!(reply["updated_item"]["id"], widget_id);
    assert_eq!(reply["updated_item"]["widget"]["children"][0]["value"], "synced refresh");
    let user_message_id = events[1]["item"]["id"].clone();
    let from_message = json!({"type": "threads.sync_custom_action", "params": {"thread_id": id, "item_id": user_message_id, "action": {"type": "refresh"}}});
    assert_eq!(error_of(&server, from_message.to_string().as_bytes()).await.http_status(), 422);
}

/// A store whose writes take a lock the handler also holds for a while (as a database write transaction does).
struct LockingStore {
    inner: MemoryStore,
    write_lock: Arc<tokio::sync::Mutex<()>>,
}

impl Store<()> for LockingStore {
    async fn load_thread(&self, thread_id: &str, context: &()) -> StoreResult<ThreadMetadata> {
        self.inner.load_thread(thread_id, context).await
    }
    async fn save_thread(&self, thread: &ThreadMetadata, context: &()) -> StoreResult<()> {
        let _write = self.write_lock.lock().await;
        self.inner.save_thread(thread, context).await
    }
    async fn load_thread_items(
        &self,
        thread_id: &str,
        after: Option<&str>,
        limit: usize,
        order: Order,
        context: &(),
    ) -> StoreResult<Page<ThreadItem>> {
        self.inner.load_thread_items(thread_id, after, limit, order, context).await
    }
    async fn load_threads(
        &self,
        limit: usize,
        after: Option<&str>,
        order: Order,
        context: &(),
    ) -> StoreResult<Page<ThreadMetadata>> {
        self.inner.load_threads(limit, after, order, context).await
    }
    async fn add_thread_item(&self, thread_id: &str, item: &ThreadItem, context: &()) -> StoreResult<()> {
        let _write = self.write_lock.lock().await;
        self.inner.add_thread_item(thread_id, item, context).await
    }
    async fn save_item(&self, thread_id: &str, item: &ThreadItem, context: &()) -> StoreResult<()> {
        let _write = self.write_lock.lock().await;
        self.inner.save_item(thread_id, item, context).await
    }
    async fn load_item(&self, thread_id: &str, item_id: &str, context: &()) -> StoreResult<ThreadItem> {
        self.inner.load_item(thread_id, item_id, context).await
    }
    async fn delete_thread(&self, thread_id: &str, context: &()) -> StoreResult<()> {
        self.inner.delete_thread(thread_id, context).await
    }
    async fn delete_thread_item(&self, thread_id: &str, item_id: &str, context: &()) -> StoreResult<()> {
        self.inner.delete_thread_item(thread_id, item_id, context).await
    }
    async fn save_attachment(&self, attachment: &Attachment, context: &()) -> StoreResult<()> {
        self.inner.save_attachment(attachment, context).await
    }
    async fn load_attachment(&self, attachment_id: &str, context: &()) -> StoreResult<Attachment> {
        self.inner.load_attachment(attachment_id, context).await
    }
    async fn delete_attachment(&self, attachment_id: &str, context: &()) -> StoreResult<()> {
        self.inner.delete_attachment(attachment_id, context).await
    }
}

/// Sends a title change, then takes the store's write lock for a while, as a task insert would.
struct TransactionalServer {
    store: LockingStore,
}

impl ChatKitServer<()> for TransactionalServer {
    type Store = LockingStore;

    fn store(&self) -> &LockingStore {
        &self.store
    }

    async fn respond(
        &self,
        thread: &ThreadMetadata,
        _input: Option<&UserMessageItem>,
        _context: &(),
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        let mut titled = thread.clone();
        titled.title = Some("titled".into());
        sink.update_thread(titled).await?;
        {
            let _transaction = self.store.write_lock.lock().await;
            // While the "transaction" is open the processor is saving the title, which needs the same lock.
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        sink.assistant_text("done").await?;
        Ok(())
    }
}

#[tokio::test]
async fn a_handler_holding_what_the_store_needs_does_not_deadlock_its_own_stream() {
    let server = Arc::new(TransactionalServer {
        store: LockingStore { inner: MemoryStore::new(), write_lock: Arc::new(tokio::sync::Mutex::new(())) },
    });
    let Processed::Stream(mut frames) =
        process(&server, create("hi").to_string().as_bytes(), ()).await.expect("starts")
    else {
        panic!("expected a stream");
    };
    let mut kinds = Vec::new();
    while let Some(frame) = tokio::time::timeout(Duration::from_secs(5), frames.next()).await.expect("no deadlock") {
        let event: Value =
            serde_json::from_str(String::from_utf8_lossy(&frame).trim_start_matches("data: ").trim()).expect("JSON");
        kinds.push(event["type"].as_str().unwrap_or_default().to_owned());
    }
    assert!(
        kinds.contains(&"thread.updated".to_owned()) && kinds.last().is_some_and(|kind| kind == "thread.item.done"),
        "{kinds:?}"
    );
}

#[tokio::test]
async fn flush_returns_once_everything_sent_before_it_is_saved() {
    let server = server();
    let events = stream_of(
        &server,
        json!({"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": "flushed"}],
            "attachments": [], "inference_options": {}}}}),
    )
    .await;
    let texts: Vec<&str> = events
        .iter()
        .filter(|event| event["type"] == "thread.item.done" && event["item"]["type"] == "assistant_message")
        .filter_map(|event| event["item"]["content"][0]["text"].as_str())
        .collect();
    assert_eq!(texts, ["stored before flush returned: true"]);
}
