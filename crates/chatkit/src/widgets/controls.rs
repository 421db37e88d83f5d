//! Interactive controls: Button, Checkbox, Select, RadioGroup.

use serde::{Deserialize, Serialize};

use super::icons::IconName;
use super::tokens::{ControlSize, ControlVariant, Direction};
use crate::actions::ActionConfig;

str_enum! {
    /// Button style preset.
    pub enum ButtonStyle { Primary = "primary", Secondary = "secondary" }
}

str_enum! {
    /// Button color token.
    pub enum ButtonColor {
        Primary = "primary", Secondary = "secondary", Info = "info", Discovery = "discovery", Success = "success",
        Caution = "caution", Warning = "warning", Danger = "danger",
    }
}

str_enum! {
    /// Size of the icons inside a button.
    pub enum ButtonIconSize { Sm = "sm", Md = "md", Lg = "lg", Xl = "xl", TwoXl = "2xl" }
}

widget! {
    /// A button, usually dispatching an action (`Button`).
    #[derive(Default)]
    Button {} {
        /// Submit the nearest form.
        submit: bool,
        /// Button text.
        label: String,
        /// Action dispatched on click (`onClickAction`).
        #[serde(rename = "onClickAction")]
        on_click: ActionConfig,
        /// Icon before the label (alone for an icon-only button).
        icon_start: IconName,
        /// Icon after the label.
        icon_end: IconName,
        /// Style preset.
        style: ButtonStyle,
        /// Size of the icons.
        icon_size: ButtonIconSize,
        /// Color token.
        color: ButtonColor,
        /// Visual variant.
        variant: ControlVariant,
        /// Size.
        size: ControlSize,
        /// Fully rounded.
        pill: bool,
        /// Equal width and height.
        uniform: bool,
        /// Full available width.
        block: bool,
        /// Disabled.
        disabled: bool,
    }
}

impl Button {
    /// A button labelled `label`.
    pub fn new(label: impl Into<String>) -> Self {
        Self::with_required().label(label)
    }

    /// A button showing only `icon`.
    pub fn icon_only(icon: IconName) -> Self {
        Self::with_required().icon_start(icon)
    }
}

widget! {
    /// A checkbox form control (`Checkbox`).
    Checkbox {
        /// Form field name.
        name: String,
    } {
        /// Text next to the box.
        label: String,
        /// Initially checked.
        default_checked: bool,
        /// Action dispatched when toggled (`onChangeAction`).
        #[serde(rename = "onChangeAction")]
        on_change: ActionConfig,
        /// Disabled.
        disabled: bool,
        /// Required for form submission.
        required: bool,
    }
}

impl Checkbox {
    /// A checkbox for the form field `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self::with_required(name.into())
    }
}

/// One choice of a `Select`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectOption {
    /// Submitted value.
    pub value: String,
    /// Displayed label.
    pub label: String,
    /// Not selectable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
    /// Secondary text below the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

impl SelectOption {
    /// An option submitting `value`, shown as `label`.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self { value: value.into(), label: label.into(), disabled: None, description: None }
    }

    setters! { disabled: bool }
    into_setters! { description: String }
}

widget! {
    /// A dropdown form control (`Select`).
    Select {
        /// Form field name.
        name: String,
        /// Choices.
        options: Vec<SelectOption>,
    } {
        /// Action dispatched when the value changes (`onChangeAction`).
        #[serde(rename = "onChangeAction")]
        on_change: ActionConfig,
        /// Text shown when nothing is selected.
        placeholder: String,
        /// Initially selected value.
        default_value: String,
        /// Visual variant.
        variant: ControlVariant,
        /// Size.
        size: ControlSize,
        /// Fully rounded.
        pill: bool,
        /// Full available width.
        block: bool,
        /// Offer a control clearing the value.
        clearable: bool,
        /// Disabled.
        disabled: bool,
        /// Offer a search input (by default when there are more than 15 options).
        searchable: bool,
    }
}

impl Select {
    /// A select for the form field `name` offering `options`.
    pub fn new(name: impl Into<String>, options: impl IntoIterator<Item = SelectOption>) -> Self {
        Self::with_required(name.into(), options.into_iter().collect())
    }
}

/// One choice of a `RadioGroup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RadioOption {
    /// Displayed label.
    pub label: String,
    /// Submitted value.
    pub value: String,
    /// Not selectable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

impl RadioOption {
    /// An option submitting `value`, shown as `label`.
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self { label: label.into(), value: value.into(), disabled: None }
    }

    setters! { disabled: bool }
}

widget! {
    /// A group of radio buttons (`RadioGroup`).
    RadioGroup {
        /// Form field name.
        name: String,
    } {
        /// Choices.
        options: Vec<RadioOption>,
        /// Accessible label (defaults to `name`).
        aria_label: String,
        /// Action dispatched when the value changes (`onChangeAction`).
        #[serde(rename = "onChangeAction")]
        on_change: ActionConfig,
        /// Initially selected value.
        default_value: String,
        /// Layout direction.
        direction: Direction,
        /// Disabled.
        disabled: bool,
        /// Required for form submission.
        required: bool,
    }
}

impl RadioGroup {
    /// A radio group for the form field `name`.
    pub fn new(name: impl Into<String>) -> Self {
        Self::with_required(name.into())
    }

    /// Appends one option.
    #[must_use]
    pub fn option(mut self, option: RadioOption) -> Self {
        self.options.get_or_insert_with(Vec::new).push(option);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn button_builder_matches_the_sdk_dump() {
        // SDK: Button(id=..., label="Delete", onClickAction=ActionConfig(type="delete_task", payload={"number": 3}),
        //             color="danger", variant="outline", size="sm")
        let button = Button::new("Delete")
            .id("task_3_delete_button")
            .on_click(ActionConfig::new("delete_task").payload(json!({"number": 3})))
            .color(ButtonColor::Danger)
            .variant(ControlVariant::Outline)
            .size(ControlSize::Sm);
        assert_eq!(
            json!(button),
            json!({"id": "task_3_delete_button", "label": "Delete", "color": "danger", "variant": "outline",
                   "size": "sm", "onClickAction": {"type": "delete_task", "payload": {"number": 3},
                   "handler": "server", "loadingBehavior": "auto", "streaming": true}})
        );
        assert_eq!(json!(Button::icon_only(IconName::Plus)), json!({"iconStart": "plus"}));
    }

    #[test]
    fn select_and_radio_options_round_trip() {
        let sdk = json!({"name": "priority", "defaultValue": "high", "clearable": true, "options": [
            {"value": "high", "label": "High", "description": "Soon"},
            {"value": "low", "label": "Low", "disabled": true}]});
        let select: Select = serde_json::from_value(sdk.clone()).expect("SDK select parses");
        assert_eq!(select.options[1], SelectOption::new("low", "Low").disabled(true));
        assert_eq!(json!(select), sdk);
        let radio = RadioGroup::new("p").option(RadioOption::new("h", "High")).direction(Direction::Col);
        assert_eq!(
            json!(radio),
            json!({"name": "p", "options": [{"label": "High", "value": "h"}], "direction": "col"})
        );
    }

    #[test]
    fn checkbox_change_action_and_required_name() {
        let checkbox = Checkbox::new("done").default_checked(true).on_change(ActionConfig::new("toggle"));
        assert_eq!(json!(checkbox)["onChangeAction"]["type"], json!("toggle"));
        assert!(serde_json::from_value::<Checkbox>(json!({"label": "x"})).is_err(), "name is required");
        assert!(serde_json::from_value::<Button>(json!({"onClick": {"type": "x"}})).is_err());
    }
}
