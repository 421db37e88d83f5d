//! `actions`: what each widget click did, so that one click is applied once even when the button is stale
//! or clicked twice.

use sqlx::Row;

use super::{Db, DbError, DbResult, now_micros};

/// Claims a click: `Some(id)` the first time this (item, action, payload) is seen, `None` after that.
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
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (item_id, action_type, payload) DO NOTHING RETURNING id",
    )
    .bind(user_id)
    .bind(thread_id)
    .bind(item_id)
    .bind(action_type)
    .bind(payload)
    .bind(now_micros())
    // fetch_all, not fetch_optional: SQLite holds the write lock until a RETURNING statement is stepped to its end.
    .fetch_all(&db.pool)
    .await?;
    inserted.first().map(|row| row.try_get::<i64, _>(0).map_err(DbError::from)).transpose()
}

/// Records what a claimed click did.
pub async fn record(db: &Db, id: i64, result: &str) -> DbResult<()> {
    sqlx::query("UPDATE actions SET result = $1 WHERE id = $2").bind(result).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Gives a claim back when applying the click failed, so that the user can click again.
pub async fn release(db: &Db, id: i64) -> DbResult<()> {
    sqlx::query("DELETE FROM actions WHERE id = $1").bind(id).execute(&db.pool).await?;
    Ok(())
}
