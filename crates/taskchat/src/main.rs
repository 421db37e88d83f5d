//! The `taskchat` binary: parse the configuration, start logging, serve (or, with `mcp`, speak MCP on stdio).

use anyhow::Context;
use clap::Parser;
use taskchat::config::{Command, Config, LogFormat};
use taskchat::db::sealing::reencrypt;
use taskchat::startup::{Application, open_database};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    // With `mcp`, stdout carries the protocol: logs go to stderr.
    let writer = match config.command {
        Some(Command::Mcp { .. }) => BoxMakeWriter::new(std::io::stderr),
        Some(Command::Reencrypt) | None => BoxMakeWriter::new(std::io::stdout),
    };
    match config.log_format {
        LogFormat::Pretty => tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer).init(),
        LogFormat::Json => tracing_subscriber::fmt().json().with_env_filter(filter).with_writer(writer).init(),
    }
    match &config.command {
        Some(Command::Mcp { user }) => {
            let db = open_database(&config).await.context("taskchat mcp could not open the database")?;
            return taskchat::mcp::serve_stdio(db, user).await.context("taskchat mcp stopped with an error");
        }
        Some(Command::Reencrypt) => {
            let db = open_database(&config).await.context("taskchat reencrypt could not open the database")?;
            let resealed = reencrypt(&db).await.context("taskchat reencrypt failed")?;
            tracing::info!(items = resealed.items, threads = resealed.threads, "rewritten with the current key");
            return Ok(());
        }
        None => {}
    }
    let addr = config.addr;
    let database = if config.database_url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" };
    let app = Application::build(config).await.context("taskchat could not start")?;
    tracing::info!(%addr, port = app.port(), database, "taskchat is listening on http://{}:{}", addr.ip(), app.port());
    app.run_until_stopped().await.context("the server stopped with an error")
}
