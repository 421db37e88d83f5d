//! Task values. Each newtype parses once, at the edge, so everything past it is valid.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::TaskError;

/// The longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 500;
/// The longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 10_000;
const MAX_TAGS: usize = 20;
const MAX_TAG_CHARS: usize = 40;

/// A task as users and clients see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Task {
    /// Per-user number (#1, #2, …), never reused.
    pub number: i64,
    pub title: String,
    pub notes: String,
    pub done: bool,
    pub priority: Option<Priority>,
    /// `YYYY-MM-DD`.
    #[schema(value_type = Option<String>, format = Date)]
    pub due: Option<NaiveDate>,
    pub tags: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

impl Task {
    /// Whether the task is open and its due date has passed.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        !self.done && self.due.is_some_and(|due| due < today)
    }
}

/// How urgent a task is. Read through a string, so that a wrong type is a validation error (422), not a
/// syntax error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Priority {
    Low,
    Medium,
    High,
}

impl TryFrom<String> for Priority {
    type Error = TaskError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }

    pub fn parse(text: &str) -> Result<Self, TaskError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "low" => Ok(Self::Low),
            "medium" => Ok(Self::Medium),
            "high" => Ok(Self::High),
            other => {
                Err(TaskError::invalid("priority", format!("{other:?} is not a priority: use low, medium or high")))
            }
        }
    }
}

/// A task title: control characters removed, trimmed, 1–500 characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskTitle(String);

impl TaskTitle {
    pub fn parse(raw: &str) -> Result<Self, TaskError> {
        let cleaned: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        let title = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = title.chars().count();
        if chars == 0 {
            return Err(TaskError::invalid("title", "the title is empty"));
        }
        if chars > MAX_TITLE_CHARS {
            return Err(TaskError::invalid(
                "title",
                format!("the title has {chars} characters; the limit is {MAX_TITLE_CHARS}"),
            ));
        }
        Ok(Self(title))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Notes: control characters other than newlines and tabs removed, trimmed, at most 10 000 characters.
pub fn parse_notes(raw: &str) -> Result<String, TaskError> {
    let notes: String = raw.chars().filter(|c| !c.is_control() || *c == '\n' || *c == '\t').collect();
    let notes = notes.trim().to_owned();
    let chars = notes.chars().count();
    if chars > MAX_NOTES_CHARS {
        return Err(TaskError::invalid(
            "notes",
            format!("the notes have {chars} characters; the limit is {MAX_NOTES_CHARS}"),
        ));
    }
    Ok(notes)
}

/// Tags: trimmed, lowercased, a leading `#` dropped, duplicates removed; letters, digits, `-` and `_` only.
pub fn parse_tags<S: AsRef<str>>(raw: &[S]) -> Result<Vec<String>, TaskError> {
    let mut tags: Vec<String> = Vec::new();
    for tag in raw {
        let tag = tag.as_ref().trim().trim_start_matches('#').to_lowercase();
        if tag.is_empty() {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS || !tag.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
            return Err(TaskError::invalid(
                "tags",
                format!("{tag:?} is not a tag: use up to {MAX_TAG_CHARS} letters, digits, '-' or '_'"),
            ));
        }
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(TaskError::invalid("tags", format!("{} tags; the limit is {MAX_TAGS}", tags.len())));
    }
    Ok(tags)
}

/// A due date in `YYYY-MM-DD` form.
pub fn parse_due(raw: &str) -> Result<NaiveDate, TaskError> {
    NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| TaskError::invalid("due", format!("{raw:?} is not a date: use YYYY-MM-DD, e.g. 2025-12-01")))
}

/// A task to create, already valid.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    pub title: TaskTitle,
    pub notes: String,
    pub priority: Option<Priority>,
    pub due: Option<NaiveDate>,
    pub tags: Vec<String>,
}

impl NewTask {
    /// A task with only a title.
    pub fn titled(title: TaskTitle) -> Self {
        Self { title, notes: String::new(), priority: None, due: None, tags: Vec::new() }
    }
}

/// Changes to a task; `None` leaves a field as it is, `Some(None)` clears an optional one.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskChanges {
    pub title: Option<TaskTitle>,
    pub notes: Option<String>,
    pub priority: Option<Option<Priority>>,
    pub due: Option<Option<NaiveDate>>,
    pub tags: Option<Vec<String>>,
    pub done: Option<bool>,
}

impl TaskChanges {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Which tasks to list by completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum StatusFilter {
    #[default]
    All,
    Pending,
    Done,
}

/// What to list; every field narrows the list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskFilter {
    pub status: StatusFilter,
    pub priority: Option<Priority>,
    pub tag: Option<String>,
    /// Case-insensitive substring of the title or notes.
    pub text: Option<String>,
    /// Due on or before.
    pub due_before: Option<NaiveDate>,
    /// Due on or after.
    pub due_after: Option<NaiveDate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cleaned_and_bounded() {
        assert_eq!(TaskTitle::parse("  buy\tmilk\u{7}  ").expect("valid").as_str(), "buy milk");
        assert!(TaskTitle::parse(" \n ").is_err());
        assert!(TaskTitle::parse(&"x".repeat(500)).is_ok());
        let error = TaskTitle::parse(&"x".repeat(501)).expect_err("too long");
        assert!(error.to_string().contains("501"), "{error}");
    }

    #[test]
    fn tags_are_normalised_deduplicated_and_checked() {
        assert_eq!(parse_tags(&["#Work", " home ", "work", ""]).expect("valid"), ["work", "home"]);
        assert!(parse_tags(&["two words"]).is_err());
        assert!(parse_tags(&["a%b"]).is_err());
    }

    #[test]
    fn priorities_and_dates_parse_or_say_why_not() {
        assert_eq!(Priority::parse("HIGH").expect("valid"), Priority::High);
        assert!(Priority::parse("urgent").expect_err("invalid").to_string().contains("low, medium or high"));
        assert_eq!(parse_due("2025-12-01").expect("valid").to_string(), "2025-12-01");
        assert!(parse_due("2025-13-40").is_err());
        assert!(parse_due("tomorrow").is_err());
    }

    #[test]
    fn notes_keep_newlines_but_drop_other_control_characters() {
        assert_eq!(parse_notes(" a\nb\u{0}c ").expect("valid"), "a\nbc");
        assert!(parse_notes(&"x".repeat(MAX_NOTES_CHARS + 1)).is_err());
    }
}
