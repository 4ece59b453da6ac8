//! Outlier detection on consecutive errors, as Envoy's `consecutive_5xx` does it: a
//! replica that answers `consecutive_errors` calls in a row with an error is ejected from
//! its load balancer for a while, so callers stop paying for a broken host.
//!
//! What imitates Envoy and what does not:
//! - An error is what Envoy's router would count as a 5xx from the host: a transient or
//!   fatal error, a refused connection (the replica is down or cut off), a 503 at a full
//!   queue, and a caller's timeout (the router's 504). A success — and a business error, a
//!   4xx — resets the count. (Which answers are errors is the caller's side, `sim::calls`;
//!   this detector is told failed or not.)
//! - The k-th ejection of the same replica lasts k × `eject_for` (Envoy's
//!   `base_ejection_time` × number of ejections), at most `max(eject_for, 300 s)` (Envoy's
//!   `max_ejection_time` default). Envoy lowers the multiplier again while a host stays
//!   healthy; here it only grows.
//! - An ejection ends exactly at its time (Envoy un-ejects at its next `interval` tick, up
//!   to 10 s later by default).
//! - At most `max_ejected` of the replicas are ejected at once (Envoy's
//!   `max_ejection_percent`, as a fraction): an ejection happens while (ejected + 1) / N ≤
//!   `max_ejected` (Envoy's `DetectorImpl::ejectHost`), and one replica may always be
//!   ejected when none is (Envoy's documented "will eject at least one host", its
//!   `always_eject_one_host`). An ejection refused by the cap is counted (Envoy's
//!   `ejections_overflow`) and, as in Envoy, the replica's count starts again from zero.
//! - Answers a replica gives while ejected (calls sent before, or in panic mode) do not
//!   count: Envoy counts them but resets the count when it un-ejects the host, which comes
//!   to the same.

use crate::engine::ids::{ReplicaId, TiVec};
use crate::scenario::OutlierDetection;
use crate::time::{SimDuration, SimTime};

/// Envoy's default `max_ejection_time`: ejections grow no longer than this (or
/// `eject_for`, if that is longer).
pub const MAX_EJECTION: SimDuration = SimDuration::from_secs(300);

/// The detector of one service: a counter and an ejection per replica.
#[derive(Clone, Debug)]
pub struct OutlierDetector {
    spec: OutlierDetection,
    replicas: TiVec<ReplicaId, ReplicaHealth>,
    /// Ejections refused because `max_ejected` of the replicas were ejected already.
    capped: u64,
}

#[derive(Clone, Copy, Debug, Default)]
struct ReplicaHealth {
    /// Errors in a row since the last success or ejection.
    consecutive: u32,
    /// When the current ejection ends; at or before now: not ejected.
    ejected_until: SimTime,
    /// Times ejected since the run began (the multiplier of the next ejection time).
    ejections: u32,
}

/// A replica just ejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ejection {
    pub replica: ReplicaId,
    /// How long: `eject_for` × the number of times this replica has been ejected.
    pub duration: SimDuration,
    /// The how-many-th ejection of this replica (1 for the first).
    pub ejections: u32,
}

impl OutlierDetector {
    /// A detector for `replicas` replicas, none ejected.
    pub fn new(spec: OutlierDetection, replicas: usize) -> OutlierDetector {
        OutlierDetector { spec, replicas: vec![ReplicaHealth::default(); replicas].into(), capped: 0 }
    }

    /// The settings it runs with.
    pub fn spec(&self) -> &OutlierDetection {
        &self.spec
    }

    /// New settings from now on; counts and ejections in progress are kept.
    pub fn reconfigure(&mut self, spec: OutlierDetection) {
        self.spec = spec;
    }

    /// Out of balancing at `now`.
    pub fn is_ejected(&self, replica: ReplicaId, now: SimTime) -> bool {
        self.replicas[replica].ejected_until > now
    }

    /// Replicas out of balancing at `now`.
    pub fn ejected_count(&self, now: SimTime) -> usize {
        self.replicas.iter().filter(|r| r.ejected_until > now).count()
    }

    /// Times `replica` has been ejected.
    pub fn ejections(&self, replica: ReplicaId) -> u32 {
        self.replicas[replica].ejections
    }

    /// When the current ejection of `replica` ends, if it is ejected at `now`.
    pub fn ejected_until(&self, replica: ReplicaId, now: SimTime) -> Option<SimTime> {
        let until = self.replicas[replica].ejected_until;
        (until > now).then_some(until)
    }

    /// Ejections refused by the `max_ejected` cap.
    pub fn capped(&self) -> u64 {
        self.capped
    }

    /// Forgets the counts of ejections and refusals (a warm-up's end); ejections in
    /// progress go on, and the multiplier of the next one is kept.
    pub fn reset_statistics(&mut self) {
        self.capped = 0;
    }

    /// The answer of one call to `replica` at `now`: `failed` counts toward ejection,
    /// anything else resets. Returns the ejection it caused, if any.
    pub fn record(&mut self, replica: ReplicaId, failed: bool, now: SimTime) -> Option<Ejection> {
        let health = &mut self.replicas[replica];
        if !failed {
            health.consecutive = 0;
            return None;
        }
        if health.ejected_until > now {
            return None;
        }
        health.consecutive = health.consecutive.saturating_add(1);
        if health.consecutive < self.spec.consecutive_errors {
            return None;
        }
        health.consecutive = 0;
        if !self.may_eject(now) {
            self.capped += 1;
            return None;
        }
        let health = &mut self.replicas[replica];
        health.ejections += 1;
        let longest = self.spec.eject_for.max(MAX_EJECTION);
        let duration = SimDuration(self.spec.eject_for.0.saturating_mul(u64::from(health.ejections))).min(longest);
        health.ejected_until = now + duration;
        Some(Ejection { replica, duration, ejections: health.ejections })
    }

    /// Whether one more replica may be ejected: (ejected + 1) / N within `max_ejected`, or
    /// none ejected yet (Envoy ejects at least one host whatever the percentage).
    fn may_eject(&self, now: SimTime) -> bool {
        let ejected = self.ejected_count(now);
        ejected == 0 || (ejected + 1) as f64 <= self.spec.max_ejected * self.replicas.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detector(consecutive_errors: u32, eject_for_s: u64, max_ejected: f64, replicas: usize) -> OutlierDetector {
        let spec = OutlierDetection { consecutive_errors, eject_for: SimDuration::from_secs(eject_for_s), max_ejected };
        OutlierDetector::new(spec, replicas)
    }

    fn at(s: u64) -> SimTime {
        SimTime::ZERO + SimDuration::from_secs(s)
    }

    const R0: ReplicaId = ReplicaId::new(0);
    const R1: ReplicaId = ReplicaId::new(1);
    const R2: ReplicaId = ReplicaId::new(2);

    #[test]
    fn ejected_at_exactly_the_nth_error_in_a_row_and_back_after_eject_for() {
        let mut d = detector(3, 30, 1.0, 3);
        assert_eq!(d.record(R1, true, at(1)), None);
        assert_eq!(d.record(R1, true, at(2)), None);
        let ejection = d.record(R1, true, at(3));
        assert_eq!(ejection, Some(Ejection { replica: R1, duration: SimDuration::from_secs(30), ejections: 1 }));
        assert!(d.is_ejected(R1, at(3)));
        assert!(d.is_ejected(R1, at(32)));
        assert_eq!(d.ejected_until(R1, at(32)), Some(at(33)));
        // Back exactly at 3 s + 30 s.
        assert!(!d.is_ejected(R1, at(33)));
        assert!(!d.is_ejected(R0, at(3)));
    }

    #[test]
    fn a_success_or_a_business_error_resets_the_count() {
        let mut d = detector(3, 30, 1.0, 3);
        d.record(R0, true, at(1));
        d.record(R0, true, at(2));
        d.record(R0, false, at(3));
        assert_eq!(d.record(R0, true, at(4)), None);
        assert_eq!(d.record(R0, true, at(5)), None);
        assert!(d.record(R0, true, at(6)).is_some());
    }

    #[test]
    fn the_kth_ejection_lasts_k_times_as_long_up_to_300_s() {
        let mut d = detector(1, 30, 1.0, 2);
        let durations: Vec<u64> = (0..12)
            .map(|k| {
                // Each error comes after the previous ejection ended.
                let now = at(1 + 1000 * k);
                d.record(R0, true, now).map(|e| e.duration.0 / 1_000_000_000).unwrap_or(0)
            })
            .collect();
        assert_eq!(durations, [30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 300, 300]);
        assert_eq!(d.ejections(R0), 12);
    }

    #[test]
    fn the_cap_keeps_a_share_in_service_but_one_may_always_go() {
        // 3 replicas at 0.34: (0 + 1) / 3 ≤ 0.34 ejects one; (1 + 1) / 3 > 0.34 refuses the next.
        let mut d = detector(1, 30, 0.34, 3);
        assert!(d.record(R0, true, at(1)).is_some());
        assert_eq!(d.record(R1, true, at(2)), None);
        assert_eq!(d.capped(), 1);
        // As in Envoy, a refused ejection starts the count again: with a threshold of 1,
        // R1's next error after R0 is back ejects it.
        assert!(d.record(R1, true, at(31)).is_some());
        let mut d = detector(2, 30, 0.34, 3);
        d.record(R0, true, at(1));
        assert!(d.record(R0, true, at(1)).is_some());
        d.record(R1, true, at(2));
        assert_eq!(d.record(R1, true, at(2)), None);
        assert_eq!(d.capped(), 1);
        assert_eq!(d.record(R1, true, at(31)), None, "counting from zero again");
        assert!(d.record(R1, true, at(32)).is_some());
        // A cap of 0 still lets one go (Envoy: "will eject at least one host").
        let mut d = detector(1, 30, 0.0, 3);
        assert!(d.record(R2, true, at(1)).is_some());
        assert_eq!(d.record(R0, true, at(1)), None);
        // All may go at 1.0.
        let mut d = detector(1, 30, 1.0, 3);
        assert!([R0, R1, R2].iter().all(|&r| d.record(r, true, at(1)).is_some()));
        assert_eq!(d.ejected_count(at(1)), 3);
    }

    #[test]
    fn errors_answered_while_ejected_do_not_count() {
        let mut d = detector(2, 30, 1.0, 2);
        d.record(R0, true, at(1));
        assert!(d.record(R0, true, at(1)).is_some());
        assert_eq!(d.record(R0, true, at(2)), None);
        assert_eq!(d.record(R0, true, at(3)), None);
        assert_eq!(d.ejections(R0), 1);
        // Back at 31 s with a count of zero: two more errors to go again.
        assert_eq!(d.record(R0, true, at(31)), None);
        assert!(d.record(R0, true, at(31)).is_some());
    }
}
