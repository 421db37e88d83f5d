//! The `taskchat` binary: parse the configuration, start logging, serve (or, with `mcp`, speak MCP on stdio).

use anyhow::Context;
use clap::Parser;
use taskchat::config::{Command, Config, LogFormat};
use taskchat::db::sealing::reencrypt;
use taskchat::startup::{Application, open_database};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

/// mimalloc instead of glibc's malloc: with many streams in flight glibc's per-thread arenas kept 200 MB that a
/// single arena would not (BENCHMARKS.md, "Open streams"); mimalloc is also faster at our small allocations.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's settings for a server whose resident size should follow its load: commit arena memory only as it is
/// used, and give freed memory back at once (mimalloc.h: `arena_eager_commit`, `purge_delay`). mimalloc reads them
/// from the environment when the process starts, before `main`, so `main` starts the binary again with them set
/// (same process id, same arguments and descriptors) unless they are set already. At 1 000 open streams: 60 MB
/// resident instead of 90 MB (BENCHMARKS.md).
const ALLOCATOR_SETTINGS: [(&str, &str); 2] = [("MIMALLOC_ARENA_EAGER_COMMIT", "0"), ("MIMALLOC_PURGE_DELAY", "0")];

#[cfg(unix)]
fn with_allocator_settings() {
    use std::os::unix::process::CommandExt;
    if ALLOCATOR_SETTINGS.iter().all(|(name, _)| std::env::var_os(name).is_some()) {
        return;
    }
    let Ok(binary) = std::env::current_exe() else { return };
    let mut again = std::process::Command::new(binary);
    again.args(std::env::args_os().skip(1));
    for (name, value) in ALLOCATOR_SETTINGS {
        if std::env::var_os(name).is_none() {
            again.env(name, value);
        }
    }
    // `exec` only returns when it failed: then run as we are, with the allocator's defaults.
    let error = again.exec();
    eprintln!("taskchat: could not restart with the allocator settings ({error}); continuing without them");
}

#[cfg(not(unix))]
fn with_allocator_settings() {}

fn main() -> anyhow::Result<()> {
    with_allocator_settings();
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("the async runtime")?.block_on(serve())
}

async fn serve() -> anyhow::Result<()> {
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
