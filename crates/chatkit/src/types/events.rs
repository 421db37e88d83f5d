//! Stream events: what a streaming response sends, one per SSE `data:` line.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::items::ThreadItem;
use super::thread::Thread;
use super::updates::ThreadItemUpdate;

/// Every event of a streamed response, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ThreadStreamEvent {
    #[serde(rename = "thread.created")]
    ThreadCreated { thread: Thread },
    #[serde(rename = "thread.updated")]
    ThreadUpdated { thread: Thread },
    #[serde(rename = "thread.item.added")]
    ThreadItemAdded { item: ThreadItem },
    #[serde(rename = "thread.item.updated")]
    ThreadItemUpdated { item_id: String, update: ThreadItemUpdate },
    #[serde(rename = "thread.item.done")]
    ThreadItemDone { item: ThreadItem },
    #[serde(rename = "thread.item.removed")]
    ThreadItemRemoved { item_id: String },
    #[serde(rename = "thread.item.replaced")]
    ThreadItemReplaced { item: ThreadItem },
    #[serde(rename = "stream_options")]
    StreamOptions { stream_options: StreamOptions },
    #[serde(rename = "progress_update")]
    ProgressUpdate {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
        text: String,
    },
    #[serde(rename = "client_effect")]
    ClientEffect {
        name: String,
        #[serde(default)]
        data: Map<String, Value>,
    },
    #[serde(rename = "error")]
    Error(ErrorEvent),
    #[serde(rename = "notice")]
    Notice {
        level: NoticeLevel,
        /// Markdown.
        message: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
}

impl ThreadStreamEvent {
    /// An error event with a user-facing message.
    pub fn error(message: impl Into<String>, allow_retry: bool) -> Self {
        Self::Error(ErrorEvent { code: ErrorCode::Custom, message: Some(message.into()), allow_retry })
    }

    /// A progress line shown while work runs.
    pub fn progress(text: impl Into<String>) -> Self {
        Self::ProgressUpdate { icon: None, text: text.into() }
    }
}

/// Settings that control the stream at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamOptions {
    /// Whether the client may stop the response mid-stream.
    pub allow_cancel: bool,
}

/// An error inside a stream; the stream then ends cleanly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorEvent {
    #[serde(default)]
    pub code: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(default)]
    pub allow_retry: bool,
}

/// Error codes the client localises; `custom` carries its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ErrorCode {
    #[serde(rename = "stream.error")]
    StreamError,
    #[default]
    #[serde(rename = "custom")]
    Custom,
}

/// Severity of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NoticeLevel {
    Info,
    Warning,
    Danger,
}

/// The answer to `threads.sync_custom_action`: the item the action changed, if any.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SyncCustomActionResponse {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_item: Option<ThreadItem>,
}
