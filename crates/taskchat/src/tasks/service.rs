//! `TaskService`: every task operation with its validation; used by the REST API and the assistant.

use crate::db::{self, Db, DbError};

use super::model::{NewTask, Task, TaskChanges, TaskFilter};

/// Why a task operation failed.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: String },
    #[error("task #{0} not found")]
    NotFound(i64),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl TaskError {
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::Invalid { field, message: message.into() }
    }
}

/// One page of tasks.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskPage {
    pub tasks: Vec<Task>,
    pub has_more: bool,
    /// The cursor for the next page.
    pub after: Option<i64>,
}

/// Tasks of one user at a time; every call names the user.
#[derive(Clone)]
pub struct TaskService {
    db: Db,
}

impl TaskService {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    pub async fn create(&self, user_id: &str, task: &NewTask) -> Result<Task, TaskError> {
        Ok(db::tasks::insert(&self.db, user_id, task).await?)
    }

    pub async fn get(&self, user_id: &str, number: i64) -> Result<Task, TaskError> {
        db::tasks::get(&self.db, user_id, number).await?.ok_or(TaskError::NotFound(number))
    }

    /// A page of tasks by number; `limit` must be 1–200.
    pub async fn list(
        &self,
        user_id: &str,
        filter: &TaskFilter,
        after: Option<i64>,
        limit: i64,
    ) -> Result<TaskPage, TaskError> {
        check_limit(limit)?;
        Ok(page(db::tasks::list(&self.db, user_id, filter, after, limit + 1).await?, limit))
    }

    /// A page of tasks and how many match in all: (open, done). The first page costs one query.
    pub async fn list_with_counts(
        &self,
        user_id: &str,
        filter: &TaskFilter,
        after: Option<i64>,
        limit: i64,
    ) -> Result<(TaskPage, (i64, i64)), TaskError> {
        check_limit(limit)?;
        let (tasks, counts) = match after {
            None => db::tasks::first_page(&self.db, user_id, filter, limit + 1).await?,
            Some(_) => (
                db::tasks::list(&self.db, user_id, filter, after, limit + 1).await?,
                db::tasks::count(&self.db, user_id, filter).await?,
            ),
        };
        Ok((page(tasks, limit), counts))
    }

    /// Marks a task done or open again.
    pub async fn set_done(&self, user_id: &str, number: i64, done: bool) -> Result<Task, TaskError> {
        db::tasks::set_done(&self.db, user_id, number, done).await?.ok_or(TaskError::NotFound(number))
    }

    /// How many tasks match: (open, done).
    pub async fn count(&self, user_id: &str, filter: &TaskFilter) -> Result<(i64, i64), TaskError> {
        Ok(db::tasks::count(&self.db, user_id, filter).await?)
    }

    /// Applies changes; marking done records when, reopening clears it.
    pub async fn update(&self, user_id: &str, number: i64, changes: TaskChanges) -> Result<Task, TaskError> {
        let mut task = self.get(user_id, number).await?;
        if let Some(title) = changes.title {
            task.title = title.as_str().to_owned();
        }
        if let Some(notes) = changes.notes {
            task.notes = notes;
        }
        if let Some(priority) = changes.priority {
            task.priority = priority;
        }
        if let Some(due) = changes.due {
            task.due = due;
        }
        if let Some(tags) = changes.tags {
            task.tags = tags;
        }
        match changes.done {
            Some(true) if !task.done => task.completed_at = Some(chatkit::types::time::now()),
            Some(false) => task.completed_at = None,
            _ => {}
        }
        db::tasks::update(&self.db, user_id, &task).await?.ok_or(TaskError::NotFound(number))
    }

    pub async fn delete(&self, user_id: &str, number: i64) -> Result<(), TaskError> {
        if db::tasks::delete(&self.db, user_id, number).await? { Ok(()) } else { Err(TaskError::NotFound(number)) }
    }
}

fn check_limit(limit: i64) -> Result<(), TaskError> {
    if (1..=200).contains(&limit) {
        Ok(())
    } else {
        Err(TaskError::invalid("limit", format!("{limit} is out of range: use 1 to 200")))
    }
}

/// A page of `limit` from `limit + 1` fetched tasks.
fn page(mut tasks: Vec<Task>, limit: i64) -> TaskPage {
    let has_more = tasks.len() as i64 > limit;
    tasks.truncate(limit as usize);
    let after = if has_more { tasks.last().map(|task| task.number) } else { None };
    TaskPage { tasks, has_more, after }
}
