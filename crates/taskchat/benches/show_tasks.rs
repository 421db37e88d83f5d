//! "show my tasks" for a user with 50 tasks, from request to the end of the stream, over HTTP on loopback, on
//! SQLite (or on `BENCH_DATABASE_URL`). Prints p50 / p90 / p99 / max; figures go to BENCHMARKS.md.
//!
//! `cargo bench -p taskchat --bench show_tasks` (set `BENCH_REQUESTS` to change the count, default 2000).

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use taskchat::config::Config;

mod common;

use common::percentile;

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    runtime.block_on(run());
}

async fn run() {
    let requests = common::request_count(2000, 20);
    let folder = std::env::temp_dir().join(format!("taskchat-bench-{}", std::process::id()));
    std::fs::create_dir_all(&folder).expect("a folder");
    let url = std::env::var("BENCH_DATABASE_URL")
        .unwrap_or_else(|_| format!("sqlite://{}?mode=rwc", folder.join("bench.db").display()));
    let base = common::start(Config::for_tests(url.clone())).await;
    let client = reqwest::Client::new();
    let token = common::sign_up(&client, &base).await;
    for n in 1..=50 {
        let priority = ["low", "medium", "high"][n % 3];
        let task = json!({"title": format!("Task {n}: buy oat milk"), "priority": priority, "due": "2026-12-01", "tags": ["home"]});
        let response =
            client.post(format!("{base}/api/tasks")).bearer_auth(&token).json(&task).send().await.expect("task");
        assert!(response.status().is_success());
    }
    let create = json!({"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": "hello"}], "attachments": [], "inference_options": {}}}});
    let body = client.post(format!("{base}/chatkit")).bearer_auth(&token).json(&create).send().await.expect("create");
    let text = body.text().await.expect("stream");
    let thread_id = text
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter_map(|json| serde_json::from_str::<Value>(json).ok())
        .find_map(|event| event["thread"]["id"].as_str().map(str::to_owned))
        .expect("a thread id");

    let show = json!({"type": "threads.add_user_message", "params": {"thread_id": thread_id, "input": {"content": [{"type": "input_text", "text": "show my tasks"}], "attachments": [], "inference_options": {}}}}).to_string();
    let mut timings = Vec::with_capacity(requests);
    let mut bytes = 0;
    for i in 0..requests + 20 {
        let started = Instant::now();
        let response = client
            .post(format!("{base}/chatkit"))
            .bearer_auth(&token)
            .header("content-type", "application/json")
            .body(show.clone())
            .send()
            .await
            .expect("show");
        let body = response.bytes().await.expect("the whole stream");
        let elapsed = started.elapsed();
        assert!(body.windows(13).any(|w| w == b"task_list_vie"), "the reply holds the task list");
        bytes = body.len();
        if i >= 20 {
            timings.push(elapsed); // the first 20 warm up
        }
    }
    timings.sort();
    let total: Duration = timings.iter().sum();
    println!(
        "show my tasks (50 tasks, {}, {} requests, 1 client, {bytes} bytes per stream): p50 {:?}, p90 {:?}, p99 {:?}, max {:?}, mean {:?}",
        if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" },
        timings.len(),
        percentile(&timings, 0.50),
        percentile(&timings, 0.90),
        percentile(&timings, 0.99),
        timings.last().copied().unwrap_or_default(),
        total / timings.len() as u32,
    );
    let _ = std::fs::remove_dir_all(&folder);
}
