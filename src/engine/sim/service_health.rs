//! Active health checks of a service's replicas (see `policy::active_health` for the
//! state machine and what it imitates).
//!
//! Probes go out at every multiple of `interval` from time zero (a check added live
//! probes from the next multiple), to every replica at once, so the phase is fixed and a
//! detection time can be worked out by hand. A probe's outcome:
//! - the replica is down (crashed, cut off, failed): the connection is refused and the
//!   probe fails at once, at the probe instant;
//! - it answers within `timeout` (the service's mean latency times the replica's Slow
//!   factor, see `Service::probe_answer`): passed, counted at the probe instant;
//! - it would answer later (a hung or badly slowed replica): failed at the probe instant
//!   plus `timeout` (`timeout <= interval`, so before or at the next probe).
//!
//! A crash at t is therefore found at the k-th probe after t (k = `unhealthy_threshold`),
//! within ((k − 1)·i, k·i] after it; a replica up again at u is back at the h-th probe
//! after u (h = `healthy_threshold`), within ((h − 1)·i, h·i] after it. Until then the
//! balancer keeps sending it calls (which fail fast, "connection refused"); after, it
//! passes over it, as over a replica ejected by outlier detection, and with every replica
//! out it uses them all (Envoy's panic mode).

use super::*;
use crate::engine::policy::HealthChange;

impl Simulation {
    /// Starts service `s`'s chain of probes at the next multiple of its interval, unless
    /// one runs already.
    pub(super) fn arm_service_probes(&mut self, s: ServiceId) {
        let service = &mut self.services[s];
        let Some(health) = &service.health else { return };
        if service.probes_armed {
            return;
        }
        let next = self.now.next_multiple_of(health.spec().interval);
        service.probes_armed = true;
        self.queue.schedule(next, Event::ServiceProbe { service: s });
    }

    // Out of line: only scenarios with a health check ever get here, and the event
    // dispatch stays as small as it was for every other run.
    #[cold]
    #[inline(never)]
    pub(super) fn on_service_probe(&mut self, s: ServiceId) {
        let Some(health) = &self.services[s].health else {
            // Removed by a live change: the chain of probes ends here.
            self.services[s].probes_armed = false;
            return;
        };
        let (interval, timeout) = (SimDuration(health.spec().interval.0.max(1)), health.spec().timeout);
        let replicas = self.services[s].replicas().len();
        for r in (0..replicas).map(ReplicaId::from) {
            match self.services[s].probe_answer(r) {
                Some(answer) if answer <= timeout => self.probe_outcome(s, r, true),
                // Scheduled before the next probe: a timeout equal to the interval is
                // judged before the probe due at the same instant.
                Some(_) => {
                    self.queue.schedule(self.now + timeout, Event::ServiceProbeTimedOut { service: s, replica: r })
                }
                None => self.probe_outcome(s, r, false),
            }
        }
        self.queue.schedule(self.now + interval, Event::ServiceProbe { service: s });
    }

    #[cold]
    #[inline(never)]
    pub(super) fn on_service_probe_timed_out(&mut self, s: ServiceId, r: ReplicaId) {
        self.probe_outcome(s, r, false);
    }

    /// Records a probe of replica `r` and acts on a change: logged, and an outage's
    /// detection dated by the first ejection.
    fn probe_outcome(&mut self, s: ServiceId, r: ReplicaId, passed: bool) {
        // A check removed live while a probe was out: nothing records it.
        let Some(health) = &mut self.services[s].health else { return };
        let Some(change) = health.record(r, passed) else { return };
        let replica = &self.services[s].replicas()[r];
        let name = replica.name().to_string();
        match change {
            HealthChange::Ejected { failures } => {
                if let Some(id) = replica.incident() {
                    self.incidents.detected(id, self.now, "health check");
                }
                let text = LogText::ProbeEjected { failures: u64::from(failures) };
                self.log.push(self.now, Severity::Warning, name, text);
            }
            HealthChange::Returned { passes } => {
                self.log.push(self.now, Severity::Info, name, LogText::ProbeReturned { passes: u64::from(passes) });
            }
        }
    }
}
