//! Per-user limits: requests per minute (governor; `X-RateLimit-*` headers on every authenticated response) and
//! concurrent streams (a guard held by the stream's body). Without a shared store these are per instance.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use super::ApiError;

type UserRateLimiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// What the rate limiter said about one request, for the response headers.
#[derive(Debug, Clone, Copy)]
pub struct RateInfo {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the budget is full again.
    pub reset: u64,
}

/// Where the authenticated extractor leaves the rate information for the header middleware.
#[derive(Clone, Default)]
pub struct RateSlot(Arc<Mutex<Option<RateInfo>>>);

/// The limits of every user.
pub struct UserLimits {
    requests: UserRateLimiter,
    per_minute: u32,
    max_streams: usize,
    streams: Arc<Mutex<HashMap<String, usize>>>,
}

/// One open stream of a user; dropping it (the stream ended or the client left) frees the slot.
pub struct StreamSlot {
    user_id: String,
    streams: Arc<Mutex<HashMap<String, usize>>>,
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut streams = self.streams.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = streams.get_mut(&self.user_id) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                streams.remove(&self.user_id);
            }
        }
    }
}

impl UserLimits {
    pub fn new(per_minute: u32, max_streams: usize) -> Self {
        let per_minute = per_minute.max(1);
        let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
        Self {
            requests: RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>(),
            per_minute,
            max_streams: max_streams.max(1),
            streams: Arc::default(),
        }
    }

    /// Counts one request of `user_id`.
    pub fn check_request(&self, user_id: &str) -> Result<RateInfo, ApiError> {
        let full_refill = 60;
        match self.requests.check_key(&user_id.to_owned()) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = u64::from(self.per_minute - remaining.min(self.per_minute));
                let reset = (used * full_refill).div_ceil(u64::from(self.per_minute));
                Ok(RateInfo { limit: self.per_minute, remaining, reset })
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Err(ApiError::Throttled {
                    message: format!("more than {} requests in a minute; slow down", self.per_minute),
                    retry_after: wait.max(Duration::from_secs(1)),
                })
            }
        }
    }

    /// Takes a stream slot of `user_id`, or refuses when the user already has the maximum open.
    pub fn open_stream(&self, user_id: &str) -> Result<StreamSlot, ApiError> {
        let mut streams = self.streams.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = streams.entry(user_id.to_owned()).or_insert(0);
        if *count >= self.max_streams {
            return Err(ApiError::Throttled {
                message: format!("{} responses are already streaming; wait for one to finish", self.max_streams),
                retry_after: Duration::from_secs(1),
            });
        }
        *count += 1;
        Ok(StreamSlot { user_id: user_id.to_owned(), streams: Arc::clone(&self.streams) })
    }
}

impl RateSlot {
    pub fn set(&self, info: RateInfo) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(info);
    }
}

/// Puts `X-RateLimit-Limit / -Remaining / -Reset` on the response of every authenticated request.
pub async fn rate_headers(mut request: Request, next: Next) -> Response {
    let slot = RateSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let info = *slot.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(info) = info {
        let headers = response.headers_mut();
        for (name, value) in [
            ("x-ratelimit-limit", info.limit as u64),
            ("x-ratelimit-remaining", info.remaining as u64),
            ("x-ratelimit-reset", info.reset),
        ] {
            if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
                headers.insert(name, value);
            }
        }
    }
    response
}
