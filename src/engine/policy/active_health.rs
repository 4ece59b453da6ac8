//! Active health checking of a service's replicas: Envoy's `health_checks` (interval,
//! timeout, `unhealthy_threshold`, `healthy_threshold`) and Kubernetes' readiness probe
//! (`periodSeconds`, `timeoutSeconds`, `failureThreshold`, `successThreshold`).
//!
//! Each replica has a run of consecutive failed or passed probes. A healthy replica that
//! fails `unhealthy_threshold` probes in a row leaves balancing; an unhealthy one that
//! passes `healthy_threshold` in a row comes back. A probe of the other kind ends the run
//! (a pass resets the failures, a failure the passes). Every replica starts healthy (Envoy
//! adds hosts as healthy unless told to wait for a first check; a readiness probe's pod
//! starts unready, but a scenario's replicas are already serving at time zero).
//!
//! Unlike outlier detection (`policy::outlier`), which needs real calls to fail, a probe
//! finds a dead replica with no traffic at all, and brings it back only once it answers
//! again, not after a fixed ejection time.

use crate::engine::ids::{ReplicaId, TiVec};
use crate::scenario::ServiceHealthCheck;

/// One replica's probe history.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProbeState {
    /// Failed probes in a row (0 after a pass).
    pub failing: u32,
    /// Passed probes in a row (0 after a failure).
    pub passing: u32,
    /// Out of balancing by the health check.
    pub unhealthy: bool,
    /// Probes it failed, and times it was taken out.
    pub failed_probes: u64,
    pub ejections: u64,
}

/// What a probe's outcome changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthChange {
    /// The replica failed its `unhealthy_threshold`-th probe in a row: out of balancing.
    Ejected { failures: u32 },
    /// It passed its `healthy_threshold`-th in a row: back in balancing.
    Returned { passes: u32 },
}

/// The active health check of one service.
#[derive(Clone, Debug)]
pub struct ActiveHealth {
    spec: ServiceHealthCheck,
    replicas: TiVec<ReplicaId, ProbeState>,
}

impl ActiveHealth {
    pub fn new(spec: ServiceHealthCheck, replicas: usize) -> ActiveHealth {
        ActiveHealth { spec, replicas: (0..replicas).map(|_| ProbeState::default()).collect() }
    }

    pub fn spec(&self) -> &ServiceHealthCheck {
        &self.spec
    }

    /// New settings from a live change: runs and states are kept, and judged by the new
    /// thresholds from the next probe.
    pub fn reconfigure(&mut self, spec: ServiceHealthCheck) {
        self.spec = spec;
    }

    pub fn state(&self, r: ReplicaId) -> ProbeState {
        self.replicas.get(r).copied().unwrap_or_default()
    }

    /// Out of balancing by the health check.
    #[inline]
    pub fn is_unhealthy(&self, r: ReplicaId) -> bool {
        self.replicas.get(r).is_some_and(|s| s.unhealthy)
    }

    /// Records a probe of replica `r`: passed or failed.
    pub fn record(&mut self, r: ReplicaId, passed: bool) -> Option<HealthChange> {
        let (unhealthy_after, healthy_after) =
            (self.spec.unhealthy_threshold.max(1), self.spec.healthy_threshold.max(1));
        let state = self.replicas.get_mut(r)?;
        if passed {
            state.failing = 0;
            state.passing = state.passing.saturating_add(1);
            if state.unhealthy && state.passing >= healthy_after {
                state.unhealthy = false;
                return Some(HealthChange::Returned { passes: state.passing });
            }
        } else {
            state.passing = 0;
            state.failing = state.failing.saturating_add(1);
            state.failed_probes += 1;
            if !state.unhealthy && state.failing >= unhealthy_after {
                state.unhealthy = true;
                state.ejections += 1;
                return Some(HealthChange::Ejected { failures: state.failing });
            }
        }
        None
    }

    /// Forgets the counters (a warm-up's end); the states and runs go on.
    pub fn reset_statistics(&mut self) {
        for state in self.replicas.iter_mut() {
            state.failed_probes = 0;
            state.ejections = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::SimDuration;

    #[test]
    fn thresholds_in_a_row_take_out_and_bring_back() {
        let spec = ServiceHealthCheck {
            interval: SimDuration::from_secs(1),
            timeout: SimDuration::from_millis(100),
            unhealthy_threshold: 3,
            healthy_threshold: 2,
        };
        let mut h = ActiveHealth::new(spec, 2);
        let r = ReplicaId::from(1usize);
        // Two failures, a pass (the run starts over), then three failures.
        assert_eq!(h.record(r, false), None);
        assert_eq!(h.record(r, false), None);
        assert_eq!(h.record(r, true), None);
        assert_eq!(h.record(r, false), None);
        assert_eq!(h.record(r, false), None);
        assert_eq!(h.record(r, false), Some(HealthChange::Ejected { failures: 3 }));
        assert!(h.is_unhealthy(r) && !h.is_unhealthy(ReplicaId::from(0usize)));
        // Still failing: no second ejection. A pass, a failure, then two passes.
        assert_eq!(h.record(r, false), None);
        assert_eq!(h.record(r, true), None);
        assert_eq!(h.record(r, false), None);
        assert_eq!(h.record(r, true), None);
        assert_eq!(h.record(r, true), Some(HealthChange::Returned { passes: 2 }));
        let state = h.state(r);
        assert_eq!((state.failed_probes, state.ejections, state.unhealthy), (7, 1, false));
    }
}
