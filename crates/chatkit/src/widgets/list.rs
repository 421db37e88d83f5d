//! List components: ListView (a widget root) and its ListViewItem rows.

use serde::{Deserialize, Serialize};

use super::error::WidgetError;
use super::root::WidgetComponent;
use super::style::{IntOrString, WidgetStatus};
use super::tokens::{Alignment, Theme};
use crate::actions::ActionConfig;

tagged_vec!(list_view_items, ListViewItem, "ListViewItem");

/// How many items a `ListView` shows before "Show more": a count or `"auto"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "LimitRepr", into = "LimitRepr")]
pub enum ListLimit {
    /// Show at most this many items.
    Count(u32),
    /// `"auto"`: let the client decide.
    Auto,
}

impl From<u32> for ListLimit {
    fn from(count: u32) -> Self {
        Self::Count(count)
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(untagged)]
enum LimitRepr {
    Count(u32),
    Word(String),
}

impl TryFrom<LimitRepr> for ListLimit {
    type Error = WidgetError;

    fn try_from(repr: LimitRepr) -> Result<Self, Self::Error> {
        match repr {
            LimitRepr::Count(count) => Ok(Self::Count(count)),
            LimitRepr::Word(word) if word == "auto" => Ok(Self::Auto),
            LimitRepr::Word(word) => Err(WidgetError::InvalidProp {
                prop: "limit",
                message: format!("expected a count or \"auto\", got {word:?}"),
            }),
        }
    }
}

impl From<ListLimit> for LimitRepr {
    fn from(limit: ListLimit) -> Self {
        match limit {
            ListLimit::Count(count) => Self::Count(count),
            ListLimit::Auto => Self::Word("auto".to_owned()),
        }
    }
}

widget! {
    /// A list of rows, shown as a widget root (`ListView`).
    #[derive(Default)]
    ListView {
        /// The rows.
        #[serde(default, with = "list_view_items")]
        children: Vec<ListViewItem>,
    } {
        /// Rows shown before a "Show more" control.
        limit: ListLimit,
        /// Status header above the list.
        status: WidgetStatus,
        /// Force a light or dark theme.
        theme: Theme,
    }
}

impl ListView {
    /// An empty list.
    pub fn new() -> Self {
        Self::with_required(Vec::new())
    }

    children_builders!(ListViewItem);
}

widget! {
    /// One row of a `ListView` (`ListViewItem`).
    #[derive(Default)]
    ListViewItem {
        /// Content of the row.
        #[serde(default)]
        children: Vec<WidgetComponent>,
    } {
        /// Action dispatched when the row is clicked (`onClickAction`).
        #[serde(rename = "onClickAction")]
        on_click: ActionConfig,
        /// Gap between children; spacing units or CSS.
        gap: IntOrString,
        /// Vertical alignment of the content.
        align: Alignment,
    }
}

impl ListViewItem {
    /// An empty row.
    pub fn new() -> Self {
        Self::with_required(Vec::new())
    }

    children_builders!(WidgetComponent);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::{IconName, Text};
    use serde_json::json;

    #[test]
    fn list_view_items_carry_their_type_tag() {
        let list = ListView::new()
            .id("task_list_view")
            .status(WidgetStatus::with_icon("Tasks", IconName::Check))
            .limit(ListLimit::Auto)
            .child(ListViewItem::new().id("task_1_item").gap(2).child(Text::new("Buy milk")));
        assert_eq!(
            json!(list),
            json!({"id": "task_list_view", "limit": "auto", "status": {"text": "Tasks", "icon": "check"},
                   "children": [{"type": "ListViewItem", "id": "task_1_item", "gap": 2,
                                 "children": [{"type": "Text", "value": "Buy milk"}]}]})
        );
    }

    #[test]
    fn sdk_list_view_round_trips() {
        // SDK: ListView(children=[ListViewItem(children=[], onClickAction=ActionConfig(type="open"))], limit=3)
        let sdk = json!({"children": [{"type": "ListViewItem", "children": [], "onClickAction":
                         {"type": "open", "handler": "server", "loadingBehavior": "auto", "streaming": true}}],
                         "limit": 3});
        let list: ListView = serde_json::from_value(sdk.clone()).expect("SDK list parses");
        assert_eq!(list.limit, Some(ListLimit::Count(3)));
        assert_eq!(json!(list), sdk);
    }

    #[test]
    fn list_view_rejects_other_children_and_bad_limits() {
        let text_child = json!({"children": [{"type": "Text", "value": "x"}]});
        assert!(serde_json::from_value::<ListView>(text_child).is_err());
        assert!(serde_json::from_value::<ListView>(json!({"children": [], "limit": "all"})).is_err());
        assert!(serde_json::from_value::<ListView>(json!({"children": [{"children": []}]})).is_err(), "type required");
    }
}
