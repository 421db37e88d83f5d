//! The `taskchat` binary: parse the configuration, start logging, serve.

use anyhow::Context;
use clap::Parser;
use taskchat::config::{Config, LogFormat};
use taskchat::startup::Application;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    match config.log_format {
        LogFormat::Pretty => tracing_subscriber::fmt().with_env_filter(filter).init(),
        LogFormat::Json => tracing_subscriber::fmt().json().with_env_filter(filter).init(),
    }
    let addr = config.addr;
    let database = if config.database_url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let app = Application::build(config).await.context("taskchat could not start")?;
    tracing::info!(%addr, port = app.port(), database, "taskchat is listening on http://{}:{}", addr.ip(), app.port());
    app.run_until_stopped().await.context("the server stopped with an error")
}
