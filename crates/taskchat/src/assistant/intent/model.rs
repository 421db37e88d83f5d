//! What the parser returns: an intent and its arguments, in the task domain's own types.

use chrono::NaiveDate;

use crate::tasks::{Priority, StatusFilter};

/// What the user wants, with its arguments.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    /// List tasks ("show my tasks", "what's due today?", "#work", "find milk").
    Show(ShowQuery),
    /// Create one task, or several ("add 'x' and 'y'"); empty when the user said "add" without saying what.
    Add(Vec<TaskDraft>),
    /// Mark tasks done.
    Complete(Vec<TaskRef>),
    /// Mark tasks not done.
    Reopen(Vec<TaskRef>),
    /// Change one field of one task.
    Update {
        /// The task to change.
        target: TaskRef,
        /// The change.
        change: Change,
    },
    /// Delete tasks (the assistant confirms first).
    Delete(Vec<TaskRef>),
    /// Delete every completed task (the assistant confirms first).
    ClearCompleted,
    /// Ask what the assistant can do.
    Help,
    /// A greeting, thanks or chit-chat.
    SmallTalk(SmallTalk),
    /// Nothing the parser understands.
    Unknown,
}

/// How a message names a task.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskRef {
    /// A per-user task number: "task 3", "#3", "3".
    Number(i64),
    /// Words to match against titles: "the dentist task" → "dentist".
    Title(String),
    /// "it", "that", "that one": the task the conversation last mentioned.
    LastMentioned,
}

/// A task to create, as the user described it (validated later by the task service).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskDraft {
    /// The user's wording without command words, dates, priority or tags; trimmed.
    pub title: String,
    /// The due date, if the message gave one.
    pub due: Option<NaiveDate>,
    /// The priority, if the message gave one.
    pub priority: Option<Priority>,
    /// Tags, lowercase, without `#`.
    pub tags: Vec<String>,
    /// Notes after "note:", if any.
    pub notes: Option<String>,
}

/// One change to one task.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A new title.
    Rename(String),
    /// A new due date; `None` clears it.
    Due(Option<NaiveDate>),
    /// A new priority; `None` clears it.
    Priority(Option<Priority>),
    /// Tags to add (lowercase, without `#`).
    AddTags(Vec<String>),
    /// Tags to remove (lowercase, without `#`).
    RemoveTags(Vec<String>),
    /// Text for the task's notes.
    Note(String),
}

/// Which tasks to list; every field narrows the list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ShowQuery {
    /// Pending, done or all; plain "show my tasks" is `All` (done tasks are shown struck through).
    pub status: StatusFilter,
    /// Only tasks of this priority.
    pub priority: Option<Priority>,
    /// Only tasks with this tag (lowercase, without `#`).
    pub tag: Option<String>,
    /// Only tasks whose title or notes contain this text.
    pub text: Option<String>,
    /// Only tasks due in this window.
    pub due: Option<DueWindow>,
}

/// A due-date window relative to today.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueWindow {
    /// Due today.
    Today,
    /// Due tomorrow.
    Tomorrow,
    /// Due from today to the end of this week (Sunday).
    ThisWeek,
    /// Open and due before today.
    Overdue,
}

/// Which kind of small talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmallTalk {
    /// "hi", "hello there".
    Greeting,
    /// "thanks!", "thank you".
    Thanks,
    /// Anything else social: "how are you?", "bye", "ok".
    Other,
}
