//! Configuration: every option is a flag with an environment fallback; `taskchat --help` lists them.

use std::net::SocketAddr;

use clap::{Parser, Subcommand, ValueEnum};

/// taskchat: a todo app you talk to, speaking the OpenAI ChatKit protocol.
#[derive(Debug, Clone, Parser)]
#[command(version, about)]
pub struct Config {
    /// What to run; without a command, serve the web app and the API.
    #[command(subcommand)]
    pub command: Option<Command>,

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

    /// Requests each user may make per minute (429 with Retry-After beyond).
    #[arg(long, env = "TASKCHAT_REQUESTS_PER_MINUTE", default_value_t = 100)]
    pub requests_per_minute: u32,

    /// Requests each client address may make per minute to the endpoints used before signing in (sign-up,
    /// sign-in, the session probe, the API description); 429 with Retry-After beyond.
    #[arg(long, env = "TASKCHAT_UNAUTHENTICATED_REQUESTS_PER_MINUTE", default_value_t = 60)]
    pub unauthenticated_requests_per_minute: u32,

    /// Chat responses each user may have streaming at once (429 beyond).
    #[arg(long, env = "TASKCHAT_MAX_STREAMS_PER_USER", default_value_t = 10)]
    pub max_streams_per_user: usize,

    /// Keep the rate and stream limits in this Redis (redis://host:6379) so that every instance sharing it
    /// enforces one limit. Without it each instance counts on its own.
    #[arg(long, env = "TASKCHAT_REDIS_URL", hide_env_values = true)]
    pub redis_url: Option<String>,

    /// The prefix of taskchat's keys in Redis.
    #[arg(long, env = "TASKCHAT_REDIS_PREFIX", default_value = "taskchat")]
    pub redis_prefix: String,

    /// Origins allowed to call the API from a browser with credentials (comma-separated, e.g.
    /// https://app.example.com). None by default: the web app is served from the same origin.
    #[arg(long, env = "TASKCHAT_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Chat turns that may work on tasks and build widgets at once; more wait their turn holding only their
    /// request, which bounds memory under many concurrent answers. An LLM agent takes a turn only while a tool
    /// runs. Default: twice the database pool (SQLite 8, PostgreSQL 32).
    #[arg(long, env = "TASKCHAT_CONCURRENT_TURNS")]
    pub concurrent_turns: Option<usize>,

    /// Seconds a request may take to produce its response head (a stream's first bytes); beyond, 503. The
    /// streamed body itself is not limited: an answer may take as long as the assistant needs.
    #[arg(long, env = "TASKCHAT_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,

    /// On SIGTERM or Ctrl-C: seconds that running streams may take to finish before the process exits anyway.
    #[arg(long, env = "TASKCHAT_SHUTDOWN_GRACE_SECONDS", default_value_t = 30)]
    pub shutdown_grace_seconds: u64,

    /// Delete threads idle for more than this many days (with their messages, widgets, actions and feedback), and
    /// purge ended sign-in sessions, in a background job. Off when not given: nothing is ever deleted.
    #[arg(long, env = "TASKCHAT_RETENTION_DAYS", value_parser = clap::value_parser!(u32).range(1..))]
    pub retention_days: Option<u32>,

    /// Minutes between two passes of the retention job (the first runs at start).
    #[arg(long, env = "TASKCHAT_RETENTION_INTERVAL_MINUTES", default_value_t = 60)]
    pub retention_interval_minutes: u64,

    /// Encrypt messages, widgets and thread titles at rest with this AES-256-GCM key (32 bytes, base64: e.g.
    /// `openssl rand -base64 32`). Rows written before stay readable. Keep the key: without it, nothing
    /// encrypted can be read back.
    #[arg(long, env = "TASKCHAT_ENCRYPTION_KEY", hide_env_values = true)]
    pub encryption_key: Option<String>,

    /// Older encryption keys (comma-separated, base64) that still decrypt rows written before a key rotation;
    /// `taskchat reencrypt` moves every row to the current key, after which they can go.
    #[arg(
        long,
        env = "TASKCHAT_DECRYPTION_KEYS",
        value_delimiter = ',',
        hide_env_values = true,
        requires = "encryption_key"
    )]
    pub decryption_keys: Vec<String>,

    /// Seconds of silence after which a streaming response sends an SSE keep-alive comment.
    #[arg(long, env = "TASKCHAT_SSE_KEEP_ALIVE_SECONDS", default_value_t = 15)]
    pub sse_keep_alive_seconds: u64,

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

    /// Who answers chat messages: the built-in offline parser, or an LLM agent over an OpenAI-compatible Chat
    /// Completions endpoint. Default: `llm` when an API key is set, else `offline`.
    #[arg(long, env = "TASKCHAT_ASSISTANT", value_enum)]
    pub assistant: Option<AssistantKind>,

    /// API key for the LLM endpoint (Ollama and other local servers accept any value).
    #[arg(long, env = "OPENAI_API_KEY", hide_env_values = true)]
    pub openai_api_key: Option<String>,

    /// Base URL of an OpenAI-compatible API, e.g. http://localhost:11434/v1 for Ollama.
    /// Default: https://api.openai.com/v1.
    #[arg(long, env = "OPENAI_BASE_URL")]
    pub openai_base_url: Option<String>,

    /// The model the LLM agent uses (it must support tool calling).
    #[arg(long, env = "OPENAI_MODEL", default_value = "gpt-4o-mini")]
    pub openai_model: String,

    /// Seconds the LLM agent waits for the model's next streamed chunk before giving up.
    #[arg(long, env = "TASKCHAT_LLM_TIMEOUT_SECONDS", default_value_t = 60)]
    pub llm_timeout_seconds: u64,

    /// Most model calls (rounds of tool use) the LLM agent makes for one message.
    #[arg(long, env = "TASKCHAT_LLM_MAX_ROUNDS", default_value_t = 5)]
    pub llm_max_rounds: u32,

    /// Which chat UI the web app shows: our built-in renderer (works offline), OpenAI's official ChatKit web
    /// component loaded from its CDN, or `auto`: the official one when its script loads within 3 seconds,
    /// else the built-in one.
    #[arg(long, env = "TASKCHAT_CHATKIT_UI", value_enum, default_value_t = ChatKitUi::Builtin)]
    pub chatkit_ui: ChatKitUi,

    /// Where the official ChatKit web component's script is loaded from (its origin is added to the
    /// Content-Security-Policy when the official UI is on).
    #[arg(
        long,
        env = "TASKCHAT_CHATKIT_SCRIPT_URL",
        default_value = "https://cdn.platform.openai.com/deployments/chatkit/chatkit.js",
        value_parser = parse_script_url
    )]
    pub chatkit_script_url: String,

    /// The domain key the official component presents (register your domain with OpenAI to get one;
    /// `domain_pk_localhost_dev` is accepted on localhost).
    #[arg(long, env = "TASKCHAT_CHATKIT_DOMAIN_KEY", default_value = "domain_pk_localhost_dev")]
    pub chatkit_domain_key: String,
}

/// Which chat UI the web app shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChatKitUi {
    Builtin,
    Official,
    Auto,
}

/// An absolute http(s) URL, so that its origin can go into the Content-Security-Policy.
fn parse_script_url(value: &str) -> Result<String, String> {
    let url = reqwest::Url::parse(value).map_err(|error| format!("not a URL: {error}"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(value.to_owned()),
        _ => Err("the script URL must be an absolute http:// or https:// URL".to_owned()),
    }
}

/// Commands other than serving.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum Command {
    /// Speak MCP on stdin/stdout with one account's task tools (for Claude Desktop and other local clients).
    Mcp {
        /// The email of the account whose tasks the tools manage.
        #[arg(long)]
        user: String,
    },
    /// Rewrite every message, widget and thread with the current --encryption-key (after a key rotation, or to
    /// encrypt rows written before encryption was turned on), then exit.
    Reencrypt,
}

/// Which assistant answers chat messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssistantKind {
    Offline,
    Llm,
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
        // Tests choose their assistant: never the LLM because the environment happens to hold a key.
        config.assistant = Some(AssistantKind::Offline);
        // Tests that make many requests are not about rate limits; the limits' own tests set them.
        config.requests_per_minute = 1_000_000;
        config.unauthenticated_requests_per_minute = 1_000_000;
        config
    }

    /// The database sealer for `--encryption-key` (and older `--decryption-keys`), if a key is given.
    pub fn sealer(&self) -> Result<Option<crate::db::sealing::Sealer>, String> {
        match &self.encryption_key {
            Some(key) => crate::db::sealing::Sealer::new(key, &self.decryption_keys).map(Some),
            None => Ok(None),
        }
    }

    /// The assistant to run: as chosen, else `llm` when an API key is set.
    pub fn assistant_kind(&self) -> AssistantKind {
        match (self.assistant, &self.openai_api_key) {
            (Some(kind), _) => kind,
            (None, Some(key)) if !key.is_empty() => AssistantKind::Llm,
            (None, _) => AssistantKind::Offline,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn every_option_is_documented_with_its_environment_variable() {
        let help = Config::command().render_long_help().to_string();
        for variable in [
            "TASKCHAT_ADDR",
            "DATABASE_URL",
            "TASKCHAT_LOG_FORMAT",
            "TASKCHAT_SESSION_TTL_HOURS",
            "TASKCHAT_ASSISTANT",
            "OPENAI_API_KEY",
            "OPENAI_BASE_URL",
            "OPENAI_MODEL",
            "TASKCHAT_CHATKIT_UI",
            "TASKCHAT_CHATKIT_SCRIPT_URL",
        ] {
            assert!(help.contains(variable), "--help should mention {variable}:\n{help}");
        }
        Config::command().debug_assert();
    }

    #[test]
    fn the_official_script_url_must_be_absolute_http() {
        assert!(Config::try_parse_from(["taskchat", "--chatkit-script-url", "/chatkit.js"]).is_err());
        assert!(Config::try_parse_from(["taskchat", "--chatkit-script-url", "javascript:alert(1)"]).is_err());
        let config = Config::try_parse_from(["taskchat", "--chatkit-script-url", "http://127.0.0.1:9/ck.js"])
            .expect("a valid URL");
        assert_eq!(config.chatkit_script_url, "http://127.0.0.1:9/ck.js");
    }
}
