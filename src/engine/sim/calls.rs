//! Service calls made by handlers: capacity queueing, completion and timeouts.
//!
//! A call's life: `issue_call` (the breaker may refuse it; the timeout starts; the bulkhead
//! may make it wait) → `dispatch_call` (the service serves it or queues it) → `call_ended`
//! with the outcome, the one exit where guards learn the outcome and the job goes on.

use super::*;
use crate::engine::policy::Ejection;

impl Simulation {
    pub(super) fn issue_call(&mut self, g: GroupId, j: JobId, s: ServiceId) {
        let group = &mut self.groups[g];
        let guarded = !group.policies.guards.is_empty();
        let job = &mut group.jobs[j];
        job.generation = job.generation.wrapping_add(1);
        if guarded && !self.breaker_permits(g, j) {
            return;
        }
        let job = &mut self.groups[g].jobs[j];
        job.state = JobState::Calling { service: s, since: self.now };
        let generation = job.generation;
        let entry = if guarded { self.enter_bulkhead(g, j, s) } else { BulkheadEntry::Entered };
        let still_calling = match entry {
            BulkheadEntry::Entered => self.dispatch_call(g, j, s),
            BulkheadEntry::Waiting => true,
            BulkheadEntry::Rejected => false,
        };
        // The timeout is scheduled after the call (the same order as without guards, so a
        // call answering exactly at its deadline still wins the tie).
        if still_calling && let Some(timeout) = self.groups[g].config.timeout {
            self.queue.schedule(self.now + timeout, Event::CallTimeout { group: g, job: j, generation });
        }
    }

    /// The call reaches the service: served now, queued inside it, or refused at the door
    /// (then it has already failed, and this returns false).
    pub(super) fn dispatch_call(&mut self, g: GroupId, j: JobId, s: ServiceId) -> bool {
        let generation = self.groups[g].jobs[j].generation;
        // The balancer sets the replica.
        let replica = ReplicaId::default();
        let call =
            Call { replica, group: g, job: j, generation, issued_at: self.now, epoch: 0, live: true, abandoned: false };
        match self.services[s].dispatch(call, self.now) {
            Dispatch::Start(call) => self.start_call(s, call),
            Dispatch::Queued => {}
            Dispatch::Unreachable(r) | Dispatch::Refused(r) => {
                // Connection refused or 503: the caller learns at once, and a breaker
                // counts it as a failed call like any other; so does outlier detection.
                self.replica_answered(s, r, true);
                self.call_ended(g, j, Some(ErrorClass::Transient));
                return false;
            }
        }
        true
    }

    pub(super) fn start_call(&mut self, s: ServiceId, call: CallId) {
        let (latency, epoch) = self.services[s].start(call);
        self.queue.schedule(self.now + latency, Event::CallDone { service: s, call, epoch });
    }

    pub(super) fn on_call_done(&mut self, s: ServiceId, call_id: CallId, epoch: u32) {
        let Some(Finished { call, outcome, next }) = self.services[s].finish(call_id, epoch) else {
            return; // cut short when the service went down; its caller already knows
        };
        if let Some(next) = next {
            self.start_call(s, next);
        }
        // What Envoy counts as a 5xx: a business error is the caller's fault (a 4xx). The
        // answer to a caller that timed out was counted as the timeout.
        if !call.abandoned {
            let failed = matches!(outcome, Some(ErrorClass::Transient | ErrorClass::Fatal));
            self.replica_answered(s, call.replica, failed);
        }
        // The caller may have given up (timeout); the work was done anyway.
        let job = &self.groups[call.group].jobs[call.job];
        if job.generation != call.generation || !matches!(job.state, JobState::Calling { .. }) {
            return;
        }
        self.call_ended(call.group, call.job, outcome);
    }

    /// Outlier detection learns what replica `r` of service `s` answered; an ejection is
    /// logged.
    pub(super) fn replica_answered(&mut self, s: ServiceId, r: ReplicaId, failed: bool) {
        if let Some(ejection) = self.services[s].answered(r, failed, self.now) {
            self.log_ejection(s, r, ejection);
        }
    }

    /// A caller gave up on its call to service `s`: outlier detection charges the replica.
    fn caller_timed_out(&mut self, s: ServiceId, g: GroupId, j: JobId, generation: u32) {
        if let Some((r, Some(ejection))) = self.services[s].caller_timed_out(g, j, generation, self.now) {
            self.log_ejection(s, r, ejection);
        }
    }

    fn log_ejection(&mut self, s: ServiceId, r: ReplicaId, ejection: Ejection) {
        let service = &self.services[s];
        let errors = service.outlier_detection().map_or(0, |d| d.consecutive_errors);
        let text = format!(
            "ejected from balancing for {} after {errors} errors in a row (ejection {})",
            ejection.duration, ejection.ejections
        );
        self.log.push(self.now, Severity::Warning, service.replicas()[r].name().to_string(), text);
    }

    pub(super) fn on_call_timeout(&mut self, g: GroupId, j: JobId, generation: u32) {
        let group = &mut self.groups[g];
        let job = &group.jobs[j];
        if job.generation != generation
            || !matches!(job.state, JobState::Calling { .. } | JobState::WaitingBulkhead { .. })
        {
            return;
        }
        group.stats.timeouts += 1;
        if let JobState::Calling { service, .. } = job.state {
            self.caller_timed_out(service, g, j, generation);
        }
        self.call_ended(g, j, Some(ErrorClass::Timeout));
    }

    /// The caller has the call's outcome (`None`: success): guards record it and free
    /// their slot, then the handler goes on to its next step or the attempt fails.
    pub(super) fn call_ended(&mut self, g: GroupId, j: JobId, outcome: Option<ErrorClass>) {
        if !self.groups[g].policies.guards.is_empty() {
            self.release_guards(g, j, outcome);
        }
        let job = &mut self.groups[g].jobs[j];
        job.generation = job.generation.wrapping_add(1);
        match outcome {
            None => {
                job.stage += 1;
                job.state = JobState::Working;
                self.advance(g, j);
            }
            Some(class) => self.attempt_failed(g, j, class),
        }
    }
}
