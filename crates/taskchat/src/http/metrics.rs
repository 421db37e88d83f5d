//! `GET /metrics` in Prometheus' text format: requests and latency by route and ChatKit op, streams open now,
//! the database pool. (prometheus crate; one registry per app, so tests and instances do not share counters.)

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder};

use crate::state::AppState;

/// The service's metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pub streams_open: IntGauge,
    pool_size: IntGauge,
    pool_idle: IntGauge,
}

/// The ChatKit operation of a request, set by the ChatKit handler for the metrics layer.
#[derive(Clone, Debug)]
pub struct ChatKitOp(pub String);

impl Metrics {
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("taskchat".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route, ChatKit op and status"),
            &["route", "op", "status"],
        )?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to the response head (streams: to their start)")
                .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5]),
            &["route", "op"],
        )?;
        let streams_open = IntGauge::new("chatkit_streams_open", "ChatKit responses streaming now")?;
        let pool_size = IntGauge::new("db_pool_connections", "Database connections open")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Database connections idle")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(streams_open.clone()))?;
        registry.register(Box::new(pool_size.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        Ok(Self { registry, requests, latency, streams_open, pool_size, pool_idle })
    }
}

/// One stream counted in `chatkit_streams_open` until it is dropped.
pub struct OpenStream(IntGauge);

impl OpenStream {
    pub fn new(metrics: &Metrics) -> Self {
        metrics.streams_open.inc();
        Self(metrics.streams_open.clone())
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Counts and times every request by its route template (never its concrete path: ids would explode the labels).
pub async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|path| path.as_str().to_owned());
    let route = route.unwrap_or_else(|| "other".to_owned());
    let started = Instant::now();
    let response = next.run(request).await;
    let op = response.extensions().get::<ChatKitOp>().map(|op| op.0.as_str()).unwrap_or("");
    let status = response.status().as_u16().to_string();
    state.metrics.requests.with_label_values(&[&route, op, &status]).inc();
    state.metrics.latency.with_label_values(&[&route, op]).observe(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`.
pub async fn render(State(state): State<AppState>) -> Response {
    let metrics = &state.metrics;
    metrics.pool_size.set(i64::from(state.db.pool.size()));
    metrics.pool_idle.set(i64::try_from(state.db.pool.num_idle()).unwrap_or(i64::MAX));
    let mut body = Vec::new();
    if let Err(error) = TextEncoder::new().encode(&metrics.registry.gather(), &mut body) {
        return super::ApiError::Internal(format!("metrics: {error}")).into_response();
    }
    let mut response = body.into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"));
    response
}
