//! The task list: a `ListView` root whose status header carries the counts, one row per task.

use chatkit::widgets::{
    Badge, BadgeColor, Button, ButtonColor, Caption, Col, ControlSize, ControlVariant, IconName, ListView,
    ListViewItem, Row, Spacer, Text, WidgetRoot, WidgetStatus,
};
use chrono::NaiveDate;

use super::super::actions::{self, MorePage, TaskInList};
use super::super::view::ListQuery;
use super::{Rendered, due_label, task_line};
use crate::tasks::{Priority, Task};

/// How many tasks the list's filter matches, open and done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub open: i64,
    pub done: i64,
}

/// One page of a list: its tasks, its filter and where the next page starts.
pub struct TaskListPage<'a> {
    pub tasks: &'a [Task],
    pub counts: Counts,
    pub view: &'a ListQuery,
    /// The number after which this page starts (`None` on the first page).
    pub from: Option<i64>,
    /// The number after which the next page starts, when there is one.
    pub next_after: Option<i64>,
    pub today: NaiveDate,
    /// The revision of this rendering; stale clicks carry an older one.
    pub rev: &'a str,
}

fn priority_badge(number: i64, priority: Priority) -> Badge {
    let color = match priority {
        Priority::High => BadgeColor::Danger,
        Priority::Medium => BadgeColor::Warning,
        Priority::Low => BadgeColor::Secondary,
    };
    Badge::new(priority.as_str()).id(format!("task_{number}_priority_badge")).color(color)
}

fn task_row(task: &Task, page: &TaskListPage<'_>) -> ListViewItem {
    let n = task.number;
    let in_list = TaskInList { number: n, view: page.view.clone(), from: page.from, rev: page.rev.to_owned() };
    let toggle = if task.done {
        Button::icon_only(IconName::CheckCircleFilled)
            .on_click(actions::config(actions::REOPEN, &in_list))
            .color(ButtonColor::Success)
    } else {
        Button::icon_only(IconName::EmptyCircle).on_click(actions::config(actions::COMPLETE, &in_list))
    };
    let toggle = toggle.id(format!("task_{n}_toggle_button")).variant(ControlVariant::Ghost).size(ControlSize::Sm);

    let mut title = Text::new(task.title.clone()).id(format!("task_{n}_title_text"));
    if task.done {
        title = title.line_through(true).color("secondary");
    }
    let mut meta = Row::new().gap(2).child(Caption::new(format!("#{n}")).id(format!("task_{n}_number_caption")));
    if let Some(due) = task.due {
        let overdue = task.is_overdue(page.today);
        let label =
            if overdue { format!("Overdue · {}", due_label(due, page.today)) } else { due_label(due, page.today) };
        let mut caption = Caption::new(label).id(format!("task_{n}_due_caption"));
        if overdue {
            caption = caption.color("danger");
        }
        meta = meta.child(caption);
    }
    if let Some(priority) = task.priority {
        meta = meta.child(priority_badge(n, priority));
    }
    for (i, tag) in task.tags.iter().enumerate() {
        meta = meta.child(Badge::new(format!("#{tag}")).id(format!("task_{n}_tag_{i}_badge")).color(BadgeColor::Info));
    }
    let delete = Button::new("Delete")
        .id(format!("task_{n}_delete_button"))
        .on_click(actions::config(actions::DELETE, &in_list))
        .color(ButtonColor::Danger)
        .variant(ControlVariant::Ghost)
        .size(ControlSize::Sm);
    ListViewItem::new().id(format!("task_{n}_item")).gap(3).child(
        Row::new()
            .gap(3)
            .child(toggle)
            .child(Col::new().gap(1).child(title).child(meta))
            .child(Spacer::new())
            .child(delete),
    )
}

/// The list widget for one page.
pub fn task_list(page: &TaskListPage<'_>) -> Rendered {
    let header = format!("{}: {} open · {} done", page.view.title(), page.counts.open, page.counts.done);
    let mut list = ListView::new().id("task_list_view").status(WidgetStatus::text(header.clone()));
    let mut copy = vec![header];
    if page.tasks.is_empty() {
        let (line, hint) = if *page.view == ListQuery::default() {
            ("No tasks yet.", "Try \"add buy milk tomorrow\" or \"add task: call mom #family\".")
        } else {
            ("No tasks match.", "Try \"show my tasks\" to see everything.")
        };
        list = list.child(
            ListViewItem::new().id("task_list_empty_item").child(
                Col::new()
                    .gap(1)
                    .child(Text::new(line).id("task_list_empty_text"))
                    .child(Caption::new(hint).id("task_list_hint_caption")),
            ),
        );
        copy.push(format!("{line} {hint}"));
    }
    for task in page.tasks {
        list = list.child(task_row(task, page));
        copy.push(task_line(task));
    }
    if let Some(after) = page.next_after {
        let more = MorePage { view: page.view.clone(), after, rev: page.rev.to_owned() };
        list = list.child(
            ListViewItem::new().id("task_list_more_item").child(
                Button::new("Show more")
                    .id("task_list_more_button")
                    .on_click(actions::config(actions::MORE, &more))
                    .variant(ControlVariant::Outline)
                    .size(ControlSize::Sm),
            ),
        );
        copy.push("…".to_owned());
    }
    Rendered { widget: WidgetRoot::from(list), copy_text: copy.join("\n") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn task(number: i64, title: &str, done: bool) -> Task {
        let now = chrono::Utc::now();
        Task {
            number,
            title: title.into(),
            notes: String::new(),
            done,
            priority: (number == 1).then_some(Priority::High),
            due: NaiveDate::from_ymd_opt(2026, 11, 20),
            tags: vec!["home".into()],
            created_at: now,
            updated_at: now,
            completed_at: done.then_some(now),
        }
    }

    fn render(tasks: &[Task], next_after: Option<i64>) -> (Value, String) {
        let view = ListQuery::default();
        let page = TaskListPage {
            tasks,
            counts: Counts { open: 1, done: 1 },
            view: &view,
            from: None,
            next_after,
            today: NaiveDate::from_ymd_opt(2026, 11, 25).expect("date"),
            rev: "r1",
        };
        let rendered = task_list(&page);
        rendered.widget.validate().expect("ids are unique");
        (serde_json::to_value(&rendered.widget).expect("json"), rendered.copy_text)
    }

    #[test]
    fn a_list_has_counts_a_row_per_task_and_struck_done_titles() {
        let (widget, copy) = render(&[task(1, "buy milk", false), task(2, "call mom", true)], None);
        assert_eq!(widget["type"], "ListView");
        assert_eq!(widget["status"], json!({"text": "My tasks: 1 open · 1 done"}));
        let rows = widget["children"].as_array().expect("rows");
        assert_eq!(rows.len(), 2);
        let text = serde_json::to_string(&rows[1]).expect("json");
        assert!(text.contains("\"lineThrough\":true"), "{text}");
        assert!(serde_json::to_string(&rows[0]).expect("json").contains("Overdue"));
        assert!(copy.contains("#1 [ ] buy milk (due 2026-11-20, high, #home)"), "{copy}");
        assert!(copy.contains("#2 [x] call mom"), "{copy}");
    }

    #[test]
    fn buttons_carry_the_task_the_view_and_the_revision() {
        let (widget, _) = render(&[task(1, "buy milk", false)], Some(1));
        let row = &widget["children"][0]["children"][0]["children"];
        let toggle = &row[0]["onClickAction"];
        assert_eq!(toggle["type"], "task.complete");
        assert_eq!(toggle["payload"], json!({"number": 1, "view": {}, "rev": "r1"}));
        let more = &widget["children"][1]["children"][0]["onClickAction"];
        assert_eq!(more["type"], "tasks.more");
        assert_eq!(more["payload"], json!({"view": {}, "after": 1, "rev": "r1"}));
    }

    #[test]
    fn an_empty_list_says_what_to_type() {
        let (widget, copy) = render(&[], None);
        let text = serde_json::to_string(&widget).expect("json");
        assert!(text.contains("No tasks yet."));
        assert!(copy.contains("add buy milk tomorrow"));
    }
}
