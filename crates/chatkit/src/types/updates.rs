//! Incremental updates to one item, carried by `thread.item.updated`.

use serde::{Deserialize, Serialize};

use super::content::{Annotation, AssistantMessageContent};
use super::items::GeneratedImage;
use super::workflow::Task;
use crate::widgets::WidgetUpdate;

/// Every kind of item update, tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ThreadItemUpdate {
    #[serde(rename = "assistant_message.content_part.added")]
    ContentPartAdded { content_index: usize, content: AssistantMessageContent },
    #[serde(rename = "assistant_message.content_part.text_delta")]
    ContentPartTextDelta { content_index: usize, delta: String },
    #[serde(rename = "assistant_message.content_part.annotation_added")]
    ContentPartAnnotationAdded { content_index: usize, annotation_index: usize, annotation: Annotation },
    #[serde(rename = "assistant_message.content_part.done")]
    ContentPartDone { content_index: usize, content: AssistantMessageContent },
    #[serde(rename = "workflow.task.added")]
    WorkflowTaskAdded { task_index: usize, task: Task },
    #[serde(rename = "workflow.task.updated")]
    WorkflowTaskUpdated { task_index: usize, task: Task },
    #[serde(rename = "generated_image.updated")]
    GeneratedImageUpdated {
        image: GeneratedImage,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        progress: Option<f64>,
    },
    /// `widget.streaming_text.value_delta`, `widget.root.updated`, `widget.component.updated`.
    #[serde(untagged)]
    Widget(WidgetUpdate),
}
