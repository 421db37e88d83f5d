//! The assistant's measurements, exported on `/metrics`: how long widgets take to build, how long the language
//! model takes to start and finish answering, and how its calls fail. Registered by the HTTP layer's registry;
//! a server built without one (benches, unit tests) measures into collectors nobody reads.

use std::time::Instant;

use prometheus::{HistogramOpts, HistogramVec, IntCounterVec, Opts, Registry};

#[derive(Clone)]
pub struct AssistantMetrics {
    widget_build: HistogramVec,
    llm_latency: HistogramVec,
    llm_errors: IntCounterVec,
}

impl Default for AssistantMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl AssistantMetrics {
    pub fn new() -> Self {
        let widget_build = HistogramVec::new(
            HistogramOpts::new("assistant_widget_build_seconds", "Time to build a widget, by widget")
                .buckets(vec![0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01]),
            &["widget"],
        )
        .expect("static metric definition");
        let llm_latency = HistogramVec::new(
            HistogramOpts::new(
                "llm_request_duration_seconds",
                "Language model calls: time to the first streamed chunk, and to the end of the answer",
            )
            .buckets(vec![0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0]),
            &["phase"],
        )
        .expect("static metric definition");
        let llm_errors =
            IntCounterVec::new(Opts::new("llm_errors_total", "Failed language model calls, by kind"), &["kind"])
                .expect("static metric definition");
        Self { widget_build, llm_latency, llm_errors }
    }

    pub fn register(&self, registry: &Registry) -> Result<(), prometheus::Error> {
        registry.register(Box::new(self.widget_build.clone()))?;
        registry.register(Box::new(self.llm_latency.clone()))?;
        registry.register(Box::new(self.llm_errors.clone()))?;
        Ok(())
    }

    /// Builds a widget with `build`, timing it under `widget`.
    pub fn build_widget<T>(&self, widget: &'static str, build: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let built = build();
        self.widget_build.with_label_values(&[widget]).observe(started.elapsed().as_secs_f64());
        built
    }

    /// A model call took `started.elapsed()` to reach `phase` ("first_chunk" or "complete").
    pub fn llm_reached(&self, phase: &'static str, started: Instant) {
        self.llm_latency.with_label_values(&[phase]).observe(started.elapsed().as_secs_f64());
    }

    pub fn llm_failed(&self, kind: &'static str) {
        self.llm_errors.with_label_values(&[kind]).inc();
    }
}
