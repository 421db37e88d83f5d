//! `Application`: build everything from a `Config`, bind, serve until stopped (SIGTERM or Ctrl-C).

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::serve::ListenerExt;
use tokio::net::TcpListener;

use crate::assistant::TaskChatServer;
use crate::assistant::llm::{LlmAgent, LlmClient, LlmError, LlmSettings};
use crate::auth::{AuthService, JwtSettings, JwtVerifier, SignInThrottle};
use crate::config::{AssistantKind, Config};
use crate::db::{Db, DbError};
use crate::http;
use crate::state::AppState;
use crate::tasks::TaskService;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("database: {0}")]
    Database(#[from] DbError),
    #[error("metrics: {0}")]
    Metrics(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("the LLM client: {0}")]
    Llm(#[from] LlmError),
    #[error("encryption: {0}")]
    Encryption(String),
    #[error("Redis at --redis-url: {0}")]
    Redis(#[from] redis::RedisError),
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    port: u16,
    shutdown_grace: Duration,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        let db = open_database(&config).await?;
        let throttle = SignInThrottle::new(config.sign_in_attempts_per_account, config.sign_in_attempts_per_address);
        let concurrent_turns = config.concurrent_turns.unwrap_or(2 * db.max_connections()).max(1);
        let metrics = http::Metrics::new().map_err(|error| StartupError::Metrics(error.to_string()))?;
        let chatkit = TaskChatServer::new(db.clone())
            .with_agent(llm_agent(&config)?)
            .with_metrics(metrics.assistant.clone())
            .with_concurrent_turns(concurrent_turns);
        let state = AppState {
            auth: AuthService::new(db.clone(), config.session_ttl_hours, throttle, jwt_verifier(&config)),
            tasks: TaskService::new(db.clone()),
            chatkit: Arc::new(chatkit),
            metrics: Arc::new(metrics),
            limits: Arc::new(user_limits(&config).await?),
            db,
            config: Arc::new(config.clone()),
        };
        if let Some(days) = config.retention_days {
            let interval = Duration::from_secs(config.retention_interval_minutes.max(1) * 60);
            crate::retention::spawn(state.db.clone(), days, interval);
        }
        let listener =
            TcpListener::bind(config.addr).await.map_err(|source| StartupError::Bind { addr: config.addr, source })?;
        let port = listener.local_addr().map_err(|source| StartupError::Bind { addr: config.addr, source })?.port();
        let shutdown_grace = Duration::from_secs(config.shutdown_grace_seconds);
        Ok(Self { listener, router: http::router(state), port, shutdown_grace })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or Ctrl-C, then lets running streams finish for up to the configured grace period.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `shutdown` completes: new connections are refused, running requests and streams may finish
    /// for up to `shutdown_grace`, then whatever is still open is dropped.
    pub async fn run_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let grace = self.shutdown_grace;
        let app = self.router.into_make_service_with_connect_info::<SocketAddr>();
        // A stream is many small writes: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to each reply.
        let listener = self.listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
        let signal = async move {
            shutdown.await;
            tracing::info!(grace_seconds = grace.as_secs(), "shutting down: refusing new connections");
            let _ = stopping_tx.send(());
        };
        let server = axum::serve(listener, app).with_graceful_shutdown(signal);
        let deadline = async move {
            if stopping_rx.await.is_err() {
                return std::future::pending().await;
            }
            tokio::time::sleep(grace).await;
        };
        tokio::select! {
            served = server.into_future() => served,
            () = deadline => {
                tracing::warn!("streams still open after the grace period: stopping anyway");
                Ok(())
            }
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

/// The database, with its sealer when an encryption key is configured; refuses encrypted rows without one.
pub async fn open_database(config: &Config) -> Result<Db, StartupError> {
    let sealer = config.sealer().map_err(StartupError::Encryption)?;
    let db = Db::connect(&config.database_url).await?.with_sealer(sealer);
    db.check_sealing().await?;
    Ok(db)
}

/// The request and stream limits, shared through Redis when a URL is given.
async fn user_limits(config: &Config) -> Result<http::UserLimits, StartupError> {
    let limits = http::UserLimits::new(
        config.requests_per_minute,
        config.unauthenticated_requests_per_minute,
        config.max_streams_per_user,
    );
    match &config.redis_url {
        Some(url) => {
            let limits = limits.shared_through_redis(url, &config.redis_prefix).await?;
            tracing::info!("rate and stream limits are shared through Redis");
            Ok(limits)
        }
        None => Ok(limits),
    }
}

/// The LLM agent, when the configuration asks for one.
fn llm_agent(config: &Config) -> Result<Option<LlmAgent>, LlmError> {
    if config.assistant_kind() != AssistantKind::Llm {
        return Ok(None);
    }
    let client = LlmClient::new(LlmSettings {
        base_url: config.openai_base_url.clone(),
        api_key: config.openai_api_key.clone(),
        model: config.openai_model.clone(),
        timeout: std::time::Duration::from_secs(config.llm_timeout_seconds.max(1)),
    })?;
    tracing::info!(model = %config.openai_model, "the assistant is an LLM agent");
    Ok(Some(LlmAgent::new(client, config.llm_max_rounds)))
}

fn jwt_verifier(config: &Config) -> Option<JwtVerifier> {
    let jwks_url = config.auth_jwks_url.clone()?;
    Some(JwtVerifier::new(JwtSettings {
        jwks_url,
        issuer: config.auth_jwt_issuer.clone(),
        audience: config.auth_jwt_audience.clone(),
        min_refresh_interval: std::time::Duration::from_secs(config.auth_jwks_refresh_seconds),
    }))
}
