//! Active health checks of a group's instances: the Kubernetes liveness probe (and
//! Envoy's active health checking) beside the supervisor's heartbeat.
//!
//! A group's `health_check` probes every provisioned instance at each multiple of
//! `interval` from time zero (a check added live probes from the next multiple), so the
//! phase is fixed and a detection time can be worked out by hand. A probe fails when the
//! instance's process is down and went down strictly before the probe (a probe at the
//! very instant of a crash was answered just before it); an instance still starting is
//! not probed (Kubernetes holds liveness probes back until the startup probe passes).
//! After `failure_threshold` = k failed probes in a row the action runs; a success resets
//! the count. A crash at t is therefore acted on at the k-th probe after t: the first
//! failed probe comes within (0, i] after t, so the action comes within
//! ((k − 1)·i, k·i] after the crash.
//!
//! - `Restart` starts the process again at once (the kubelet kills and restarts the
//!   container). While the crash's cause persists (a Crash fault still on) or the
//!   instance is failed (a stochastic failure under repair), the restart is refused,
//!   counted, the count starts over and probing goes on.
//! - `Eject` removes the instance from the deployment as a scale-in would (its
//!   unfinished messages are redelivered): the group runs one short unless its
//!   autoscaler provisions another (Envoy's ejection, a pod taken out of service). The
//!   last provisioned instance is restarted instead of ejected.
//!
//! Relation to the supervisor: both watch the same processes independently. The
//! supervisor notices a crash after its fixed `detect_after` (a heartbeat timeout) and
//! restarts with crash-loop back-off; the health check notices on its probe grid. The
//! first to act wins: a restart by either makes the other's pending restart stale (the
//! instance is up again), and an ejection cancels the supervisor's.

use super::*;
use crate::scenario::HealthAction;

impl Simulation {
    /// Starts the group's chain of probes at the next multiple of its interval.
    pub(super) fn arm_health_probes(&mut self, g: GroupId) {
        let Some(check) = &self.groups[g].config.health_check else { return };
        let next = self.now.next_multiple_of(check.interval);
        self.groups[g].recovery.health_armed = true;
        self.queue.schedule(next, Event::HealthProbe { group: g });
    }

    pub(super) fn on_health_probe(&mut self, g: GroupId) {
        let Some(check) = self.groups[g].config.health_check.clone() else {
            // Removed by a live change: the chain of probes ends here.
            self.groups[g].recovery.health_armed = false;
            return;
        };
        let interval = SimDuration(check.interval.0.max(1));
        self.queue.schedule(self.now + interval, Event::HealthProbe { group: g });
        let threshold = check.failure_threshold.max(1);
        for i in self.groups[g].instances.keys() {
            let now = self.now;
            let inst = &mut self.groups[g].instances[i];
            if !inst.is_provisioned() || inst.starting {
                continue;
            }
            if inst.is_up() || inst.down_since >= now {
                inst.probe_failures = 0;
                continue;
            }
            inst.probe_failures += 1;
            let failures = inst.probe_failures;
            self.groups[g].recovery.health.failed_probes += 1;
            if failures >= threshold {
                self.groups[g].instances[i].probe_failures = 0;
                self.health_check_acts(g, i, check.action, failures);
            }
        }
    }

    fn health_check_acts(&mut self, g: GroupId, i: InstanceId, action: HealthAction, failures: u32) {
        if let Some(id) = self.groups[g].instances[i].incident {
            self.incidents.detected(id, self.now, "health check");
        }
        let failures = u64::from(failures);
        // Envoy never ejects past its `max_ejection_percent` (and routes to every host in
        // panic mode): the last instance is never ejected, it is restarted instead, so a
        // group cannot be left without instances by its own health check.
        let action = if action == HealthAction::Eject && self.groups[g].provisioned_instances() <= 1 {
            HealthAction::Restart
        } else {
            action
        };
        match action {
            HealthAction::Restart => {
                if self.crash_cause_persists(g, i) || self.groups[g].instances[i].failed {
                    self.groups[g].recovery.health.restarts_refused += 1;
                    let text = LogText::HealthCheckFailed { failures, outcome: HealthOutcome::StillDown };
                    self.log.push(self.now, Severity::Error, self.instance_name(g, i), text);
                    return;
                }
                self.groups[g].recovery.health.restarts += 1;
                let text = LogText::HealthCheckFailed { failures, outcome: HealthOutcome::Restarted };
                self.log.push(self.now, Severity::Warning, self.instance_name(g, i), text);
                self.restart_instance(g, i, "health check restart");
            }
            HealthAction::Eject => {
                self.groups[g].recovery.health.ejections += 1;
                let text = LogText::HealthCheckFailed { failures, outcome: HealthOutcome::Ejected };
                self.log.push(self.now, Severity::Warning, self.instance_name(g, i), text);
                let current = self.groups[g].provisioned_instances();
                self.stop_instance(g, i);
                self.fill_active_slots(g);
                let name = self.groups[g].name.clone();
                let (from, to) = (u64::from(current), u64::from(current - 1));
                self.log.push(
                    self.now,
                    Severity::Info,
                    name,
                    LogText::Scaled { from, to, why: ScaleCause::HealthCheck },
                );
                self.membership_changed(g, "instance ejected");
            }
        }
    }
}
