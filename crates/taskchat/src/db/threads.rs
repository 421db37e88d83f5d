//! `threads`: ChatKit threads per user; the row keeps the thread's metadata as JSON.

use chatkit::types::{Order, ThreadMetadata};
use sqlx::Row;

use super::{Db, DbResult, to_micros};

/// Inserts or updates a thread of `user_id`; `false` if the id belongs to another user.
pub async fn save(db: &Db, user_id: &str, thread: &ThreadMetadata) -> DbResult<bool> {
    let result = sqlx::query(
        "INSERT INTO threads (id, user_id, created_at, data) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (id) DO UPDATE SET data = excluded.data WHERE threads.user_id = excluded.user_id",
    )
    .bind(&thread.id)
    .bind(user_id)
    .bind(to_micros(thread.created_at))
    .bind(db.seal(&serde_json::to_string(thread)?, user_id)?)
    .execute(&mut *db.write().await?)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn load(db: &Db, user_id: &str, thread_id: &str) -> DbResult<Option<ThreadMetadata>> {
    let row = sqlx::query("SELECT data FROM threads WHERE id = $1 AND user_id = $2")
        .bind(thread_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| db.open_json(&row.try_get::<String, _>(0)?, user_id)).transpose()
}

/// Whether the thread exists and is the user's.
pub async fn owned(db: &Db, user_id: &str, thread_id: &str) -> DbResult<bool> {
    let row = sqlx::query("SELECT 1 FROM threads WHERE id = $1 AND user_id = $2")
        .bind(thread_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}

/// Up to `limit` threads by creation time after the thread `after` (`None` when that cursor is not the user's).
pub async fn list(
    db: &Db,
    user_id: &str,
    after: Option<&str>,
    limit: i64,
    order: Order,
) -> DbResult<Option<Vec<ThreadMetadata>>> {
    let (cmp, dir) = match order {
        Order::Asc => (">", "ASC"),
        Order::Desc => ("<", "DESC"),
    };
    let rows = match after {
        None => {
            sqlx::query(&format!(
                "SELECT data FROM threads WHERE user_id = $1 ORDER BY created_at {dir}, id {dir} LIMIT $2"
            ))
            .bind(user_id)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?
        }
        Some(cursor) => {
            let Some(at) = sqlx::query("SELECT created_at FROM threads WHERE id = $1 AND user_id = $2")
                .bind(cursor)
                .bind(user_id)
                .fetch_optional(&db.pool)
                .await?
            else {
                return Ok(None);
            };
            let created_at: i64 = at.try_get(0)?;
            sqlx::query(&format!(
                "SELECT data FROM threads WHERE user_id = $1 \
                 AND (created_at {cmp} $2 OR (created_at = $2 AND id {cmp} $3)) \
                 ORDER BY created_at {dir}, id {dir} LIMIT $4"
            ))
            .bind(user_id)
            .bind(created_at)
            .bind(cursor)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?
        }
    };
    let threads =
        rows.iter().map(|row| db.open_json(&row.try_get::<String, _>(0)?, user_id)).collect::<DbResult<_>>()?;
    Ok(Some(threads))
}

/// Deletes a thread; its items, actions and feedback go with it (foreign keys cascade).
pub async fn delete(db: &Db, user_id: &str, thread_id: &str) -> DbResult<bool> {
    let result = sqlx::query("DELETE FROM threads WHERE id = $1 AND user_id = $2")
        .bind(thread_id)
        .bind(user_id)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(result.rows_affected() > 0)
}

/// Deletes up to `batch` threads with no activity since `cutoff_micros` (not created, no item added, no widget
/// action applied since then), with their items, actions and feedback. Returns how many went.
pub async fn delete_idle_batch(db: &Db, cutoff_micros: i64, batch: i64) -> DbResult<u64> {
    let result = sqlx::query(
        "DELETE FROM threads WHERE id IN (\
             SELECT t.id FROM threads t \
             WHERE t.created_at < $1 \
               AND NOT EXISTS (SELECT 1 FROM thread_items i WHERE i.thread_id = t.id AND i.created_at >= $1) \
               AND NOT EXISTS (SELECT 1 FROM actions a WHERE a.thread_id = t.id AND a.processed_at >= $1) \
             LIMIT $2)",
    )
    .bind(cutoff_micros)
    .bind(batch)
    .execute(&mut *db.write().await?)
    .await?;
    Ok(result.rows_affected())
}
