//! `users`: accounts, and the per-user task number counter.

use sqlx::{AnyConnection, Row};

use super::{Db, DbError, DbResult, from_micros, now_micros};

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

const COLUMNS: &str = "id, email, name, password_hash, created_at";

fn from_row(row: &sqlx::any::AnyRow) -> DbResult<UserRow> {
    Ok(UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        created_at: from_micros(row.try_get("created_at")?),
    })
}

fn new_user_id() -> String {
    format!("usr_{}", uuid::Uuid::new_v4().simple())
}

/// Creates an account; an email already registered is a `Conflict`.
pub async fn insert(db: &Db, email: &str, name: &str, password_hash: Option<&str>) -> DbResult<UserRow> {
    insert_row(db, email, name, password_hash, None).await
}

/// Creates the local user of an external identity (`subject` = issuer and `sub`).
pub async fn insert_external(db: &Db, subject: &str, email: &str, name: &str) -> DbResult<UserRow> {
    insert_row(db, email, name, None, Some(subject)).await
}

async fn insert_row(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: Option<&str>,
    external_subject: Option<&str>,
) -> DbResult<UserRow> {
    let row = sqlx::query(&format!(
        "INSERT INTO users (id, email, name, password_hash, external_subject, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    ))
    .bind(new_user_id())
    .bind(email)
    .bind(name)
    .bind(password_hash)
    .bind(external_subject)
    .bind(now_micros())
    // fetch_all, not fetch_one: SQLite holds the write lock until a RETURNING statement is stepped to its end.
    .fetch_all(&mut *db.write().await?)
    .await
    .map_err(|error| match DbError::from(error) {
        DbError::Conflict(_) => DbError::Conflict("email"),
        other => other,
    })?;
    row.first().map(from_row).ok_or_else(|| DbError::Query("INSERT … RETURNING returned no row".into()))?
}

pub async fn by_email(db: &Db, email: &str) -> DbResult<Option<UserRow>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE email = $1"))
        .bind(email)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

pub async fn by_external_subject(db: &Db, subject: &str) -> DbResult<Option<UserRow>> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE external_subject = $1"))
        .bind(subject)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The next task number of a user, taken inside the caller's transaction so that numbers are never reused.
pub async fn take_task_number(conn: &mut AnyConnection, user_id: &str) -> DbResult<i64> {
    let row = sqlx::query(
        "UPDATE users SET next_task_number = next_task_number + 1 WHERE id = $1 RETURNING next_task_number",
    )
    .bind(user_id)
    .fetch_one(conn)
    .await?;
    Ok(row.try_get::<i64, _>(0)? - 1)
}
