//! Golden wire format: the JSON the official Python SDK (openai-chatkit 1.6.5) puts on the wire.
//!
//! `tests/fixtures/generate.py` (run by `scripts/gen-fixtures`) writes one file per SDK model, serialized as the
//! SDK's server does. Every fixture must parse into the matching Rust type and serialize back to the same JSON
//! value; every body in `invalid_requests/` (all refused by the SDK) must be refused here too.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use chatkit::actions::{Action, ActionConfig};
use chatkit::types::{
    Attachment, ChatKitReq, Page, SyncCustomActionResponse, Thread, ThreadItem, ThreadMetadata, ThreadStreamEvent,
    TranscriptionResult,
};
use chatkit::widgets::WidgetRoot;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Parses a fixture, serializes it back and compares; `Err` carries a readable explanation.
type Check = fn(&str) -> Result<(), String>;

/// Each category folder, with the number of fixtures it held when the generator was last changed: a lost
/// folder or a generator that silently writes less fails here.
const CATEGORIES: &[(&str, usize)] =
    &[("requests", 24), ("items", 29), ("events", 35), ("threads", 10), ("pages", 7), ("widgets", 11), ("misc", 14)];
const INVALID_REQUESTS: (&str, usize) = ("invalid_requests", 19);

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// The `.json` files of one category, sorted, as (file name, contents).
fn fixtures(category: &str) -> Vec<(String, String)> {
    let dir = fixtures_dir().join(category);
    let entries = fs::read_dir(&dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err} (run scripts/gen-fixtures)", dir.display()));
    let mut files: Vec<(String, String)> = entries
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| {
            let name = path.file_name().expect("a file name").to_string_lossy().into_owned();
            let text = fs::read_to_string(&path).unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
            (name, text)
        })
        .collect();
    files.sort();
    files
}

/// The Rust type a fixture must round-trip through: by category, then by file-name prefix (the same choice
/// generate.py makes when it checks each fixture with the SDK).
fn check_for(category: &str, name: &str) -> Option<Check> {
    let starts = |prefix: &str| name.starts_with(prefix);
    let check: Check = match category {
        "requests" => round_trip::<ChatKitReq>,
        "items" => round_trip::<ThreadItem>,
        "events" => round_trip::<ThreadStreamEvent>,
        "widgets" => round_trip::<WidgetRoot>,
        "threads" if starts("thread_metadata_") => round_trip::<ThreadMetadata>,
        "threads" if starts("thread_") => round_trip::<Thread>,
        "pages" if starts("threads_page_") => round_trip::<Page<ThreadMetadata>>,
        "pages" if starts("items_page_") => round_trip::<Page<ThreadItem>>,
        "pages" if starts("threads_list_response") => round_trip::<Page<Thread>>,
        "misc" if starts("sync_custom_action_response_") => round_trip::<SyncCustomActionResponse>,
        "misc" if starts("transcription_result") => round_trip::<TranscriptionResult>,
        "misc" if starts("attachment_") => round_trip::<Attachment>,
        "misc" if starts("action_config_") => round_trip::<ActionConfig>,
        "misc" if starts("action_") => round_trip::<Action>,
        _ => return None,
    };
    Some(check)
}

fn round_trip<T: DeserializeOwned + Serialize>(text: &str) -> Result<(), String> {
    let expected: Value = serde_json::from_str(text).map_err(|err| format!("the fixture is not JSON: {err}"))?;
    let parsed: T =
        serde_json::from_str(text).map_err(|err| format!("does not parse as {}: {err}", std::any::type_name::<T>()))?;
    let actual = serde_json::to_value(&parsed).map_err(|err| format!("does not serialize: {err}"))?;
    if actual == expected {
        return Ok(());
    }
    let mut differences = Vec::new();
    diff("$", &expected, &actual, &mut differences);
    let mut message = format!("serializes differently ({} difference(s); expected = fixture):", differences.len());
    for line in &differences {
        let _ = write!(message, "\n      {line}");
    }
    Err(message)
}

/// Lists where two JSON values differ, one line per difference, as `$.path: ...`.
fn diff(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, want_value) in want {
                let child = format!("{path}.{key}");
                match got.get(key) {
                    Some(got_value) => diff(&child, want_value, got_value, out),
                    None => out.push(format!("{child}: missing (expected {})", show(want_value))),
                }
            }
            for (key, got_value) in got {
                if !want.contains_key(key) {
                    out.push(format!("{path}.{key}: not in the fixture (got {})", show(got_value)));
                }
            }
        }
        (Value::Array(want), Value::Array(got)) => {
            for (index, (want_value, got_value)) in want.iter().zip(got).enumerate() {
                diff(&format!("{path}[{index}]"), want_value, got_value, out);
            }
            if want.len() != got.len() {
                out.push(format!("{path}: expected {} element(s), got {}", want.len(), got.len()));
            }
        }
        _ if expected != actual => out.push(format!("{path}: expected {}, got {}", show(expected), show(actual))),
        _ => {}
    }
}

/// Compact JSON, shortened for messages. Numbers keep their form, so `200.0` vs `200` stays visible.
fn show(value: &Value) -> String {
    const MAX: usize = 120;
    let text = value.to_string();
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

fn fail_if_any(what: &str, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{} {what}:\n  {}\n(fixtures in {}; regenerate with scripts/gen-fixtures)",
        failures.len(),
        failures.join("\n  "),
        fixtures_dir().display(),
    );
}

#[test]
fn every_fixture_round_trips_through_its_rust_type() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (category, _) in CATEGORIES {
        for (name, text) in fixtures(category) {
            let Some(check) = check_for(category, &name) else {
                failures.push(format!("{category}/{name}: no Rust type for this file name"));
                continue;
            };
            checked += 1;
            if let Err(why) = check(&text) {
                failures.push(format!("{category}/{name}: {why}"));
            }
        }
    }
    fail_if_any(&format!("of {checked} fixture(s) do not round-trip"), &failures);
}

#[test]
fn every_category_folder_holds_its_fixtures() {
    let mut failures = Vec::new();
    for &(category, minimum) in CATEGORIES.iter().chain([&INVALID_REQUESTS]) {
        let found = fixtures(category).len();
        if found < minimum {
            failures.push(format!("{category}/: {found} fixture(s), expected at least {minimum}"));
        }
    }
    fail_if_any("fixture folder(s) are short", &failures);
}

/// The `type` tags found at the top of every fixture of a category.
fn tags(category: &str) -> BTreeSet<String> {
    fixtures(category)
        .iter()
        .filter_map(|(_, text)| serde_json::from_str::<Value>(text).ok())
        .filter_map(|value| value.get("type").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Every `type` tag found anywhere inside the fixtures of a category.
fn nested_tags(category: &str) -> BTreeSet<String> {
    fn collect(value: &Value, out: &mut BTreeSet<String>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(tag)) = map.get("type") {
                    out.insert(tag.clone());
                }
                map.values().for_each(|child| collect(child, out));
            }
            Value::Array(items) => items.iter().for_each(|child| collect(child, out)),
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    for (_, text) in fixtures(category) {
        if let Ok(value) = serde_json::from_str::<Value>(&text) {
            collect(&value, &mut out);
        }
    }
    out
}

fn missing(found: &BTreeSet<String>, wanted: &[&str]) -> Vec<String> {
    wanted.iter().filter(|tag| !found.contains(**tag)).map(|tag| (*tag).to_owned()).collect()
}

#[test]
fn the_fixtures_cover_every_variant_of_the_sdk_unions() {
    let requests = [
        "threads.create",
        "threads.add_user_message",
        "threads.add_client_tool_output",
        "threads.add_structured_input",
        "threads.retry_after_item",
        "threads.custom_action",
        "threads.get_by_id",
        "threads.list",
        "items.list",
        "items.feedback",
        "attachments.create",
        "attachments.delete",
        "threads.update",
        "threads.delete",
        "input.transcribe",
        "threads.sync_custom_action",
    ];
    let items = [
        "user_message",
        "assistant_message",
        "client_tool_call",
        "widget",
        "generated_image",
        "structured_input",
        "workflow",
        "task",
        "hidden_context_item",
        "sdk_hidden_context",
        "end_of_turn",
    ];
    let events = [
        "thread.created",
        "thread.updated",
        "thread.item.done",
        "thread.item.added",
        "thread.item.updated",
        "thread.item.removed",
        "thread.item.replaced",
        "stream_options",
        "progress_update",
        "client_effect",
        "error",
        "notice",
    ];
    let updates = [
        "assistant_message.content_part.added",
        "assistant_message.content_part.text_delta",
        "assistant_message.content_part.annotation_added",
        "assistant_message.content_part.done",
        "widget.streaming_text.value_delta",
        "widget.component.updated",
        "widget.root.updated",
        "workflow.task.added",
        "workflow.task.updated",
        "generated_image.updated",
    ];
    let components = [
        "Card",
        "ListView",
        "Basic",
        "ListViewItem",
        "Box",
        "Row",
        "Col",
        "Form",
        "Text",
        "Title",
        "Caption",
        "Markdown",
        "Badge",
        "Label",
        "Button",
        "Icon",
        "Image",
        "Divider",
        "Spacer",
        "Checkbox",
        "Input",
        "Textarea",
        "Select",
        "DatePicker",
        "RadioGroup",
        "Transition",
        "Chart",
        "bar",
        "area",
        "line",
    ];
    let items_inside = [
        "input_text",
        "input_tag",
        "file",
        "image",
        "output_text",
        "annotation",
        "url",
        "entity",
        "custom",
        "web_search",
        "thought",
        "multiple_choice",
        "freeform",
        "reasoning",
    ];
    let misc = ["file", "image"];

    let mut failures = Vec::new();
    let mut expect = |what: &str, found: BTreeSet<String>, wanted: &[&str]| {
        let absent = missing(&found, wanted);
        if !absent.is_empty() {
            failures.push(format!("{what}: no fixture for {}", absent.join(", ")));
        }
    };
    expect("requests", tags("requests"), &requests);
    expect("items", tags("items"), &items);
    expect("items (nested)", nested_tags("items"), &items_inside);
    expect("events", tags("events"), &events);
    expect("events (updates)", nested_tags("events"), &updates);
    expect("widgets", nested_tags("widgets"), &components);
    expect("misc (attachments)", tags("misc"), &misc);
    fail_if_any("union(s) lack fixtures", &failures);
}

#[test]
fn requests_the_sdk_refuses_are_refused() {
    let mut failures = Vec::new();
    let mut bodies: Vec<(String, String)> = fixtures(INVALID_REQUESTS.0)
        .into_iter()
        .map(|(name, text)| (format!("{}/{name}", INVALID_REQUESTS.0), text))
        .collect();
    // Not JSON at all, or not a whole document.
    for (name, text) in [
        ("empty body", ""),
        ("truncated JSON", r#"{"type": "threads.list", "params": {"#),
        ("trailing garbage", r#"{"type": "threads.list", "params": {}} x"#),
        ("null", "null"),
    ] {
        bodies.push((name.to_owned(), text.to_owned()));
    }
    for (name, text) in bodies {
        if let Ok(parsed) = serde_json::from_str::<ChatKitReq>(&text) {
            let back = serde_json::to_string(&parsed).unwrap_or_else(|err| format!("<unserializable: {err}>"));
            failures.push(format!("{name}: accepted, read as {back}"));
        }
    }
    fail_if_any("malformed request(s) were accepted", &failures);
}

/// Mutations of every valid request that the SDK refuses (every `params` is required and typed; ids are
/// strings and pydantic never turns a number into a string).
#[test]
fn broken_variants_of_valid_requests_are_refused() {
    type Mutation = (&'static str, fn(&mut serde_json::Map<String, Value>) -> bool);
    let mutations: [Mutation; 5] = [
        ("unknown type", |req| req.insert("type".into(), "threads.unknown".into()).is_some()),
        ("type removed", |req| req.remove("type").is_some()),
        ("params removed", |req| req.remove("params").is_some()),
        ("params a string", |req| req.insert("params".into(), "oops".into()).is_some()),
        ("thread_id a number", |req| match req.get_mut("params") {
            Some(Value::Object(params)) if params.contains_key("thread_id") => {
                params.insert("thread_id".into(), 42.into());
                true
            }
            _ => false,
        }),
    ];
    let mut failures = Vec::new();
    let mut tried = 0;
    for (name, text) in fixtures("requests") {
        let Ok(Value::Object(original)) = serde_json::from_str::<Value>(&text) else {
            failures.push(format!("requests/{name}: not a JSON object"));
            continue;
        };
        for (what, mutate) in mutations {
            let mut request = original.clone();
            if !mutate(&mut request) {
                continue;
            }
            tried += 1;
            let body = Value::Object(request).to_string();
            if serde_json::from_str::<ChatKitReq>(&body).is_ok() {
                failures.push(format!("requests/{name} with {what}: accepted: {body}"));
            }
        }
    }
    assert!(tried > 0, "no request fixtures to mutate");
    fail_if_any("broken request(s) were accepted", &failures);
}
