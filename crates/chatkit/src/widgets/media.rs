//! Media components: Icon and Image.

use super::icons::IconName;
use super::style::{Color, IntOrString, NumberOrString, SpacingValue};
use super::tokens::{IconSize, RadiusValue};

widget! {
    /// A built-in, vendor or Lucide icon (`Icon`).
    Icon {
        /// Icon to show.
        name: IconName,
    } {
        /// Text color token, primitive token, CSS or theme pair.
        color: Color,
        /// Icon size.
        size: IconSize,
    }
}

impl Icon {
    /// The icon `name`.
    pub fn new(name: IconName) -> Self {
        Self::with_required(name)
    }
}

str_enum! {
    /// How an image fills its box.
    pub enum ImageFit { Cover = "cover", Contain = "contain", Fill = "fill", ScaleDown = "scale-down", None = "none" }
}

str_enum! {
    /// Focal position of an image in its box.
    pub enum ImagePosition {
        TopLeft = "top left", Top = "top", TopRight = "top right", Left = "left", Center = "center",
        Right = "right", BottomLeft = "bottom left", Bottom = "bottom", BottomRight = "bottom right",
    }
}

widget! {
    /// An image with sizing and fitting controls (`Image`).
    Image {
        /// Image URL.
        src: String,
    } {
        /// Alternative text.
        alt: String,
        /// How the image fills its box.
        fit: ImageFit,
        /// Focal position.
        position: ImagePosition,
        /// Corner radius.
        radius: RadiusValue,
        /// Subtle frame around the image.
        frame: bool,
        /// Extend to the container's edges, ignoring its padding.
        flush: bool,
        /// Height; px or CSS.
        height: IntOrString,
        /// Width; px or CSS.
        width: IntOrString,
        /// Width and height; px or CSS.
        size: IntOrString,
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
        /// Outer margin; integer spacing units, CSS or per edge.
        margin: SpacingValue<i64>,
        /// Background color token, primitive token, CSS or theme pair.
        background: Color,
        /// Aspect ratio or CSS.
        aspect_ratio: NumberOrString,
        /// Flex grow/shrink factor.
        flex: IntOrString,
    }
}

impl Image {
    /// An image loaded from `src`.
    pub fn new(src: impl Into<String>) -> Self {
        Self::with_required(src.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn image_margin_is_an_int_and_aspect_ratio_a_float_like_the_sdk() {
        // SDK: Image(src="a", margin=4, aspectRatio=2)
        let sdk = json!({"src": "a", "margin": 4, "aspectRatio": 2.0});
        let built = Image::new("a").margin(4).aspect_ratio(2);
        assert_eq!(json!(built), sdk);
        assert_eq!(serde_json::from_value::<Image>(sdk).expect("SDK output parses"), built);
    }

    #[test]
    fn icon_and_image_tokens_use_wire_strings() {
        let icon = Icon::new(IconName::CheckCircle).size(IconSize::TwoXl).color("success");
        assert_eq!(json!(icon), json!({"name": "check-circle", "size": "2xl", "color": "success"}));
        let image = Image::new("/a.png").position(ImagePosition::BottomRight).fit(ImageFit::ScaleDown);
        assert_eq!(json!(image), json!({"src": "/a.png", "position": "bottom right", "fit": "scale-down"}));
        assert!(serde_json::from_value::<Icon>(json!({"name": "not-an-icon"})).is_err());
    }
}
