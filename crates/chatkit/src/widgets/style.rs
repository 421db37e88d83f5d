//! Structured prop types shared by components: colors, numbers-or-CSS, spacing, borders, status headers.

use serde::{Deserialize, Serialize};

use super::icons::IconName;

str_enum! {
    /// Border line style.
    pub enum BorderStyle {
        Solid = "solid", Dashed = "dashed", Dotted = "dotted", Double = "double", Groove = "groove",
        Ridge = "ridge", Inset = "inset", Outset = "outset",
    }
}

/// A color for each theme (`{dark, light}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeColor {
    /// Color used when the theme is dark.
    pub dark: String,
    /// Color used when the theme is light.
    pub light: String,
}

impl ThemeColor {
    /// A theme-aware color from its light and dark values.
    pub fn new(light: impl Into<String>, dark: impl Into<String>) -> Self {
        Self { dark: dark.into(), light: light.into() }
    }
}

/// A color: a color token (`secondary`, `surface`…), a primitive token (`red-100`), CSS, or a [`ThemeColor`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Color {
    /// Token or CSS color string.
    Value(String),
    /// Theme-aware `{light, dark}` pair.
    Theme(ThemeColor),
}

impl From<&str> for Color {
    fn from(value: &str) -> Self {
        Self::Value(value.to_owned())
    }
}

impl From<String> for Color {
    fn from(value: String) -> Self {
        Self::Value(value)
    }
}

impl From<ThemeColor> for Color {
    fn from(value: ThemeColor) -> Self {
        Self::Theme(value)
    }
}

/// An integer (px or spacing units) or a CSS string: the SDK's `int | str`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    /// Integer value.
    Int(i64),
    /// CSS string such as `"50%"`.
    String(String),
}

/// A number (px or spacing units) or a CSS string: the SDK's `float | str`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrString {
    /// Numeric value (serialized as a float, as the SDK does).
    Number(f64),
    /// CSS string such as `"50%"`.
    String(String),
}

/// Spacing per edge (`top`, `right`, `bottom`, `left`, `x`, `y`), each a number or CSS string.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Spacing {
    /// Top spacing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<NumberOrString>,
    /// Right spacing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<NumberOrString>,
    /// Bottom spacing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom: Option<NumberOrString>,
    /// Left spacing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<NumberOrString>,
    /// Horizontal spacing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<NumberOrString>,
    /// Vertical spacing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<NumberOrString>,
}

impl Spacing {
    /// No spacing set.
    pub fn new() -> Self {
        Self::default()
    }

    into_setters! {
        top: NumberOrString, right: NumberOrString, bottom: NumberOrString, left: NumberOrString,
        x: NumberOrString, y: NumberOrString,
    }
}

/// Padding or margin: a number `N` (the SDK uses `float`, or `int` for `Image.margin`), CSS, or [`Spacing`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SpacingValue<N = f64> {
    /// Uniform spacing in spacing units.
    Number(N),
    /// CSS string.
    String(String),
    /// Per-edge spacing.
    Edges(Spacing),
}

/// A border on one edge: width in px, optional color and line style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Border {
    /// Thickness in px.
    pub size: u32,
    /// Border color token, primitive token, CSS or theme pair.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<Color>,
    /// Line style.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<BorderStyle>,
}

impl Border {
    /// A border of `size` px.
    pub fn new(size: u32) -> Self {
        Self { size, color: None, style: None }
    }

    into_setters! { color: Color }
    setters! { style: BorderStyle }
}

/// One edge of [`Borders`]: a width in px or a [`Border`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BorderSide {
    /// Width in px.
    Width(u32),
    /// Full border definition.
    Border(Border),
}

/// Borders per edge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Borders {
    /// Top border.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<BorderSide>,
    /// Right border.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right: Option<BorderSide>,
    /// Bottom border.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom: Option<BorderSide>,
    /// Left border.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left: Option<BorderSide>,
    /// Left and right borders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<BorderSide>,
    /// Top and bottom borders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<BorderSide>,
}

/// A container border: a width in px, one [`Border`] for every edge, or [`Borders`] per edge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum BorderValue {
    /// Width in px on every edge.
    Width(u32),
    /// The same border on every edge.
    Border(Border),
    /// Borders per edge.
    Edges(Box<Borders>),
}

/// The status line shown above a `Card` or `ListView`: text with a favicon or with an icon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum WidgetStatus {
    /// Text, optionally with a favicon URL (the SDK's `WidgetStatusWithFavicon`).
    Favicon {
        /// Status text.
        text: String,
        /// URL of a favicon shown before the text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        favicon: Option<String>,
        /// Frame the favicon for contrast.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        frame: Option<bool>,
    },
    /// Text with an icon (the SDK's `WidgetStatusWithIcon`).
    Icon {
        /// Status text.
        text: String,
        /// Icon shown before the text.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        icon: Option<IconName>,
    },
}

impl WidgetStatus {
    /// A status with text only.
    pub fn text(text: impl Into<String>) -> Self {
        Self::Favicon { text: text.into(), favicon: None, frame: None }
    }

    /// A status with an icon before the text.
    pub fn with_icon(text: impl Into<String>, icon: IconName) -> Self {
        Self::Icon { text: text.into(), icon: Some(icon) }
    }

    /// A status with a favicon URL before the text.
    pub fn with_favicon(text: impl Into<String>, favicon: impl Into<String>) -> Self {
        Self::Favicon { text: text.into(), favicon: Some(favicon.into()), frame: None }
    }
}

macro_rules! impl_from {
    ($target:ty: $($source:ty => $variant:ident via $conv:expr),* $(,)?) => {
        $(impl From<$source> for $target {
            fn from(value: $source) -> Self {
                Self::$variant($conv(value))
            }
        })*
    };
}

impl_from!(IntOrString: i32 => Int via i64::from, u32 => Int via i64::from, i64 => Int via std::convert::identity,
    &str => String via str::to_owned, String => String via std::convert::identity);
impl_from!(NumberOrString: f64 => Number via std::convert::identity, i32 => Number via f64::from,
    u32 => Number via f64::from, &str => String via str::to_owned, String => String via std::convert::identity);
impl_from!(SpacingValue<f64>: f64 => Number via std::convert::identity, i32 => Number via f64::from,
    u32 => Number via f64::from);
impl_from!(SpacingValue<i64>: i32 => Number via i64::from, u32 => Number via i64::from,
    i64 => Number via std::convert::identity);
impl_from!(BorderSide: u32 => Width via std::convert::identity, Border => Border via std::convert::identity);
impl_from!(BorderValue: u32 => Width via std::convert::identity, Border => Border via std::convert::identity,
    Borders => Edges via Box::new);

impl<N> From<&str> for SpacingValue<N> {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

impl<N> From<String> for SpacingValue<N> {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

impl<N> From<Spacing> for SpacingValue<N> {
    fn from(value: Spacing) -> Self {
        Self::Edges(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_keep_the_sdk_int_or_float_shape() {
        assert_eq!(json!(IntOrString::from(8)), json!(8));
        assert_eq!(serde_json::to_string(&NumberOrString::from(8)).expect("serializes"), "8.0");
        assert_eq!(json!(SpacingValue::<i64>::from(4)), json!(4));
        assert!(serde_json::from_value::<IntOrString>(json!(1.5)).is_err(), "int | str rejects floats");
        let parsed: NumberOrString = serde_json::from_value(json!(2)).expect("ints are numbers");
        assert_eq!(parsed, NumberOrString::Number(2.0));
    }

    #[test]
    fn spacing_and_colors_serialize_like_the_sdk() {
        let padding = SpacingValue::<f64>::from(Spacing::new().x(2).top("1rem"));
        assert_eq!(json!(padding), json!({"x": 2.0, "top": "1rem"}));
        assert_eq!(
            json!(Color::from(ThemeColor::new("gray-100", "gray-900"))),
            json!({"dark": "gray-900", "light": "gray-100"})
        );
        assert!(serde_json::from_value::<Spacing>(json!({"middle": 1})).is_err());
    }

    #[test]
    fn border_union_picks_width_border_or_edges() {
        let edges: BorderValue =
            serde_json::from_value(json!({"top": 1, "x": {"size": 2, "style": "dashed"}})).expect("edges");
        let expected = Borders {
            top: Some(BorderSide::Width(1)),
            x: Some(BorderSide::Border(Border::new(2).style(BorderStyle::Dashed))),
            ..Borders::default()
        };
        assert_eq!(edges, BorderValue::Edges(Box::new(expected)));
        let one: BorderValue = serde_json::from_value(json!({"size": 1, "color": "subtle"})).expect("border");
        assert_eq!(one, BorderValue::Border(Border::new(1).color("subtle")));
        assert!(serde_json::from_value::<BorderValue>(json!({"size": 1, "top": 2})).is_err());
    }

    #[test]
    fn status_is_favicon_or_icon_and_rejects_both() {
        assert_eq!(json!(WidgetStatus::with_icon("Tasks", IconName::Check)), json!({"text": "Tasks", "icon": "check"}));
        assert_eq!(json!(WidgetStatus::text("Tasks")), json!({"text": "Tasks"}));
        let parsed: WidgetStatus =
            serde_json::from_value(json!({"text": "x", "favicon": "u", "frame": true})).expect("favicon");
        assert!(matches!(parsed, WidgetStatus::Favicon { frame: Some(true), .. }));
        assert!(serde_json::from_value::<WidgetStatus>(json!({"text": "x", "icon": "check", "favicon": "u"})).is_err());
    }
}
