//! Message content: user input, assistant output, annotations, sources, attachments.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What a user submits: content parts, attachment ids, quoted text and inference options.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserMessageInput {
    pub content: Vec<UserMessageContent>,
    /// Ids of attachments uploaded before sending; required (possibly empty), as the SDK requires it.
    pub attachments: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted_text: Option<String>,
    /// Required (possibly `{}`), as the SDK requires it.
    pub inference_options: InferenceOptions,
}

impl UserMessageInput {
    /// A plain text message with no attachments.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            content: vec![UserMessageContent::InputText { text: text.into() }],
            attachments: Vec::new(),
            quoted_text: None,
            inference_options: InferenceOptions::default(),
        }
    }
}

/// One part of a user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum UserMessageContent {
    #[serde(rename = "input_text")]
    InputText { text: String },
    #[serde(rename = "input_tag")]
    InputTag {
        id: String,
        text: String,
        data: Map<String, Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        group: Option<String>,
        #[serde(default)]
        interactive: bool,
    },
}

impl UserMessageContent {
    /// The text a person reads for this part (tags count as their text).
    pub fn text(&self) -> &str {
        match self {
            Self::InputText { text } | Self::InputTag { text, .. } => text,
        }
    }
}

/// Model and tool selection for answering a message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InferenceOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_choice: Option<ToolChoice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// A tool the user chose explicitly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolChoice {
    pub id: String,
}

/// A part of an assistant message: text with annotations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssistantMessageContent {
    #[serde(default)]
    pub annotations: Vec<Annotation>,
    pub text: String,
    #[serde(rename = "type", default = "output_text")]
    pub kind: OutputText,
}

impl AssistantMessageContent {
    /// Text with no annotations.
    pub fn text(text: impl Into<String>) -> Self {
        Self { annotations: Vec::new(), text: text.into(), kind: OutputText::OutputText }
    }
}

/// The only content type of assistant messages: `output_text`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OutputText {
    #[default]
    #[serde(rename = "output_text")]
    OutputText,
}

fn output_text() -> OutputText {
    OutputText::OutputText
}

/// A reference from assistant output to a source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    #[serde(rename = "type", default)]
    pub kind: AnnotationType,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
}

/// The only annotation type: `annotation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AnnotationType {
    #[default]
    #[serde(rename = "annotation")]
    Annotation,
}

/// A source shown to the user: a URL, a file or an entity. Each variant carries its own `type` tag, because
/// workflow tasks hold URL and file sources on their own, tag included.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Source {
    Url(UrlSource),
    File(FileSource),
    Entity(EntitySource),
}

/// Declares a one-value enum that serializes as a fixed `type` tag.
macro_rules! type_tag {
    ($name:ident, $value:literal) => {
        #[doc = concat!("The `type` tag `", $value, "`.")]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
        pub enum $name {
            #[default]
            #[serde(rename = $value)]
            Tag,
        }
    };
}

type_tag!(UrlSourceType, "url");
type_tag!(FileSourceType, "file");
type_tag!(EntitySourceType, "entity");

/// Fields every source has.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SourceBase {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// A source that is a web page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UrlSource {
    #[serde(rename = "type", default)]
    pub kind: UrlSourceType,
    #[serde(flatten)]
    pub base: SourceBase,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
}

/// A source that is a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileSource {
    #[serde(rename = "type", default)]
    pub kind: FileSourceType,
    #[serde(flatten)]
    pub base: SourceBase,
    pub filename: String,
}

/// A source that is an application entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntitySource {
    #[serde(rename = "type")]
    pub kind: EntitySourceType,
    #[serde(flatten)]
    pub base: SourceBase,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inline_label: Option<String>,
    #[serde(default)]
    pub interactive: bool,
    #[serde(default)]
    pub data: Map<String, Value>,
    /// Deprecated and ignored by clients; kept so that old payloads round-trip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
}

/// Feedback sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedbackKind {
    Positive,
    Negative,
}

impl FeedbackKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Positive => "positive",
            Self::Negative => "negative",
        }
    }
}

/// Two-phase upload instructions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentUploadDescriptor {
    pub url: String,
    pub method: UploadMethod,
    #[serde(default)]
    pub headers: std::collections::BTreeMap<String, String>,
}

/// HTTP method of a two-phase upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UploadMethod {
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PUT")]
    Put,
}

/// Fields every attachment has.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttachmentBase {
    pub id: String,
    pub name: String,
    pub mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_descriptor: Option<AttachmentUploadDescriptor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread_id: Option<String>,
    /// Integration-only data: stored, never sent to clients (the processor strips it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Map<String, Value>>,
}

/// A file or an image attached to a user message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum Attachment {
    #[serde(rename = "file")]
    File(AttachmentBase),
    #[serde(rename = "image")]
    Image {
        #[serde(flatten)]
        base: AttachmentBase,
        preview_url: String,
    },
}

impl Attachment {
    pub fn base(&self) -> &AttachmentBase {
        match self {
            Self::File(base) | Self::Image { base, .. } => base,
        }
    }

    pub fn base_mut(&mut self) -> &mut AttachmentBase {
        match self {
            Self::File(base) | Self::Image { base, .. } => base,
        }
    }

    pub fn id(&self) -> &str {
        &self.base().id
    }
}
