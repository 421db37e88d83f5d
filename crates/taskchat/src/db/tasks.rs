//! `tasks`: each user's tasks, numbered per user.

use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};

use super::{Db, DbError, DbResult, from_micros, now_micros, users};
use crate::tasks::{NewTask, Priority, StatusFilter, Task, TaskFilter};

const COLUMNS: &str = "number, title, notes, priority, due, tags, created_at, updated_at, completed_at";

fn from_row(row: &AnyRow) -> DbResult<Task> {
    let priority: Option<String> = row.try_get("priority")?;
    let due: Option<String> = row.try_get("due")?;
    let tags: String = row.try_get("tags")?;
    let completed_at: Option<i64> = row.try_get("completed_at")?;
    Ok(Task {
        number: row.try_get("number")?,
        title: row.try_get("title")?,
        notes: row.try_get("notes")?,
        done: completed_at.is_some(),
        priority: priority
            .map(|p| Priority::parse(&p).map_err(|_| DbError::Corrupt(format!("priority {p:?}"))))
            .transpose()?,
        due: due
            .map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| DbError::Corrupt(format!("due {d:?}"))))
            .transpose()?,
        tags: serde_json::from_str(&tags)?,
        created_at: from_micros(row.try_get("created_at")?),
        updated_at: from_micros(row.try_get("updated_at")?),
        completed_at: completed_at.map(from_micros),
    })
}

/// Creates a task with the user's next number, in one transaction.
pub async fn insert(db: &Db, user_id: &str, task: &NewTask) -> DbResult<Task> {
    let mut writer = db.write().await?;
    let mut tx = writer.begin().await?;
    let number = users::take_task_number(&mut tx, user_id).await?;
    let now = now_micros();
    let row = sqlx::query(&format!(
        "INSERT INTO tasks (user_id, number, title, notes, priority, due, tags, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
    ))
    .bind(user_id)
    .bind(number)
    .bind(task.title.as_str())
    .bind(&task.notes)
    .bind(task.priority.map(Priority::as_str))
    .bind(task.due.map(|due| due.to_string()))
    .bind(serde_json::to_string(&task.tags)?)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let task = from_row(&row)?;
    tx.commit().await?;
    Ok(task)
}

pub async fn get(db: &Db, user_id: &str, number: i64) -> DbResult<Option<Task>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM tasks WHERE user_id = $1 AND number = $2"))
        .bind(user_id)
        .bind(number)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Writes every field of a task (the service has merged the changes).
pub async fn update(db: &Db, user_id: &str, task: &Task) -> DbResult<Option<Task>> {
    let row = sqlx::query(&format!(
        "UPDATE tasks SET title = $3, notes = $4, priority = $5, due = $6, tags = $7, updated_at = $8, completed_at = $9 \
         WHERE user_id = $1 AND number = $2 RETURNING {COLUMNS}"
    ))
    .bind(user_id)
    .bind(task.number)
    .bind(&task.title)
    .bind(&task.notes)
    .bind(task.priority.map(Priority::as_str))
    .bind(task.due.map(|due| due.to_string()))
    .bind(serde_json::to_string(&task.tags)?)
    .bind(now_micros())
    .bind(task.completed_at.map(super::to_micros))
    // fetch_all, not fetch_optional: SQLite holds the write lock until a RETURNING statement is stepped to its end.
    .fetch_all(&mut *db.write().await?)
    .await?;
    row.first().map(from_row).transpose()
}

/// Marks a task done (keeping the time it was first completed) or open again; `None` when there is no such task.
/// One statement, so a click costs no read before its write.
pub async fn set_done(db: &Db, user_id: &str, number: i64, done: bool) -> DbResult<Option<Task>> {
    let completed = if done { "COALESCE(completed_at, $3)" } else { "NULL" };
    let row = sqlx::query(&format!(
        "UPDATE tasks SET completed_at = {completed}, updated_at = $3 WHERE user_id = $1 AND number = $2 \
         RETURNING {COLUMNS}"
    ))
    .bind(user_id)
    .bind(number)
    .bind(now_micros())
    // fetch_all, not fetch_optional: SQLite holds the write lock until a RETURNING statement is stepped to its end.
    .fetch_all(&mut *db.write().await?)
    .await?;
    row.first().map(from_row).transpose()
}

/// Deletes a task; `false` when there was none.
pub async fn delete(db: &Db, user_id: &str, number: i64) -> DbResult<bool> {
    let result = sqlx::query("DELETE FROM tasks WHERE user_id = $1 AND number = $2")
        .bind(user_id)
        .bind(number)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// `%` and `_` are wildcards in LIKE; escape them (and the escape character) in user text.
fn like_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Up to `limit` tasks matching `filter` with numbers above `after`, by number.
pub async fn list(db: &Db, user_id: &str, filter: &TaskFilter, after: Option<i64>, limit: i64) -> DbResult<Vec<Task>> {
    let (sql, binds) = filtered(&format!("SELECT {COLUMNS} FROM tasks"), filter);
    let after_param = binds.len() + 2;
    let limit_param = binds.len() + 3;
    let sql = format!("{sql} AND number > ${after_param} ORDER BY number LIMIT ${limit_param}");
    let mut query = sqlx::query(&sql).bind(user_id);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.bind(after.unwrap_or(0)).bind(limit).fetch_all(&db.pool).await?;
    rows.iter().map(from_row).collect()
}

/// The first `limit` tasks matching `filter`, and how many match in all: (open, done). One query: the counts are
/// two uncorrelated scalar subqueries, which both databases evaluate once. (Window aggregates, `COUNT(*) OVER ()`,
/// made SQLite copy and sort every matching row before the LIMIT, and a joined counts subquery turned the plan
/// from the (user, number) index to a sort: at 900 tasks, "show my tasks" was 2.6x, then 20x, slower than at 50.)
pub async fn first_page(db: &Db, user_id: &str, filter: &TaskFilter, limit: i64) -> DbResult<(Vec<Task>, (i64, i64))> {
    // The same WHERE clause three times, with the same parameter numbers: the values are bound once.
    let (matching, binds) = filtered("SELECT COUNT(*) FROM tasks", filter);
    let (done, _) = filtered("SELECT COUNT(completed_at) FROM tasks", filter);
    let (sql, _) =
        filtered(&format!("SELECT {COLUMNS}, ({matching}) AS matching, ({done}) AS done FROM tasks"), filter);
    let sql = format!("{sql} ORDER BY number LIMIT ${}", binds.len() + 2);
    let mut query = sqlx::query(&sql).bind(user_id);
    for value in binds {
        query = query.bind(value);
    }
    let rows = query.bind(limit).fetch_all(&db.pool).await?;
    let counts = match rows.first() {
        Some(row) => {
            let (matching, done): (i64, i64) = (row.try_get("matching")?, row.try_get("done")?);
            (matching - done, done)
        }
        None => (0, 0),
    };
    Ok((rows.iter().map(from_row).collect::<DbResult<_>>()?, counts))
}

/// How many tasks match `filter`: (open, done).
pub async fn count(db: &Db, user_id: &str, filter: &TaskFilter) -> DbResult<(i64, i64)> {
    let (sql, binds) = filtered("SELECT COUNT(*), COUNT(completed_at) FROM tasks", filter);
    let mut query = sqlx::query(&sql).bind(user_id);
    for value in binds {
        query = query.bind(value);
    }
    let row = query.fetch_one(&db.pool).await?;
    let (total, done): (i64, i64) = (row.try_get(0)?, row.try_get(1)?);
    Ok((total - done, done))
}

/// `select` with the WHERE clause of `filter` (user id is `$1`), and the values to bind after the user id.
fn filtered(select: &str, filter: &TaskFilter) -> (String, Vec<String>) {
    let mut sql = format!("{select} WHERE user_id = $1");
    let mut binds: Vec<String> = Vec::new();
    let mut next = |sql: &mut String, clause: &str, value: String| {
        binds.push(value);
        sql.push_str(&clause.replace('?', &format!("${}", binds.len() + 1)));
    };
    match filter.status {
        StatusFilter::All => {}
        StatusFilter::Pending => sql.push_str(" AND completed_at IS NULL"),
        StatusFilter::Done => sql.push_str(" AND completed_at IS NOT NULL"),
    }
    if let Some(priority) = filter.priority {
        next(&mut sql, " AND priority = ?", priority.as_str().to_owned());
    }
    if let Some(tag) = &filter.tag {
        next(&mut sql, " AND tags LIKE ? ESCAPE '\\'", like_pattern(&format!("\"{tag}\"")));
    }
    if let Some(text) = &filter.text {
        let pattern = like_pattern(&text.to_lowercase());
        next(&mut sql, " AND (LOWER(title) LIKE ? ESCAPE '\\'", pattern.clone());
        next(&mut sql, " OR LOWER(notes) LIKE ? ESCAPE '\\')", pattern);
    }
    if let Some(before) = filter.due_before {
        next(&mut sql, " AND due <= ?", before.to_string());
    }
    if let Some(after_date) = filter.due_after {
        next(&mut sql, " AND due >= ?", after_date.to_string());
    }
    (sql, binds)
}
