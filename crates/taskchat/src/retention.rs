//! Retention: with `--retention-days N`, a background job deletes threads idle for more than N days (their
//! items, actions and feedback go with them) and purges ended sign-in sessions, in small batches so that it
//! never holds a long lock; it runs at start and then every `--retention-interval-minutes`.

use std::time::Duration;

use crate::db::{self, Db, DbResult};

/// Rows deleted per statement: small enough that the app's own writes are never kept waiting long.
const BATCH: i64 = 500;

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub threads: u64,
    pub sessions: u64,
}

/// One pass: every idle thread and every ended session, batch after batch.
pub async fn sweep(db: &Db, retention_days: u32) -> DbResult<Swept> {
    let now = db::now_micros();
    let cutoff = now - i64::from(retention_days) * 24 * 3600 * 1_000_000;
    let mut swept = Swept::default();
    loop {
        let deleted = db::threads::delete_idle_batch(db, cutoff, BATCH).await?;
        swept.threads += deleted;
        if deleted < BATCH as u64 {
            break;
        }
        tokio::task::yield_now().await;
    }
    loop {
        let deleted = db::sessions::purge_ended_batch(db, now, BATCH).await?;
        swept.sessions += deleted;
        if deleted < BATCH as u64 {
            break;
        }
        tokio::task::yield_now().await;
    }
    Ok(swept)
}

/// Runs [`sweep`] now and then every `interval`, for as long as the process lives. A failed pass (the database
/// away) is logged and tried again at the next tick.
pub fn spawn(db: Db, retention_days: u32, interval: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(interval.max(Duration::from_secs(1)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match sweep(&db, retention_days).await {
                Ok(swept) => tracing::info!(
                    threads = swept.threads,
                    sessions = swept.sessions,
                    retention_days,
                    "retention: deleted idle threads and ended sessions"
                ),
                Err(error) => tracing::warn!(%error, "retention: this pass failed; trying again next time"),
            }
        }
    })
}
