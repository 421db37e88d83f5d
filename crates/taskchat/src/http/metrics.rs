//! `GET /metrics` in Prometheus' text format: requests and latency by route and ChatKit op, streams open now,
//! time to a stream's first event and its duration, the database pool, and the assistant's widget build and
//! language model times. (prometheus crate; one registry per app, so tests and instances do not share counters.)

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus::{
    Encoder, Histogram, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, Opts, Registry, TextEncoder,
};

use crate::assistant::AssistantMetrics;

use crate::state::AppState;

/// The service's metrics.
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pub streams_open: IntGauge,
    time_to_first_event: HistogramVec,
    stream_duration: HistogramVec,
    pool_size: IntGauge,
    pool_idle: IntGauge,
    /// The assistant's own measurements (widget build time, the language model), in the same registry.
    pub assistant: AssistantMetrics,
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
        let time_to_first_event = HistogramVec::new(
            HistogramOpts::new("chatkit_time_to_first_event_seconds", "From the request to a stream's first event")
                .buckets(vec![0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0]),
            &["op"],
        )?;
        let stream_duration = HistogramVec::new(
            HistogramOpts::new("chatkit_stream_duration_seconds", "From the request to the end of its stream")
                .buckets(vec![0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0]),
            &["op"],
        )?;
        let pool_size = IntGauge::new("db_pool_connections", "Database connections open")?;
        let pool_idle = IntGauge::new("db_pool_idle_connections", "Database connections idle")?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(streams_open.clone()))?;
        registry.register(Box::new(time_to_first_event.clone()))?;
        registry.register(Box::new(stream_duration.clone()))?;
        registry.register(Box::new(pool_size.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        let assistant = AssistantMetrics::new();
        assistant.register(&registry)?;
        Ok(Self {
            registry,
            requests,
            latency,
            streams_open,
            time_to_first_event,
            stream_duration,
            pool_size,
            pool_idle,
            assistant,
        })
    }
}

/// One stream in flight: counted in `chatkit_streams_open` until dropped, then its duration is observed.
pub struct OpenStream {
    open: IntGauge,
    duration: Histogram,
    first_event: Option<Histogram>,
    started: Instant,
}

impl OpenStream {
    /// `started` is when the request arrived, so both times include the work before the stream began.
    pub fn new(metrics: &Metrics, op: &str, started: Instant) -> Self {
        metrics.streams_open.inc();
        Self {
            open: metrics.streams_open.clone(),
            duration: metrics.stream_duration.with_label_values(&[op]),
            first_event: Some(metrics.time_to_first_event.with_label_values(&[op])),
            started,
        }
    }

    /// Called for every frame sent; the first one is timed.
    pub fn sent(&mut self) {
        if let Some(first_event) = self.first_event.take() {
            first_event.observe(self.started.elapsed().as_secs_f64());
        }
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.open.dec();
        self.duration.observe(self.started.elapsed().as_secs_f64());
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
