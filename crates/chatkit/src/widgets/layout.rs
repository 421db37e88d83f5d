//! Layout components: Box, Row, Col, Form (flex containers), Spacer, Divider, Transition.

use super::root::WidgetComponent;
use super::style::{BorderValue, Color, IntOrString, NumberOrString, SpacingValue};
use super::tokens::{Alignment, Direction, FlexWrap, Justification, RadiusValue};
use crate::actions::ActionConfig;

/// Defines a flex container: the SDK's `BoxBase` props plus the given extra props.
macro_rules! flex_container {
    ($(#[$meta:meta])* $name:ident { $($extra:tt)* }) => {
        widget! {
            $(#[$meta])*
            #[derive(Default)]
            $name {
                /// Child components (omitted when empty).
                #[serde(default, skip_serializing_if = "Vec::is_empty")]
                children: Vec<WidgetComponent>,
            } {
                /// Cross-axis alignment of children.
                align: Alignment,
                /// Main-axis distribution of children.
                justify: Justification,
                /// Wrap behaviour.
                wrap: FlexWrap,
                /// Flex grow/shrink factor.
                flex: IntOrString,
                /// Gap between children; spacing units or CSS.
                gap: IntOrString,
                /// Height; px or CSS.
                height: NumberOrString,
                /// Width; px or CSS.
                width: NumberOrString,
                /// Width and height; px or CSS.
                size: NumberOrString,
                /// Minimum height; px or CSS.
                min_height: IntOrString,
                /// Minimum width; px or CSS.
                min_width: IntOrString,
                /// Minimum width and height; px or CSS.
                min_size: IntOrString,
                /// Maximum height; px or CSS.
                max_height: IntOrString,
                /// Maximum width; px or CSS.
                max_width: IntOrString,
                /// Maximum width and height; px or CSS.
                max_size: IntOrString,
                /// Inner padding; spacing units, CSS or per edge.
                padding: SpacingValue,
                /// Outer margin; spacing units, CSS or per edge.
                margin: SpacingValue,
                /// Border: width in px, one border, or per edge.
                border: BorderValue,
                /// Corner radius.
                radius: RadiusValue,
                /// Background color token (`surface`…), primitive token, CSS or theme pair.
                background: Color,
                /// Aspect ratio (e.g. `16.0 / 9.0`) or CSS.
                aspect_ratio: NumberOrString,
                $($extra)*
            }
        }

        impl $name {
            /// An empty container.
            pub fn new() -> Self {
                Self::with_required(Vec::new())
            }

            children_builders!(WidgetComponent);
        }
    };
}

flex_container! {
    /// A flex container with a chosen direction (`Box`; named `WidgetBox` to keep `Box` for `std::boxed::Box`).
    WidgetBox {
        /// Flex direction.
        direction: Direction,
    }
}

flex_container! {
    /// A horizontal flex container (`Row`).
    Row {}
}

flex_container! {
    /// A vertical flex container (`Col`).
    Col {}
}

flex_container! {
    /// A flex container submitting its fields with `onSubmitAction` (`Form`).
    Form {
        /// Action dispatched on submit, with the form's field values (`onSubmitAction`).
        #[serde(rename = "onSubmitAction")]
        on_submit: ActionConfig,
        /// Flex direction.
        direction: Direction,
    }
}

widget! {
    /// Flexible space pushing siblings apart (`Spacer`).
    #[derive(Default)]
    Spacer {} {
        /// Minimum size along the flex direction; px or CSS.
        min_size: IntOrString,
    }
}

impl Spacer {
    /// A spacer.
    pub fn new() -> Self {
        Self::with_required()
    }
}

widget! {
    /// A horizontal rule between sections (`Divider`).
    #[derive(Default)]
    Divider {} {
        /// Border color token (`default`, `subtle`, `strong`), primitive token, CSS or theme pair.
        color: Color,
        /// Line thickness; px or CSS.
        size: IntOrString,
        /// Space above and below; spacing units or CSS.
        spacing: IntOrString,
        /// Extend to the container's edges, ignoring its padding.
        flush: bool,
    }
}

impl Divider {
    /// A divider.
    pub fn new() -> Self {
        Self::with_required()
    }
}

widget! {
    /// Animates layout changes of its one child (`Transition`).
    #[derive(Default)]
    Transition {
        /// The animated child.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        children: Option<Box<WidgetComponent>>,
    } {}
}

impl Transition {
    /// A transition around `child`.
    pub fn new(child: impl Into<WidgetComponent>) -> Self {
        Self::with_required(Some(Box::new(child.into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::widgets::{Spacing, Text};
    use serde_json::json;

    #[test]
    fn box_props_serialize_like_the_sdk() {
        // SDK: Box(padding=4, height=10, gap=2, margin={"x": 2}) → floats for float props, ints for int props.
        let sdk = json!({"gap": 2, "height": 10.0, "padding": 4.0, "margin": {"x": 2.0}});
        let built = WidgetBox::new().padding(4).height(10).gap(2).margin(Spacing::new().x(2));
        assert_eq!(json!(built), sdk);
        let parsed: WidgetBox = serde_json::from_value(sdk.clone()).expect("SDK output parses");
        assert_eq!(parsed, built);
    }

    #[test]
    fn containers_list_children_with_their_type_and_skip_empty_children() {
        let row = Row::new().gap(2).child(Text::new("a")).children([Text::new("b"), Text::new("c")]);
        assert_eq!(row.children.len(), 3);
        assert_eq!(json!(row)["children"][2], json!({"type": "Text", "value": "c"}));
        assert_eq!(json!(Col::new()), json!({}));
    }

    #[test]
    fn form_uses_on_submit_action_on_the_wire() {
        let form = Form::new().id("add_task_form").on_submit(ActionConfig::new("add_task")).direction(Direction::Row);
        assert_eq!(
            json!(form),
            json!({"id": "add_task_form", "direction": "row", "onSubmitAction":
                   {"type": "add_task", "handler": "server", "loadingBehavior": "auto", "streaming": true}})
        );
    }

    #[test]
    fn transition_holds_one_child_object() {
        let transition = Transition::new(Text::new("x"));
        assert_eq!(json!(transition), json!({"children": {"type": "Text", "value": "x"}}));
        assert_eq!(json!(Divider::new().flush(true).size(1)), json!({"flush": true, "size": 1}));
        assert!(serde_json::from_value::<Spacer>(json!({"minSize": 4, "size": 1})).is_err());
    }
}
