//! The Basic widget root: a bare layout holding components or other roots.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::root::{WidgetComponent, WidgetNode, WidgetRoot};
use super::style::{IntOrString, SpacingValue};
use super::tokens::{Alignment, Direction, Justification, Theme};

widget! {
    /// A layout root without card chrome (`Basic`); its props are those of the npm `BasicRoot`.
    #[derive(Default)]
    Basic {
        /// Components or nested roots; optional in the SDK, so an empty list is left out.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        children: Vec<BasicChild>,
    } {
        /// Force a light or dark theme.
        theme: Theme,
        /// Flex direction.
        direction: Direction,
        /// Gap between children; spacing units or CSS.
        gap: IntOrString,
        /// Inner padding; spacing units, CSS or per edge.
        padding: SpacingValue,
        /// Cross-axis alignment.
        align: Alignment,
        /// Main-axis distribution.
        justify: Justification,
    }
}

impl Basic {
    /// An empty Basic root.
    pub fn new() -> Self {
        Self::with_required(Vec::new())
    }

    children_builders!(BasicChild);
}

/// A child of a [`Basic`] root: a component, or a nested root (`Card`, `ListView`, `Basic`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum BasicChild {
    /// A component.
    Component(WidgetComponent),
    /// A nested root.
    Root(WidgetRoot),
}

impl BasicChild {
    /// A borrowed view of this child.
    pub fn as_node(&self) -> WidgetNode<'_> {
        match self {
            Self::Component(component) => component.as_node(),
            Self::Root(root) => root.as_node(),
        }
    }
}

impl<'de> Deserialize<'de> for BasicChild {
    /// Dispatches on `type`, so that errors name the actual problem instead of "no variant matched".
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let is_root = matches!(value.get("type").and_then(Value::as_str), Some("Card" | "ListView" | "Basic"));
        if is_root {
            WidgetRoot::deserialize(value).map(Self::Root).map_err(D::Error::custom)
        } else {
            WidgetComponent::deserialize(value).map(Self::Component).map_err(D::Error::custom)
        }
    }
}

impl From<WidgetComponent> for BasicChild {
    fn from(component: WidgetComponent) -> Self {
        Self::Component(component)
    }
}

impl From<WidgetRoot> for BasicChild {
    fn from(root: WidgetRoot) -> Self {
        Self::Root(root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::{Card, Text};
    use serde_json::json;

    #[test]
    fn basic_holds_components_and_roots() {
        let basic = Basic::new().gap(2).direction(Direction::Col).child(Text::new("a")).child(Card::new().id("c"));
        let expected = json!({"gap": 2, "direction": "col", "children": [
            {"type": "Text", "value": "a"}, {"type": "Card", "id": "c", "children": []}]});
        assert_eq!(json!(basic), expected);
        assert_eq!(serde_json::from_value::<Basic>(expected).expect("round trip"), basic);
    }

    #[test]
    fn child_errors_name_the_problem() {
        let err =
            serde_json::from_value::<Basic>(json!({"children": [{"type": "Text", "valeu": "a"}]})).expect_err("typo");
        assert!(err.to_string().contains("valeu"), "{err}");
    }
}
