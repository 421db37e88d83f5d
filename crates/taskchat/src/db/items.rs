//! `thread_items`: one row per ChatKit item, ordered by `seq`. Callers check the thread's owner first.

use chatkit::types::{Order, ThreadItem};
use sqlx::Row;

use super::{Db, DbResult, to_micros};

/// Every statement below names the thread's owner, so the ownership check costs no query of its own: a thread
/// that is not the user's reads as empty and takes no writes (the caller then tells "no thread" from "no item").
/// This is that condition, for the thread id in placeholder `thread` and the user id in placeholder `user`.
fn thread_owned(thread: &str, user: &str) -> String {
    format!("EXISTS (SELECT 1 FROM threads WHERE threads.id = {thread} AND threads.user_id = {user})")
}

/// `INSERT` of one item ($1 id, $2 thread, $3 type, $4 time, $5 data), only into a thread of user $6.
fn insert_owned() -> String {
    format!(
        "INSERT INTO thread_items (id, thread_id, item_type, created_at, data) \
         SELECT $1, $2, $3, $4, $5 WHERE {}",
        thread_owned("$2", "$6")
    )
}

/// Runs `sql` (an INSERT of one item, possibly with an ON CONFLICT clause) for `item`, stored as `json` (its
/// encoding); the rows it touched.
async fn write(db: &Db, sql: &str, user_id: &str, thread_id: &str, item: &ThreadItem, json: &str) -> DbResult<u64> {
    let result = sqlx::query(sql)
        .bind(item.id())
        .bind(thread_id)
        .bind(item.kind())
        .bind(to_micros(item.created_at()))
        .bind(db.seal(json, thread_id)?)
        .bind(user_id)
        .execute(&mut *db.write().await?)
        .await?;
    Ok(result.rows_affected())
}

/// Appends a new item whose encoding is `json`; `false` if the thread is not the user's.
pub async fn add(db: &Db, user_id: &str, thread_id: &str, item: &ThreadItem, json: &str) -> DbResult<bool> {
    Ok(write(db, &insert_owned(), user_id, thread_id, item, json).await? > 0)
}

/// Inserts or replaces an item in place (it keeps its position), stored as `json`; `false` if the thread is not
/// the user's or the id is another thread's.
pub async fn save(db: &Db, user_id: &str, thread_id: &str, item: &ThreadItem, json: &str) -> DbResult<bool> {
    let upsert = format!(
        "{} ON CONFLICT (id) DO UPDATE SET item_type = excluded.item_type, data = excluded.data \
         WHERE thread_items.thread_id = excluded.thread_id",
        insert_owned()
    );
    Ok(write(db, &upsert, user_id, thread_id, item, json).await? > 0)
}

/// The item, if it is in the thread and the thread is the user's.
pub async fn load(db: &Db, user_id: &str, thread_id: &str, item_id: &str) -> DbResult<Option<ThreadItem>> {
    let row = sqlx::query(
        "SELECT i.data FROM thread_items i JOIN threads t ON t.id = i.thread_id \
         WHERE i.id = $1 AND i.thread_id = $2 AND t.user_id = $3",
    )
    .bind(item_id)
    .bind(thread_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|row| db.open_json(&row.try_get::<String, _>(0)?, thread_id)).transpose()
}

/// Up to `limit` items of the user's thread after the item `after`, by `seq`. `None` when that cursor is not in
/// the thread; an empty list when the thread is not the user's (the caller checks which, only then).
pub async fn list(
    db: &Db,
    user_id: &str,
    thread_id: &str,
    after: Option<&str>,
    limit: i64,
    order: Order,
) -> DbResult<Option<Vec<ThreadItem>>> {
    let (cmp, dir) = match order {
        Order::Asc => (">", "ASC"),
        Order::Desc => ("<", "DESC"),
    };
    let owned = thread_owned("$1", "$2");
    let rows = match after {
        None => {
            sqlx::query(&format!(
                "SELECT data FROM thread_items WHERE thread_id = $1 AND {owned} ORDER BY seq {dir} LIMIT $3"
            ))
            .bind(thread_id)
            .bind(user_id)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?
        }
        Some(cursor) => {
            let Some(at) =
                sqlx::query(&format!("SELECT seq FROM thread_items WHERE thread_id = $1 AND {owned} AND id = $3"))
                    .bind(thread_id)
                    .bind(user_id)
                    .bind(cursor)
                    .fetch_optional(&db.pool)
                    .await?
            else {
                return Ok(None);
            };
            let seq: i64 = at.try_get(0)?;
            sqlx::query(&format!(
                "SELECT data FROM thread_items WHERE thread_id = $1 AND seq {cmp} $2 ORDER BY seq {dir} LIMIT $3"
            ))
            .bind(thread_id)
            .bind(seq)
            .bind(limit)
            .fetch_all(&db.pool)
            .await?
        }
    };
    let items =
        rows.iter().map(|row| db.open_json(&row.try_get::<String, _>(0)?, thread_id)).collect::<DbResult<_>>()?;
    Ok(Some(items))
}

/// Deletes an item of the user's thread; `false` when nothing was deleted (no such item, or not the user's).
pub async fn delete(db: &Db, user_id: &str, thread_id: &str, item_id: &str) -> DbResult<bool> {
    let result = sqlx::query(&format!(
        "DELETE FROM thread_items WHERE id = $1 AND thread_id = $2 AND {}",
        thread_owned("$2", "$3")
    ))
    .bind(item_id)
    .bind(thread_id)
    .bind(user_id)
    .execute(&mut *db.write().await?)
    .await?;
    Ok(result.rows_affected() > 0)
}

/// The newest item of `item_type` among the thread's last `window` items, without reading the others.
pub async fn latest_of_type(db: &Db, thread_id: &str, item_type: &str, window: i64) -> DbResult<Option<ThreadItem>> {
    let row = sqlx::query(
        "SELECT data FROM thread_items WHERE thread_id = $1 AND item_type = $2 AND seq >= \
         (SELECT COALESCE(MIN(seq), 0) FROM (SELECT seq FROM thread_items WHERE thread_id = $1 \
                                              ORDER BY seq DESC LIMIT $3) AS recent) \
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(thread_id)
    .bind(item_type)
    .bind(window)
    // fetch_all, not fetch_optional: on SQLite a statement left half-read keeps its read transaction open.
    .fetch_all(&db.pool)
    .await?;
    row.first().map(|row| db.open_json(&row.try_get::<String, _>(0)?, thread_id)).transpose()
}
