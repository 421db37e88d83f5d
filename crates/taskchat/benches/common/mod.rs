//! What the end-to-end benches share: starting the app, signing a user up, sizing the run, percentiles.

use std::time::Duration;

use serde_json::{Value, json};
use taskchat::config::Config;
use taskchat::startup::Application;

/// Requests to time: `BENCH_REQUESTS` (else `default`) under `cargo bench`, `when_tested` under `cargo test
/// --benches` (which runs the bench without `--bench`, to keep it quick).
pub fn request_count(default: usize, when_tested: usize) -> usize {
    if std::env::args().any(|arg| arg == "--bench") {
        std::env::var("BENCH_REQUESTS").ok().and_then(|n| n.parse().ok()).unwrap_or(default)
    } else {
        when_tested
    }
}

/// Starts the app on a random port; answers its base URL.
pub async fn start(config: Config) -> String {
    let app = Application::build(config).await.expect("the app starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    base
}

/// Signs up a new user; answers their session token.
pub async fn sign_up(client: &reqwest::Client, base: &str) -> String {
    let email = format!("bench-{}@example.com", uuid::Uuid::new_v4().simple());
    let signed_up: Value = client
        .post(format!("{base}/api/auth/sign-up/email"))
        .json(&json!({"email": email, "password": "benchmark password", "name": "Bench"}))
        .send()
        .await
        .expect("sign up")
        .json()
        .await
        .expect("JSON");
    signed_up["token"].as_str().expect("a token").to_owned()
}

/// The `p` quantile (0–1) of samples sorted ascending.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}
