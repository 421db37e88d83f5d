//! Limits: requests per minute per user and, on the endpoints used before signing in, per client address;
//! concurrent streams per user. `X-RateLimit-*` headers on every limited response.
//!
//! Without `--redis-url` the counters live in this process (governor's GCRA, so a budget refills smoothly) and
//! each instance enforces its own limits. With it, Redis holds the counters (a fixed one-minute window per key,
//! and a sorted set of stream leases per user), so several instances enforce one limit. When Redis fails the
//! instance falls back to its own counters and says so in the log: a limiter outage never becomes a user outage.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use redis::aio::ConnectionManager;

use super::ApiError;
use crate::state::AppState;

type KeyedRateLimiter = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock, StateInformationMiddleware>;

/// What the rate limiter said about one request, for the response headers.
#[derive(Debug, Clone, Copy)]
pub struct RateInfo {
    pub limit: u32,
    pub remaining: u32,
    /// Seconds until the budget is full again.
    pub reset: u64,
}

/// One counted request: its headers, and whether it may go on.
pub struct RateCheck {
    pub info: RateInfo,
    pub verdict: Result<(), ApiError>,
}

/// Where the limiters leave the rate information for the header middleware.
#[derive(Clone, Default)]
pub struct RateSlot(Arc<Mutex<Option<RateInfo>>>);

/// Who a budget belongs to.
#[derive(Clone, Copy)]
enum Scope {
    User,
    Address,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Address => "addr",
        }
    }
}

/// How long a stream holds its shared slot at most: a crashed instance's streams free their slots after this.
const STREAM_LEASE: Duration = Duration::from_secs(3600);

/// Counts a request in a one-minute window; returns the count so far and the window's milliseconds left.
const FIXED_WINDOW_SCRIPT: &str = r"
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
return {count, ttl}
";

/// Takes a stream slot (a member scored by its lease's end) unless `max` unexpired ones are held.
const STREAM_LEASE_SCRIPT: &str = r"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
";

/// The counters shared by every instance through Redis.
struct SharedCounters {
    connection: ConnectionManager,
    prefix: String,
    fixed_window: redis::Script,
    stream_lease: redis::Script,
}

/// The limits of every user and address.
pub struct UserLimits {
    per_user: KeyedRateLimiter,
    per_address: KeyedRateLimiter,
    per_user_per_minute: u32,
    per_address_per_minute: u32,
    max_streams: usize,
    streams: Arc<Mutex<HashMap<String, usize>>>,
    shared: Option<SharedCounters>,
}

/// One open stream of a user; dropping it (the stream ended or the client left) frees the slot.
pub enum StreamSlot {
    Local { user_id: String, streams: Arc<Mutex<HashMap<String, usize>>> },
    Shared { connection: ConnectionManager, key: String, member: String },
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        match self {
            Self::Local { user_id, streams } => {
                let mut streams = streams.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                if let Some(count) = streams.get_mut(user_id.as_str()) {
                    *count = count.saturating_sub(1);
                    if *count == 0 {
                        streams.remove(user_id.as_str());
                    }
                }
            }
            Self::Shared { connection, key, member } => {
                let (mut connection, key, member) = (connection.clone(), std::mem::take(key), std::mem::take(member));
                // Drop cannot wait: the release goes on its own task (the lease expires anyway if it fails).
                if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                    runtime.spawn(async move {
                        let released: redis::RedisResult<i64> =
                            redis::cmd("ZREM").arg(&key).arg(&member).query_async(&mut connection).await;
                        if let Err(error) = released {
                            tracing::warn!(%error, "could not release a shared stream slot; its lease will expire");
                        }
                    });
                }
            }
        }
    }
}

fn keyed_limiter(per_minute: u32) -> KeyedRateLimiter {
    let quota = Quota::per_minute(NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN));
    RateLimiter::keyed(quota).with_middleware::<StateInformationMiddleware>()
}

fn unix_millis() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_millis() as u64).unwrap_or_default()
}

impl UserLimits {
    /// Limits kept in this process.
    pub fn new(per_user_per_minute: u32, per_address_per_minute: u32, max_streams: usize) -> Self {
        let per_user_per_minute = per_user_per_minute.max(1);
        let per_address_per_minute = per_address_per_minute.max(1);
        Self {
            per_user: keyed_limiter(per_user_per_minute),
            per_address: keyed_limiter(per_address_per_minute),
            per_user_per_minute,
            per_address_per_minute,
            max_streams: max_streams.max(1),
            streams: Arc::default(),
            shared: None,
        }
    }

    /// Keeps the counters in the Redis at `url` (keys start with `prefix:`), shared by every instance using it.
    pub async fn shared_through_redis(mut self, url: &str, prefix: &str) -> redis::RedisResult<Self> {
        let client = redis::Client::open(url)?;
        let connection = ConnectionManager::new(client).await?;
        self.shared = Some(SharedCounters {
            connection,
            prefix: prefix.to_owned(),
            fixed_window: redis::Script::new(FIXED_WINDOW_SCRIPT),
            stream_lease: redis::Script::new(STREAM_LEASE_SCRIPT),
        });
        Ok(self)
    }

    /// Counts one request of `user_id`.
    pub async fn check_request(&self, user_id: &str) -> RateCheck {
        self.check(Scope::User, user_id).await
    }

    /// Counts one request from `address` to an endpoint used before signing in.
    pub async fn check_address(&self, address: IpAddr) -> RateCheck {
        self.check(Scope::Address, &address.to_string()).await
    }

    async fn check(&self, scope: Scope, key: &str) -> RateCheck {
        let limit = match scope {
            Scope::User => self.per_user_per_minute,
            Scope::Address => self.per_address_per_minute,
        };
        if let Some(shared) = &self.shared {
            match Self::check_shared(shared, scope, key).await {
                Ok((count, window_left)) => return Self::fixed_window_verdict(scope, limit, count, window_left),
                Err(error) => tracing::warn!(%error, "Redis is unreachable: limiting this instance on its own"),
            }
        }
        let limiter = match scope {
            Scope::User => &self.per_user,
            Scope::Address => &self.per_address,
        };
        match limiter.check_key(&key.to_owned()) {
            Ok(snapshot) => {
                let remaining = snapshot.remaining_burst_capacity();
                let used = u64::from(limit - remaining.min(limit));
                let reset = (used * 60).div_ceil(u64::from(limit));
                RateCheck { info: RateInfo { limit, remaining, reset }, verdict: Ok(()) }
            }
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now()).max(Duration::from_secs(1));
                let info = RateInfo { limit, remaining: 0, reset: wait.as_secs().max(1) };
                RateCheck { info, verdict: Err(Self::throttled(scope, limit, wait)) }
            }
        }
    }

    async fn check_shared(shared: &SharedCounters, scope: Scope, key: &str) -> redis::RedisResult<(u64, u64)> {
        let window = unix_millis() / 60_000;
        let redis_key = format!("{}:rate:{}:{key}:{window}", shared.prefix, scope.name());
        let mut connection = shared.connection.clone();
        let (count, window_left): (u64, i64) =
            shared.fixed_window.key(redis_key).arg(60_000).invoke_async(&mut connection).await?;
        Ok((count, u64::try_from(window_left).unwrap_or(60_000)))
    }

    fn fixed_window_verdict(scope: Scope, limit: u32, count: u64, window_left_ms: u64) -> RateCheck {
        let reset = window_left_ms.div_ceil(1000).max(1);
        let remaining = u32::try_from(u64::from(limit).saturating_sub(count)).unwrap_or(0);
        let info = RateInfo { limit, remaining, reset };
        let verdict = if count > u64::from(limit) {
            Err(Self::throttled(scope, limit, Duration::from_secs(reset)))
        } else {
            Ok(())
        };
        RateCheck { info, verdict }
    }

    fn throttled(scope: Scope, limit: u32, retry_after: Duration) -> ApiError {
        let message = match scope {
            Scope::User => format!("more than {limit} requests in a minute; slow down"),
            Scope::Address => format!("more than {limit} requests in a minute from your address; slow down"),
        };
        ApiError::Throttled { message, retry_after }
    }

    fn too_many_streams(&self) -> ApiError {
        ApiError::Throttled {
            message: format!("{} responses are already streaming; wait for one to finish", self.max_streams),
            retry_after: Duration::from_secs(1),
        }
    }

    /// Takes a stream slot of `user_id`, or refuses when the user already has the maximum open.
    pub async fn open_stream(&self, user_id: &str) -> Result<StreamSlot, ApiError> {
        if let Some(shared) = &self.shared {
            let key = format!("{}:streams:{user_id}", shared.prefix);
            let member = uuid::Uuid::new_v4().simple().to_string();
            let mut connection = shared.connection.clone();
            let taken: redis::RedisResult<i64> = shared
                .stream_lease
                .key(&key)
                .arg(unix_millis())
                .arg(STREAM_LEASE.as_millis() as u64)
                .arg(self.max_streams)
                .arg(&member)
                .invoke_async(&mut connection)
                .await;
            match taken {
                Ok(1) => return Ok(StreamSlot::Shared { connection, key, member }),
                Ok(_) => return Err(self.too_many_streams()),
                Err(error) => tracing::warn!(%error, "Redis is unreachable: counting streams on this instance"),
            }
        }
        let mut streams = self.streams.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = streams.entry(user_id.to_owned()).or_insert(0);
        if *count >= self.max_streams {
            return Err(self.too_many_streams());
        }
        *count += 1;
        Ok(StreamSlot::Local { user_id: user_id.to_owned(), streams: Arc::clone(&self.streams) })
    }
}

impl RateSlot {
    pub fn set(&self, info: RateInfo) {
        *self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(info);
    }
}

/// Puts `X-RateLimit-Limit / -Remaining / -Reset` on the response of every limited request.
pub async fn rate_headers(mut request: Request, next: Next) -> Response {
    let slot = RateSlot::default();
    request.extensions_mut().insert(slot.clone());
    let mut response = next.run(request).await;
    let info = *slot.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(info) = info {
        let headers = response.headers_mut();
        for (name, value) in [
            ("x-ratelimit-limit", u64::from(info.limit)),
            ("x-ratelimit-remaining", u64::from(info.remaining)),
            ("x-ratelimit-reset", info.reset),
        ] {
            if let Ok(value) = HeaderValue::from_str(&value.to_string()) {
                headers.insert(name, value);
            }
        }
    }
    response
}

/// The per-address budget of the endpoints used before signing in (sign-up, sign-in, the session probe, the
/// API description and the UI settings).
pub async fn per_address(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    let checked = state.limits.check_address(peer.ip()).await;
    if let Some(slot) = request.extensions().get::<RateSlot>() {
        slot.set(checked.info);
    }
    match checked.verdict {
        Ok(()) => next.run(request).await,
        Err(error) => error.into_response(),
    }
}
