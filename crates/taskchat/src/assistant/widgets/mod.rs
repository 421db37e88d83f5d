//! The assistant's widgets: the task list, confirmations, the delete dialog, clarification and error cards.
//! Ids follow `{purpose}_{type}`; every widget comes with its `copy_text`.

mod cards;
mod list;

pub use cards::{added_card, choice_card, delete_dialog, deleted_card, error_card, kept_card, updated_card};
pub use list::{Counts, TaskListPage, task_list};

use chatkit::widgets::WidgetRoot;

/// A widget and the text a user gets when copying it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub widget: WidgetRoot,
    pub copy_text: String,
}

/// How a task reads in copied text: `#3 [x] buy milk (due 2026-12-01, high, #home)`.
pub fn task_line(task: &crate::tasks::Task) -> String {
    let mut details = Vec::new();
    if let Some(due) = task.due {
        details.push(format!("due {due}"));
    }
    if let Some(priority) = task.priority {
        details.push(priority.as_str().to_owned());
    }
    details.extend(task.tags.iter().map(|tag| format!("#{tag}")));
    let check = if task.done { "[x]" } else { "[ ]" };
    let details = if details.is_empty() { String::new() } else { format!(" ({})", details.join(", ")) };
    format!("#{} {check} {}{details}", task.number, task.title)
}

/// A due date as people read it: "Today", "Tomorrow", "Fri 28 Nov", "28 Nov 2027".
pub fn due_label(due: chrono::NaiveDate, today: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    let days = (due - today).num_days();
    match days {
        0 => "Today".to_owned(),
        1 => "Tomorrow".to_owned(),
        -1 => "Yesterday".to_owned(),
        2..=6 => due.format("%a %-d %b").to_string(),
        _ if due.year() == today.year() => due.format("%-d %b").to_string(),
        _ => due.format("%-d %b %Y").to_string(),
    }
}
