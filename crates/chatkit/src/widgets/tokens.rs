//! Literal design tokens shared by several components (sizes, alignment, weights, themes).

str_enum! {
    /// Corner radius token.
    pub enum RadiusValue {
        TwoXs = "2xs", Xs = "xs", Sm = "sm", Md = "md", Lg = "lg", Xl = "xl", TwoXl = "2xl", ThreeXl = "3xl",
        FourXl = "4xl", Full = "full", Percent100 = "100%", None = "none",
    }
}

str_enum! {
    /// Horizontal text alignment.
    pub enum TextAlign { Start = "start", Center = "center", End = "end" }
}

str_enum! {
    /// Body text size token (`Text`, `Label`).
    pub enum TextSize { Xs = "xs", Sm = "sm", Md = "md", Lg = "lg", Xl = "xl" }
}

str_enum! {
    /// Title text size token.
    pub enum TitleSize {
        Sm = "sm", Md = "md", Lg = "lg", Xl = "xl", TwoXl = "2xl", ThreeXl = "3xl", FourXl = "4xl", FiveXl = "5xl",
    }
}

str_enum! {
    /// Caption text size token.
    pub enum CaptionSize { Sm = "sm", Md = "md", Lg = "lg" }
}

str_enum! {
    /// Icon size token.
    pub enum IconSize { Xs = "xs", Sm = "sm", Md = "md", Lg = "lg", Xl = "xl", TwoXl = "2xl", ThreeXl = "3xl" }
}

str_enum! {
    /// Font weight token.
    pub enum FontWeight { Normal = "normal", Medium = "medium", Semibold = "semibold", Bold = "bold" }
}

str_enum! {
    /// Flexbox cross-axis alignment.
    pub enum Alignment { Start = "start", Center = "center", End = "end", Baseline = "baseline", Stretch = "stretch" }
}

str_enum! {
    /// Flexbox main-axis distribution.
    pub enum Justification {
        Start = "start", Center = "center", End = "end", Between = "between", Around = "around",
        Evenly = "evenly", Stretch = "stretch",
    }
}

str_enum! {
    /// Flex wrap behaviour.
    pub enum FlexWrap { NoWrap = "nowrap", Wrap = "wrap", WrapReverse = "wrap-reverse" }
}

str_enum! {
    /// Flex direction of a container.
    pub enum Direction { Row = "row", Col = "col" }
}

str_enum! {
    /// Forced light or dark theme for a subtree.
    pub enum Theme { Light = "light", Dark = "dark" }
}

str_enum! {
    /// Style variant of buttons, selects and date pickers.
    pub enum ControlVariant { Solid = "solid", Soft = "soft", Outline = "outline", Ghost = "ghost" }
}

str_enum! {
    /// Size of buttons and form controls.
    pub enum ControlSize {
        ThreeXs = "3xs", TwoXs = "2xs", Xs = "xs", Sm = "sm", Md = "md", Lg = "lg", Xl = "xl", TwoXl = "2xl",
        ThreeXl = "3xl",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_serialize_as_their_exact_wire_strings() {
        assert_eq!(serde_json::json!(RadiusValue::Percent100), "100%");
        assert_eq!(serde_json::json!(ControlSize::ThreeXs), "3xs");
        assert_eq!(serde_json::json!(FlexWrap::WrapReverse), "wrap-reverse");
        assert_eq!(TitleSize::FiveXl.as_str(), "5xl");
        let parsed: Justification = serde_json::from_str("\"evenly\"").expect("known token");
        assert_eq!(parsed, Justification::Evenly);
    }

    #[test]
    fn unknown_tokens_are_rejected() {
        assert!(serde_json::from_str::<TextSize>("\"2xl\"").is_err());
        assert!(serde_json::from_str::<Theme>("\"Dark\"").is_err());
    }
}
