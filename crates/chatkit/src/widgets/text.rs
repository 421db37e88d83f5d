//! Text components: Text, Title, Caption, Markdown, Label, Badge.

use serde::{Deserialize, Serialize};

use super::error::WidgetError;
use super::style::{Color, NumberOrString};
use super::tokens::{CaptionSize, FontWeight, TextAlign, TextSize, TitleSize};

widget! {
    /// Plain text with typography controls (`Text`); its `value` may be streamed.
    Text {
        /// Text content.
        value: String,
    } {
        /// Streaming-friendly transitions while the value grows.
        streaming: bool,
        /// Italic style.
        italic: bool,
        /// Line-through decoration.
        line_through: bool,
        /// Text color token (`prose`, `secondary`, `danger`…), primitive token, CSS or theme pair.
        color: Color,
        /// Font weight.
        weight: FontWeight,
        /// Width of the text container; px or CSS.
        width: NumberOrString,
        /// Text size.
        size: TextSize,
        /// Horizontal alignment.
        text_align: TextAlign,
        /// Truncate overflow with an ellipsis.
        truncate: bool,
        /// Inline editing: `false`, or the editable field's options.
        editable: Editable,
    } {
        /// Reserve space for at least this many lines.
        min_lines: u32,
        /// Clamp to at most this many lines.
        max_lines: u32,
    }
}

impl Text {
    /// Text showing `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self::with_required(value.into())
    }
}

/// Options of an inline-editable `Text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EditableProps {
    /// Form field name used when submitting.
    pub name: String,
    /// Focus the input when it appears.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_focus: Option<bool>,
    /// Select all text on focus.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_select: Option<bool>,
    /// Native autocomplete hint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_complete: Option<String>,
    /// Allow password-manager and autofill extensions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_autofill_extensions: Option<bool>,
    /// Validation regex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Placeholder text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placeholder: Option<String>,
    /// Mark the field as required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}

impl EditableProps {
    /// Editing options for the form field `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            auto_focus: None,
            auto_select: None,
            auto_complete: None,
            allow_autofill_extensions: None,
            pattern: None,
            placeholder: None,
            required: None,
        }
    }

    setters! { auto_focus: bool, auto_select: bool, allow_autofill_extensions: bool, required: bool }
    into_setters! { auto_complete: String, pattern: String, placeholder: String }
}

/// `Text.editable`: the literal `false`, or [`EditableProps`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "EditableRepr", into = "EditableRepr")]
pub enum Editable {
    /// `false`: not editable.
    Off,
    /// Editable with these options.
    Field(EditableProps),
}

impl From<EditableProps> for Editable {
    fn from(props: EditableProps) -> Self {
        Self::Field(props)
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum EditableRepr {
    Bool(bool),
    Field(EditableProps),
}

impl TryFrom<EditableRepr> for Editable {
    type Error = WidgetError;

    fn try_from(repr: EditableRepr) -> Result<Self, Self::Error> {
        match repr {
            EditableRepr::Bool(false) => Ok(Self::Off),
            EditableRepr::Bool(true) => Err(WidgetError::InvalidProp {
                prop: "editable",
                message: "must be false or an object of editable options".to_owned(),
            }),
            EditableRepr::Field(props) => Ok(Self::Field(props)),
        }
    }
}

impl From<Editable> for EditableRepr {
    fn from(editable: Editable) -> Self {
        match editable {
            Editable::Off => Self::Bool(false),
            Editable::Field(props) => Self::Field(props),
        }
    }
}

widget! {
    /// Prominent headline text (`Title`).
    Title {
        /// Text content.
        value: String,
    } {
        /// Text color token, primitive token, CSS or theme pair.
        color: Color,
        /// Font weight.
        weight: FontWeight,
        /// Title size.
        size: TitleSize,
        /// Horizontal alignment.
        text_align: TextAlign,
        /// Truncate overflow with an ellipsis.
        truncate: bool,
    } {
        /// Clamp to at most this many lines.
        max_lines: u32,
    }
}

impl Title {
    /// A title showing `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self::with_required(value.into())
    }
}

widget! {
    /// Supporting caption text (`Caption`).
    Caption {
        /// Text content.
        value: String,
    } {
        /// Text color token, primitive token, CSS or theme pair.
        color: Color,
        /// Font weight.
        weight: FontWeight,
        /// Caption size.
        size: CaptionSize,
        /// Horizontal alignment.
        text_align: TextAlign,
        /// Truncate overflow with an ellipsis.
        truncate: bool,
    } {
        /// Clamp to at most this many lines.
        max_lines: u32,
    }
}

impl Caption {
    /// A caption showing `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self::with_required(value.into())
    }
}

widget! {
    /// Rendered Markdown (`Markdown`); its `value` may be streamed.
    Markdown {
        /// Markdown source.
        value: String,
    } {
        /// Streaming-friendly transitions while the value grows.
        streaming: bool,
    }
}

impl Markdown {
    /// Markdown rendering `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self::with_required(value.into())
    }
}

widget! {
    /// A form label for the field `fieldName` (`Label`).
    Label {
        /// Label text.
        value: String,
        /// Name of the described form field.
        field_name: String,
    } {
        /// Text size.
        size: TextSize,
        /// Font weight.
        weight: FontWeight,
        /// Horizontal alignment.
        text_align: TextAlign,
        /// Text color token, primitive token, CSS or theme pair.
        color: Color,
    }
}

impl Label {
    /// A label `value` for the form field `field_name`.
    pub fn new(value: impl Into<String>, field_name: impl Into<String>) -> Self {
        Self::with_required(value.into(), field_name.into())
    }
}

str_enum! {
    /// Badge color token.
    pub enum BadgeColor {
        Secondary = "secondary", Success = "success", Danger = "danger", Warning = "warning", Info = "info",
        Discovery = "discovery",
    }
}

str_enum! {
    /// Badge visual style.
    pub enum BadgeVariant { Solid = "solid", Soft = "soft", Outline = "outline" }
}

str_enum! {
    /// Badge size.
    pub enum BadgeSize { Sm = "sm", Md = "md", Lg = "lg" }
}

widget! {
    /// A small status or category badge (`Badge`).
    Badge {
        /// Badge text.
        label: String,
    } {
        /// Badge color.
        color: BadgeColor,
        /// Visual style.
        variant: BadgeVariant,
        /// Size.
        size: BadgeSize,
        /// Fully rounded.
        pill: bool,
    }
}

impl Badge {
    /// A badge showing `label`.
    pub fn new(label: impl Into<String>) -> Self {
        Self::with_required(label.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_builder_serializes_camel_case_props_and_omits_unset_ones() {
        let text = Text::new("Buy milk")
            .id("task_1_title_text")
            .line_through(true)
            .weight(FontWeight::Semibold)
            .color("secondary")
            .width(120)
            .max_lines(2);
        assert_eq!(
            json!(text),
            json!({"id": "task_1_title_text", "value": "Buy milk", "lineThrough": true, "weight": "semibold",
                   "color": "secondary", "width": 120.0, "maxLines": 2})
        );
    }

    #[test]
    fn editable_is_false_or_options() {
        assert_eq!(json!(Text::new("a").editable(Editable::Off)), json!({"value": "a", "editable": false}));
        let field = Text::new("a").editable(EditableProps::new("title").auto_focus(true));
        assert_eq!(json!(field)["editable"], json!({"name": "title", "autoFocus": true}));
        assert!(serde_json::from_value::<Text>(json!({"value": "a", "editable": true})).is_err());
    }

    #[test]
    fn sdk_output_round_trips() {
        // model_dump(mode="json", by_alias=True, exclude_none=True) of the SDK's Label and Badge (without `type`,
        // which WidgetComponent adds).
        for sdk in [
            json!({"value": "Title", "fieldName": "title", "size": "sm", "weight": "medium", "textAlign": "end",
                   "color": {"dark": "white", "light": "black"}}),
            json!({"label": "High", "color": "danger", "variant": "soft", "size": "sm", "pill": true}),
        ] {
            let value = if sdk.get("fieldName").is_some() {
                json!(serde_json::from_value::<Label>(sdk.clone()).expect("label"))
            } else {
                json!(serde_json::from_value::<Badge>(sdk.clone()).expect("badge"))
            };
            assert_eq!(value, sdk);
        }
    }

    #[test]
    fn unknown_props_and_missing_required_props_are_rejected() {
        let typo = serde_json::from_value::<Text>(json!({"value": "a", "colour": "red"})).expect_err("typo");
        assert!(typo.to_string().contains("colour"), "{typo}");
        assert!(serde_json::from_value::<Label>(json!({"value": "a"})).is_err(), "fieldName is required");
    }
}
