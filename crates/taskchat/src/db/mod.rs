//! The database: one pool over SQLite or PostgreSQL (sqlx's Any driver, so one set of queries serves both),
//! migrations per backend, and one file per table with its queries.

pub mod actions;
pub mod attachments;
pub mod chatkit_store;
pub mod feedback;
pub mod items;
pub mod packing;
pub mod sealing;
pub mod sessions;
pub mod tasks;
pub mod threads;
pub mod users;

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::pool::PoolConnection;
use sqlx::{Any, AnyConnection, AnyPool, Connection};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// Which database the pool talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why the database layer failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database unreachable: {0}")]
    Unavailable(String),
    #[error("a record with the same {0} already exists")]
    Conflict(&'static str),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Query(String),
}

impl From<sqlx::Error> for DbError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => Self::Unavailable(error.to_string()),
            sqlx::Error::Database(db) if is_unavailable(db.as_ref()) => Self::Unavailable(error.to_string()),
            sqlx::Error::Database(db) if db.is_unique_violation() => Self::Conflict("key"),
            _ => Self::Query(error.to_string()),
        }
    }
}

/// A database error that means "not now" rather than "wrong": SQLite busy or locked (its codes are extended
/// result codes: the primary code is the low byte), PostgreSQL's connection exceptions (SQLSTATE class 08),
/// operator intervention such as a shutdown (57: "terminating connection due to administrator command") and
/// insufficient resources (53).
fn is_unavailable(error: &dyn sqlx::error::DatabaseError) -> bool {
    let Some(code) = error.code() else { return false };
    if error.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
        const SQLITE_BUSY: i32 = 5;
        const SQLITE_LOCKED: i32 = 6;
        return code.parse::<i32>().is_ok_and(|code| matches!(code & 0xff, SQLITE_BUSY | SQLITE_LOCKED));
    }
    ["08", "53", "57"].iter().any(|class| code.starts_with(class))
}

impl From<serde_json::Error> for DbError {
    fn from(error: serde_json::Error) -> Self {
        Self::Corrupt(error.to_string())
    }
}

impl From<DbError> for chatkit::StoreError {
    fn from(error: DbError) -> Self {
        match error {
            DbError::Unavailable(message) => Self::Unavailable(message),
            other => Self::Backend(other.to_string()),
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// The pools and what they are connected to.
#[derive(Clone)]
pub struct Db {
    /// Reads; on PostgreSQL, everything.
    pub pool: AnyPool,
    /// Writes (every INSERT, UPDATE, DELETE and write transaction), through [`Db::write`]. On SQLite one
    /// connection: SQLite lets one writer in at a time, and writers that meet at its lock sleep in its busy
    /// handler (1, 2, 5, 10 … ms), while here they queue for the connection and go in the moment it is free. On
    /// PostgreSQL the same pool as `pool`.
    writer: Writer,
    pub backend: Backend,
    /// Seals item and thread JSON at rest when an encryption key is configured.
    pub sealer: Option<std::sync::Arc<sealing::Sealer>>,
}

impl Db {
    /// Connects (creating a SQLite file and its folder if needed) and applies the backend's migrations.
    pub async fn connect(url: &str) -> DbResult<Self> {
        install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(DbError::Unavailable(format!(
                "unsupported DATABASE_URL {url:?}: use sqlite://path/to/file.db or postgres://user@host/db"
            )));
        };
        let url = if backend == Backend::Sqlite {
            create_sqlite_folder(url)?;
            with_create_mode(url)
        } else {
            url.to_owned()
        };
        // SQLite allows one writer at a time: a few connections serve reads and one writes.
        let (readers, writers) = match backend {
            Backend::Sqlite => (4, 1),
            Backend::Postgres => (16, 0),
        };
        let pool = pool_options(backend, readers).connect(&url).await?;
        let writer = if writers == 0 {
            Writer::Pool(pool.clone())
        } else {
            let writers = pool_options(backend, writers).connect(&url).await?;
            Writer::Held(std::sync::Arc::new(HeldWriter { pool: writers, held: tokio::sync::Mutex::new(None) }))
        };
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        let mut migrating = writer.acquire().await?;
        migrator.run(&mut *migrating).await.map_err(|error| DbError::Query(format!("migrations failed: {error}")))?;
        drop(migrating);
        let db = Self { pool, writer, backend, sealer: None };
        if backend == Backend::Sqlite {
            db.checkpoint_in_background();
        }
        Ok(db)
    }

    /// The connection for a write: SQLite's one writer (waiting for it in turn), or one from PostgreSQL's pool.
    /// Hold it for a statement or a transaction, no longer: other writers wait for it.
    pub async fn write(&self) -> DbResult<WriteConn<'_>> {
        self.writer.acquire().await
    }

    /// Copies SQLite's write-ahead log into the database every 250 ms on a task of its own, so that no request
    /// pays for a checkpoint. PASSIVE: it never waits for, or blocks, readers and writers. The same tick checks
    /// the held writer connection, and lets it go if it has failed, so that the next write opens a new one.
    fn checkpoint_in_background(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
        let (pool, writer) = (self.pool.clone(), self.writer.clone());
        runtime.spawn(async move {
            let mut ticks = tokio::time::interval(Duration::from_millis(250));
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if pool.is_closed() {
                    return;
                }
                if let Err(error) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").fetch_all(&pool).await {
                    tracing::debug!(%error, "background checkpoint skipped");
                }
                if let Writer::Held(held) = &writer {
                    held.check().await;
                }
            }
        });
    }

    /// Seals what people wrote with `sealer` from now on (see [`sealing`]).
    pub fn with_sealer(mut self, sealer: Option<sealing::Sealer>) -> Self {
        self.sealer = sealer.map(std::sync::Arc::new);
        self
    }

    /// The most connections the pool opens.
    pub fn max_connections(&self) -> usize {
        self.pool.options().get_max_connections() as usize
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }
}

/// Where writes go.
#[derive(Clone)]
enum Writer {
    /// PostgreSQL: any connection of the pool.
    Pool(AnyPool),
    /// SQLite: one connection, taken from its pool of one once and kept. Through the pool, every statement paid
    /// two extra round trips to the connection's worker thread (sqlx pings a connection when it is lent and when
    /// it comes back); held, a write is one round trip, and writes queue on the lock instead.
    Held(std::sync::Arc<HeldWriter>),
}

struct HeldWriter {
    pool: AnyPool,
    held: tokio::sync::Mutex<Option<PoolConnection<Any>>>,
}

impl HeldWriter {
    /// Lets a failed connection go (back to its pool, which closes it), so that the next write opens another.
    async fn check(&self) {
        let mut held = self.held.lock().await;
        if let Some(connection) = held.as_mut()
            && let Err(error) = connection.ping().await
        {
            tracing::warn!(%error, "the SQLite writer connection failed; opening another");
            *held = None;
        }
    }
}

impl Writer {
    async fn acquire(&self) -> DbResult<WriteConn<'_>> {
        match self {
            Self::Pool(pool) => Ok(WriteConn::Pooled(pool.acquire().await?)),
            Self::Held(writer) => {
                let mut held = writer.held.lock().await;
                if held.is_none() {
                    *held = Some(writer.pool.acquire().await?);
                }
                let connection = tokio::sync::MutexGuard::try_map(held, Option::as_mut)
                    .map_err(|_| DbError::Unavailable("no writer connection".into()))?;
                Ok(WriteConn::Held(connection))
            }
        }
    }
}

/// A connection to write with (see [`Db::write`]): use `&mut *conn` as the executor, or `conn.begin()`.
pub enum WriteConn<'a> {
    Pooled(PoolConnection<Any>),
    Held(tokio::sync::MappedMutexGuard<'a, PoolConnection<Any>>),
}

impl std::ops::Deref for WriteConn<'_> {
    type Target = AnyConnection;

    fn deref(&self) -> &AnyConnection {
        match self {
            Self::Pooled(connection) => connection,
            Self::Held(connection) => connection,
        }
    }
}

impl std::ops::DerefMut for WriteConn<'_> {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        match self {
            Self::Pooled(connection) => connection,
            Self::Held(connection) => connection,
        }
    }
}

/// Pool settings for `backend`: on SQLite, every connection in WAL mode with the pragmas below.
fn pool_options(backend: Backend, max_connections: u32) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        // sqlx pings a connection before lending it (and again when it comes back): on SQLite each ping is a
        // round trip to the connection's worker thread, two context switches, and an embedded database cannot
        // have gone away in between. A PostgreSQL connection can (a server restart), so it keeps the check.
        .test_before_acquire(backend == Backend::Postgres)
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers proceed during a write; foreign keys make deletes cascade.
                    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA foreign_keys = ON").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA busy_timeout = 5000").execute(&mut *conn).await?;
                    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
                    // Checkpoints (the only fsyncs in WAL mode with synchronous=NORMAL) run in the background
                    // (`checkpoint_in_background`), not in whichever request happens to cross the threshold;
                    // a large automatic threshold stays as the safety net.
                    sqlx::query("PRAGMA wal_autocheckpoint = 16000").execute(&mut *conn).await?;
                    // 1 MiB of page cache per connection instead of 2: what is read back (tasks, threads, the
                    // last items) is small; the large widget rows are written, not re-read.
                    sqlx::query("PRAGMA cache_size = -1024").execute(&mut *conn).await?;
                }
                Ok(())
            })
        })
}

fn create_sqlite_folder(url: &str) -> DbResult<()> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    if let Some(parent) = std::path::Path::new(path).parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|error| DbError::Unavailable(format!("cannot create {}: {error}", parent.display())))?;
    }
    Ok(())
}

/// A SQLite URL that creates the file when missing (`mode=rwc`) unless it names a mode itself.
fn with_create_mode(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Times are stored as Unix microseconds.
pub fn to_micros(at: DateTime<Utc>) -> i64 {
    at.timestamp_micros()
}

pub fn from_micros(micros: i64) -> DateTime<Utc> {
    Utc.timestamp_micros(micros).single().unwrap_or_default()
}

/// Now, as stored.
pub fn now_micros() -> i64 {
    to_micros(chatkit::types::time::now())
}

#[cfg(test)]
mod tests {
    use sqlx::{AnyConnection, Connection};

    use super::*;

    #[tokio::test]
    async fn a_busy_sqlite_database_is_unavailable_not_a_query_error() {
        install_default_drivers();
        let path = std::env::temp_dir().join(format!("taskchat-busy-{}.db", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}?mode=rwc", path.display());
        let mut holder = AnyConnection::connect(&url).await.expect("connects");
        sqlx::raw_sql(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)",
        )
        .execute(&mut holder)
        .await
        .expect("holds the write lock");
        let mut writer = AnyConnection::connect(&url).await.expect("connects");
        sqlx::raw_sql("PRAGMA busy_timeout = 0").execute(&mut writer).await.expect("no waiting");
        let busy =
            sqlx::query("INSERT INTO t VALUES (2)").execute(&mut writer).await.expect_err("the database is busy");
        assert!(matches!(DbError::from(busy), DbError::Unavailable(_)), "busy is a 503, not a 500");
        drop((holder, writer));
        let _ = std::fs::remove_file(&path);
    }
}
