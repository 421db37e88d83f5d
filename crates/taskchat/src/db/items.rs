//! `thread_items`: one row per ChatKit item, ordered by `seq`. Callers check the thread's owner first.

use chatkit::types::{Order, ThreadItem};
use sqlx::Row;

use super::{Db, DbResult, to_micros};

const INSERT: &str =
    "INSERT INTO thread_items (id, thread_id, item_type, created_at, data) VALUES ($1, $2, $3, $4, $5)";

/// Runs `sql` (an INSERT of one item, possibly with an ON CONFLICT clause) for `item`; the rows it touched.
async fn write(db: &Db, sql: &str, thread_id: &str, item: &ThreadItem) -> DbResult<u64> {
    let result = sqlx::query(sql)
        .bind(item.id())
        .bind(thread_id)
        .bind(item.kind())
        .bind(to_micros(item.created_at()))
        .bind(db.seal(serde_json::to_string(item)?, thread_id)?)
        .execute(&db.pool)
        .await?;
    Ok(result.rows_affected())
}

/// Appends a new item.
pub async fn add(db: &Db, thread_id: &str, item: &ThreadItem) -> DbResult<()> {
    write(db, INSERT, thread_id, item).await.map(drop)
}

/// Inserts or replaces an item in place (it keeps its position); `false` if the id is another thread's.
pub async fn save(db: &Db, thread_id: &str, item: &ThreadItem) -> DbResult<bool> {
    let upsert = format!(
        "{INSERT} ON CONFLICT (id) DO UPDATE SET item_type = excluded.item_type, data = excluded.data \
         WHERE thread_items.thread_id = excluded.thread_id"
    );
    Ok(write(db, &upsert, thread_id, item).await? > 0)
}

pub async fn load(db: &Db, thread_id: &str, item_id: &str) -> DbResult<Option<ThreadItem>> {
    let row = sqlx::query("SELECT data FROM thread_items WHERE id = $1 AND thread_id = $2")
        .bind(item_id)
        .bind(thread_id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| db.open_json(&row.try_get::<String, _>(0)?, thread_id)).transpose()
}

/// Up to `limit` items after the item `after` (`None` when that cursor is not in the thread), by `seq`.
pub async fn list(
    db: &Db,
    thread_id: &str,
    after: Option<&str>,
    limit: i64,
    order: Order,
) -> DbResult<Option<Vec<ThreadItem>>> {
    let (cmp, dir) = match order {
        Order::Asc => (">", "ASC"),
        Order::Desc => ("<", "DESC"),
    };
    let rows = match after {
        None => {
            sqlx::query(&format!("SELECT data FROM thread_items WHERE thread_id = $1 ORDER BY seq {dir} LIMIT $2"))
                .bind(thread_id)
                .bind(limit)
                .fetch_all(&db.pool)
                .await?
        }
        Some(cursor) => {
            let Some(at) = sqlx::query("SELECT seq FROM thread_items WHERE id = $1 AND thread_id = $2")
                .bind(cursor)
                .bind(thread_id)
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

pub async fn delete(db: &Db, thread_id: &str, item_id: &str) -> DbResult<()> {
    sqlx::query("DELETE FROM thread_items WHERE id = $1 AND thread_id = $2")
        .bind(item_id)
        .bind(thread_id)
        .execute(&db.pool)
        .await?;
    Ok(())
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
