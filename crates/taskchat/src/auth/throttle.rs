//! Sign-in throttling: attempts per account and per client address, each within a minute (governor).

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Limits sign-in attempts; a refused attempt says how long to wait.
pub struct SignInThrottle {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

fn per_minute(n: u32) -> Quota {
    Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN))
}

impl SignInThrottle {
    pub fn new(per_account_per_minute: u32, per_address_per_minute: u32) -> Self {
        Self {
            per_account: RateLimiter::keyed(per_minute(per_account_per_minute)),
            per_address: RateLimiter::keyed(per_minute(per_address_per_minute)),
        }
    }

    /// Counts one attempt; `Err(wait)` when the account or the address has used its attempts.
    pub fn check(&self, email: &str, address: Option<IpAddr>) -> Result<(), Duration> {
        let clock = DefaultClock::default();
        if let Some(address) = address
            && let Err(not_until) = self.per_address.check_key(&address)
        {
            return Err(not_until.wait_time_from(clock.now()));
        }
        if let Err(not_until) = self.per_account.check_key(&email.to_owned()) {
            return Err(not_until.wait_time_from(clock.now()));
        }
        // Forget keys whose budget has refilled, so the maps stay small.
        if self.per_account.len() > 10_000 {
            self.per_account.retain_recent();
        }
        if self.per_address.len() > 10_000 {
            self.per_address.retain_recent();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_attempt_on_an_account_waits_but_another_account_does_not() {
        let throttle = SignInThrottle::new(5, 100);
        for _ in 0..5 {
            assert!(throttle.check("a@example.com", None).is_ok());
        }
        let wait = throttle.check("a@example.com", None).expect_err("throttled");
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(60));
        assert!(throttle.check("b@example.com", None).is_ok());
    }

    #[test]
    fn one_address_is_limited_across_accounts() {
        let throttle = SignInThrottle::new(100, 3);
        let address: IpAddr = [10, 0, 0, 1].into();
        for n in 0..3 {
            assert!(throttle.check(&format!("{n}@example.com"), Some(address)).is_ok());
        }
        assert!(throttle.check("x@example.com", Some(address)).is_err());
    }
}
