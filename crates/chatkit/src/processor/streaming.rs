//! Requests answered with a stream: the preparation before the stream starts, and the event loop.

use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::{DEFAULT_PAGE_SIZE, EventStream, cancelled_note, item_for_client, thread_for_client};
use crate::actions::Action;
use crate::error::{Error, StreamError};
use crate::response::{ResponseSink, SinkMessage};
use crate::server::ChatKitServer;
use crate::store::{IdKind, Store};
use crate::types::{
    ChatKitReq, ClientToolCallStatus, ErrorCode, ErrorEvent, ItemBase, Order, Page, StructuredInput,
    StructuredInputAnswer, StructuredInputStatus, StructuredInputSubmission, StructuredInputSubmissionStatus,
    ThreadItem, ThreadItemUpdate, ThreadMetadata, ThreadStreamEvent, UserMessageInput, UserMessageItem, WidgetItem,
    time,
};

/// Frames buffered between the response task and a slow client.
const OUTPUT_BUFFER: usize = 64;
/// Events buffered between a handler and the processor.
const HANDLER_BUFFER: usize = 32;

/// What runs once the stream has started.
enum Handler {
    Respond(Option<Box<UserMessageItem>>),
    /// Replace the answered structured input item, then respond.
    StructuredInput(Box<ThreadItem>),
    Action {
        action: Action,
        sender: Option<Box<WidgetItem>>,
    },
}

/// Everything prepared before the first byte: the thread, events already decided, and the handler to run.
struct Prepared {
    thread: ThreadMetadata,
    prelude: Vec<ThreadStreamEvent>,
    handler: Handler,
}

pub(super) async fn start<S, C>(server: &Arc<S>, request: ChatKitReq, context: C) -> Result<EventStream, Error>
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    let prepared = prepare(server.as_ref(), request, &context).await?;
    let (out, frames) = mpsc::channel(OUTPUT_BUFFER);
    let server = Arc::clone(server);
    tokio::spawn(async move { run(server, context, prepared, out).await });
    Ok(ReceiverStream::new(frames))
}

async fn prepare<S, C>(server: &S, request: ChatKitReq, context: &C) -> Result<Prepared, Error>
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    let store = server.store();
    match request {
        ChatKitReq::ThreadsCreate(req) => {
            let input = req.params.input;
            validate_input(&input)?;
            let thread = ThreadMetadata::new(store.generate_thread_id(context));
            // Load attachments first: an unknown attachment must not leave an empty thread behind.
            let attachments = load_attachments(store, &input, &thread, context).await?;
            store.save_thread(&thread, context).await?;
            let created = ThreadStreamEvent::ThreadCreated { thread: thread_for_client(&thread, Page::default()) };
            let message = save_user_message(store, &thread, input, attachments, context).await?;
            let done =
                ThreadStreamEvent::ThreadItemDone { item: item_for_client(ThreadItem::UserMessage(message.clone())) };
            Ok(Prepared { thread, prelude: vec![created, done], handler: Handler::Respond(Some(Box::new(message))) })
        }
        ChatKitReq::ThreadsAddUserMessage(req) => {
            let params = req.params;
            validate_input(&params.input)?;
            let thread = store.load_thread(&params.thread_id, context).await?;
            let attachments = load_attachments(store, &params.input, &thread, context).await?;
            let message = save_user_message(store, &thread, params.input, attachments, context).await?;
            let done =
                ThreadStreamEvent::ThreadItemDone { item: item_for_client(ThreadItem::UserMessage(message.clone())) };
            Ok(Prepared { thread, prelude: vec![done], handler: Handler::Respond(Some(Box::new(message))) })
        }
        ChatKitReq::ThreadsAddClientToolOutput(req) => {
            let params = req.params;
            let thread = store.load_thread(&params.thread_id, context).await?;
            let last = store.load_thread_items(&thread.id, None, 1, Order::Desc, context).await?;
            let mut tool_call = match last.data.into_iter().next() {
                Some(ThreadItem::ClientToolCall(call)) if call.status == ClientToolCallStatus::Pending => call,
                _ => {
                    return Err(Error::Invalid(format!(
                        "the last item of thread {} is not a pending client tool call",
                        thread.id
                    )));
                }
            };
            tool_call.output = params.result;
            tool_call.status = ClientToolCallStatus::Completed;
            store.save_item(&thread.id, &ThreadItem::ClientToolCall(tool_call), context).await?;
            remove_dangling_tool_calls(store, &thread, context).await?;
            Ok(Prepared { thread, prelude: Vec::new(), handler: Handler::Respond(None) })
        }
        ChatKitReq::ThreadsAddStructuredInput(req) => {
            let params = req.params;
            let thread = store.load_thread(&params.thread_id, context).await?;
            let item = store.load_item(&thread.id, &params.item_id, context).await?;
            let ThreadItem::StructuredInput(mut item) = item else {
                return Err(Error::Invalid(format!("item {} is not a structured input", params.item_id)));
            };
            if item.status != StructuredInputStatus::Pending {
                return Err(Error::Invalid(format!("structured input {} was already answered", item.base.id)));
            }
            apply_structured_input(&mut item.inputs, &params.input);
            item.status = match params.input.status {
                StructuredInputSubmissionStatus::Answered => StructuredInputStatus::Answered,
                StructuredInputSubmissionStatus::Skipped => StructuredInputStatus::Skipped,
            };
            let item = Box::new(ThreadItem::StructuredInput(item));
            Ok(Prepared { thread, prelude: Vec::new(), handler: Handler::StructuredInput(item) })
        }
        ChatKitReq::ThreadsRetryAfterItem(req) => {
            let params = req.params;
            let thread = store.load_thread(&params.thread_id, context).await?;
            let (message, later) =
                find_user_message_and_later_items(store, &thread.id, &params.item_id, context).await?;
            for item_id in later {
                store.delete_thread_item(&thread.id, &item_id, context).await?;
            }
            Ok(Prepared { thread, prelude: Vec::new(), handler: Handler::Respond(Some(Box::new(message))) })
        }
        ChatKitReq::ThreadsCustomAction(req) => {
            let params = req.params;
            let thread = store.load_thread(&params.thread_id, context).await?;
            let sender = match &params.item_id {
                Some(item_id) => Some(Box::new(load_widget_sender(store, &thread.id, item_id, context).await?)),
                None => None,
            };
            Ok(Prepared { thread, prelude: Vec::new(), handler: Handler::Action { action: params.action, sender } })
        }
        other => Err(Error::Handler(format!("{} is not a streaming request", other.op()))),
    }
}

fn validate_input(input: &UserMessageInput) -> Result<(), Error> {
    if input.content.is_empty() && input.attachments.is_empty() {
        return Err(Error::Invalid("the message is empty: `input.content` has no parts".into()));
    }
    Ok(())
}

async fn load_attachments<C: Send + Sync>(
    store: &impl Store<C>,
    input: &UserMessageInput,
    thread: &ThreadMetadata,
    context: &C,
) -> Result<Vec<crate::types::Attachment>, Error> {
    let mut attachments = Vec::with_capacity(input.attachments.len());
    for attachment_id in &input.attachments {
        let mut attachment = store.load_attachment(attachment_id, context).await?;
        attachment.base_mut().thread_id = Some(thread.id.clone());
        attachments.push(attachment);
    }
    Ok(attachments)
}

async fn save_user_message<C: Send + Sync>(
    store: &impl Store<C>,
    thread: &ThreadMetadata,
    input: UserMessageInput,
    attachments: Vec<crate::types::Attachment>,
    context: &C,
) -> Result<UserMessageItem, Error> {
    for attachment in &attachments {
        store.save_attachment(attachment, context).await?;
    }
    let message = UserMessageItem {
        base: ItemBase {
            id: store.generate_item_id(IdKind::Message, thread, context),
            thread_id: thread.id.clone(),
            created_at: time::now(),
        },
        content: input.content,
        attachments,
        quoted_text: input.quoted_text,
        inference_options: input.inference_options,
    };
    store.add_thread_item(&thread.id, &ThreadItem::UserMessage(message.clone()), context).await?;
    Ok(message)
}

/// Pending client tool calls left behind (which should not happen) would confuse the next response.
async fn remove_dangling_tool_calls<C: Send + Sync>(
    store: &impl Store<C>,
    thread: &ThreadMetadata,
    context: &C,
) -> Result<(), Error> {
    let recent = store.load_thread_items(&thread.id, None, DEFAULT_PAGE_SIZE, Order::Desc, context).await?;
    for item in recent.data {
        if let ThreadItem::ClientToolCall(call) = item
            && call.status == ClientToolCallStatus::Pending
        {
            tracing::warn!(call_id = %call.call_id, "client tool call was never completed; removing it");
            store.delete_thread_item(&thread.id, &call.base.id, context).await?;
        }
    }
    Ok(())
}

fn apply_structured_input(inputs: &mut [StructuredInput], submission: &StructuredInputSubmission) {
    for input in inputs {
        let answer = submission.answers.get(input.id());
        let skipped = submission.status == StructuredInputSubmissionStatus::Skipped
            || answer.is_none_or(|answer| answer.skipped || answer.values.is_empty());
        let new_answer = match (skipped, answer, &*input) {
            (true, _, _) | (_, None, _) => StructuredInputAnswer { values: Vec::new(), skipped: true },
            (false, Some(answer), StructuredInput::MultipleChoice { multiple: false, .. }) => {
                StructuredInputAnswer { values: answer.values.iter().take(1).cloned().collect(), skipped: false }
            }
            (false, Some(answer), _) => StructuredInputAnswer { values: answer.values.clone(), skipped: false },
        };
        *input.answer_mut() = Some(new_answer);
    }
}

/// Walks the thread newest first to the user message `item_id`; returns it and the ids of the items after it.
async fn find_user_message_and_later_items<C: Send + Sync>(
    store: &impl Store<C>,
    thread_id: &str,
    item_id: &str,
    context: &C,
) -> Result<(UserMessageItem, Vec<String>), Error> {
    let mut later = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page =
            store.load_thread_items(thread_id, after.as_deref(), DEFAULT_PAGE_SIZE, Order::Desc, context).await?;
        for item in page.data {
            if item.id() == item_id {
                return match item {
                    ThreadItem::UserMessage(message) => Ok((message, later)),
                    _ => Err(Error::Invalid(format!(
                        "item {item_id} is not a user message; only a user message can be retried"
                    ))),
                };
            }
            later.push(item.id().to_owned());
        }
        match page.after {
            Some(cursor) if page.has_more => after = Some(cursor),
            _ => return Err(Error::NotFound(format!("item {item_id}"))),
        }
    }
}

/// Loads the item an action came from; it must be a widget.
pub(super) async fn load_widget_sender<C: Send + Sync>(
    store: &impl Store<C>,
    thread_id: &str,
    item_id: &str,
    context: &C,
) -> Result<WidgetItem, Error> {
    match store.load_item(thread_id, item_id, context).await? {
        ThreadItem::Widget(widget) => Ok(widget),
        other => Err(Error::Invalid(format!(
            "item {item_id} is a {}, not a widget: actions come only from widgets",
            other.kind()
        ))),
    }
}

/// How the event loop ended.
enum Outcome {
    Finished(Result<(), StreamError>),
    /// Persisting an event failed.
    Failed(StreamError),
    ClientGone,
}

/// The processor's view of one response: what is saved, what is pending, what the client has.
struct EventLoop<'a, S, C> {
    server: &'a S,
    context: &'a C,
    out: &'a mpsc::Sender<Bytes>,
    /// The thread as last saved.
    thread: ThreadMetadata,
    /// Items added but not yet done, kept current, saved if the client leaves.
    pending: Vec<ThreadItem>,
}

async fn run<S, C>(server: Arc<S>, context: C, prepared: Prepared, out: mpsc::Sender<Bytes>)
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    let Prepared { thread, prelude, handler } = prepared;
    let server_arc = server;
    let server = server_arc.as_ref();
    let mut events = EventLoop { server, context: &context, out: &out, thread: thread.clone(), pending: Vec::new() };
    for event in prelude {
        if events.emit(&event).await.is_err() {
            return; // The client left before the response began; everything so far is saved.
        }
    }
    let options = ThreadStreamEvent::StreamOptions { stream_options: server.stream_options(&thread, &context) };
    if events.emit(&options).await.is_err() {
        return;
    }

    let (tx, mut rx) = mpsc::channel(HANDLER_BUFFER);
    let ids = {
        let (server, thread, context) = (Arc::clone(&server_arc), thread.clone(), context.clone());
        Arc::new(move |kind: IdKind| server.store().generate_item_id(kind, &thread, &context))
    };
    let sink = ResponseSink::new(tx, thread.id.clone(), ids);

    // The handler runs on its own task: it must keep going (e.g. finish a database transaction) while this
    // loop persists what it sent, or the two could wait on each other. Dropping it (abort) cancels its work.
    let handler_task = {
        let (server, thread, context) = (Arc::clone(&server_arc), thread.clone(), context.clone());
        tokio::spawn(async move { run_handler(server.as_ref(), &thread, &context, &sink, handler).await })
    };
    let abort = handler_task.abort_handle();
    let outcome = loop {
        tokio::select! {
            biased;
            () = out.closed() => break Outcome::ClientGone,
            message = rx.recv() => match message {
                Some(message) => {
                    // Boxed: the loop's own state stays small while it waits, which is most of its life.
                    if let Err(outcome) = Box::pin(events.handle(message)).await {
                        break outcome;
                    }
                }
                // Every sink is gone: the handler has returned.
                None => break Outcome::Finished(match handler_task.await {
                    Ok(result) => result,
                    Err(error) => Err(StreamError::Failed(format!("the response handler stopped: {error}"))),
                }),
            },
        }
    };
    abort.abort();

    let failure = match outcome {
        Outcome::Finished(Ok(())) => None,
        Outcome::Finished(Err(StreamError::Cancelled)) | Outcome::ClientGone => {
            let pending = std::mem::take(&mut events.pending);
            // Boxed: inline, the store calls of this rare path made every response's task 3.9 KB instead of 2.4.
            if let Err(error) = Box::pin(server.handle_stream_cancelled(&events.thread, pending, &context)).await {
                tracing::warn!(%error, thread_id = %events.thread.id, "could not save a cancelled response");
            }
            return;
        }
        Outcome::Finished(Err(error)) | Outcome::Failed(error) => Some(error),
    };
    if let Some(error) = failure {
        let event = error_event(&error);
        if !matches!(error, StreamError::Custom { .. }) {
            tracing::error!(%error, thread_id = %events.thread.id, "response failed");
        }
        let _ = events.emit(&event).await;
    }
}

async fn run_handler<S, C>(
    server: &S,
    thread: &ThreadMetadata,
    context: &C,
    sink: &ResponseSink,
    handler: Handler,
) -> Result<(), StreamError>
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    match handler {
        Handler::Respond(input) => server.respond(thread, input.as_deref(), context, sink).await,
        Handler::StructuredInput(item) => {
            sink.replace_item(*item).await?;
            server.respond(thread, None, context, sink).await
        }
        Handler::Action { action, sender } => server.action(thread, &action, sender.as_deref(), context, sink).await,
    }
}

fn error_event(error: &StreamError) -> ThreadStreamEvent {
    ThreadStreamEvent::Error(match error {
        StreamError::Custom { message, allow_retry } => {
            ErrorEvent { code: ErrorCode::Custom, message: Some(message.clone()), allow_retry: *allow_retry }
        }
        _ => ErrorEvent { code: ErrorCode::StreamError, message: None, allow_retry: true },
    })
}

impl<S, C> EventLoop<'_, S, C>
where
    S: ChatKitServer<C>,
    C: Clone + Send + Sync + 'static,
{
    /// Sends one event to the client; `Err` means the client is gone.
    async fn emit(&self, event: &ThreadStreamEvent) -> Result<(), Outcome> {
        let frame =
            crate::sse::encode(event).map_err(|error| Outcome::Failed(StreamError::Failed(error.to_string())))?;
        self.out.send(frame).await.map_err(|_| Outcome::ClientGone)
    }

    /// Persists what an event means, then forwards it unless it is hidden.
    async fn handle(&mut self, message: SinkMessage) -> Result<(), Outcome> {
        let store = self.server.store();
        let thread_id = self.thread.id.clone();
        let event = match message {
            SinkMessage::Thread(thread) => return self.thread_changed(*thread).await,
            SinkMessage::Flush(done) => {
                // Messages are handled in order: everything sent before this one is saved and forwarded.
                let _ = done.send(());
                return Ok(());
            }
            SinkMessage::Event(event) => *event,
        };
        // A finished or replaced item is encoded once, for the store and the stream alike (a 50-row list is
        // ~57 KB of JSON). User messages are the exception: clients see them without attachment metadata.
        let event = match event {
            ThreadStreamEvent::ThreadItemDone { item } if !matches!(item, ThreadItem::UserMessage(_)) => {
                return self.persist_encoded(item, false).await;
            }
            ThreadStreamEvent::ThreadItemReplaced { item } if !matches!(item, ThreadItem::UserMessage(_)) => {
                return self.persist_encoded(item, true).await;
            }
            other => other,
        };
        let saved = match &event {
            ThreadStreamEvent::ThreadItemAdded { item } => {
                self.pending.push(item.clone());
                Ok(())
            }
            ThreadStreamEvent::ThreadItemDone { item } => {
                self.pending.retain(|pending| pending.id() != item.id());
                store.add_thread_item(&thread_id, item, self.context).await
            }
            ThreadStreamEvent::ThreadItemReplaced { item } => {
                self.pending.retain(|pending| pending.id() != item.id());
                store.save_item(&thread_id, item, self.context).await
            }
            ThreadStreamEvent::ThreadItemRemoved { item_id } => {
                self.pending.retain(|pending| pending.id() != item_id);
                store.delete_thread_item(&thread_id, item_id, self.context).await
            }
            ThreadStreamEvent::ThreadItemUpdated { item_id, update } => {
                if let Some(item) = self.pending.iter_mut().find(|pending| pending.id() == item_id) {
                    apply_update(item, update);
                }
                Ok(())
            }
            _ => Ok(()),
        };
        saved.map_err(|error| Outcome::Failed(StreamError::Store(error)))?;
        let hidden = matches!(&event, ThreadStreamEvent::ThreadItemDone { item } if item.is_hidden());
        if hidden {
            return Ok(());
        }
        self.emit(&for_client(event)).await
    }

    /// Saves a finished item (`thread.item.done`) or a replacement (`thread.item.replaced`) and forwards it
    /// unless it is a hidden new item, encoding the item once.
    async fn persist_encoded(&mut self, item: ThreadItem, replaces: bool) -> Result<(), Outcome> {
        let event_type = if replaces { "thread.item.replaced" } else { "thread.item.done" };
        let json =
            serde_json::to_string(&item).map_err(|error| Outcome::Failed(StreamError::Failed(error.to_string())))?;
        self.pending.retain(|pending| pending.id() != item.id());
        let store = self.server.store();
        let saved = if replaces {
            store.save_encoded_item(&self.thread.id, &item, &json, self.context).await
        } else {
            store.add_encoded_item(&self.thread.id, &item, &json, self.context).await
        };
        saved.map_err(|error| Outcome::Failed(StreamError::Store(error)))?;
        if !replaces && item.is_hidden() {
            return Ok(());
        }
        self.out.send(crate::sse::encode_item_event(event_type, &json)).await.map_err(|_| Outcome::ClientGone)
    }

    async fn thread_changed(&mut self, thread: ThreadMetadata) -> Result<(), Outcome> {
        if thread == self.thread {
            return Ok(());
        }
        if thread.id != self.thread.id {
            return Err(Outcome::Failed(StreamError::Failed(format!(
                "a response for thread {} tried to change thread {}",
                self.thread.id, thread.id
            ))));
        }
        self.server
            .store()
            .save_thread(&thread, self.context)
            .await
            .map_err(|error| Outcome::Failed(StreamError::Store(error)))?;
        self.thread = thread;
        self.emit(&ThreadStreamEvent::ThreadUpdated { thread: thread_for_client(&self.thread, Page::default()) }).await
    }
}

/// Strips what clients never see from the items an event carries.
fn for_client(event: ThreadStreamEvent) -> ThreadStreamEvent {
    match event {
        ThreadStreamEvent::ThreadItemAdded { item } => {
            ThreadStreamEvent::ThreadItemAdded { item: item_for_client(item) }
        }
        ThreadStreamEvent::ThreadItemDone { item } => ThreadStreamEvent::ThreadItemDone { item: item_for_client(item) },
        ThreadStreamEvent::ThreadItemReplaced { item } => {
            ThreadStreamEvent::ThreadItemReplaced { item: item_for_client(item) }
        }
        other => other,
    }
}

/// Keeps a pending assistant message or workflow current, so a cancelled response saves what was seen.
fn apply_update(item: &mut ThreadItem, update: &ThreadItemUpdate) {
    match (item, update) {
        (ThreadItem::AssistantMessage(message), update) => {
            let index = match update {
                ThreadItemUpdate::ContentPartAdded { content_index, .. }
                | ThreadItemUpdate::ContentPartTextDelta { content_index, .. }
                | ThreadItemUpdate::ContentPartAnnotationAdded { content_index, .. }
                | ThreadItemUpdate::ContentPartDone { content_index, .. } => *content_index,
                _ => return,
            };
            while message.content.len() <= index {
                message.content.push(crate::types::AssistantMessageContent::text(""));
            }
            let part = &mut message.content[index];
            match update {
                ThreadItemUpdate::ContentPartAdded { content, .. }
                | ThreadItemUpdate::ContentPartDone { content, .. } => {
                    *part = content.clone();
                }
                ThreadItemUpdate::ContentPartTextDelta { delta, .. } => part.text.push_str(delta),
                ThreadItemUpdate::ContentPartAnnotationAdded { annotation_index, annotation, .. } => {
                    let at = (*annotation_index).min(part.annotations.len());
                    part.annotations.insert(at, annotation.clone());
                }
                _ => {}
            }
        }
        (ThreadItem::Workflow(workflow), ThreadItemUpdate::WorkflowTaskAdded { task, .. }) => {
            workflow.workflow.tasks.push(task.clone());
        }
        (ThreadItem::Workflow(workflow), ThreadItemUpdate::WorkflowTaskUpdated { task_index, task }) => {
            if let Some(slot) = workflow.workflow.tasks.get_mut(*task_index) {
                *slot = task.clone();
            }
        }
        (
            ThreadItem::Widget(widget),
            ThreadItemUpdate::Widget(crate::widgets::WidgetUpdate::RootUpdated { widget: root }),
        ) => {
            widget.widget = root.clone();
        }
        _ => {}
    }
}

/// The default cancellation handling: keep pending assistant messages that have text, add a hidden note.
pub(crate) async fn save_cancelled_response<C: Send + Sync>(
    store: &impl Store<C>,
    thread: &ThreadMetadata,
    pending: Vec<ThreadItem>,
    context: &C,
) -> Result<(), Error> {
    for item in pending {
        if let ThreadItem::AssistantMessage(message) = &item
            && message.content.iter().any(|part| !part.text.trim().is_empty())
        {
            store.add_thread_item(&thread.id, &item, context).await?;
        }
    }
    store.add_thread_item(&thread.id, &cancelled_note(store, thread, context), context).await?;
    Ok(())
}
