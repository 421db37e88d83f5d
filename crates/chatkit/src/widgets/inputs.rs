//! Text and date inputs: Input, Textarea, DatePicker.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, SecondsFormat, TimeZone};
use serde::{Deserialize, Serialize, Serializer};

use super::tokens::{ControlSize, ControlVariant};
use crate::actions::ActionConfig;

str_enum! {
    /// Native type of an `Input`.
    pub enum InputType {
        Number = "number", Email = "email", Text = "text", Password = "password", Tel = "tel", Url = "url",
    }
}

str_enum! {
    /// Visual style of text inputs.
    pub enum InputVariant { Soft = "soft", Outline = "outline" }
}

str_enum! {
    /// Gutter on the edges of a text input, overriding the one implied by `size`.
    pub enum GutterSize { TwoXs = "2xs", Xs = "xs", Sm = "sm", Md = "md", Lg = "lg", Xl = "xl" }
}

widget! {
    /// A single-line text input (`Input`).
    Input {
        /// Form field name.
        name: String,
    } {
        /// Native input type.
        input_type: InputType,
        /// Initial value.
        default_value: String,
        /// Required for form submission.
        required: bool,
        /// Validation regex.
        pattern: String,
        /// Placeholder text.
        placeholder: String,
        /// Allow password-manager and autofill extensions.
        allow_autofill_extensions: bool,
        /// Select the content when mounted.
        auto_select: bool,
        /// Focus when mounted.
        auto_focus: bool,
        /// Disabled.
        disabled: bool,
        /// Visual style.
        variant: InputVariant,
        /// Size.
        size: ControlSize,
        /// Edge gutter.
        gutter_size: GutterSize,
        /// Fully rounded.
        pill: bool,
    }
}

impl Input {
    /// A text input for the form field `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self::with_required(name.into())
    }
}

widget! {
    /// A multi-line text input (`Textarea`).
    Textarea {
        /// Form field name.
        name: String,
    } {
        /// Initial value.
        default_value: String,
        /// Required for form submission.
        required: bool,
        /// Validation regex.
        pattern: String,
        /// Placeholder text.
        placeholder: String,
        /// Select the content when mounted.
        auto_select: bool,
        /// Focus when mounted.
        auto_focus: bool,
        /// Disabled.
        disabled: bool,
        /// Visual style.
        variant: InputVariant,
        /// Size.
        size: ControlSize,
        /// Edge gutter.
        gutter_size: GutterSize,
        /// Grow and shrink with the content.
        auto_resize: bool,
        /// Allow password-manager and autofill extensions.
        allow_autofill_extensions: bool,
    } {
        /// Initially visible rows.
        rows: u32,
        /// Maximum rows when auto-resizing.
        max_rows: u32,
    }
}

impl Textarea {
    /// A textarea for the form field `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self::with_required(name.into())
    }
}

/// A date-time prop: ISO-8601 with an offset, or without one (the SDK's `datetime`, aware or naive). A bare
/// date is not accepted: the SDK's strict validation rejects it, so convert a `NaiveDate` (midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum DateTimeValue {
    /// With an offset, e.g. `2025-01-15T10:00:00+02:00` (a zero offset is written `Z`, as the SDK does).
    Zoned(DateTime<FixedOffset>),
    /// Without an offset, e.g. `2025-01-15T00:00:00`.
    Naive(NaiveDateTime),
}

impl Serialize for DateTimeValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Zoned(value) => serializer.serialize_str(&value.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            Self::Naive(value) => value.serialize(serializer),
        }
    }
}

impl From<NaiveDateTime> for DateTimeValue {
    fn from(value: NaiveDateTime) -> Self {
        Self::Naive(value)
    }
}

impl From<NaiveDate> for DateTimeValue {
    fn from(value: NaiveDate) -> Self {
        Self::Naive(value.and_time(chrono::NaiveTime::MIN))
    }
}

impl<Tz: TimeZone> From<DateTime<Tz>> for DateTimeValue {
    fn from(value: DateTime<Tz>) -> Self {
        Self::Zoned(value.fixed_offset())
    }
}

str_enum! {
    /// Preferred side of the date picker's calendar.
    pub enum DatePickerSide { Top = "top", Bottom = "bottom", Left = "left", Right = "right" }
}

str_enum! {
    /// Alignment of the date picker's calendar relative to the control.
    pub enum DatePickerAlign { Start = "start", Center = "center", End = "end" }
}

widget! {
    /// A date input with a calendar (`DatePicker`).
    DatePicker {
        /// Form field name.
        name: String,
    } {
        /// Action dispatched when the date changes (`onChangeAction`).
        #[serde(rename = "onChangeAction")]
        on_change: ActionConfig,
        /// Text shown when no date is selected.
        placeholder: String,
        /// Initial date.
        default_value: DateTimeValue,
        /// Earliest selectable date.
        min: DateTimeValue,
        /// Latest selectable date.
        max: DateTimeValue,
        /// Visual variant.
        variant: ControlVariant,
        /// Size.
        size: ControlSize,
        /// Side of the calendar.
        side: DatePickerSide,
        /// Alignment of the calendar.
        align: DatePickerAlign,
        /// Fully rounded.
        pill: bool,
        /// Full available width.
        block: bool,
        /// Offer a control clearing the value.
        clearable: bool,
        /// Disabled.
        disabled: bool,
    }
}

impl DatePicker {
    /// A date picker for the form field `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self::with_required(name.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn date_picker_dates_serialize_like_sdk_datetimes() {
        let date = NaiveDate::from_ymd_opt(2025, 1, 15).expect("valid date");
        // SDK: DatePicker(name="due", defaultValue="2025-01-15") dumps "2025-01-15T00:00:00".
        let picker = DatePicker::new("due").default_value(date).min(date.and_hms_opt(9, 30, 0).expect("valid time"));
        assert_eq!(
            json!(picker),
            json!({"name": "due", "defaultValue": "2025-01-15T00:00:00", "min": "2025-01-15T09:30:00"})
        );
        let sdk = json!({"name": "due", "defaultValue": "2025-01-15T10:00:00Z", "max": "2025-12-31T23:59:59+02:00"});
        let parsed: DatePicker = serde_json::from_value(sdk.clone()).expect("aware datetime parses");
        assert!(matches!(parsed.default_value, Some(DateTimeValue::Zoned(_))));
        assert_eq!(json!(parsed), sdk);
        assert!(serde_json::from_value::<DatePicker>(json!({"name": "d", "defaultValue": "2025-01-15"})).is_err());
    }

    #[test]
    fn inputs_use_camel_case_names() {
        let input = Input::new("title").input_type(InputType::Email).auto_focus(true).gutter_size(GutterSize::TwoXs);
        assert_eq!(
            json!(input),
            json!({"name": "title", "inputType": "email", "autoFocus": true, "gutterSize": "2xs"})
        );
        let textarea = Textarea::new("notes").rows(3).auto_resize(true).max_rows(8);
        assert_eq!(json!(textarea), json!({"name": "notes", "rows": 3, "autoResize": true, "maxRows": 8}));
        assert!(serde_json::from_value::<Textarea>(json!({"name": "n", "rows": 2.5})).is_err());
    }
}
