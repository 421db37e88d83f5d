//! HTTP load generator for ChatKit servers (taskchat, the SDK reference in bench/reference, the ceiling), and the
//! ceiling itself. Driven by `scripts/bench`; see BENCHMARKS.md ("Under load").
//!
//! ```text
//! load ceiling --bytes N                       serve POST /chatkit with a fixed N-byte SSE body; prints `PORT <p>`
//! load seed --base URL --users U --tasks T --out FILE
//!                                              sign up U users with T tasks each; writes one token per line
//! load run --base URL --tokens FILE --workload show|add|complete|pages|mix|ceiling
//!          [--concurrency C] [--rate R] [--seconds S] [--warmup S] [--pid P]... [--label L]
//!                                              one bounded run; prints a human line and a `RESULT {json}` line
//! ```
//!
//! Latency: time to the first body byte of the response (for a stream: the first SSE event, since servers write
//! whole frames) and time to the end of the body. With `--rate` the load is open-loop: requests are scheduled at
//! fixed intervals and latency counts from the scheduled time, so a slow server cannot slow the load down
//! (no coordinated omission). Server CPU is utime+stime of every `--pid` over the measured window (/proc/P/stat,
//! 100 ticks/s), peak memory is the sum of their VmHWM (/proc/P/status) at the end,
//! reset at the start of the measured window (`/proc/P/clear_refs`).
//!
//! `cargo test --benches` runs this with no arguments: it then exits at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(command) = args.first().cloned() else { return };
    if command.starts_with("--") {
        return; // `cargo bench`/`cargo test --benches` passes `--bench`: nothing to do without a command.
    }
    let opts = Opts::parse(&args[1..]);
    let threads = opts.get("threads").map(|t| t.parse().expect("--threads")).unwrap_or(2);
    let runtime =
        tokio::runtime::Builder::new_multi_thread().worker_threads(threads).enable_all().build().expect("a runtime");
    let code = runtime.block_on(async move {
        match command.as_str() {
            "ceiling" => ceiling(&opts).await,
            "seed" => seed(&opts).await,
            "run" => run(&opts).await,
            other => {
                eprintln!("load: unknown command {other}");
                2
            }
        }
    });
    std::process::exit(code);
}

struct Opts(Vec<(String, String)>);

impl Opts {
    fn parse(args: &[String]) -> Self {
        let mut pairs = Vec::new();
        let mut iter = args.iter();
        while let Some(key) = iter.next() {
            let key = key.strip_prefix("--").unwrap_or_else(|| panic!("unexpected argument {key}"));
            let value = iter.next().unwrap_or_else(|| panic!("--{key} needs a value"));
            pairs.push((key.to_owned(), value.clone()));
        }
        Self(pairs)
    }
    fn get(&self, key: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
    fn all(&self, key: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }
    fn num<T: std::str::FromStr>(&self, key: &str, default: T) -> T {
        self.get(key).map(|v| v.parse().unwrap_or_else(|_| panic!("--{key}: not a number"))).unwrap_or(default)
    }
}

// ---------------------------------------------------------------------------------------------------------
// The ceiling: the cheapest possible SSE answer from axum on the same machine.

async fn ceiling(opts: &Opts) -> i32 {
    use axum::serve::ListenerExt;
    let size: usize = opts.num("bytes", 57_404);
    // `data: xxxx…\n\n` frames of ~1 KB, `size` bytes in all.
    let mut body = Vec::with_capacity(size);
    while body.len() < size {
        let room = size - body.len();
        let payload = room.saturating_sub(8).min(1000);
        body.extend_from_slice(b"data: ");
        body.extend(std::iter::repeat_n(b'x', payload));
        body.extend_from_slice(b"\n\n");
        if body.len() > size {
            body.truncate(size);
        }
    }
    let body = bytes::Bytes::from(body);
    let app = axum::Router::new().route(
        "/chatkit",
        axum::routing::post(move |_: bytes::Bytes| {
            let body = body.clone();
            async move { ([("content-type", "text/event-stream"), ("cache-control", "no-cache")], body) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(opts.get("addr").unwrap_or("127.0.0.1:0")).await.expect("bind");
    println!("PORT {}", listener.local_addr().expect("addr").port());
    let listener = listener.tap_io(|stream| {
        let _ = stream.set_nodelay(true);
    });
    axum::serve(listener, app).await.expect("serve");
    0
}

// ---------------------------------------------------------------------------------------------------------
// Seeding, through the servers' own APIs (taskchat's and the reference's are the same shape).

async fn seed(opts: &Opts) -> i32 {
    let base = opts.get("base").expect("--base").to_owned();
    let users: usize = opts.num("users", 16);
    let tasks: usize = opts.num("tasks", 50);
    let out = opts.get("out").expect("--out").to_owned();
    let client = reqwest::Client::new();
    let mut handles = Vec::new();
    for u in 0..users {
        let client = client.clone();
        let base = base.clone();
        handles.push(tokio::spawn(async move {
            let email = format!("bench-{}-{u}@example.com", uuid::Uuid::new_v4().simple());
            let response = client
                .post(format!("{base}/api/auth/sign-up/email"))
                .json(&json!({"email": email, "password": "benchmark password", "name": format!("Bench {u}")}))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let body: Value = response.json().await.map_err(|e| e.to_string())?;
            let token = body["token"].as_str().ok_or(format!("sign-up answered {status}: {body}"))?.to_owned();
            for n in 1..=tasks {
                let priority = ["low", "medium", "high"][n % 3];
                let task = json!({"title": format!("Task {n}: buy oat milk"), "priority": priority, "due": "2026-12-01", "tags": ["home"]});
                let response = client
                    .post(format!("{base}/api/tasks"))
                    .bearer_auth(&token)
                    .json(&task)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                if !response.status().is_success() {
                    return Err(format!("POST /api/tasks answered {}", response.status()));
                }
            }
            Ok::<_, String>(token)
        }));
    }
    let mut tokens = Vec::new();
    for handle in handles {
        match handle.await.expect("seeding task") {
            Ok(token) => tokens.push(token),
            Err(error) => {
                eprintln!("load seed: {error}");
                return 1;
            }
        }
    }
    std::fs::write(&out, tokens.join("\n") + "\n").expect("write tokens");
    0
}

// ---------------------------------------------------------------------------------------------------------
// A run.

#[derive(Clone, Copy, PartialEq, Debug)]
enum Op {
    Show,
    Add,
    Complete,
    ThreadsList,
    ItemsList,
    Ceiling,
}

/// The mix: per client, in this order, over and over (3 shows, 1 add, 2 completes, 2 pages).
const MIX: [Op; 8] =
    [Op::Show, Op::Complete, Op::Add, Op::Show, Op::ItemsList, Op::Complete, Op::ThreadsList, Op::Show];

/// One simulated user: a thread of its own, and the list widget it last saw (for clicks).
struct Client {
    token: String,
    thread_id: String,
    list_item: Option<String>,
    next_action: Option<Value>,
    step: usize,
    added: u64,
    id: usize,
}

#[derive(Default)]
struct Sample {
    first: Duration,
    total: Duration,
    bytes: usize,
    error: Option<String>,
}

struct Env {
    http: reqwest::Client,
    url: String,
    workload: String,
}

fn message(thread_id: &str, text: &str) -> String {
    json!({"type": "threads.add_user_message", "params": {"thread_id": thread_id, "input": {"content": [{"type": "input_text", "text": text}], "attachments": [], "inference_options": {}}}}).to_string()
}

impl Client {
    fn next_op(&mut self, workload: &str) -> Op {
        let op = match workload {
            "show" => Op::Show,
            "add" => Op::Add,
            "complete" => Op::Complete,
            "pages" => [Op::ThreadsList, Op::ItemsList][self.step % 2],
            "mix" => MIX[self.step % MIX.len()],
            "ceiling" => Op::Ceiling,
            other => panic!("unknown workload {other}"),
        };
        self.step += 1;
        if op == Op::Complete && self.next_action.is_none() { Op::Show } else { op }
    }

    fn body(&mut self, op: Op) -> String {
        match op {
            Op::Show | Op::Ceiling => message(&self.thread_id, "show my tasks"),
            Op::Add => {
                self.added += 1;
                message(&self.thread_id, &format!("add task load test {} number {}", self.id, self.added))
            }
            Op::Complete => json!({"type": "threads.custom_action", "params": {"thread_id": self.thread_id, "item_id": self.list_item, "action": self.next_action}}).to_string(),
            Op::ThreadsList => json!({"type": "threads.list", "params": {"limit": 20, "order": "desc"}}).to_string(),
            Op::ItemsList => json!({"type": "items.list", "params": {"thread_id": self.thread_id, "limit": 20, "order": "desc"}}).to_string(),
        }
    }

    /// Checks a response for what its operation must answer and remembers the list widget it shows.
    fn check(&mut self, op: Op, body: &[u8], workload: &str) -> Result<(), String> {
        let text = std::str::from_utf8(body).map_err(|_| "a body that is not UTF-8".to_owned())?;
        if text.contains("\"type\":\"error\"") {
            return Err(format!("an error event: {}", excerpt(text, "\"type\":\"error\"")));
        }
        let marker = match op {
            Op::Show => "ListView",
            Op::Add => "Card",
            Op::Complete => "thread.item.replaced",
            Op::ThreadsList | Op::ItemsList => "\"data\"",
            Op::Ceiling => "data: ",
        };
        if !text.contains(marker) {
            return Err(format!(
                "{op:?}: no {marker} in the answer ({} bytes): {}",
                text.len(),
                &text[..text.len().min(300)]
            ));
        }
        // Only the workloads that click need to follow the list (the others leave its parsing out).
        if workload == "complete" || workload == "mix" {
            if op == Op::Show {
                self.list_item = list_item_id(text);
            }
            if matches!(op, Op::Show | Op::Complete) {
                self.next_action = first_toggle(text);
            }
        }
        Ok(())
    }
}

fn excerpt<'a>(text: &'a str, at: &str) -> &'a str {
    let start = text.find(at).unwrap_or(0);
    &text[start..text.len().min(start + 300)]
}

/// The id of the widget item holding the task list, from a stream's `thread.item.done` events.
fn list_item_id(text: &str) -> Option<String> {
    text.lines().filter_map(|l| l.strip_prefix("data: ")).filter(|l| l.contains("ListView")).find_map(|l| {
        let event: Value = serde_json::from_str(l).ok()?;
        (event["type"] == "thread.item.done").then(|| event["item"]["id"].as_str().map(str::to_owned)).flatten()
    })
}

/// The first task's Complete or Reopen button (its `onClickAction`), found without parsing the whole stream.
fn first_toggle(text: &str) -> Option<Value> {
    let mut rest = text;
    while let Some(at) = rest.find("\"onClickAction\":") {
        let object = &rest[at + 16..];
        let end = balanced(object)?;
        let action: Value = serde_json::from_str(&object[..end]).ok()?;
        if matches!(action["type"].as_str(), Some("task.complete" | "task.reopen")) {
            return Some(json!({"type": action["type"], "payload": action["payload"]}));
        }
        rest = &object[end..];
    }
    None
}

/// The length of the JSON object at the start of `s`.
fn balanced(s: &str) -> Option<usize> {
    let (mut depth, mut in_string, mut escaped) = (0i32, false, false);
    for (i, c) in s.bytes().enumerate() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

async fn request(env: &Env, client: &mut Client, started: Instant) -> Sample {
    let op = client.next_op(&env.workload);
    let body = client.body(op);
    let mut sample = Sample::default();
    let response = env
        .http
        .post(&env.url)
        .bearer_auth(&client.token)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await;
    let mut response = match response {
        Ok(r) => r,
        Err(e) => {
            sample.error = Some(format!("send: {e}"));
            sample.total = started.elapsed();
            return sample;
        }
    };
    let status = response.status();
    let mut buffer = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) => {
                if buffer.is_empty() {
                    sample.first = started.elapsed();
                }
                buffer.extend_from_slice(&chunk);
            }
            Ok(None) => break,
            Err(e) => {
                sample.error = Some(format!("read: {e}"));
                break;
            }
        }
    }
    sample.total = started.elapsed();
    sample.bytes = buffer.len();
    if sample.error.is_none() {
        if !status.is_success() {
            sample.error =
                Some(format!("HTTP {status}: {}", String::from_utf8_lossy(&buffer[..buffer.len().min(200)])));
        } else if let Err(e) = client.check(op, &buffer, &env.workload) {
            sample.error = Some(e);
        }
    }
    sample
}

/// (utime + stime ticks, VmHWM kB, VmRSS kB) summed over the pids.
fn proc_stats(pids: &[u32]) -> (u64, u64, u64) {
    let (mut ticks, mut hwm, mut rss) = (0, 0, 0);
    for pid in pids {
        if let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) {
            // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
            if let Some(after) = stat.rfind(')').map(|i| &stat[i + 2..]) {
                let fields: Vec<&str> = after.split_whitespace().collect();
                ticks += fields.get(11).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
                ticks += fields.get(12).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
            }
        }
        if let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) {
            for line in status.lines() {
                let value = || line.split_whitespace().nth(1).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
                if line.starts_with("VmHWM:") {
                    hwm += value();
                } else if line.starts_with("VmRSS:") {
                    rss += value();
                }
            }
        }
    }
    (ticks, hwm, rss)
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

async fn setup_client(env: &Env, token: String, id: usize) -> Result<Client, String> {
    // A thread of its own, started with a message every workload understands.
    let create = json!({"type": "threads.create", "params": {"input": {"content": [{"type": "input_text", "text": "show my tasks"}], "attachments": [], "inference_options": {}}}});
    let text = env
        .http
        .post(&env.url)
        .bearer_auth(&token)
        .json(&create)
        .send()
        .await
        .map_err(|e| format!("threads.create: {e}"))?
        .text()
        .await
        .map_err(|e| format!("threads.create: {e}"))?;
    let thread_id = text
        .lines()
        .filter_map(|line| line.strip_prefix("data: "))
        .filter_map(|data| serde_json::from_str::<Value>(data).ok())
        .find_map(|event| event["thread"]["id"].as_str().map(str::to_owned))
        .ok_or_else(|| format!("threads.create: no thread in {}", &text[..text.len().min(300)]))?;
    let list_item = list_item_id(&text);
    let next_action = first_toggle(&text);
    Ok(Client { token, thread_id, list_item, next_action, step: 0, added: 0, id })
}

async fn run(opts: &Opts) -> i32 {
    let base = opts.get("base").expect("--base").trim_end_matches('/').to_owned();
    let workload = opts.get("workload").unwrap_or("show").to_owned();
    let concurrency: usize = opts.num("concurrency", 16);
    let rate: f64 = opts.num("rate", 0.0);
    let seconds: f64 = opts.num("seconds", 5.0);
    let warmup: f64 = opts.num("warmup", 1.0);
    let label = opts.get("label").unwrap_or(&workload).to_owned();
    let pids: Vec<u32> = opts.all("pid").iter().map(|p| p.parse().expect("--pid")).collect();
    let tokens: Vec<String> = match opts.get("tokens") {
        Some(file) => std::fs::read_to_string(file).expect("tokens file").lines().map(str::to_owned).collect(),
        None => vec![String::new()],
    };
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency.max(1))
        .tcp_nodelay(true)
        .build()
        .expect("a client");
    let env = Arc::new(Env { http, url: format!("{base}/chatkit"), workload: workload.clone() });

    // Set up every client (its thread and first list) before the clock starts, a few at a time.
    let mut clients = Vec::with_capacity(concurrency);
    let setup_started = Instant::now();
    let mut pending = Vec::new();
    for i in 0..concurrency {
        let token = tokens[i % tokens.len()].clone();
        let env = env.clone();
        pending.push(tokio::spawn(async move {
            if env.workload == "ceiling" {
                return Ok(Client {
                    token,
                    thread_id: "thr".into(),
                    list_item: None,
                    next_action: None,
                    step: 0,
                    added: 0,
                    id: i,
                });
            }
            setup_client(&env, token, i).await
        }));
        if pending.len() == 32 || i + 1 == concurrency {
            for handle in pending.drain(..) {
                match handle.await.expect("setup") {
                    Ok(client) => clients.push(client),
                    Err(e) => {
                        eprintln!("load run {label}: setup failed: {e}");
                        return 1;
                    }
                }
            }
        }
    }
    let setup = setup_started.elapsed();

    // Open-loop schedule (with --rate): one shared queue of scheduled start times.
    let (tick_tx, tick_rx) = tokio::sync::mpsc::channel::<Instant>(1_000_000);
    let tick_rx = Arc::new(tokio::sync::Mutex::new(tick_rx));
    let stop = Arc::new(AtomicBool::new(false));
    let begin = Instant::now();
    let measure_from = begin + Duration::from_secs_f64(warmup);
    let end = measure_from + Duration::from_secs_f64(seconds);
    let (baseline_tx, baseline_rx) = tokio::sync::oneshot::channel();
    {
        let pids = pids.clone();
        tokio::spawn(async move {
            tokio::time::sleep_until(measure_from.into()).await;
            // Peak memory from here on: writing 5 to clear_refs resets VmHWM (seeding, e.g. argon2 at sign-up,
            // must not count). Where that is not allowed the peak since the server started is reported.
            for pid in &pids {
                let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
            }
            let _ = baseline_tx.send((proc_stats(&pids), proc_stats(&[std::process::id()])));
        });
    }
    if rate > 0.0 {
        let stop = stop.clone();
        tokio::spawn(async move {
            let interval = Duration::from_secs_f64(1.0 / rate);
            let mut next = begin;
            while next < end && !stop.load(Ordering::Relaxed) {
                tokio::time::sleep_until(next.into()).await;
                if tick_tx.send(next).await.is_err() {
                    break;
                }
                next += interval;
            }
        });
    } else {
        drop(tick_tx);
    }

    let mut workers = Vec::new();
    for mut client in clients {
        let env = env.clone();
        let tick_rx = tick_rx.clone();
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            loop {
                let started = if rate > 0.0 {
                    let tick = tick_rx.lock().await.recv().await;
                    match tick {
                        Some(t) => t,
                        None => break,
                    }
                } else {
                    let now = Instant::now();
                    if now >= end {
                        break;
                    }
                    now
                };
                let sample = request(&env, &mut client, started).await;
                if started >= measure_from && started < end {
                    samples.push(sample);
                }
            }
            samples
        }));
    }
    let mut samples = Vec::new();
    for worker in workers {
        samples.extend(worker.await.expect("worker"));
    }
    let finished = Instant::now();
    stop.store(true, Ordering::Relaxed);
    let ((ticks0, _, _), (self0, _, _)) = baseline_rx.await.unwrap_or(((0, 0, 0), (0, 0, 0)));
    let (ticks1, hwm, rss) = proc_stats(&pids);
    let (self1, self_hwm, _) = proc_stats(&[std::process::id()]);
    // The window: from the start of measurement to the last measured request's end (closed loop runs past `end`
    // by at most one request per client).
    let window = finished.saturating_duration_since(measure_from).as_secs_f64().max(1e-9);

    let errors: Vec<&Sample> = samples.iter().filter(|s| s.error.is_some()).collect();
    let ok: Vec<&Sample> = samples.iter().filter(|s| s.error.is_none()).collect();
    let mut first: Vec<Duration> = ok.iter().map(|s| s.first).collect();
    let mut total: Vec<Duration> = ok.iter().map(|s| s.total).collect();
    first.sort();
    total.sort();
    let bytes = if ok.is_empty() { 0 } else { ok.iter().map(|s| s.bytes).sum::<usize>() / ok.len() };
    let throughput = ok.len() as f64 / window;
    let cpu = ticks1.saturating_sub(ticks0) as f64 / 100.0 / window;
    let self_cpu = self1.saturating_sub(self0) as f64 / 100.0 / window;
    let result = json!({
        "label": label, "workload": workload, "concurrency": concurrency, "rate": rate,
        "seconds": window, "setup_seconds": setup.as_secs_f64(),
        "requests": ok.len(), "errors": errors.len(), "throughput": throughput, "mean_bytes": bytes,
        "ttfb_ms": {"p50": percentile(&first, 0.5), "p90": percentile(&first, 0.9), "p99": percentile(&first, 0.99), "max": percentile(&first, 1.0)},
        "total_ms": {"p50": percentile(&total, 0.5), "p90": percentile(&total, 0.9), "p99": percentile(&total, 0.99), "max": percentile(&total, 1.0)},
        "server_cpu_cores": if pids.is_empty() { Value::Null } else { json!(cpu) },
        "server_cpu_ms_per_request": if pids.is_empty() || ok.is_empty() { Value::Null } else { json!(cpu * window * 1000.0 / ok.len() as f64) },
        "server_peak_rss_mb": if pids.is_empty() { Value::Null } else { json!(hwm as f64 / 1024.0) },
        "server_rss_mb": if pids.is_empty() { Value::Null } else { json!(rss as f64 / 1024.0) },
        "loadgen_cpu_cores": self_cpu, "loadgen_peak_rss_mb": self_hwm as f64 / 1024.0,
        "first_errors": errors.iter().take(3).map(|s| s.error.clone()).collect::<Vec<_>>(),
    });
    eprintln!(
        "{label}: {} ok, {} errors in {window:.2} s → {throughput:.1} req/s; end of stream p50 {:.2} p90 {:.2} p99 {:.2} max {:.2} ms; first event p50 {:.2} p99 {:.2} ms; {bytes} B; server {cpu:.2} cores, peak {:.1} MB; load generator {self_cpu:.2} cores",
        ok.len(),
        errors.len(),
        percentile(&total, 0.5),
        percentile(&total, 0.9),
        percentile(&total, 0.99),
        percentile(&total, 1.0),
        percentile(&first, 0.5),
        percentile(&first, 0.99),
        hwm as f64 / 1024.0,
    );
    for e in errors.iter().take(3) {
        eprintln!("  error: {}", e.error.as_deref().unwrap_or(""));
    }
    println!("RESULT {result}");
    if errors.is_empty() && !ok.is_empty() { 0 } else { 1 }
}
