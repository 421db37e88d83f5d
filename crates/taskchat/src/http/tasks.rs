//! `/api/tasks`: thin handlers over the task service.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{ApiError, AppJson, AppQuery};
use crate::auth::CurrentUser;
use crate::state::AppState;
use crate::tasks::{NewTask, Priority, StatusFilter, Task, TaskChanges, TaskFilter, TaskTitle, parse_due, parse_tags};

/// `POST /api/tasks`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    title: String,
    #[serde(default)]
    notes: Option<String>,
    #[serde(default)]
    priority: Option<Priority>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
}

/// `PATCH /api/tasks/{number}`: absent fields stay; `null` clears `priority` and `due`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    #[serde(default, deserialize_with = "not_null")]
    title: Option<String>,
    #[serde(default, deserialize_with = "not_null")]
    notes: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Priority>)]
    priority: Option<Option<Priority>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    due: Option<Option<String>>,
    #[serde(default, deserialize_with = "not_null")]
    tags: Option<Vec<String>>,
    #[serde(default, deserialize_with = "not_null")]
    done: Option<bool>,
}

/// A field that may be absent but not `null` (only `priority` and `due` can be cleared).
fn not_null<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Option::<T>::deserialize(deserializer)?
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom("cannot be null; leave the field out to keep it"))
}

/// Tells a field sent as `null` (`Some(None)`) from an absent one (`None`).
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Query of `GET /api/tasks`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// `all` (default), `pending` or `done`.
    status: Option<StatusFilter>,
    priority: Option<Priority>,
    tag: Option<String>,
    /// Text in the title or notes.
    q: Option<String>,
    /// Due on or before (`YYYY-MM-DD`).
    due_before: Option<String>,
    /// Due on or after (`YYYY-MM-DD`).
    due_after: Option<String>,
    /// 1–200, default 50.
    limit: Option<i64>,
    /// The cursor from the previous page.
    after: Option<String>,
}

/// A page of tasks.
#[derive(Debug, Serialize, ToSchema)]
pub struct TaskList {
    data: Vec<Task>,
    has_more: bool,
    after: Option<String>,
}

fn parse_number(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|n| *n > 0).ok_or_else(|| ApiError::NotFound(format!("task {raw:?}")))
}

#[utoipa::path(get, path = "/api/tasks", params(ListQuery), responses((status = 200, body = TaskList)), tag = "tasks")]
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    AppQuery(query): AppQuery<ListQuery>,
) -> Result<AppJson<TaskList>, ApiError> {
    let tag = query.tag.as_deref().map(|tag| parse_tags(&[tag])).transpose()?.and_then(|tags| tags.into_iter().next());
    let filter = TaskFilter {
        status: query.status.unwrap_or_default(),
        priority: query.priority,
        tag,
        text: query.q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()),
        due_before: query.due_before.as_deref().map(parse_due).transpose()?,
        due_after: query.due_after.as_deref().map(parse_due).transpose()?,
    };
    let after = match query.after.as_deref() {
        None | Some("") => None,
        Some(cursor) => Some(
            cursor
                .parse::<i64>()
                .map_err(|_| ApiError::Invalid(format!("after: {cursor:?} is not a cursor from this API")))?,
        ),
    };
    let page = state.tasks.list(&user.id, &filter, after, query.limit.unwrap_or(50)).await?;
    Ok(AppJson(TaskList { data: page.tasks, has_more: page.has_more, after: page.after.map(|n| n.to_string()) }))
}

#[utoipa::path(post, path = "/api/tasks", request_body = CreateTask, responses((status = 201, body = Task)), tag = "tasks")]
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    AppJson(body): AppJson<CreateTask>,
) -> Result<(StatusCode, AppJson<Task>), ApiError> {
    let task = NewTask {
        title: TaskTitle::parse(&body.title)?,
        notes: crate::tasks::parse_notes(body.notes.as_deref().unwrap_or_default())?,
        priority: body.priority,
        due: body.due.as_deref().map(parse_due).transpose()?,
        tags: parse_tags(&body.tags.unwrap_or_default())?,
    };
    let task = state.tasks.create(&user.id, &task).await?;
    Ok((StatusCode::CREATED, AppJson(task)))
}

#[utoipa::path(get, path = "/api/tasks/{number}", params(("number" = i64, Path)), responses((status = 200, body = Task)), tag = "tasks")]
pub async fn get(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<AppJson<Task>, ApiError> {
    Ok(AppJson(state.tasks.get(&user.id, parse_number(&number)?).await?))
}

#[utoipa::path(patch, path = "/api/tasks/{number}", params(("number" = i64, Path)), request_body = UpdateTask, responses((status = 200, body = Task)), tag = "tasks")]
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
    AppJson(body): AppJson<UpdateTask>,
) -> Result<AppJson<Task>, ApiError> {
    let number = parse_number(&number)?;
    let changes = TaskChanges {
        title: body.title.as_deref().map(TaskTitle::parse).transpose()?,
        notes: body.notes.as_deref().map(crate::tasks::parse_notes).transpose()?,
        priority: body.priority,
        due: body.due.map(|due| due.as_deref().map(parse_due).transpose()).transpose()?,
        tags: body.tags.as_deref().map(parse_tags).transpose()?,
        done: body.done,
    };
    Ok(AppJson(state.tasks.update(&user.id, number, changes).await?))
}

#[utoipa::path(delete, path = "/api/tasks/{number}", params(("number" = i64, Path)), responses((status = 204)), tag = "tasks")]
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(number): Path<String>,
) -> Result<StatusCode, ApiError> {
    state.tasks.delete(&user.id, parse_number(&number)?).await?;
    Ok(StatusCode::NO_CONTENT)
}
