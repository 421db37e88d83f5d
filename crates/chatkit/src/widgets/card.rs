//! The Card widget root and its footer actions.

use serde::{Deserialize, Serialize};

use super::root::WidgetComponent;
use super::style::{BorderValue, Color, SpacingValue, WidgetStatus};
use super::tokens::Theme;
use crate::actions::ActionConfig;

/// A footer button of a `Card` (`confirm` or `cancel`): a label and its action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardAction {
    /// Button label.
    pub label: String,
    /// Action dispatched on click.
    pub action: ActionConfig,
}

impl CardAction {
    /// A footer button `label` dispatching `action`.
    pub fn new(label: impl Into<String>, action: ActionConfig) -> Self {
        Self { label: label.into(), action }
    }
}

str_enum! {
    /// Card size.
    pub enum CardSize { Sm = "sm", Md = "md", Lg = "lg", Full = "full" }
}

widget! {
    /// A bordered container, shown as a widget root (`Card`).
    #[derive(Default)]
    Card {
        /// Child components.
        #[serde(default)]
        children: Vec<WidgetComponent>,
    } {
        /// Treat the card as a form so that `confirm`/`cancel` send its field values.
        as_form: bool,
        /// Background color token (`surface`…), primitive token, CSS or theme pair.
        background: Color,
        /// Border (only in the npm types; the Python SDK 1.6.5 `Card` has no `border`).
        border: BorderValue,
        /// Card size.
        size: CardSize,
        /// Inner padding; spacing units, CSS or per edge.
        padding: SpacingValue,
        /// Status header above the card.
        status: WidgetStatus,
        /// Collapse the body once the main action completed.
        collapsed: bool,
        /// Confirm button in the footer.
        confirm: CardAction,
        /// Cancel button in the footer.
        cancel: CardAction,
        /// Force a light or dark theme.
        theme: Theme,
    }
}

impl Card {
    /// An empty card.
    pub fn new() -> Self {
        Self::with_required(Vec::new())
    }

    children_builders!(WidgetComponent);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::{Button, Text, Title};
    use serde_json::json;

    #[test]
    fn card_builder_serializes_children_and_footer() {
        let card = Card::new()
            .id("task_list_card")
            .padding(3)
            .child(Title::new("Tasks"))
            .children(vec![WidgetComponent::from(Text::new("hi")), Button::new("Add").into()])
            .confirm(CardAction::new("Save", ActionConfig::new("save")));
        assert_eq!(
            json!(card),
            json!({"id": "task_list_card", "padding": 3.0,
                   "children": [{"type": "Title", "value": "Tasks"}, {"type": "Text", "value": "hi"},
                                {"type": "Button", "label": "Add"}],
                   "confirm": {"label": "Save", "action": {"type": "save", "handler": "server",
                               "loadingBehavior": "auto", "streaming": true}}})
        );
    }

    #[test]
    fn empty_card_keeps_its_children_list() {
        // SDK: Card(children=[]) dumps {"type": "Card", "children": []}.
        assert_eq!(json!(Card::new()), json!({"children": []}));
        assert!(serde_json::from_value::<Card>(json!({"children": [], "asform": true})).is_err());
    }
}
