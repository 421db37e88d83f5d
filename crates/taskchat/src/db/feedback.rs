//! `feedback`: thumbs up / down per item and user; the latest vote wins.

use chatkit::types::FeedbackKind;
use sqlx::Connection;

use super::{Db, DbResult, now_micros};

pub async fn record(db: &Db, user_id: &str, thread_id: &str, item_ids: &[String], kind: FeedbackKind) -> DbResult<()> {
    let mut writer = db.write().await?;
    let mut tx = writer.begin().await?;
    for item_id in item_ids {
        sqlx::query(
            "INSERT INTO feedback (item_id, user_id, thread_id, kind, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (item_id, user_id) DO UPDATE SET kind = excluded.kind, created_at = excluded.created_at",
        )
        .bind(item_id)
        .bind(user_id)
        .bind(thread_id)
        .bind(kind.as_str())
        .bind(now_micros())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
