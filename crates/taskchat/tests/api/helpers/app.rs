//! Starting the server on a fresh database (and removing it afterwards), requests without credentials, signing
//! up and in, and direct access to the database for checking rows.

use std::path::PathBuf;
use std::sync::Once;
use std::time::Duration;

use reqwest::header::CONTENT_TYPE;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};
use sqlx::any::AnyPoolOptions;
use sqlx::{AnyPool, Connection, Row};
use taskchat::config::Config;
use taskchat::startup::Application;
use uuid::Uuid;

use super::{SESSION_COOKIE, TestUser, json_body, session_cookie, unique_email};

/// The PostgreSQL server the postgres variants use, e.g. `postgres://postgres@127.0.0.1:5432/test`.
pub const POSTGRES_URL_VAR: &str = "TASKCHAT_TEST_POSTGRES_URL";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running server over its own database, and a client for it.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    pub backend: Backend,
    pub database_url: String,
    /// A client without a cookie store: requests carry exactly the credentials a helper gives them.
    pub client: reqwest::Client,
    pool: tokio::sync::OnceCell<AnyPool>,
    // Declared last: dropped after the pool, removing the file or dropping the database.
    _database: TestDatabase,
}

/// One row of `tasks`, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub number: i64,
    pub title: String,
    pub notes: String,
    pub priority: Option<String>,
    pub due: Option<String>,
    pub tags: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub completed_at: Option<i64>,
}

/// A SQLite test on its own file.
pub async fn spawn_app() -> TestApp {
    spawn_app_on(Backend::Sqlite).await.expect("SQLite is always available")
}

/// A test app on `backend`; `None` (with a loud line on stderr) when PostgreSQL is asked for but not configured.
pub async fn spawn_app_on(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// As [`spawn_app_on`], with the configuration changed by `tweak` before the server is built.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
    spawn_app_served(backend, tweak, |application| async move {
        let _ = application.run_until_stopped().await;
    })
    .await
}

/// A SQLite (or PostgreSQL) app whose serving the test controls: `serve` gets the built application (e.g. to
/// call `run_until` with its own shutdown signal).
pub async fn spawn_app_served_by<F>(
    backend: Backend,
    tweak: impl FnOnce(&mut Config),
    serve: impl FnOnce(Application) -> F,
) -> TestApp
where
    F: Future<Output = ()> + Send + 'static,
{
    spawn_app_served(backend, tweak, serve).await.expect("the backend is available")
}

async fn spawn_app_served<F>(
    backend: Backend,
    tweak: impl FnOnce(&mut Config),
    serve: impl FnOnce(Application) -> F,
) -> Option<TestApp>
where
    F: Future<Output = ()> + Send + 'static,
{
    init_tracing();
    let (database_url, database) = match backend {
        Backend::Sqlite => {
            let folder = std::env::temp_dir().join("taskchat-tests");
            std::fs::create_dir_all(&folder).expect("a folder for test databases");
            let path = folder.join(format!("{}.db", Uuid::new_v4()));
            (format!("sqlite://{}?mode=rwc", path.display()), TestDatabase::SqliteFile(path))
        }
        Backend::Postgres => {
            let Ok(server_url) = std::env::var(POSTGRES_URL_VAR) else {
                eprintln!("SKIPPED on PostgreSQL: {POSTGRES_URL_VAR} is not set");
                return None;
            };
            let name = format!("taskchat_test_{}", Uuid::new_v4().simple());
            let mut admin =
                sqlx::PgConnection::connect(&server_url).await.expect("connects to TASKCHAT_TEST_POSTGRES_URL");
            sqlx::query(&format!(r#"CREATE DATABASE "{name}""#))
                .execute(&mut admin)
                .await
                .expect("creates a database for this test");
            admin.close().await.expect("closes the admin connection");
            let mut url = reqwest::Url::parse(&server_url).expect("TASKCHAT_TEST_POSTGRES_URL is a URL");
            url.set_path(&format!("/{name}"));
            (url.to_string(), TestDatabase::Postgres { server_url, name })
        }
    };

    let mut config = Config::for_tests(database_url.clone());
    config.addr = "127.0.0.1:0".parse().expect("a socket address");
    config.secure_cookies = false;
    tweak(&mut config);
    // A tweak may point the app at another database (a private PostgreSQL cluster): rows are checked there.
    let backend = if config.database_url.starts_with("postgres") { Backend::Postgres } else { backend };
    let database_url = config.database_url.clone();
    let application = Application::build(config).await.expect("the application builds and migrates its database");
    let port = application.port();
    tokio::spawn(serve(application));

    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(120))
        .build()
        .expect("a reqwest client");
    Some(TestApp {
        address: format!("http://127.0.0.1:{port}"),
        backend,
        database_url,
        client,
        pool: tokio::sync::OnceCell::new(),
        _database: database,
    })
}

/// Logs from the server when `TEST_LOG` is set (e.g. `TEST_LOG=debug`), otherwise none.
fn init_tracing() {
    static TRACING: Once = Once::new();
    TRACING.call_once(|| {
        if let Ok(filter) = std::env::var("TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
    });
}

impl TestApp {
    /// A request to `path` without credentials.
    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, format!("{}{path}", self.address))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.request(Method::GET, path).send().await.expect("the request is sent")
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> Response {
        self.request(Method::POST, path).json(body).send().await.expect("the request is sent")
    }

    /// POSTs raw bytes as `application/json` (for malformed and oversized bodies).
    pub async fn post_raw(&self, path: &str, body: impl Into<reqwest::Body>) -> Response {
        self.request(Method::POST, path)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .expect("the request is sent")
    }

    pub async fn sign_up_raw(&self, body: &Value) -> Response {
        self.post_json("/api/auth/sign-up/email", body).await
    }

    pub async fn sign_in_raw(&self, email: &str, password: &str) -> Response {
        self.post_json("/api/auth/sign-in/email", &json!({"email": email, "password": password})).await
    }

    /// Signs up and checks the answer (`{"token", "user"}`, the session cookie carrying the same token).
    pub async fn sign_up(&self, email: &str, password: &str, name: &str) -> TestUser {
        let response = self.sign_up_raw(&json!({"email": email, "password": password, "name": name})).await;
        self.user_from(response, password).await
    }

    /// Signs in and checks the answer as [`TestApp::sign_up`] does.
    pub async fn sign_in(&self, email: &str, password: &str) -> TestUser {
        let response = self.sign_in_raw(email, password).await;
        self.user_from(response, password).await
    }

    async fn user_from(&self, response: Response, password: &str) -> TestUser {
        let cookie = session_cookie(response.headers());
        let body = json_body(response, StatusCode::OK).await;
        let token = body["token"].as_str().unwrap_or_else(|| panic!("a token in {body}")).to_owned();
        assert!(!token.is_empty(), "the token is empty");
        let (cookie_token, _) = cookie.unwrap_or_else(|| panic!("a {SESSION_COOKIE} cookie is set"));
        assert_eq!(cookie_token, token, "the cookie carries the token of the body");
        let user = &body["user"];
        TestUser {
            token,
            id: user["id"].as_str().unwrap_or_else(|| panic!("user.id in {body}")).to_owned(),
            email: user["email"].as_str().unwrap_or_else(|| panic!("user.email in {body}")).to_owned(),
            name: user["name"].as_str().unwrap_or_else(|| panic!("user.name in {body}")).to_owned(),
            password: password.to_owned(),
            address: self.address.clone(),
            client: self.client.clone(),
        }
    }

    /// A fresh user with a unique email.
    pub async fn new_user(&self, who: &str) -> TestUser {
        self.sign_up(&unique_email(who), "correct horse battery", who).await
    }

    /// A pool on the app's database, for checking rows.
    pub async fn db(&self) -> &AnyPool {
        self.pool
            .get_or_init(|| async {
                sqlx::any::install_default_drivers();
                AnyPoolOptions::new()
                    .max_connections(2)
                    .connect(&self.database_url)
                    .await
                    .expect("the test connects to the app's database")
            })
            .await
    }

    /// A count (`SELECT COUNT(*) …`) with one text argument.
    pub async fn count(&self, sql: &str, arg: &str) -> i64 {
        let row = sqlx::query(sql).bind(arg).fetch_one(self.db().await).await.expect("the count runs");
        row.try_get::<i64, _>(0).expect("a count")
    }

    /// How many rows `table` holds, all users together.
    pub async fn rows_in(&self, table: &str) -> i64 {
        let row = sqlx::query(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(self.db().await)
            .await
            .expect("the count runs");
        row.try_get::<i64, _>(0).expect("a count")
    }

    /// The user's task rows, by number.
    pub async fn task_rows(&self, user_id: &str) -> Vec<TaskRow> {
        let rows = sqlx::query(
            "SELECT number, title, notes, priority, due, tags, created_at, updated_at, completed_at \
             FROM tasks WHERE user_id = $1 ORDER BY number",
        )
        .bind(user_id)
        .fetch_all(self.db().await)
        .await
        .expect("tasks are readable");
        rows.iter()
            .map(|row| TaskRow {
                number: row.try_get("number").expect("number"),
                title: row.try_get("title").expect("title"),
                notes: row.try_get("notes").expect("notes"),
                priority: row.try_get("priority").expect("priority"),
                due: row.try_get("due").expect("due"),
                tags: row.try_get("tags").expect("tags"),
                created_at: row.try_get("created_at").expect("created_at"),
                updated_at: row.try_get("updated_at").expect("updated_at"),
                completed_at: row.try_get("completed_at").expect("completed_at"),
            })
            .collect()
    }

    /// Inserts `count` user messages at the end of a thread, straight into `thread_items`, in one transaction.
    /// Returns their ids, oldest first (`msg_bulk_000000`, …).
    pub async fn insert_user_messages(&self, thread_id: &str, count: usize) -> Vec<String> {
        const ROWS_PER_STATEMENT: usize = 500;
        let ids: Vec<String> = (0..count).map(|n| format!("msg_bulk_{n:06}")).collect();
        let start = chrono::Utc::now().timestamp_micros();
        let mut tx = self.db().await.begin().await.expect("a transaction");
        for (batch_index, batch) in ids.chunks(ROWS_PER_STATEMENT).enumerate() {
            let placeholders: Vec<String> = (0..batch.len())
                .map(|row| {
                    let p = row * 5;
                    format!("(${}, ${}, ${}, ${}, ${})", p + 1, p + 2, p + 3, p + 4, p + 5)
                })
                .collect();
            let sql = format!(
                "INSERT INTO thread_items (id, thread_id, item_type, created_at, data) VALUES {}",
                placeholders.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for (offset, id) in batch.iter().enumerate() {
                let n = batch_index * ROWS_PER_STATEMENT + offset;
                let data = json!({
                    "type": "user_message", "id": id, "thread_id": thread_id, "created_at": "2025-01-01T00:00:00Z",
                    "content": [{"type": "input_text", "text": n.to_string()}],
                    "attachments": [], "inference_options": {}
                });
                query = query
                    .bind(id.clone())
                    .bind(thread_id.to_owned())
                    .bind("user_message")
                    .bind(start + i64::try_from(n).expect("a small n"))
                    .bind(data.to_string());
            }
            query.execute(&mut *tx).await.expect("the items are inserted");
        }
        tx.commit().await.expect("the insert commits");
        ids
    }
}

/// Removes the test's database when the test ends.
enum TestDatabase {
    SqliteFile(PathBuf),
    Postgres { server_url: String, name: String },
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        match self {
            Self::SqliteFile(path) => {
                for suffix in ["", "-wal", "-shm"] {
                    let mut file = path.clone().into_os_string();
                    file.push(suffix);
                    let _ = std::fs::remove_file(file);
                }
            }
            Self::Postgres { server_url, name } => {
                let (server_url, name) = (server_url.clone(), name.clone());
                // Drop runs inside the test's runtime, which cannot be blocked on: use a runtime of our own.
                let dropped = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .expect("a runtime to drop the test database");
                    runtime.block_on(async move {
                        let mut admin = sqlx::PgConnection::connect(&server_url).await?;
                        sqlx::query(&format!(r#"DROP DATABASE IF EXISTS "{name}" WITH (FORCE)"#))
                            .execute(&mut admin)
                            .await?;
                        admin.close().await
                    })
                })
                .join();
                match dropped {
                    Ok(Ok(())) => {}
                    Ok(Err(error)) => eprintln!("could not drop the test database: {error}"),
                    Err(_) => eprintln!("dropping the test database panicked"),
                }
            }
        }
    }
}
