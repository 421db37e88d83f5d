//! Errors raised while building, validating or diffing widgets.

/// Why a widget tree, a widget prop or a widget update is invalid.
#[derive(Debug, thiserror::Error)]
pub enum WidgetError {
    /// Two components of one tree share an `id`.
    #[error("duplicate widget id `{id}`: ids must be unique within a widget tree")]
    DuplicateId {
        /// The repeated id.
        id: String,
    },
    /// A streaming text component with an id appeared in an update but not in the widget first rendered
    /// (the SDK's `ValueError`, same message).
    #[error(
        "Node {id} was not present when the widget was initially rendered. All nodes with ID must persist across all widget updates."
    )]
    NodeNotPresent {
        /// The id of the new component.
        id: String,
    },
    /// A streaming text value changed to something that does not extend the previous value (the SDK's
    /// `ValueError`, same message).
    #[error(
        "Node {id} was updated with a new value that is not a prefix of the initial value. All widget updates must be cumulative."
    )]
    NotCumulative {
        /// The id of the text component.
        id: String,
    },
    /// An icon name that is neither built in nor `vendor:`/`lucide:` prefixed.
    #[error("unknown icon name `{name}`")]
    UnknownIcon {
        /// The rejected name.
        name: String,
    },
    /// A prop value outside what the wire format allows.
    #[error("invalid value for `{prop}`: {message}")]
    InvalidProp {
        /// The prop's wire name.
        prop: &'static str,
        /// What was wrong.
        message: String,
    },
    /// A widget could not be converted to JSON for diffing.
    #[error("could not serialize the widget: {0}")]
    Serialize(#[from] serde_json::Error),
}
