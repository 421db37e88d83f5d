//! Cards: confirmations of what changed, the delete dialog, clarification choices, and errors.

use chatkit::widgets::{
    Badge, BadgeColor, Button, Caption, Card, CardAction, Col, ControlSize, ControlVariant, Icon, IconName, Row, Text,
    WidgetRoot,
};
use chrono::NaiveDate;

use super::super::actions::{self, Choice, ChoiceOp, DeleteDialog, Retry};
use super::{Rendered, due_label, task_line};
use crate::tasks::Task;

/// One task's summary inside a card: title, then due date, priority and tags.
fn task_summary(purpose: &str, task: &Task, today: NaiveDate) -> Col {
    let n = task.number;
    let mut title = Text::new(format!("#{n} {}", task.title))
        .id(format!("{purpose}_task_{n}_title_text"))
        .weight(chatkit::widgets::FontWeight::Semibold);
    if task.done {
        title = title.line_through(true).color("secondary");
    }
    let mut meta = Row::new().gap(2);
    let mut has_meta = false;
    if let Some(due) = task.due {
        meta = meta.child(
            Caption::new(format!("Due {}", due_label(due, today))).id(format!("{purpose}_task_{n}_due_caption")),
        );
        has_meta = true;
    }
    if let Some(priority) = task.priority {
        meta = meta.child(Badge::new(priority.as_str()).id(format!("{purpose}_task_{n}_priority_badge")));
        has_meta = true;
    }
    for (i, tag) in task.tags.iter().enumerate() {
        meta = meta.child(
            Badge::new(format!("#{tag}")).id(format!("{purpose}_task_{n}_tag_{i}_badge")).color(BadgeColor::Info),
        );
        has_meta = true;
    }
    let col = Col::new().gap(1).child(title);
    if has_meta { col.child(meta) } else { col }
}

fn headline(purpose: &str, icon: IconName, text: String) -> Row {
    Row::new()
        .gap(2)
        .child(Icon::new(icon).id(format!("{purpose}_icon")))
        .child(Text::new(text).id(format!("{purpose}_headline_text")).weight(chatkit::widgets::FontWeight::Semibold))
}

fn plural(count: usize, one: &str) -> String {
    if count == 1 { format!("1 {one}") } else { format!("{count} {one}s") }
}

/// A confirmation that tasks changed: `purpose` names the card (`task_added`), `verb` the change ("Added").
fn changed_card(purpose: &str, verb: &str, tasks: &[Task], today: NaiveDate) -> Rendered {
    let line = match tasks {
        [task] => format!("{verb} #{}", task.number),
        _ => format!("{verb} {}", plural(tasks.len(), "task")),
    };
    let mut card =
        Card::new().id(format!("{purpose}_card")).child(headline(purpose, IconName::CheckCircle, line.clone()));
    let mut copy = vec![line];
    for task in tasks {
        card = card.child(task_summary(purpose, task, today));
        copy.push(task_line(task));
    }
    Rendered { widget: WidgetRoot::from(card), copy_text: copy.join("\n") }
}

pub fn added_card(tasks: &[Task], today: NaiveDate) -> Rendered {
    changed_card("task_added", "Added", tasks, today)
}

/// A confirmation of a change: `verb` is "Completed", "Reopened", "Renamed", "Updated"…
pub fn updated_card(verb: &str, tasks: &[Task], today: NaiveDate) -> Rendered {
    let purpose = format!("task_{}", verb.to_lowercase());
    changed_card(&purpose, verb, tasks, today)
}

/// The dialog shown before anything is deleted: Delete / Cancel.
pub fn delete_dialog(tasks: &[Task], rev: &str, today: NaiveDate) -> Rendered {
    let numbers: Vec<i64> = tasks.iter().map(|task| task.number).collect();
    let question = match tasks {
        [task] => format!("Delete \"{}\"?", task.title),
        _ => format!("Delete {}?", plural(tasks.len(), "task")),
    };
    let payload = DeleteDialog { numbers, rev: rev.to_owned() };
    let mut card = Card::new()
        .id("task_delete_card")
        .child(headline("task_delete", IconName::Info, question.clone()))
        .confirm(CardAction::new("Delete", actions::config(actions::DELETE_CONFIRM, &payload)))
        .cancel(CardAction::new("Cancel", actions::config(actions::DELETE_CANCEL, &payload)));
    let mut copy = vec![question];
    for task in tasks {
        card = card.child(task_summary("task_delete", task, today));
        copy.push(task_line(task));
    }
    copy.push("This cannot be undone.".into());
    card = card.child(Caption::new("This cannot be undone.").id("task_delete_warning_caption"));
    Rendered { widget: WidgetRoot::from(card), copy_text: copy.join("\n") }
}

/// What the dialog becomes after Delete: the names of what was deleted (and of what was already gone).
pub fn deleted_card(deleted: &[String], missing: &[i64]) -> Rendered {
    let line = match deleted {
        [] => "Nothing was deleted".to_owned(),
        [title] => format!("Deleted \"{title}\""),
        _ => format!("Deleted {}", plural(deleted.len(), "task")),
    };
    let mut card = Card::new().id("task_deleted_card").child(headline("task_deleted", IconName::Check, line.clone()));
    let mut copy = vec![line];
    if deleted.len() > 1 {
        for (i, title) in deleted.iter().enumerate() {
            card = card.child(Text::new(title.clone()).id(format!("task_deleted_{i}_text")).line_through(true));
            copy.push(title.clone());
        }
    }
    if !missing.is_empty() {
        let list: Vec<String> = missing.iter().map(|n| format!("#{n}")).collect();
        let note = format!("Already gone: {}", list.join(", "));
        card = card.child(Caption::new(note.clone()).id("task_deleted_missing_caption"));
        copy.push(note);
    }
    Rendered { widget: WidgetRoot::from(card), copy_text: copy.join("\n") }
}

/// What the dialog becomes after Cancel.
pub fn kept_card(titles: &[String]) -> Rendered {
    let line = match titles {
        [title] => format!("Kept \"{title}\""),
        _ => format!("Kept {}", plural(titles.len(), "task")),
    };
    let card = Card::new().id("task_kept_card").child(headline("task_kept", IconName::Info, line.clone()));
    Rendered { widget: WidgetRoot::from(card), copy_text: line }
}

/// "Which one did you mean?": one button per candidate.
pub fn choice_card(op: ChoiceOp, name: &str, candidates: &[Task], rev: &str) -> Rendered {
    let question = format!("Several tasks match \"{name}\". Which one?");
    let mut card =
        Card::new().id("task_choice_card").child(headline("task_choice", IconName::CircleQuestion, question.clone()));
    let mut copy = vec![question];
    for task in candidates {
        let choice = Choice { op, number: task.number, rev: rev.to_owned() };
        card = card.child(
            Button::new(format!("#{} {}", task.number, task.title))
                .id(format!("task_{}_choice_button", task.number))
                .on_click(actions::config(actions::CHOOSE, &choice))
                .variant(ControlVariant::Outline)
                .size(ControlSize::Sm),
        );
        copy.push(task_line(task));
    }
    Rendered { widget: WidgetRoot::from(card), copy_text: copy.join("\n") }
}

/// Something failed: what, and a Retry button that answers `message` again.
pub fn error_card(problem: &str, message: &str) -> Rendered {
    let retry = Retry { message: message.to_owned() };
    let card = Card::new().id("error_card").child(headline("error", IconName::Info, problem.to_owned())).child(
        Button::new("Retry")
            .id("error_retry_button")
            .on_click(actions::config(actions::RETRY, &retry))
            .variant(ControlVariant::Outline)
            .size(ControlSize::Sm),
    );
    Rendered { widget: WidgetRoot::from(card), copy_text: problem.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(number: i64, title: &str) -> Task {
        let now = chrono::Utc::now();
        Task {
            number,
            title: title.into(),
            notes: String::new(),
            done: false,
            priority: None,
            due: None,
            tags: vec![],
            created_at: now,
            updated_at: now,
            completed_at: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).expect("date")
    }

    #[test]
    fn the_delete_dialog_asks_first_and_names_the_tasks() {
        let rendered = delete_dialog(&[task(3, "dentist")], "r", today());
        rendered.widget.validate().expect("unique ids");
        let json = serde_json::to_value(&rendered.widget).expect("json");
        assert_eq!(json["confirm"]["label"], "Delete");
        assert_eq!(json["confirm"]["action"]["type"], "task.delete.confirm");
        assert_eq!(json["confirm"]["action"]["payload"]["numbers"], serde_json::json!([3]));
        assert_eq!(json["cancel"]["action"]["type"], "task.delete.cancel");
        assert!(rendered.copy_text.starts_with("Delete \"dentist\"?"));
    }

    #[test]
    fn every_card_has_unique_ids_and_copy_text() {
        let tasks = [task(1, "a"), task(2, "b")];
        for rendered in [
            added_card(&tasks, today()),
            updated_card("Completed", &tasks, today()),
            deleted_card(&["a".into(), "b".into()], &[7]),
            kept_card(&["a".into()]),
            choice_card(ChoiceOp::Complete, "a", &tasks, "r"),
            error_card("The database is busy.", "show my tasks"),
        ] {
            rendered.widget.validate().expect("unique ids");
            assert!(!rendered.copy_text.is_empty());
        }
    }
}
