//! Widget diffing: the `widget.*` updates that turn one state of a streamed widget into the next, with the
//! semantics of the SDK's `diff_widget`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::WidgetError;
use super::root::{WidgetComponent, WidgetNode, WidgetRoot};

/// An update of a widget item, carried by `thread.item.updated` and tagged by `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum WidgetUpdate {
    /// Text appended to the `value` of the `Text` or `Markdown` component `component_id`.
    #[serde(rename = "widget.streaming_text.value_delta")]
    StreamingTextValueDelta {
        /// Id of the text component.
        component_id: String,
        /// The appended text.
        delta: String,
        /// Whether the text is complete (the component is no longer `streaming`).
        done: bool,
    },
    /// The whole widget replaced.
    #[serde(rename = "widget.root.updated")]
    RootUpdated {
        /// The new widget.
        widget: WidgetRoot,
    },
    /// One component replaced (never produced by [`diff_widget`], as in the SDK).
    #[serde(rename = "widget.component.updated")]
    ComponentUpdated {
        /// Id of the replaced component.
        component_id: String,
        /// The new component.
        component: WidgetComponent,
    },
}

/// The updates turning `before` into `after`, as the SDK's `diff_widget` computes them:
/// - `[]` when nothing changed, or when only text without an id grew (such growth is not streamable);
/// - one `widget.streaming_text.value_delta` per `Text`/`Markdown` with an id whose `value` grew, in tree order,
///   `done` unless the component says `streaming: true`;
/// - `[widget.root.updated]` for any other change: a prop (including `streaming`), a child added or removed,
///   a type, id or key changed, or a text value that does not extend the previous one.
///
/// Fails like the SDK when a streaming text id is new, or a value shrank without any other change being
/// detected. One deliberate difference: text inside a `Transition` is streamed (the SDK does not look inside
/// `Transition`, so it sends nothing and the client sees the text only when the item is done).
pub fn diff_widget(before: &WidgetRoot, after: &WidgetRoot) -> Result<Vec<WidgetUpdate>, WidgetError> {
    if component_replaced(&serde_json::to_value(before)?, &serde_json::to_value(after)?) {
        return Ok(vec![WidgetUpdate::RootUpdated { widget: after.clone() }]);
    }
    text_deltas(&streaming_texts(before), &streaming_texts(after))
}

/// The SDK's `full_replace`, on serialized components: absent and present fields differ, like unset and set
/// fields in pydantic's `model_fields_set`.
fn component_replaced(before: &Value, after: &Value) -> bool {
    let (Value::Object(b), Value::Object(a)) = (before, after) else {
        return before != after;
    };
    if ["type", "id", "key"].into_iter().any(|field| b.get(field) != a.get(field)) {
        return true;
    }
    let appendable = is_streaming_text(b) && is_streaming_text(a);
    let mut fields = b.keys().chain(a.keys().filter(|field| !b.contains_key(*field)));
    fields.any(|field| {
        let (bv, av) = (b.get(field), a.get(field));
        if appendable && field == "value" && is_append(bv, av) {
            return false;
        }
        if field == "children" { children_replaced(bv, av) } else { bv != av }
    })
}

fn children_replaced(before: Option<&Value>, after: Option<&Value>) -> bool {
    match (before, after) {
        (Some(Value::Array(b)), Some(Value::Array(a))) => {
            b.len() != a.len() || b.iter().zip(a).any(|(bc, ac)| component_replaced(bc, ac))
        }
        (Some(b @ Value::Object(_)), Some(a @ Value::Object(_))) => component_replaced(b, a),
        (b, a) => b != a,
    }
}

fn is_streaming_text(component: &Map<String, Value>) -> bool {
    matches!(component.get("type").and_then(Value::as_str), Some("Text" | "Markdown"))
        && component.get("value").is_some_and(Value::is_string)
}

fn is_append(before: Option<&Value>, after: Option<&Value>) -> bool {
    match (before.and_then(Value::as_str), after.and_then(Value::as_str)) {
        (Some(b), Some(a)) => a.starts_with(b),
        _ => false,
    }
}

/// A `Text` or `Markdown` component with an id.
#[derive(Debug, Clone, Copy)]
struct StreamingText<'a> {
    id: &'a str,
    value: &'a str,
    streaming: Option<bool>,
}

fn streaming_texts(root: &WidgetRoot) -> Vec<StreamingText<'_>> {
    let mut texts = Vec::new();
    root.walk(|node: WidgetNode<'_>| {
        if let (Some(id), Some((value, streaming))) = (node.id(), node.streaming_text()) {
            texts.push(StreamingText { id, value, streaming });
        }
    });
    texts
}

/// The value deltas between two sets of streaming texts (the SDK's loop over `after_nodes`): for a repeated
/// id the last component counts, at the position of the first.
fn text_deltas(before: &[StreamingText<'_>], after: &[StreamingText<'_>]) -> Result<Vec<WidgetUpdate>, WidgetError> {
    let before: HashMap<&str, StreamingText<'_>> = before.iter().map(|text| (text.id, *text)).collect();
    let mut order = Vec::new();
    let mut latest = HashMap::new();
    for text in after {
        if latest.insert(text.id, *text).is_none() {
            order.push(text.id);
        }
    }
    let mut deltas = Vec::new();
    for id in order {
        let (Some(after), Some(before)) = (latest.get(id), before.get(id)) else {
            return Err(WidgetError::NodeNotPresent { id: id.to_owned() });
        };
        if before.value == after.value {
            continue;
        }
        let Some(delta) = after.value.strip_prefix(before.value) else {
            return Err(WidgetError::NotCumulative { id: id.to_owned() });
        };
        deltas.push(WidgetUpdate::StreamingTextValueDelta {
            component_id: id.to_owned(),
            delta: delta.to_owned(),
            done: after.streaming != Some(true),
        });
    }
    Ok(deltas)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::{Button, Card, ListView, ListViewItem, Markdown, Text, TextSize, Transition, WidgetComponent};
    use serde_json::json;

    fn card(children: impl IntoIterator<Item = WidgetComponent>) -> WidgetRoot {
        Card::new().id("answer_card").children(children).into()
    }

    fn text(id: &str, value: &str, streaming: Option<bool>) -> WidgetComponent {
        let mut text = Text::new(value).id(id);
        text.streaming = streaming;
        text.into()
    }

    fn delta(id: &str, delta: &str, done: bool) -> WidgetUpdate {
        WidgetUpdate::StreamingTextValueDelta { component_id: id.into(), delta: delta.into(), done }
    }

    #[test]
    fn sdk_diff_cases_give_the_same_updates() {
        // testdata/generate_diffs.py: widget pairs and the updates the SDK's diff_widget returns for them.
        let cases: Vec<serde_json::Value> =
            serde_json::from_str(include_str!("testdata/sdk_diffs.json")).expect("fixture is JSON");
        assert_eq!(cases.len(), 20);
        for (index, case) in cases.iter().enumerate() {
            let before: WidgetRoot = serde_json::from_value(case["before"].clone()).expect("before parses");
            let after: WidgetRoot = serde_json::from_value(case["after"].clone()).expect("after parses");
            let updates = diff_widget(&before, &after).expect("the SDK raised no error");
            assert_eq!(json!(updates), case["expected"], "case {index}");
        }
    }

    #[test]
    fn unchanged_widget_has_no_updates() {
        let widget = card([text("answer_text", "Hello", Some(true))]);
        assert_eq!(diff_widget(&widget, &widget.clone()).expect("diff"), vec![]);
        assert_eq!(diff_widget(&card([]), &card([])).expect("diff"), vec![]);
    }

    #[test]
    fn appended_text_becomes_a_value_delta_not_done_while_streaming() {
        let before = card([text("answer_text", "Hello", Some(true))]);
        let after = card([text("answer_text", "Hello, world!", Some(true))]);
        assert_eq!(diff_widget(&before, &after).expect("diff"), vec![delta("answer_text", ", world!", false)]);
    }

    #[test]
    fn appended_text_without_streaming_flag_is_done() {
        let before = card([text("answer_text", "Hello", None)]);
        let after = card([text("answer_text", "Hello world", None)]);
        assert_eq!(diff_widget(&before, &after).expect("diff"), vec![delta("answer_text", " world", true)]);
    }

    #[test]
    fn several_texts_stream_in_tree_order() {
        let list = |a: &str, b: &str| -> WidgetRoot {
            ListView::new()
                .child(ListViewItem::new().child(Markdown::new(a).id("first_markdown")))
                .child(ListViewItem::new().child(Transition::new(Markdown::new(b).id("second_markdown"))))
                .into()
        };
        let updates = diff_widget(&list("a", "x"), &list("ab", "xy")).expect("diff");
        // The SDK does not look inside Transition and would only report the first delta.
        assert_eq!(updates, vec![delta("first_markdown", "b", true), delta("second_markdown", "y", true)]);
    }

    #[test]
    fn ending_the_stream_replaces_the_root() {
        // SDK test_diff: streaming True -> False is a prop change, hence widget.root.updated.
        let before = card([text("answer_text", "Hello", Some(true))]);
        let after = card([text("answer_text", "Hello, world!", Some(false))]);
        assert_eq!(diff_widget(&before, &after).expect("diff"), vec![WidgetUpdate::RootUpdated { widget: after }]);
    }

    #[test]
    fn non_prefix_change_replaces_the_root() {
        // Checked against the SDK: a value that does not extend the old one fails full_replace's append test.
        let before = card([text("answer_text", "Hello", Some(true))]);
        let after = card([text("answer_text", "Bye", Some(true))]);
        assert_eq!(diff_widget(&before, &after).expect("diff"), vec![WidgetUpdate::RootUpdated { widget: after }]);
    }

    #[test]
    fn structural_and_prop_changes_replace_the_root() {
        let base = card([Text::new("a").into()]);
        let cases: Vec<WidgetRoot> = vec![
            card([Text::new("a").into(), Button::new("Add").into()]),
            card([Text::new("a").size(TextSize::Sm).into()]),
            card([Text::new("a").id("new_text").into()]),
            card([Markdown::new("a").into()]),
            Card::new().id("other_card").child(Text::new("a")).into(),
            ListView::new().id("answer_card").into(),
        ];
        for after in cases {
            assert_eq!(diff_widget(&base, &after).expect("diff"), vec![WidgetUpdate::RootUpdated { widget: after }]);
        }
    }

    #[test]
    fn growing_text_without_id_is_not_streamed() {
        // SDK: the append passes full_replace, but only components with an id get deltas.
        let before = card([Text::new("Hello").into()]);
        let after = card([Text::new("Hello world").into()]);
        assert_eq!(diff_widget(&before, &after).expect("diff"), vec![]);
    }

    #[test]
    fn a_new_streaming_text_id_is_an_error() {
        let before = [StreamingText { id: "old_text", value: "a", streaming: None }];
        let after = [StreamingText { id: "new_text", value: "a", streaming: None }];
        let err = text_deltas(&before, &after).expect_err("new id");
        assert!(matches!(&err, WidgetError::NodeNotPresent { id } if id == "new_text"));
        assert!(err.to_string().starts_with("Node new_text was not present when the widget was initially rendered."));
    }

    #[test]
    fn a_shrinking_value_is_an_error() {
        let before = [StreamingText { id: "answer_text", value: "Hello", streaming: Some(true) }];
        let after = [StreamingText { id: "answer_text", value: "Help", streaming: Some(true) }];
        let err = text_deltas(&before, &after).expect_err("not cumulative");
        assert!(matches!(&err, WidgetError::NotCumulative { id } if id == "answer_text"));
        assert!(err.to_string().contains("is not a prefix of the initial value"));
    }

    #[test]
    fn updates_serialize_standalone_with_their_type_tag() {
        let update = delta("answer_text", "!", false);
        let wire = json!({"type": "widget.streaming_text.value_delta", "component_id": "answer_text", "delta": "!",
                          "done": false});
        assert_eq!(json!(update), wire);
        assert_eq!(serde_json::from_value::<WidgetUpdate>(wire).expect("parses"), update);
        let root = json!({"type": "widget.root.updated", "widget": {"type": "Card", "children": []}});
        assert_eq!(json!(serde_json::from_value::<WidgetUpdate>(root.clone()).expect("parses")), root);
        let component = WidgetUpdate::ComponentUpdated { component_id: "t".into(), component: Text::new("x").into() };
        assert_eq!(
            json!(component),
            json!({"type": "widget.component.updated", "component_id": "t",
                   "component": {"type": "Text", "value": "x"}})
        );
        let extra = json!({"type": "widget.root.updated", "widget": {"type": "Card", "children": []}, "x": 1});
        assert!(serde_json::from_value::<WidgetUpdate>(extra).is_err());
    }
}
