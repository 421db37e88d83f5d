//! Configuration: every option is a flag with an environment fallback; `taskchat --help` lists them.

use std::net::SocketAddr;

use clap::{Parser, ValueEnum};

/// taskchat: a todo app you talk to, speaking the OpenAI ChatKit protocol.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "TASKCHAT_ADDR", default_value = "127.0.0.1:8000")]
    pub addr: SocketAddr,

    /// Database: a SQLite file (created on first start) or a PostgreSQL URL (postgres://user@host/db).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/taskchat.db")]
    pub database_url: String,

    /// Log format: human-readable lines or one JSON object per line.
    #[arg(long, env = "TASKCHAT_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,

    /// How long a sign-in lasts, in hours.
    #[arg(long, env = "TASKCHAT_SESSION_TTL_HOURS", default_value_t = 720)]
    pub session_ttl_hours: u64,

    /// Mark the session cookie `Secure` (set this when serving over HTTPS).
    #[arg(long, env = "TASKCHAT_SECURE_COOKIES")]
    pub secure_cookies: bool,

    /// Sign-in attempts allowed per account per minute.
    #[arg(long, env = "TASKCHAT_SIGN_IN_ATTEMPTS_PER_ACCOUNT", default_value_t = 5)]
    pub sign_in_attempts_per_account: u32,

    /// Sign-in attempts allowed per client address per minute.
    #[arg(long, env = "TASKCHAT_SIGN_IN_ATTEMPTS_PER_ADDRESS", default_value_t = 20)]
    pub sign_in_attempts_per_address: u32,

    /// Also accept Bearer JWTs (EdDSA, RS256, ES256) signed by keys from this JWKS URL, e.g. a Better Auth
    /// server's https://auth.example.com/api/auth/jwks. A token's `sub` becomes a local user on first sight.
    #[arg(long, env = "TASKCHAT_AUTH_JWKS_URL")]
    pub auth_jwks_url: Option<String>,

    /// The `iss` a JWT must carry (checked only when set).
    #[arg(long, env = "TASKCHAT_AUTH_JWT_ISSUER", requires = "auth_jwks_url")]
    pub auth_jwt_issuer: Option<String>,

    /// The `aud` a JWT must carry (checked only when set).
    #[arg(long, env = "TASKCHAT_AUTH_JWT_AUDIENCE", requires = "auth_jwks_url")]
    pub auth_jwt_audience: Option<String>,

    /// Least seconds between two JWKS fetches caused by tokens naming an unknown key id.
    #[arg(long, env = "TASKCHAT_AUTH_JWKS_REFRESH_SECONDS", default_value_t = 10)]
    pub auth_jwks_refresh_seconds: u64,
}

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// Defaults, a random port, and the given database: for tests.
    pub fn for_tests(database_url: impl Into<String>) -> Self {
        let mut config = Self::parse_from(["taskchat"]);
        config.addr = SocketAddr::from(([127, 0, 0, 1], 0));
        config.database_url = database_url.into();
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_option_is_documented_with_its_environment_variable() {
        let help = Config::command().render_long_help().to_string();
        for variable in ["TASKCHAT_ADDR", "DATABASE_URL", "TASKCHAT_LOG_FORMAT", "TASKCHAT_SESSION_TTL_HOURS"] {
            assert!(help.contains(variable), "--help should mention {variable}:\n{help}");
        }
        Config::command().debug_assert();
    }
}
