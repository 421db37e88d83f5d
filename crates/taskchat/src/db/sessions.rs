//! `sessions`: sign-in sessions, stored by the hash of their token.

use sqlx::Row;

use super::users::UserRow;
use super::{Db, DbResult, from_micros, now_micros};

/// An active session with its user.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: UserRow,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

pub async fn insert(db: &Db, token_hash: &str, user_id: &str, expires_at_micros: i64) -> DbResult<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash)
        .bind(user_id)
        .bind(now_micros())
        .bind(expires_at_micros)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(())
}

/// The session with this token hash if it exists, is not revoked and has not expired.
pub async fn find_active(db: &Db, token_hash: &str) -> DbResult<Option<SessionRow>> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.password_hash, u.created_at AS user_created_at, \
                s.created_at, s.expires_at \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2",
    )
    .bind(token_hash)
    .bind(now_micros())
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(SessionRow {
        user: UserRow {
            id: row.try_get("id")?,
            email: row.try_get("email")?,
            name: row.try_get("name")?,
            password_hash: row.try_get("password_hash")?,
            created_at: from_micros(row.try_get("user_created_at")?),
        },
        created_at: from_micros(row.try_get("created_at")?),
        expires_at: from_micros(row.try_get("expires_at")?),
    }))
}

/// Revokes a session; revoking twice is harmless.
pub async fn revoke(db: &Db, token_hash: &str) -> DbResult<()> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
        .bind(now_micros())
        .bind(token_hash)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(())
}

/// Deletes up to `batch` sessions that expired or were revoked before `now_micros`. Returns how many went.
pub async fn purge_ended_batch(db: &Db, now_micros: i64, batch: i64) -> DbResult<u64> {
    let result = sqlx::query(
        "DELETE FROM sessions WHERE token_hash IN (\
             SELECT token_hash FROM sessions WHERE expires_at <= $1 OR revoked_at IS NOT NULL LIMIT $2)",
    )
    .bind(now_micros)
    .bind(batch)
    .execute(&mut *db.write().await?)
    .await?;
    Ok(result.rows_affected())
}
