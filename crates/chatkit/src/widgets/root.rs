//! The `WidgetRoot` and `WidgetComponent` unions, the borrowed [`WidgetNode`] view, tree walking and validation.

use std::collections::HashSet;

use serde::Serialize;

use super::basic::{Basic, BasicChild};
use super::card::Card;
use super::chart::Chart;
use super::controls::{Button, Checkbox, RadioGroup, Select};
use super::error::WidgetError;
use super::inputs::{DatePicker, Input, Textarea};
use super::layout::{Col, Divider, Form, Row, Spacer, Transition, WidgetBox};
use super::list::{ListView, ListViewItem};
use super::media::{Icon, Image};
use super::table::{Table, TableCell, TableRow};
use super::text::{Badge, Caption, Label, Markdown, Text, Title};

/// Defines a union tagged by `type` with boxed variants, `From` each member, and `as_node`.
macro_rules! tagged_union {
    ($(#[$meta:meta])* $name:ident { $($variant:ident($ty:ty) = $tag:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(tag = "type")]
        pub enum $name {
            $(
                #[doc = concat!("`", $tag, "`")]
                #[serde(rename = $tag)]
                $variant(Box<$ty>),
            )+
        }

        $(
            impl From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    Self::$variant(Box::new(value))
                }
            }

            impl From<$ty> for BasicChild {
                fn from(value: $ty) -> Self {
                    $name::from(value).into()
                }
            }
        )+

        crate::tagged::deserialize_by_tag!($name, $($tag => $ty => |value| Self::$variant(Box::new(value))),+);

        impl $name {
            /// A borrowed view of this node.
            pub fn as_node(&self) -> WidgetNode<'_> {
                match self {
                    $(Self::$variant(value) => WidgetNode::$variant(value),)+
                }
            }

            /// The wire `type` tag.
            pub fn type_name(&self) -> &'static str {
                self.as_node().type_name()
            }

            /// The component's `id`, if any.
            pub fn id(&self) -> Option<&str> {
                self.as_node().id()
            }
        }
    };
}

tagged_union! {
    /// A widget root, as carried by a widget item: `Card`, `ListView` or `Basic` (the SDK's `StrictWidgetRoot`).
    WidgetRoot {
        Card(Card) = "Card",
        ListView(ListView) = "ListView",
        Basic(Basic) = "Basic",
    }
}

tagged_union! {
    /// A component that may appear among `children`: the SDK's `StrictWidgetComponent` and the npm table types.
    /// Roots (`Card`, `ListView`, `Basic`) are not components: only a `Basic` root may nest them.
    WidgetComponent {
        Text(Text) = "Text",
        Title(Title) = "Title",
        Caption(Caption) = "Caption",
        Chart(Chart) = "Chart",
        Badge(Badge) = "Badge",
        Markdown(Markdown) = "Markdown",
        Box(WidgetBox) = "Box",
        Row(Row) = "Row",
        Col(Col) = "Col",
        Divider(Divider) = "Divider",
        Icon(Icon) = "Icon",
        Image(Image) = "Image",
        ListViewItem(ListViewItem) = "ListViewItem",
        Button(Button) = "Button",
        Checkbox(Checkbox) = "Checkbox",
        Spacer(Spacer) = "Spacer",
        Select(Select) = "Select",
        DatePicker(DatePicker) = "DatePicker",
        Form(Form) = "Form",
        Input(Input) = "Input",
        Label(Label) = "Label",
        RadioGroup(RadioGroup) = "RadioGroup",
        Textarea(Textarea) = "Textarea",
        Transition(Transition) = "Transition",
        Table(Table) = "Table",
        TableRow(TableRow) = "Table.Row",
        TableCell(TableCell) = "Table.Cell",
    }
}

macro_rules! widget_node {
    ($($variant:ident($ty:ty) = $tag:literal),+ $(,)?) => {
        /// A borrowed view of any node of a widget tree: a root, a component, or a typed child such as a row.
        #[derive(Debug, Clone, Copy, PartialEq)]
        pub enum WidgetNode<'a> {
            $(
                #[doc = concat!("`", $tag, "`")]
                $variant(&'a $ty),
            )+
        }

        impl<'a> WidgetNode<'a> {
            /// The wire `type` tag.
            pub fn type_name(self) -> &'static str {
                match self {
                    $(Self::$variant(_) => $tag,)+
                }
            }

            /// The node's `id`, if any.
            pub fn id(self) -> Option<&'a str> {
                match self {
                    $(Self::$variant(node) => node.id.as_deref(),)+
                }
            }

            /// The node's `key`, if any.
            pub fn key(self) -> Option<&'a str> {
                match self {
                    $(Self::$variant(node) => node.key.as_deref(),)+
                }
            }
        }
    };
}

widget_node! {
    Card(Card) = "Card", ListView(ListView) = "ListView", Basic(Basic) = "Basic", Text(Text) = "Text",
    Title(Title) = "Title", Caption(Caption) = "Caption", Chart(Chart) = "Chart", Badge(Badge) = "Badge",
    Markdown(Markdown) = "Markdown", Box(WidgetBox) = "Box", Row(Row) = "Row", Col(Col) = "Col",
    Divider(Divider) = "Divider", Icon(Icon) = "Icon", Image(Image) = "Image",
    ListViewItem(ListViewItem) = "ListViewItem", Button(Button) = "Button", Checkbox(Checkbox) = "Checkbox",
    Spacer(Spacer) = "Spacer", Select(Select) = "Select", DatePicker(DatePicker) = "DatePicker", Form(Form) = "Form",
    Input(Input) = "Input", Label(Label) = "Label", RadioGroup(RadioGroup) = "RadioGroup",
    Textarea(Textarea) = "Textarea", Transition(Transition) = "Transition", Table(Table) = "Table",
    TableRow(TableRow) = "Table.Row", TableCell(TableCell) = "Table.Cell",
}

fn nodes_of(components: &[WidgetComponent]) -> Vec<WidgetNode<'_>> {
    components.iter().map(WidgetComponent::as_node).collect()
}

impl<'a> WidgetNode<'a> {
    /// The direct children, in order (a `Transition`'s single child included).
    pub fn children(self) -> Vec<WidgetNode<'a>> {
        match self {
            Self::Card(card) => nodes_of(&card.children),
            Self::ListView(list) => list.children.iter().map(WidgetNode::ListViewItem).collect(),
            Self::Basic(basic) => basic.children.iter().map(BasicChild::as_node).collect(),
            Self::ListViewItem(item) => nodes_of(&item.children),
            Self::Box(container) => nodes_of(&container.children),
            Self::Row(row) => nodes_of(&row.children),
            Self::Col(col) => nodes_of(&col.children),
            Self::Form(form) => nodes_of(&form.children),
            Self::Transition(transition) => transition.children.iter().map(|child| child.as_node()).collect(),
            Self::Table(table) => table.children.iter().map(WidgetNode::TableRow).collect(),
            Self::TableRow(row) => row.children.iter().map(WidgetNode::TableCell).collect(),
            Self::TableCell(cell) => nodes_of(&cell.children),
            _ => Vec::new(),
        }
    }

    /// Visits this node and its descendants, depth first, parents before children.
    pub fn walk(self, visit: &mut impl FnMut(WidgetNode<'a>)) {
        visit(self);
        for child in self.children() {
            child.walk(visit);
        }
    }

    /// This node and its descendants, depth first, parents before children.
    pub fn descendants(self) -> Vec<WidgetNode<'a>> {
        let mut nodes = Vec::new();
        self.walk(&mut |node| nodes.push(node));
        nodes
    }

    /// The `value` and `streaming` flag of a `Text` or `Markdown` node.
    pub fn streaming_text(self) -> Option<(&'a str, Option<bool>)> {
        match self {
            Self::Text(text) => Some((&text.value, text.streaming)),
            Self::Markdown(markdown) => Some((&markdown.value, markdown.streaming)),
            _ => None,
        }
    }
}

impl WidgetRoot {
    /// Visits every node of the tree, depth first, the root first.
    pub fn walk<'a>(&'a self, mut visit: impl FnMut(WidgetNode<'a>)) {
        self.as_node().walk(&mut visit);
    }

    /// Every node of the tree, depth first, the root first.
    pub fn nodes(&self) -> Vec<WidgetNode<'_>> {
        self.as_node().descendants()
    }

    /// The first node (depth first) whose `id` is `id`.
    pub fn find(&self, id: &str) -> Option<WidgetNode<'_>> {
        self.nodes().into_iter().find(|node| node.id() == Some(id))
    }

    /// Checks that no two nodes share an `id`.
    pub fn validate(&self) -> Result<(), WidgetError> {
        let mut seen = HashSet::new();
        for id in self.nodes().into_iter().filter_map(WidgetNode::id) {
            if !seen.insert(id) {
                return Err(WidgetError::DuplicateId { id: id.to_owned() });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::ActionConfig;
    use crate::widgets::{Icon, IconName, ListLimit, WidgetStatus};
    use serde_json::{Value, json};

    fn sdk_fixture(name: &str) -> Value {
        // Dumped by the official SDK (testdata/generate.py): model_dump(mode="json", by_alias=True, exclude_none=True).
        let all: Value = serde_json::from_str(include_str!("testdata/sdk_widgets.json")).expect("fixture is JSON");
        all[name].clone()
    }

    #[test]
    fn sdk_widgets_round_trip_exactly() {
        for name in ["card", "list", "basic"] {
            let sdk = sdk_fixture(name);
            let root: WidgetRoot = serde_json::from_value(sdk.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(json!(root), sdk, "{name}");
            root.validate().unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn sdk_card_covers_every_python_component() {
        let root: WidgetRoot = serde_json::from_value(sdk_fixture("card")).expect("card parses");
        let types: HashSet<&str> = root.nodes().into_iter().map(WidgetNode::type_name).collect();
        for expected in [
            "Card",
            "Text",
            "Title",
            "Caption",
            "Chart",
            "Badge",
            "Markdown",
            "Box",
            "Row",
            "Col",
            "Divider",
            "Icon",
            "Image",
            "ListViewItem",
            "Button",
            "Checkbox",
            "Spacer",
            "Select",
            "DatePicker",
            "Form",
            "Input",
            "Label",
            "RadioGroup",
            "Textarea",
            "Transition",
        ] {
            assert!(types.contains(expected), "fixture lacks {expected}");
        }
    }

    #[test]
    fn builder_tree_serializes_with_type_tags() {
        let root: WidgetRoot = Card::new()
            .id("task_list_card")
            .child(Text::new("hi"))
            .child(
                Button::new("Delete")
                    .id("task_3_delete_button")
                    .on_click(ActionConfig::new("delete_task").payload(json!({"number": 3}))),
            )
            .into();
        assert_eq!(
            json!(root),
            json!({"type": "Card", "id": "task_list_card", "children": [
                {"type": "Text", "value": "hi"},
                {"type": "Button", "id": "task_3_delete_button", "label": "Delete", "onClickAction":
                    {"type": "delete_task", "payload": {"number": 3}, "handler": "server", "loadingBehavior": "auto",
                     "streaming": true}}]})
        );
    }

    #[test]
    fn parsing_rejects_unknown_types_props_and_misplaced_roots() {
        let cases = [
            json!({"type": "Card", "children": [{"type": "Txt", "value": "a"}]}),
            json!({"type": "Card", "children": [{"type": "Text", "value": "a", "bold": true}]}),
            json!({"type": "Card", "children": [{"type": "ListView", "children": []}]}),
            json!({"type": "Text", "value": "a"}),
            json!({"type": "Card", "children": [], "unknown": 1}),
        ];
        for case in cases {
            assert!(serde_json::from_value::<WidgetRoot>(case.clone()).is_err(), "accepted {case}");
        }
        let err = serde_json::from_value::<WidgetRoot>(
            json!({"type": "Card", "children": [{"type": "Text", "value": "a", "bold": true}]}),
        )
        .expect_err("unknown prop");
        assert!(err.to_string().contains("bold"), "{err}");
    }

    #[test]
    fn walk_visits_typed_children_depth_first() {
        let root: WidgetRoot = ListView::new()
            .id("task_list_view")
            .status(WidgetStatus::text("Tasks"))
            .limit(ListLimit::Count(5))
            .child(ListViewItem::new().id("task_1_item").child(Text::new("Buy milk").id("task_1_text")))
            .child(ListViewItem::new().id("task_2_item").child(Icon::new(IconName::Check).id("task_2_icon")))
            .into();
        let ids: Vec<Option<&str>> = root.nodes().into_iter().map(WidgetNode::id).collect();
        assert_eq!(
            ids,
            [
                Some("task_list_view"),
                Some("task_1_item"),
                Some("task_1_text"),
                Some("task_2_item"),
                Some("task_2_icon")
            ]
        );
        assert_eq!(root.find("task_2_icon").map(WidgetNode::type_name), Some("Icon"));
        assert!(root.find("task_3_item").is_none());
    }

    #[test]
    fn duplicate_ids_are_rejected_by_name() {
        let root: WidgetRoot = Card::new()
            .id("task_list_card")
            .child(Row::new().child(Text::new("a").id("task_1_text")))
            .child(Transition::new(Text::new("b").id("task_1_text")))
            .into();
        let err = root.validate().expect_err("duplicate id");
        assert!(matches!(&err, WidgetError::DuplicateId { id } if id == "task_1_text"));
        assert!(err.to_string().contains("task_1_text"));
        let unique: WidgetRoot =
            Card::new().id("a_card").child(Text::new("a").id("a_text")).child(Text::new("b")).into();
        assert!(unique.validate().is_ok(), "components without ids never collide");
    }

    #[test]
    fn table_rows_and_cells_are_walked_and_validated() {
        use crate::widgets::{Table, TableCell, TableRow};
        let root: WidgetRoot = Basic::new()
            .child(Table::new().child(TableRow::new().child(TableCell::new().child(Text::new("x").id("dup")))))
            .child(Card::new().child(Text::new("y").id("dup")))
            .into();
        assert_eq!(root.nodes().len(), 7);
        assert!(matches!(root.validate(), Err(WidgetError::DuplicateId { .. })));
    }
}
