//! What the model is told: the instructions, and the thread's recent messages as chat messages.

use chatkit::types::{Order, ThreadItem};
use chrono::NaiveDate;
use serde_json::{Value, json};

use crate::db::{self, Db, DbResult};

/// How many of the thread's latest messages the model sees.
pub const HISTORY_MESSAGES: usize = 20;
/// How many items are read to find them (hidden context items and others are skipped).
const ITEMS_READ: i64 = 40;

/// The system message.
pub fn instructions(today: NaiveDate) -> String {
    format!(
        "You are taskchat, an assistant that manages the user's todo list with the tools you are given.\n\
         Today is {today} ({weekday}); the user's time zone is UTC. Dates you pass to tools are YYYY-MM-DD.\n\
         Tasks are named by their number (task_id, shown as #3) or by their title.\n\
         Every tool shows the user a widget with the tasks it touched or found. Never restate what a widget \
         shows: no lists of tasks, titles, dates or counts in your text. Reply with at most one short sentence, \
         or nothing at all after a tool has run.\n\
         Deleting only asks the user to confirm in a dialog; say so if they ask, never claim a task was deleted.\n\
         When a request is unclear or could mean several tasks, ask a short question instead of guessing.\n\
         Messages starting with \"[widget]\" are the text of widgets shown earlier in this conversation.",
        weekday = today.format("%A"),
    )
}

/// The thread's last [`HISTORY_MESSAGES`] messages, oldest first: user text, assistant text, and widgets as
/// assistant messages holding their copy text prefixed with `[widget]`.
pub async fn history(db: &Db, user_id: &str, thread_id: &str) -> DbResult<Vec<Value>> {
    let items = db::items::list(db, user_id, thread_id, None, ITEMS_READ, Order::Desc).await?.unwrap_or_default();
    let mut messages: Vec<Value> = items.iter().filter_map(message).take(HISTORY_MESSAGES).collect();
    messages.reverse();
    Ok(messages)
}

fn message(item: &ThreadItem) -> Option<Value> {
    match item {
        ThreadItem::UserMessage(message) => Some(json!({"role": "user", "content": message.text()})),
        ThreadItem::AssistantMessage(message) => {
            let text = message.text();
            (!text.is_empty()).then(|| json!({"role": "assistant", "content": text}))
        }
        ThreadItem::Widget(widget) => {
            let text = widget.copy_text.as_deref().unwrap_or("(a widget)");
            Some(json!({"role": "assistant", "content": format!("[widget] {text}")}))
        }
        _ => None,
    }
}
