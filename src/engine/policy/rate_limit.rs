//! The token bucket of a group's rate limit, in exact integer virtual time.
//!
//! A bucket of `burst` tokens, full at the start, refilled at `per_second`; each handler
//! attempt takes one token. Implemented as the equivalent generic cell rate algorithm
//! (GCRA, ITU-T I.371): with emission interval T = 1/rate and tolerance τ = (burst − 1)·T,
//! a request at t conforms when t ≥ TAT − τ, and then TAT = max(TAT, t) + T. This keeps one
//! integer instead of a fractional token count, so admissions land on exact nanoseconds.
//!
//! Why not Guava's `SmoothBursty` or Resilience4j's `AtomicRateLimiter`: Guava lets the
//! request that empties the bucket through and makes the *next* one pay (burst + 1 calls
//! pass after an idle period), and Resilience4j refreshes a fixed number of permits per
//! period (a fixed window, not a bucket). A plain token bucket is what `per_second` and
//! `burst` describe; waiting requests reserve future tokens in FIFO order, as Guava's
//! `acquire()` and Resilience4j's `acquirePermission()` do.

use crate::time::{SimDuration, SimTime};

#[derive(Clone, Debug)]
pub struct TokenBucket {
    /// Nanoseconds per token, rounded to the nearest nanosecond (at least 1).
    interval_ns: u64,
    burst: u64,
    /// Theoretical arrival time: when the bucket would be empty again with no refill left
    /// owed. The bucket holds `burst − (TAT − now)/T` tokens (clamped to 0..=burst).
    tat: SimTime,
}

impl TokenBucket {
    pub fn new(per_second: f64, burst: u32) -> TokenBucket {
        let interval_ns = if per_second.is_finite() && per_second > 0.0 {
            (1e9 / per_second).round().clamp(1.0, u64::MAX as f64) as u64
        } else {
            u64::MAX
        };
        TokenBucket { interval_ns, burst: u64::from(burst.max(1)), tat: SimTime::ZERO }
    }

    /// A live change of the rate or the burst at `now`. The bucket keeps the tokens it
    /// holds (capped by a lowered burst; tokens reserved ahead stay reserved, as a
    /// negative level) and refills at the new rate from now on. Reservations already
    /// handed out keep their times.
    pub fn reconfigure(&mut self, per_second: f64, burst: u32, now: SimTime) {
        let tokens = self.tokens(now);
        *self = TokenBucket::new(per_second, burst);
        let owed_tokens = self.burst as f64 - tokens.min(self.burst as f64);
        let owed_ns = (owed_tokens * self.interval_ns as f64).round().clamp(0.0, u64::MAX as f64) as u64;
        self.tat = now + SimDuration(owed_ns);
    }

    fn tolerance_ns(&self) -> u64 {
        (self.burst - 1).saturating_mul(self.interval_ns)
    }

    /// Earliest time a token is available.
    pub fn next_token_at(&self, now: SimTime) -> SimTime {
        SimTime(self.tat.0.saturating_sub(self.tolerance_ns())).max(now)
    }

    /// Takes a token now if there is one.
    pub fn try_take(&mut self, now: SimTime) -> bool {
        if self.next_token_at(now) > now {
            return false;
        }
        self.tat = self.tat.max(now) + SimDuration(self.interval_ns);
        true
    }

    /// Reserves the next token (FIFO behind earlier reservations) and returns when it is due.
    pub fn reserve(&mut self, now: SimTime) -> SimTime {
        let at = self.next_token_at(now);
        self.tat = self.tat.max(at) + SimDuration(self.interval_ns);
        at
    }

    /// Tokens in the bucket at `now` (negative when future tokens are reserved), for display.
    pub fn tokens(&self, now: SimTime) -> f64 {
        let owed = self.tat.0 as f64 - now.0 as f64;
        (self.burst as f64 - owed / self.interval_ns as f64).min(self.burst as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: u64 = 1_000_000;

    #[test]
    fn a_full_bucket_passes_burst_then_one_token_per_interval() {
        // 10/s → a token every 100 ms; burst 3.
        let mut b = TokenBucket::new(10.0, 3);
        let passed: Vec<bool> = (0..5).map(|_| b.try_take(SimTime::ZERO)).collect();
        assert_eq!(passed, [true, true, true, false, false]);
        assert_eq!(b.next_token_at(SimTime::ZERO), SimTime(100 * MS));
        assert!(!b.try_take(SimTime(100 * MS - 1)));
        assert!(b.try_take(SimTime(100 * MS)));
        assert!(!b.try_take(SimTime(150 * MS)));
        assert!(b.try_take(SimTime(200 * MS)));
        // Idle for a second: refilled to the burst, not beyond.
        let later = SimTime(1_200 * MS);
        assert_eq!((0..5).filter(|_| b.try_take(later)).count(), 3);
    }

    #[test]
    fn a_live_change_keeps_the_tokens_and_refills_at_the_new_rate() {
        let mut b = TokenBucket::new(10.0, 4);
        assert_eq!((0..3).filter(|_| b.try_take(SimTime::ZERO)).count(), 3);
        assert!((b.tokens(SimTime::ZERO) - 1.0).abs() < 1e-9);
        // 100/s, burst 10: still one token, then one every 10 ms.
        b.reconfigure(100.0, 10, SimTime::ZERO);
        assert!((b.tokens(SimTime::ZERO) - 1.0).abs() < 1e-9);
        assert!(b.try_take(SimTime::ZERO));
        assert!(!b.try_take(SimTime::ZERO));
        assert!(b.try_take(SimTime(10 * MS)));
        // A lowered burst caps what the bucket holds.
        b.reconfigure(100.0, 2, SimTime(1_000 * MS));
        assert!((b.tokens(SimTime(1_000 * MS)) - 2.0).abs() < 1e-9);
    }

    #[test]
    fn reservations_queue_behind_each_other() {
        let mut b = TokenBucket::new(10.0, 2);
        let at: Vec<u64> = (0..5).map(|_| b.reserve(SimTime(50 * MS)).0 / MS).collect();
        // Two tokens at once, then one every 100 ms counted from the first take at 50 ms.
        assert_eq!(at, [50, 50, 150, 250, 350]);
        assert!(!b.try_take(SimTime(350 * MS)), "the 350 ms token is reserved");
        assert!((b.tokens(SimTime(50 * MS)) - -3.0).abs() < 1e-9);
    }

    #[test]
    fn admissions_over_a_long_run_match_rate_times_time_plus_burst() {
        // Offered 1 request per ms for 10 s against 250/s with burst 50:
        // admitted = 50 + 250 × 10 (the bucket refills during the whole run) = 2550.
        let mut b = TokenBucket::new(250.0, 50);
        let admitted = (0..10_000u64).filter(|ms| b.try_take(SimTime(ms * MS))).count();
        assert_eq!(admitted, 50 + 2_500 - 1, "the token due at exactly 10 s falls outside [0, 10 s)");
    }
}
