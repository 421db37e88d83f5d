//! `attachments`: attachment metadata per user (the bytes live elsewhere).

use chatkit::types::Attachment;
use sqlx::Row;

use super::{Db, DbResult, now_micros};

/// Inserts or updates; `false` if the id belongs to another user.
pub async fn save(db: &Db, user_id: &str, attachment: &Attachment) -> DbResult<bool> {
    let result = sqlx::query(
        "INSERT INTO attachments (id, user_id, thread_id, created_at, data) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (id) DO UPDATE SET thread_id = excluded.thread_id, data = excluded.data \
         WHERE attachments.user_id = excluded.user_id",
    )
    .bind(attachment.id())
    .bind(user_id)
    .bind(attachment.base().thread_id.as_deref())
    .bind(now_micros())
    .bind(serde_json::to_string(attachment)?)
    .execute(&mut *db.write().await?)
    .await?;
    Ok(result.rows_affected() > 0)
}

pub async fn load(db: &Db, user_id: &str, attachment_id: &str) -> DbResult<Option<Attachment>> {
    let row = sqlx::query("SELECT data FROM attachments WHERE id = $1 AND user_id = $2")
        .bind(attachment_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| Ok(serde_json::from_str(&row.try_get::<String, _>(0)?)?)).transpose()
}

pub async fn delete(db: &Db, user_id: &str, attachment_id: &str) -> DbResult<bool> {
    let result = sqlx::query("DELETE FROM attachments WHERE id = $1 AND user_id = $2")
        .bind(attachment_id)
        .bind(user_id)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(result.rows_affected() > 0)
}
