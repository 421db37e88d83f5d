//! [`ResponseSink`]: where a response handler writes its events, with helpers for the common shapes.

use std::sync::Arc;

use futures_util::{Stream, StreamExt};
use tokio::sync::mpsc;

use crate::error::StreamError;
use crate::store::IdKind;
use crate::types::{
    AssistantMessageContent, AssistantMessageItem, ItemBase, ThreadItem, ThreadItemUpdate, ThreadMetadata,
    ThreadStreamEvent, WidgetItem, time,
};
use crate::widgets::{WidgetRoot, diff_widget};

/// What a handler sends to the processor, in order.
#[derive(Debug)]
pub(crate) enum SinkMessage {
    Event(Box<ThreadStreamEvent>),
    /// The handler changed the thread (its title, say); the processor saves it and sends `thread.updated`.
    Thread(Box<ThreadMetadata>),
    /// Answered once everything sent before it has been handled (see [`ResponseSink::flush`]).
    Flush(tokio::sync::oneshot::Sender<()>),
}

type IdGenerator = Arc<dyn Fn(IdKind) -> String + Send + Sync>;

/// The writing end of a streamed response. Every method fails with [`StreamError::Cancelled`] once the
/// client has gone, so a handler stops at its next write.
#[derive(Clone)]
pub struct ResponseSink {
    tx: mpsc::Sender<SinkMessage>,
    thread_id: String,
    ids: IdGenerator,
}

impl ResponseSink {
    pub(crate) fn new(tx: mpsc::Sender<SinkMessage>, thread_id: String, ids: IdGenerator) -> Self {
        Self { tx, thread_id, ids }
    }

    /// The thread this response belongs to.
    pub fn thread_id(&self) -> &str {
        &self.thread_id
    }

    /// A new item id from the store's generator.
    pub fn new_id(&self, kind: IdKind) -> String {
        (self.ids)(kind)
    }

    /// A fresh item header for this thread, created now.
    pub fn new_item_base(&self, kind: IdKind) -> ItemBase {
        ItemBase { id: self.new_id(kind), thread_id: self.thread_id.clone(), created_at: time::now() }
    }

    /// Sends one event.
    pub async fn send(&self, event: ThreadStreamEvent) -> Result<(), StreamError> {
        self.tx.send(SinkMessage::Event(Box::new(event))).await.map_err(|_| StreamError::Cancelled)
    }

    /// Records a change to the thread (title, status, metadata): saved, then sent as `thread.updated`.
    pub async fn update_thread(&self, thread: ThreadMetadata) -> Result<(), StreamError> {
        self.tx.send(SinkMessage::Thread(Box::new(thread))).await.map_err(|_| StreamError::Cancelled)
    }

    /// Waits until everything sent so far has been saved and handed to the client's stream. A handler that
    /// limits how many responses build their answers at once holds its permit until then, so that finished
    /// answers waiting to be saved do not pile up in memory outside the limit.
    pub async fn flush(&self) -> Result<(), StreamError> {
        let (done, handled) = tokio::sync::oneshot::channel();
        self.tx.send(SinkMessage::Flush(done)).await.map_err(|_| StreamError::Cancelled)?;
        handled.await.map_err(|_| StreamError::Cancelled)
    }

    /// Sends a `progress_update` line.
    pub async fn progress(&self, text: impl Into<String>) -> Result<(), StreamError> {
        self.send(ThreadStreamEvent::progress(text)).await
    }

    /// Sends a complete item (`thread.item.done`); it is saved.
    pub async fn item_done(&self, item: ThreadItem) -> Result<(), StreamError> {
        self.send(ThreadStreamEvent::ThreadItemDone { item }).await
    }

    /// Replaces an existing item in place (`thread.item.replaced`); it is saved.
    pub async fn replace_item(&self, item: ThreadItem) -> Result<(), StreamError> {
        self.send(ThreadStreamEvent::ThreadItemReplaced { item }).await
    }

    /// Sends a finished widget as a new item, and returns its item id.
    pub async fn widget(&self, widget: WidgetRoot, copy_text: Option<String>) -> Result<String, StreamError> {
        let base = self.new_item_base(IdKind::Message);
        let id = base.id.clone();
        self.item_done(ThreadItem::Widget(WidgetItem { base, widget, copy_text })).await?;
        Ok(id)
    }

    /// Streams a widget from a sequence of its states: the first is `thread.item.added`, each change is sent as
    /// the SDK's widget deltas (text appended to a `Text`/`Markdown` with an id streams as a value delta;
    /// anything else replaces the root), the last is `thread.item.done`. Returns the item id.
    pub async fn stream_widget(
        &self,
        states: impl Stream<Item = WidgetRoot> + Send,
        copy_text: Option<String>,
    ) -> Result<String, StreamError> {
        let mut states = std::pin::pin!(states);
        let Some(first) = states.next().await else {
            return Err(StreamError::Failed("stream_widget got no widget state".into()));
        };
        let base = self.new_item_base(IdKind::Message);
        let id = base.id.clone();
        let mut item = WidgetItem { base, widget: first, copy_text };
        self.send(ThreadStreamEvent::ThreadItemAdded { item: ThreadItem::Widget(item.clone()) }).await?;
        while let Some(next) = states.next().await {
            let updates = diff_widget(&item.widget, &next).map_err(|error| StreamError::Failed(error.to_string()))?;
            for update in updates {
                let update = ThreadItemUpdate::Widget(update);
                self.send(ThreadStreamEvent::ThreadItemUpdated { item_id: id.clone(), update }).await?;
            }
            item.widget = next;
        }
        self.item_done(ThreadItem::Widget(item)).await?;
        Ok(id)
    }

    /// Sends a whole assistant message, streamed as one text delta.
    pub async fn assistant_text(&self, text: impl Into<String>) -> Result<String, StreamError> {
        let mut message = self.assistant_message().await?;
        message.delta(text).await?;
        let id = message.id().to_owned();
        message.finish().await?;
        Ok(id)
    }

    /// Starts an assistant message whose text is streamed with [`AssistantMessageWriter::delta`].
    pub async fn assistant_message(&self) -> Result<AssistantMessageWriter<'_>, StreamError> {
        let item = AssistantMessageItem { base: self.new_item_base(IdKind::Message), content: Vec::new() };
        self.send(ThreadStreamEvent::ThreadItemAdded { item: ThreadItem::AssistantMessage(item.clone()) }).await?;
        let writer = AssistantMessageWriter { sink: self, item, text: String::new() };
        writer
            .update(ThreadItemUpdate::ContentPartAdded { content_index: 0, content: AssistantMessageContent::text("") })
            .await?;
        Ok(writer)
    }
}

/// An assistant message being streamed: `added` → `content_part.added` → `text_delta`… → `content_part.done` → `done`.
pub struct AssistantMessageWriter<'a> {
    sink: &'a ResponseSink,
    item: AssistantMessageItem,
    text: String,
}

impl AssistantMessageWriter<'_> {
    /// The item id of this message.
    pub fn id(&self) -> &str {
        &self.item.base.id
    }

    /// The text sent so far.
    pub fn text(&self) -> &str {
        &self.text
    }

    async fn update(&self, update: ThreadItemUpdate) -> Result<(), StreamError> {
        self.sink.send(ThreadStreamEvent::ThreadItemUpdated { item_id: self.item.base.id.clone(), update }).await
    }

    /// Appends text.
    pub async fn delta(&mut self, delta: impl Into<String>) -> Result<(), StreamError> {
        let delta = delta.into();
        if delta.is_empty() {
            return Ok(());
        }
        self.text.push_str(&delta);
        self.update(ThreadItemUpdate::ContentPartTextDelta { content_index: 0, delta }).await
    }

    /// Closes the content part and the item; the message is saved.
    pub async fn finish(mut self) -> Result<AssistantMessageItem, StreamError> {
        let content = AssistantMessageContent::text(std::mem::take(&mut self.text));
        self.update(ThreadItemUpdate::ContentPartDone { content_index: 0, content: content.clone() }).await?;
        self.item.content = vec![content];
        self.sink.item_done(ThreadItem::AssistantMessage(self.item.clone())).await?;
        Ok(self.item)
    }
}
