//! Workflows and their tasks, shown as a collapsible list of steps.

use serde::{Deserialize, Serialize};

use super::content::{FileSource, UrlSource};

/// A sequence of tasks the assistant runs, with an optional summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Workflow {
    #[serde(rename = "type")]
    pub kind: WorkflowKind,
    pub tasks: Vec<Task>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<WorkflowSummary>,
    #[serde(default)]
    pub expanded: bool,
}

/// `custom` or `reasoning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkflowKind {
    Custom,
    Reasoning,
}

/// A workflow's summary: a title, or a duration in seconds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum WorkflowSummary {
    Custom {
        title: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
    },
    Duration {
        /// Seconds.
        duration: i64,
    },
}

/// How a task in a workflow is drawn: idle, spinning or checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusIndicator {
    #[default]
    None,
    Loading,
    Complete,
}

/// One step of a workflow (or a standalone task item).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Task {
    #[serde(rename = "custom")]
    Custom {
        #[serde(default)]
        status_indicator: StatusIndicator,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        content: Option<String>,
    },
    #[serde(rename = "web_search")]
    WebSearch {
        #[serde(default)]
        status_indicator: StatusIndicator,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title_query: Option<String>,
        #[serde(default)]
        queries: Vec<String>,
        #[serde(default)]
        sources: Vec<UrlSource>,
    },
    #[serde(rename = "thought")]
    Thought {
        #[serde(default)]
        status_indicator: StatusIndicator,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        content: String,
    },
    #[serde(rename = "file")]
    File {
        #[serde(default)]
        status_indicator: StatusIndicator,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
        #[serde(default)]
        sources: Vec<FileSource>,
    },
    #[serde(rename = "image")]
    Image {
        #[serde(default)]
        status_indicator: StatusIndicator,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        title: Option<String>,
    },
}
