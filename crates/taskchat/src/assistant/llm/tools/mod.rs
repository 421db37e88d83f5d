//! The task tools the model may call: their dispatch into the same [`Turn`] operations and widgets the offline
//! assistant uses (here), their JSON schemas (`definitions.rs`, shared with any other tool host) and the same tools
//! run without a chat for MCP (`direct.rs`). A tool's result is a short text for the model; mistakes in a call
//! (bad JSON, unknown names, invalid values) are results too, so the model can correct itself.

use chrono::{Datelike, Duration, NaiveDate};
use serde::Deserialize;
use serde_json::Value;

use super::super::actions::{self, ChoiceOp};
use super::super::intent::{self, TaskDraft, TaskRef};
use super::super::resolve::{Prefer, Resolved, resolve};
use super::super::turn::{Turn, TurnError};
use super::super::view::{DueView, ListQuery, StatusView};
use super::super::widgets;
use crate::tasks::{Priority, Task, TaskChanges, TaskError, TaskTitle, parse_notes, parse_tags};

mod definitions;
mod direct;

pub use definitions::{definitions, progress_text};
pub use direct::{DirectError, DirectResult, run_direct};

/// The names of the tools, in the order of [`definitions`].
pub const NAMES: [&str; 5] = ["list_tasks", "add_task", "complete_task", "update_task", "delete_task"];

/// Runs the tool `name` with its JSON `arguments`; streams its widgets; returns the result text for the model.
/// `Err` only when the stream ended (the client left) or the tasks could not be reached.
pub async fn run(turn: &mut Turn<'_>, name: &str, arguments: &str) -> Result<String, TurnError> {
    let arguments = if arguments.trim().is_empty() { "{}" } else { arguments };
    let value: Value = match serde_json::from_str(arguments) {
        Ok(value @ Value::Object(_)) => value,
        Ok(_) => return Ok(format!("Error: the arguments of {name} must be a JSON object. Nothing was done.")),
        Err(error) => {
            return Ok(format!("Error: the arguments of {name} are not valid JSON ({error}). Nothing was done."));
        }
    };
    let outcome = match name {
        "list_tasks" => match serde_json::from_value(value) {
            Ok(args) => list_tasks(turn, args).await,
            Err(error) => Err(Problem::Args(error)),
        },
        "add_task" => match serde_json::from_value(value) {
            Ok(args) => add_task(turn, args).await,
            Err(error) => Err(Problem::Args(error)),
        },
        "complete_task" => match serde_json::from_value(value) {
            Ok(args) => complete_task(turn, args).await,
            Err(error) => Err(Problem::Args(error)),
        },
        "update_task" => match serde_json::from_value(value) {
            Ok(args) => update_task(turn, args).await,
            Err(error) => Err(Problem::Args(error)),
        },
        "delete_task" => match serde_json::from_value(value) {
            Ok(args) => delete_task(turn, args).await,
            Err(error) => Err(Problem::Args(error)),
        },
        unknown => {
            return Ok(format!("Error: there is no tool named \"{unknown}\". The tools are: {}.", NAMES.join(", ")));
        }
    };
    match outcome {
        Ok(text) => Ok(text),
        Err(Problem::Args(error)) => Ok(format!("Error: invalid arguments for {name}: {error}. Nothing was done.")),
        Err(Problem::Said(text)) => Ok(format!("Error: {text} Nothing was done.")),
        Err(Problem::Turn(error)) => Err(error),
    }
}

/// Why a tool did nothing: the model's mistake (told to it) or the system's (ends the turn).
enum Problem {
    Args(serde_json::Error),
    Said(String),
    Turn(TurnError),
}

impl From<TurnError> for Problem {
    fn from(error: TurnError) -> Self {
        match error {
            TurnError::Task(error) => error.into(),
            error @ TurnError::Stream(_) => Self::Turn(error),
        }
    }
}

impl From<TaskError> for Problem {
    fn from(error: TaskError) -> Self {
        match error {
            TaskError::Invalid { .. } => Self::Said(format!("{error}.")),
            TaskError::NotFound(number) => Self::Said(format!("there is no task #{number}.")),
            error @ TaskError::Db(_) => Self::Turn(TurnError::Task(error)),
        }
    }
}

impl From<chatkit::StreamError> for Problem {
    fn from(error: chatkit::StreamError) -> Self {
        Self::Turn(TurnError::Stream(error))
    }
}

type Outcome = Result<String, Problem>;

fn said<T>(text: impl Into<String>) -> Result<T, Problem> {
    Err(Problem::Said(text.into()))
}

fn shown(copy_text: &str) -> String {
    format!("Shown to the user in a widget:\n{copy_text}")
}

fn parse_priority(raw: Option<&str>) -> Result<Option<Priority>, Problem> {
    raw.map(Priority::parse).transpose().map_err(Problem::from)
}

fn parse_date(raw: &str, today: NaiveDate, field: &str) -> Result<NaiveDate, Problem> {
    intent::parse_date(raw, today).map_or_else(|| said(format!("{field} \"{raw}\" is not a date; use YYYY-MM-DD.")), Ok)
}

/// A task number from a JSON number or a string like "3" or "#3".
fn task_number(raw: &Value) -> Result<i64, Problem> {
    let number = match raw {
        Value::Number(number) => number.as_i64(),
        Value::String(text) => text.trim().trim_start_matches('#').parse().ok(),
        _ => None,
    };
    number.filter(|number| *number > 0).map_or_else(|| said(format!("task_id {raw} is not a task number.")), Ok)
}

#[derive(Deserialize)]
struct TaskName {
    #[serde(default)]
    task_id: Option<Value>,
    #[serde(default)]
    title: Option<String>,
}

impl TaskName {
    fn reference(&self) -> Result<TaskRef, Problem> {
        match (&self.task_id, &self.title) {
            (Some(id), _) if !id.is_null() => Ok(TaskRef::Number(task_number(id)?)),
            (_, Some(title)) if !title.trim().is_empty() => Ok(TaskRef::Title(title.trim().to_owned())),
            _ => said("name the task with task_id (its number) or title."),
        }
    }
}

/// The one task a name means; when several fit, the user is shown a choice (whose buttons do `op`).
async fn one_task(turn: &mut Turn<'_>, name: &TaskName, prefer: Prefer, op: ChoiceOp) -> Result<Task, Problem> {
    let reference = name.reference()?;
    match resolve(turn.tasks, &turn.user.id, &reference, None, prefer).await? {
        Resolved::One(task) => Ok(task),
        Resolved::Many(candidates) => {
            let label = match &reference {
                TaskRef::Title(title) => title.clone(),
                _ => "that".to_owned(),
            };
            let card = turn
                .metrics
                .build_widget("choice_card", || widgets::choice_card(op, &label, &candidates, &actions::new_rev()));
            turn.send(card).await?;
            let numbers: Vec<String> = candidates.iter().map(|task| format!("#{}", task.number)).collect();
            said(format!(
                "several tasks match ({}); the user was shown buttons to choose one. Do not call this tool again \
                 for it; wait for the user.",
                numbers.join(", ")
            ))
        }
        Resolved::Nothing(what) => said(format!("no task matches: {what}.")),
    }
}

#[derive(Deserialize)]
struct ListArgs {
    status: Option<String>,
    priority: Option<String>,
    tag: Option<String>,
    text: Option<String>,
    due_before: Option<String>,
    due_after: Option<String>,
}

/// A range of due dates: one of the list's named windows when it is one (for a clearer title), else the range.
fn due_window(
    before: Option<NaiveDate>,
    after: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Option<DueView>, Problem> {
    let tomorrow = today + Duration::days(1);
    let sunday = today + Duration::days(6 - i64::from(today.weekday().num_days_from_monday()));
    match (after, before) {
        (None, None) => Ok(None),
        (Some(after), Some(before)) if after == today && before == today => Ok(Some(DueView::Today)),
        (Some(after), Some(before)) if after == tomorrow && before == tomorrow => Ok(Some(DueView::Tomorrow)),
        (Some(after), Some(before)) if after == today && before == sunday => Ok(Some(DueView::ThisWeek)),
        (from, to) => Ok(Some(DueView::Range { from, to })),
    }
}

/// The list a `list_tasks` call asks for.
fn list_query(args: ListArgs, today: NaiveDate) -> Result<ListQuery, Problem> {
    let status = match args.status.as_deref().map(str::trim) {
        None | Some("" | "all") => StatusView::All,
        Some("pending" | "open") => StatusView::Pending,
        Some("done" | "completed") => StatusView::Done,
        Some(other) => return said(format!("status \"{other}\" is not one of all, pending, done.")),
    };
    let before = args.due_before.as_deref().map(|raw| parse_date(raw, today, "due_before")).transpose()?;
    let after = args.due_after.as_deref().map(|raw| parse_date(raw, today, "due_after")).transpose()?;
    Ok(ListQuery {
        status,
        priority: parse_priority(args.priority.as_deref())?,
        tag: args.tag.map(|tag| tag.trim().trim_start_matches('#').to_lowercase()).filter(|tag| !tag.is_empty()),
        text: args.text.map(|text| text.trim().to_owned()).filter(|text| !text.is_empty()),
        due: due_window(before, after, today)?,
    })
}

async fn list_tasks(turn: &mut Turn<'_>, args: ListArgs) -> Outcome {
    let view = list_query(args, turn.today)?;
    let rendered = turn.render_list(&view, None).await?;
    let text = shown(&rendered.copy_text);
    turn.send(rendered).await?;
    Ok(text)
}

#[derive(Deserialize)]
struct AddArgs {
    title: String,
    notes: Option<String>,
    due: Option<String>,
    priority: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

/// The task an `add_task` call describes.
fn draft(args: AddArgs, today: NaiveDate) -> Result<TaskDraft, Problem> {
    let due = match args.due.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(parse_date(raw, today, "due")?),
    };
    Ok(TaskDraft {
        title: args.title,
        due,
        priority: parse_priority(args.priority.as_deref())?,
        tags: args.tags,
        notes: args.notes,
    })
}

async fn add_task(turn: &mut Turn<'_>, args: AddArgs) -> Outcome {
    let draft = draft(args, turn.today)?;
    let task = turn.create(&draft).await?;
    let rendered =
        turn.metrics.build_widget("added_card", || widgets::added_card(std::slice::from_ref(&task), turn.today));
    turn.send(rendered).await?;
    turn.mention(task.number).await?;
    Ok(format!("Added {} (shown to the user).", widgets::task_line(&task)))
}

#[derive(Deserialize)]
struct CompleteArgs {
    #[serde(flatten)]
    name: TaskName,
    done: Option<bool>,
}

async fn complete_task(turn: &mut Turn<'_>, args: CompleteArgs) -> Outcome {
    let done = args.done.unwrap_or(true);
    let (prefer, op) = if done { (Prefer::Open, ChoiceOp::Complete) } else { (Prefer::Done, ChoiceOp::Reopen) };
    let task = one_task(turn, &args.name, prefer, op).await?;
    let changed = turn.apply_done(std::slice::from_ref(&task), done).await?;
    let verb = if done { "Completed" } else { "Reopened" };
    match changed.first() {
        Some(task) => Ok(format!("{verb} {} (shown to the user).", widgets::task_line(task))),
        None => said(format!("task #{} could not be changed.", task.number)),
    }
}

#[derive(Deserialize)]
struct UpdateArgs {
    #[serde(flatten)]
    name: TaskName,
    title_new: Option<String>,
    notes: Option<String>,
    due: Option<String>,
    priority: Option<String>,
    tags: Option<Vec<String>>,
}

/// The changes an `update_task` call asks for; at least one.
fn changes(args: &UpdateArgs, today: NaiveDate) -> Result<TaskChanges, Problem> {
    let mut changes = TaskChanges::default();
    if let Some(title) = &args.title_new {
        changes.title = Some(TaskTitle::parse(title)?);
    }
    if let Some(notes) = &args.notes {
        changes.notes = Some(parse_notes(notes)?);
    }
    if let Some(due) = args.due.as_deref().map(str::trim) {
        changes.due = Some(match due {
            "" | "none" | "null" => None,
            raw => Some(parse_date(raw, today, "due")?),
        });
    }
    if let Some(priority) = args.priority.as_deref().map(str::trim) {
        changes.priority = Some(match priority {
            "" | "none" => None,
            raw => Some(Priority::parse(raw)?),
        });
    }
    if let Some(tags) = &args.tags {
        changes.tags = Some(parse_tags(tags)?);
    }
    if changes.is_empty() {
        return said("give at least one of title_new, notes, due, priority, tags.");
    }
    Ok(changes)
}

async fn update_task(turn: &mut Turn<'_>, args: UpdateArgs) -> Outcome {
    let today = turn.today;
    let changes = changes(&args, today)?;
    let task = one_task(turn, &args.name, Prefer::Any, ChoiceOp::Show).await?;
    let task = turn.tasks.update(&turn.user.id, task.number, changes).await?;
    turn.send(
        turn.metrics
            .build_widget("updated_card", || widgets::updated_card("Updated", std::slice::from_ref(&task), today)),
    )
    .await?;
    turn.mention(task.number).await?;
    Ok(format!("Updated {} (shown to the user).", widgets::task_line(&task)))
}

async fn delete_task(turn: &mut Turn<'_>, name: TaskName) -> Outcome {
    let task = one_task(turn, &name, Prefer::Any, ChoiceOp::Delete).await?;
    let dialog = turn.metrics.build_widget("delete_dialog", || {
        widgets::delete_dialog(std::slice::from_ref(&task), &actions::new_rev(), turn.today)
    });
    turn.send(dialog).await?;
    turn.mention(task.number).await?;
    Ok(format!(
        "The user was asked to confirm deleting {} in a dialog. It is NOT deleted unless they click Delete.",
        widgets::task_line(&task)
    ))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn due_ranges_map_to_the_list_windows_or_stay_ranges() {
        let wednesday = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date");
        let sunday = NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
        assert!(matches!(due_window(Some(wednesday), Some(wednesday), wednesday), Ok(Some(DueView::Today))));
        assert!(matches!(due_window(Some(sunday), Some(wednesday), wednesday), Ok(Some(DueView::ThisWeek))));
        let yesterday = wednesday - Duration::days(1);
        let range = due_window(Some(yesterday), None, wednesday);
        assert!(matches!(range, Ok(Some(DueView::Range { from: None, to: Some(to) })) if to == yesterday));
        assert!(matches!(due_window(None, None, wednesday), Ok(None)));
        let later = sunday + Duration::days(30);
        assert!(matches!(
            due_window(None, Some(later), wednesday),
            Ok(Some(DueView::Range { from: Some(_), to: None }))
        ));
    }

    #[test]
    fn task_numbers_are_read_from_numbers_and_strings() {
        assert!(matches!(task_number(&json!(3)), Ok(3)));
        assert!(matches!(task_number(&json!("#4")), Ok(4)));
        assert!(task_number(&json!("milk")).is_err());
        assert!(task_number(&json!(0)).is_err());
    }
}
