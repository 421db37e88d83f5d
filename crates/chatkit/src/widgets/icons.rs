//! Icon names accepted by `Icon`, `Button` and status headers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::error::WidgetError;

macro_rules! icon_names {
    ($($variant:ident = $lit:literal),+ $(,)?) => {
        /// An icon: one of the built-in names, or a `vendor:` / `lucide:` icon.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum IconName {
            $(
                #[doc = concat!("`\"", $lit, "\"`")]
                $variant,
            )+
            /// `vendor:<name>` (the string holds what follows the prefix).
            Vendor(String),
            /// `lucide:<name>` (the string holds what follows the prefix).
            Lucide(String),
        }

        impl IconName {
            fn builtin(name: &str) -> Option<Self> {
                match name {
                    $($lit => Some(Self::$variant),)+
                    _ => None,
                }
            }

            fn builtin_str(&self) -> Option<&'static str> {
                match self {
                    $(Self::$variant => Some($lit),)+
                    Self::Vendor(_) | Self::Lucide(_) => None,
                }
            }
        }
    };
}

icon_names! {
    Agent = "agent", Analytics = "analytics", Atom = "atom", Batch = "batch", Bolt = "bolt",
    BookOpen = "book-open", BookClosed = "book-closed", BookClock = "book-clock", Bug = "bug",
    Calendar = "calendar", Chart = "chart", Check = "check", CheckCircle = "check-circle",
    CheckCircleFilled = "check-circle-filled", ChevronLeft = "chevron-left", ChevronRight = "chevron-right",
    CircleQuestion = "circle-question", Clock = "clock", Compass = "compass", Confetti = "confetti",
    Cube = "cube", Desktop = "desktop", Document = "document", Dot = "dot", DotsHorizontal = "dots-horizontal",
    DotsVertical = "dots-vertical", EmptyCircle = "empty-circle", ExternalLink = "external-link",
    Globe = "globe", Keys = "keys", Lab = "lab", Images = "images", Info = "info", Lifesaver = "lifesaver",
    Lightbulb = "lightbulb", Mail = "mail", MapPin = "map-pin", Maps = "maps", Mobile = "mobile",
    Name = "name", Notebook = "notebook", NotebookPencil = "notebook-pencil", PageBlank = "page-blank",
    Phone = "phone", Play = "play", Plus = "plus", Profile = "profile", ProfileCard = "profile-card",
    Reload = "reload", Star = "star", StarFilled = "star-filled", Search = "search", Sparkle = "sparkle",
    SparkleDouble = "sparkle-double", SquareCode = "square-code", SquareImage = "square-image",
    SquareText = "square-text", Suitcase = "suitcase", SettingsSlider = "settings-slider", User = "user",
    Wreath = "wreath", Write = "write", WriteAlt = "write-alt", WriteAlt2 = "write-alt2",
}

const VENDOR: &str = "vendor:";
const LUCIDE: &str = "lucide:";

impl FromStr for IconName {
    type Err = WidgetError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        if let Some(rest) = name.strip_prefix(VENDOR) {
            return Ok(Self::Vendor(rest.to_owned()));
        }
        if let Some(rest) = name.strip_prefix(LUCIDE) {
            return Ok(Self::Lucide(rest.to_owned()));
        }
        Self::builtin(name).ok_or_else(|| WidgetError::UnknownIcon { name: name.to_owned() })
    }
}

impl TryFrom<String> for IconName {
    type Error = WidgetError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

impl fmt::Display for IconName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Vendor(name) => write!(f, "{VENDOR}{name}"),
            Self::Lucide(name) => write!(f, "{LUCIDE}{name}"),
            builtin => f.write_str(builtin.builtin_str().unwrap_or_default()),
        }
    }
}

impl From<IconName> for String {
    fn from(icon: IconName) -> Self {
        icon.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builtin_and_prefixed_names_round_trip() {
        for name in ["check-circle-filled", "write-alt2", "clock", "vendor:acme-logo", "lucide:heart"] {
            let icon: IconName = serde_json::from_value(json!(name)).expect("valid icon");
            assert_eq!(json!(icon), json!(name));
        }
        assert_eq!("lucide:heart".parse::<IconName>().expect("lucide"), IconName::Lucide("heart".into()));
        assert_eq!(json!(IconName::SquareText), json!("square-text"));
    }

    #[test]
    fn unknown_names_are_rejected_with_the_name() {
        let err = serde_json::from_value::<IconName>(json!("chek")).expect_err("typo");
        assert!(err.to_string().contains("chek"), "{err}");
        assert!("Lucide:heart".parse::<IconName>().is_err(), "prefixes are case-sensitive");
    }
}
