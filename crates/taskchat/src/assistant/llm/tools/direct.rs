//! The same tools for hosts without a chat (MCP): same arguments and checks, no widgets.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use super::{CompleteArgs, NAMES, Problem, TaskName, UpdateArgs, changes, draft, list_query};
use crate::assistant::resolve::{Prefer, Resolved, resolve};
use crate::assistant::widgets;
use crate::tasks::{Task, TaskChanges, TaskError, TaskService, TaskTitle, parse_notes, parse_tags};

// Direct calls: the same tools for hosts without a chat (MCP). Same arguments and checks, no widgets; the result
// is the tasks themselves, as JSON and as text. Deleting needs `confirm: true`, since no dialog asks the user.

/// A tool's answer when run directly: `data` (structured, tasks as the REST API shows them) and `text`.
#[derive(Debug, Clone, PartialEq)]
pub struct DirectResult {
    pub data: Value,
    pub text: String,
}

/// Why a direct call did nothing.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DirectError {
    /// The caller's mistake (arguments, unknown task, ambiguous title, missing confirmation): says what to fix.
    #[error("{0}")]
    Refused(String),
    /// The tasks could not be reached; the cause is for the logs, not the caller.
    #[error("the tasks could not be reached: {0}")]
    Failed(String),
}

impl From<Problem> for DirectError {
    fn from(problem: Problem) -> Self {
        match problem {
            Problem::Args(error) => Self::Refused(format!("invalid arguments: {error}.")),
            Problem::Said(text) => Self::Refused(text),
            Problem::Turn(error) => Self::Failed(error.to_string()),
        }
    }
}

impl From<TaskError> for DirectError {
    fn from(error: TaskError) -> Self {
        Problem::from(error).into()
    }
}

#[derive(Deserialize)]
struct DeleteArgs {
    #[serde(flatten)]
    name: TaskName,
    confirm: Option<bool>,
}

fn args<T: serde::de::DeserializeOwned>(arguments: Value) -> Result<T, DirectError> {
    serde_json::from_value(arguments).map_err(|error| Problem::Args(error).into())
}

fn task_result(verb: &str, key: &str, task: &Task) -> DirectResult {
    DirectResult { data: json!({ key: task }), text: format!("{verb} {}", widgets::task_line(task)) }
}

/// The one task a name means, or a refusal naming the candidates.
async fn find_task(tasks: &TaskService, user_id: &str, name: &TaskName, prefer: Prefer) -> Result<Task, DirectError> {
    match resolve(tasks, user_id, &name.reference()?, None, prefer).await? {
        Resolved::One(task) => Ok(task),
        Resolved::Many(candidates) => {
            let lines: Vec<String> = candidates.iter().map(widgets::task_line).collect();
            Err(DirectError::Refused(format!("several tasks match; name one by task_id: {}.", lines.join("; "))))
        }
        Resolved::Nothing(what) => Err(DirectError::Refused(format!("no task matches: {what}."))),
    }
}

/// Runs the tool `name` for `user_id` against the task service, without a chat. `arguments` must be an object.
pub async fn run_direct(
    tasks: &TaskService,
    user_id: &str,
    today: NaiveDate,
    name: &str,
    arguments: Value,
) -> Result<DirectResult, DirectError> {
    if !arguments.is_object() {
        return Err(DirectError::Refused(format!("the arguments of {name} must be a JSON object.")));
    }
    match name {
        "list_tasks" => {
            let filter = list_query(args(arguments)?, today)?.filter(today);
            let page = tasks.list(user_id, &filter, None, 200).await?;
            let (open, done) = tasks.count(user_id, &filter).await?;
            let mut text = format!("{open} open, {done} done.");
            for task in &page.tasks {
                text.push_str(&format!("\n{}", widgets::task_line(task)));
            }
            if page.has_more {
                text.push_str("\n(only the first 200 are listed; narrow the filter to see the others)");
            }
            let data = json!({"tasks": page.tasks, "open": open, "done": done, "has_more": page.has_more});
            Ok(DirectResult { data, text })
        }
        "add_task" => {
            let draft = draft(args(arguments)?, today)?;
            let new = crate::tasks::NewTask {
                title: TaskTitle::parse(&draft.title)?,
                notes: parse_notes(draft.notes.as_deref().unwrap_or_default())?,
                priority: draft.priority,
                due: draft.due,
                tags: parse_tags(&draft.tags)?,
            };
            Ok(task_result("Added", "task", &tasks.create(user_id, &new).await?))
        }
        "complete_task" => {
            let args: CompleteArgs = args(arguments)?;
            let done = args.done.unwrap_or(true);
            let task = find_task(tasks, user_id, &args.name, if done { Prefer::Open } else { Prefer::Done }).await?;
            let changes = TaskChanges { done: Some(done), ..TaskChanges::default() };
            let task = tasks.update(user_id, task.number, changes).await?;
            Ok(task_result(if done { "Completed" } else { "Reopened" }, "task", &task))
        }
        "update_task" => {
            let args: UpdateArgs = args(arguments)?;
            let changes = changes(&args, today)?;
            let task = find_task(tasks, user_id, &args.name, Prefer::Any).await?;
            Ok(task_result("Updated", "task", &tasks.update(user_id, task.number, changes).await?))
        }
        "delete_task" => {
            let args: DeleteArgs = args(arguments)?;
            let task = find_task(tasks, user_id, &args.name, Prefer::Any).await?;
            if args.confirm != Some(true) {
                return Err(DirectError::Refused(format!(
                    "deleting cannot be undone: to delete {}, call delete_task again with \"confirm\": true.",
                    widgets::task_line(&task)
                )));
            }
            tasks.delete(user_id, task.number).await?;
            Ok(task_result("Deleted", "deleted", &task))
        }
        unknown => Err(DirectError::Refused(format!(
            "there is no tool named \"{unknown}\". The tools are: {}.",
            NAMES.join(", ")
        ))),
    }
}
