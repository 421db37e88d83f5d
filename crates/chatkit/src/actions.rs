//! Widget actions: the [`ActionConfig`] a widget carries and the [`Action`] the client sends back.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::Value;

/// Who handles an action: the client (`onAction` in the web component) or the server (`threads.custom_action`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Handler {
    /// `"client"`: handled in the browser.
    Client,
    /// `"server"`: sent to the server as `threads.custom_action` (the default).
    #[default]
    Server,
}

/// Which part of the widget shows a loading state while the action runs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoadingBehavior {
    /// `"auto"`: let the client decide (the default).
    #[default]
    Auto,
    /// `"none"`: no loading state.
    None,
    /// `"self"`: the element that triggered the action.
    #[serde(rename = "self")]
    SelfOnly,
    /// `"container"`: the whole widget.
    Container,
}

/// An action attached to a widget (`onClickAction`, `onSubmitAction`, …): what the client sends back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionConfig {
    /// The action type, chosen by the application (e.g. `"complete_task"`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Free-form data sent back with the action; omitted when null. Like the SDK, nulls nested in objects
    /// and arrays are dropped when serialized.
    #[serde(default, skip_serializing_if = "Value::is_null", serialize_with = "serialize_without_nulls")]
    pub payload: Value,
    /// Who handles the action; always serialized.
    #[serde(default)]
    pub handler: Handler,
    /// Loading state while the action runs; always serialized.
    #[serde(default, rename = "loadingBehavior")]
    pub loading_behavior: LoadingBehavior,
    /// Whether the server answers with a stream; always serialized.
    #[serde(default = "default_streaming")]
    pub streaming: bool,
}

fn default_streaming() -> bool {
    true
}

impl ActionConfig {
    /// A server-handled action of type `kind` without payload.
    pub fn new(kind: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            payload: Value::Null,
            handler: Handler::default(),
            loading_behavior: LoadingBehavior::default(),
            streaming: default_streaming(),
        }
    }

    /// Sets the payload.
    #[must_use]
    pub fn payload(mut self, payload: impl Into<Value>) -> Self {
        self.payload = payload.into();
        self
    }

    /// Sets who handles the action.
    #[must_use]
    pub fn handler(mut self, handler: Handler) -> Self {
        self.handler = handler;
        self
    }

    /// Sets the loading behaviour.
    #[must_use]
    pub fn loading_behavior(mut self, loading_behavior: LoadingBehavior) -> Self {
        self.loading_behavior = loading_behavior;
        self
    }

    /// Sets whether the server answers with a stream.
    #[must_use]
    pub fn streaming(mut self, streaming: bool) -> Self {
        self.streaming = streaming;
        self
    }
}

/// An action sent by the client (`threads.custom_action` params): its type and payload. Other fields the
/// client may echo from the [`ActionConfig`] (`handler`, `loadingBehavior`…) are ignored, as the SDK does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// The action type.
    #[serde(rename = "type")]
    pub kind: String,
    /// The payload; `Value::Null` when absent, omitted when serialized as null.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub payload: Value,
}

impl Action {
    /// An action of type `kind` without payload.
    pub fn new(kind: impl Into<String>) -> Self {
        Self { kind: kind.into(), payload: Value::Null }
    }

    /// Sets the payload.
    #[must_use]
    pub fn payload(mut self, payload: impl Into<Value>) -> Self {
        self.payload = payload.into();
        self
    }

    /// Decodes the payload into `T`.
    pub fn payload_as<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.payload)
    }
}

impl From<&ActionConfig> for Action {
    fn from(config: &ActionConfig) -> Self {
        Self { kind: config.kind.clone(), payload: config.payload.clone() }
    }
}

/// Serializes a JSON value without the nulls nested in objects and arrays (the SDK's `_drop_none`).
fn serialize_without_nulls<S: Serializer>(value: &Value, serializer: S) -> Result<S::Ok, S::Error> {
    WithoutNulls(value).serialize(serializer)
}

struct WithoutNulls<'a>(&'a Value);

impl Serialize for WithoutNulls<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                serializer.collect_map(map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, WithoutNulls(v))))
            }
            Value::Array(items) => serializer.collect_seq(items.iter().filter(|v| !v.is_null()).map(WithoutNulls)),
            other => other.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn action_config_always_carries_handler_loading_behavior_and_streaming() {
        // `ActionConfig(type="delete_task")` dumped by the SDK.
        assert_eq!(
            json!(ActionConfig::new("delete_task")),
            json!({"type": "delete_task", "handler": "server", "loadingBehavior": "auto", "streaming": true})
        );
    }

    #[test]
    fn builder_sets_every_field() {
        let config = ActionConfig::new("complete_task")
            .payload(json!({"number": 3}))
            .handler(Handler::Client)
            .loading_behavior(LoadingBehavior::SelfOnly)
            .streaming(false);
        assert_eq!(
            json!(config),
            json!({"type": "complete_task", "payload": {"number": 3}, "handler": "client",
                   "loadingBehavior": "self", "streaming": false})
        );
    }

    #[test]
    fn nested_nulls_in_the_payload_are_dropped_like_the_sdk() {
        // SDK output for payload={"a": None, "b": [1, None]} inside a widget: {"b": [1]}.
        let config = ActionConfig::new("a").payload(json!({"a": null, "b": [1, null], "c": {"d": null}}));
        assert_eq!(json!(config)["payload"], json!({"b": [1], "c": {}}));
    }

    #[test]
    fn action_config_parses_sdk_output_and_rejects_unknown_fields() {
        let sdk = json!({"type": "x", "payload": {"id": 1}, "handler": "server", "loadingBehavior": "container",
                         "streaming": true});
        let parsed: ActionConfig = serde_json::from_value(sdk.clone()).expect("SDK output parses");
        assert_eq!(parsed.loading_behavior, LoadingBehavior::Container);
        assert_eq!(json!(parsed), sdk);
        let minimal: ActionConfig = serde_json::from_value(json!({"type": "x"})).expect("defaults apply");
        assert_eq!(minimal, ActionConfig::new("x"));
        assert!(serde_json::from_value::<ActionConfig>(json!({"type": "x", "handle": "client"})).is_err());
        assert!(serde_json::from_value::<ActionConfig>(json!({"type": "x", "handler": "browser"})).is_err());
    }

    #[test]
    fn action_omits_a_null_payload_and_ignores_echoed_config_fields() {
        assert_eq!(json!(Action::new("x")), json!({"type": "x"}));
        let sent = json!({"type": "complete_task", "payload": {"number": 3}, "handler": "server", "streaming": true});
        let action: Action = serde_json::from_value(sent).expect("client action parses");
        assert_eq!(action, Action::new("complete_task").payload(json!({"number": 3})));
        #[derive(Deserialize)]
        struct Payload {
            number: u32,
        }
        assert_eq!(action.payload_as::<Payload>().expect("typed payload").number, 3);
    }
}
