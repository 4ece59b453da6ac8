//! Retry back-off with jitter, as defined in the AWS Architecture Blog post
//! "Exponential Backoff And Jitter" (Brooker, 2015).

use super::rng::Stream;
use crate::scenario::{Backoff, ErrorClass, Jitter, Retry, RetryBudget};
use crate::time::{SimDuration, SimTime};
use rand::RngExt;

/// A retry policy as the engine runs it: attempts are counted in a u16 on the message
/// (and kept at most `MAX_ATTEMPTS` for every caller), so more could never be reached.
pub fn engine_retry(spec: &Retry) -> Retry {
    Retry { max_attempts: spec.max_attempts.clamp(1, crate::scenario::limits::MAX_ATTEMPTS), ..spec.clone() }
}

/// Whether a failed attempt of `class` may be retried under `retry` (attempts left
/// aside): never a business error (the request itself is wrong), a fatal one only with
/// `retry_fatal`. One rule for a group's attempts and a service's downstream calls.
pub fn retryable(class: ErrorClass, retry: &Retry) -> bool {
    match class {
        ErrorClass::Business => false,
        ErrorClass::Fatal => retry.retry_fatal,
        ErrorClass::Transient | ErrorClass::Timeout | ErrorClass::CircuitOpen | ErrorClass::BulkheadFull => true,
    }
}

/// The un-jittered delay before retry number `retry` (1 = first retry).
pub fn base_delay(backoff: &Backoff, retry: u32) -> SimDuration {
    let n = retry.max(1) - 1;
    match *backoff {
        Backoff::Constant(d) => d,
        Backoff::Linear { initial, increment, max } => {
            SimDuration(initial.0.saturating_add(increment.0.saturating_mul(u64::from(n)))).min(max)
        }
        Backoff::Exponential { initial, multiplier, max } => {
            let factor = multiplier.max(1.0).powi(n.min(1024) as i32);
            initial.mul_f64(factor).min(max)
        }
    }
}

fn initial_and_cap(backoff: &Backoff) -> (SimDuration, SimDuration) {
    match *backoff {
        Backoff::Constant(d) => (d, d),
        Backoff::Linear { initial, max, .. } | Backoff::Exponential { initial, max, .. } => (initial, max),
    }
}

/// The delay before retry number `retry`, jittered. `previous` is the delay used before
/// the previous retry (only decorrelated jitter uses it).
pub fn delay(backoff: &Backoff, jitter: Jitter, retry: u32, previous: SimDuration, rng: &mut Stream) -> SimDuration {
    let base = base_delay(backoff, retry);
    match jitter {
        Jitter::None => base,
        // sleep = random_between(0, base)
        Jitter::Full => SimDuration(rng.random_range(0..=base.0)),
        // sleep = base/2 + random_between(0, base/2)
        Jitter::Equal => SimDuration(base.0 / 2 + rng.random_range(0..=base.0 / 2)),
        // sleep = min(cap, random_between(initial, previous × 3))
        Jitter::Decorrelated => {
            let (initial, cap) = initial_and_cap(backoff);
            let previous = if previous.0 == 0 { initial } else { previous };
            let high = previous.0.saturating_mul(3).max(initial.0);
            SimDuration(rng.random_range(initial.0..=high)).min(cap)
        }
    }
}

/// Slices a retry budget's `ttl` is counted in (Finagle's `WindowedAdder` slices its window
/// the same way): a deposit or a withdrawal leaves the balance between 0.9 × ttl and ttl
/// after it was made.
const BUDGET_SLICES: usize = 10;

/// A caller's retry budget as it runs (see [`RetryBudget`]): requests and retries counted
/// per slice of `ttl / 10`, the oldest slice dropped as time passes.
#[derive(Clone, Debug)]
pub struct BudgetWindow {
    spec: RetryBudget,
    slice: SimDuration,
    /// Requests and retries by slice, a ring; `newest` is the slice that began at `since`.
    requests: [u64; BUDGET_SLICES],
    retries: [u64; BUDGET_SLICES],
    newest: usize,
    since: SimTime,
    /// Retries the budget refused, for the report.
    pub denied: u64,
}

impl BudgetWindow {
    pub fn new(spec: RetryBudget) -> BudgetWindow {
        let slice = SimDuration((spec.ttl.0 / BUDGET_SLICES as u64).max(1));
        BudgetWindow {
            spec,
            slice,
            requests: [0; BUDGET_SLICES],
            retries: [0; BUDGET_SLICES],
            newest: 0,
            since: SimTime::ZERO,
            denied: 0,
        }
    }

    /// Moves the window on to the slice holding `now`, forgetting the slices that left it.
    fn advance(&mut self, now: SimTime) {
        let behind = (now - self.since).0 / self.slice.0;
        if behind == 0 {
            return;
        }
        for _ in 0..behind.min(BUDGET_SLICES as u64) {
            self.newest = (self.newest + 1) % BUDGET_SLICES;
            self.requests[self.newest] = 0;
            self.retries[self.newest] = 0;
        }
        self.since = SimTime(self.since.0 + behind * self.slice.0);
    }

    /// A request (a first attempt) was made at `now`: it deposits `ratio` of a token.
    pub fn deposit(&mut self, now: SimTime) {
        self.advance(now);
        self.requests[self.newest] += 1;
    }

    /// Whether a retry may be made at `now`; if so it is counted.
    pub fn try_withdraw(&mut self, now: SimTime) -> bool {
        self.advance(now);
        let requests: u64 = self.requests.iter().sum();
        let retries: u64 = self.retries.iter().sum();
        let balance =
            self.spec.ratio * requests as f64 + self.spec.min_per_second * self.spec.ttl.as_secs_f64() - retries as f64;
        if balance >= 1.0 {
            self.retries[self.newest] += 1;
            true
        } else {
            self.denied += 1;
            false
        }
    }

    /// The policy changed live: the counts so far stay, the new terms apply from now.
    pub fn set_spec(&mut self, spec: RetryBudget) {
        if spec.ttl != self.spec.ttl {
            *self = BudgetWindow { denied: self.denied, ..BudgetWindow::new(spec) };
        } else {
            self.spec = spec;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng::stream;

    const MS: u64 = 1_000_000;

    #[test]
    fn exponential_doubles_up_to_the_cap() {
        let b = Backoff::Exponential {
            initial: SimDuration::from_millis(100),
            multiplier: 2.0,
            max: SimDuration::from_secs(1),
        };
        let delays: Vec<u64> = (1..=6).map(|n| base_delay(&b, n).0 / MS).collect();
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000]);
    }

    #[test]
    fn linear_adds_the_increment() {
        let b = Backoff::Linear {
            initial: SimDuration::from_millis(50),
            increment: SimDuration::from_millis(25),
            max: SimDuration::from_millis(120),
        };
        let delays: Vec<u64> = (1..=5).map(|n| base_delay(&b, n).0 / MS).collect();
        assert_eq!(delays, [50, 75, 100, 120, 120]);
    }

    #[test]
    fn jitter_stays_in_its_documented_range() {
        let b = Backoff::Exponential {
            initial: SimDuration::from_millis(100),
            multiplier: 2.0,
            max: SimDuration::from_secs(10),
        };
        let mut rng = stream(9, "jitter");
        let (mut full_sum, n) = (0u64, 20_000u64);
        for _ in 0..n {
            let full = delay(&b, Jitter::Full, 3, SimDuration::ZERO, &mut rng);
            assert!(full.0 <= 400 * MS);
            full_sum += full.0;
            let equal = delay(&b, Jitter::Equal, 3, SimDuration::ZERO, &mut rng);
            assert!((200 * MS..=400 * MS).contains(&equal.0));
            let decorrelated = delay(&b, Jitter::Decorrelated, 3, SimDuration::from_millis(300), &mut rng);
            assert!((100 * MS..=900 * MS).contains(&decorrelated.0));
        }
        // Full jitter averages half the base delay: 200 ms (sd of the mean ≈ 0.8 ms).
        let mean_ms = full_sum as f64 / n as f64 / MS as f64;
        assert!((mean_ms - 200.0).abs() < 4.0, "{mean_ms}");
    }

    /// Ratio 0.1, no minimum, ttl 10 s (slices of 1 s): 100 requests allow 10 retries
    /// (0.1 × 100 = 10 tokens), the 11th is refused; 10 s later those requests have left the
    /// window, and so have the retries.
    #[test]
    fn a_budget_allows_ratio_times_the_requests_in_its_window() {
        use crate::scenario::RetryBudget;
        use crate::time::SimTime;
        let spec = RetryBudget { ratio: 0.1, min_per_second: 0.0, ttl: SimDuration::from_secs(10) };
        let mut budget = BudgetWindow::new(spec);
        let at = |ms: u64| SimTime(ms * 1_000_000);
        for k in 0..100 {
            budget.deposit(at(k * 10));
        }
        let allowed = (0..11).filter(|_| budget.try_withdraw(at(999))).count();
        assert_eq!((allowed, budget.denied), (10, 1));
        // At 10.5 s the slice of 0–1 s has left: no requests, no retries, no balance.
        assert!(!budget.try_withdraw(at(10_500)));
        // A minimum of 0.5/s over 10 s is 5 retries whatever the requests.
        let mut floor = BudgetWindow::new(RetryBudget { min_per_second: 0.5, ..spec });
        assert_eq!((0..8).filter(|_| floor.try_withdraw(at(1))).count(), 5);
    }
}
