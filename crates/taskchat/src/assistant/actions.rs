//! Widget actions: their names, their payloads (parsed strictly: a forged payload is an error, never a 500),
//! and the `ActionConfig`s the widgets carry.

use chatkit::{Action, ActionConfig};
use serde::{Deserialize, Serialize};

use super::view::ListQuery;

pub const COMPLETE: &str = "task.complete";
pub const REOPEN: &str = "task.reopen";
pub const DELETE: &str = "task.delete";
pub const DELETE_CONFIRM: &str = "task.delete.confirm";
pub const DELETE_CANCEL: &str = "task.delete.cancel";
pub const MORE: &str = "tasks.more";
pub const CHOOSE: &str = "task.choose";
pub const RETRY: &str = "tasks.retry";

/// A button on one task of a list: which task, which list to render again, and the list's revision (so that
/// a click on a list that has since been replaced is recognised as stale).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskInList {
    pub number: i64,
    #[serde(default)]
    pub view: ListQuery,
    /// Where the list's page starts (absent on the first page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<i64>,
    pub rev: String,
}

/// "Show more" on a list: the view and the cursor of the next page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MorePage {
    #[serde(default)]
    pub view: ListQuery,
    pub after: i64,
    pub rev: String,
}

/// The delete dialog's buttons: the tasks it names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeleteDialog {
    pub numbers: Vec<i64>,
    pub rev: String,
}

/// What a clarification choice does to the chosen task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChoiceOp {
    Complete,
    Reopen,
    Delete,
    Show,
}

/// A clarification button: the operation and the task the user picked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub op: ChoiceOp,
    pub number: i64,
    pub rev: String,
}

/// The error card's retry: the message to answer again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retry {
    pub message: String,
}

/// A parsed, valid widget action.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskAction {
    Complete(TaskInList),
    Reopen(TaskInList),
    Delete(TaskInList),
    DeleteConfirm(DeleteDialog),
    DeleteCancel(DeleteDialog),
    More(MorePage),
    Choose(Choice),
    Retry(Retry),
}

/// Why an action was refused.
#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error("unknown action {0:?}")]
    Unknown(String),
    #[error("the {action} action's payload is invalid: {message}")]
    Payload { action: &'static str, message: String },
}

fn payload<T: for<'de> Deserialize<'de>>(action: &'static str, value: &serde_json::Value) -> Result<T, ActionError> {
    serde_json::from_value(value.clone()).map_err(|error| ActionError::Payload { action, message: error.to_string() })
}

fn positive(action: &'static str, numbers: &[i64]) -> Result<(), ActionError> {
    if numbers.is_empty() || numbers.len() > 100 || numbers.iter().any(|n| *n <= 0) {
        return Err(ActionError::Payload { action, message: "task numbers must be 1 to 100 positive integers".into() });
    }
    Ok(())
}

impl TaskAction {
    pub fn parse(action: &Action) -> Result<Self, ActionError> {
        let value = &action.payload;
        let parsed = match action.kind.as_str() {
            COMPLETE => Self::Complete(payload(COMPLETE, value)?),
            REOPEN => Self::Reopen(payload(REOPEN, value)?),
            DELETE => Self::Delete(payload(DELETE, value)?),
            DELETE_CONFIRM => Self::DeleteConfirm(payload(DELETE_CONFIRM, value)?),
            DELETE_CANCEL => Self::DeleteCancel(payload(DELETE_CANCEL, value)?),
            MORE => Self::More(payload(MORE, value)?),
            CHOOSE => Self::Choose(payload(CHOOSE, value)?),
            RETRY => Self::Retry(payload(RETRY, value)?),
            other => return Err(ActionError::Unknown(other.to_owned())),
        };
        match &parsed {
            Self::Complete(p) | Self::Reopen(p) | Self::Delete(p) => positive("task", &[p.number])?,
            Self::DeleteConfirm(p) | Self::DeleteCancel(p) => positive(DELETE_CONFIRM, &p.numbers)?,
            Self::More(p) => positive(MORE, &[p.after])?,
            Self::Choose(p) => positive(CHOOSE, &[p.number])?,
            Self::Retry(p) if p.message.trim().is_empty() || p.message.chars().count() > 4_000 => {
                return Err(ActionError::Payload {
                    action: RETRY,
                    message: "the message must have 1 to 4000 characters".into(),
                });
            }
            Self::Retry(_) => {}
        }
        Ok(parsed)
    }
}

/// An action config carrying `payload`.
pub fn config(kind: &str, payload: &impl Serialize) -> ActionConfig {
    ActionConfig::new(kind).payload(serde_json::to_value(payload).unwrap_or_default())
}

/// A fresh revision for a rendered widget.
pub fn new_rev() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn action(kind: &str, payload: serde_json::Value) -> Action {
        serde_json::from_value(json!({"type": kind, "payload": payload})).expect("an action")
    }

    #[test]
    fn valid_payloads_parse_into_typed_actions() {
        let parsed = TaskAction::parse(&action(COMPLETE, json!({"number": 3, "rev": "abc"}))).expect("valid");
        assert_eq!(
            parsed,
            TaskAction::Complete(TaskInList { number: 3, view: ListQuery::default(), from: None, rev: "abc".into() })
        );
        let parsed = TaskAction::parse(&action(DELETE_CONFIRM, json!({"numbers": [1, 2], "rev": "r"}))).expect("valid");
        assert!(matches!(parsed, TaskAction::DeleteConfirm(DeleteDialog { numbers, .. }) if numbers == [1, 2]));
    }

    #[test]
    fn forged_payloads_are_refused_with_a_reason() {
        let cases = [
            action(COMPLETE, json!({"number": "3", "rev": "r"})),
            action(COMPLETE, json!({"number": -1, "rev": "r"})),
            action(COMPLETE, json!({"number": 3})),
            action(COMPLETE, json!({"number": 3, "rev": "r", "sql": "drop"})),
            action(DELETE_CONFIRM, json!({"numbers": [], "rev": "r"})),
            action(MORE, json!({"view": {"status": "weird"}, "after": 50, "rev": "r"})),
            action("task.explode", json!({})),
            action(RETRY, json!({"message": " "})),
        ];
        for case in cases {
            let error = TaskAction::parse(&case).expect_err("refused");
            assert!(!error.to_string().is_empty());
        }
    }
}
