//! `actions`: what each widget click did, so that one click is applied once even when the button is stale
//! or clicked twice.

use sqlx::Row;

use super::{Db, DbError, DbResult, now_micros};

/// How long a claim may stay unrecorded before it counts as abandoned: its instance crashed mid-action.
pub const ABANDONED_AFTER_MICROS: i64 = 60 * 1_000_000;

/// Claims a click: `Some(id)` the first time this (item, action, payload) is seen, `None` after that, unless
/// the earlier claim was abandoned (never recorded, older than [`ABANDONED_AFTER_MICROS`]): the process died
/// while applying it, so it is claimed again. Every action sets a state (done, not done, deleted), so applying
/// it again after a crash that may or may not have applied it leaves it applied exactly once.
pub async fn claim(
    db: &Db,
    user_id: &str,
    thread_id: &str,
    item_id: &str,
    action_type: &str,
    payload: &str,
) -> DbResult<Option<i64>> {
    let inserted = sqlx::query(
        "INSERT INTO actions (user_id, thread_id, item_id, action_type, payload, processed_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (item_id, action_type, payload) DO UPDATE \
         SET processed_at = excluded.processed_at \
         WHERE actions.result IS NULL AND actions.processed_at < excluded.processed_at - $7 RETURNING id",
    )
    .bind(user_id)
    .bind(thread_id)
    .bind(item_id)
    .bind(action_type)
    .bind(payload)
    .bind(now_micros())
    .bind(ABANDONED_AFTER_MICROS)
    // fetch_all, not fetch_optional: SQLite holds the write lock until a RETURNING statement is stepped to its end.
    .fetch_all(&mut *db.write().await?)
    .await?;
    inserted.first().map(|row| row.try_get::<i64, _>(0).map_err(DbError::from)).transpose()
}

/// Records what a claimed click did.
pub async fn record(db: &Db, id: i64, result: &str) -> DbResult<()> {
    sqlx::query("UPDATE actions SET result = $1 WHERE id = $2")
        .bind(result)
        .bind(id)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(())
}

/// Gives a claim back when applying the click failed, so that the user can click again.
pub async fn release(db: &Db, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM actions WHERE id = $1").bind(id).execute(&mut *db.write().await?).await?;
    Ok(())
}
