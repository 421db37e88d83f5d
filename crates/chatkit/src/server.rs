//! [`ChatKitServer`]: what an integration implements to answer messages and actions.

use std::future::Future;

use crate::actions::Action;
use crate::error::{Error, StreamError};
use crate::response::ResponseSink;
use crate::store::{AttachmentStore, NoAttachments, Store};
use crate::types::{
    FeedbackKind, StreamOptions, SyncCustomActionResponse, ThreadItem, ThreadMetadata, TranscriptionResult,
    UserMessageItem, WidgetItem,
};

/// Audio sent for dictation.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioInput {
    pub data: Vec<u8>,
    /// The raw MIME type, e.g. `audio/webm;codecs=opus`.
    pub mime_type: String,
}

impl AudioInput {
    /// The media type without parameters, e.g. `audio/webm`.
    pub fn media_type(&self) -> &str {
        self.mime_type.split(';').next().unwrap_or_default().trim()
    }
}

/// A ChatKit backend, generic over a per-request context `C` (the authenticated user, say).
///
/// Responses are written to a [`ResponseSink`]; the processor persists what they send, hides hidden items,
/// and turns a returned [`StreamError`] into an `error` event.
pub trait ChatKitServer<C: Clone + Send + Sync + 'static>: Send + Sync + 'static {
    type Store: Store<C>;

    fn store(&self) -> &Self::Store;

    /// Where attachment bytes go; `None` (the default) refuses `attachments.*` requests.
    fn attachment_store(&self) -> Option<&impl AttachmentStore<C>> {
        None::<&NoAttachments>
    }

    /// Answers a new user message (`input` is `None` after a client tool output or structured input).
    fn respond(
        &self,
        thread: &ThreadMetadata,
        input: Option<&UserMessageItem>,
        context: &C,
        sink: &ResponseSink,
    ) -> impl Future<Output = Result<(), StreamError>> + Send;

    /// Handles a widget action (`threads.custom_action`), streaming what it changes.
    fn action(
        &self,
        _thread: &ThreadMetadata,
        _action: &Action,
        _sender: Option<&WidgetItem>,
        _context: &C,
        _sink: &ResponseSink,
    ) -> impl Future<Output = Result<(), StreamError>> + Send {
        async { Err(StreamError::custom("This server does not handle widget actions.", false)) }
    }

    /// Handles a widget action and returns the changed item at once (`threads.sync_custom_action`).
    fn sync_action(
        &self,
        _thread: &ThreadMetadata,
        _action: &Action,
        _sender: Option<&WidgetItem>,
        _context: &C,
    ) -> impl Future<Output = Result<SyncCustomActionResponse, Error>> + Send {
        async { Err(Error::Unsupported("threads.sync_custom_action")) }
    }

    /// Records thumbs up / down on items (which the processor has checked belong to the thread).
    fn add_feedback(
        &self,
        _thread_id: &str,
        _item_ids: &[String],
        _kind: FeedbackKind,
        _context: &C,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        async { Ok(()) }
    }

    /// Turns dictated audio into composer text.
    fn transcribe(
        &self,
        _audio: AudioInput,
        _context: &C,
    ) -> impl Future<Output = Result<TranscriptionResult, Error>> + Send {
        async { Err(Error::Unsupported("input.transcribe")) }
    }

    /// Stream-level options sent first in every response; cancelling is allowed by default.
    fn stream_options(&self, _thread: &ThreadMetadata, _context: &C) -> StreamOptions {
        StreamOptions { allow_cancel: true }
    }

    /// Cleans up after a client disconnects mid-response. `pending` holds items that were added but not done.
    ///
    /// The default keeps pending assistant messages that have text, and records a hidden note so that the next
    /// response does not continue the cancelled one.
    fn handle_stream_cancelled(
        &self,
        thread: &ThreadMetadata,
        pending: Vec<ThreadItem>,
        context: &C,
    ) -> impl Future<Output = Result<(), Error>> + Send {
        crate::processor::save_cancelled_response(self.store(), thread, pending, context)
    }
}
