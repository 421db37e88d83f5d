//! Thread items: everything a thread holds, tagged by `type`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::content::{AssistantMessageContent, Attachment, InferenceOptions, UserMessageContent};
use super::workflow::{Task, Workflow};
use crate::widgets::WidgetRoot;

/// Fields every item has: its id, its thread and when it was created.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemBase {
    pub id: String,
    pub thread_id: String,
    #[serde(with = "super::time")]
    pub created_at: DateTime<Utc>,
}

impl ItemBase {
    pub fn new(id: impl Into<String>, thread_id: impl Into<String>) -> Self {
        Self { id: id.into(), thread_id: thread_id.into(), created_at: super::time::now() }
    }
}

/// Every kind of item a thread holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type")]
pub enum ThreadItem {
    #[serde(rename = "user_message")]
    UserMessage(UserMessageItem),
    #[serde(rename = "assistant_message")]
    AssistantMessage(AssistantMessageItem),
    #[serde(rename = "client_tool_call")]
    ClientToolCall(ClientToolCallItem),
    #[serde(rename = "widget")]
    Widget(WidgetItem),
    #[serde(rename = "generated_image")]
    GeneratedImage(GeneratedImageItem),
    #[serde(rename = "structured_input")]
    StructuredInput(StructuredInputItem),
    #[serde(rename = "workflow")]
    Workflow(WorkflowItem),
    #[serde(rename = "task")]
    Task(TaskItem),
    /// Context for the server only; never sent to clients.
    #[serde(rename = "hidden_context_item")]
    HiddenContext(HiddenContextItem),
    /// Context the runtime itself records (e.g. "the user stopped this response"); never sent to clients.
    #[serde(rename = "sdk_hidden_context")]
    SdkHiddenContext(SdkHiddenContextItem),
    #[serde(rename = "end_of_turn")]
    EndOfTurn(ItemBase),
}

// Read without serde's buffering of the whole item (see `tagged`): a stored widget item is read back on every click.
crate::tagged::deserialize_by_tag!(ThreadItem,
    "user_message" => UserMessageItem => ThreadItem::UserMessage,
    "assistant_message" => AssistantMessageItem => ThreadItem::AssistantMessage,
    "client_tool_call" => ClientToolCallItem => ThreadItem::ClientToolCall,
    "widget" => WidgetItem => ThreadItem::Widget,
    "generated_image" => GeneratedImageItem => ThreadItem::GeneratedImage,
    "structured_input" => StructuredInputItem => ThreadItem::StructuredInput,
    "workflow" => WorkflowItem => ThreadItem::Workflow,
    "task" => TaskItem => ThreadItem::Task,
    "hidden_context_item" => HiddenContextItem => ThreadItem::HiddenContext,
    "sdk_hidden_context" => SdkHiddenContextItem => ThreadItem::SdkHiddenContext,
    "end_of_turn" => ItemBase => ThreadItem::EndOfTurn,
);

impl ThreadItem {
    pub fn base(&self) -> &ItemBase {
        match self {
            Self::UserMessage(i) => &i.base,
            Self::AssistantMessage(i) => &i.base,
            Self::ClientToolCall(i) => &i.base,
            Self::Widget(i) => &i.base,
            Self::GeneratedImage(i) => &i.base,
            Self::StructuredInput(i) => &i.base,
            Self::Workflow(i) => &i.base,
            Self::Task(i) => &i.base,
            Self::HiddenContext(i) => &i.base,
            Self::SdkHiddenContext(i) => &i.base,
            Self::EndOfTurn(base) => base,
        }
    }

    pub fn id(&self) -> &str {
        &self.base().id
    }

    pub fn thread_id(&self) -> &str {
        &self.base().thread_id
    }

    pub fn created_at(&self) -> DateTime<Utc> {
        self.base().created_at
    }

    /// The wire `type` of this item, e.g. `user_message`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::UserMessage(_) => "user_message",
            Self::AssistantMessage(_) => "assistant_message",
            Self::ClientToolCall(_) => "client_tool_call",
            Self::Widget(_) => "widget",
            Self::GeneratedImage(_) => "generated_image",
            Self::StructuredInput(_) => "structured_input",
            Self::Workflow(_) => "workflow",
            Self::Task(_) => "task",
            Self::HiddenContext(_) => "hidden_context_item",
            Self::SdkHiddenContext(_) => "sdk_hidden_context",
            Self::EndOfTurn(_) => "end_of_turn",
        }
    }

    /// Hidden items are kept for the server's own context and never sent to a client.
    pub fn is_hidden(&self) -> bool {
        matches!(self, Self::HiddenContext(_) | Self::SdkHiddenContext(_))
    }
}

/// A message the user sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessageItem {
    #[serde(flatten)]
    pub base: ItemBase,
    pub content: Vec<UserMessageContent>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted_text: Option<String>,
    pub inference_options: InferenceOptions,
}

impl UserMessageItem {
    /// All text parts joined, as a person would read the message.
    pub fn text(&self) -> String {
        self.content.iter().map(UserMessageContent::text).collect::<Vec<_>>().join(" ")
    }
}

/// A message from the assistant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantMessageItem {
    #[serde(flatten)]
    pub base: ItemBase,
    pub content: Vec<AssistantMessageContent>,
}

impl AssistantMessageItem {
    /// All text parts concatenated.
    pub fn text(&self) -> String {
        self.content.iter().map(|part| part.text.as_str()).collect()
    }
}

/// Whether a client tool call has its output yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClientToolCallStatus {
    #[default]
    Pending,
    Completed,
}

/// A tool the client runs; its output comes back as `threads.add_client_tool_output`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClientToolCallItem {
    #[serde(flatten)]
    pub base: ItemBase,
    #[serde(default)]
    pub status: ClientToolCallStatus,
    pub call_id: String,
    pub name: String,
    pub arguments: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub output: Value,
}

/// A widget shown in the thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WidgetItem {
    #[serde(flatten)]
    pub base: ItemBase,
    pub widget: WidgetRoot,
    /// What the client copies when the user presses "copy" on this widget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copy_text: Option<String>,
}

/// An image the assistant generated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedImage {
    pub id: String,
    pub url: String,
}

/// A generated image, possibly still in progress (no image yet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratedImageItem {
    #[serde(flatten)]
    pub base: ItemBase,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<GeneratedImage>,
}

/// The answer recorded for a structured input question.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StructuredInputAnswer {
    #[serde(default)]
    pub values: Vec<String>,
    #[serde(default)]
    pub skipped: bool,
}

/// One choice of a multiple-choice question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructuredInputMultipleChoiceOption {
    pub value: String,
}

/// A question put to the user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum StructuredInput {
    #[serde(rename = "multiple_choice")]
    MultipleChoice {
        id: String,
        question: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        answer: Option<StructuredInputAnswer>,
        options: Vec<StructuredInputMultipleChoiceOption>,
        #[serde(default)]
        multiple: bool,
    },
    #[serde(rename = "freeform")]
    Freeform {
        id: String,
        question: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        answer: Option<StructuredInputAnswer>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
}

impl StructuredInput {
    pub fn id(&self) -> &str {
        match self {
            Self::MultipleChoice { id, .. } | Self::Freeform { id, .. } => id,
        }
    }

    pub fn answer_mut(&mut self) -> &mut Option<StructuredInputAnswer> {
        match self {
            Self::MultipleChoice { answer, .. } | Self::Freeform { answer, .. } => answer,
        }
    }
}

/// Whether a structured input item still waits for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StructuredInputStatus {
    #[default]
    Pending,
    Answered,
    Skipped,
}

/// Questions the assistant asks, answered with `threads.add_structured_input`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StructuredInputItem {
    #[serde(flatten)]
    pub base: ItemBase,
    #[serde(default)]
    pub status: StructuredInputStatus,
    pub inputs: Vec<StructuredInput>,
}

/// A workflow shown in the thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowItem {
    #[serde(flatten)]
    pub base: ItemBase,
    pub workflow: Workflow,
}

/// A single task shown in the thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskItem {
    #[serde(flatten)]
    pub base: ItemBase,
    pub task: Task,
}

/// Server-side context stored in the thread, any JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HiddenContextItem {
    #[serde(flatten)]
    pub base: ItemBase,
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub content: Value,
}

/// Context the runtime records, as text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SdkHiddenContextItem {
    #[serde(flatten)]
    pub base: ItemBase,
    pub content: String,
}
