//! The protocol's hot paths: encoding a large widget event, reading a stored one back, and a whole `threads.create`
//! on the in-memory store.
//! Compared with the official SDK doing the same work in `bench/sdk_protocol.py`; figures in BENCHMARKS.md.

use std::sync::Arc;

use chatkit::types::{ItemBase, ThreadItem, ThreadMetadata, ThreadStreamEvent, UserMessageItem, WidgetItem};
use chatkit::widgets::WidgetRoot;
use chatkit::{ChatKitServer, MemoryStore, Processed, ResponseSink, StreamError, process};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde_json::json;
use tokio_stream::StreamExt;

/// A ListView of `rows` tasks, each with a checkbox-like button, a title, a badge and a delete button.
fn task_list(rows: usize) -> WidgetRoot {
    let items: Vec<_> = (1..=rows)
        .map(|n| {
            json!({"type": "ListViewItem", "id": format!("task_{n}_item"), "children": [
                {"type": "Row", "gap": 2, "children": [
                    {"type": "Button", "id": format!("task_{n}_complete_button"), "label": "Done", "variant": "outline",
                     "onClickAction": {"type": "complete_task", "payload": {"number": n}}},
                    {"type": "Text", "id": format!("task_{n}_title_text"), "value": format!("Task number {n}: buy oat milk")},
                    {"type": "Badge", "id": format!("task_{n}_priority_badge"), "label": "high", "color": "danger"},
                    {"type": "Button", "id": format!("task_{n}_delete_button"), "label": "Delete", "color": "danger",
                     "onClickAction": {"type": "delete_task", "payload": {"number": n}}}
                ]}
            ]})
        })
        .collect();
    serde_json::from_value(
        json!({"type": "ListView", "id": "task_list_view", "status": {"text": "My tasks"}, "children": items}),
    )
    .expect("a valid list")
}

struct ReplyServer {
    store: MemoryStore,
}

impl ChatKitServer<()> for ReplyServer {
    type Store = MemoryStore;

    fn store(&self) -> &MemoryStore {
        &self.store
    }

    async fn respond(
        &self,
        _thread: &ThreadMetadata,
        _input: Option<&UserMessageItem>,
        _context: &(),
        sink: &ResponseSink,
    ) -> Result<(), StreamError> {
        sink.assistant_text("Here are your tasks.").await?;
        Ok(())
    }
}

fn widget_event(c: &mut Criterion) {
    let event = ThreadStreamEvent::ThreadItemDone {
        item: ThreadItem::Widget(WidgetItem {
            base: ItemBase::new("msg_0a1b2c3d", "thr_0a1b2c3d"),
            widget: task_list(100),
            copy_text: Some("100 tasks".into()),
        }),
    };
    let size = chatkit::sse::encode(&event).expect("encodes").len();
    let mut group = c.benchmark_group("encode");
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("list_view_100_rows_event", |b| b.iter(|| chatkit::sse::encode(&event).expect("encodes")));
    group.finish();
}

/// Reading a stored widget item back, as a click does before its handler runs.
fn widget_item_decode(c: &mut Criterion) {
    let item = ThreadItem::Widget(WidgetItem {
        base: ItemBase::new("msg_0a1b2c3d", "thr_0a1b2c3d"),
        widget: task_list(100),
        copy_text: Some("100 tasks".into()),
    });
    let stored = serde_json::to_string(&item).expect("encodes");
    let mut group = c.benchmark_group("decode");
    group.throughput(Throughput::Bytes(stored.len() as u64));
    group.bench_function("list_view_100_rows_item", |b| {
        b.iter(|| serde_json::from_str::<ThreadItem>(&stored).expect("decodes"))
    });
    group.finish();
}

fn threads_create(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let server = Arc::new(ReplyServer { store: MemoryStore::new() });
    let body = json!({"type": "threads.create", "params": {"input": {
        "content": [{"type": "input_text", "text": "show my tasks"}], "attachments": [], "inference_options": {}}}})
    .to_string();
    c.bench_function("process/threads_create_memory_store", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let Ok(Processed::Stream(mut frames)) = process(&server, body.as_bytes(), ()).await else {
                    panic!("expected a stream");
                };
                let mut bytes = 0;
                while let Some(frame) = frames.next().await {
                    bytes += frame.len();
                }
                bytes
            })
        })
    });
}

criterion_group!(benches, widget_event, widget_item_decode, threads_create);
criterion_main!(benches);
