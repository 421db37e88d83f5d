//! Requests a ChatKit client sends to `POST /chatkit`: `{"type", "params", "metadata"}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::content::{FeedbackKind, UserMessageInput};
use crate::actions::Action;

/// Integration-specific metadata carried by every request.
pub type RequestMetadata = Map<String, Value>;

/// Every request of the protocol, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ChatKitReq {
    #[serde(rename = "threads.create")]
    ThreadsCreate(Req<ThreadCreateParams>),
    #[serde(rename = "threads.add_user_message")]
    ThreadsAddUserMessage(Req<ThreadAddUserMessageParams>),
    #[serde(rename = "threads.add_client_tool_output")]
    ThreadsAddClientToolOutput(Req<ThreadAddClientToolOutputParams>),
    #[serde(rename = "threads.add_structured_input")]
    ThreadsAddStructuredInput(Req<ThreadAddStructuredInputParams>),
    #[serde(rename = "threads.retry_after_item")]
    ThreadsRetryAfterItem(Req<ThreadRetryAfterItemParams>),
    #[serde(rename = "threads.custom_action")]
    ThreadsCustomAction(Req<ThreadCustomActionParams>),
    #[serde(rename = "threads.sync_custom_action")]
    ThreadsSyncCustomAction(Req<ThreadCustomActionParams>),
    #[serde(rename = "threads.get_by_id")]
    ThreadsGetById(Req<ThreadGetByIdParams>),
    #[serde(rename = "threads.list")]
    ThreadsList(Req<ThreadListParams>),
    #[serde(rename = "threads.update")]
    ThreadsUpdate(Req<ThreadUpdateParams>),
    #[serde(rename = "threads.delete")]
    ThreadsDelete(Req<ThreadDeleteParams>),
    #[serde(rename = "items.list")]
    ItemsList(Req<ItemsListParams>),
    #[serde(rename = "items.feedback")]
    ItemsFeedback(Req<ItemFeedbackParams>),
    #[serde(rename = "attachments.create")]
    AttachmentsCreate(Req<AttachmentCreateParams>),
    #[serde(rename = "attachments.delete")]
    AttachmentsDelete(Req<AttachmentDeleteParams>),
    #[serde(rename = "input.transcribe")]
    InputTranscribe(Req<InputTranscribeParams>),
}

impl ChatKitReq {
    /// The wire name of the operation, e.g. `threads.create` (for logs and metrics).
    pub fn op(&self) -> &'static str {
        match self {
            Self::ThreadsCreate(_) => "threads.create",
            Self::ThreadsAddUserMessage(_) => "threads.add_user_message",
            Self::ThreadsAddClientToolOutput(_) => "threads.add_client_tool_output",
            Self::ThreadsAddStructuredInput(_) => "threads.add_structured_input",
            Self::ThreadsRetryAfterItem(_) => "threads.retry_after_item",
            Self::ThreadsCustomAction(_) => "threads.custom_action",
            Self::ThreadsSyncCustomAction(_) => "threads.sync_custom_action",
            Self::ThreadsGetById(_) => "threads.get_by_id",
            Self::ThreadsList(_) => "threads.list",
            Self::ThreadsUpdate(_) => "threads.update",
            Self::ThreadsDelete(_) => "threads.delete",
            Self::ItemsList(_) => "items.list",
            Self::ItemsFeedback(_) => "items.feedback",
            Self::AttachmentsCreate(_) => "attachments.create",
            Self::AttachmentsDelete(_) => "attachments.delete",
            Self::InputTranscribe(_) => "input.transcribe",
        }
    }

    /// Whether the answer is an SSE stream (true) or one JSON body (false).
    pub fn is_streaming(&self) -> bool {
        is_streaming_op(self.op())
    }

    /// The request's metadata.
    pub fn metadata(&self) -> &RequestMetadata {
        match self {
            Self::ThreadsCreate(r) => &r.metadata,
            Self::ThreadsAddUserMessage(r) => &r.metadata,
            Self::ThreadsAddClientToolOutput(r) => &r.metadata,
            Self::ThreadsAddStructuredInput(r) => &r.metadata,
            Self::ThreadsRetryAfterItem(r) => &r.metadata,
            Self::ThreadsCustomAction(r) | Self::ThreadsSyncCustomAction(r) => &r.metadata,
            Self::ThreadsGetById(r) => &r.metadata,
            Self::ThreadsList(r) => &r.metadata,
            Self::ThreadsUpdate(r) => &r.metadata,
            Self::ThreadsDelete(r) => &r.metadata,
            Self::ItemsList(r) => &r.metadata,
            Self::ItemsFeedback(r) => &r.metadata,
            Self::AttachmentsCreate(r) => &r.metadata,
            Self::AttachmentsDelete(r) => &r.metadata,
            Self::InputTranscribe(r) => &r.metadata,
        }
    }
}

/// Whether the operation named `op` (e.g. `threads.create`) answers with a stream.
pub fn is_streaming_op(op: &str) -> bool {
    matches!(
        op,
        "threads.create"
            | "threads.add_user_message"
            | "threads.add_client_tool_output"
            | "threads.add_structured_input"
            | "threads.retry_after_item"
            | "threads.custom_action"
    )
}

/// The envelope of one request: its parameters and metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Req<P> {
    pub params: P,
    #[serde(default)]
    pub metadata: RequestMetadata,
}

impl<P> Req<P> {
    /// A request with these parameters and no metadata.
    pub fn new(params: P) -> Self {
        Self { params, metadata: RequestMetadata::new() }
    }
}

/// Sort order of a listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Order {
    Asc,
    #[default]
    Desc,
}

impl Order {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asc => "asc",
            Self::Desc => "desc",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadCreateParams {
    pub input: UserMessageInput,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadAddUserMessageParams {
    pub input: UserMessageInput,
    pub thread_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadAddClientToolOutputParams {
    pub thread_id: String,
    /// Any JSON; absent means `null`.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub result: Value,
}

/// The answer to one structured input question.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StructuredInputAnswerSubmission {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub skipped: bool,
}

/// Whether the user answered or skipped a structured input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StructuredInputSubmissionStatus {
    #[default]
    Answered,
    Skipped,
}

/// Answers to a pending structured input item, keyed by question id.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StructuredInputSubmission {
    #[serde(default)]
    pub status: StructuredInputSubmissionStatus,
    #[serde(default)]
    pub answers: std::collections::BTreeMap<String, StructuredInputAnswerSubmission>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadAddStructuredInputParams {
    pub thread_id: String,
    pub item_id: String,
    pub input: StructuredInputSubmission,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadCustomActionParams {
    pub thread_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub item_id: Option<String>,
    pub action: Action,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadRetryAfterItemParams {
    pub thread_id: String,
    pub item_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadGetByIdParams {
    pub thread_id: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ThreadListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default)]
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadUpdateParams {
    pub thread_id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadDeleteParams {
    pub thread_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemsListParams {
    pub thread_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default)]
    pub order: Order,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemFeedbackParams {
    pub thread_id: String,
    pub item_ids: Vec<String>,
    pub kind: FeedbackKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentCreateParams {
    pub name: String,
    pub size: u64,
    pub mime_type: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentDeleteParams {
    pub attachment_id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputTranscribeParams {
    /// Base64-encoded audio bytes.
    pub audio_base64: String,
    /// e.g. `audio/webm;codecs=opus`.
    pub mime_type: String,
}

/// The text heard in an `input.transcribe` request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranscriptionResult {
    pub text: String,
}
